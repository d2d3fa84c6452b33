"""French messages of the ``evaluation`` package (démarche, register, documents, CLI)."""

from surveys.i18n import register

register(
    "fr",
    {
        "cli.error": "Erreur : {message}",
        "cli.try_help": "Essayez « {command} --help » pour l'aide.",
        "cli.no_such_option": "option inconnue : {option}",
        "cli.missing_parameter": "argument manquant : {name}",
        "cli.bad_parameter": "valeur invalide pour {name} : {detail}",
        "cli.no_such_command": "commande inconnue : {detail}",
        "cli.aborted": "Interrompu.",
        "demarche.no_folder": "Le dossier « {folder} » est introuvable. Créez-le avec « suivi init {folder} ».",
        "demarche.missing": "Le dossier « {folder} » ne contient pas de fichier demarche.yaml. Créez un dossier prêt à remplir avec « suivi init {folder} ».",
        "demarche.not_mapping": "demarche.yaml doit contenir des clés (titre, commanditaire, dates…), une par ligne.",
        "demarche.invalid": "demarche.yaml contient des erreurs :\n{problems}",
        "demarche.dates_order": "la date de fin est antérieure à la date de début.",
        "demarche.restitution_order": "la date de restitution est antérieure à la date de début.",
        "docx.template_missing": "Le modèle Word « {file} » est introuvable.",
        "docx.template_not_docx": "« {file} » n'est pas un document Word .docx (un modèle .dotx doit être enregistré en .docx).",
        "docx.template_unreadable": "Le modèle Word « {file} » est endommagé et ne peut pas être ouvert.",
        "docx.template_styles": "Le modèle Word « {file} » ne définit pas ces styles requis : {styles}. Dans Word, appliquez chacun de ces styles au moins une fois dans le modèle, puis enregistrez-le.",
    },
)
