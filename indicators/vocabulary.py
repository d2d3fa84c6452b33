"""Controlled vocabularies shared by the register, the indicators and the documents.

Values are snake_case ASCII codes (used in open data); their French labels are in the catalogue
(``label.<code>``), read through ``LABELS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from surveys.i18n import CatalogueLabels


class Status(StrEnum):
    """The sponsor's decision on a citizen proposal."""

    RETENUE = "retenue"
    RETENUE_PARTIELLEMENT = "retenue_partiellement"
    NON_RETENUE = "non_retenue"
    A_L_ETUDE = "a_l_etude"
    DEJA_EN_VIGUEUR = "deja_en_vigueur"
    HORS_CHAMP = "hors_champ"


class ReasonCode(StrEnum):
    """Why a proposal is not (or not fully) retained."""

    HORS_COMPETENCE = "hors_competence"
    COUT = "cout"
    CADRE_JURIDIQUE = "cadre_juridique"
    DEJA_COUVERT = "deja_couvert"
    ENGAGEMENT_INTERNATIONAL = "engagement_europeen_ou_international"
    ETUDE_NECESSAIRE = "etude_complementaire_necessaire"
    AUTRE = "autre"


class Implementation(StrEnum):
    """Where the implementation of a decision stands (separate from the decision itself)."""

    NON_ENGAGEE = "non_engagee"
    EN_COURS = "en_cours"
    REALISEE = "realisee"
    ABANDONNEE = "abandonnee"


class Assessment(StrEnum):
    """How another body (citizens' follow-up committee, comité de garants…) judges the sponsor's answer."""

    SATISFAISANTE = "satisfaisante"
    PARTIELLE = "partielle"
    INSATISFAISANTE = "insatisfaisante"


class Dimension(StrEnum):
    """Families of indicators in ``indicateurs.csv``: the four CIPC dimensions and the others."""

    PERTINENCE = "pertinence"  # relevance and added value
    ORGANISATION = "organisation"  # quality of the organisation
    IMPACT_INTERNE = "impact_interne"  # impact inside the administration
    REPRESENTATIONS = "representations"  # citizens' representations of public action
    DEVOIR_DE_SUITE = "devoir_de_suite"  # answers to proposals, from the register
    QUALITE = "qualite"  # CIPC quality checklist, from demarche.yaml
    REPRESENTATIVITE = "representativite"  # panel against reference margins
    PARTICIPATION = "participation"  # respondents, pairs, attrition


LABELS: Mapping[str, str] = CatalogueLabels("label", [*Status, *ReasonCode, *Implementation, *Assessment, *Dimension])


def label(code: str) -> str:
    """French label of a vocabulary code."""
    return LABELS[code]
