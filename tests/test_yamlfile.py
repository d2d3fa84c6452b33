"""YAML files people edit: syntax errors and validation errors name the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from surveys.problems import SuiviError
from surveys.yamlfile import load_yaml


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(alias="nom")
    size: int = Field(alias="taille", ge=1)


class _Root(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[_Item] = Field(alias="elements")


def _problems(tmp_path: Path, text: str) -> list[tuple[int | None, str, str]]:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    document = load_yaml(path)
    with pytest.raises(ValidationError) as caught:
        _Root.model_validate(document.data)
    return [(p.row, p.header or "", p.message) for p in document.problems(caught.value)]


def test_validation_errors_name_line_and_key(tmp_path: Path) -> None:
    text = "elements:\n  - nom: a\n    taille: 3\n  - nom: b\n    taille: zéro\n  - nom: c\n    taille: 0\n    couleur: bleu\n"
    assert _problems(tmp_path, text) == [
        (5, "elements (élément 2).taille", "Clé « elements (élément 2).taille » : nombre entier attendu."),
        (7, "elements (élément 3).taille", "Clé « elements (élément 3).taille » : la valeur doit être supérieure ou égale à 1."),
        (8, "elements (élément 3).couleur", "Clé « elements (élément 3).couleur » : clé inconnue ; vérifiez son orthographe ou supprimez-la."),
    ]


def test_missing_key_points_at_its_parent(tmp_path: Path) -> None:
    assert _problems(tmp_path, "elements:\n  - nom: a\n") == [
        (2, "elements (élément 1).taille", "Clé « elements (élément 1).taille » : cette clé est obligatoire ; ajoutez-la."),
    ]


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "demarche.yaml"
    path.write_text("titre: Test\ndates:\n  debut: 2026-01-01\n fin: 2026-02-01\n", encoding="utf-8")
    with pytest.raises(SuiviError) as caught:
        load_yaml(path)
    assert caught.value.code == "yaml_syntaxe"
    assert str(caught.value).startswith("Le fichier « demarche.yaml » n'est pas un YAML valide à la ligne 4")


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("x: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(SuiviError):
        load_yaml(path)


def test_empty_yaml_is_an_empty_mapping(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("# rien\n", encoding="utf-8")
    assert load_yaml(path).data == {}


@pytest.mark.parametrize(("text", "line", "detail"), [
    ("titre: Test\n\tcommanditaire: Ville\n", 2, "une tabulation sert d'indentation. Remplacez-la par des espaces."),
    ("titre: Test\n  commanditaire: Ville\n", 2, "l'indentation de cette ligne ne correspond pas à celle des lignes voisines. "
     "Alignez chaque clé sur les autres clés de même niveau (des espaces, pas de tabulations)."),
    ("titre: 'Test\ncommanditaire: Ville\n", 1, "un guillemet ouvert sur cette ligne n'est jamais refermé. "
     "Ajoutez le guillemet fermant à la fin de la valeur (ou retirez le guillemet ouvrant)."),
])
def test_syntax_errors_say_what_to_fix_in_french(tmp_path: Path, text: str, line: int, detail: str) -> None:
    path = tmp_path / "demarche.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SuiviError) as caught:
        load_yaml(path)
    assert str(caught.value) == f"Le fichier « demarche.yaml » n'est pas un YAML valide à la ligne {line} : {detail}"


def _with_lines(data: object) -> object:
    """The parsed document with the line of every key and item, for comparing two parsers."""
    if isinstance(data, dict):
        return {key: (_with_lines(value), data.lines[key]) for key, value in data.items()}
    if isinstance(data, list):
        return [(_with_lines(value), line) for value, line in zip(data, data.lines)]
    return data


@pytest.mark.parametrize("path", [
    Path("examples/convention-mobilites/demarche.yaml"),
    Path("examples/convention-mobilites/codebook.yaml"),
    Path("indicators/item_bank.yaml"),
])
def test_libyaml_reads_like_the_pure_python_parser(path: Path) -> None:
    import yaml

    from surveys import yamlfile

    text = (Path(__file__).parent.parent / path).read_text(encoding="utf-8")
    fast = yaml.load(text, Loader=yamlfile._FastLineLoader)
    reference = yaml.load(text, Loader=yamlfile._LineLoader)
    assert _with_lines(fast) == _with_lines(reference)
    assert _with_lines(load_yaml(Path(__file__).parent.parent / path).data) == _with_lines(reference)


def test_a_tab_inside_a_key_is_refused_as_before(tmp_path: Path) -> None:
    # libyaml would read « duree\tminutes » as a key; the pure-Python parser refuses the tab, with its advice
    path = tmp_path / "demarche.yaml"
    path.write_text("titre: Test\nduree\tminutes: 15\n", encoding="utf-8")
    with pytest.raises(SuiviError) as caught:
        load_yaml(path)
    assert "ligne 2" in str(caught.value)
