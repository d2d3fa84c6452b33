"""Indicator definitions: what each code of the ``indicator`` column of ``indicateurs.csv`` means.

One :class:`IndicatorDefinition` per code, with its French label, unit and what ``n`` counts,
so that the report, the Table Schema and the portfolio describe figures the same way.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


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
    """The meaning of one indicator code."""

    model_config = ConfigDict(frozen=True)

    code: str
    label: str  # French, for documents
    unit: Unit
    base: Base
    description: str  # French, one sentence


def _d(code: str, label: str, unit: Unit, base: Base, description: str) -> IndicatorDefinition:
    return IndicatorDefinition(code=code, label=label, unit=unit, base=base, description=description)


DEFINITIONS: dict[str, IndicatorDefinition] = {
    d.code: d
    for d in (
        # Per item and wave
        _d("reponses_valides", "Réponses valides", Unit.COUNT, Base.RESPONDENTS,
           "Nombre de répondants de la vague ayant donné une réponse sur l'échelle ; n = répondants de la vague."),
        _d("non_reponses", "Non-réponses", Unit.COUNT, Base.RESPONDENTS,
           "Nombre de répondants par motif de non-réponse (groupe motif=…) ; n = répondants de la vague."),
        _d("repartition", "Répartition des réponses", Unit.SHARE, Base.RESPONDENTS,
           "Part des réponses valides pour chaque modalité (groupe reponse=…) ; n = réponses valides."),
        _d("moyenne", "Moyenne", Unit.SCALE_POINTS, Base.RESPONDENTS,
           "Moyenne des réponses valides sur l'échelle de l'item, avec intervalle de Student à 95 %."),
        _d("part_favorable", "Part de réponses favorables", Unit.SHARE, Base.RESPONDENTS,
           "Part des réponses valides dans les modalités favorables (top-2-box), avec intervalle de Wilson à 95 %."),
        # Change on matched pairs
        _d("paires", "Paires appariées", Unit.COUNT, Base.PAIRS,
           "Nombre de répondants ayant répondu à l'item aux deux vagues comparées."),
        _d("difference_moyenne", "Évolution moyenne", Unit.SCALE_POINTS, Base.PAIRS,
           "Moyenne des différences (vague tardive − avant) sur les paires ; p de Wilcoxon (Pratt) ; "
           "taille d'effet : corrélation rang-bisériale ; intervalle bootstrap percentile à 95 %."),
        _d("correlation_rang_biseriale", "Corrélation rang-bisériale", Unit.CORRELATION, Base.PAIRS,
           "(R+ − R−) / (R+ + R−) sur les différences non nulles, rangs moyens pour les ex aequo ; "
           "intervalle bootstrap percentile à 95 % (rééchantillonnage des répondants)."),
        _d("evolution_part_favorable", "Évolution de la part de réponses favorables", Unit.SHARE_DIFFERENCE, Base.PAIRS,
           "Différence des parts favorables sur les mêmes répondants ; p du test exact de McNemar ; "
           "intervalle bootstrap percentile à 95 %."),
        # Dimension indices
        _d("indice", "Indice de la dimension", Unit.INDEX, Base.RESPONDENTS,
           "Moyenne des réponses ramenées sur 0–100, pour les répondants ayant répondu à au moins deux tiers des items."),
        _d("alpha_cronbach", "Alpha de Cronbach", Unit.COEFFICIENT, Base.RESPONDENTS,
           "Cohérence interne des items de la dimension (répondants ayant répondu à tous les items)."),
        _d("evolution_indice", "Évolution de l'indice", Unit.INDEX, Base.PAIRS,
           "Différence moyenne de l'indice sur les paires ; p de Wilcoxon (Pratt) ; corrélation rang-bisériale."),
        # Participation and attrition
        _d("repondants", "Répondants", Unit.COUNT, Base.RESPONDENTS, "Nombre de répondants de la vague."),
        _d("abandons", "Abandons", Unit.COUNT, Base.RESPONDENTS,
           "Répondants de la vague avant absents de la vague comparée."),
        _d("taux_de_retention", "Taux de rétention", Unit.SHARE, Base.RESPONDENTS,
           "Part des répondants de la vague avant présents à la vague comparée, avec intervalle de Wilson."),
        _d("difference_standardisee_abandons", "Différence standardisée (restés − partis)", Unit.COEFFICIENT, Base.DROPOUTS,
           "Écart des réponses avant entre ceux qui ont répondu ensuite et ceux qui sont partis, en écarts-types ; "
           "n = partis ayant répondu à l'item."),
        # Devoir de suite
        _d("propositions", "Propositions", Unit.COUNT, Base.PROPOSALS, "Nombre de propositions du registre."),
        _d("part_repondues", "Part des propositions ayant reçu une décision", Unit.SHARE, Base.PROPOSALS,
           "Propositions dont le statut n'est plus « À l'étude »."),
        _d("part_motivees", "Part des propositions motivées", Unit.SHARE, Base.PROPOSALS,
           "Propositions dont la réponse comporte une motivation écrite."),
        _d("part_statut", "Répartition par statut", Unit.SHARE, Base.PROPOSALS, "Part des propositions par statut (groupe statut=…)."),
        _d("part_code_motif", "Répartition par code motif", Unit.SHARE, Base.PROPOSALS,
           "Parmi les propositions non retenues ou retenues partiellement, part par code motif (groupe motif=…)."),
        _d("delai_median_decision", "Délai médian de décision", Unit.DAYS, Base.PROPOSALS,
           "Médiane des jours entre la restitution et la date de décision, sur les propositions décidées."),
        _d("part_decidees_dans_le_delai", "Part décidée dans le délai annoncé", Unit.SHARE, Base.PROPOSALS,
           "Propositions décidées au plus tard à la date de réponse annoncée, sur toutes les propositions."),
        _d("part_mise_en_oeuvre", "Répartition par état de mise en œuvre", Unit.SHARE, Base.PROPOSALS,
           "Parmi les propositions retenues ou retenues partiellement, part par état (groupe mise_en_oeuvre=…)."),
        _d("avancement_moyen", "Avancement moyen", Unit.PERCENT, Base.PROPOSALS,
           "Moyenne de l'avancement (0–100) des propositions retenues ou retenues partiellement qui l'indiquent."),
        # Citizens' feedback on each published answer (questionnaire de retours)
        _d("repondants_retours", "Répondants au questionnaire de retours", Unit.COUNT, Base.RESPONDENTS,
           "Personnes ayant donné au moins un avis sur une réponse publiée."),
        _d("part_reponse_jugee_claire", "Part jugeant la réponse claire", Unit.SHARE, Base.RESPONDENTS,
           "Pour la proposition (item), part des personnes qui jugent la réponse du commanditaire claire, avec intervalle de Wilson."),
        _d("part_reponse_jugee_motivee", "Part jugeant la réponse motivée", Unit.SHARE, Base.RESPONDENTS,
           "Pour la proposition (item), part des personnes qui jugent la réponse du commanditaire motivée, avec intervalle de Wilson."),
        _d("part_reponses_jugees_claires", "Part des réponses jugées claires", Unit.SHARE, Base.PROPOSALS,
           "Réponses jugées claires par une majorité des personnes, parmi celles dont l'avis est publié (assez d'avis)."),
        _d("part_reponses_jugees_motivees", "Part des réponses jugées motivées", Unit.SHARE, Base.PROPOSALS,
           "Réponses jugées motivées par une majorité des personnes, parmi celles dont l'avis est publié (assez d'avis)."),
        _d("part_reponses_jugees_claires_et_motivees", "Part des réponses jugées claires et motivées", Unit.SHARE, Base.PROPOSALS,
           "Réponses jugées à la fois claires et motivées par une majorité des personnes, parmi celles dont l'avis est publié."),
        # Quality checklist
        _d("critere_qualite", "Critère de qualité", Unit.COUNT, Base.CRITERIA,
           "1 si le critère du guide du CIPC est rempli, 0 sinon, vide si inconnu (note inconnu)."),
        _d("score_qualite", "Score de qualité", Unit.SHARE, Base.CRITERIA,
           "Critères remplis sur l'ensemble des critères ; un critère inconnu compte comme non rempli."),
        _d("score_qualite_renseigne", "Score de qualité (critères renseignés)", Unit.SHARE, Base.CRITERIA,
           "Critères remplis sur les critères renseignés (les inconnus sont écartés) ; n = critères renseignés."),
        _d("criteres_inconnus", "Critères inconnus", Unit.COUNT, Base.CRITERIA, "Critères non renseignés dans demarche.yaml."),
        # Representativeness
        _d("part_panel", "Part dans le panel", Unit.SHARE, Base.PARTICIPANTS,
           "Part des participants dans la catégorie (groupe categorie=…) ; n = participants de la catégorie."),
        _d("part_reference", "Part de référence", Unit.SHARE, Base.REFERENCE,
           "Part de la catégorie dans la population de référence (fichier de marges) ; donnée publique, n vide."),
        _d("ecart", "Écart à la référence", Unit.SHARE_DIFFERENCE, Base.PARTICIPANTS,
           "Part dans le panel moins part de référence ; n = participants de la catégorie."),
        _d("ecart_maximal", "Écart maximal", Unit.SHARE_DIFFERENCE, Base.PARTICIPANTS,
           "Écart le plus grand en valeur absolue, pour la catégorie indiquée par le groupe."),
        _d("indice_dissimilarite", "Indice de dissimilarité", Unit.SHARE, Base.PARTICIPANTS,
           "Moitié de la somme des écarts absolus : part du panel à déplacer pour atteindre les marges."),
        _d("non_renseignes", "Participants sans catégorie", Unit.COUNT, Base.PARTICIPANTS,
           "Participants dont la catégorie est inconnue, écartés du calcul ; n = participants."),
        # Impact inside the administration: coded interviews (indicators/internal_impact.py)
        _d("entretiens", "Entretiens codés", Unit.COUNT, Base.INTERVIEWS, "Nombre d'entretiens avec des agents codés sur la grille (par service : groupe service=…)."),
        _d("entretiens_double_codage", "Entretiens codés deux fois", Unit.COUNT, Base.INTERVIEWS, "Entretiens codés par au moins deux codeurs, base des statistiques d'accord."),
        _d("part_niveau_1_ou_plus", "Part des entretiens où le code est présent", Unit.SHARE, Base.INTERVIEWS,
           "Part des entretiens au niveau 1 (affirmé) ou 2 (attesté) pour le code (item), avec intervalle de Wilson à 95 %."),
        _d("part_niveau_2", "Part des entretiens où le code est attesté", Unit.SHARE, Base.INTERVIEWS,
           "Part des entretiens au niveau 2 (attesté par une pièce) pour le code (item), avec intervalle de Wilson à 95 %."),
        _d("indice_changement_pratique", "Indice de changement de pratique", Unit.SHARE, Base.INTERVIEWS,
           "Part des entretiens où P1 (pratiques) ou P5 (compétences) est attesté par une pièce (niveau 2)."),
        _d("services_avant_moyen", "Services cités avant la démarche (moyenne)", Unit.COUNT, Base.INTERVIEWS,
           "Nombre moyen de services avec lesquels la personne travaillait sur le sujet avant la démarche (P2)."),
        _d("services_apres_moyen", "Services cités après la démarche (moyenne)", Unit.COUNT, Base.INTERVIEWS,
           "Nombre moyen de services avec lesquels la personne travaille sur le sujet après la démarche (P2)."),
        _d("services_distincts_avant", "Services distincts cités avant", Unit.COUNT, Base.INTERVIEWS, "Nombre de services différents cités avant la démarche, tous entretiens confondus."),
        _d("services_distincts_apres", "Services distincts cités après", Unit.COUNT, Base.INTERVIEWS, "Nombre de services différents cités après la démarche, tous entretiens confondus."),
        _d("nouveaux_liens", "Nouveaux liens entre services", Unit.COUNT, Base.INTERVIEWS, "Services cités après la démarche mais pas avant, additionnés sur les entretiens."),
        _d("part_entretiens_nouveau_lien", "Part des entretiens citant un nouveau lien", Unit.SHARE, Base.INTERVIEWS,
           "Part des entretiens où au moins un service est cité après la démarche mais pas avant, avec intervalle de Wilson."),
        _d("angles_morts", "Angles morts révélés", Unit.COUNT, Base.INTERVIEWS, "Nombre d'angles morts décrits (P3), tous entretiens confondus."),
        _d("part_entretiens_angle_mort", "Part des entretiens révélant un angle mort", Unit.SHARE, Base.INTERVIEWS,
           "Part des entretiens où au moins un angle mort est décrit, avec intervalle de Wilson."),
        _d("angles_morts_proposition", "Angles morts liés à une proposition", Unit.COUNT, Base.INTERVIEWS,
           "Pour la proposition du registre (item), nombre d'entretiens où elle a révélé un angle mort."),
        _d("kappa_pondere", "Kappa de Cohen pondéré", Unit.COEFFICIENT, Base.INTERVIEWS,
           "Accord entre les deux premiers codeurs sur le code (item), corrigé du hasard, pondération linéaire ; n = entretiens codés deux fois."),
        _d("accord_observe", "Accord observé", Unit.SHARE, Base.INTERVIEWS, "Part des entretiens codés deux fois où les codeurs donnent le même niveau au code (item)."),
        _d("alpha_krippendorff", "Alpha de Krippendorff", Unit.COEFFICIENT, Base.INTERVIEWS,
           "Accord entre codeurs sur tous les codes, métrique ordinale ; n = entretiens codés au moins deux fois."),
        _d("desaccords", "Désaccords entre codeurs", Unit.COUNT, Base.INTERVIEWS, "Nombre d'entretiens où les codeurs donnent des niveaux différents au code (item)."),
        _d("desaccords_non_reconcilies", "Désaccords à réconcilier", Unit.COUNT, Base.INTERVIEWS,
           "Désaccords sans niveau retenu dans la feuille « Réconciliation » : le niveau le plus bas est utilisé en attendant."),
    )
}


def definition(code: str) -> IndicatorDefinition:
    """The definition of an indicator code (``KeyError`` for an unknown code)."""
    return DEFINITIONS[code]
