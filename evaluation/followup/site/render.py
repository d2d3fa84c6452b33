"""Rendering the site with Jinja2 (autoescaping on) from ``templates/site/`` or a sponsor's copy.

Pages are written into a fresh folder that then replaces the previous site in one rename, so a
reader never sees half a site; a folder that is not a suivi site is never replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from evaluation.documents import frformat
from evaluation.followup.opendata import write_records
from evaluation.followup.site import messages  # noqa: F401
from evaluation.followup.site.model import SiteModel
from evaluation.resources import templates_dir
from surveys.i18n import t
from surveys.problems import SuiviError, display_name
from surveys.text import strip_illegal_xml

MARKER = ".suivi-site"  # marks a folder written by suivi publish (only such a folder is replaced)
STATIC = ("suivi.css", "recherche.js")
EXPORT_FOLDER = "export-participation-citoyenne"
SECTIONS = (("la-demarche", "site.section.demarche"), ("propositions", "site.section.proposals"), ("suites", "site.section.followup"))


def _clean(value: Any) -> Any:
    """Every value printed by a template: characters XML cannot hold removed (escaping follows)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_illegal_xml(value)
    return "" if value is None else value


def _date(value: dt.date | str | None) -> str:
    """« 3 novembre 2026 » from a date or an ISO date text (as the journal holds them)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value) if value else None
    return frformat.date_long(value)


def _percent_0_100(value: float | None) -> str:
    return frformat.percent(None if value is None else value / 100)


def environment(templates: Path | None = None) -> Environment:
    """The Jinja2 environment: a sponsor's templates first (if any), then the shipped ones."""
    loaders = [FileSystemLoader(str(templates))] if templates else []
    loaders.append(FileSystemLoader(str(templates_dir() / "site")))
    env = Environment(
        loader=ChoiceLoader(loaders), autoescape=select_autoescape(("html", "xml", "atom"), default_for_string=True, default=True),
        finalize=_clean, trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined,
    )
    env.globals["t"] = t
    env.filters.update(date=_date, percent=frformat.percent, percent100=_percent_0_100, number=frformat.number)
    return env


def pages(model: SiteModel) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path in the site, template, extra context) of every page."""
    yield "index.html", "index.html", {}
    for name, _ in SECTIONS:
        yield f"{name}.html", f"{name}.html", {}
    for proposal in model.proposals:
        yield f"proposition/{proposal.slug}.html", "proposition.html", {"proposal": proposal}
    for name, key, proposals in model.themes:
        yield f"theme/{key}.html", "theme.html", {"theme": name, "proposals": proposals}
    for code, label, proposals in model.statuses:
        yield f"statut/{code}.html", "statut.html", {"status": label, "proposals": proposals}
    yield "historique.html", "historique.html", {}
    yield "recherche.html", "recherche.html", {}
    yield "flux.atom", "flux.atom", {"feed_id": _uuid(model.demarche.id), "entry_id": _uuid}


def _uuid(text: str) -> str:
    return uuid.UUID(bytes=hashlib.sha256(text.encode("utf-8")).digest()[:16]).urn


def render_site(model: SiteModel, out: Path, env: Environment, *, dsfr: Path | None = None) -> list[Path]:
    """Write every page, the static files, the open data of each publication and the export into ``out``."""
    written = []
    common = {"site": model, "dsfr": dsfr is not None}
    for path, template, extra in pages(model):
        root = "../" * path.count("/")
        text = env.get_template(template).render(common | extra | {"root": root, "path": path})
        written.append(_write(out / path, text))
    for name in STATIC:
        written.append(_write(out / "static" / name, (templates_dir() / "site" / "static" / name).read_text(encoding="utf-8")))
    written.append(_write(out / "recherche.json", json.dumps(search_index(model), ensure_ascii=False)))
    for publication in model.publications:
        written += write_records(publication.entry.records, out / publication.data_folder)
    written += write_export(model, out / EXPORT_FOLDER, env)
    if dsfr is not None:
        shutil.copytree(dsfr, out / "dsfr")
    (out / MARKER).write_text("suivi publish\n", encoding="utf-8")
    return written


def search_index(model: SiteModel) -> list[dict[str, str]]:
    """The static search index: one object per proposal with its address and searchable text."""
    return [{"identifiant": p.identifiant, "titre": p.titre, "theme": p.theme, "statut": p.statut_libelle,
             "texte": p.texte, "adresse": f"proposition/{p.slug}.html"} for p in model.proposals]


def write_export(model: SiteModel, out: Path, env: Environment) -> list[Path]:
    """The three sections as HTML fragments and one JSON, for the editors of participation-citoyenne.gouv.fr."""
    written, sections = [], []
    for name, key in SECTIONS:
        html = env.get_template(f"fragments/{name}.html").render(site=model, root="../", path="", export=True)
        written.append(_write(out / f"{name}.html", html))
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
    written.append(_write(out / "contenu.json", json.dumps(payload, ensure_ascii=False, indent=2) + "\n"))
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def replace_folder(target: Path, fill: Any) -> list[Path]:
    """Call ``fill(tmp)`` on a fresh folder beside ``target``, then put it in ``target``'s place.

    ``target`` is replaced only when it is absent, empty or a site suivi wrote (it holds
    :data:`MARKER`): a folder of other files is never deleted.
    """
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).is_file())):
        raise SuiviError(t("site.not_a_site", folder=display_name(target)), code="site_dossier_occupe")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        written = fill(tmp)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            target.rename(old / "site")
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return [target / p.relative_to(tmp) for p in written]
