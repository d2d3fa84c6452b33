"""French messages of the citizens' voice: other readings, feedback on answers (keys ``voice.*``)."""

from surveys.i18n import register

register("fr", {
    "voice.readings.unknown_column": "Colonne « {header} » inconnue dans la feuille « Lectures » : elle est ignorée.",
    "voice.readings.missing_column": "Colonne « {header} » absente de la feuille « {sheet} » (ligne d'en-tête).",
    "voice.readings.missing_id": "Identifiant manquant : indiquez la proposition lue (colonne « Identifiant » de la feuille « Propositions »).",
    "voice.readings.unknown_id": "La proposition « {id} » n'existe pas dans la feuille « Propositions ». Corrigez l'identifiant.",
    "voice.readings.missing_body": "Instance manquante pour la proposition « {id} » : indiquez qui fait cette lecture (par exemple « Comité de suivi citoyen »).",
    "voice.readings.duplicate": "La proposition « {id} » est déjà lue par « {body} » à la ligne {row}. Une seule lecture par proposition et par instance.",
    "voice.readings.missing_status": "Statut manquant : indiquez le statut tel que l'instance le lit, parmi : {expected}.",
    "voice.readings.unknown_status": "Statut « {value} » non reconnu.{hint} Valeurs possibles : {expected}.",
    "voice.readings.unknown_assessment": "Appréciation « {value} » non reconnue.{hint} Valeurs possibles : {expected}.",
    "voice.readings.personal_data": "Ce commentaire contient une adresse électronique ou un numéro de téléphone : ils sont masqués dans tout ce qui est publié. Retirez-les.",
    "voice.template.title": "Feuille « {sheet} » : la lecture des autres instances",
    "voice.template.intro": "Le comité de suivi citoyen, le comité de garants ou toute autre instance peut y donner sa propre lecture de chaque réponse.\nUne ligne par proposition et par instance ; l'identifiant est celui de la feuille « Propositions ». Les deux lectures figurent côte à côte dans la réponse motivée, les données ouvertes et le rapport d'évaluation.",
    "voice.template.column.id": "Identifiant de la proposition lue, tel qu'il figure dans la feuille « Propositions ».",
    "voice.template.column.body": "Nom de l'instance qui fait cette lecture, par exemple « Comité de suivi citoyen » ou « Comité de garants ».",
    "voice.template.column.status": "Statut de la proposition tel que l'instance le lit, dans la même liste que le statut du commanditaire.",
    "voice.template.column.assessment": "Appréciation de la réponse du commanditaire : Satisfaisante, Partielle ou Insatisfaisante.",
    "voice.template.column.comment": "Commentaire de l'instance, publié tel quel : aucune donnée personnelle.",
})
