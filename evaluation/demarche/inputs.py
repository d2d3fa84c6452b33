"""The démarche's input files, so that no output ever replaces one of them.

An output path that would replace ``demarche.yaml``, a file it declares (register, codebook,
surveys and their R syntax files, interviews, panel, margins) or the pseudonymisation key is
refused before anything is written: « suivi respond DIR --out DIR » with a register named
``propositions.csv`` would otherwise replace the register with the open-data file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from evaluation.demarche.model import DEMARCHE_FILE, Demarche
from surveys.exports.pseudonym import KEY_FILE
from surveys.exports.rsyntax import syntax_path
from surveys.i18n import t
from surveys.problems import SuiviError, display_name

CODEBOOK_FILE = "codebook.yaml"


def input_files(demarche: Demarche) -> dict[Path, str]:
    """Every input file of the démarche (resolved path → what it is, in French)."""
    files = demarche.files
    named: list[tuple[str | None, str]] = [
        (DEMARCHE_FILE, "demarche"), (KEY_FILE, "key"), (files.proposals, "register"), (files.codebook or CODEBOOK_FILE, "codebook"),
        (files.panel, "panel"), (files.margins, "margins"),
    ]
    named += [(survey.path, "survey") for survey in files.surveys]
    inputs: dict[Path, str] = {}
    for relative, kind in named:
        if relative:
            inputs[_resolved(demarche.path(relative))] = kind
    for survey in files.surveys:
        syntax = syntax_path(demarche.path(survey.path))
        if syntax is not None:
            inputs[_resolved(syntax)] = "survey"
    if files.interviews:
        interviews = demarche.path(files.interviews)
        found = sorted(interviews.glob("*")) if interviews.is_dir() else [interviews]
        inputs.update({_resolved(p): "interviews" for p in found})
    return inputs


def refuse_overwriting_inputs(demarche: Demarche, targets: Iterable[Path]) -> None:
    """Raise :class:`SuiviError` if any output target is an input file of the démarche."""
    inputs = input_files(demarche)
    for target in targets:
        kind = inputs.get(_resolved(Path(target)))
        if kind is not None:
            raise SuiviError(t("outputs.would_replace_input", file=display_name(Path(target)), kind=t(f"outputs.input.{kind}")),
                             code="sortie_sur_entree", file=display_name(Path(target)))


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
