"""Agreement between the sponsor's status of each proposal and another body's reading of it.

For each body (citizens' follow-up committee, comité de garants…), over the proposals it read
with a status: how many have the same status (overall, by the sponsor's status, by theme) and
Cohen's κ (unweighted: the statuses are categories, not a scale; a « Retenue » read as
« Non retenue » is no worse a disagreement here than one read as « À l'étude »).

κ corrects the observed agreement for the agreement expected by chance from each reader's own
use of the statuses. It is reported only where it means something: at least
:data:`MIN_KAPPA_PAIRS` proposals read (below that one disagreement swings it widely), and the
two readers not both using one single status (chance agreement 1: κ is 0/0). Otherwise ``kappa``
is ``None`` with the reason, and the count of same statuses still stands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

MIN_KAPPA_PAIRS = 10


class KappaUndefined(StrEnum):
    TOO_FEW = "trop_peu_de_propositions"
    SINGLE_STATUS = "un_seul_statut"


@dataclass(frozen=True)
class ReadingPair:
    """One proposal read by the sponsor and by a body (both statuses as codes)."""

    proposal_id: str
    theme: str
    sponsor: str
    reading: str


@dataclass(frozen=True)
class Count:
    n: int
    same: int

    @property
    def different(self) -> int:
        return self.n - self.same

    @property
    def share_same(self) -> float | None:
        return self.same / self.n if self.n else None


@dataclass(frozen=True)
class ReadingAgreement:
    """Agreement of one body with the sponsor."""

    body: str
    overall: Count
    by_status: dict[str, Count]  # keyed by the sponsor's status
    by_theme: dict[str, Count]
    kappa: float | None
    kappa_undefined: KappaUndefined | None
    differing: list[ReadingPair]


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float | None:
    """Unweighted Cohen's κ of two equally long label sequences; ``None`` when chance agreement is 1."""
    n = len(first)
    if n == 0 or n != len(second):
        return None
    observed = sum(a == b for a, b in zip(first, second)) / n
    left, right = Counter(first), Counter(second)
    expected = sum(left[k] * right[k] for k in left) / (n * n)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def _count(pairs: Sequence[ReadingPair]) -> Count:
    return Count(len(pairs), sum(p.sponsor == p.reading for p in pairs))


def _grouped(pairs: Sequence[ReadingPair], key: str) -> dict[str, Count]:
    groups: dict[str, list[ReadingPair]] = {}
    for pair in pairs:
        groups.setdefault(getattr(pair, key), []).append(pair)
    return {name: _count(group) for name, group in groups.items()}


def reading_agreement(body: str, pairs: Sequence[ReadingPair]) -> ReadingAgreement:
    """Same/different counts, by status and theme, and κ where it means something."""
    kappa: float | None = None
    undefined: KappaUndefined | None = None
    if len(pairs) < MIN_KAPPA_PAIRS:
        undefined = KappaUndefined.TOO_FEW
    else:
        kappa = cohen_kappa([p.sponsor for p in pairs], [p.reading for p in pairs])
        if kappa is None:
            undefined = KappaUndefined.SINGLE_STATUS
    return ReadingAgreement(body, _count(pairs), _grouped(pairs, "sponsor"), _grouped(pairs, "theme"), kappa, undefined,
                            [p for p in pairs if p.sponsor != p.reading])
