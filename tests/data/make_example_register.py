"""Rebuild ``examples/convention-mobilites/propositions.xlsx``, the register of the bundled example.

Run from the repository root: ``.venv/bin/python tests/data/make_example_register.py``.
The proposals, motivations and services are fictional. Decision dates and progress come from a
seeded generator, so the file is the same at every run.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from evaluation.scaffold import write_register_workbook  # noqa: E402

TARGET = ROOT / "examples" / "convention-mobilites" / "propositions.xlsx"
SEED = 2026

CONVENTION, ATELIER, EN_LIGNE = "Conférence de citoyens", "Atelier citoyen", "Consultation en ligne"
COPIL, MINISTRE, DIRECTION = "Comité de pilotage", "Cabinet du ministre chargé des transports", "Direction des mobilités du quotidien"
# Decision sessions: two before the committed deadline (20 October 2026), two after it.
SESSIONS = {
    COPIL: [dt.date(2026, 9, 15), dt.date(2026, 11, 3)],
    MINISTRE: [dt.date(2026, 10, 14), dt.date(2026, 11, 12)],
    DIRECTION: [dt.date(2026, 10, 6)],
}

# (theme, title, text, source, status, reason, motivation, measures, service, due, implementation)
PROPOSALS: list[tuple[str, ...]] = [
    # --- Transports collectifs --------------------------------------------------------------
    ("Transports collectifs", "Un billet unique pour tous les transports d'une région",
     "Créer un titre de transport unique, valable dans les trains régionaux, les cars et les transports urbains d'une même région, utilisable sur le téléphone ou sur une carte.",
     CONVENTION, "Retenue", "", "",
     "Appel à projets « Billet unique » doté de 30 millions d'euros pour cofinancer les systèmes de billettique interopérables des régions volontaires.",
     "Sous-direction des transports collectifs", "2027-12-31", "En cours"),
    ("Transports collectifs", "Des cars express entre les villes moyennes et les métropoles",
     "Développer des lignes de cars express à haute fréquence sur voies réservées pour relier les villes moyennes aux métropoles, là où il n'y a pas de train.",
     CONVENTION, "Retenue partiellement", "Coût", "Le ministère finance les études et les voies réservées sur le réseau national ; l'exploitation des lignes relève des régions, qui en décideront au cas par cas.",
     "Financement de dix études de lignes de cars express et aménagement de voies réservées sur le réseau routier national.",
     "Sous-direction des transports collectifs", "2028-06-30", "En cours"),
    ("Transports collectifs", "Rouvrir les petites lignes ferroviaires fermées depuis moins de trente ans",
     "Rouvrir aux voyageurs les petites lignes ferroviaires fermées depuis moins de trente ans lorsque la voie existe encore.",
     CONVENTION, "Non retenue", "Coût", "Le coût moyen d'une réouverture est estimé à 25 millions d'euros par dizaine de kilomètres, pour une fréquentation souvent inférieure à celle d'un car express. L'État soutient plutôt les lignes existantes, dont la rénovation est prioritaire.",
     "", "", "", ""),
    ("Transports collectifs", "Des trains du quotidien toutes les demi-heures aux heures de pointe",
     "Garantir au moins un train toutes les trente minutes aux heures de pointe autour de chaque grande agglomération.",
     CONVENTION, "À l'étude", "Étude complémentaire nécessaire", "Une étude de capacité du réseau autour de dix agglomérations est en cours avec le gestionnaire d'infrastructure ; la décision sera prise à sa remise.",
     "Étude de capacité des nœuds ferroviaires de dix agglomérations.",
     "Sous-direction des transports collectifs", "2027-03-31", "Non engagée"),
    ("Transports collectifs", "Des horaires coordonnés entre trains et cars",
     "Coordonner les horaires des trains et des cars aux gares, pour que personne n'attende plus de quinze minutes une correspondance.",
     ATELIER, "Déjà en vigueur", "Déjà couvert", "La coordination des horaires est déjà une obligation des contrats d'exploitation signés par les régions ; le ministère publiera chaque année un indicateur du temps de correspondance.",
     "Publication annuelle d'un indicateur du temps de correspondance dans les gares.",
     "Sous-direction des transports collectifs", "2027-06-30", ""),
    ("Transports collectifs", "Un remboursement automatique en cas de retard",
     "Rembourser automatiquement les abonnés des trains du quotidien en cas de retards répétés, sans démarche de leur part.",
     EN_LIGNE, "Retenue", "", "",
     "Clause de remboursement automatique inscrite dans les prochaines conventions d'exploitation des trains d'équilibre du territoire.",
     "Sous-direction des transports collectifs", "2027-09-30", "En cours"),
    ("Transports collectifs", "La gratuité des transports en commun pour tous",
     "Rendre les transports en commun gratuits partout en France, financés par l'État.",
     EN_LIGNE, "Non retenue", "Hors compétence", "La tarification des transports urbains et régionaux relève des autorités organisatrices de la mobilité. L'État ne peut pas l'imposer ; il soutient la tarification solidaire (voir la proposition P-32).",
     "", "", "", ""),
    # --- Vélo et marche -----------------------------------------------------------------------
    ("Vélo et marche", "Un réseau cyclable continu entre les communes voisines",
     "Financer des pistes cyclables sécurisées et continues entre les communes voisines, en priorité vers les collèges, lycées et gares.",
     CONVENTION, "Retenue", "", "",
     "Fonds « mobilités actives » porté à 250 millions d'euros par an de 2027 à 2030, avec un bonus pour les liaisons vers les établissements scolaires.",
     "Mission vélo et marche", "2030-12-31", "En cours"),
    ("Vélo et marche", "Une prime à l'achat de vélo pour tous",
     "Accorder une prime à l'achat d'un vélo, neuf ou d'occasion, à tous les ménages, quel que soit leur revenu.",
     CONVENTION, "Retenue partiellement", "Coût", "La prime est maintenue pour les ménages modestes et étendue aux vélos d'occasion reconditionnés ; une prime universelle coûterait plus de 800 millions d'euros par an.",
     "Extension du bonus vélo aux vélos reconditionnés vendus par des professionnels.",
     "Mission vélo et marche", "2027-01-01", "Réalisée"),
    ("Vélo et marche", "Des stationnements vélo sécurisés dans toutes les gares",
     "Installer des stationnements vélo sécurisés et abrités dans toutes les gares et les principaux arrêts de car.",
     CONVENTION, "Retenue", "", "",
     "Programme d'équipement de 1 200 gares d'ici à 2028, cofinancé avec le gestionnaire des gares.",
     "Mission vélo et marche", "2028-12-31", "En cours"),
    ("Vélo et marche", "Des rues scolaires fermées aux voitures aux heures d'entrée et de sortie",
     "Fermer à la circulation les rues des écoles aux heures d'entrée et de sortie des classes.",
     ATELIER, "Hors champ", "Hors compétence", "La police de la circulation relève des maires. Le ministère publiera un guide et un modèle d'arrêté pour les communes qui souhaitent créer des rues scolaires.",
     "Guide et modèle d'arrêté « rue scolaire » à destination des maires.",
     "Mission vélo et marche", "2027-03-31", ""),
    ("Vélo et marche", "Apprendre le vélo à tous les enfants avant l'entrée au collège",
     "Généraliser l'apprentissage du vélo à l'école primaire pour que chaque enfant sache circuler à vélo en entrant au collège.",
     CONVENTION, "Déjà en vigueur", "Déjà couvert", "Le programme « Savoir rouler à vélo » existe depuis 2019 ; il sera étendu à toutes les écoles volontaires grâce à un financement supplémentaire.",
     "Financement supplémentaire du programme « Savoir rouler à vélo ».",
     "Mission vélo et marche", "2027-06-30", ""),
    ("Vélo et marche", "Baisser la TVA sur les vélos et leur réparation",
     "Appliquer un taux réduit de TVA à l'achat et à la réparation des vélos.",
     EN_LIGNE, "Non retenue", "Engagement européen ou international", "La directive européenne sur la TVA permet désormais un taux réduit pour les vélos, mais son application relève de la loi de finances ; le Gouvernement ne l'a pas inscrite au projet de loi de finances pour 2027 au regard de son coût.",
     "", "", "", ""),
    ("Vélo et marche", "Des trottoirs praticables partout pour les piétons",
     "Rendre les trottoirs larges et dégagés, sans voitures ni obstacles, pour que la marche soit sûre pour tous.",
     ATELIER, "Retenue partiellement", "Hors compétence", "L'aménagement des trottoirs relève des communes. L'État renforce le contrôle du stationnement sur les trottoirs et finance des plans piétons dans les communes de moins de 10 000 habitants.",
     "Appel à projets « plans piétons » pour les petites communes.",
     "Mission vélo et marche", "2027-12-31", "Non engagée"),
    # --- Voiture partagée et covoiturage ------------------------------------------------------
    ("Voiture partagée et covoiturage", "Des voies réservées au covoiturage sur les autoroutes urbaines",
     "Réserver une voie aux véhicules transportant au moins deux personnes sur les autoroutes et voies rapides à l'entrée des grandes villes.",
     CONVENTION, "Retenue", "", "",
     "Création de voies réservées sur douze axes du réseau national, avec contrôle automatisé.",
     "Sous-direction de la mobilité partagée", "2028-12-31", "En cours"),
    ("Voiture partagée et covoiturage", "Une prime pour les conducteurs qui covoiturent",
     "Verser une prime aux conducteurs qui proposent des trajets en covoiturage pour aller au travail.",
     CONVENTION, "Déjà en vigueur", "Déjà couvert", "La prime covoiturage de 100 euros existe depuis 2023 ; elle est prolongée jusqu'en 2028 et son versement simplifié.",
     "Prolongation de la prime covoiturage jusqu'en 2028.",
     "Sous-direction de la mobilité partagée", "2027-01-01", ""),
    ("Voiture partagée et covoiturage", "Des aires de covoiturage à chaque échangeur",
     "Aménager une aire de covoiturage éclairée et sécurisée à chaque échangeur autoroutier et aux entrées de bourg.",
     ATELIER, "Retenue partiellement", "Coût", "Les aires seront créées aux échangeurs du réseau national non concédé ; pour les autoroutes concédées, l'État négociera avec les sociétés concessionnaires au renouvellement des contrats.",
     "Programme de 150 aires de covoiturage sur le réseau national non concédé.",
     "Sous-direction de la mobilité partagée", "2028-06-30", "Non engagée"),
    ("Voiture partagée et covoiturage", "Interdire la vente de voitures neuves de plus de 1,8 tonne",
     "Interdire la vente de voitures neuves de plus de 1,8 tonne pour les particuliers.",
     CONVENTION, "Non retenue", "Engagement européen ou international", "Les règles d'homologation des véhicules sont fixées au niveau européen ; une interdiction nationale serait contraire au droit de l'Union. La France défendra un malus au poids renforcé à l'échelle européenne.",
     "", "", "", ""),
    ("Voiture partagée et covoiturage", "Des voitures en autopartage dans les bourgs ruraux",
     "Soutenir les communes rurales qui mettent à disposition des habitants des voitures électriques en autopartage.",
     ATELIER, "Retenue", "", "",
     "Aide à l'investissement de 8 000 euros par véhicule pour les communes de moins de 5 000 habitants.",
     "Sous-direction de la mobilité partagée", "2027-06-30", "Réalisée"),
    ("Voiture partagée et covoiturage", "Un permis de conduire moins cher",
     "Réduire le coût du permis de conduire, qui empêche beaucoup de jeunes d'accéder à l'emploi.",
     EN_LIGNE, "À l'étude", "Étude complémentaire nécessaire", "Le permis relève du ministère de l'intérieur ; une mission commune étudie l'extension de l'aide au permis aux jeunes en insertion.",
     "Mission commune avec le ministère de l'intérieur sur le coût du permis.",
     "Sous-direction de la mobilité partagée", "2027-06-30", ""),
    ("Voiture partagée et covoiturage", "Limiter la vitesse à 110 km/h sur autoroute",
     "Abaisser la vitesse maximale autorisée sur autoroute de 130 à 110 km/h pour réduire les émissions et la consommation.",
     CONVENTION, "Non retenue", "Autre", "Le Gouvernement n'a pas retenu cette mesure, qui n'a pas recueilli d'accord lors de la concertation avec les élus et les usagers de la route. Il privilégie la réduction des émissions par l'électrification des véhicules.",
     "", "", "", ""),
    # --- Territoires ruraux et périurbains ----------------------------------------------------
    ("Territoires ruraux et périurbains", "Un transport à la demande dans chaque intercommunalité rurale",
     "Garantir dans chaque intercommunalité rurale un service de transport à la demande, réservable la veille par téléphone ou par internet.",
     CONVENTION, "Retenue partiellement", "Hors compétence", "L'organisation du transport à la demande relève des intercommunalités et des régions. L'État apporte un financement d'amorçage de trois ans aux territoires qui créent ce service.",
     "Fonds d'amorçage « transport à la demande » pour les intercommunalités rurales.",
     "Mission mobilités rurales", "2027-12-31", "En cours"),
    ("Territoires ruraux et périurbains", "Des maisons de la mobilité dans les bourgs-centres",
     "Ouvrir dans chaque bourg-centre un lieu où l'on peut s'informer sur tous les moyens de se déplacer, acheter ses billets et être accompagné.",
     CONVENTION, "Retenue", "", "",
     "Labellisation et cofinancement de 300 « points mobilité » dans les maisons France services.",
     "Mission mobilités rurales", "2028-12-31", "En cours"),
    ("Territoires ruraux et périurbains", "Une indemnité kilométrique pour les actifs sans alternative à la voiture",
     "Créer une indemnité kilométrique pour les actifs des zones rurales qui n'ont aucune alternative à la voiture pour aller travailler.",
     CONVENTION, "Non retenue", "Déjà couvert", "Les frais kilométriques sont déjà déductibles de l'impôt sur le revenu et le forfait mobilités durables couvre le covoiturage et le vélo ; l'État préfère développer les alternatives à la voiture.",
     "", "", "", ""),
    ("Territoires ruraux et périurbains", "Maintenir les guichets dans les petites gares",
     "Maintenir un guichet avec un agent dans les petites gares pour les personnes qui n'utilisent pas internet.",
     ATELIER, "À l'étude", "Étude complémentaire nécessaire", "Une expérimentation de guichets partagés entre le transporteur et La Poste est en cours dans deux régions ; elle sera évaluée avant toute décision.",
     "Évaluation de l'expérimentation des guichets partagés.",
     "Mission mobilités rurales", "2027-03-31", ""),
    ("Territoires ruraux et périurbains", "Des lignes de car le dimanche et en soirée",
     "Faire circuler des cars le dimanche et en soirée pour permettre de sortir et de travailler en horaires décalés.",
     EN_LIGNE, "Hors champ", "Hors compétence", "Les horaires des lignes régulières de car relèvent des régions. La proposition leur a été transmise.",
     "", "", "", ""),
    ("Territoires ruraux et périurbains", "Un fonds pour le covoiturage solidaire rural",
     "Financer les associations qui organisent le covoiturage solidaire pour les personnes âgées et isolées des villages.",
     CONVENTION, "Retenue", "", "",
     "Fonds de 12 millions d'euros par an pour les associations de mobilité solidaire.",
     "Mission mobilités rurales", "2027-01-31", "Réalisée"),
    ("Territoires ruraux et périurbains", "Des bornes de recharge à moins de quinze minutes de chaque habitant",
     "Installer des bornes de recharge électrique pour que chaque habitant en trouve une à moins de quinze minutes de chez lui.",
     CONVENTION, "Retenue partiellement", "Coût", "L'objectif est retenu pour les zones blanches identifiées par l'observatoire de la recharge ; ailleurs, le déploiement reste assuré par les opérateurs privés.",
     "Appel à projets « zones blanches de la recharge ».",
     "Mission mobilités rurales", "2028-12-31", "En cours"),
    # --- Accessibilité et solidarité ------------------------------------------------------------
    ("Accessibilité et solidarité", "Rendre toutes les gares accessibles aux personnes en fauteuil",
     "Rendre accessibles en fauteuil roulant toutes les gares, y compris les petites, avec des quais à niveau et des ascenseurs.",
     CONVENTION, "Retenue partiellement", "Coût", "Les 160 gares prioritaires seront accessibles en 2028 ; pour les autres, un service de substitution par transport adapté est garanti dans l'attente des travaux.",
     "Accélération du schéma directeur d'accessibilité et service de substitution garanti.",
     "Bureau de l'accessibilité", "2028-12-31", "En cours"),
    ("Accessibilité et solidarité", "Une information voyageurs en langage facile à lire et à comprendre",
     "Écrire les informations voyageurs en « facile à lire et à comprendre » et les annoncer aussi à l'oral et en images.",
     ATELIER, "Retenue", "", "",
     "Référentiel d'information voyageurs accessible imposé dans les nouveaux contrats de service public.",
     "Bureau de l'accessibilité", "2027-09-30", "Non engagée"),
    ("Accessibilité et solidarité", "Un tarif social national pour les transports",
     "Créer un tarif social identique dans toute la France pour les personnes aux revenus modestes.",
     CONVENTION, "Non retenue", "Hors compétence", "Les tarifs sont fixés par chaque autorité organisatrice de la mobilité. L'État ne peut imposer un tarif national, mais il finance les autorités qui adoptent une tarification solidaire (P-32).",
     "", "", "", ""),
    ("Accessibilité et solidarité", "Aider les autorités organisatrices qui créent une tarification solidaire",
     "Donner une aide de l'État aux territoires qui proposent des tarifs réduits selon les revenus.",
     EN_LIGNE, "Retenue", "", "",
     "Dotation incitative de 40 millions d'euros par an pour la tarification solidaire.",
     "Bureau de l'accessibilité", "2027-01-01", "Réalisée"),
    ("Accessibilité et solidarité", "Former les conducteurs à l'accueil des personnes handicapées",
     "Former tous les conducteurs de car et de bus à l'accueil des personnes handicapées et des personnes âgées.",
     ATELIER, "Déjà en vigueur", "Déjà couvert", "Cette formation est obligatoire depuis 2018 dans la formation initiale des conducteurs ; le ministère vérifiera son contenu avec les associations.",
     "Revue du module de formation avec les associations de personnes handicapées.",
     "Bureau de l'accessibilité", "2027-06-30", ""),
    ("Accessibilité et solidarité", "Des applications de mobilité utilisables sans smartphone",
     "Garantir que tous les services de mobilité restent accessibles sans smartphone, par téléphone ou au guichet.",
     CONVENTION, "À l'étude", "Cadre juridique", "Une obligation générale supposerait une modification de la loi d'orientation des mobilités ; le ministère expertise la voie la plus adaptée avec le Conseil d'État.",
     "Expertise juridique d'une obligation d'alternative non numérique.",
     "Bureau de l'accessibilité", "2027-06-30", ""),
    ("Accessibilité et solidarité", "Rembourser le transport des patients vers les soins sans avance de frais",
     "Permettre aux patients des zones rurales de se rendre aux soins en transport partagé sans avancer les frais.",
     EN_LIGNE, "Hors champ", "Hors compétence", "Le transport des patients relève de l'assurance maladie et du ministère de la santé, à qui la proposition a été transmise.",
     "", "", "", ""),
    # --- Gouvernance et financement --------------------------------------------------------------
    ("Gouvernance et financement", "Un comité de suivi citoyen des mesures",
     "Créer un comité de citoyens tirés au sort parmi les membres de la convention pour suivre la mise en œuvre des mesures.",
     CONVENTION, "Retenue", "", "",
     "Comité de suivi citoyen de 20 membres, réuni tous les six mois, avec accès au registre des propositions.",
     "Mission de la participation et du suivi", "2026-12-31", "Réalisée"),
    ("Gouvernance et financement", "Affecter le produit des péages aux transports du quotidien",
     "Affecter une part des recettes des péages autoroutiers au financement des transports du quotidien.",
     CONVENTION, "Non retenue", "Cadre juridique", "Les recettes des péages rémunèrent les sociétés concessionnaires selon des contrats en cours jusqu'en 2031–2036 ; leur affectation ne peut changer qu'au renouvellement des concessions.",
     "", "", "", ""),
    ("Gouvernance et financement", "Une contribution des grandes entreprises au transport de leurs salariés",
     "Demander aux entreprises de plus de 250 salariés de financer un plan de mobilité pour leurs salariés.",
     CONVENTION, "Retenue partiellement", "Cadre juridique", "Les plans de mobilité employeur sont déjà obligatoires dans les entreprises de plus de 50 salariés sur un même site ; l'État renforcera leur contrôle, sans nouvelle contribution financière.",
     "Contrôle renforcé des plans de mobilité employeur.",
     "Mission de la participation et du suivi", "2027-12-31", "Non engagée"),
    ("Gouvernance et financement", "Publier chaque année l'avancement des mesures",
     "Publier chaque année un bilan public et chiffré de ce qui a été fait pour chaque proposition.",
     EN_LIGNE, "Retenue", "", "",
     "Publication semestrielle du registre en données ouvertes et d'un bilan annuel présenté au comité de suivi citoyen.",
     "Mission de la participation et du suivi", "2027-06-30", "En cours"),
    ("Gouvernance et financement", "Une loi de programmation pour les mobilités du quotidien",
     "Voter une loi de programmation fixant les investissements dans les transports du quotidien sur dix ans.",
     CONVENTION, "À l'étude", "Étude complémentaire nécessaire", "Le Conseil d'orientation des infrastructures doit rendre son rapport de programmation ; le Gouvernement décidera au vu de ses scénarios.",
     "Saisine du Conseil d'orientation des infrastructures.",
     "Mission de la participation et du suivi", "2027-06-30", ""),
    ("Gouvernance et financement", "Une taxe sur les billets d'avion pour financer le train",
     "Augmenter la taxe sur les billets d'avion pour les vols intérieurs et en affecter le produit au train du quotidien.",
     EN_LIGNE, "Non retenue", "Étude complémentaire nécessaire", "La taxe de solidarité sur les billets d'avion a été relevée en 2025 ; un nouveau relèvement ne sera pas envisagé avant l'évaluation de ses effets sur la desserte des territoires.",
     "", "", "", ""),
    ("Gouvernance et financement", "Associer les citoyens au choix des projets financés",
     "Associer des citoyens tirés au sort aux jurys qui choisissent les projets financés par les appels à projets de l'État.",
     ATELIER, "À l'étude", "Étude complémentaire nécessaire", "Le ministère expérimentera la présence de citoyens dans le jury de l'appel à projets « mobilités actives » de 2027 avant de décider d'une généralisation.",
     "Expérimentation dans le jury de l'appel à projets « mobilités actives » 2027.",
     "Mission de la participation et du suivi", "2027-12-31", ""),
]

def rows(seed: int = SEED) -> list[list[object]]:
    """The register rows in column order, with seeded decision dates, bodies and progress."""
    rng = random.Random(seed)
    result = []
    for number, entry in enumerate(PROPOSALS, start=1):
        theme, title, text, source, status, reason, motivation, measures, service, due, state = entry
        decided_by = rng.choice([COPIL, COPIL, MINISTRE, DIRECTION])
        decision: dt.date | None = rng.choice(SESSIONS[decided_by])
        if status == "À l'étude" and number % 2 == 0:  # no decision yet; the others were sent to study by one
            decision, decided_by = None, ""
        progress: float | str = ""
        if state == "Réalisée":
            progress = 100
        elif state == "En cours":
            progress = rng.choice([10, 15, 20, 25, 30, 40, 50, 60, 75])
        elif state == "Non engagée":
            progress = 0
        result.append([
            f"P-{number:02d}", title, text, theme, source, status, motivation, reason, measures, service,
            dt.date.fromisoformat(due) if due else None, state, progress, decision, decided_by,
        ])
    return result


COMMITTEE, GUARANTORS = "Comité de suivi citoyen", "Comité de garants"
# How the citizens' follow-up committee may read a status otherwise than the sponsor, and what it then says.
STRICTER = {"Retenue": "Retenue partiellement", "Retenue partiellement": "Non retenue", "À l'étude": "Non retenue"}
COMMENTS = {
    "Retenue partiellement": "Les mesures annoncées ne reprennent qu'une partie de la proposition ; le calendrier reste flou.",
    "Non retenue": "Sans budget ni échéance, la proposition nous paraît écartée en pratique.",
}


def readings(seed: int = SEED) -> list[list[object]]:
    """The sheet « Lectures »: the committee reads every proposal, stricter on some; the garants read a few."""
    rng = random.Random(seed + 1)
    result: list[list[object]] = []
    for number, entry in enumerate(PROPOSALS, start=1):
        status = entry[4]
        ident = f"P-{number:02d}"
        if status in STRICTER and rng.random() < 0.3:
            read = STRICTER[status]
            result.append([ident, COMMITTEE, read, rng.choice(["Partielle", "Insatisfaisante"]), COMMENTS[read]])
        else:
            result.append([ident, COMMITTEE, status, rng.choice(["Satisfaisante", "Satisfaisante", "Partielle"]), ""])
        if number % 6 == 0:
            result.append([ident, GUARANTORS, status, "Satisfaisante", ""])
    return result


def main() -> None:
    write_register_workbook(TARGET, rows(), readings())
    print(f"{TARGET.relative_to(ROOT)}: {len(PROPOSALS)} propositions")


if __name__ == "__main__":
    main()
