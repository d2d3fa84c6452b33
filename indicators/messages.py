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
