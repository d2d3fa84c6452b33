"""Accessibility of every page type of the public site, in headless Chromium with axe-core.

Needs Debian's ``chromium`` and ``chromium-driver``, the ``selenium`` package and axe-core
installed with ``npm install --prefix tests/.node axe-core@4`` (``.ci/run`` does all three); the
tests skip with a message saying which one is missing. One browser session checks all pages.
Screenshots at 320 and 1280 px go to ``$SUIVI_TEST_OUTPUT`` (or a pytest temporary folder).
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from site_helpers import published_example

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
AXE = Path(__file__).parent / ".node" / "node_modules" / "axe-core" / "axe.min.js"
try:
    import selenium  # noqa: F401

    SELENIUM = True
except ImportError:
    SELENIUM = False

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium absent : apt-get install chromium chromium-driver"),
    pytest.mark.skipif(CHROMEDRIVER is None, reason="chromedriver absent : apt-get install chromium-driver"),
    pytest.mark.skipif(not SELENIUM, reason="selenium absent : pip install -e '.[test]'"),
    pytest.mark.skipif(not AXE.is_file(), reason="axe-core absent : npm install --prefix tests/.node axe-core@4"),
]

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = (
    "const done = arguments[arguments.length - 1];"
    f"axe.run(document, {{runOnly: {{type: 'tag', values: {WCAG!r}}}}})"
    ".then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))}))"
    ".catch(e => done({error: String(e)}));"
)
# Headings in order, the page's language, the skip link's target, tables without headers.
STRUCTURE = """
const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1]));
const skip = document.querySelector('body > a.skip-link');
return {
  lang: document.documentElement.lang, headings: headings,
  skip: skip ? skip.getAttribute('href') : null,
  skipTarget: skip ? !!document.querySelector(skip.getAttribute('href')) : false,
  tablesWithoutHeaders: [...document.querySelectorAll('table')].filter(t => !t.querySelector('th[scope=col]') || !t.querySelector('caption')).length,
  overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
};
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    _, result = published_example(tmp_path_factory.mktemp("browser"))
    return result.site


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    target = Path(os.environ.get("SUIVI_TEST_OUTPUT") or tmp_path_factory.mktemp("captures")) / "site"
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--hide-scrollbars"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def page_types(site: Path) -> dict[str, Path]:
    return {
        "accueil": site / "index.html", "la-demarche": site / "la-demarche.html", "propositions": site / "propositions.html",
        "suites": site / "suites.html", "proposition": site / "proposition" / "p-04.html", "proposition-avis": site / "proposition" / "p-01.html",
        "theme": next((site / "theme").glob("*.html")), "statut": site / "statut" / "retenue.html",
        "historique": site / "historique.html", "recherche": site / "recherche.html",
    }


def test_every_page_type_passes_axe_and_the_structure_checks(browser, site, shots):
    failures = {}
    for name, page in page_types(site).items():
        browser.set_window_size(1280, 900)
        browser.get(page.resolve().as_uri())
        browser.execute_script(AXE.read_text(encoding="utf-8"))
        outcome = browser.execute_async_script(RUN_AXE)
        assert "error" not in outcome, outcome
        structure = browser.execute_script(STRUCTURE)
        browser.save_screenshot(str(shots / f"{name}-1280.png"))
        browser.set_window_size(320, 800)
        narrow = browser.execute_script(STRUCTURE)
        browser.save_screenshot(str(shots / f"{name}-320.png"))
        levels = structure["headings"]
        problems = [f"axe {v['id']} ({v['impact']}) : {v['nodes'][:3]}" for v in outcome["violations"]]
        if structure["lang"] != "fr":
            problems.append("lang")
        if levels.count(1) != 1 or levels[0] != 1:
            problems.append(f"h1 : {levels[:5]}")
        if any(b > a + 1 for a, b in itertools.pairwise(levels)):
            problems.append(f"niveaux de titres sautés : {levels}")
        if structure["skip"] != "#contenu" or not structure["skipTarget"]:
            problems.append("lien d'évitement")
        if structure["tablesWithoutHeaders"]:
            problems.append("tableau sans en-tête ni titre")
        if narrow["overflow"]:
            problems.append("défilement horizontal à 320 px")
        if problems:
            failures[name] = problems
    assert not failures, failures


def test_focus_is_visible_and_the_skip_link_appears(browser, site):
    from selenium.webdriver.common.keys import Keys

    browser.set_window_size(1280, 900)
    browser.get((site / "suites.html").resolve().as_uri())
    browser.find_element("tag name", "body").send_keys(Keys.TAB)
    focused = browser.execute_script(
        "const e = document.activeElement; const s = getComputedStyle(e); const r = e.getBoundingClientRect();"
        "return {cls: e.className, outline: s.outlineStyle, width: parseFloat(s.outlineWidth), top: r.top};")
    assert focused["cls"] == "skip-link"
    assert focused["outline"] != "none" and focused["width"] >= 2
    assert focused["top"] >= 0  # on screen once focused


def test_search_filters_with_javascript_and_lists_everything_without(browser, site):
    browser.get((site / "recherche.html").resolve().as_uri() + "?q=velo")
    visible = browser.execute_script("return [...document.querySelectorAll('#search-results li')].filter(li => !li.hidden).length")
    total = browser.execute_script("return document.querySelectorAll('#search-results li').length")
    status = browser.find_element("id", "search-status").text
    assert 0 < visible < total == 42
    assert status == f"{visible} propositions trouvées."
