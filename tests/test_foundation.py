"""The foundation: located problems, the catalogue and its plurals, French typography, safe outputs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from evaluation.documents import frformat
from evaluation.documents.outputs import atomic_path, neutralise_formula, safe_cell, write_csv, write_text
from surveys.i18n import plural_category, register, t
from surveys.problems import Problem, ProblemReport, Severity, SuiviError, collects_problems, column_letter
from surveys.text import clean_cell, label_key, snake_ascii, strip_illegal_xml


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")])
def test_column_letter(index: int, letter: str) -> None:
    assert column_letter(index) == letter


def test_problem_location_variants() -> None:
    assert Problem(file="a.xlsx", code="erreur", message="m").location() == "a.xlsx"
    assert Problem(file="a.xlsx", code="erreur", message="m", row=4).location() == "a.xlsx, ligne 4"
    assert Problem(file="a.xlsx", code="erreur", message="m", column="B", header="Statut").location() == "a.xlsx, colonne B (Statut)"
    warning = Problem(file="a.csv", code="erreur", message="Lu comme « Retenue ».", row=3, column="C", header="Statut", severity=Severity.WARNING)
    assert warning.render() == "Avertissement — a.csv, cellule C3 (Statut) : Lu comme « Retenue »."


def test_report_separates_errors_and_warnings_and_serialises() -> None:
    report = ProblemReport()
    report.add(Problem(file="a", code="date_invalide", message="x"))
    report.add(Problem(file="a", code="libelle_normalise", message="y", severity=Severity.WARNING, row=2, column="B"))
    assert report.has_errors and len(report.errors) == 1 and len(report.warnings) == 1
    records = json.loads(report.to_json())
    assert records[1] == {
        "file": "a", "code": "libelle_normalise", "message": "y", "severity": "warning", "sheet": None,
        "row": 2, "column": "B", "header": None, "value": None, "table": None,
    }
    assert not ProblemReport([Problem(file="a", code="libelle_normalise", message="m", severity=Severity.WARNING)]).has_errors


def test_catalogue_refuses_duplicate_keys_and_falls_back_to_french() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        register("fr", {"severity.error": "autre"})
    with pytest.raises(KeyError):
        t("no.such.key")


def test_french_plural_rules() -> None:
    assert [plural_category(n, "fr") for n in (0, 1, 1.5, 2, 12)] == ["one", "one", "one", "other", "other"]


def test_dates_in_french() -> None:
    assert frformat.date_long(dt.date(2026, 11, 22)) == "22 novembre 2026"
    assert frformat.date_long(dt.date(2026, 11, 1)) == "1er novembre 2026"
    assert frformat.date_long(dt.datetime(2026, 2, 3, 10, 0)) == "3 février 2026"
    assert frformat.date_long(dt.date(2026, 11, 22), weekday=True) == "dimanche 22 novembre 2026"
    assert frformat.date_long(None) == ""


def test_numbers_and_percentages_in_french() -> None:
    assert frformat.number(1234) == "1\u202f234"
    assert frformat.number(1234567.891, 2) == "1\u202f234\u202f567,89"
    assert frformat.number(3.5, 1) == "3,5"
    assert frformat.number(float("nan")) == "–"
    assert frformat.percent(0.77) == "77\u00a0%"
    assert frformat.percent(0.7734, 1) == "77,3\u00a0%"
    assert frformat.percent(None) == "–"


def test_join_and_typography() -> None:
    assert frformat.join(["Lyon", "Lille", "Nantes"]) == "Lyon, Lille et Nantes"
    assert frformat.typo("Statut : retenue ; pourquoi ?") == "Statut\u00a0: retenue\u202f; pourquoi\u202f?"


def test_clean_cell_and_label_key() -> None:
    assert clean_cell("  a_x000D_\nb\x0bc\x00 ") == "a\nb\nc"
    variants = ["Plutôt d'accord", "plutot d’accord ", "PLUTÔT  D'ACCORD", "Plutôt\u00a0d'accord :"]
    assert {label_key(v) for v in variants} == {"plutot d'accord"}
    assert label_key("Ni d'accord, ni pas d'accord") == "ni d'accord, ni pas d'accord"
    assert snake_ascii("Date de décision (prévue)") == "date_de_decision_prevue"
    assert strip_illegal_xml("a\x00b\x0bc\x1fd\te") == "abcd\te"


@pytest.mark.parametrize("text", ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\r=x"])
def test_formula_injection_is_neutralised(text: str) -> None:
    assert neutralise_formula(text) == "'" + text
    assert safe_cell(text).startswith("'")


def test_safe_cell_leaves_numbers_and_plain_text() -> None:
    assert safe_cell(-3) == -3
    assert safe_cell("Réduire la vitesse") == "Réduire la vitesse"
    assert safe_cell("a\x00b") == "ab"


def test_write_csv_is_utf8_comma_and_neutralised(tmp_path: Path) -> None:
    target = write_csv(tmp_path / "x.csv", ["id", "texte"], [["P01", "=HYPERLINK(\"x\")"], ["P02", "« œuvre », 3,5"]])
    raw = target.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8") == 'id,texte\nP01,"\'=HYPERLINK(""x"")"\nP02,"« œuvre », 3,5"\n'


def test_atomic_write_keeps_previous_file_when_interrupted(tmp_path: Path) -> None:
    target = write_text(tmp_path / "sortie.txt", "version 1")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("version 2 incomplète")
        raise RuntimeError("coupure")
    assert target.read_text() == "version 1"
    assert [p.name for p in tmp_path.iterdir()] == ["sortie.txt"]


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    import os

    mask = os.umask(0o022)
    try:
        target = write_text(tmp_path / "public.txt", "x")
        assert target.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(mask)


def test_problem_codes_come_from_the_registry() -> None:
    from surveys.codes import CODES, describe

    with pytest.raises(ValueError, match="problem code not registered"):
        Problem(file="a", code="pas_dans_le_registre", message="m")
    assert describe("yaml_int_parsing").startswith("Valeur refusée")
    assert all(describe(code).endswith(".") for code in CODES)


def test_every_registered_code_is_used_by_the_code() -> None:
    from pathlib import Path

    from surveys.codes import CODES

    root = Path(__file__).resolve().parent.parent
    source = "\n".join(p.read_text(encoding="utf-8") for package in ("surveys", "indicators", "evaluation")
                       for p in (root / package).rglob("*.py") if p.name != "codes.py")
    assert [code for code in CODES if f'"{code}"' not in source] == []


def test_suivi_error_carries_its_problem() -> None:
    error = SuiviError("Le fichier est vide.", code="fichier_vide", file="a.csv")
    assert error.problem == Problem(file="a.csv", code="fichier_vide", message="Le fichier est vide.")
    assert (error.code, error.file, str(error)) == ("fichier_vide", "a.csv", "Le fichier est vide.")
    report = ProblemReport()

    @collects_problems
    def load(path: Path, report: ProblemReport) -> int | None:
        raise SuiviError("illisible", code="fichier_endommage")

    assert load(Path("x/b.xlsx"), report) is None
    assert report.codes() == ["fichier_endommage"] and next(iter(report)).file == "b.xlsx"
    assert load(Path("c.xlsx"), report=ProblemReport()) is None  # an empty report passed by keyword is found too


def test_attempt_records_and_required_raises_the_recorded_error_again() -> None:
    report = ProblemReport()
    summary = SuiviError("a.yaml contient des erreurs", code="demarche_invalide", file="a.yaml",
                         problems=[Problem(file="a.yaml", row=3, code="yaml_missing", message="Clé « id » manquante.")])

    def fail(error: SuiviError) -> int:
        raise error

    assert report.attempt(lambda: 7) == 7
    assert report.attempt(lambda: fail(summary)) is None
    assert [(p.code, p.row) for p in report] == [("yaml_missing", 3)]  # the located problems, not the summary
    with pytest.raises(SuiviError) as caught:
        report.required(None)
    assert caught.value is summary
    assert report.attempt(lambda: fail(SuiviError("illisible", code="fichier_endommage")), file="b.csv", sheet="F") is None
    assert (report.errors[-1].file, report.errors[-1].sheet) == ("b.csv", "F")
    assert report.required(0) == 0
