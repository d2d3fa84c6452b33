"""Finding, in a Decidim results export, the results suivi created before, so they are updated.

Decidim's results importer updates the result whose ``id`` is given and creates one otherwise. A
result of the register is matched to an exported result linked to exactly the same proposals
(once they have been linked in Decidim), else to the one with the same title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.followup.decidim.reading import read_export
from surveys.i18n import t
from surveys.problems import SuiviError
from surveys.text import label_key

_PROPOSAL_ID = re.compile(r"/proposals/(\d+)")


def proposal_ids(urls: str) -> frozenset[int]:
    """The proposal numbers of a list of proposal URLs (whatever separates them)."""
    return frozenset(int(n) for n in _PROPOSAL_ID.findall(urls))


@dataclass
class ResultIndex:
    """Results already in Decidim, by linked proposals and by title."""

    by_proposals: dict[frozenset[int], str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def match(self, title: str, proposals: frozenset[int]) -> str:
        """The id of the Decidim result to update, or ``""`` (a new result); each id is used once."""
        for ident in (self.by_proposals.get(proposals, "") if proposals else "", self.by_title.get(_title_key(title), "")):
            if ident and ident not in self.used:
                self.used.add(ident)
                return ident
        return ""


def read_results(path: Path, locale: str) -> ResultIndex:
    """The index of a Decidim results export (CSV, JSON, Excel, or an archive holding one)."""
    table = read_export(path, entity="results")
    title = next((h for h in (f"title/{locale}", "title") if h in table.frame.columns), None)
    columns = set(table.frame.columns)
    if not {"id", "progress"} <= columns or title is None or any(c.startswith("body/") for c in columns):
        raise SuiviError(t("decidim.export.not_results", file=table.file, locale=locale), code="pas_un_export_de_resultats", file=table.file)
    index = ResultIndex()
    urls = table.frame["proposal_urls"].tolist() if "proposal_urls" in table.frame.columns else [""] * len(table.frame)
    for ident, name, linked in zip(table.frame["id"].tolist(), table.frame[title].tolist(), urls):
        ident = str(ident).strip().removesuffix(".0")
        if not ident:
            continue
        if proposals := proposal_ids(str(linked)):
            index.by_proposals.setdefault(proposals, ident)
        if str(name).strip():
            index.by_title.setdefault(_title_key(str(name)), ident)
    return index


def _title_key(title: str) -> str:
    """Titles compared as people read them; the apostrophe suivi adds before ``=+-@`` is ignored."""
    return label_key(title[1:] if title[:1] == "'" else title)
