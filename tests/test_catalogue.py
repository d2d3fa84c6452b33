"""The message catalogue: every key the code asks for exists, and no sentence bypasses it."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from surveys.i18n import CatalogueLabels, t, tn

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("surveys", "indicators", "evaluation")
CATALOGUE = tomllib.loads((ROOT / "surveys" / "catalogue" / "fr.toml").read_text(encoding="utf-8"))
# A French sentence or phrase: an accented letter, guillemets, or a French function word, with a space.
FRENCH = re.compile(r"[àâçéèêëîïôûùüÿœæÀÂÇÉÈÊËÎÏÔÛÙÜŸŒÆ«»]|\b(le|la|les|des|du|une|est|pour|avec|sans|dans)\b", re.IGNORECASE)
# Modules whose French literals are not messages but data: the spellings people type in the files
# suivi reads (recognised headings, answer labels, tool metadata) and the register's own format,
# or the invented content of the demo's synthetic démarches.
DATA_MODULES = {
    "surveys/exports/columns.py": "headings of identifying and metadata columns, as tools and people write them",
    "surveys/exports/formats.py": "survey tools' own column names",
    "surveys/exports/labels.py": "answer labels and their spellings",
    "surveys/interviews/columns.py": "headings of the interview grid as people type them",
    "evaluation/followup/decidim/states.py": "Decidim's answer states as sponsors label them in their table",
    "evaluation/consultation/check.py": "wordings that reveal each kind of consultation question",
    "evaluation/followup/readings.py": "headings of the « Lectures » sheet (the register's format) and their spellings",
    "evaluation/followup/labels.py": "the other spellings people type for statuses, reason codes and states",
    "evaluation/voice/feedback.py": "the yes/no answers and non-answers as survey tools export them",
    "evaluation/followup/register.py": "the register's headings (its file format) and their spellings",
    "evaluation/fieldwork/reference_data.py": "headings of the margins file as people type them",
    "evaluation/demo/synthetic.py": "invented content of the demo's synthetic démarches",
    "evaluation/demo/publication.py": "the demo's invented decisions between its two publications",
}


def _modules() -> list[Path]:
    return [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]


def _calls(tree: ast.AST) -> list[tuple[str, ast.expr]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"t", "tn"} and node.args:
            found.append((node.func.id, node.args[0]))
    return found


def test_every_literal_key_is_in_the_catalogue() -> None:
    missing = []
    for path in _modules():
        for function, key in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                wanted = f"{key.value}.other" if function == "tn" else key.value
                if wanted not in CATALOGUE:
                    missing.append(f"{path.relative_to(ROOT)}:{key.lineno} {key.value}")
    assert missing == []


def test_every_computed_key_has_its_family_in_the_catalogue() -> None:
    missing = []
    for path in _modules():
        for _, key in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(key, ast.JoinedStr) and key.values and isinstance(key.values[0], ast.Constant):
                prefix = str(key.values[0].value)
                if not any(k.startswith(prefix) for k in CATALOGUE):
                    missing.append(f"{path.relative_to(ROOT)}:{key.lineno} {prefix}…")
    assert missing == []


def _docstring_nodes(tree: ast.AST) -> set[int]:
    nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                nodes.add(id(first.value))
    return nodes


def test_no_sentence_bypasses_the_catalogue() -> None:
    """French text in the library is in the catalogue, except in the data modules listed above."""
    bypass = []
    for path in _modules():
        relative = str(path.relative_to(ROOT))
        if relative in DATA_MODULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstring_nodes(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                    and " " in node.value.strip() and FRENCH.search(node.value)):
                bypass.append(f"{relative}:{node.lineno} {node.value[:60]!r}")
    assert bypass == []


def test_plural_forms_follow_french_rules() -> None:
    assert tn("response.n_proposals", 0, count="0") == "0 proposition"
    assert tn("response.n_proposals", 1, count="1") == "1 proposition"
    assert tn("response.n_proposals", 2, count="2") == "2 propositions"


def test_vocabulary_labels_read_the_catalogue() -> None:
    labels = CatalogueLabels("label", ["retenue"])
    assert labels["retenue"] == t("label.retenue") == "Retenue"
    assert list(labels) == ["retenue"]
    with pytest.raises(KeyError):
        labels["inconnu"]


def test_importing_a_module_registers_nothing() -> None:
    """Messages are data: no module calls register() when imported."""
    offenders = [str(p.relative_to(ROOT)) for p in _modules()
                 if any(isinstance(n, ast.Expr) and isinstance(n.value, ast.Call) and getattr(n.value.func, "id", "") == "register"
                        for n in ast.parse(p.read_text(encoding="utf-8")).body)]
    assert offenders == []
