"""One Decidim proposal as the register needs it: texts in the chosen locale, theme, state, answer.

Texts fall back from the chosen locale to its machine translation, then to another locale, each
time with a warning naming the cell. E-mail addresses, telephone numbers and the author names of
the row are masked in every text; personal columns are never read otherwise.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from evaluation.followup.decidim.fields import ExportColumns
from evaluation.followup.decidim.richtext import html_to_text
from evaluation.followup.decidim.states import WITHDRAWN
from surveys.dates import parse_cell_date
from surveys.i18n import t
from surveys.problems import ProblemReport, Severity
from surveys.redaction import redact_contacts, redact_names
from surveys.spreadsheet import Table
from surveys.text import strip_illegal_xml

_TRUE = frozenset({"true", "vrai", "1", "yes", "oui", "t"})


@dataclass(frozen=True)
class DecidimProposal:
    """The fields of one exported proposal that suivi uses (nothing personal)."""

    index: int  # position in the table (for locating problems)
    decidim_id: str
    title: str
    body: str
    answer: str
    theme: str
    state: str
    withdrawn: bool
    amendment: bool
    answered_on: dt.date | None
    unpublished_answer: bool
    url: str
    reference: str
    votes: str
    comments: str
    likes: str


class ProposalReader:
    """Reads the rows of an export table one by one, reporting located problems."""

    def __init__(self, table: Table, columns: ExportColumns, locale: str, report: ProblemReport) -> None:
        self.table = table
        self.columns = columns
        self.locale = locale
        self.report = report
        self.values = {h: table.frame[h].tolist() for h in table.frame.columns}

    def cell(self, index: int, header: str | None) -> str:
        if header is None:
            return ""
        value: Any = self.values[header][index]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        return strip_illegal_xml(str(value)).strip()

    def warn(self, index: int, header: str | None, code: str, message: str, value: str | None = None) -> None:
        self.report.add(self.table.problem(code, message, index=index, column=header, value=value, severity=Severity.WARNING))

    def read(self, index: int) -> DecidimProposal:
        plain = self.columns.plain
        names = [n.strip() for n in self.cell(index, self.columns.author_names).split(",") if len(n.strip()) > 2]
        state = self.cell(index, plain.get("state"))
        answered = self.cell(index, plain.get("answered_at"))
        published = self.cell(index, plain.get("state_published_at"))
        return DecidimProposal(
            index=index,
            decidim_id=self.cell(index, plain.get("id")),
            title=self._clean(index, self.translated(index, "title"), names),
            body=self._clean(index, html_to_text(self.translated(index, "body")), names),
            answer=self._clean(index, html_to_text(self.translated(index, "answer")), names),
            theme=self._theme(index),
            state=state,
            withdrawn=state == WITHDRAWN or self.cell(index, plain.get("withdrawn")).casefold() in _TRUE
            or bool(self.cell(index, plain.get("withdrawn_at"))),
            amendment=self.cell(index, plain.get("is_amend")).casefold() in _TRUE,
            answered_on=_date(answered),
            unpublished_answer=bool(answered) and not state and "state_published_at" in plain and not published,
            url=self.cell(index, plain.get("url")),
            reference=self.cell(index, plain.get("reference")),
            votes=self.cell(index, plain.get("votes")),
            comments=self.cell(index, plain.get("comments")),
            likes=self.cell(index, plain.get("likes")),
        )

    def translated(self, index: int, name: str) -> str:
        """The text in the chosen locale, else its machine translation, else another locale (warned)."""
        own = self.columns.translated.get((name, False), {})
        machine = self.columns.translated.get((name, True), {})
        if text := self.cell(index, own.get(self.locale)):
            return text
        if text := self.cell(index, machine.get(self.locale)):
            self.warn(index, machine[self.locale], "decidim_traduction_automatique", t("decidim.import.machine_translation", field=t(f"decidim.field.{name}"), locale=self.locale))
            return text
        for locale, header in own.items():
            if text := self.cell(index, header):
                self.warn(index, header, "decidim_autre_langue", t("decidim.import.other_locale", field=t(f"decidim.field.{name}"), locale=self.locale, other=locale))
                return text
        return self.cell(index, self.columns.plain.get(name))

    def _theme(self, index: int) -> str:
        for locale in [self.locale, *self.columns.categories]:
            if text := self.cell(index, self.columns.categories.get(locale)):
                return text
        ids = [i.strip() for i in self.cell(index, self.columns.plain.get("taxonomies/ids")).split(",") if i.strip()]
        ordered = ids + [i for i in self.columns.taxonomies if i not in ids]
        names = []
        for ident in ordered:
            by_locale = self.columns.taxonomies.get(ident, {})
            text = self.cell(index, by_locale.get(self.locale)) or next((self.cell(index, h) for h in by_locale.values() if self.cell(index, h)), "")
            if text:
                names.append(text)
        if len(names) > 1:
            message = t("decidim.import.several_taxonomies", chosen=names[0], others=" ; ".join(names[1:]))
            self.warn(index, self.columns.plain.get("taxonomies/ids"), "decidim_plusieurs_taxonomies", message)
        return names[0] if names else ""

    def _clean(self, index: int, text: str, names: list[str]) -> str:
        cleaned = redact_names(redact_contacts(text), names) if names else redact_contacts(text)
        if cleaned != text:
            self.warn(index, None, "decidim_donnees_personnelles_masquees", t("decidim.import.redacted"))
        return cleaned


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    parsed = parse_cell_date(value[:10])
    return None if parsed.invalid else parsed.value
