"""French messages of the ``indicators`` package (item bank, statistics, checklist)."""

from surveys.i18n import register

register(
    "fr",
    {
        "itembank.invalid": "Le fichier d'items « {file} » contient des erreurs :\n{problems}",
        "itembank.unknown_scale": "échelle « {scale} » inconnue ; échelles définies dans le bloc scales : {known}.",
        "itembank.unknown_source": "source « {source} » inconnue ; valeurs possibles : {known}.",
        "itembank.unknown_audience": "public « {audience} » inconnu ; valeurs possibles : {known}.",
        "itembank.duplicate_id": "L'identifiant d'item « {id} » est utilisé plusieurs fois : chaque item doit avoir un identifiant unique.",
        "itembank.duplicate_heading": "L'intitulé « {heading} » désigne plusieurs items ({ids}) : un intitulé ou un alias ne peut désigner qu'un item.",
    },
)

register(
    "fr",
    {
        "stats.note.aucune_reponse": "Personne n'a donné de réponse valide à cet item dans cette vague.",
        "stats.note.une_seule_reponse": "Une seule réponse valide : pas d'intervalle de confiance.",
        "stats.note.aucune_paire": "Aucun répondant n'a répondu aux deux vagues : l'évolution ne peut pas être mesurée.",
        "stats.note.une_seule_paire": "Une seule paire : l'évolution est indiquée sans valeur de preuve.",
        "stats.note.differences_toutes_nulles": "Toutes les réponses sont identiques aux deux vagues : aucune évolution (p = 1).",
        "stats.note.aucun_abandon": "Tous les répondants de la première vague ont répondu ensuite : pas de comparaison avec les abandons.",
        "stats.note.effectif_insuffisant": "Moins de deux personnes dans un des groupes comparés : la différence standardisée n'est pas calculable.",
        "stats.note.alpha_non_calculable": "Moins de deux items ou de deux répondants complets, ou réponses sans variation : alpha non calculable.",
        "stats.note.aucun_repondant_suffisant": "Aucun répondant n'a répondu à au moins deux tiers des items de la dimension.",
        "stats.note.secret_statistique": "Masqué : moins de {threshold} personnes (secret statistique).",
        "stats.note.secret_secondaire": "Masqué pour qu'une case masquée ne puisse pas être retrouvée par différence.",
        "stats.note.inconnu": "Information absente de demarche.yaml.",
        "stats.note.date_restitution_absente": "Date de restitution absente de demarche.yaml (dates: restitution).",
        "stats.note.delai_non_engage": "Aucun délai de réponse annoncé dans demarche.yaml (delai_de_reponse).",
        "stats.note.delai_non_echu": "Le délai de réponse annoncé n'est pas encore échu : la part peut encore augmenter.",
        "stats.note.aucune_proposition": "Le registre ne contient aucune proposition concernée.",
        "stats.note.aucune_decision": "Aucune proposition n'a encore de date de décision.",
        "stats.note.avancement_non_renseigne": "Aucune proposition retenue n'indique son avancement.",
        "stats.note.aucun_participant": "Aucun participant n'a de catégorie connue pour cette variable.",
    },
)

# Notes of the internal-impact indicators (indicators/internal_impact.py), read by notes.explain()
register(
    "fr",
    {
        "stats.note.kappa_ponderation_lineaire": "Kappa de Cohen à pondération linéaire : un écart d'un niveau compte pour moitié, un écart de deux niveaux en entier.",
        "stats.note.aucun_double_codage": "Aucun entretien n'a été codé par deux personnes : l'accord entre codeurs ne peut pas être mesuré.",
        "stats.note.accord_une_seule_modalite": "Tous les niveaux donnés sont identiques : l'accord corrigé du hasard n'est pas calculable (voir l'accord observé).",
        "stats.note.desaccords_non_reconcilies": "Des désaccords entre codeurs ne sont pas encore réconciliés : le niveau le plus bas est utilisé en attendant.",
        "stats.note.service_moins_de_3_entretiens": "Masqué : moins de 3 personnes interrogées dans ce service.",
        "stats.note.aucun_entretien": "Aucun entretien codé pour ce calcul.",
    },
)
