"""Rendering the site with Jinja2 (autoescaping on) from ``templates/site/`` or a sponsor's copy.

The whole site is rendered in memory first (a template error writes nothing), then written over
the previous one, whose files the new publication no longer has are removed; a folder that is not
a suivi site is never touched.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from evaluation.documents import frformat
from evaluation.followup.opendata import CSV_FILE, JSON_FILE, SCHEMA_FILE, write_records
from evaluation.followup.site.model import SiteModel
from evaluation.resources import templates_dir
from surveys.i18n import t
from surveys.problems import SuiviError, display_name

MARKER = ".suivi-site"  # marks a folder written by suivi publish (only such a folder is replaced)
STATIC = ("suivi.css", "recherche.js")
EXPORT_FOLDER = "export-participation-citoyenne"
OPEN_DATA = (CSV_FILE, JSON_FILE, SCHEMA_FILE)
SECTIONS = (("la-demarche", "site.section.demarche"), ("propositions", "site.section.proposals"), ("suites", "site.section.followup"))


def _none_as_empty(value: Any) -> Any:
    """What a template prints for a missing value: nothing (escaping follows).

    Citizen text is already fit for XML: the records pass through ``safe_text`` and YAML cannot
    hold control characters; the hostile-text tests check every page, the feed and the JSON.
    """
    return "" if value is None else value


def _date(value: dt.date | str | None) -> str:
    """« 3 novembre 2026 » from a date or an ISO date text (as the journal holds them)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value) if value else None
    return frformat.date_long(value)


def _percent_0_100(value: float | None) -> str:
    return frformat.percent(None if value is None else value / 100)


@functools.lru_cache(maxsize=4)
def environment(templates: Path | None = None) -> Environment:
    """The Jinja2 environment: a sponsor's templates first (if any), then the shipped ones.

    One per templates folder and process, so that a second publication (``suivi demo`` publishes
    twice) reuses the compiled templates; a template file changed since is compiled again
    (``auto_reload`` compares its modification time).
    """
    loaders = [FileSystemLoader(str(templates))] if templates else []
    loaders.append(FileSystemLoader(str(templates_dir() / "site")))
    env = Environment(
        loader=ChoiceLoader(loaders), autoescape=select_autoescape(("html", "xml", "atom"), default_for_string=True, default=True),
        finalize=_none_as_empty, trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined, auto_reload=True,
    )
    cached = functools.partial(functools.lru_cache, maxsize=8192)  # the same labels, dates and figures recur on every page
    env.globals["t"] = cached()(t)
    env.globals["count_noun"] = cached()(frformat.count_noun)  # « 1 proposition », « 12 propositions »
    env.filters.update(date=cached()(_date), percent=cached()(frformat.percent), percent100=cached()(_percent_0_100), number=cached()(frformat.number))
    return env


def pages(model: SiteModel, fragments: dict[str, Markup]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path in the site, template, extra context) of every page; ``fragments`` are the sections' contents."""
    yield "index.html", "index.html", {}
    for name, key in SECTIONS:
        yield f"{name}.html", "section.html", {"heading": t(key), "content": fragments[name]}
    for proposal in model.proposals:
        yield f"proposition/{proposal.slug}.html", "proposition.html", {"proposal": proposal, "publication": proposal.last_publication}
    for name, key, proposals in model.themes:
        yield f"theme/{key}.html", "liste.html", {"name": name, "proposals": proposals, "heading": t("site.theme.title", theme=name),
                                                  "caption": t("site.theme.caption", theme=name)}
    for code, label, proposals in model.statuses:
        yield f"statut/{code}.html", "liste.html", {"name": label, "proposals": proposals, "heading": t("site.status.title", status=label),
                                                    "caption": t("site.status.caption", status=label)}
    yield "historique.html", "historique.html", {}
    yield "recherche.html", "recherche.html", {}
    yield "flux.atom", "flux.atom", {"feed_id": _uuid(model.demarche.id), "entry_id": _uuid}


def _uuid(text: str) -> str:
    return uuid.UUID(bytes=hashlib.sha256(text.encode("utf-8")).digest()[:16]).urn


def render_site(model: SiteModel, env: Environment, *, dsfr: bool = False) -> dict[str, str]:
    """Every page, the static files, the search index and the export, as texts by path in the site."""
    files: dict[str, str] = {}
    common = {"site": model, "dsfr": dsfr}
    fragments = render_fragments(model, env)
    for path, template, extra in pages(model, fragments):
        root = "../" * path.count("/")
        files[path] = env.get_template(template).render(common | extra | {"root": root, "path": path})
    for name in STATIC:
        files[f"static/{name}"] = (templates_dir() / "site" / "static" / name).read_text(encoding="utf-8")
    files["recherche.json"] = json.dumps(search_index(model), ensure_ascii=False)
    files.update(render_export(model, fragments))
    files[MARKER] = "suivi publish\n"
    return files


def search_index(model: SiteModel) -> list[dict[str, str]]:
    """The static search index: one object per proposal with its address and searchable text."""
    return [{"identifiant": p.identifiant, "titre": p.titre, "theme": p.theme, "statut": p.statut_libelle,
             "texte": p.texte, "adresse": f"proposition/{p.slug}.html"} for p in model.proposals]


def render_fragments(model: SiteModel, env: Environment) -> dict[str, Markup]:
    """The content of each of the three sections, shown on its page and exported as is."""
    return {name: Markup(env.get_template(f"fragments/{name}.html").render(site=model, root="", path=f"{name}.html")) for name, _ in SECTIONS}


def render_export(model: SiteModel, fragments: dict[str, Markup]) -> dict[str, str]:
    """The three sections as HTML fragments and one JSON, for the editors of participation-citoyenne.gouv.fr.

    Their links are relative to the site's root (``proposition/p-01.html``), like the section pages.
    """
    files, sections = {}, []
    for name, key in SECTIONS:
        html = str(fragments[name])
        files[f"{EXPORT_FOLDER}/{name}.html"] = html
        sections.append({"identifiant": name, "titre": t(key), "html": html})
    figures = model.figures
    payload = {
        "demarche": {"identifiant": model.demarche.id, "titre": model.demarche.title, "commanditaire": model.demarche.sponsor},
        "publication": {"numero": model.latest.number, "date": model.latest.date.isoformat(), "empreinte": model.latest.entry.fingerprint},
        "sections": sections,
        "chiffres": {"propositions": figures.total, "par_statut": figures.by_status, "repondues": figures.answered,
                     "repondues_et_motivees": figures.answered_motivated, "decidees_dans_le_delai": figures.decided_in_time,
                     "decidees_en_retard": figures.decided_late, "non_decidees": figures.undecided,
                     "delai_de_reponse": figures.deadline.isoformat() if figures.deadline else None,
                     "statut_du_delai": figures.deadline_status.value},
        "jalons": [{"libelle": s.label, "date": s.date.isoformat() if s.date else None, "etat": s.state} for s in model.timeline],
        "propositions": model.latest.entry.records,
    }
    files[f"{EXPORT_FOLDER}/contenu.json"] = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    return files


def write_site(model: SiteModel, target: Path, env: Environment, *, dsfr: Path | None = None,
               documents: dict[str, bytes] | None = None) -> list[Path]:
    """Render the whole site in memory, then write it into ``target`` and remove the files it no longer has.

    ``target`` must be absent, empty or a site suivi wrote (it holds :data:`MARKER`): a folder of
    other files is never touched. Rendering comes first, so a template error writes nothing.
    """
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).is_file())):
        raise SuiviError(t("site.not_a_site", folder=display_name(target)), code="site_dossier_occupe")
    files: dict[str, bytes] = {path: text.encode("utf-8") for path, text in render_site(model, env, dsfr=dsfr is not None).items()}
    files |= documents or {}  # files published as they are (the citizens' report)
    written = []
    for relative, data in files.items():
        path = target / relative
        if not (path.is_file() and path.read_bytes() == data):  # an unchanged page is left as it is
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        written.append(path)
    for publication in model.publications:  # a past publication's data never changes: written once
        folder = target / publication.data_folder
        kept = [folder / name for name in OPEN_DATA]
        if publication is model.latest or not all(path.is_file() for path in kept):
            kept = write_records(publication.entry.records, folder)
        written += kept
    if dsfr is not None:
        shutil.copytree(dsfr, target / "dsfr", dirs_exist_ok=True)
    _remove_stale(target, {*written, *(target / "dsfr").rglob("*")} if dsfr is not None else set(written))
    return [p for p in written if p.name != MARKER]


def _remove_stale(target: Path, kept: set[Path]) -> None:
    """Remove files of a previous publication the new one no longer has (a proposal withdrawn, a theme renamed)."""
    for path in list(target.rglob("*")):
        if path.is_file() and path not in kept:
            path.unlink()
