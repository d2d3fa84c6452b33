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
        "stats.note.sans_variation": "Les réponses des deux groupes comparés ne varient pas : la différence standardisée n'est pas calculable.",
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

register(
    "fr",
    {
        "checklist.objet_et_marges_de_manoeuvre": "Objet et marges de manœuvre énoncés",
        "checklist.engagements_dates_publies": "Engagements publiés avec des échéances",
        "checklist.recrutement_et_composition_publics": "Méthode de recrutement et composition du panel rendues publiques",
        "checklist.intervenants_publics": "Liste des intervenants et experts rendue publique",
        "checklist.comite_de_garants": "Comité de garants",
        "checklist.information_plurielle": "Information plurielle et contradictoire",
        "checklist.resultats_publics": "Résultats rendus publics",
        "checklist.restitution_validee": "Restitution validée par les citoyens",
        "checklist.reponse_motivee_publique": "Réponse motivée et publique du commanditaire",
        "checklist.comite_de_suivi_citoyen": "Comité de suivi citoyen",
        "checklist.evaluation_prevue": "Évaluation prévue dès le départ",
        "checklist.questionnaire_court": "Questionnaire de 15 minutes au plus",
        "checklist.questions_ouvertes_et_fermees": "Questions ouvertes et fermées équilibrées",
    },
)

register(
    "fr",
    {
        "margins.empty": "La colonne « {column} » est vide sur cette ligne : indiquez-la ou supprimez la ligne.",
        "margins.bad_share": "La part doit être un nombre entre 0 et 1 (par exemple 0,52 ou 52 %).{hint}",
        "margins.percent_hint": " Si vous avez saisi des pourcentages, ajoutez le signe % ou divisez par 100.",
        "margins.duplicate": "La catégorie « {category} » de la variable « {variable} » figure déjà ligne {row} : gardez une seule ligne.",
        "margins.sum": "Les parts de la variable « {variable} » totalisent {total} au lieu de 1 : corrigez-les pour que leur somme fasse 1 (100 %).",
        "margins.no_rows": "Le fichier de marges ne contient aucune ligne : une ligne par catégorie (variable, categorie, part).",
        "margins.variable_absent": "La variable « {variable} » des marges n'existe pas dans le panel (colonnes : {columns}) : elle est ignorée. Nommez la colonne du panel comme la variable.",
        "margins.unknown_category.one": "La valeur « {value} » de la variable « {variable} » ({n} participant) ne correspond à aucune catégorie des marges ({expected}) : ce participant est compté comme non renseigné.",
        "margins.unknown_category.other": "La valeur « {value} » de la variable « {variable} » ({n} participants) ne correspond à aucune catégorie des marges ({expected}) : ces participants sont comptés comme non renseignés.",
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
