"""Synthetic démarche folders, seeded and reproducible: the demo's small portfolio and the benchmark's large one.

Each démarche is written as a real folder, as people hand it in: ``demarche.yaml`` (French keys),
the proposal register (``propositions.xlsx`` from the register template, or a CSV export for one
démarche in four), and participant surveys as spreadsheet exports (a CSV before, a CSV or xlsx
after) keyed by a participant code. Sizes, dates, quality facts, decisions, lessons and answers
vary from one démarche to the next; some démarches have no survey after, or no survey at all, or
no committed deadline, so that a portfolio always has missing indicators. Everything is
fictional. The same code serves ``suivi demo`` and ``bench/make_portfolio.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from evaluation.demarche.model import DEMARCHE_FILE, Modality
from evaluation.documents.outputs import save_with, write_csv, write_text
from evaluation.followup.register import COLUMNS
from evaluation.scaffold import write_register_workbook
from indicators.item_bank import load_item_bank
from indicators.vocabulary import LABELS, Implementation, ReasonCode, Status
from surveys.exports.items import ItemSpec

KEY_HEADER = "Code participant"
SUBJECTS = (
    ("alimentation", "l'alimentation durable", "Ministère chargé de l'agriculture", "Direction générale de l'alimentation"),
    ("eau", "le partage de l'eau", "Ministère chargé de la transition écologique", "Direction de l'eau et de la biodiversité"),
    ("sante", "l'accès aux soins de proximité", "Ministère chargé de la santé", "Direction générale de l'offre de soins"),
    ("numerique", "l'inclusion numérique", "Ministère chargé du numérique", "Direction interministérielle du numérique"),
    ("logement", "la rénovation des logements", "Ministère chargé du logement", "Direction de l'habitat et de l'urbanisme"),
    ("ecole", "le temps de l'enfant à l'école", "Ministère chargé de l'éducation nationale", "Direction générale de l'enseignement scolaire"),
    ("fin-de-vie", "la fin de vie", "Ministère chargé de la santé", "Direction générale de la santé"),
    ("energie", "la sobriété énergétique", "Ministère chargé de l'énergie", "Direction générale de l'énergie et du climat"),
    ("justice", "la justice du quotidien", "Ministère de la justice", "Direction des services judiciaires"),
    ("forets", "l'avenir des forêts", "Ministère chargé de l'agriculture", "Direction générale de la performance économique"),
)
FORMS = (
    ("convention", "Convention citoyenne sur {subject}", (Modality.CONFERENCE_DE_CITOYENS, Modality.ATELIER_CITOYEN)),
    ("ateliers", "Ateliers citoyens sur {subject}", (Modality.ATELIER_CITOYEN,)),
    ("consultation", "Consultation en ligne sur {subject}", (Modality.CONSULTATION_EN_LIGNE,)),
    ("prospective", "Atelier de prospective sur {subject}", (Modality.ATELIER_DE_PROSPECTIVE, Modality.CONSULTATION_EN_LIGNE)),
)
THEMES = ("Information des citoyens", "Financement", "Territoires", "Accompagnement", "Gouvernance", "Formation", "Prévention")
LESSONS = {
    "recrutement": ("Le tirage au sort complété d'un appel ciblé a diversifié le panel ; les moins de 25 ans restent sous-représentés.",
                    "L'indemnisation a permis la participation de personnes en emploi précaire, absentes des démarches précédentes."),
    "calendrier": ("Les sessions de week-end ont laissé le temps des auditions, mais la dernière session a été trop chargée.",
                   "Un calendrier de réponse arrêté dès la restitution a permis de tenir le délai annoncé."),
    "information": ("Le comité de garants a fait entendre des points de vue opposés : l'information a été jugée plus équilibrée.",
                    "Les fiches de synthèse remises avant chaque session ont été plus lues que le dossier complet."),
    "devoir_de_suite": ("Une partie des décisions a été rendue après le délai annoncé, faute de calendrier par thème.",
                        "La publication du registre en données ouvertes a été saluée par les participants."),
    "animation": ("Les petits groupes tournants ont permis à chacun de prendre la parole.",
                  "Une animation neutre, confiée à un prestataire extérieur, a renforcé la confiance des participants."),
    "administration": ("Les services ont découvert des besoins qu'ils ne connaissaient pas ; deux d'entre eux travaillent désormais ensemble.",
                       "L'association des services dès le cadrage a facilité l'instruction des propositions."),
}
SOURCES = {
    Modality.CONFERENCE_DE_CITOYENS: "Conférence de citoyens",
    Modality.ATELIER_CITOYEN: "Atelier citoyen",
    Modality.ATELIER_DE_PROSPECTIVE: "Atelier de prospective",
    Modality.CONSULTATION_EN_LIGNE: "Consultation en ligne",
}
# Items asked to participants, by wave (item-bank ids); démarches ask random subsets of them.
_PRE_DIMENSIONS = ("representations",)
_POST_DIMENSIONS = ("representations", "pertinence", "organisation")
_PROFILE = "representativite"
_DONT_KNOW = "Ne sait pas"


@dataclass(frozen=True)
class PortfolioSize:
    """Ranges (inclusive) the generator draws from."""

    proposals: tuple[int, int] = (20, 200)
    respondents: tuple[int, int] = (30, 3000)
    years: tuple[int, int] = (2022, 2026)


# The demo's portfolio: the bundled example and DEMO_COUNT small démarches.
DEMO_SIZE = PortfolioSize(proposals=(20, 60), respondents=(30, 150), years=(2024, 2026))
DEMO_COUNT = 3
DEMO_SEED = 2026


def write_portfolio(root: Path | str, count: int, *, seed: int = 2024, size: PortfolioSize = PortfolioSize()) -> list[Path]:
    """Write ``count`` démarche folders under ``root``; return their paths."""
    root = Path(root)
    rng = np.random.default_rng(seed)
    return [write_demarche(root, number, rng, size) for number in range(1, count + 1)]


def write_demarche(root: Path, number: int, rng: np.random.Generator, size: PortfolioSize = PortfolioSize()) -> Path:
    """Write one synthetic démarche folder ``root/<id>`` and return it."""
    slug, subject, ministry, sponsor = SUBJECTS[int(rng.integers(len(SUBJECTS)))]
    form, title, modalities = FORMS[int(rng.integers(len(FORMS)))]
    year = int(rng.integers(size.years[0], size.years[1] + 1))
    identifier = f"{form}-{slug}-{year}-{number:03d}"
    folder = root / identifier
    folder.mkdir(parents=True, exist_ok=False)
    start = dt.date(year, 1, 1) + dt.timedelta(days=int(rng.integers(0, 240)))
    end = start + dt.timedelta(days=int(rng.integers(30, 150)))
    restitution = end + dt.timedelta(days=int(rng.integers(10, 45)))
    deadline = restitution + dt.timedelta(days=int(rng.integers(90, 180))) if rng.random() < 0.85 else None
    respondents = int(np.exp(rng.uniform(np.log(size.respondents[0]), np.log(size.respondents[1]))))
    plan = _survey_plan(rng)
    files: dict[str, Any] = {}
    register_name = "propositions.csv" if rng.random() < 0.25 else "propositions.xlsx"
    files["propositions"] = register_name
    proposals = int(rng.integers(size.proposals[0], size.proposals[1] + 1))
    _write_register(folder / register_name, rng, proposals, modalities, restitution, deadline)
    if plan:
        files["enquetes"] = _write_surveys(folder, rng, respondents, plan)
    identity = {
        "id": identifier,
        "titre": title.format(subject=subject),
        "commanditaire": sponsor,
        "ministere": ministry,
        "modalites": [m.value for m in modalities],
        "dates": {"debut": start, "fin": end, "restitution": restitution},
        "questions": [f"Quelles priorités l'État doit-il retenir pour {subject} ?"],
        "objet": f"Éclairer les décisions de l'État sur {subject} par les propositions de citoyens.",
        "marges_de_manoeuvre": None if rng.random() < 0.2 else "Les compétences des collectivités ne peuvent pas être modifiées.",
        "engagements": [{"texte": "Répondre publiquement à chaque proposition.", **({"echeance": deadline} if deadline else {})}],
        **({"delai_de_reponse": deadline} if deadline else {}),
        "panel": {"taille": max(respondents, int(respondents * rng.uniform(1.0, 1.3))), "recrutement": str(rng.choice(["tirage_au_sort", "volontariat", "mixte"])),
                  "composition_publiee": _fact(rng), "methode_publiee": _fact(rng), "indemnisation": _fact(rng)},
        "gouvernance": {"comite_de_pilotage": _fact(rng), "comite_de_garants": _fact(rng), "comite_de_suivi_citoyen": _fact(rng)},
        "qualite": {"intervenants_publics": _fact(rng), "information_plurielle": _fact(rng), "resultats_publics": _fact(rng),
                    "restitution_validee_par_les_citoyens": _fact(rng), "reponse_motivee_publique": _fact(rng),
                    "evaluation_prevue_des_le_depart": _fact(rng), "duree_questionnaire_minutes": int(rng.integers(8, 25)),
                    "questions_ouvertes_et_fermees": _fact(rng)},
        "enseignements": _lessons(rng),
        "fichiers": files,
    }
    text = "# Démarche fictive générée par suivi (données synthétiques).\n" + yaml.dump(
        _drop_none(identity), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
    write_text(folder / DEMARCHE_FILE, text)
    return folder


class _Dumper(yaml.SafeDumper):
    """Plain YAML as people write it: a date used twice is written twice, never as an anchor."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _fact(rng: np.random.Generator) -> str | None:
    """« oui » often, « non » sometimes, unknown (left out) now and then."""
    draw = rng.random()
    return "oui" if draw < 0.6 else "non" if draw < 0.85 else None


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def _lessons(rng: np.random.Generator) -> list[dict[str, str]]:
    tags = rng.choice(list(LESSONS), size=int(rng.integers(0, 4)), replace=False)
    return [{"tag": str(tag), "texte": LESSONS[str(tag)][int(rng.integers(2))]} for tag in tags]


# --- register --------------------------------------------------------------------------------------
_STATUSES = list(Status)
_REASONS = list(ReasonCode)


def _write_register(path: Path, rng: np.random.Generator, count: int, modalities: tuple[Modality, ...],
                    restitution: dt.date, deadline: dt.date | None) -> None:
    weights = rng.dirichlet([4, 3, 3, 1.5, 1, 0.5])
    statuses = rng.choice(len(_STATUSES), size=count, p=weights)
    late = rng.uniform(0, 0.5)
    rows = []
    for position, index in enumerate(statuses, start=1):
        status = _STATUSES[int(index)]
        retained = status in (Status.RETENUE, Status.RETENUE_PARTIELLEMENT)
        coded = status is Status.NON_RETENUE or (status is not Status.RETENUE and rng.random() < 0.9)
        reason = LABELS[_REASONS[int(rng.integers(len(_REASONS)))]] if coded else ""
        motivation = "" if status is Status.RETENUE and rng.random() < 0.4 else "Réponse motivée du commanditaire, publiée avec le registre."
        state = Implementation.NON_ENGAGEE if not retained else [Implementation.NON_ENGAGEE, Implementation.EN_COURS, Implementation.REALISEE][int(rng.integers(3))]
        progress = {Implementation.NON_ENGAGEE: 0, Implementation.EN_COURS: int(rng.integers(1, 20)) * 5, Implementation.REALISEE: 100}[state]
        if status is Status.A_L_ETUDE:
            decided = None
        else:
            horizon = (deadline - restitution).days if deadline else 150
            overrun = rng.random() < late
            decided = restitution + dt.timedelta(days=int(horizon + rng.integers(1, 90) if overrun else rng.integers(0, horizon + 1)))
        rows.append([
            f"P-{position:03d}", f"Proposition {position}", f"Texte intégral de la proposition {position}.",
            THEMES[int(rng.integers(len(THEMES)))], SOURCES[modalities[int(rng.integers(len(modalities)))]], LABELS[status],
            motivation, reason, "Mesure annoncée." if retained else "", "Service instructeur" if retained else "",
            None, LABELS[state] if retained else "", progress if retained else None, decided, "Comité de pilotage" if decided else "",
        ])
    if path.suffix == ".csv":
        write_csv(path, [COLUMNS[name][0] for name in COLUMNS], [[v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in rows])
    else:
        write_register_workbook(path, rows)


# --- surveys ---------------------------------------------------------------------------------------
def _bank() -> dict[str, list[ItemSpec]]:
    groups: dict[str, list[ItemSpec]] = {}
    for item in load_item_bank():
        if item.audience == "participants" and item.dimension:
            groups.setdefault(item.dimension, []).append(item)
    return groups


def _survey_plan(rng: np.random.Generator) -> dict[str, list[ItemSpec]]:
    """Items per wave; one démarche in ten has no survey, one in eight no survey after."""
    draw = rng.random()
    if draw < 0.1:
        return {}
    bank = _bank()
    plan = {"pre": [*_subset(rng, bank["representations"]), *bank[_PROFILE]]}
    if draw >= 0.22:
        plan["post"] = [item for dimension in _POST_DIMENSIONS for item in _subset(rng, bank[dimension])]
    return plan


def _subset(rng: np.random.Generator, items: list[ItemSpec]) -> list[ItemSpec]:
    keep = max(3, round(len(items) * rng.uniform(0.6, 1.0)))
    chosen = set(rng.choice(len(items), size=min(keep, len(items)), replace=False).tolist())
    return [item for position, item in enumerate(items) if position in chosen]


def _answers(rng: np.random.Generator, item: ItemSpec, latent: np.ndarray) -> np.ndarray:
    """Answer labels drawn from a latent score per respondent (vectorised), with « Ne sait pas » and blanks."""
    labels = np.array(list(item.scale.labels), dtype=object)
    k = len(labels)
    position = np.floor((latent + rng.normal(0, 0.8, latent.size) + 1.6) / 3.2 * k).clip(0, k - 1).astype(int)
    out = labels[position]
    if item.dimension != _PROFILE:
        draw = rng.random(latent.size)
        out = np.where(draw < 0.03, _DONT_KNOW, np.where(draw < 0.05, "", out))
    return out


def _write_surveys(folder: Path, rng: np.random.Generator, respondents: int, plan: dict[str, list[ItemSpec]]) -> list[dict[str, str]]:
    codes = np.array([f"{folder.name[:3].upper()}-{i:05d}" for i in range(1, respondents + 1)], dtype=object)
    latent = rng.normal(-0.3, 0.8, respondents)
    shift = rng.normal(0.25, 0.2)
    declared = []
    pre = rng.random(respondents) < rng.uniform(0.85, 1.0)
    write_text(_path(folder, "enquetes/avant.csv"), _frame(rng, codes[pre], latent[pre], plan["pre"]).to_csv(index=False))
    declared.append({"fichier": "enquetes/avant.csv", "vague": "pre"})
    if "post" in plan:
        post = pre & (rng.random(respondents) < rng.uniform(0.55, 0.95))
        post |= ~pre & (rng.random(respondents) < 0.5)
        frame = _frame(rng, codes[post], latent[post] + shift, plan["post"])
        name = "enquetes/apres.xlsx" if rng.random() < 0.2 else "enquetes/apres.csv"
        if name.endswith(".xlsx"):
            save_with(_path(folder, name), lambda stream: frame.to_excel(stream, index=False, sheet_name="Réponses"))
        else:
            write_text(_path(folder, name), frame.to_csv(index=False))
        declared.append({"fichier": name, "vague": "post"})
    return declared


def _frame(rng: np.random.Generator, codes: np.ndarray, latent: np.ndarray, items: list[ItemSpec]) -> pd.DataFrame:
    columns: dict[str, Any] = {KEY_HEADER: codes}
    for item in items:
        columns[item.wording] = _answers(rng, item, latent)
    return pd.DataFrame(columns)


def _path(folder: Path, relative: str) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
