"""The message catalogue: every sentence a user reads, keyed, in French first.

Each package registers its own messages at import time (``<package>/messages.py``); together
they form one catalogue, looked up with :func:`t` and, for counts, :func:`tn`, which picks the
plural form with Babel's plural rules (in French, 0 and 1 are singular).
An English rendering is a call to :func:`register` away.
"""

from __future__ import annotations

from babel import Locale

_CATALOGUE: dict[str, dict[str, str]] = {}
_language = "fr"


def register(language: str, messages: dict[str, str]) -> None:
    """Add messages for a language; a key registered twice is a programming error."""
    table = _CATALOGUE.setdefault(language, {})
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
    return key in _CATALOGUE.get(_language, {}) or key in _CATALOGUE.get("fr", {})


def t(key: str, /, **values: object) -> str:
    """The message ``key`` in the current language, with its ``{named}`` fields filled in.

    Falls back to French when a translation is missing; an unknown key raises ``KeyError``.
    """
    template = _CATALOGUE.get(_language, {}).get(key)
    if template is None:
        template = _CATALOGUE["fr"][key]
    return template.format(**values) if values else template


def plural_category(n: float, language: str | None = None) -> str:
    """CLDR plural category of ``n`` (``one``, ``many``, ``other``…) for the language."""
    return Locale.parse(language or _language).plural_form(abs(n))


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
