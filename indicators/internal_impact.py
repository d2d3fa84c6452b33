"""Impact of the démarche inside the administration, from coded interviews (``impact_interne``).

Figures are computed on the level used for each interview and code (see
:func:`indicators.agreement.final_levels`): the reconciled level when coders disagreed, else the
coders' common level, else the lower of the two. ``n`` counts interviews (base ``entretiens``).

- per code: share of interviews at level ≥ 1 and at level 2, with Wilson intervals; the
  practice-change index (level 2 on P1 or P5);
- collaboration (P2): services named before and after, new ties;
- blind spots (P3): how many, and for each proposal of the register, in how many interviews it
  revealed one;
- agreement between coders: weighted κ per code, observed agreement, Krippendorff's α overall,
  disagreements and those still to reconcile;
- breakdowns by service, suppressed for services with fewer than ``min_service_size``
  interviewees (3), with a second service suppressed when one alone could be found by difference.

Quotes and blind-spot descriptions are published only through :func:`published_quotes` and
:func:`blind_spot_descriptions`, which mask names, e-mails and telephone numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from indicators.agreement import FinalLevel, LevelSource, Weights, code_agreement, disagreements, final_levels, overall_alpha
from indicators.definitions import Base, Unit
from indicators.models import IndicatorResult
from indicators.survey.stats import wilson_interval
from indicators.vocabulary import Dimension
from surveys.interviews import CODES, EvidenceLevel, InterviewSet
from surveys.redaction import redact
from surveys.text import label_key

MIN_SERVICE_SIZE = 3
PRACTICE_CHANGE_CODES = ("P1", "P5")
SERVICE_GROUP = "service"
KAPPA_WEIGHTS: Weights = "linear"


class InterviewNote:
    """Codes of the ``note`` column written by this module (explained in ``stats.note.<code>``)."""

    LINEAR_WEIGHTS = "kappa_ponderation_lineaire"
    NO_DOUBLE_CODING = "aucun_double_codage"
    SINGLE_CATEGORY = "accord_une_seule_modalite"
    UNRESOLVED = "desaccords_non_reconcilies"
    SMALL_SERVICE = "service_moins_de_3_entretiens"
    SECONDARY = "secret_secondaire"
    NO_INTERVIEW = "aucun_entretien"


def _result(indicator: str, *, n: int | None, value: float | None, unit: Unit, item: str = "", group: str = "",
            ci: tuple[float, float] | None = None, note: str = "", suppressed: bool = False) -> IndicatorResult:  # fmt: skip
    return IndicatorResult(
        dimension=Dimension.IMPACT_INTERNE,
        indicator=indicator,
        item=item,
        group=group,
        n=n,
        base=Base.INTERVIEWS,
        value=value,
        unit=unit,
        ci_low=ci[0] if ci else None,
        ci_high=ci[1] if ci else None,
        note=note,
        suppressed=suppressed,
    )


def _share(indicator: str, hits: int, n: int, *, item: str = "", group: str = "", note: str = "") -> IndicatorResult:
    if n == 0:
        return _result(indicator, n=0, value=None, unit=Unit.SHARE, item=item, group=group, note=InterviewNote.NO_INTERVIEW)
    return _result(indicator, n=n, value=hits / n, unit=Unit.SHARE, item=item, group=group, ci=wilson_interval(hits, n), note=note)


def internal_impact_indicators(interviews: InterviewSet, *, min_service_size: int = MIN_SERVICE_SIZE) -> list[IndicatorResult]:
    """Every ``impact_interne`` row of ``indicateurs.csv`` for one set of coded interviews."""
    levels = {(f.interview_id, f.code): f for f in final_levels(interviews)}
    ids = interviews.interview_ids()
    unresolved = any(f.source is LevelSource.UNRESOLVED for f in levels.values())
    note = InterviewNote.UNRESOLVED if unresolved else ""
    rows = [_result("entretiens", n=len(ids), value=float(len(ids)), unit=Unit.COUNT, note="" if ids else InterviewNote.NO_INTERVIEW)]
    rows += _level_shares(ids, levels, note=note)
    rows += _collaboration(interviews, ids)
    rows += _blind_spots(interviews, ids)
    rows += agreement_indicators(interviews)
    rows += _by_service(interviews, ids, levels, min_service_size, note)
    return rows


def _level_shares(ids: list[str], levels: dict[tuple[str, str], FinalLevel], *, group: str = "", note: str = "") -> list[IndicatorResult]:
    rows = []
    n = len(ids)
    for code in CODES:
        at_least_one = sum(levels[(i, code)].level >= EvidenceLevel.ASSERTED for i in ids)
        evidenced = sum(levels[(i, code)].level == EvidenceLevel.EVIDENCED for i in ids)
        rows.append(_share("part_niveau_1_ou_plus", at_least_one, n, item=code, group=group, note=note))
        rows.append(_share("part_niveau_2", evidenced, n, item=code, group=group, note=note))
    practice = sum(any(levels[(i, c)].level == EvidenceLevel.EVIDENCED for c in PRACTICE_CHANGE_CODES) for i in ids)
    rows.append(_share("indice_changement_pratique", practice, n, group=group, note=note))
    return rows


def interview_services(interviews: InterviewSet, interview_id: str) -> tuple[dict[str, str], dict[str, str]]:
    """Services named before and after for one interview (union over its coders), by matching key."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for coding in interviews.codings_of(interview_id):
        for name in coding.services_before:
            before.setdefault(label_key(name), name)
        for name in coding.services_after:
            after.setdefault(label_key(name), name)
    return before, after


def _collaboration(interviews: InterviewSet, ids: list[str]) -> list[IndicatorResult]:
    named = {i: interview_services(interviews, i) for i in ids}
    answered = [i for i in ids if named[i][0] or named[i][1]]
    n = len(answered)
    if n == 0:
        return [_result(code, n=0, value=None, unit=Unit.COUNT, note=InterviewNote.NO_INTERVIEW)
                for code in ("services_avant_moyen", "services_apres_moyen", "nouveaux_liens")]  # fmt: skip
    before_all = {key for i in answered for key in named[i][0]}
    after_all = {key for i in answered for key in named[i][1]}
    new_ties = {i: set(named[i][1]) - set(named[i][0]) for i in answered}
    return [
        _result("services_avant_moyen", n=n, value=sum(len(named[i][0]) for i in answered) / n, unit=Unit.COUNT),
        _result("services_apres_moyen", n=n, value=sum(len(named[i][1]) for i in answered) / n, unit=Unit.COUNT),
        _result("services_distincts_avant", n=n, value=float(len(before_all)), unit=Unit.COUNT),
        _result("services_distincts_apres", n=n, value=float(len(after_all)), unit=Unit.COUNT),
        _result("nouveaux_liens", n=n, value=float(sum(len(s) for s in new_ties.values())), unit=Unit.COUNT),
        _share("part_entretiens_nouveau_lien", sum(bool(s) for s in new_ties.values()), n),
    ]


def interview_blind_spots(interviews: InterviewSet, interview_id: str) -> list[tuple[str, tuple[str, ...]]]:
    """Distinct blind spots of one interview over its coders: (description, proposals)."""
    seen: dict[tuple[str, ...] | str, tuple[str, tuple[str, ...]]] = {}
    for coding in interviews.codings_of(interview_id):
        for spot in coding.blind_spots:
            key: tuple[str, ...] | str = tuple(sorted(spot.proposals)) or label_key(spot.description)
            seen.setdefault(key, (spot.description, spot.proposals))
    return list(seen.values())


def _blind_spots(interviews: InterviewSet, ids: list[str]) -> list[IndicatorResult]:
    n = len(ids)
    spots = {i: interview_blind_spots(interviews, i) for i in ids}
    rows = [
        _result("angles_morts", n=n, value=float(sum(len(s) for s in spots.values())), unit=Unit.COUNT),
        _share("part_entretiens_angle_mort", sum(bool(s) for s in spots.values()), n),
    ]
    per_proposal: Counter[str] = Counter()
    for interview_id in ids:
        per_proposal.update({p for _, proposals in spots[interview_id] for p in proposals})
    for proposal in sorted(per_proposal, key=_natural_key):
        rows.append(_result("angles_morts_proposition", n=n, value=float(per_proposal[proposal]), unit=Unit.COUNT, item=proposal))
    return rows


def _natural_key(text: str) -> tuple[int | str, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def agreement_indicators(interviews: InterviewSet) -> list[IndicatorResult]:
    """κ and observed agreement per code, α overall, disagreements: the reliability of the coding."""
    alpha = overall_alpha(interviews)
    rows = [_result("entretiens_double_codage", n=alpha.n, value=float(alpha.n), unit=Unit.COUNT)]
    if alpha.n == 0:
        rows.append(_result("alpha_krippendorff", n=0, value=None, unit=Unit.COEFFICIENT, note=InterviewNote.NO_DOUBLE_CODING))
        return rows
    found = disagreements(interviews)
    for code in CODES:
        kappa = code_agreement(interviews, code, weights=KAPPA_WEIGHTS)
        note = InterviewNote.LINEAR_WEIGHTS if kappa.value is not None else InterviewNote.SINGLE_CATEGORY
        rows.append(_result("kappa_pondere", n=kappa.n, value=kappa.value, unit=Unit.COEFFICIENT, item=code, ci=kappa.interval, note=note))
        rows.append(_result("accord_observe", n=kappa.n, value=kappa.observed, unit=Unit.SHARE, item=code))
        on_code = [d for d in found if d.code == code]
        rows.append(_result("desaccords", n=kappa.n, value=float(len(on_code)), unit=Unit.COUNT, item=code))
    rows.append(_result("alpha_krippendorff", n=alpha.n, value=alpha.value, unit=Unit.COEFFICIENT,
                        note="" if alpha.value is not None else InterviewNote.SINGLE_CATEGORY))  # fmt: skip
    open_count = sum(d.reconciled is None for d in found)
    rows.append(_result("desaccords_non_reconcilies", n=alpha.n, value=float(open_count), unit=Unit.COUNT))
    return rows


def service_of(interviews: InterviewSet, interview_id: str) -> str:
    """The service of an interview, as its first coder wrote it."""
    return interviews.codings_of(interview_id)[0].service


def suppressed_services(sizes: dict[str, int], unassigned: int, min_size: int = MIN_SERVICE_SIZE) -> tuple[set[str], set[str]]:
    """Services to suppress: (primary, secondary).

    Primary: fewer than ``min_size`` interviewees. Secondary: when exactly one service is
    suppressed and every interview has a service, the overall figures minus the published
    services would give it away, so the smallest other service is suppressed too.
    """
    primary = {s for s, size in sizes.items() if size < min_size}
    secondary: set[str] = set()
    published = [s for s in sizes if s not in primary]
    if len(primary) == 1 and unassigned == 0 and published:
        secondary.add(min(published, key=lambda s: (sizes[s], s)))
    return primary, secondary


def _by_service(interviews: InterviewSet, ids: list[str], levels: dict[tuple[str, str], FinalLevel], min_size: int, note: str) -> list[IndicatorResult]:
    groups: dict[str, list[str]] = {}
    spelling: dict[str, str] = {}
    unassigned = 0
    for interview_id in ids:
        service = service_of(interviews, interview_id)
        if not service:
            unassigned += 1
            continue
        key = label_key(service)
        spelling.setdefault(key, service)
        groups.setdefault(key, []).append(interview_id)
    if len(groups) < 2 and not unassigned:
        return []  # a single service: the breakdown would repeat the overall figures
    sizes = {key: len(members) for key, members in groups.items()}
    primary, secondary = suppressed_services(sizes, unassigned, min_size)
    rows = []
    for key, members in groups.items():
        group = f"{SERVICE_GROUP}={spelling[key]}"
        service_rows = [_result("entretiens", n=len(members), value=float(len(members)), unit=Unit.COUNT, group=group)]
        service_rows += _level_shares(members, levels, group=group, note=note)
        if key in primary or key in secondary:
            reason = InterviewNote.SMALL_SERVICE if key in primary else InterviewNote.SECONDARY
            service_rows = [r.model_copy(update={"n": None, "value": None, "ci_low": None, "ci_high": None, "suppressed": True, "note": reason}) for r in service_rows]
        rows += service_rows
    return rows


# --- qualitative material, redacted ---------------------------------------------------------------


@dataclass(frozen=True)
class PublishedQuote:
    """A quote fit for publication: names, e-mails and telephone numbers masked."""

    code: str
    text: str


def _names(interviews: InterviewSet, interview_id: str) -> list[str]:
    return [name for coding in interviews.codings_of(interview_id) for name in coding.names]


def published_quotes(interviews: InterviewSet, codes: Iterable[str] = CODES) -> list[PublishedQuote]:
    """Every quote, once per interview even when both coders kept it, redacted, by code order."""
    wanted = list(codes)
    quotes: list[PublishedQuote] = []
    for interview_id in interviews.interview_ids():
        names = _names(interviews, interview_id)
        seen: set[tuple[str, str]] = set()
        for coding in interviews.codings_of(interview_id):
            for code in wanted:
                for quote in coding.scores[code].quotes:
                    key = (code, label_key(quote))
                    if key not in seen:
                        seen.add(key)
                        quotes.append(PublishedQuote(code, redact(quote, names)))
    order = {code: i for i, code in enumerate(wanted)}
    return sorted(quotes, key=lambda q: order[q.code])


@dataclass(frozen=True)
class PublishedBlindSpot:
    """A blind spot fit for publication, with the proposals that revealed it."""

    description: str
    proposals: tuple[str, ...]


def blind_spot_descriptions(interviews: InterviewSet) -> list[PublishedBlindSpot]:
    """Every distinct blind spot (P3), its description redacted, in interview order."""
    result = []
    for interview_id in interviews.interview_ids():
        names = _names(interviews, interview_id)
        for description, proposals in interview_blind_spots(interviews, interview_id):
            result.append(PublishedBlindSpot(redact(description, names), proposals))
    return result


__all__ = [
    "MIN_SERVICE_SIZE",
    "InterviewNote",
    "PublishedBlindSpot",
    "PublishedQuote",
    "agreement_indicators",
    "blind_spot_descriptions",
    "internal_impact_indicators",
    "published_quotes",
    "suppressed_services",
]
