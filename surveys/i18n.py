"""The message catalogue: every sentence a user reads, keyed, in French first.

The sentences of all three packages live in one file per language, ``surveys/catalogue/fr.toml``
(data, so the lowest package can hold the sentences of the higher ones without importing them).
It is read once, on the first lookup: importing a module registers nothing. :func:`t` looks a
message up; :func:`tn` picks the plural form with Babel's plural rules (in French, 0 and 1 are
singular). An English rendering is an ``en.toml`` beside it, or a call to :func:`register`.
"""

from __future__ import annotations

import functools
import json
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources

_CATALOGUE: dict[str, dict[str, str]] = {}
_language = "fr"


def _table(language: str) -> dict[str, str]:
    """The messages of ``language``: its catalogue file, read on first use, plus any registered."""
    table = _CATALOGUE.get(language)
    if table is None:
        source = resources.files("surveys") / "catalogue" / f"{language}.toml"
        table = parse_catalogue(source.read_text(encoding="utf-8")) if source.is_file() else {}
        _CATALOGUE[language] = table
    return table


# One ``"key" = "value"`` line: a TOML basic string whose escapes mean the same in JSON.
_ENTRY = re.compile(r'^"([^"\\\x00-\x1f\x7f]*)" = ("(?:[^"\\\x00-\x1f\x7f]|\\[btnfr"\\])*")$', re.M)


def parse_catalogue(text: str) -> dict[str, str]:
    """The messages of a catalogue file: what ``tomllib`` reads, twice as fast (read at every start).

    A catalogue made only of comments and ``"key" = "value"`` lines is read with one JSON parse of
    its values (their escapes, ``\\n``, ``\\b``, ``\\"``…, are JSON's too); anything else,
    including a key given twice, goes to ``tomllib`` and its error messages.
    """
    entries = _ENTRY.findall(text)
    lines = sum(1 for line in text.splitlines() if line and not line.startswith("#"))
    if len(entries) == lines:
        table = dict(zip((key for key, _ in entries), json.loads("[" + ",".join(value for _, value in entries) + "]")))
        if len(table) == len(entries):
            return table
    return tomllib.loads(text)


def register(language: str, messages: dict[str, str]) -> None:
    """Add messages for a language (tests, translations); a key registered twice is a programming error."""
    table = _table(language)
    clash = set(table).intersection(messages)
    if clash:
        raise ValueError(f"message keys registered twice: {sorted(clash)}")
    table.update(messages)


def set_language(language: str) -> None:
    """Choose the language of messages (French unless told otherwise)."""
    global _language
    _language = language


def current_language() -> str:
    return _language


def has(key: str) -> bool:
    return key in _table(_language) or key in _table("fr")


def t(key: str, /, **values: object) -> str:
    """The message ``key`` in the current language, with its ``{named}`` fields filled in.

    Falls back to French when a translation is missing; an unknown key raises ``KeyError``.
    """
    template = _table(_language).get(key)
    if template is None:
        template = _table("fr")[key]
    return template.format(**values) if values else template


def plural_category(n: float, language: str | None = None) -> str:
    """CLDR plural category of ``n`` (``one``, ``many``, ``other``…) for the language.

    A French count or measure (an int or a finite float) is categorised without loading Babel's
    locale data: CLDR's French rule, « one: i = 0..1 ; many: i ≠ 0 and i mod 1 000 000 = 0 and
    v = 0 », where i is the integer part and v the number of visible decimals, none for a whole
    float (as Babel reads a float)."""
    language = language or _language
    if language == "fr" and (type(n) is int or (type(n) is float and math.isfinite(n))):
        n = abs(n)
        whole = int(n)
        return "one" if whole <= 1 else "many" if whole == n and whole % 1_000_000 == 0 else "other"
    return _plural_rule(language)(abs(n))


@functools.cache
def _plural_rule(language: str) -> Callable[[float], str]:
    """The language's plural rule, its locale parsed once (Babel parses a locale name on every call)."""
    from babel import Locale  # Babel's locale data is needed only for counts

    return Locale.parse(language).plural_form


def tn(key: str, n: float, /, **values: object) -> str:
    """A message that depends on a count: ``key.one``, ``key.many`` or ``key.other``.

    ``{n}`` in the template receives the count as given (format it before if needed,
    e.g. with :func:`evaluation.frformat.number`, and pass it as ``count``).
    """
    category = plural_category(n)
    for suffix in (category, "other"):
        full = f"{key}.{suffix}"
        if has(full):
            return t(full, n=n, **values)
    raise KeyError(f"{key}.other")


class CatalogueLabels(Mapping[str, str]):
    """The French labels of a controlled vocabulary, read from the catalogue (``prefix.code``)."""

    def __init__(self, prefix: str, codes: Iterable[str]) -> None:
        self._prefix = prefix
        self._codes = tuple(str(code) for code in codes)

    def __getitem__(self, code: str) -> str:
        if str(code) not in self._codes:
            raise KeyError(code)
        return t(f"{self._prefix}.{code}")

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)
