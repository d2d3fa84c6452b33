"""YAML files people edit (``demarche.yaml``, ``codebook.yaml``), read safely with line numbers.

Validation errors become :class:`Problem` objects that name the key path and its line, so a
person can find the line to fix in any text editor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from surveys.guards import read_regular_file
from surveys.i18n import t
from surveys.problems import Problem, SuiviError, display_name


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping key and sequence item."""


class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same loader over libyaml's parser (ten times faster), when PyYAML was built with it.

    Its nodes carry the same marks; a file it refuses is parsed again by :class:`_LineLoader`, whose
    error messages and lines are the ones :func:`syntax_detail` reads.
    """


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        lines[key] = (key_node.start_mark.line + 1, value_node)
    mapping_with_lines = _LinedDict(mapping)
    mapping_with_lines.lines = {k: v[0] for k, v in lines.items()}
    return mapping_with_lines


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode, deep: bool = False) -> list[Any]:
    items = _LinedList(yaml.SafeLoader.construct_sequence(loader, node, deep=True))
    items.lines = [child.start_mark.line + 1 for child in node.value]
    return items


class _LinedDict(dict[Any, Any]):
    lines: dict[Any, int]


class _LinedList(list[Any]):
    lines: list[int]


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _lenient(construct: Any) -> Any:
    """A scalar constructor that keeps the text when the value does not fit its tag.

    « 2026-13-01 », ``!!float abc``, ``!!bool x`` or ``!!timestamp hier`` stay text, so that
    validation names their key and line instead of the YAML library failing without a location.
    """

    def constructor(loader: _LineLoader, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except Exception:
            if isinstance(node, yaml.ScalarNode):
                return loader.construct_scalar(node)
            raise yaml.constructor.ConstructorError(None, None, t("yaml.bad_tag", tag=node.tag), node.start_mark) from None

    return constructor


for _tag, _construct in (
    ("timestamp", yaml.SafeLoader.construct_yaml_timestamp),
    ("float", yaml.SafeLoader.construct_yaml_float),
    ("int", yaml.SafeLoader.construct_yaml_int),
    ("bool", yaml.SafeLoader.construct_yaml_bool),
    ("null", yaml.SafeLoader.construct_yaml_null),
    ("binary", yaml.SafeLoader.construct_yaml_binary),
    ("set", yaml.SafeLoader.construct_yaml_set),
    ("omap", yaml.SafeLoader.construct_yaml_omap),
    ("pairs", yaml.SafeLoader.construct_yaml_pairs),
):
    for _loader in (_LineLoader, _FastLineLoader):
        _loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _lenient(_construct))


class YamlDocument:
    """The parsed content of a YAML file and the line of each key path."""

    def __init__(self, path: Path, data: Any) -> None:
        self.path = path
        self.file = display_name(path)
        self.data = data

    def line(self, loc: tuple[int | str, ...]) -> int | None:
        """Line of the deepest existing element of ``loc`` (a pydantic error location)."""
        node: Any = self.data
        line = None
        for part in loc:
            if isinstance(node, _LinedDict) and part in node:
                line = node.lines.get(part, line)
                node = node[part]
            elif isinstance(node, _LinedList) and isinstance(part, int) and part < len(node):
                line = node.lines[part]
                node = node[part]
            else:
                break
        return line

    def problems(self, error: ValidationError, messages: dict[str, str] | None = None) -> list[Problem]:
        """One located problem per validation error, naming the key path and its line."""
        result = []
        for item in error.errors(include_url=False):
            loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            key = _key_path(loc)
            detail = (messages or {}).get(item["type"]) or _french_detail(item)
            value = item.get("input")
            result.append(
                Problem(
                    file=self.file,
                    row=self.line(loc),
                    header=key,
                    code=f"yaml_{item['type']}",
                    value=None if isinstance(value, (dict, list)) or value is None else str(value),
                    message=t("yaml.invalid", key=key, detail=detail),
                )
            )
        return result


def _key_path(loc: tuple[int | str, ...]) -> str:
    """« panel.taille », « enquetes (élément 2).vague »: positions counted from 1."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += " " + t("yaml.item", position=part + 1)
        else:
            text += ("." if text else "") + part
    return text or t("yaml.root")


def _french_detail(item: ErrorDetails) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    known = {
        "missing": t("yaml.detail.missing"),
        "extra_forbidden": t("yaml.detail.extra"),
        "date_from_datetime_parsing": t("yaml.detail.date"),
        "date_parsing": t("yaml.detail.date"),
        "date_type": t("yaml.detail.date"),
        "int_parsing": t("yaml.detail.int"),
        "int_type": t("yaml.detail.int"),
        "bool_parsing": t("yaml.detail.bool"),
        "bool_type": t("yaml.detail.bool"),
        "string_type": t("yaml.detail.string"),
        "list_type": t("yaml.detail.list"),
        "dict_type": t("yaml.detail.dict"),
        "model_type": t("yaml.detail.dict"),
        "greater_than_equal": t("yaml.detail.min", limit=ctx.get("ge", "")),
        "greater_than": t("yaml.detail.min_strict", limit=ctx.get("gt", "")),
        "less_than_equal": t("yaml.detail.max", limit=ctx.get("le", "")),
        "enum": t("yaml.detail.enum", expected=str(ctx.get("expected", "")).replace(" or ", " ou ")),
        "literal_error": t("yaml.detail.enum", expected=str(ctx.get("expected", "")).replace(" or ", " ou ")),
        "string_too_short": t("yaml.detail.empty"),
    }
    value = item.get("input")
    if kind == "string_type" and isinstance(value, dict) and len(value) == 1:
        key, rest = next(iter(value.items()))  # « - Comment faire : une question ? » read as a key and its value
        return t("yaml.detail.string_colon", example=f'"{key} : {rest}"' if rest is not None else f'"{key} :"')
    if kind in known:
        return known[kind]
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    return item["msg"]


def load_yaml(path: Path) -> YamlDocument:
    """Parse a YAML file safely, or raise :class:`SuiviError` naming the line of a syntax error."""
    name = display_name(path)
    try:
        text = read_regular_file(path, name).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SuiviError(t("yaml.encoding", file=name), code="encodage", file=name) from exc
    try:
        data = _parse(text)
    except yaml.MarkedYAMLError as exc:
        line, detail = syntax_detail(exc, text.splitlines())
        raise SuiviError(t("yaml.syntax", file=name, line=line, detail=detail), code="yaml_syntaxe", file=name) from exc
    except (yaml.YAMLError, ValueError, KeyError, AttributeError, TypeError, RecursionError) as exc:
        raise SuiviError(t("yaml.syntax", file=name, line="?", detail=t("yaml.syntax.other")), code="yaml_syntaxe", file=name) from exc
    return YamlDocument(path, data if data is not None else _LinedDict())


def _parse(text: str) -> Any:
    """The document, read by libyaml when it can; any refusal is parsed again in pure Python.

    A text holding a tab goes straight to the pure-Python parser: libyaml accepts a tab inside a
    key or value where PyYAML refuses it with the message that :func:`syntax_detail` explains.
    """
    if "\t" not in text:
        try:
            return yaml.load(text, Loader=_FastLineLoader)
        except Exception:  # the pure-Python parser gives the error, with its line
            pass
    return yaml.load(text, Loader=_LineLoader)


def syntax_detail(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int | str, str]:
    """The line of the real mistake and what to do, in French (the parser's English is not shown).

    An unclosed quote is reported by the parser where the file ends; the mistake is where the
    quote opens. A « : » inside a value needs quotes around the value.
    """
    mark = exc.problem_mark
    line = mark.line + 1 if mark is not None else None
    problem = exc.problem or ""
    if line is None:
        return "?", t("yaml.syntax.other")
    opened = _unclosed_quote(lines[:line])
    if opened is not None:
        return opened, t("yaml.syntax.quote")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or text.lstrip(" ").startswith("\t"):
        return line, t("yaml.syntax.tab")
    key, separator, value = text.partition(": ")
    if "mapping values" in problem and separator and ": " in value:
        return line, t("yaml.syntax.colon", example=f'{key}: "{value.strip()}"')
    if "mapping values" in problem or "indentation" in problem or "block end" in problem or "expected key" in problem:
        return line, t("yaml.syntax.indent")
    return line, t("yaml.syntax.other")


def _unclosed_quote(lines: list[str]) -> int | None:
    """The first line whose value opens a quote it does not close (the parser reads on past it)."""
    for number, text in enumerate(lines, start=1):
        value = text.strip()
        if value.startswith("#"):
            continue
        value = value[2:].lstrip() if value.startswith("- ") else value.partition(": ")[2].lstrip() if ": " in value else value
        if value[:1] in {'"', "'"}:
            quote = value[0]
            closing = value.replace("\\" + quote, "") if quote == '"' else value
            if closing.count(quote) % 2:
                return number
    return None
