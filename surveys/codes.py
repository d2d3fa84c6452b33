"""The registry of problem codes: every ``Problem`` and ``SuiviError`` code, with what it means.

A code is stable (tests, ``suivi check --format json`` and scripts rely on it) and explained here
once, in French; the message of each problem says, in context, how to fix it. :class:`Problem`
refuses a code that is not registered, so a new kind of problem starts with a line here.
"""

from __future__ import annotations

# Codes made of a prefix and a validation type (``yaml_int_parsing``…), one meaning per prefix.
FAMILIES: dict[str, str] = {
    "yaml_": "Valeur refusée dans un fichier YAML (le suffixe est le type de l'erreur de validation).",
}

CODES: dict[str, str] = {
    # Files and folders
    "erreur": "Erreur sans code plus précis.",
    "fichier_absent": "Un fichier déclaré ou attendu est introuvable.",
    "fichier_vide": "Le fichier est vide.",
    "fichier_endommage": "Le fichier est endommagé ou tronqué et ne peut pas être lu.",
    "fichier_protege": "Le classeur est protégé par un mot de passe.",
    "fichier_verrou": "Le fichier est un fichier de verrouillage laissé par Excel ou LibreOffice.",
    "fichier_verrouille": "Le fichier est ouvert dans un autre programme et ne peut pas être remplacé.",
    "fichier_existant": "Un fichier existe déjà à la place de celui à écrire.",
    "ecriture_refusee": "Le système refuse l'écriture du fichier ou du dossier.",
    "dossier_absent": "Le dossier de la démarche est introuvable.",
    "pas_un_dossier": "Le chemin donné est un fichier là où un dossier est attendu.",
    "dossier_non_vide": "Le dossier à créer existe déjà et n'est pas vide.",
    "dossier_invalide": "Le dossier de la démarche contient des erreurs : rien n'a été écrit.",
    "pas_un_tableur": "Le fichier n'est pas un classeur ni un fichier CSV lisible.",
    "encodage": "L'encodage du fichier texte n'a pas pu être reconnu.",
    "octets_nuls": "Le fichier texte contient des octets nuls.",
    "feuille_absente": "La feuille attendue n'existe pas dans le classeur.",
    "entete_absent": "Aucune ligne d'en-tête n'a été trouvée.",
    "entete_corrige": "Un en-tête a été reconnu sous une autre orthographe.",
    "colonne_absente": "Une colonne obligatoire manque.",
    "colonne_en_double": "Deux colonnes portent le même en-tête.",
    "colonne_inconnue": "Une colonne n'est pas reconnue et n'est pas lue.",
    "colonne_non_reconnue": "Une colonne d'enquête n'est associée à aucun item.",
    "colonne_donnees_personnelles": "Une colonne contient des données personnelles : elle n'est jamais lue.",
    "ligne_vide": "Une ligne vide au milieu des données est ignorée.",
    "date_invalide": "Une date n'est pas lisible.",
    "date_numerique": "Une date est saisie comme un nombre.",
    "date_manquante": "Une date obligatoire manque.",
    "donnees_personnelles": "Des données personnelles (adresse électronique, téléphone) ont été masquées.",
    # demarche.yaml and other YAML files
    "demarche_absente": "Le dossier ne contient pas de demarche.yaml.",
    "demarche_invalide": "demarche.yaml contient des erreurs.",
    "yaml_syntaxe": "Erreur de syntaxe YAML.",
    "yaml_racine": "Le fichier YAML ne contient pas des clés, une par ligne.",
    # The proposal register
    "registre_absent": "Le registre des propositions est introuvable.",
    "registre_vide": "Le registre ne contient aucune proposition.",
    "feuille_registre_absente": "Le classeur ne contient pas de feuille de registre reconnaissable.",
    "identifiant_manquant": "Une proposition n'a pas d'identifiant.",
    "identifiant_duplique": "Deux propositions (ou deux démarches) ont le même identifiant.",
    "titre_manquant": "Une proposition n'a pas de titre.",
    "theme_manquant": "Une proposition n'a pas de thème.",
    "statut_manquant": "Une proposition n'a pas de statut.",
    "statut_inconnu": "Le statut n'est pas dans la liste contrôlée.",
    "code_motif_inconnu": "Le code motif n'est pas dans la liste contrôlée.",
    "etat_mise_en_oeuvre_inconnu": "L'état de mise en œuvre n'est pas dans la liste contrôlée.",
    "feuille_registre": "Le registre a été lu dans une autre feuille que la première.",
    "libelle_inconnu": "Une valeur n'est pas dans la liste contrôlée de la colonne.",
    "libelle_normalise": "Une variante d'orthographe a été lue comme la valeur de la liste.",
    "motivation_manquante": "Une décision n'est pas motivée.",
    "code_motif_manquant": "Une proposition non retenue n'a pas de code motif.",
    "avancement_invalide": "L'avancement n'est pas un nombre entre 0 et 100.",
    "avancement_hors_limites": "L'avancement est hors de 0 à 100.",
    "avancement_en_fraction": "L'avancement semble saisi comme une fraction (0,4 pour 40 %).",
    "avancement_incoherent": "L'avancement ne correspond pas à l'état de mise en œuvre.",
    "mise_en_oeuvre_incoherente": "L'état de mise en œuvre ne correspond pas au statut.",
    "decision_avant_demarche": "La date de décision précède le début de la démarche.",
    # Surveys
    "format_enquete_inconnu": "L'outil d'enquête n'a pas été reconnu.",
    "enquete_sans_cle": "L'export ne contient aucune colonne permettant d'apparier les vagues.",
    "cle_absente": "La clé de pseudonymisation (.suivi-cle) est introuvable.",
    "cle_invalide": "La clé de pseudonymisation (.suivi-cle) est endommagée.",
    "cle_non_ecrite": "La clé de pseudonymisation n'a pas pu être écrite.",
    "cle_vide": "Une réponse n'a pas de clé de répondant.",
    "doublon": "Un répondant a répondu plusieurs fois à la même vague.",
    "metadonnees_divergentes": "Les métadonnées d'un répondant diffèrent entre deux réponses.",
    "choix_autre": "Une réponse « autre » hors des options proposées.",
    "codes_numeriques": "Les réponses sont des codes numériques sans libellés.",
    "unknown_labels": "Des réponses ne correspondent à aucun libellé de l'échelle.",
    "codebook_invalide": "codebook.yaml contient des erreurs.",
    "codebook_racine": "codebook.yaml ne contient pas une liste d'items.",
    "codebook_libelle_absent": "Un item du codebook n'a pas d'intitulé.",
    "codebook_echelle_absente": "Un item du codebook n'a pas d'échelle.",
    "codebook_echelle_inconnue": "L'échelle d'un item du codebook est inconnue.",
    "items_invalides": "Le fichier d'items contient des erreurs.",
    "item_echelle_inconnue": "L'échelle d'un item est inconnue.",
    "item_source_inconnue": "La source d'un item est inconnue.",
    "item_public_inconnu": "Le public d'un item est inconnu.",
    "item_en_double": "Deux colonnes désignent le même item.",
    "item_id_double": "Deux items ont le même identifiant.",
    "item_intitule_double": "Deux items ont le même intitulé.",
    "questionnaire_vide": "Aucun item n'est posé à cette vague pour ce public.",
    # Reference files (representativeness)
    "marges_colonne_absente": "Une colonne (variable, categorie, part) manque dans le fichier des marges.",
    "marges_vide": "Une cellule obligatoire du fichier des marges est vide.",
    "marges_vides": "Le fichier des marges ne contient aucune ligne.",
    "marges_part_invalide": "Une part n'est pas un nombre entre 0 et 1.",
    "marges_doublon": "Une catégorie apparaît deux fois pour la même variable.",
    "marges_somme": "Les parts d'une variable ne font pas 100 %.",
    "marges_sans_panel": "Les marges ne peuvent pas être comparées : aucun panel.",
    "marges_variable_absente": "Une variable des marges ne se trouve pas dans le panel.",
    "panel_categorie_inconnue": "Une catégorie du panel n'existe pas dans les marges.",
    # Interviews
    "aucun_entretien": "La grille d'entretien ne contient aucun entretien.",
    "aucune_grille": "Le dossier des grilles ne contient aucune grille Word.",
    "grille_vierge": "Une grille d'entretien Word n'a pas été remplie.",
    "docx_illisible": "Le document Word ne peut pas être lu.",
    "format_word": "Le fichier n'est pas un document Word .docx.",
    "tableau_absent": "Un tableau attendu manque dans la grille Word.",
    "tableau_en_double": "Un tableau de la grille Word apparaît deux fois.",
    "tableau_inconnu": "Un tableau de la grille Word n'est pas reconnu.",
    "ligne_absente": "Une ligne attendue manque dans un tableau de la grille.",
    "case_illisible": "Une case de la grille Word ne peut pas être lue.",
    "entretien_manquant": "Une ligne de codage n'a pas d'identifiant d'entretien.",
    "codeur_manquant": "Une ligne de codage n'indique pas son codeur.",
    "service_manquant": "Un entretien n'indique pas le service de la personne interrogée.",
    "code_absent": "Un code de la grille n'a pas été codé.",
    "code_inconnu": "Un code de la grille est inconnu.",
    "code_en_double": "Un code est saisi deux fois pour le même entretien.",
    "codage_en_double": "Le même entretien est codé deux fois par le même codeur.",
    "niveau_invalide": "Un niveau n'est pas 0, 1 ou 2.",
    "niveau_manquant": "Un code n'a pas de niveau.",
    "justification_manquante": "Un niveau 2 n'est pas justifié.",
    "plus_de_deux_codeurs": "Un entretien a plus de deux codeurs.",
    "desaccord_a_reconcilier": "Deux codeurs sont en désaccord sans réconciliation.",
    "reconciliation_en_double": "Une réconciliation est saisie deux fois.",
    "reconciliation_sans_entretien": "Une réconciliation porte sur un entretien absent.",
    "angles_morts_absents": "La feuille des angles morts manque.",
    "angle_mort_vide": "Un angle mort n'est pas décrit.",
    "angle_mort_sans_proposition": "Un angle mort ne renvoie à aucune proposition.",
    "angle_mort_sans_codage": "Un angle mort renvoie à un entretien non codé.",
    "angles_morts_niveau_zero": "Des angles morts sont décrits alors que le code P3 vaut 0.",
    "proposition_inconnue": "Un identifiant de proposition n'existe pas dans le registre.",
    # Documents
    "modele_absent": "Le modèle Word est introuvable.",
    "modele_invalide": "Le modèle Word n'est pas un document .docx lisible.",
    "modele_styles": "Le modèle Word ne définit pas les styles requis.",
    # Portfolio
    "aucune_demarche": "Aucun dossier de démarche n'a été trouvé.",
    "portefeuille_refuse": "Le portefeuille n'a pas été écrit.",
}


def is_registered(code: str) -> bool:
    """Whether ``code`` is in the registry (itself or by its family's prefix)."""
    return code in CODES or any(code.startswith(prefix) for prefix in FAMILIES)


def describe(code: str) -> str:
    """What a code means, in French."""
    if code in CODES:
        return CODES[code]
    return next(text for prefix, text in FAMILIES.items() if code.startswith(prefix))
