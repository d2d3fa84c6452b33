"""The démarche's survey exports, imported as declared in ``demarche.yaml``.

Items come from the standard item bank, refined or extended by the démarche's ``codebook.yaml``
when there is one (``fichiers: codebook:``, or a ``codebook.yaml`` file in the folder). The
pseudonymisation key is the démarche's ``.suivi-cle`` file: an import creates it when missing;
a check never writes it (a throw-away key is enough to find duplicates).
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from functools import lru_cache

from evaluation.demarche.model import DEMARCHE_FILE, Demarche, declared_line
from indicators.item_bank import ITEM_BANK_PATH, shipped
from surveys.exports.codebook import Codebook, load_codebook
from surveys.exports.formats import parse_tool
from surveys.exports.importer import SurveyData, SurveySource, import_surveys
from surveys.exports.pseudonym import KEY_FILE, load_or_create_key
from surveys.i18n import t
from surveys.problems import Problem, ProblemReport

CODEBOOK_FILE = "codebook.yaml"
SURVEYS = "enquetes"  # where a problem of the surveys as a whole is located


@lru_cache(maxsize=1)
def _item_bank_codebook() -> Codebook:
    """The item bank as a codebook, parsed once per process (the shipped file never changes)."""
    return shipped(ITEM_BANK_PATH, load_codebook)  # every scale of the bank, even those no bank item uses


def survey_codebook(demarche: Demarche, report: ProblemReport) -> Codebook:
    """The item bank, refined by the démarche's codebook if it has one."""
    cached = _item_bank_codebook()
    bank = replace(cached, items=list(cached.items), scales=dict(cached.scales), codes={k: dict(v) for k, v in cached.codes.items()},
                   multiple=set(cached.multiple), test_entries=list(cached.test_entries), ignored=list(cached.ignored), own_items=set())
    relative = demarche.files.codebook
    path = demarche.path(relative) if relative else demarche.folder / CODEBOOK_FILE
    if relative and not path.is_file():
        report.add(Problem(file=relative, code="fichier_absent", message=t("read.missing_file", file=relative)))
        return bank
    if not path.is_file():
        return bank
    return load_codebook(path, report, base=bank) or bank


def survey_sources(demarche: Demarche, report: ProblemReport) -> list[SurveySource]:
    """The survey files declared in ``fichiers: enquetes:``; an unknown ``format:`` is reported."""
    sources = []
    for position, declared in enumerate(demarche.files.surveys):
        tool = None
        if declared.format:
            tool = parse_tool(declared.format)
            if tool is None:
                report.add(Problem(file="demarche.yaml", header=f"fichiers.enquetes {t('yaml.item', position=position + 1)}.format",
                                   code="format_enquete_inconnu", value=declared.format,
                                   message=t("survey.unknown_format", format=declared.format)))
        path = demarche.path(declared.path)
        problem = _unreadable(demarche, declared.path, f"fichiers.enquetes {t('yaml.item', position=position + 1)}.fichier")
        if problem is not None:
            report.add(problem)
            continue
        sources.append(SurveySource(path, declared.wave, tool, declared.sheet))
    return sources


def _unreadable(demarche: Demarche, relative: str, key: str) -> Problem | None:
    """A located problem when a declared file is missing or lies outside the démarche folder.

    ``demarche.yaml`` is read again for the line of the key only when there is a problem."""
    path = demarche.path(relative)
    if not path.resolve().is_relative_to(demarche.folder.resolve()):
        return Problem(file=DEMARCHE_FILE, row=declared_line(demarche.folder, key), header=key, value=relative, code="chemin_hors_dossier",
                       message=t("yaml.invalid", key=key, detail=t("demarche.path_outside", path=relative)))
    if not path.exists() and not path.is_symlink():
        return Problem(file=DEMARCHE_FILE, row=declared_line(demarche.folder, key), header=key, value=relative, code="fichier_absent",
                       message=t("survey.declared_missing", key=key, file=relative))
    return None


def load_survey_data(demarche: Demarche, report: ProblemReport, *, write_key: bool = True) -> SurveyData | None:
    """Import every survey of the démarche; problems go to ``report`` (and ``data.problems``);
    ``None`` when nothing can be imported (the key file unreadable).

    The key file is created only when a survey file can be read. ``write_key=False`` (used by
    ``suivi check``) never creates it: when it is missing,
    a throw-away key is used, which is enough to find duplicates but gives other pseudonyms.
    """
    return report.attempt(lambda: _import(demarche, report, write_key), file=SURVEYS)


def _import(demarche: Demarche, report: ProblemReport, write_key: bool) -> SurveyData:
    codebook = survey_codebook(demarche, report)
    sources = survey_sources(demarche, report)
    readable = any(source.path.is_file() for source in sources)  # no key for a démarche with nothing to read
    if (write_key and readable) or (demarche.folder / KEY_FILE).is_file():
        key = load_or_create_key(demarche.folder)
    else:
        key = secrets.token_bytes(32)
    data = import_surveys(sources, codebook, key=key)
    report.extend(data.problems)
    return data


def check_surveys(demarche: Demarche, report: ProblemReport) -> None:
    """The survey step of ``suivi check``: every survey problem, nothing written."""
    if demarche.files.surveys:
        load_survey_data(demarche, report, write_key=False)

