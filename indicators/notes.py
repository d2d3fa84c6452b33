"""Codes of the ``note`` column: why a figure is empty, suppressed or to be read with care.

Each code has a French explanation in the message catalogue (``stats.note.<code>``), for the
report and for people reading ``indicateurs.csv``.
"""

from __future__ import annotations

from enum import StrEnum

from surveys.i18n import t


class Note(StrEnum):
    NO_ANSWER = "aucune_reponse"
    SINGLE_ANSWER = "une_seule_reponse"
    NO_PAIR = "aucune_paire"
    SINGLE_PAIR = "une_seule_paire"
    ALL_ZERO = "differences_toutes_nulles"
    NO_DROPOUT = "aucun_abandon"
    TOO_FEW = "effectif_insuffisant"
    NO_VARIATION = "sans_variation"
    NO_ALPHA = "alpha_non_calculable"
    NO_INDEX = "aucun_repondant_suffisant"
    SUPPRESSED = "secret_statistique"
    SECONDARY = "secret_secondaire"
    UNKNOWN = "inconnu"
    NO_RESTITUTION = "date_restitution_absente"
    NO_DEADLINE = "delai_non_engage"
    DEADLINE_AHEAD = "delai_non_echu"
    NO_PROPOSAL = "aucune_proposition"
    NO_DECISION = "aucune_decision"
    NO_PROGRESS = "avancement_non_renseigne"
    NO_PANEL = "aucun_participant"


def explain(note: str, threshold: int = 11) -> str:
    """French explanation of a note code (the code itself when unknown, e.g. from another module)."""
    try:
        return t(f"stats.note.{note}", threshold=threshold)
    except KeyError:
        return note
