"""The register's controlled lists as people type them: statuses, reason codes, implementation states.

A value is matched after :func:`header_key` (case, accents and punctuation ignored), with the other
spellings people use; an unknown value gets the closest label as a suggestion.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from indicators.vocabulary import LABELS, Implementation, ReasonCode, Status
from surveys.text import label_key

STATUS_VARIANTS: dict[str, tuple[str, ...]] = {
    Status.RETENUE: ("retenu", "acceptee", "adoptee", "reprise"),
    Status.RETENUE_PARTIELLEMENT: ("partiellement retenue", "retenue en partie", "reprise partiellement", "retenue partiellement"),
    Status.NON_RETENUE: ("non retenu", "rejetee", "refusee", "ecartee", "non reprise"),
    Status.A_L_ETUDE: ("en cours d'etude", "a etudier", "en etude", "a l'examen", "en cours d'examen"),
    Status.DEJA_EN_VIGUEUR: ("deja en place", "deja existant", "deja existante", "existe deja", "deja mise en oeuvre"),
    Status.HORS_CHAMP: ("hors sujet", "hors perimetre", "hors du champ"),
}
REASON_VARIANTS: dict[str, tuple[str, ...]] = {
    ReasonCode.HORS_COMPETENCE: ("hors des competences", "pas de competence", "competence d'une autre autorite"),
    ReasonCode.COUT: ("budget", "cout trop eleve", "financement", "budgetaire"),
    ReasonCode.CADRE_JURIDIQUE: ("juridique", "cadre legal", "obstacle juridique", "droit"),
    ReasonCode.DEJA_COUVERT: ("deja couverte", "deja prevu", "deja prevue"),
    ReasonCode.ENGAGEMENT_INTERNATIONAL: ("engagement europeen", "engagement international", "droit europeen", "droit de l'union europeenne"),
    ReasonCode.ETUDE_NECESSAIRE: ("etude complementaire", "etude necessaire", "etude complementaire requise"),
    ReasonCode.AUTRE: ("autres", "autre motif"),
}
IMPLEMENTATION_VARIANTS: dict[str, tuple[str, ...]] = {
    Implementation.NON_ENGAGEE: ("non engage", "pas commencee", "pas engagee", "a engager", "non demarree", "non commencee"),
    Implementation.EN_COURS: ("en cours de mise en oeuvre", "engagee", "demarree", "commencee"),
    Implementation.REALISEE: ("realise", "terminee", "achevee", "faite", "mise en oeuvre"),
    Implementation.ABANDONNEE: ("abandonne", "arretee", "annulee"),
}
FUZZY_ACCEPT = 0.88  # similarity above which a misspelt label is read as the close one (with a warning)
FUZZY_SUGGEST = 0.6  # similarity above which an unknown label gets a « vouliez-vous dire » suggestion



def header_key(text: str) -> str:
    """Matching key of a column heading: ``Avancement (%)`` → ``avancement``."""
    return re.sub(r"[^a-z0-9']+", " ", label_key(text).replace("%", " ")).strip()


class LabelMatcher:
    """Reads a controlled label however it was typed, or suggests the closest one."""

    def __init__(self, canonical: Mapping[str, str], variants: Mapping[str, Iterable[str]] = {}, *, suggest: float = FUZZY_SUGGEST) -> None:
        self.canonical = dict(canonical)
        self.suggest = suggest
        self._keys: dict[str, str] = {}
        for code, text in canonical.items():
            for spelling in (text, code, code.replace("_", " "), *variants.get(code, ())):
                self._keys.setdefault(header_key(spelling), code)

    def match(self, raw: str) -> tuple[str | None, str | None]:
        """``(code, None)`` when recognised (exactly or nearly), ``(None, suggestion)`` otherwise."""
        key = header_key(raw)
        if key in self._keys:
            return self._keys[key], None
        best, score = self._closest(key)
        if best is not None and score >= FUZZY_ACCEPT:
            return best, None
        if best is not None and score >= self.suggest:
            return None, self.canonical[best]
        return None, None

    def _closest(self, key: str) -> tuple[str | None, float]:
        best, score = None, 0.0
        for candidate, code in self._keys.items():
            matcher = difflib.SequenceMatcher(None, key, candidate)
            # Cheap upper bounds first: a 30,000-character heading is never compared in full.
            floor = max(score, self.suggest)
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            ratio = matcher.ratio()
            if ratio > score:
                best, score = code, ratio
        return best, score

    def is_exact(self, raw: str) -> bool:
        """Whether ``raw`` is one of the known spellings (no typo tolerance)."""
        return header_key(raw) in self._keys

    def expected(self) -> str:
        return ", ".join(f"« {text} »" for text in self.canonical.values())


def _labels(enum: Iterable[str]) -> dict[str, str]:
    return {str(code): LABELS[code] for code in enum}


STATUS = LabelMatcher(_labels(Status), STATUS_VARIANTS)
REASON = LabelMatcher(_labels(ReasonCode), REASON_VARIANTS)
IMPLEMENTATION = LabelMatcher(_labels(Implementation), IMPLEMENTATION_VARIANTS)
