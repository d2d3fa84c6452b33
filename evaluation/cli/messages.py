"""French texts of the command line: help pages, option help, placeholders, usage errors.

Keys (see ``evaluation/cli/base.py``): ``cli.help.<command>``, ``cli.option.<command>.<param>`` or
``cli.option.<param>`` (shared options), ``cli.metavar.<param>``, ``cli.missing.<command>.<param>``.
"""

from surveys.i18n import register

register(
    "fr",
    {
        # usage errors and the words of help pages
        "cli.error": "Erreur : {message}",
        "cli.try_help": "Essayez « {command} --help » pour l'aide.",
        "cli.no_such_option": "option inconnue : {option}",
        "cli.missing_parameter": "argument manquant : {name}",
        "cli.missing_option": "option obligatoire manquante : {name}",
        "cli.bad_parameter": "valeur invalide pour {name} : {detail}",
        "cli.option_needs_value": "l'option {option} attend une valeur",
        "cli.no_such_command": "commande inconnue : {detail}",
        "cli.extra_arguments": "argument en trop : {arguments}",
        "cli.aborted": "Interrompu.",
        "cli.list": "{head} ou {last}",
        "cli.type.choice": "« {value} » n'est pas une valeur possible ; choisissez {choices}.",
        "cli.type.integer": "« {value} » n'est pas un nombre entier.",
        "cli.type.minimum": "{value} est trop petit : au moins {minimum}.",
        "cli.type.date": "« {value} » n'est pas une date AAAA-MM-JJ (par exemple 2026-12-31).",
        "cli.usage": "Usage :",
        "cli.usage.options": "[OPTIONS]",
        "cli.usage.subcommand": "COMMANDE [ARGUMENTS]...",
        "cli.section.options": "Options ",
        "cli.section.commands": "Commandes ",
        "cli.extra.default": "par défaut : {value}",
        "cli.extra.minimum": "au moins {minimum}",
        "cli.extra.required": "obligatoire",
        # placeholders
        "cli.metavar.folder": "DOSSIER",
        "cli.metavar.paths": "DOSSIER...",
        "cli.metavar.out": "SORTIE",
        "cli.metavar.template": "MODELE.docx",
        "cli.metavar.threshold": "N",
        "cli.metavar.seed": "N",
        "cli.metavar.workers": "N",
        "cli.metavar.date": "AAAA-MM-JJ",
        # options shared by several commands
        "cli.option.help": "Afficher cette aide et quitter.",
        "cli.option.version": "Afficher la version et quitter.",
        "cli.option.debug": "Afficher la trace complète des erreurs (pour signaler un bogue).",
        "cli.option.template": "Modèle Word du commanditaire (polices, logo, couleurs) à la place du modèle fourni.",
        "cli.option.out": "Dossier de sortie (par défaut : DOSSIER/out).",
        "cli.option.threshold": "Secret statistique : masquer tout chiffre portant sur moins de N personnes.",
        "cli.option.seed": "Graine du bootstrap (résultats reproductibles).",
        # suivi
        "cli.help.suivi": (
            "suivi : devoir de suite et évaluation des démarches de participation citoyenne.\n\n"
            "\b\nExemples :\n"
            "  suivi init ma-demarche            crée un dossier prêt à remplir\n"
            "  suivi check ma-demarche           liste tous les problèmes à corriger\n"
            "  suivi respond ma-demarche         écrit la réponse motivée et les données ouvertes\n"
            "  suivi demo                        exécute tout sur l'exemple fourni"
        ),
        # suivi init
        "cli.help.init": (
            "Créer un dossier de démarche prêt à remplir.\n\n"
            "\b\nLe dossier reçoit demarche.yaml (commenté, clé par clé) et propositions.xlsx (listes\n"
            "déroulantes, en-tête figé, feuille « Mode d'emploi »). Un dossier existant non vide\n"
            "n'est jamais modifié.\n\n"
            "\b\nExemples :\n"
            "  suivi init ma-demarche\n"
            "  suivi init essai --example      copie la démarche d'exemple pour essayer"
        ),
        "cli.option.init.example": "Copier la démarche d'exemple fournie au lieu d'un dossier vierge.",
        # suivi check
        "cli.help.check": (
            "Vérifier tout le dossier et lister chaque problème à corriger.\n\n"
            "\b\nChaque problème indique le fichier, la feuille, la cellule (ligne Excel et lettre de\n"
            "colonne, avec son en-tête), la valeur, un code stable et comment corriger. Code de\n"
            "sortie : 0 si aucune erreur (les avertissements sont permis), 1 sinon.\n\n"
            "\b\nExemples :\n"
            "  suivi check ma-demarche\n"
            "  suivi check ma-demarche --format json > problemes.json"
        ),
        "cli.option.check.output_format": "texte : une ligne par problème ; json : un tableau d'objets (file, sheet, row, column, code, severity, message…).",
        # suivi respond
        "cli.help.respond": (
            "Écrire la réponse motivée (Word) et les données ouvertes du registre.\n\n"
            "\b\nÉcrit dans DOSSIER/out/ : reponse-motivee.docx, propositions.csv, propositions.json et\n"
            "propositions.schema.json (Table Schema). Refuse d'écrire quoi que ce soit si le\n"
            "registre ou demarche.yaml contient des erreurs, et les liste toutes.\n\n"
            "\b\nExemples :\n"
            "  suivi respond ma-demarche\n"
            "  suivi respond ma-demarche --template modele-ministere.docx"
        ),
        # suivi surveys
        "cli.help.surveys": (
            "Importer les enquêtes participants et écrire le rapport d'import.\n\n"
            "\b\nLit les exports déclarés dans demarche.yaml (fichiers: enquetes:), reconnaît l'outil\n"
            "(LimeSurvey, Google Forms, Microsoft Forms, Framaforms, KoboToolbox, tableur), associe\n"
            "les colonnes aux items (codebook.yaml ou banque d'items), pseudonymise les répondants\n"
            "(clé .suivi-cle du dossier, créée au premier import) et écrit DOSSIER/out/import-enquetes.xlsx :\n"
            "chaque ligne conservée ou exclue avec son motif, chaque colonne, chaque problème.\n"
            "Code de sortie : 1 s'il reste des erreurs (le rapport est tout de même écrit).\n\n"
            "\b\nExemples :\n"
            "  suivi surveys ma-demarche\n"
            "  suivi surveys ma-demarche --out /tmp/rapports\n"
            "  suivi check ma-demarche      (les problèmes des enquêtes y figurent aussi)"
        ),
        "cli.option.surveys.out": "Dossier de sortie du rapport (par défaut : DOSSIER/out).",
        # suivi interview-grid
        "cli.help.interview-grid": (
            "Écrire une grille d'entretien vierge : Word (un entretien par document) et Excel.\n\n"
            "\b\nÉcrit DOSSIER/grille-entretien.docx et DOSSIER/entretiens.xlsx ; une grille déjà\n"
            "présente n'est jamais remplacée sans --force.\n\n"
            "\b\nExemples :\n"
            "  suivi interview-grid ma-demarche\n"
            "  suivi interview-grid ma-demarche --template modele-ministere.docx"
        ),
        "cli.option.interview-grid.force": "Remplacer une grille déjà présente dans le dossier.",
        # suivi questionnaire
        "cli.help.questionnaire": (
            "Écrire le questionnaire d'une vague : Word, Excel de saisie ou LimeSurvey.\n\n"
            "\b\nLes questions sont les items de la banque d'items (précisés par codebook.yaml) posés à\n"
            "cette vague, regroupés par dimension. Chaque question porte son code (PERT01, REP04…),\n"
            "que « suivi surveys » reconnaît dans les réponses saisies ou exportées de LimeSurvey.\n"
            "Écrit DOSSIER/out/questionnaire-<vague>.docx, .xlsx ou -limesurvey.txt.\n\n"
            "\b\nExemples :\n"
            "  suivi questionnaire ma-demarche --vague avant\n"
            "  suivi questionnaire ma-demarche --vague après --format xlsx\n"
            "  suivi questionnaire ma-demarche --vague après --format limesurvey"
        ),
        "cli.option.questionnaire.wave": "Vague : avant (pre), après (post) ou suivi (follow_up, 6 à 12 mois après).",
        "cli.option.questionnaire.output_format": "docx : questionnaire papier ; xlsx : classeur de saisie des réponses papier ; limesurvey : fichier de structure à importer dans LimeSurvey.",
        "cli.option.questionnaire.audience": "À qui s'adresse le questionnaire : les participants, ou les agents de l'administration.",
        # suivi evaluate
        "cli.help.evaluate": (
            "Calculer les indicateurs d'évaluation et écrire le rapport d'évaluation.\n\n"
            "\b\nLit demarche.yaml, les enquêtes (fichiers: enquetes:), le registre des propositions et,\n"
            "s'ils sont déclarés, les entretiens, les marges de référence et le panel ; écrit dans\n"
            "DOSSIER/out/ : indicateurs.csv (une ligne par chiffre, avec son effectif et son intervalle)\n"
            "et indicateurs.schema.json, rapport-evaluation.docx (rapport accessible avec graphiques),\n"
            "evaluation.xlsx (un onglet par tableau) et les graphiques en PNG dans figures/.\n"
            "Les évolutions sont mesurées sur les seuls répondants présents aux deux vagues ; tout chiffre\n"
            "portant sur moins de 11 personnes est masqué. Refuse d'écrire si un fichier contient des\n"
            "erreurs, et les liste toutes.\n\n"
            "\b\nExemples :\n"
            "  suivi evaluate ma-demarche\n"
            "  suivi evaluate ma-demarche --seuil 5\n"
            "  suivi evaluate ma-demarche --template modele-ministere.docx"
        ),
        # suivi portfolio
        "cli.help.portfolio": (
            "Rassembler les indicateurs et les enseignements de plusieurs démarches (portefeuille du CIPC).\n\n"
            "\b\nChaque DOSSIER est un dossier de démarche (avec demarche.yaml) ou un dossier qui\n"
            "contient des dossiers de démarches. Chaque démarche est évaluée comme par\n"
            "« suivi evaluate » ; une démarche illisible, dont un fichier contient des erreurs ou\n"
            "sans registre des propositions est écartée et signalée (--strict : rien n'est écrit).\n"
            "Écrit dans SORTIE : portefeuille.xlsx (une ligne par démarche, repères, quartiles,\n"
            "tendances, enseignements, inclusion, problèmes), portefeuille.docx (synthèse\n"
            "accessible), indicateurs.csv (toutes les démarches, colonne demarche_id) et\n"
            "indicateurs.schema.json.\n\n"
            "\b\nExemples :\n"
            "  suivi portfolio demarches/ --out portefeuille\n"
            "  suivi portfolio convention-2025 ateliers-2026 --out portefeuille --strict\n"
            "  suivi portfolio demarches/ --out portefeuille --date 2026-12-31"
        ),
        "cli.option.portfolio.out": "Dossier où écrire le portefeuille.",
        "cli.missing.portfolio.out": "indiquez le dossier de sortie avec --out SORTIE (par exemple : --out portefeuille).",
        "cli.option.portfolio.strict": "Refuser d'écrire si une démarche ne peut pas être incluse.",
        "cli.option.portfolio.date": "Date de la situation (délais de réponse échus ou non) ; aujourd'hui par défaut.",
        "cli.option.portfolio.workers": "Nombre de démarches lues en parallèle (par défaut : nombre de processeurs).",
        # suivi demo
        "cli.help.demo": (
            "Tout exécuter sur la démarche d'exemple fournie.\n\n"
            "\b\nLa démarche d'exemple n'est jamais modifiée ; les résultats sont écrits dans\n"
            "SORTIE/convention-mobilites/ (SORTIE vaut out/demo par défaut).\n\n"
            "\b\nExemples :\n"
            "  suivi demo\n"
            "  suivi demo /tmp/essai"
        ),
    },
)
