"""Checks across codings: duplicates, two coders, reconciliation, blind spots."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from surveys.i18n import t
from surveys.interviews.columns import field_label, sheet_name
from surveys.interviews.model import BLIND_SPOT_CODE, CODES, BlindSpot, CodedInterview, EvidenceLevel, InterviewSet, Place, Reconciliation
from surveys.interviews.values import interview_key, proposal_lookup, suggest_proposal
from surveys.problems import Problem, ProblemReport, Severity
from surveys.text import label_key


def validate(
    codings: list[CodedInterview],
    reconciliations: list[Reconciliation],
    report: ProblemReport,
    proposal_ids: Collection[str] | None,
    source: str,
) -> InterviewSet:
    """Checks that need every coding: duplicates, metadata, blind spots, reconciliations."""
    kept: list[CodedInterview] = []
    first: dict[tuple[str, str], CodedInterview] = {}
    by_interview: dict[str, list[CodedInterview]] = {}
    spelling: dict[str, str] = {}  # « e01 » and « E01 » are one interview, spelt as first read
    for coding in codings:
        canonical = spelling.setdefault(interview_key(coding.interview_id), coding.interview_id)
        if canonical != coding.interview_id:
            coding = dataclasses.replace(coding, interview_id=canonical)
        key = (coding.interview_id, label_key(coding.coder))
        where = coding.place or Place(source)
        if key in first:
            report.add(where.problem("codage_en_double", t("interview.duplicate_coding", interview=coding.interview_id, coder=coding.coder, where=_where(first[key].place))))
            continue
        first[key] = coding
        by_interview.setdefault(coding.interview_id, []).append(coding)
        kept.append(coding)
    for interview_id, group in by_interview.items():
        head = group[0]
        for other in group[1:]:
            for attribute in ("service", "role", "date"):
                mine, theirs = getattr(head, attribute), getattr(other, attribute)
                if mine and theirs and (label_key(str(mine)) != label_key(str(theirs))):
                    report.add((other.place or Place(source)).problem(
                        "metadonnees_divergentes",
                        t("interview.metadata_differs", interview=interview_id, field=field_label(attribute), value=str(theirs), first=str(mine), coder=head.coder),
                        value=str(theirs), severity=Severity.WARNING))  # fmt: skip
        if len(group) > 2:
            report.add((group[2].place or Place(source)).problem("plus_de_deux_codeurs", t("interview.more_than_two_coders", interview=interview_id, n=len(group)),
                                                                 severity=Severity.WARNING))
    known = proposal_lookup(proposal_ids) if proposal_ids is not None else None
    checked: list[CodedInterview] = []
    for coding in kept:
        spots = []
        for spot in coding.blind_spots:
            spots.append(_check_blind_spot(spot, coding, known, report, source))
        level = coding.scores[BLIND_SPOT_CODE].level
        where = coding.place or Place(source)
        if level >= EvidenceLevel.ASSERTED and not coding.blind_spots:
            report.add(where.problem("angles_morts_absents", t("interview.blind_spots_missing", interview=coding.interview_id, coder=coding.coder, level=level),
                                     severity=Severity.WARNING))
        if level == EvidenceLevel.ABSENT and coding.blind_spots:
            report.add(where.problem("angles_morts_niveau_zero", t("interview.blind_spots_at_zero", interview=coding.interview_id, coder=coding.coder), severity=Severity.WARNING))
        checked.append(dataclasses.replace(coding, blind_spots=tuple(spots)))
    valid_reconciliations = []
    for reconciliation in reconciliations:
        canonical = spelling.get(interview_key(reconciliation.interview_id), reconciliation.interview_id)
        reconciliation = dataclasses.replace(reconciliation, interview_id=canonical)
        if reconciliation.interview_id not in by_interview:
            where = reconciliation.place or Place(source)
            report.add(where.problem("reconciliation_sans_entretien", t("interview.reconciliation_unknown_interview", interview=reconciliation.interview_id),
                                     value=reconciliation.interview_id))
            continue
        valid_reconciliations.append(reconciliation)
    _report_disagreements(by_interview, {(r.interview_id, r.code) for r in valid_reconciliations}, report, source)
    if not checked and not report.has_errors:
        report.add(Problem(file=source, code="aucun_entretien", severity=Severity.WARNING, message=t("interview.none")))
    return InterviewSet(tuple(checked), tuple(valid_reconciliations), source)


def _report_disagreements(
    by_interview: dict[str, list[CodedInterview]], reconciled: set[tuple[str, str]], report: ProblemReport, source: str
) -> None:
    """One warning per interview × code on which the coders differ and no agreed level is given."""
    for interview_id, group in by_interview.items():
        if len(group) < 2:
            continue
        for code in CODES:
            levels = [c.scores[code].level for c in group]
            if len(set(levels)) == 1 or (interview_id, code) in reconciled:
                continue
            listed = ", ".join(f"{c.coder} : {level}" for c, level in zip(group, levels))
            where = group[1].place or Place(source)
            report.add(where.problem(
                "desaccord_a_reconcilier",
                t("interview.disagreement", code=code, interview=interview_id, levels=listed, lowest=min(levels), sheet=sheet_name("reconciliation")),
                severity=Severity.WARNING))  # fmt: skip


def _check_blind_spot(spot: BlindSpot, coding: CodedInterview, known: dict[str, str] | None, report: ProblemReport, source: str) -> BlindSpot:
    where = spot.place or coding.place or Place(source)
    if not spot.proposals:
        report.add(where.problem("angle_mort_sans_proposition", t("interview.blind_spot_unlinked"), severity=Severity.WARNING))
        return spot
    if known is None:
        return spot
    linked = []
    for proposal in spot.proposals:
        if proposal.upper() in known:
            linked.append(known[proposal.upper()])
            continue
        suggestion = suggest_proposal(proposal.upper(), known)
        if suggestion:
            message = t("interview.unknown_proposal_suggest", proposal=proposal, suggestion=suggestion)
        else:
            message = t("interview.unknown_proposal", proposal=proposal)
        report.add(where.problem("proposition_inconnue", message, value=proposal))
    return BlindSpot(spot.description, tuple(linked), spot.place)


def _where(place: Place | None) -> str:
    """A short French reference to where a coding was read (« ligne 4 », « E03-b.docx »)."""
    if place is None:
        return ""
    if place.row is not None and place.table is None:
        return t("interview.where_row", row=place.row)
    return t("interview.where_file", file=place.file)
