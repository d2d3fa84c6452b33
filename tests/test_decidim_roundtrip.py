"""Round trip: Decidim exports → register → decisions → files re-read the way Decidim's importers read them.

The reader below is written from Decidim's importer rules, not from suivi's writer: Ruby's CSV
with ``;``, ``title/<locale>`` falling back to the default locale, ``proposal_urls`` split on ``;``
and each id taken with ``scan(/\\d$/).first.to_i`` (the last digit only: the known bug), answers
with ``id``, ``state`` and ``answer/<locale>`` for every locale.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evaluation.followup.decidim import export_decidim, import_proposals
from evaluation.followup.decidim.richtext import html_to_text
from evaluation.followup.register import load_register
from surveys.problems import ProblemReport

DATA = Path(__file__).parent / "data"
URL = "https://participer.example.org/processes/mobilites/f/5/proposals/"
STATES = ("etats:\n  partiellement_acceptee: Retenue partiellement\n  en_attente_du_conseil: À l'étude\n"
          "statuts_resultats:\n  En cours: 12\n  Réalisée: 14\n")
PLAN = "Plan vélo 2027\nDouze kilomètres de pistes reliant les quartiers."
DECISIONS = {  # register id → cells the sponsor fills in (column letters of the register template)
    "3": {"F": "Retenue", "I": PLAN, "L": "En cours", "M": 40, "K": dt.date(2027, 12, 31), "N": dt.date(2026, 6, 1)},
    "21": {"I": PLAN, "L": "En cours", "M": 60, "K": dt.date(2027, 6, 30)},
    "13": {"H": "Coût"},
    "26": {"H": "Coût", "G": "Refusée <script>alert(1)</script> & c'est définitif."},
    "4": {"F": "Hors champ", "G": "Hors de nos compétences."},
    "22": {"I": "+1 tarif jeunes", "L": "Réalisée", "M": 100},
}


def _decide(register: Path) -> None:
    workbook = load_workbook(register)
    sheet = workbook["Propositions"]
    rows = {str(sheet.cell(row=r, column=1).value): r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value}
    for ident, cells in DECISIONS.items():
        for letter, value in cells.items():
            sheet[f"{letter}{rows[ident]}"] = value
    workbook.save(register)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("roundtrip")
    (folder / "decidim-etats.yaml").write_text(STATES, encoding="utf-8")
    import_proposals(DATA / "decidim-027-admin-point-virgule.csv", folder)
    import_proposals(DATA / "decidim-open-data.zip", folder)
    _decide(folder / "propositions.xlsx")
    export_decidim(folder)
    return folder


# --- an independent reader applying Decidim's rules -------------------------------------------
def _decidim_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "a BOM would make Decidim read the first header as « \\ufeffid »"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=";"))


def _buggy_ids(cell: str) -> list[int]:
    """Decidim's ``proposal_urls.split(";").map { |u| u.scan(/\\d$/).first.to_i }`` (``$``: end of any line)."""
    ids = []
    for url in cell.split(";"):
        found = re.findall(r"\d$", url, flags=re.M)
        ids.append(int(found[0]) if found else 0)
    return ids


def _title(row: dict[str, str], locale: str, default: str) -> str:
    return row.get(f"title/{locale}") or row.get(f"title/{default}") or ""


def test_results_csv_has_the_headers_decidim_reads(exported: Path) -> None:
    with (exported / "out" / "decidim" / "resultats-decidim.csv").open(encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream, delimiter=";"))
    assert header == ["id", "parent/id", "title/fr", "title/en", "description/fr", "description/en", "start_date", "end_date",
                      "status/id", "progress", "proposal_urls"]


@pytest.mark.parametrize("default", ["fr", "en"])
def test_every_result_has_a_title_in_every_locale_whatever_the_default(exported: Path, default: str) -> None:
    for row in _decidim_csv(exported / "out" / "decidim" / "resultats-decidim.csv"):
        assert _title(row, "fr", default) and _title(row, "en", default)


def test_results_link_the_same_proposals_and_the_bug_cannot_mislink(exported: Path) -> None:
    rows = _decidim_csv(exported / "out" / "decidim" / "resultats-decidim.csv")
    links = {row["title/fr"]: sorted(int(u.rstrip("/").rsplit("/", 1)[1]) for u in row["proposal_urls"].split(";")) for row in rows}
    assert links == {"Plan vélo 2027": [3, 21], "'+1 tarif jeunes": [22]}
    for row in rows:
        assert all(u.startswith(URL) and u.endswith("/") for u in row["proposal_urls"].split(";"))
        assert set(_buggy_ids(row["proposal_urls"])) == {0}, "the last-digit rule must find no proposal rather than a wrong one"


def test_results_carry_dates_status_and_progress(exported: Path) -> None:
    rows = {row["title/fr"]: row for row in _decidim_csv(exported / "out" / "decidim" / "resultats-decidim.csv")}
    plan = rows["Plan vélo 2027"]
    assert (plan["start_date"], plan["end_date"], plan["status/id"], float(plan["progress"])) == ("2026-06-01", "2027-12-31", "12", 50.0)
    assert dt.date.fromisoformat(plan["end_date"]) and plan["id"] == "" and plan["parent/id"] == ""
    assert html_to_text(plan["description/fr"]) == PLAN
    assert (rows["'+1 tarif jeunes"]["status/id"], rows["'+1 tarif jeunes"]["progress"]) == ("14", "100")


def test_answers_file_holds_every_decided_proposal(exported: Path) -> None:
    rows = _decidim_csv(exported / "out" / "decidim" / "reponses-decidim.csv")
    assert list(rows[0]) == ["id", "state", "answer/fr", "answer/en"]
    states = {row["id"]: row["state"] for row in rows}
    assert states == {"3": "accepted", "13": "rejected", "123": "evaluating", "4": "rejected", "21": "accepted",
                      "22": "partiellement_acceptee", "23": "en_attente_du_conseil", "26": "rejected"}
    register = load_register(exported / "propositions.xlsx", ProblemReport())
    assert register is not None
    motivations = {p.id: p.motivation for p in register.proposals}
    for row in rows:
        assert html_to_text(row["answer/fr"]) == motivations[row["id"]] == html_to_text(row["answer/en"])
    hostile = next(row for row in rows if row["id"] == "26")["answer/fr"]
    assert hostile == "<p>Refusée &lt;script&gt;alert(1)&lt;/script&gt; &amp; c&#x27;est définitif.</p>"


def test_api_files_mirror_the_csv_files(exported: Path) -> None:
    answers = json.loads((exported / "out" / "decidim" / "reponses-decidim.json").read_text(encoding="utf-8"))
    assert {a["id"] for a in answers} == {3, 13, 123, 4, 21, 22, 23, 26}
    assert next(a for a in answers if a["id"] == 22)["answerContent"] == {"fr": "<p>Retenue pour les moins de 26 ans.</p>", "en": "<p>Retenue pour les moins de 26 ans.</p>"}
    results = json.loads((exported / "out" / "decidim" / "resultats-decidim.json").read_text(encoding="utf-8"))
    plan = next(r for r in results if r["title"]["fr"] == "Plan vélo 2027")
    assert (plan["proposal_ids"], plan["start_date"], plan["end_date"], plan["decidim_accountability_status_id"]) == ([3, 21], "01-06-2026", "31-12-2027", 12)


def test_results_already_in_decidim_are_updated_not_recreated(exported: Path, tmp_path: Path) -> None:
    archive = tmp_path / "participer.example.org-open-data.zip"
    with zipfile.ZipFile(archive, "w") as stream:
        stream.writestr("participer.example.org-open-data-results.csv", (DATA / "decidim-027-resultats-export.csv").read_bytes())
        stream.writestr("participer.example.org-open-data-proposals.csv", "id;title/fr\n1;x\n")
    for export in (DATA / "decidim-027-resultats-export.csv", archive):
        result = export_decidim(exported, out_dir=tmp_path / "out", existing_results=export)
        assert result.matched == 2
        rows = {row["title/fr"]: row["id"] for row in _decidim_csv(tmp_path / "out" / "resultats-decidim.csv")}
        assert rows == {"Plan vélo 2027": "70", "'+1 tarif jeunes": "71"}  # by linked proposals, then by title
        api = json.loads((tmp_path / "out" / "resultats-decidim.json").read_text(encoding="utf-8"))
        assert sorted(r["id"] for r in api) == [70, 71]
