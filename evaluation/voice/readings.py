"""Other bodies' readings beside the sponsor's: per proposal, agreement per body, and what the site shows."""

from __future__ import annotations

from typing import Any

from evaluation.followup.readings import Reading, agreements_of
from evaluation.followup.register import Register
from indicators.readings import ReadingAgreement
from indicators.vocabulary import LABELS


def readings_by_proposal(register: Register) -> dict[str, list[Reading]]:
    """Each proposal's readings by other bodies (empty list when none), in register order."""
    by_id: dict[str, list[Reading]] = {p.id: [] for p in register.proposals}
    for reading in register.readings:
        by_id.setdefault(reading.proposal_id, []).append(reading)
    return by_id


def agreements(register: Register) -> list[ReadingAgreement]:
    """For each body, its agreement with the sponsor over the proposals both gave a status."""
    return agreements_of({p.id: (p.theme, str(p.status) if p.status else "") for p in register.proposals}, register.readings)


def site_readings(register: Register) -> dict[str, dict[str, Any]]:
    """For the public site, per proposal id: the sponsor's reading and every other body's, as plain values.

    ``{"P-01": {"commanditaire": {"statut": "retenue", "statut_libelle": "Retenue"},
    "lectures": [{"instance": …, "statut": …, "statut_libelle": …, "appreciation": …,
    "appreciation_libelle": …, "commentaire": …, "meme_statut": True}]}}``. Comments were
    masked of contacts when read; escape them as any text when writing HTML.
    """
    by_id = readings_by_proposal(register)
    result: dict[str, dict[str, Any]] = {}
    for p in register.proposals:
        result[p.id] = {
            "commanditaire": {"statut": str(p.status) if p.status else None, "statut_libelle": LABELS[p.status] if p.status else None},
            "lectures": [{"instance": r.body, "statut": str(r.status) if r.status else None, "statut_libelle": LABELS[r.status] if r.status else None,
                          "appreciation": str(r.assessment) if r.assessment else None,
                          "appreciation_libelle": LABELS[r.assessment] if r.assessment else None, "commentaire": r.comment,
                          "meme_statut": None if r.status is None or p.status is None else r.status is p.status}
                         for r in by_id.get(p.id, [])],
        }
    return result
