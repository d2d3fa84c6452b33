"""suivi publish: the site's pages, history, feed, open data, export; refusals; hostile citizen text."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from site_helpers import published_example

from evaluation.cli import cli
from evaluation.demarche.folder import FolderInvalid
from evaluation.followup.site.model import slugs
from evaluation.followup.site.publish import publish
from evaluation.resources import examples_dir
from surveys.problems import SuiviError

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return published_example(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def site(published):
    return published[1].site


def read(path):
    return path.read_text(encoding="utf-8")


def test_the_site_has_every_page_at_a_stable_address(site):
    for page in ("index.html", "la-demarche.html", "propositions.html", "suites.html", "historique.html", "recherche.html", "flux.atom",
                 "recherche.json", "proposition/p-01.html", "proposition/p-42.html", "statut/retenue.html", "statut/a_l_etude.html",
                 "theme/velo-et-marche.html", "static/suivi.css", "static/recherche.js",
                 "donnees/publication-1/propositions.csv", "donnees/publication-2/propositions.schema.json",
                 "export-participation-citoyenne/la-demarche.html", "export-participation-citoyenne/contenu.json"):
        assert (site / page).is_file(), page
    assert len(list((site / "proposition").glob("*.html"))) == 42


def test_history_says_what_changed_with_the_french_wording(published, site):
    lines = [c.line for c in published[1].changes]
    assert "P-01 : avancement 75\u00a0% → 90\u00a0%" in lines
    assert ("P-04 : À l'étude → Retenue, motivation modifiée, motif Étude complémentaire nécessaire → non renseigné, décidée le 10 décembre 2026 ; "
            "mise en œuvre Non engagée → En cours, avancement 0\u00a0% → 10\u00a0%") in lines
    history = read(site / "historique.html")
    assert history.index("Publication n° 2 du 15 décembre 2026") < history.index("Publication n° 1 du 15 novembre 2026")
    assert 'href="donnees/publication-1/propositions.csv"' in history


def test_counts_are_written_as_french_plurals(published, site):
    changed = len(published[1].changes)
    assert f'{changed} propositions ont changé depuis la publication précédente. <a href="historique.html">' in read(site / "index.html")
    assert "<p>7 propositions.</p>" in read(site / "theme/velo-et-marche.html")
    assert "(s)" not in read(site / "index.html") + read(site / "propositions.html")


def test_each_publication_keeps_its_own_open_data(site):
    first = json.loads(read(site / "donnees/publication-1/propositions.json"))
    second = json.loads(read(site / "donnees/publication-2/propositions.json"))
    assert {r["identifiant"]: r["statut"] for r in first}["P-04"] == "a_l_etude"
    assert {r["identifiant"]: r["statut"] for r in second}["P-04"] == "retenue"


def test_feed_is_atom_with_one_entry_per_publication(site):
    feed = ET.parse(site / "flux.atom").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Publication n° 2 du 15 décembre 2026", "Publication n° 1 du 15 novembre 2026"]
    assert "P-08 : avancement 25\u00a0% → 40\u00a0%" in entries[0].findtext(f"{ATOM}content")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 2


def test_deadlines_overdue_apart_from_upcoming(site):
    """As of 15 December 2026 the first engagement (20 October) and the fourth (30 November) are late, the others to come."""
    page = read(site / "suites.html")
    late, upcoming = page.split('<h2>En retard</h2>')[1].split('<h2>À venir</h2>')
    assert "Répondre publiquement" in late and "Transmettre aux régions" in late and "Publier le registre" not in late
    assert "Publier le registre" in upcoming.split("<h2>")[0]
    assert "Délai de réponse dépassé : le 20 octobre 2026 était annoncé" in page


def test_a_decision_is_shown_with_its_decision_and_publication_dates(site):
    page = read(site / "proposition" / "p-04.html")
    assert re.search(r"<dt>Décidée le</dt><dd>10 décembre 2026</dd>", page)
    assert re.search(r"<dt>Décision publiée le</dt><dd>15 décembre 2026</dd>", page)


def test_filters_are_plain_links_and_search_lists_everything_without_javascript(site):
    status_page = read(site / "statut" / "retenue.html")
    assert 'href="../theme/velo-et-marche.html"' in status_page and "<script" not in status_page
    assert '<a href="../statut/retenue.html" aria-current="page">Retenue (13)</a>' in status_page
    search = read(site / "recherche.html")
    assert search.count("<li data-search=") == 42
    index = json.loads(read(site / "recherche.json"))
    assert index[0]["adresse"] == "proposition/p-01.html"


def test_no_external_resource_is_loaded(site):
    for page in site.rglob("*.html"):
        text = read(page)
        assert not re.search(r'(src|href)="(https?:)?//', text), page
        assert "dsfr" not in text, page
    assert "@import" not in read(site / "static" / "suivi.css") and "url(" not in read(site / "static" / "suivi.css")


def test_export_for_participation_citoyenne(site):
    content = json.loads(read(site / "export-participation-citoyenne" / "contenu.json"))
    assert [s["titre"] for s in content["sections"]] == ["La démarche", "Ce que les citoyens ont proposé", "Ce qu'il en est advenu"]
    assert content["chiffres"]["propositions"] == 42 and content["publication"]["numero"] == 2
    fragment = read(site / "export-participation-citoyenne" / "suites.html")
    assert fragment.lstrip().startswith("<h2>") and "<html" not in fragment


def test_cli_publish_prints_the_publication_and_refuses_an_earlier_date(runner, published, tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(published[0], folder, ignore=shutil.ignore_patterns("out"))
    result = runner.invoke(cli, ["publish", str(folder), "--out", str(tmp_path / "site"), "--date", "2027-01-05"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == ["Publication n° 3 du 5 janvier 2027 enregistrée dans le journal (journal/000003.jsonl).",
                                                "Aucun changement depuis la publication précédente."]
    earlier = runner.invoke(cli, ["publish", str(folder), "--date", "2026-12-31"])
    assert earlier.exit_code == 1
    assert "Erreur : La date de publication 31 décembre 2026 est antérieure à celle de la dernière publication (5 janvier 2027)" in earlier.stderr
    assert not (folder / "journal" / "000004.jsonl").exists()


def test_nothing_is_published_while_the_register_has_errors(tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    from evaluation.demo.publication import apply_changes

    apply_changes(folder / "propositions.xlsx", {"P-03": {"Statut": "validée"}})
    with pytest.raises(FolderInvalid):
        publish(folder, date=dt.date(2026, 12, 1))
    assert not (folder / "journal").exists() and not (folder / "out").exists()


def test_a_folder_of_other_files_is_never_replaced(tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    other = tmp_path / "documents"
    other.mkdir()
    (other / "rapport.docx").write_bytes(b"x")
    with pytest.raises(SuiviError, match="n'est pas remplacé"):
        publish(folder, out=other, date=dt.date(2026, 12, 1))
    assert (other / "rapport.docx").exists() and not (folder / "journal").exists()


def test_dsfr_is_opt_in_and_read_from_the_users_copy(runner, tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    missing = runner.invoke(cli, ["publish", str(folder), "--theme", "dsfr"])
    assert missing.exit_code == 1 and "--dsfr CHEMIN" in missing.stderr
    not_dsfr = runner.invoke(cli, ["publish", str(folder), "--theme", "dsfr", "--dsfr", str(tmp_path)])
    assert not_dsfr.exit_code == 1 and "ne contient pas dsfr.min.css" in not_dsfr.stderr
    copy = tmp_path / "node_modules" / "@gouvfr" / "dsfr" / "dist"
    copy.mkdir(parents=True)
    (copy / "dsfr.min.css").write_text("/* the user's copy */", encoding="utf-8")
    result = runner.invoke(cli, ["publish", str(folder), "--theme", "dsfr", "--dsfr", str(copy.parent), "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    site = folder / "out" / "site"
    assert (site / "dsfr" / "dsfr.min.css").is_file()
    assert '<link rel="stylesheet" href="../dsfr/dsfr.min.css">' in read(site / "proposition" / "p-01.html")


def test_slugs_are_safe_distinct_and_stable():
    found = slugs(["P-01", "p 01", "../../etc", "", "Été 2026 ✨"])
    assert found["../../etc"] == "etc" and found["Été 2026 ✨"] == "ete-2026"
    assert found["P-01"] != found["p 01"] and found["P-01"].startswith("p-01-")
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in found.values())
    assert slugs(["P-01", "p 01"]) == {k: found[k] for k in ("P-01", "p 01")}


def test_a_sponsors_template_replaces_the_shipped_one_and_its_mistakes_are_french(runner, tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    templates = tmp_path / "gabarits"
    templates.mkdir()
    (templates / "breadcrumb.html").write_text('<p class="trail">{{ crumb }}</p>', encoding="utf-8")
    result = runner.invoke(cli, ["publish", str(folder), "--modeles", str(templates), "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert '<p class="trail">P-01</p>' in read(folder / "out" / "site" / "proposition" / "p-01.html")
    (templates / "breadcrumb.html").write_text("{% if %}", encoding="utf-8")
    broken = runner.invoke(cli, ["publish", str(folder), "--modeles", str(templates), "--date", "2026-12-02"])
    assert broken.exit_code == 1
    assert broken.stderr.startswith("Erreur : Le gabarit du site (breadcrumb.html, ligne 1) contient une erreur :")
    assert not (folder / "journal" / "000002.jsonl").exists()


def test_proposal_pages_show_other_readings_and_citizens_feedback(published, site):
    """The citizens' voice beside the sponsor's answer: readings (differences said in words) and feedback."""
    from evaluation.followup.checked import load_checked
    from evaluation.voice.site import site_voice

    folder, _ = published
    demarche, register, _ = load_checked(folder)
    voices = site_voice(demarche, register)
    differing = next(pid for pid, v in voices.items() if any(r["meme_statut"] is False for r in v["lectures"]))
    shown = next(pid for pid, v in voices.items() if v["avis"] and v["avis"]["claire"]["n"])
    hidden = next((pid for pid, v in voices.items() if v["avis"] and v["avis"]["claire"]["masque"]), None)
    page = html.unescape(read(site / "proposition" / f"{slugs([differing])[differing]}.html"))
    assert "<h2>Ce qu'en pensent les autres instances</h2>" in page and "(lecture différente de celle du commanditaire)" in page
    assert "<h3>Comité de suivi citoyen</h3>" in page and "<dt>Appréciation de la réponse</dt>" in page
    page = html.unescape(read(site / "proposition" / f"{slugs([shown])[shown]}.html"))
    n = voices[shown]["avis"]["claire"]["n"]
    assert "L'avis des citoyens sur cette réponse" in page and f"(sur {n} avis)" in page
    if hidden is not None:
        assert "trop peu d'avis pour être publié" in html.unescape(read(site / "proposition" / f"{slugs([hidden])[hidden]}.html"))


def _with_citizens_report(folder, name="rapport-des-citoyens.pdf"):
    yaml_path = folder / "demarche.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.replace("\nfichiers:\n", f"\nfichiers:\n  rapport_citoyen: {name}\n", 1), encoding="utf-8")


def test_the_citizens_own_report_is_published_and_linked(tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    _with_citizens_report(folder, "Rapport des citoyens.PDF")
    (folder / "Rapport des citoyens.PDF").write_bytes(b"%PDF-1.4 the citizens' report")
    result = publish(folder, date=dt.date(2026, 12, 1))
    copy = result.site / "documents" / "rapport-des-citoyens.pdf"
    assert copy.read_bytes() == b"%PDF-1.4 the citizens' report"
    page = html.unescape(read(result.site / "propositions.html"))
    assert 'lire le rapport des citoyens</a>' in page and 'href="documents/rapport-des-citoyens.pdf"' in page


def test_a_missing_citizens_report_stops_the_publication(tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    _with_citizens_report(folder)
    with pytest.raises(SuiviError, match=r"Le rapport des citoyens « rapport-des-citoyens\.pdf » déclaré dans demarche\.yaml"):
        publish(folder, date=dt.date(2026, 12, 1))
    assert not (folder / "journal").exists()
