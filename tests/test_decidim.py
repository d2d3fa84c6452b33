"""The Decidim bridge: reading exports of every generation, creating and updating the register."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evaluation.followup.decidim import import_proposals
from evaluation.followup.decidim.fields import map_columns
from evaluation.followup.decidim.reading import MAX_RATIO, read_export
from evaluation.followup.decidim.richtext import html_to_text, text_to_html
from evaluation.followup.register import load_register
from surveys.problems import ProblemReport, SuiviError

DATA = Path(__file__).parent / "data"
OLD_CSV = DATA / "decidim-027-admin-point-virgule.csv"
OLD_XLSX = DATA / "decidim-027-admin.xlsx"
NEW_CSV = DATA / "decidim-030-opendata-virgule.csv"
NEW_JSON = DATA / "decidim-030-admin.json"
NEW_ZIP = DATA / "decidim-open-data.zip"
STATES = "etats:\n  partiellement_acceptee: Retenue partiellement\nstatuts_resultats:\n  En cours: 12\n  Réalisée: 14\n"
PERSONAL = ("Camille Exemple", "Dominique Fictif", "camille.exemple@example.org", "rue Fictive", "cexemple", "45.1")


def _register(folder: Path) -> dict[str, dict[str, object]]:
    report = ProblemReport()
    register = load_register(folder / "propositions.xlsx", report)
    assert register is not None
    return {p.id: {"title": p.title, "text": p.text, "theme": p.theme, "source": p.source, "status": p.status and str(p.status),
                   "motivation": p.motivation, "row": p.row} for p in register.proposals}


def _all_text(folder: Path) -> str:
    parts = [(folder / "decidim-liens.csv").read_text(encoding="utf-8-sig")]
    workbook = load_workbook(folder / "propositions.xlsx")
    for sheet in workbook.worksheets:
        parts += [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    return "\n".join(parts)


# --- reading ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("path", "delimiter", "kind"), [(OLD_CSV, ";", "csv"), (NEW_CSV, ",", "csv"), (OLD_XLSX, None, "xlsx"), (NEW_JSON, None, "json")])
def test_every_format_reads_the_same_ids(path: Path, delimiter: str | None, kind: str) -> None:
    table = read_export(path)
    assert table.kind == kind and table.delimiter == delimiter
    ids = [str(v) for v in table.frame["id"]]
    assert ids == (["3", "13", "123", "4", "5", "6"] if "027" in path.name else ["21", "22", "23", "24", "25", "26"])


def test_both_header_generations_are_recognised() -> None:
    old, new = map_columns(read_export(OLD_CSV).headers), map_columns(read_export(NEW_CSV).headers)
    assert old.generation() == "0.26-0.27" and new.generation() == "0.28+"
    assert old.plain["votes"] == "supports" and new.plain["votes"] == "votes"
    assert old.plain["likes"] == "endorsements/total_count" and new.plain["likes"] == "likes/total_count"
    assert old.categories == {"fr": "category/name/fr", "en": "category/name/en"} and set(new.taxonomies) == {"7", "9"}
    assert new.translated[("title", True)] == {"fr": "title/machine_translations/fr"}
    assert set(new.personal) == {"author/id", "author/name", "author/url", "address", "latitude", "longitude", "likes/user_likes"}
    assert old.personal == ["endorsements/user_endorsements"]


def test_the_open_data_zip_is_read_in_memory_from_its_proposals_entry() -> None:
    table = read_export(NEW_ZIP)
    assert table.file == "decidim-open-data.zip › participer.example.org-open-data-proposals.csv"
    assert [str(v) for v in table.frame["id"]] == ["21", "22", "23", "24", "25", "26"]


def _zip(path: Path, entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _refused(path: Path) -> SuiviError:
    """The error reading ``path`` raises."""
    with pytest.raises(SuiviError) as caught:
        read_export(path)
    return caught.value


@pytest.mark.parametrize("export", [NEW_JSON, OLD_XLSX, OLD_CSV])
def test_an_admin_export_as_it_arrives_zipped_by_e_mail(tmp_path: Path, export: Path) -> None:
    member = f"proposals-2026-06-12-1718000000{export.suffix}"
    table = read_export(_zip(tmp_path / "proposals-2026-06-12.zip", {member: export.read_bytes()}))
    assert table.file == f"proposals-2026-06-12.zip › {member}" and len(table.frame) == 6


def test_a_zip_inside_a_zip_is_refused(tmp_path: Path) -> None:
    inner = _zip(tmp_path / "inner.zip", {"x-open-data-proposals.csv": b"id;title/fr\n1;a\n"})
    assert _refused(_zip(tmp_path / "outer.zip", {"proposals.csv": inner.read_bytes()})).code == "archive_sans_propositions"


def test_a_zip_with_a_path_traversal_entry_is_refused(tmp_path: Path) -> None:
    error = _refused(_zip(tmp_path / "x.zip", {"../../evil-open-data-proposals.csv": b"id;title/fr\n1;a\n"}))
    assert error.code == "archive_dangereuse" and "../../evil-open-data-proposals.csv" in str(error)
    assert not (tmp_path.parent / "evil-open-data-proposals.csv").exists()


def test_a_zip_bomb_is_refused_before_it_is_decompressed(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "bomb.zip", {"site-open-data-proposals.csv": b"id;title/fr\n" + b"0" * (MAX_RATIO * 40_000)})
    assert _refused(archive).code == "archive_trop_grosse"


CORRUPT = ("L'archive « {} » est endommagée ou incomplète et ne peut pas être lue (téléchargement interrompu, ou compression "
           "que suivi ne sait pas lire). Téléchargez-la de nouveau depuis Decidim : données ouvertes du site, ou export de l'administration.")


def test_a_zip_compressed_with_an_unknown_method_is_a_french_error(tmp_path: Path) -> None:
    data = bytearray(_zip(tmp_path / "x.zip", {"site-open-data-proposals.csv": b"id;title/fr\n1;a\n" * 50}).read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):  # compression method 99 in both headers
        at = data.find(signature)
        data[at + offset:at + offset + 2] = (99).to_bytes(2, "little")
    (tmp_path / "methode.zip").write_bytes(bytes(data))
    error = _refused(tmp_path / "methode.zip")
    assert (error.code, str(error)) == ("fichier_endommage", CORRUPT.format("methode.zip"))


def test_a_zip_with_corrupt_compressed_data_is_a_french_error(tmp_path: Path) -> None:
    data = bytearray(_zip(tmp_path / "x.zip", {"site-open-data-proposals.csv": bytes(range(256)) * 64}).read_bytes())
    start = data.find(b"site-open-data-proposals.csv") + len("site-open-data-proposals.csv")
    data[start + 10:start + 40] = b"\xff" * 30  # inside the deflated stream
    (tmp_path / "abimee.zip").write_bytes(bytes(data))
    error = _refused(tmp_path / "abimee.zip")
    assert (error.code, str(error)) == ("fichier_endommage", CORRUPT.format("abimee.zip"))


def test_a_zip_without_proposals_names_its_csv_files(tmp_path: Path) -> None:
    error = _refused(_zip(tmp_path / "o.zip", {"a-open-data-results.csv": b"id\n", "b-open-data-meetings.csv": b"id\n"}))
    assert error.code == "archive_sans_propositions" and "« a-open-data-results.csv », « b-open-data-meetings.csv »" in str(error)


def test_a_broken_json_export_is_a_french_error(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text('[{"id": 1,', encoding="utf-8")
    error = _refused(path)
    assert error.code == "json_illisible" and "n'est pas un export JSON lisible" in str(error)


# --- rich text -------------------------------------------------------------------------------
def test_html_answers_become_paragraphs() -> None:
    html = "<p>Non retenue&nbsp;: coût.</p><p>Deux raisons :<br>le budget<br/>le calendrier</p><ul><li>étude</li><li>vote</li></ul><script>x()</script>"
    assert html_to_text(html) == "Non retenue : coût.\n\nDeux raisons :\nle budget\nle calendrier\n\n- étude\n\n- vote"
    assert html_to_text("Texte brut\n\nsecond") == "Texte brut\n\nsecond"


def test_plain_text_becomes_escaped_html() -> None:
    assert text_to_html("a < b & c\nligne\n\n<script>") == "<p>a &lt; b &amp; c<br>ligne</p><p>&lt;script&gt;</p>"
    assert html_to_text(text_to_html("Un\n\nDeux\ntrois")) == "Un\n\nDeux\ntrois"


# --- import: creating the register -----------------------------------------------------------
def test_import_creates_the_register_and_accounts_for_every_row(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    result = import_proposals(OLD_CSV, folder)
    assert result.created and [(o.decidim_id, o.action) for o in result.outcomes] == [
        ("3", "imported"), ("13", "imported"), ("123", "imported"), ("4", "imported"), ("5", "skipped"), ("6", "skipped")]
    assert [o.reason for o in result.outcomes if o.action == "skipped"] == [
        "retirée par son auteur (pas de réponse à donner)",
        "amendement d'une autre proposition (Decidim ne permet pas d'y répondre par fichier)"]
    rows = _register(folder)
    assert rows["3"] == {"title": "Plus de pistes cyclables", "text": "Relier les quartiers par des pistes sûres.", "theme": "Transports",
                         "source": "Consultation en ligne", "status": "retenue", "motivation": "Retenue : 12 km en 2027.", "row": 2}
    assert rows["13"]["status"] == "non_retenue" and rows["13"]["motivation"] == (
        "Nous ne retenons pas cette proposition : le coût est trop élevé.\n\nDeux raisons :\nle budget\nle calendrier\n\n- étude en 2027")
    assert rows["123"]["status"] == "a_l_etude" and rows["4"]["status"] is None
    assert (folder / "demarche.yaml").exists()


def test_hostile_text_is_neutralised_and_read_back_as_typed(tmp_path: Path) -> None:
    import_proposals(OLD_CSV, tmp_path)
    cell = load_workbook(tmp_path / "propositions.xlsx")["Propositions"]["B4"]
    assert cell.value == '\'=HYPERLINK("http://evil.example/","cliquez")' and cell.data_type == "s"
    row = _register(tmp_path)["123"]
    assert row["title"] == '=HYPERLINK("http://evil.example/","cliquez")'
    assert "\x07" not in str(row["text"]) and "<script>" not in str(row["text"]) and "« guillemets » ; point-virgule" in str(row["text"])


@pytest.mark.parametrize("export", [OLD_CSV, OLD_XLSX, NEW_CSV, NEW_JSON, NEW_ZIP])
def test_no_personal_data_reaches_the_register_or_the_links(tmp_path: Path, export: Path) -> None:
    import_proposals(export, tmp_path)
    text = _all_text(tmp_path)
    assert not [item for item in PERSONAL if item in text]


def test_json_csv_and_zip_exports_of_one_site_give_the_same_register(tmp_path: Path) -> None:
    registers = []
    for export in (NEW_CSV, NEW_JSON, NEW_ZIP):
        folder = tmp_path / export.stem
        folder.mkdir()
        (folder / "decidim-etats.yaml").write_text(STATES, encoding="utf-8")
        import_proposals(export, folder)
        registers.append({k: {f: v for f, v in r.items() if f != "row"} for k, r in _register(folder).items()})
    assert registers[0] == registers[1] == registers[2]


def test_custom_unmapped_unpublished_and_translated_proposals(tmp_path: Path) -> None:
    (tmp_path / "decidim-etats.yaml").write_text(STATES, encoding="utf-8")
    result = import_proposals(NEW_CSV, tmp_path)
    rows = _register(tmp_path)
    assert rows["22"]["status"] == "retenue_partiellement"
    assert rows["23"]["status"] is None and rows["24"]["status"] is None
    assert rows["24"]["title"] == "Traduction : Covoiturage de quartier" and rows["24"]["text"] == "An app for car sharing."
    assert rows["21"]["theme"] == "Mobilités" and rows["21"]["text"] == "[nom masqué] propose de fermer les rues aux heures d'entrée."
    assert "25" not in rows
    problems = {(p.code, p.row, p.column, p.value) for p in result.report}
    assert ("decidim_etat_inconnu", 4, "U", "en_attente_du_conseil") in problems
    assert ("decidim_traduction_automatique", 5, "N", None) in problems and ("decidim_autre_langue", 5, "P", None) in problems
    assert ("decidim_reponse_non_publiee", 5, "U", None) in problems
    assert [p.severity.value for p in result.report if p.code == "decidim_etat_inconnu"] == ["error"]


def test_an_unmapped_state_writes_the_table_to_fill_when_there_is_none(tmp_path: Path) -> None:
    result = import_proposals(NEW_CSV, tmp_path)
    table = (tmp_path / "decidim-etats.yaml").read_text(encoding="utf-8")
    assert '  "partiellement_acceptee":\n' in table and '  "en_attente_du_conseil":\n' in table and "statuts_resultats:" in table
    assert tmp_path / "decidim-etats.yaml" in result.written
    again = import_proposals(NEW_CSV, tmp_path)  # the table is not filled in yet: still two located errors
    assert [p.value for p in again.report if p.code == "decidim_etat_inconnu"] == ["partiellement_acceptee", "en_attente_du_conseil"]


def test_creating_the_register_keeps_what_the_folder_holds(tmp_path: Path) -> None:
    (tmp_path / "demarche.yaml").write_text("# la fiche du commanditaire\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    import_proposals(OLD_CSV, tmp_path)
    assert (tmp_path / "demarche.yaml").read_text(encoding="utf-8") == "# la fiche du commanditaire\n"
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "à garder"


def test_the_locale_falls_back_with_a_warning(tmp_path: Path) -> None:
    result = import_proposals(OLD_CSV, tmp_path, locale="de")
    assert "decidim_langue_absente" in result.report.codes()
    assert _register(tmp_path)["3"]["title"] == "Plus de pistes cyclables"


# --- import: updating the register -----------------------------------------------------------
def _edit(path: Path, cells: dict[str, object]) -> None:
    workbook = load_workbook(path)
    for ref, value in cells.items():
        workbook["Propositions"][ref] = value
    workbook.save(path)


def test_updating_never_overwrites_the_sponsor_and_reports_each_conflict(tmp_path: Path) -> None:
    import_proposals(OLD_CSV, tmp_path)
    register = tmp_path / "propositions.xlsx"
    # The sponsor decides proposal 3 differently, types the theme of 4, adds a workshop proposal.
    _edit(register, {"F2": "Retenue partiellement", "G2": "Seulement 6 km.", "D5": "Vélo", "A6": "A-1", "B6": "Atelier", "E6": "Atelier citoyen"})
    changed = tmp_path / "export.csv"
    text = OLD_CSV.read_text(encoding="utf-8")
    changed.write_text(text.replace("Retenue : 12 km en 2027.", "Retenue : 15 km en 2028.").replace("Près des gares.", "Près des gares et des écoles."), encoding="utf-8")
    result = import_proposals(changed, tmp_path)
    assert not result.created
    assert {o.decidim_id: o.action for o in result.outcomes} == {"3": "unchanged", "13": "unchanged", "123": "unchanged", "4": "updated", "5": "skipped", "6": "skipped"}
    conflicts = [(p.file, p.sheet, f"{p.column}{p.row}", p.header, p.value, p.message) for p in result.report if p.code == "decidim_conflit"]
    assert conflicts == [("propositions.xlsx", "Propositions", "G2", "Motivation", "Seulement 6 km.",
                          "Valeur saisie dans le registre gardée ; Decidim indique « Retenue : 15 km en 2028. ». Choisissez la bonne valeur dans le registre.")]
    rows = _register(tmp_path)
    assert rows["3"]["status"] == "retenue_partiellement" and rows["3"]["motivation"] == "Seulement 6 km."
    assert rows["4"]["text"] == "Près des gares et des écoles." and rows["4"]["theme"] == "Vélo"
    assert rows["A-1"]["title"] == "Atelier"
    workbook = load_workbook(register)
    assert workbook.sheetnames == ["Propositions", "Mode d'emploi", "Lectures", "Listes"]
    assert (tmp_path / "propositions.avant-import-decidim.xlsx").exists()


def test_a_refreshed_value_the_sponsor_did_not_touch_is_updated(tmp_path: Path) -> None:
    import_proposals(OLD_CSV, tmp_path)
    changed = tmp_path / "export.csv"
    changed.write_text(OLD_CSV.read_text(encoding="utf-8").replace(";evaluating;", ";accepted;"), encoding="utf-8")
    result = import_proposals(changed, tmp_path)
    assert {o.decidim_id: o.action for o in result.outcomes}["123"] == "updated"
    assert _register(tmp_path)["123"]["status"] == "retenue"


def test_an_identifier_used_by_another_modality_is_skipped(tmp_path: Path) -> None:
    import_proposals(NEW_CSV, tmp_path)
    import_proposals(OLD_CSV, tmp_path)
    _edit(tmp_path / "propositions.xlsx", {"A2": "13", "E2": "Atelier citoyen"})  # row 2 was 21
    (tmp_path / "decidim-liens.csv").unlink()
    result = import_proposals(OLD_CSV, tmp_path)
    skipped = {o.decidim_id: o.reason for o in result.outcomes if o.action == "skipped"}
    assert skipped["13"] == "l'identifiant est déjà celui d'une autre proposition du registre (ligne 2), qui ne vient pas de Decidim"


def test_a_csv_register_named_in_demarche_yaml_is_updated_in_its_own_format(tmp_path: Path) -> None:
    shutil.copyfile(DATA / "propositions-valide.csv", tmp_path / "registre.csv")
    (tmp_path / "demarche.yaml").write_text((Path(__file__).parents[1] / "templates" / "demarche-modele.yaml").read_text(encoding="utf-8")
                                            .replace("propositions: propositions.xlsx", "propositions: registre.csv"), encoding="utf-8")
    before = list(csv.reader(io.StringIO((tmp_path / "registre.csv").read_bytes().decode("cp1252"), newline=""), delimiter=";"))
    result = import_proposals(OLD_CSV, tmp_path)
    assert result.register == tmp_path / "registre.csv"
    after = list(csv.reader(io.StringIO((tmp_path / "registre.csv").read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
    assert after[: len(before)] == before and len(after) == len(before) + 4
    register = load_register(tmp_path / "registre.csv", ProblemReport())
    assert register is not None and register.proposals[-1].title == "Abris vélos sécurisés"


def test_not_a_decidim_export(tmp_path: Path) -> None:
    with pytest.raises(SuiviError) as caught:
        import_proposals(DATA / "propositions-valide.csv", tmp_path / "d")
    assert caught.value.code == "pas_un_export_decidim"


def test_json_row_numbers_are_record_numbers() -> None:
    table = read_export(NEW_JSON)
    assert table.rows[:3] == [1, 2, 3] and table.header_row == 0


def test_a_register_in_a_format_suivi_cannot_write_is_left_alone(tmp_path: Path) -> None:
    template = (Path(__file__).parents[1] / "templates" / "demarche-modele.yaml").read_text(encoding="utf-8")
    (tmp_path / "demarche.yaml").write_text(template.replace("propositions: propositions.xlsx", "propositions: registre.ods"), encoding="utf-8")
    with pytest.raises(SuiviError) as caught:
        import_proposals(OLD_CSV, tmp_path)
    assert caught.value.code == "registre_format" and sorted(p.name for p in tmp_path.iterdir()) == ["demarche.yaml"]
