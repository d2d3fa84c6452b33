"""Indicator definitions: what each code of the ``indicator`` column of ``indicateurs.csv`` means.

One :class:`IndicatorDefinition` per code, with its unit and what ``n`` counts (its French label
and description are in the catalogue, ``indicator.<code>.label`` and ``.description``),
so that the report, the Table Schema and the portfolio describe figures the same way.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from surveys.i18n import t


class Unit(StrEnum):
    """Units of the ``value`` column (never localised)."""

    COUNT = "nombre"
    SHARE = "part"  # between 0 and 1
    SCALE_POINTS = "points"  # on the item's own scale (see the item bank)
    INDEX = "indice_0_100"
    CORRELATION = "correlation"  # between −1 and 1
    COEFFICIENT = "coefficient"  # Cronbach's α, standardised mean difference
    DAYS = "jours"
    PERCENT = "pourcentage"  # 0–100 (implementation progress)
    SHARE_DIFFERENCE = "difference_de_part"  # between −1 and 1


class Base(StrEnum):
    """What ``n`` counts. Bases of people are subject to disclosure control."""

    RESPONDENTS = "repondants"
    PAIRS = "paires"
    PARTICIPANTS = "participants"
    DROPOUTS = "abandons"
    REFERENCE = "population_de_reference"  # reference shares: public, not the panel's people
    PROPOSALS = "propositions"
    CRITERIA = "criteres"
    INTERVIEWS = "entretiens"


PEOPLE_BASES = frozenset({Base.RESPONDENTS, Base.PAIRS, Base.PARTICIPANTS, Base.DROPOUTS})


class IndicatorDefinition(BaseModel):
    """The meaning of one indicator code; its French label and one-sentence description are in the catalogue."""

    model_config = ConfigDict(frozen=True)

    code: str
    unit: Unit
    base: Base

    @property
    def label(self) -> str:
        return t(f"indicator.{self.code}.label")

    @property
    def description(self) -> str:
        return t(f"indicator.{self.code}.description")


def _d(code: str, unit: Unit, base: Base) -> IndicatorDefinition:
    return IndicatorDefinition(code=code, unit=unit, base=base)


DEFINITIONS: dict[str, IndicatorDefinition] = {
    d.code: d
    for d in (
        # Per item and wave
        _d("reponses_valides", Unit.COUNT, Base.RESPONDENTS),
        _d("non_reponses", Unit.COUNT, Base.RESPONDENTS),
        _d("repartition", Unit.SHARE, Base.RESPONDENTS),
        _d("moyenne", Unit.SCALE_POINTS, Base.RESPONDENTS),
        _d("part_favorable", Unit.SHARE, Base.RESPONDENTS),
        # Change on matched pairs
        _d("paires", Unit.COUNT, Base.PAIRS),
        _d("difference_moyenne", Unit.SCALE_POINTS, Base.PAIRS),
        _d("correlation_rang_biseriale", Unit.CORRELATION, Base.PAIRS),
        _d("evolution_part_favorable", Unit.SHARE_DIFFERENCE, Base.PAIRS),
        # Dimension indices
        _d("indice", Unit.INDEX, Base.RESPONDENTS),
        _d("alpha_cronbach", Unit.COEFFICIENT, Base.RESPONDENTS),
        _d("evolution_indice", Unit.INDEX, Base.PAIRS),
        # Participation and attrition
        _d("repondants", Unit.COUNT, Base.RESPONDENTS),
        _d("abandons", Unit.COUNT, Base.RESPONDENTS),
        _d("taux_de_retention", Unit.SHARE, Base.RESPONDENTS),
        _d("difference_standardisee_abandons", Unit.COEFFICIENT, Base.DROPOUTS),
        # Devoir de suite
        _d("propositions", Unit.COUNT, Base.PROPOSALS),
        _d("part_repondues", Unit.SHARE, Base.PROPOSALS),
        _d("part_motivees", Unit.SHARE, Base.PROPOSALS),
        _d("part_statut", Unit.SHARE, Base.PROPOSALS),
        _d("part_code_motif", Unit.SHARE, Base.PROPOSALS),
        _d("delai_median_decision", Unit.DAYS, Base.PROPOSALS),
        _d("part_decidees_dans_le_delai", Unit.SHARE, Base.PROPOSALS),
        _d("part_mise_en_oeuvre", Unit.SHARE, Base.PROPOSALS),
        _d("avancement_moyen", Unit.PERCENT, Base.PROPOSALS),
        # Citizens' feedback on each published answer (questionnaire de retours)
        _d("repondants_retours", Unit.COUNT, Base.RESPONDENTS),
        _d("part_reponse_jugee_claire", Unit.SHARE, Base.RESPONDENTS),
        _d("part_reponse_jugee_motivee", Unit.SHARE, Base.RESPONDENTS),
        _d("part_reponses_jugees_claires", Unit.SHARE, Base.PROPOSALS),
        _d("part_reponses_jugees_motivees", Unit.SHARE, Base.PROPOSALS),
        _d("part_reponses_jugees_claires_et_motivees", Unit.SHARE, Base.PROPOSALS),
        # Quality checklist
        _d("critere_qualite", Unit.COUNT, Base.CRITERIA),
        _d("score_qualite", Unit.SHARE, Base.CRITERIA),
        _d("score_qualite_renseigne", Unit.SHARE, Base.CRITERIA),
        _d("criteres_inconnus", Unit.COUNT, Base.CRITERIA),
        # Representativeness
        _d("part_panel", Unit.SHARE, Base.PARTICIPANTS),
        _d("part_reference", Unit.SHARE, Base.REFERENCE),
        _d("ecart", Unit.SHARE_DIFFERENCE, Base.PARTICIPANTS),
        _d("ecart_maximal", Unit.SHARE_DIFFERENCE, Base.PARTICIPANTS),
        _d("indice_dissimilarite", Unit.SHARE, Base.PARTICIPANTS),
        _d("non_renseignes", Unit.COUNT, Base.PARTICIPANTS),
        # Impact inside the administration: coded interviews (indicators/internal_impact.py)
        _d("entretiens", Unit.COUNT, Base.INTERVIEWS),
        _d("entretiens_double_codage", Unit.COUNT, Base.INTERVIEWS),
        _d("part_niveau_1_ou_plus", Unit.SHARE, Base.INTERVIEWS),
        _d("part_niveau_2", Unit.SHARE, Base.INTERVIEWS),
        _d("indice_changement_pratique", Unit.SHARE, Base.INTERVIEWS),
        _d("services_avant_moyen", Unit.COUNT, Base.INTERVIEWS),
        _d("services_apres_moyen", Unit.COUNT, Base.INTERVIEWS),
        _d("services_distincts_avant", Unit.COUNT, Base.INTERVIEWS),
        _d("services_distincts_apres", Unit.COUNT, Base.INTERVIEWS),
        _d("nouveaux_liens", Unit.COUNT, Base.INTERVIEWS),
        _d("part_entretiens_nouveau_lien", Unit.SHARE, Base.INTERVIEWS),
        _d("angles_morts", Unit.COUNT, Base.INTERVIEWS),
        _d("part_entretiens_angle_mort", Unit.SHARE, Base.INTERVIEWS),
        _d("angles_morts_proposition", Unit.COUNT, Base.INTERVIEWS),
        _d("kappa_pondere", Unit.COEFFICIENT, Base.INTERVIEWS),
        _d("accord_observe", Unit.SHARE, Base.INTERVIEWS),
        _d("alpha_krippendorff", Unit.COEFFICIENT, Base.INTERVIEWS),
        _d("desaccords", Unit.COUNT, Base.INTERVIEWS),
        _d("desaccords_non_reconcilies", Unit.COUNT, Base.INTERVIEWS),
    )
}


def definition(code: str) -> IndicatorDefinition:
    """The definition of an indicator code (``KeyError`` for an unknown code)."""
    return DEFINITIONS[code]
