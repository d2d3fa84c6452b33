"""French messages of the ``surveys`` package (spreadsheet reading and located problems)."""

from surveys.i18n import register

register(
    "fr",
    {
        "severity.error": "Erreur",
        "severity.warning": "Avertissement",
        "location.sheet": "feuille « {sheet} »",
        "location.cell": "cellule {cell}",
        "location.row": "ligne {row}",
        "location.column": "colonne {column}",
        "location.table": "tableau « {table} »",
        "location.table_column": "colonne « {header} »",
        # Fatal reading errors
        "read.missing_file": "Le fichier « {file} » est introuvable. Vérifiez son nom et son emplacement dans le dossier de la démarche.",
        "read.is_directory": "« {file} » est un dossier, pas un fichier. Indiquez le fichier lui-même.",
        "read.empty_file": "Le fichier « {file} » est vide (0 octet). Enregistrez-le de nouveau depuis votre tableur.",
        "read.permission": "Le fichier « {file} » ne peut pas être lu : accès refusé. S'il est ouvert dans Excel ou LibreOffice, fermez-le, puis relancez la commande.",
        "read.not_spreadsheet": "Le fichier « {file} » n'est pas un classeur ni un fichier CSV lisible (contenu reconnu : {kind}). Enregistrez-le au format .xlsx ou .csv depuis votre tableur.",
        "read.corrupt": "Le fichier « {file} » est endommagé ou incomplet et ne peut pas être ouvert ({detail}). Ouvrez-le dans votre tableur, puis enregistrez-le de nouveau au format .xlsx.",
        "read.encrypted": "Le fichier « {file} » est protégé par un mot de passe. Enregistrez-en une copie sans mot de passe (Fichier > Informations > Protéger le classeur), puis relancez la commande.",
        "read.lock_file": "« {file} » est un fichier de verrouillage créé par un tableur ouvert, pas vos données. Fermez le tableur et indiquez le vrai fichier.",
        "read.unknown_sheet": "Le classeur « {file} » n'a pas de feuille « {sheet} ». Feuilles présentes : {sheets}.",
        "read.no_sheet": "Le classeur « {file} » ne contient aucune feuille.",
        "read.encoding": "Le fichier « {file} » n'est ni en UTF-8 ni en Windows-1252. Ouvrez-le dans votre tableur et enregistrez-le en « CSV UTF-8 ».",
        "read.no_header": "Aucune ligne d'en-tête n'a été trouvée dans « {file} »{sheet_part}. La première ligne remplie doit contenir les titres des colonnes.",
        "read.binary_text": "Le fichier « {file} » contient des octets nuls : ce n'est pas un fichier texte CSV. Enregistrez-le de nouveau depuis votre tableur.",
        # Located problems common to every table
        "table.missing_column": "Colonne obligatoire « {header} » absente. Ajoutez-la à la ligne d'en-tête (ligne {row}).",
        "table.duplicate_header": "La colonne « {header} » apparaît plusieurs fois dans l'en-tête. Renommez ou supprimez le doublon.",
        # YAML files
        "yaml.syntax": "Le fichier « {file} » n'est pas un YAML valide à la ligne {line} ({detail}). Vérifiez l'indentation (des espaces, pas de tabulations) et les deux-points après chaque clé.",
        "yaml.encoding": "Le fichier « {file} » n'est pas en UTF-8. Enregistrez-le en UTF-8 dans votre éditeur de texte.",
        "yaml.item": "(élément {position})",
        "yaml.root": "(début du fichier)",
        "yaml.invalid": "Clé « {key} » : {detail}",
        "yaml.detail.missing": "cette clé est obligatoire ; ajoutez-la.",
        "yaml.detail.extra": "clé inconnue ; vérifiez son orthographe ou supprimez-la.",
        "yaml.detail.date": "date attendue au format AAAA-MM-JJ (par exemple 2026-11-22).",
        "yaml.detail.int": "nombre entier attendu.",
        "yaml.detail.bool": "valeur attendue : oui ou non (true / false).",
        "yaml.detail.string": "texte attendu.",
        "yaml.detail.list": "liste attendue (une ligne par élément, commençant par « - »).",
        "yaml.detail.dict": "bloc de clés attendu (clés indentées sous celle-ci).",
        "yaml.detail.min": "la valeur doit être supérieure ou égale à {limit}.",
        "yaml.detail.min_strict": "la valeur doit être strictement supérieure à {limit}.",
        "yaml.detail.max": "la valeur doit être inférieure ou égale à {limit}.",
        "yaml.detail.enum": "valeur non reconnue ; valeurs possibles : {expected}.",
        "yaml.detail.empty": "la valeur ne peut pas être vide.",
        "table.unknown_column": "Colonne « {header} » non reconnue : elle est ignorée.",
    },
)
