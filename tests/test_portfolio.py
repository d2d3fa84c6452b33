"""The CIPC portfolio: inclusion and exclusion, missing figures, quartiles against hand computations, lessons, open data."""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import frictionless
import pandas as pd
import pytest
from devoir_de_suite_helpers import tree_digest

from evaluation.portfolio import build
from evaluation.portfolio.build import PortfolioRefused, build_portfolio, find_folders
from evaluation.portfolio.metrics import DEMARCHE_METRICS, extract, shared_item_metrics
from evaluation.portfolio.model import CSV_FILE, XLSX_FILE, Deadline, Exclusion, PortfolioResult
from evaluation.portfolio.opendata import SCHEMA_FILE
from evaluation.portfolio.stats import Position, position, quartiles
from evaluation.report.evaluate import evaluate
from indicators.models import IndicatorResult
from indicators.vocabulary import Dimension
from surveys.problems import SuiviError

DATA = Path(__file__).parent / "data"
MINI = DATA / "portefeuille-mini"
EXCLUSIONS = DATA / "portefeuille-exclusions"
AS_OF = dt.date(2026, 11, 22)
RESAMPLES = 100


def _build(paths: list[Path], out: Path, **options: object) -> PortfolioResult:
    return build_portfolio(paths, out, as_of=AS_OF, workers=1, resamples=RESAMPLES, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[PortfolioResult, Path]:
    out = tmp_path_factory.mktemp("mini") / "sortie"
    return _build([MINI], out), out


@pytest.fixture(scope="module")
def with_exclusions(tmp_path_factory: pytest.TempPathFactory) -> tuple[PortfolioResult, Path]:
    out = tmp_path_factory.mktemp("exclusions") / "sortie"
    return _build([EXCLUSIONS], out), out


def _sheet(out: Path, name: str) -> pd.DataFrame:
    return pd.read_excel(out / XLSX_FILE, sheet_name=name, engine="calamine")


def _metric(key: str):  # type: ignore[no-untyped-def]
    return next(m for m in DEMARCHE_METRICS if m.key == key)


# --- quartiles -------------------------------------------------------------------------------------------
def test_quartiles_match_a_hand_computation_and_excel_quartile_inc() -> None:
    spread = quartiles([0.25, None, 0.5, 1.0, float("nan"), 0.75])
    assert spread is not None and spread.n == 4
    # Positions (n − 1) × p = 0.75, 1.5, 2.25 between the sorted values 0.25, 0.5, 0.75, 1.
    assert (spread.minimum, spread.q1, spread.median, spread.q3, spread.maximum) == pytest.approx((0.25, 0.4375, 0.625, 0.8125, 1.0))
    inclusive = statistics.quantiles([0.25, 0.5, 0.75, 1.0], n=4, method="inclusive")  # what QUARTILE.INC gives
    assert [spread.q1, spread.median, spread.q3] == pytest.approx(inclusive)


def test_quartiles_need_three_values_and_positions_include_their_bound() -> None:
    assert quartiles([0.1, 0.2]) is None
    assert quartiles([0.1, 0.2], minimum=1) is not None
    spread = quartiles([10, 20, 30, 40, 50])
    assert spread is not None and (spread.q1, spread.median, spread.q3) == (20, 30, 40)
    assert [position(v, spread) for v in (10, 20, 25, 30, 40, 41)] == [
        Position.LOWEST, Position.LOWEST, Position.SECOND, Position.SECOND, Position.THIRD, Position.HIGHEST]
    assert position(None, spread) is None and position(12, None) is None


# --- the démarches and their figures ---------------------------------------------------------------------
def test_every_folder_of_the_portfolio_is_included_in_order(mini: tuple[PortfolioResult, Path]) -> None:
    result, out = mini
    assert [d.card.id for d in result.included] == ["atelier-a", "atelier-b", "atelier-c", "atelier-d"]
    assert result.excluded == []
    assert sorted(p.name for p in out.iterdir()) == sorted([XLSX_FILE, "portefeuille.docx", CSV_FILE, SCHEMA_FILE])
    sheet = _sheet(out, "Démarches")
    assert list(sheet["Démarche"]) == ["atelier-a", "atelier-b", "atelier-c", "atelier-d"]
    assert list(sheet["Année"]) == [2024, 2024, 2025, 2025]
    assert list(sheet["Modalités"]) == ["Atelier citoyen", "Atelier citoyen, Consultation en ligne", "Conférence de citoyens",
                                        "Consultation en ligne"]
    assert list(sheet["Propositions"]) == [4, 4, 4, 4]
    assert list(sheet["Part des propositions motivées"]) == [0.25, 0.5, 0.75, 1.0]
    assert list(sheet["Part des propositions retenues"]) == [0.75, 0.5, 0.5, 0.5]


def test_missing_figures_are_empty_never_zero(mini: tuple[PortfolioResult, Path]) -> None:
    result, out = mini
    sheet = _sheet(out, "Démarches").set_index("Démarche")
    delay = "Délai médian de décision (jours)"
    assert list(sheet[delay].loc[["atelier-a", "atelier-b", "atelier-c"]]) == [20, 25, 20]
    assert pd.isna(sheet.loc["atelier-d", delay])  # no restitution date: missing, not 0
    assert pd.isna(sheet.loc["atelier-c", "Part des propositions décidées dans le délai annoncé"])  # no deadline announced
    assert sheet["Indice de pertinence, après (sur 100)"].isna().all()  # no survey at all
    assert sheet["Répondants avant"].isna().all()
    assert result.included[3].figure(_metric("delai_median_decision")).value is None
    quart = _sheet(out, "Quartiles").set_index("Indicateur")
    assert quart.loc[delay, "Démarches avec valeur"] == 3 and quart.loc[delay, "Démarches sans valeur"] == 1
    assert (quart.loc[delay, "1er quartile"], quart.loc[delay, "Médiane"], quart.loc[delay, "3e quartile"]) == (20, 20, 22.5)
    index = quart.loc["Indice de pertinence, après (sur 100)"]
    assert index["Démarches avec valeur"] == 0 and pd.isna(index["Médiane"]) and pd.isna(index["Minimum"])


def test_benchmarks_place_each_demarche_against_hand_computed_quartiles(mini: tuple[PortfolioResult, Path]) -> None:
    result, out = mini
    sheet = _sheet(out, "Repères")
    motivated = sheet[sheet["Indicateur"] == "Part des propositions motivées"].set_index("Démarche")
    assert list(motivated["Valeur"]) == [0.25, 0.5, 0.75, 1.0]
    assert set(motivated["Démarches comparées"]) == {4}
    assert motivated["1er quartile"].tolist() == pytest.approx([0.4375] * 4)
    assert motivated["Médiane"].tolist() == pytest.approx([0.625] * 4)
    assert motivated["3e quartile"].tolist() == pytest.approx([0.8125] * 4)
    assert list(motivated["Position dans le portefeuille"]) == [
        "Quart inférieur (≤ 1er quartile)", "Deuxième quart (≤ médiane)", "Troisième quart (≤ 3e quartile)", "Quart supérieur (> 3e quartile)"]
    delay = sheet[sheet["Indicateur"] == "Délai médian de décision (jours)"].set_index("Démarche")
    assert delay.loc["atelier-d", "Position dans le portefeuille"] == "Valeur manquante" and pd.isna(delay.loc["atelier-d", "Valeur"])
    assert list(delay["n"].iloc[:3]) == [3, 4, 3]  # decided proposals behind each median
    index = sheet[sheet["Indicateur"] == "Indice de pertinence, après (sur 100)"]
    assert set(index["Position dans le portefeuille"]) == {"Valeur manquante"}
    assert result.spreads["part_motivees"] is not None and result.spreads["part_motivees"].median == pytest.approx(0.625)


def test_trends_by_year(mini: tuple[PortfolioResult, Path]) -> None:
    _, out = mini
    trends = _sheet(out, "Tendances")
    motivated = trends[trends["Indicateur"] == "Part des propositions motivées"].set_index("Année")
    assert list(motivated["Démarches de l'année"]) == [2, 2]
    assert motivated["Médiane"].tolist() == pytest.approx([0.375, 0.875])
    assert motivated["1er quartile"].isna().all()  # two démarches a year: too few for quartiles


def test_deadlines_and_late_demarches(mini: tuple[PortfolioResult, Path]) -> None:
    result, out = mini
    statuses = {d.card.id: d.deadline(AS_OF) for d in result.included}
    assert statuses == {"atelier-a": Deadline.MISSED, "atelier-b": Deadline.MET, "atelier-c": Deadline.NONE, "atelier-d": Deadline.AHEAD}
    assert [d.card.id for d in result.late()] == ["atelier-a"]
    card = result.included[0].card
    assert (card.decided_in_time, card.decided_late, card.undecided) == (2, 1, 1)
    sheet = _sheet(out, "Démarches").set_index("Démarche")
    assert list(sheet["Délai de réponse"]) == ["Dépassé", "Respecté", "Non fixé", "Échéance à venir"]
    assert sheet.loc["atelier-a", "Délai annoncé"] == pd.Timestamp("2024-06-30")


def test_lessons_catalogue_groups_tags_however_they_are_written(mini: tuple[PortfolioResult, Path]) -> None:
    result, out = mini
    groups = result.lessons()
    assert list(groups) == ["devoir_de_suite", "recrutement"]  # « Devoir de suite » and « devoir_de_suite » are one tag
    assert [(d.card.id, text) for d, text in groups["devoir_de_suite"]] == [
        ("atelier-a", "Enseignement A sur le devoir de suite."), ("atelier-c", "Enseignement C sur le devoir de suite.")]
    assert [d.card.id for d, _ in groups["recrutement"]] == ["atelier-a", "atelier-b"]
    sheet = _sheet(out, "Enseignements")
    assert list(sheet.columns) == ["Thème", "Démarche", "Titre", "Année", "Commanditaire", "Enseignement"]
    assert sheet[["Thème", "Démarche"]].values.tolist() == [
        ["devoir_de_suite", "atelier-a"], ["devoir_de_suite", "atelier-c"], ["recrutement", "atelier-a"], ["recrutement", "atelier-b"]]
    assert sheet.loc[3, "Titre"] == "Atelier citoyen B" and sheet.loc[3, "Enseignement"] == "Enseignement B sur le recrutement."


# --- inclusion and exclusion -------------------------------------------------------------------------------
def test_broken_and_incomplete_demarches_are_excluded_with_their_problems(with_exclusions: tuple[PortfolioResult, Path]) -> None:
    result, out = with_exclusions
    assert [d.card.id for d in result.included] == ["valide"]
    reasons = {Path(e.folder).name: e.reason for e in result.excluded}
    assert reasons == {
        "casse-yaml": Exclusion.INVALID, "pas-une-demarche": Exclusion.NOT_A_DEMARCHE, "registre-erreurs": Exclusion.ERRORS,
        "sans-registre": Exclusion.INCOMPLETE, "valide-copie": Exclusion.DUPLICATE,
    }
    codes = {Path(e.folder).name: [p.code for p in e.errors] for e in result.excluded}
    assert codes["casse-yaml"] == ["yaml_missing", "yaml_value_error"]
    assert codes["registre-erreurs"] == ["statut_inconnu"] and codes["sans-registre"] == ["registre_absent"]
    inclusion = _sheet(out, "Inclusion")
    assert inclusion[["Dossier", "Décision"]].values.tolist() == [
        ["valide", "Incluse"], ["casse-yaml", "Exclue"], ["pas-une-demarche", "Exclue"], ["registre-erreurs", "Exclue"],
        ["sans-registre", "Exclue"], ["valide-copie", "Exclue"]]
    assert inclusion.set_index("Dossier").loc["sans-registre", "Motif d'exclusion"] == "incomplète : registre des propositions absent"
    problems = _sheet(out, "Problèmes")
    status = problems[problems["Code"] == "statut_inconnu"].iloc[0]
    assert (status["Dossier"], status["Fichier"], status["Ligne"], status["Colonne"], status["Valeur"]) == (
        "registre-erreurs", "propositions.csv", 3, "D", "Adoptée peut-être")
    frame = pd.read_csv(out / CSV_FILE)
    assert set(frame["demarche_id"]) == {"valide"}


def test_strict_refuses_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    with pytest.raises(PortfolioRefused) as caught:
        _build([EXCLUSIONS], out, strict=True)
    assert caught.value.code == "portefeuille_refuse" and len(caught.value.excluded) == 5
    assert str(caught.value).startswith("5 démarches ne peuvent pas être incluses et --strict est demandé ; rien n'a été écrit.")
    assert not out.exists()
    assert _build([MINI / "atelier-a", MINI / "atelier-b"], out, strict=True).excluded == []


def test_nothing_to_include_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PortfolioRefused) as caught:
        _build([EXCLUSIONS / "casse-yaml", EXCLUSIONS / "sans-registre"], tmp_path / "sortie")
    assert str(caught.value).startswith("Aucune démarche n'a pu être incluse ; rien n'a été écrit.")
    assert not (tmp_path / "sortie").exists()


def test_folders_are_found_once_hidden_and_output_folders_skipped(tmp_path: Path) -> None:
    root = tmp_path / "demarches"
    shutil.copytree(MINI, root)
    (root / ".cache").mkdir()
    (root / "out").mkdir()
    (root / "sortie").mkdir()
    (root / "lisez-moi.txt").write_text("notes", encoding="utf-8")
    found, refused = find_folders([root, root / "atelier-b"], skip=[root / "sortie"])
    assert [p.name for p in found] == ["atelier-a", "atelier-b", "atelier-c", "atelier-d"] and refused == []
    with pytest.raises(SuiviError) as missing:
        find_folders([tmp_path / "absent"])
    assert missing.value.code == "dossier_absent"
    (tmp_path / "vide").mkdir()
    with pytest.raises(SuiviError) as empty:
        find_folders([tmp_path / "vide"])
    assert empty.value.code == "aucune_demarche"


def test_inputs_are_never_modified(tmp_path: Path) -> None:
    root = tmp_path / "demarches"
    shutil.copytree(MINI, root)
    before = tree_digest(root)
    _build([root], root / "sortie")
    after = {k: v for k, v in tree_digest(root).items() if not k.startswith("sortie/")}
    assert after == before  # no key file, no out/ folder, nothing rewritten


# --- open data ---------------------------------------------------------------------------------------------
def test_indicators_csv_has_every_demarche_with_its_id_first_and_a_valid_schema(mini: tuple[PortfolioResult, Path]) -> None:
    _, out = mini
    frame = pd.read_csv(out / CSV_FILE, keep_default_na=False)
    assert list(frame.columns[:3]) == ["demarche_id", "dimension", "indicator"]
    assert list(dict.fromkeys(frame["demarche_id"])) == ["atelier-a", "atelier-b", "atelier-c", "atelier-d"]
    report = frictionless.validate(CSV_FILE, schema=SCHEMA_FILE, basepath=str(out))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    broken = out.parent / "casse"
    broken.mkdir()
    text = (out / CSV_FILE).read_text(encoding="utf-8").replace("\natelier-b,", "\n,", 1)  # a row without its démarche
    (broken / CSV_FILE).write_text(text, encoding="utf-8")
    shutil.copyfile(out / SCHEMA_FILE, broken / SCHEMA_FILE)
    assert not frictionless.validate(CSV_FILE, schema=SCHEMA_FILE, basepath=str(broken)).valid
    import json

    schema = json.loads((out / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert [f["name"] for f in schema["fields"]][:2] == ["demarche_id", "dimension"]
    assert schema["fields"][0]["constraints"]["required"] is True


def test_each_demarche_has_the_rows_suivi_evaluate_writes(mini: tuple[PortfolioResult, Path], tmp_path: Path) -> None:
    _, out = mini
    folder = tmp_path / "atelier-a"
    shutil.copytree(MINI / "atelier-a", folder)
    single = evaluate(folder, out_dir=tmp_path / "seule", as_of=AS_OF, resamples=RESAMPLES).paths[0]
    expected = (tmp_path / "seule" / "indicateurs.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert single.name == "indicateurs.csv"
    lines = (out / CSV_FILE).read_text(encoding="utf-8").splitlines()[1:]
    mine = [line.split(",", 1)[1] for line in lines if line.startswith("atelier-a,")]
    assert mine == expected


def test_parallel_workers_give_the_same_outputs(mini: tuple[PortfolioResult, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = mini
    pools = _recorded_pools(monkeypatch)
    monkeypatch.setattr(build, "PARALLEL_MIN_BYTES", 0)  # the mini portfolio is small: workers forced
    parallel = build_portfolio([MINI], tmp_path / "parallele", as_of=AS_OF, workers=2, resamples=RESAMPLES)
    assert pools == [2]
    assert [d.card.id for d in parallel.included] == ["atelier-a", "atelier-b", "atelier-c", "atelier-d"]
    assert (tmp_path / "parallele" / CSV_FILE).read_bytes() == (out / CSV_FILE).read_bytes()


def test_a_small_portfolio_is_evaluated_without_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The mini portfolio (a few kB) would cost more CPU in workers than they save time.
    pools = _recorded_pools(monkeypatch)
    done = build_portfolio([MINI], tmp_path / "petit", as_of=AS_OF, workers=2, resamples=RESAMPLES)
    assert pools == [] and len(done.included) == 4


def _recorded_pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the process pools the portfolio starts from now on."""
    pools: list[int] = []

    class Recorded(build.ProcessPoolExecutor):
        def __init__(self, max_workers: int, **options: object) -> None:
            pools.append(max_workers)
            super().__init__(max_workers, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "ProcessPoolExecutor", Recorded)
    return pools


# --- figures from indicator rows -----------------------------------------------------------------------------
def _row(indicator: str, item: str = "", wave: str = "", value: float | None = 0.5, **extra: object) -> IndicatorResult:
    return IndicatorResult(dimension=Dimension.REPRESENTATIONS, indicator=indicator, item=item, wave=wave, n=40, value=value, **extra)  # type: ignore[arg-type]


def test_item_figures_come_from_bank_items_only_and_hidden_values_are_missing() -> None:
    rows = [
        _row("part_favorable", "rep_confiance_etat", "post", 0.6),
        _row("part_favorable", "rep_confiance_etat", "pre", None, suppressed=True, note="secret_statistique"),
        _row("part_favorable", "question_maison", "post", 0.9),  # a démarche's own item: never compared
        _row("part_favorable", "rep_confiance_etat", "post", 0.7, group="categorie=Femme"),  # a breakdown, not the item
        _row("evolution_part_favorable", "rep_confiance_etat", "post-pre", -0.05),
        _row("moyenne", "rep_confiance_etat", "post", 2.5),
    ]
    figures = extract(rows)
    assert figures == {"part_favorable:rep_confiance_etat:post": pytest.approx(figures["part_favorable:rep_confiance_etat:post"]),
                       "evolution_part_favorable:rep_confiance_etat:post-pre": figures["evolution_part_favorable:rep_confiance_etat:post-pre"]}
    assert figures["part_favorable:rep_confiance_etat:post"].value == 0.6
    assert figures["evolution_part_favorable:rep_confiance_etat:post-pre"].value == -0.05
    other = extract([_row("part_favorable", "rep_confiance_etat", "post", 0.4), _row("part_favorable", "rep_confiance_gouvernement", "post", 0.3)])
    shared = shared_item_metrics([figures, other])
    assert [m.key for m in shared] == ["part_favorable:rep_confiance_etat:post"]  # the only item both démarches have
    assert shared[0].label == "Part favorable, après"


def test_text_from_demarche_yaml_cannot_run_as_a_formula(tmp_path: Path) -> None:
    folder = tmp_path / "injection"
    shutil.copytree(MINI / "atelier-b", folder)
    text = (folder / "demarche.yaml").read_text(encoding="utf-8")
    text = text.replace("titre: Atelier citoyen B", 'titre: "=HYPERLINK(\\"http://exemple.invalid\\")"')
    text = text.replace("texte: Enseignement B sur le recrutement.", 'texte: "@SOMME(A1:A9) et \\u0007 un caractère de contrôle"')
    (folder / "demarche.yaml").write_text(text, encoding="utf-8")
    _build([folder], tmp_path / "sortie")
    demarches = _sheet(tmp_path / "sortie", "Démarches")
    assert demarches.loc[0, "Titre"] == "'=HYPERLINK(\"http://exemple.invalid\")"
    lessons = _sheet(tmp_path / "sortie", "Enseignements")
    assert lessons.loc[0, "Enseignement"] == "'@SOMME(A1:A9) et  un caractère de contrôle"
    assert lessons.loc[0, "Titre"].startswith("'=")


def test_warnings_of_included_demarches_are_kept_and_located(tmp_path: Path) -> None:
    folder = tmp_path / "avertie"
    shutil.copytree(MINI / "atelier-b", folder)
    register = (folder / "propositions.csv").read_text(encoding="utf-8").replace(",Retenue,,,2024-05-25", ",retenue,,,2024-05-25")
    (folder / "propositions.csv").write_text(register, encoding="utf-8")
    result = _build([folder], tmp_path / "sortie")
    assert [p.code for p in result.included[0].warnings] == ["libelle_normalise"]
    problems = _sheet(tmp_path / "sortie", "Problèmes")
    assert problems[["Dossier", "Décision", "Gravité", "Fichier", "Ligne", "Colonne", "Code"]].values.tolist() == [
        ["avertie", "Incluse", "Avertissement", "propositions.csv", 2, "D", "libelle_normalise"]]
    assert _sheet(tmp_path / "sortie", "Inclusion").loc[0, "Avertissements"] == 1


def test_a_sub_folder_leading_outside_the_path_given_is_refused(tmp_path: Path) -> None:
    from evaluation.portfolio.build import _refusal

    (tmp_path / "racine").mkdir()
    (tmp_path / "ailleurs").mkdir()
    problem = _refusal(tmp_path / "racine" / ".." / "ailleurs", tmp_path / "racine")
    assert problem is not None and problem.code == "chemin_hors_dossier"
    assert problem.message.startswith("Le dossier « ailleurs » de « ")
    assert _refusal(tmp_path / "ailleurs", tmp_path) is None


def test_a_demarche_already_evaluated_with_the_same_settings_is_not_evaluated_again(tmp_path: Path, monkeypatch) -> None:
    # The demo evaluates the example, then builds a portfolio holding it: the result is passed on.
    import evaluation.portfolio.build as build

    shutil.copytree(MINI, tmp_path / "mini")
    folder = tmp_path / "mini" / "atelier-b"
    done = evaluate(folder, out_dir=tmp_path / "seule", as_of=AS_OF, resamples=RESAMPLES)
    evaluated: list[str] = []
    summarise = build.summarise
    monkeypatch.setattr(build, "summarise", lambda path, settings: evaluated.append(path.name) or summarise(path, settings))
    fresh = _build([tmp_path / "mini"], tmp_path / "a")
    assert evaluated == ["atelier-a", "atelier-b", "atelier-c", "atelier-d"]
    evaluated.clear()
    reused = _build([tmp_path / "mini"], tmp_path / "b", evaluated=[done])
    assert evaluated == ["atelier-a", "atelier-c", "atelier-d"]
    assert (tmp_path / "b" / CSV_FILE).read_bytes() == (tmp_path / "a" / CSV_FILE).read_bytes()
    assert reused.included == fresh.included
    for sheet in ("Démarches", "Inclusion", "Problèmes"):
        assert _sheet(tmp_path / "b", sheet).equals(_sheet(tmp_path / "a", sheet))
    evaluated.clear()  # another day, threshold or bootstrap: evaluated again
    build_portfolio([tmp_path / "mini"], tmp_path / "c", evaluated=[done], as_of=AS_OF + dt.timedelta(days=1), workers=1,
                    resamples=RESAMPLES)
    build_portfolio([tmp_path / "mini"], tmp_path / "d", evaluated=[done], as_of=AS_OF, workers=1, resamples=RESAMPLES + 1)
    _build([tmp_path / "mini"], tmp_path / "e", evaluated=[done], threshold=done.threshold + 1)
    assert evaluated.count("atelier-b") == 3


def test_workers_are_not_forked_once_polars_runs_its_threads(tmp_path: Path) -> None:
    """A process forked after polars started its threads hangs at its first polars operation: with
    polars loaded, the workers start from a clean server. Here the forced column-by-column reading
    would make forked workers read the surveys with polars (and hang); the run must end."""
    script = (
        "import sys, datetime as dt, numpy as np, polars as pl\n"
        "import surveys.spreadsheet as spreadsheet\n"
        "from evaluation.portfolio.build import build_portfolio\nfrom surveys.processes import pool_context\n"
        "frame = pl.DataFrame({'a': np.arange(500_000) % 97, 'b': np.arange(500_000)})\n"
        "assert frame.group_by('a').agg(pl.col('b').sum()).height == 97  # polars' threads are running\n"
        "spreadsheet.COLUMNAR_MIN_BYTES = 0\n"
        "import evaluation.portfolio.build as build; build.PARALLEL_MIN_BYTES = 0  # small: workers forced\n"
        "print(pool_context().get_start_method())\n"
        f"done = build_portfolio([sys.argv[1]], sys.argv[2], as_of=dt.date.fromisoformat('{AS_OF.isoformat()}'), workers=2, resamples={RESAMPLES})\n"
        "print(len(done.included))\n"
    )
    ended = subprocess.run([sys.executable, "-c", script, str(MINI), str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert (ended.returncode, ended.stdout.split()) == (0, ["forkserver", "4"]), ended.stderr
