"""What the portfolio holds: each démarche included or left out, with its card and figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from evaluation.command_result import Line, lines_of
from evaluation.documents import frformat
from evaluation.portfolio.metrics import DEMARCHE_METRICS, Figure, Metric
from evaluation.portfolio.opendata import CSV_FILE
from evaluation.portfolio.stats import Quartiles
from indicators.devoir_de_suite import DeadlineStatus, deadline_status
from indicators.disclosure import DEFAULT_THRESHOLD
from indicators.survey.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED
from surveys.i18n import t, tn
from surveys.problems import Problem, Severity
from surveys.text import snake_ascii

__all__ = ["CSV_FILE", "DOCX_FILE", "XLSX_FILE", "Card", "Deadline", "Excluded", "Exclusion", "Included", "PortfolioResult", "Settings"]

XLSX_FILE = "portefeuille.xlsx"
DOCX_FILE = "portefeuille.docx"


class Exclusion(StrEnum):
    """Why a folder is left out of the portfolio."""

    NOT_A_DEMARCHE = "pas_une_demarche"  # no demarche.yaml
    INVALID = "demarche_invalide"  # demarche.yaml has errors
    INCOMPLETE = "incomplete"  # no proposal register
    ERRORS = "erreurs"  # a data file has errors
    DUPLICATE = "identifiant_duplique"  # another folder has the same id
    REFUSED = "chemin_refuse"  # reached through a symbolic link, or outside the folder given: never read


@dataclass(frozen=True)
class Settings:
    """How every démarche is evaluated (as ``suivi evaluate`` would)."""

    as_of: dt.date
    threshold: int = DEFAULT_THRESHOLD
    resamples: int = DEFAULT_RESAMPLES
    seed: int = DEFAULT_SEED


@dataclass(frozen=True)
class Card:
    """What the portfolio shows of a démarche besides its figures."""

    id: str
    title: str
    sponsor: str
    ministry: str | None
    year: int
    modalities: tuple[str, ...]  # French labels
    panel_size: int | None
    restitution: dt.date | None
    deadline: dt.date | None
    lessons: tuple[tuple[str, str], ...]  # (tag, text)
    decided_in_time: int | None = None  # proposals decided on or before the deadline
    decided_late: int | None = None  # decided after it
    undecided: int | None = None  # without a decision date
    overdue: int | None = None  # engagements and proposals' due dates past and not carried out


Deadline = DeadlineStatus  # the portfolio's name for it


@dataclass
class Included:
    """A démarche in the portfolio: its card, figures and the warnings met while reading it."""

    folder: str
    card: Card
    figures: dict[str, Figure]
    warnings: list[Problem]

    def figure(self, metric: Metric) -> Figure:
        return self.figures.get(metric.key, Figure(None, None))

    def deadline(self, as_of: dt.date) -> Deadline:
        card = self.card
        return deadline_status(card.deadline, as_of, card.decided_late or 0, card.undecided or 0)

    def days_late(self, as_of: dt.date) -> int:
        return (as_of - self.card.deadline).days if self.card.deadline else 0


@dataclass
class Excluded:
    """A folder left out, with the reason and every problem found."""

    folder: str
    demarche_id: str | None
    reason: Exclusion
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


@dataclass
class PortfolioResult:
    """Everything the outputs show; ``spreads`` holds the quartiles of every compared metric."""

    included: list[Included]
    excluded: list[Excluded]
    settings: Settings
    item_metrics: list[Metric]
    spreads: dict[str, Quartiles | None]
    paths: list[Path] = field(default_factory=list)

    @property
    def as_of(self) -> dt.date:
        return self.settings.as_of

    @property
    def metrics(self) -> list[Metric]:
        """Every metric: démarche-level first, then the items démarches share."""
        return [*DEMARCHE_METRICS, *self.item_metrics]

    @property
    def benchmarked(self) -> list[Metric]:
        return [m for m in self.metrics if m.benchmark]

    def values(self, metric: Metric) -> list[float | None]:
        return [d.figure(metric).value for d in self.included]

    exit_code: int = 0

    def lines(self) -> list[Line]:
        """What ``suivi portfolio`` prints after writing."""
        included, excluded = len(self.included), len(self.excluded)
        lines = [t("portfolio.counts", included=tn("portfolio.n_included", included), excluded=tn("portfolio.n_excluded", excluded))]
        lines += exclusion_lines(self.excluded)
        warnings = sum(len(d.warnings) for d in self.included)
        if warnings:
            lines.append(tn("portfolio.warnings", warnings))
        late, when = len(self.late()), frformat.date_long(self.as_of)
        lines.append(tn("portfolio.late", late, date=when) if late else t("portfolio.none_late", date=when))
        lines += [t("portfolio.wrote", path=path) for path in self.paths]
        return lines_of(lines)

    def late(self) -> list[Included]:
        """Démarches whose committed deadline has passed with proposals undecided or decided late."""
        late = [d for d in self.included if d.deadline(self.as_of) is Deadline.MISSED]
        return sorted(late, key=lambda d: (d.card.deadline or dt.date.min, d.card.id))

    def lessons(self) -> dict[str, list[tuple[Included, str]]]:
        """Lessons grouped by tag (tags compared without case, accents or separators), tags in alphabetical order."""
        groups: dict[str, list[tuple[Included, str]]] = {}
        spellings: dict[str, dict[str, int]] = {}
        for demarche in self.included:
            for tag, text in demarche.card.lessons:
                key = snake_ascii(tag) or tag
                groups.setdefault(key, []).append((demarche, text))
                spellings.setdefault(key, {}).setdefault(tag.strip(), 0)
                spellings[key][tag.strip()] += 1
        # Each tag is shown as most démarches wrote it (on a tie, the spelling equal to its key).
        named = {max(spellings[k].items(), key=lambda kv: (kv[1], kv[0] == k))[0]: v for k, v in groups.items()}
        return {tag: sorted(items, key=lambda dv: (dv[0].card.year, dv[0].card.id))
                for tag, items in sorted(named.items(), key=lambda kv: kv[0].casefold())}


def exclusion_lines(excluded: Sequence[Excluded]) -> list[str]:
    """One line per excluded folder, then its problems (errors first), indented."""
    lines = []
    for entry in excluded:
        lines.append(t("portfolio.excluded_line", folder=entry.folder, reason=t(f"portfolio.reason.{entry.reason.value}")))
        lines += [t("portfolio.problem_line", line=p.render(), code=p.code) for p in entry.errors]
    return lines
