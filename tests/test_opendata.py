"""Open data of the register: Etalab CSV, JSON, and a Table Schema the CSV validates against."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import frictionless
import pytest
from devoir_de_suite_helpers import EXAMPLE, example_copy, folder_with

from evaluation.demarche.model import Demarche, load_demarche
from evaluation.documents.outputs import FORMULA_PREFIXES
from evaluation.followup.opendata import HEADER, table_schema, write_open_data
from evaluation.followup.register import Proposal, Register
from evaluation.followup.response import respond
from indicators.vocabulary import Implementation, ReasonCode, Status
from surveys.problems import ProblemReport
from surveys.text import ILLEGAL_XML


@pytest.fixture(scope="module")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = example_copy(tmp_path_factory.mktemp("opendata"))
    respond(folder)
    return folder / "out"


def _validate(csv_path: Path, schema_path: Path) -> frictionless.Report:
    """frictionless refuses absolute paths: validate by name from the output folder."""
    return frictionless.validate(csv_path.name, schema=str(schema_path.relative_to(csv_path.parent)), basepath=str(csv_path.parent))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_csv_validates_against_its_schema_with_frictionless(example_out: Path) -> None:
    report = _validate(example_out / "propositions.csv", example_out / "propositions.schema.json")
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "message"])
    assert frictionless.validate("propositions.schema.json", type="schema", basepath=str(example_out)).valid


def test_an_invalid_row_is_caught_by_the_schema(example_out: Path, tmp_path: Path) -> None:
    text = (example_out / "propositions.csv").read_text(encoding="utf-8").replace(",retenue,Retenue,", ",adoptee,Retenue,", 1)
    bad = tmp_path / "propositions.csv"
    bad.write_text(text, encoding="utf-8")
    (tmp_path / "propositions.schema.json").write_bytes((example_out / "propositions.schema.json").read_bytes())
    report = _validate(bad, tmp_path / "propositions.schema.json")
    assert not report.valid
    assert [e[1] for e in report.flatten(["rowNumber", "type"])] == ["constraint-error"]


def test_schema_has_the_schema_data_gouv_shape() -> None:
    schema = table_schema()
    for key in ("name", "title", "description", "version", "fields"):
        assert schema[key]
    assert re.fullmatch(r"[a-z0-9_-]+", schema["name"])
    for field in schema["fields"]:
        assert set(field) >= {"name", "title", "description", "type", "format", "example", "constraints"}
    by_name = {f["name"]: f for f in schema["fields"]}
    assert by_name["statut"]["constraints"]["enum"] == [str(s) for s in Status]
    assert by_name["code_motif"]["constraints"]["enum"] == [str(r) for r in ReasonCode]
    assert by_name["etat_mise_en_oeuvre"]["constraints"]["enum"] == [str(i) for i in Implementation]
    assert by_name["identifiant"]["constraints"] == {"required": True, "unique": True}
    assert by_name["echeance"]["format"] == "%Y-%m-%d" and by_name["avancement"]["constraints"]["maximum"] == 100


def test_csv_follows_etalab_conventions(example_out: Path) -> None:
    data = (example_out / "propositions.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data
    header = data.decode("utf-8").splitlines()[0].split(",")
    assert tuple(header) == HEADER
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", h) for h in header)
    rows = _rows(example_out / "propositions.csv")
    assert len(rows) == 42
    for row in rows:
        for name in ("echeance", "date_decision"):
            assert row[name] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[name])
        assert row["avancement"] == "" or re.fullmatch(r"\d+(\.\d+)?", row["avancement"])
    first = rows[0]
    assert (first["identifiant"], first["statut"], first["statut_libelle"]) == ("P-01", "retenue", "Retenue")


def test_json_holds_the_same_records(example_out: Path) -> None:
    records = json.loads((example_out / "propositions.json").read_text(encoding="utf-8"))
    rows = _rows(example_out / "propositions.csv")
    assert len(records) == len(rows)
    for record, row in zip(records, rows):
        assert list(record) == list(HEADER)
        for name in HEADER:
            value = record[name]
            expected = "" if value is None else str(value)
            assert row[name] == expected, (name, row[name], value)
    assert isinstance(records[0]["avancement"], int)


def _demarche() -> Demarche:
    demarche = load_demarche(EXAMPLE, ProblemReport())
    assert demarche is not None
    return demarche


NASTY = [
    "=cmd|' /C calc'!A0",
    "+33 rien",
    "-1+1",
    "@SOMME(A1)",
    "\tTab",
    "Contrôle\x00NUL\x07cloche\x0bretour\ufffe",
    "<b>gras</b> & « guillemets »",
    "Émoji 🚲",
]


def test_formula_injection_and_control_characters_are_neutralised(tmp_path: Path) -> None:
    proposals = [
        Proposal(id=f"N-{i}", title=text, text=text, theme=text, status=Status.NON_RETENUE, motivation=text, reason_code=ReasonCode.AUTRE,
                 measures=text, service=text, decided_by=text, source=text, progress=12.5)
        for i, text in enumerate(NASTY)
    ]
    paths = write_open_data(_demarche(), Register(file="x.xlsx", proposals=proposals), tmp_path)
    rows = _rows(paths[0])
    for row in rows:
        for name, value in row.items():
            assert not value.startswith(FORMULA_PREFIXES), (name, value)
            assert not ILLEGAL_XML.search(value)
    assert rows[0]["titre"] == "'=cmd|' /C calc'!A0" and rows[4]["titre"] == "'\tTab"
    assert rows[5]["texte"] == "ContrôleNULclocheretour"
    assert rows[6]["texte"] == "<b>gras</b> & « guillemets »" and rows[7]["texte"] == "Émoji 🚲"
    assert rows[0]["avancement"] == "12.5"
    records = json.loads(paths[1].read_text(encoding="utf-8"))
    assert records[5]["texte"] == "ContrôleNULclocheretour"
    report = _validate(paths[0], paths[2])
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "message"])


def test_direct_identifiers_never_reach_open_data(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "propositions-donnees-personnelles.csv")
    result = respond(folder)
    assert [p.code for p in result.report].count("colonne_donnees_personnelles") == 2
    for path in result.paths[1:]:
        text = path.read_text(encoding="utf-8")
        assert "jeanne" not in text.lower() and "06 12 34" not in text
        assert "auteur" not in text.lower() and '"courriel"' not in text.lower() and "courriel," not in text.lower()
    row = _rows(folder / "out" / "propositions.csv")[0]
    assert row["texte"] == "Écrivez-moi à [courriel masqué] ou au [téléphone masqué]."
