"""What each column of a Decidim proposals export means, across versions 0.26 to today.

Both header generations are read: ``category/name/<loc>``, ``supports``, ``endorsements/*``
(0.26–0.27) and ``taxonomies/*``, ``votes``, ``likes/*``, ``withdrawn_at`` (0.28 and later).
Personal columns (authors, endorsers, addresses) are listed so that they are never read, except
author names, used only to mask them in the texts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

_LOCALE = r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?"
_TRANSLATED = re.compile(rf"^(title|body|answer)/(?:(machine_translations)/)?({_LOCALE})$")
_CATEGORY = re.compile(rf"^category/name/({_LOCALE})$")
_TAXONOMY = re.compile(rf"^taxonomies/(\d+)/(?:name/)?({_LOCALE})$")
PERSONAL = re.compile(r"^(author(/|$)|authors?/|.*user_endorsements|.*user_likes|endorsements/user|likes/user|address$|latitude$|longitude$|coauthors?/)")

VOTES = ("votes", "supports", "proposal_votes_count", "votes_count")
COMMENTS = ("comments", "comments_count")
LIKES = ("likes/total_count", "endorsements/total_count", "endorsements_count", "likes_count")


@dataclass
class ExportColumns:
    """The columns of one export, by meaning."""

    translated: dict[tuple[str, bool], dict[str, str]] = field(default_factory=dict)  # (field, machine) → locale → header
    plain: dict[str, str] = field(default_factory=dict)  # single-value fields (id, state, url…) → header
    categories: dict[str, str] = field(default_factory=dict)  # locale → header
    taxonomies: dict[str, dict[str, str]] = field(default_factory=dict)  # taxonomy id → locale → header
    personal: list[str] = field(default_factory=list)
    author_names: str | None = None

    @property
    def locales(self) -> list[str]:
        """Locales of the texts, in column order."""
        seen: dict[str, None] = {}
        for (name, machine), by_locale in self.translated.items():
            if name == "title" and not machine:
                seen.update(dict.fromkeys(by_locale))
        return list(seen)

    def generation(self) -> str:
        """« 0.28+ » when the newer headers are present, « 0.26–0.27 » otherwise."""
        newer = self.taxonomies or "withdrawn" in self.plain or "state_published_at" in self.plain or self.plain.get("votes") == "votes"
        return "0.28+" if newer else "0.26-0.27"


def map_columns(headers: Sequence[str]) -> ExportColumns:
    """Sort the headers of an export by meaning."""
    columns = ExportColumns()
    for header in headers:
        key = header.strip()
        if key == "author/name":
            columns.author_names = header
        if PERSONAL.match(key):
            columns.personal.append(header)
            continue
        if match := _TRANSLATED.match(key):
            columns.translated.setdefault((match.group(1), bool(match.group(2))), {}).setdefault(match.group(3), header)
        elif match := _CATEGORY.match(key):
            columns.categories.setdefault(match.group(1), header)
        elif match := _TAXONOMY.match(key):
            columns.taxonomies.setdefault(match.group(1), {}).setdefault(match.group(2), header)
        elif key in VOTES:
            columns.plain.setdefault("votes", header)
        elif key in COMMENTS:
            columns.plain.setdefault("comments", header)
        elif key in LIKES:
            columns.plain.setdefault("likes", header)
        elif key in ("id", "state", "withdrawn", "withdrawn_at", "answered_at", "state_published_at", "is_amend",
                     "url", "reference", "taxonomies/ids", "category/id", "title", "body", "published_at", "component/id"):
            columns.plain.setdefault(key, header)
    return columns
