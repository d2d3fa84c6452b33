"""Hostile citizen text is shown as text everywhere: pages, feed (valid XML), JSON."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pandas as pd
import pytest

from evaluation.followup.site.publish import publish
from evaluation.resources import examples_dir

SCRIPT = "<script>alert('x')</script>"
RTL = "\u202eעברית\u200f"
EMOJI = "🚲🚆👩🏽‍🦽"
LONG = ("Une proposition très longue & détaillée. " * 250)[:10_000]
HOSTILE = {
    "P-01": {"Titre": f"Titre {SCRIPT} & «\u00a0guillemets\u00a0» {EMOJI}", "Texte intégral": f"{LONG}\x07\x1b{SCRIPT}{RTL}",
             "Motivation": f"\"><img src=x onerror=alert(1)> &amp; {RTL}", "Mesures / actions": "=SOMME(A1:A9) & +cmd"},
    "P-02": {"Thème": "Transports & <b>gras</b>", "Service responsable": "Service\x0b des routes"},
}


class Collector(HTMLParser):
    """Every tag and the text of a page, as a browser's parser sees them."""

    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def as_csv(folder, changes):
    """The example's register as a CSV (Excel cannot hold control characters), with ``changes`` applied."""
    frame = pd.read_excel(folder / "propositions.xlsx", sheet_name="Propositions", dtype=object, engine="calamine")
    for column in ("Échéance", "Date de décision"):
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")
    for identifier, values in changes.items():
        for heading, value in values.items():
            frame.loc[frame["Identifiant"] == identifier, heading] = value
    frame.to_csv(folder / "propositions.csv", index=False, encoding="utf-8")
    yaml = folder / "demarche.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("propositions: propositions.xlsx", "propositions: propositions.csv"), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "d"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    publish(folder, date=dt.date(2026, 11, 15))
    as_csv(folder, HOSTILE)
    return publish(folder, date=dt.date(2026, 12, 15)).site


def parse(path):
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


@pytest.mark.parametrize("page", ["proposition/p-01.html", "propositions.html", "suites.html", "recherche.html", "historique.html",
                                  "export-participation-citoyenne/propositions.html"])
def test_pages_show_the_text_and_run_nothing(site, page):
    collector = parse(site / page)
    scripts = [attrs for tag, attrs in collector.tags if tag == "script"]
    assert all(attrs.get("src") == "static/recherche.js" for attrs in scripts)  # only our own, on the search page
    assert not any(tag in ("img", "b") for tag, _ in collector.tags)
    assert not any(name.startswith("on") for _, attrs in collector.tags for name in attrs)
    raw = (site / page).read_text(encoding="utf-8")
    assert "\x07" not in raw and "\x1b" not in raw and "\x0b" not in raw


def test_the_proposal_page_keeps_every_character_a_citizen_can_type(site):
    text = "".join(parse(site / "proposition" / "p-01.html").text)
    assert f"Titre {SCRIPT} & «\u00a0guillemets\u00a0» {EMOJI}" in text
    assert LONG in text and SCRIPT + RTL in text
    assert "\"><img src=x onerror=alert(1)> &amp; " in text


def test_theme_page_address_is_safe(site):
    assert (site / "theme" / "transports-b-gras-b.html").is_file()


def test_feed_is_valid_xml_and_json_keeps_the_text(site):
    ET.parse(site / "flux.atom")  # raises on invalid XML (control characters, unescaped &, <)
    index = json.loads((site / "recherche.json").read_text(encoding="utf-8"))
    p01 = next(r for r in index if r["identifiant"] == "P-01")
    assert SCRIPT in p01["titre"] and "\x07" not in p01["texte"] and p01["texte"].endswith(SCRIPT + RTL)
    export = json.loads((site / "export-participation-citoyenne" / "contenu.json").read_text(encoding="utf-8"))
    assert any(SCRIPT in r["titre"] for r in export["propositions"])
