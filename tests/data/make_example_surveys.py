"""Generate the bundled example's survey exports (seeded, reproducible).

Writes into ``examples/convention-mobilites/enquetes/``:
- ``questionnaire-avant.csv``: the pre wave as LimeSurvey exports it (CSV, UTF-8 with BOM, every
  field quoted, CRLF, French full-text headings, « Full answers »), with the participant code as
  access token, three duplicate submissions, one incomplete response and one test entry;
- ``questionnaire-apres.xlsx``: the post wave as Microsoft Forms exports it (French fixed columns,
  e-mail and name columns, typed dates, curly apostrophes, a « Votre code participant » question).

The panel has 120 citizens: 116 answer before, 102 after (100 of them answered before too, two
only after). Trust and efficacy rise modestly after the convention. Run:
``.venv/bin/python tests/data/make_example_surveys.py``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np
import openpyxl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from indicators.item_bank import load_item_bank  # noqa: E402

OUT = ROOT / "examples" / "convention-mobilites" / "enquetes"
SEED = 20260117
PANEL = 120
GRID = "Dans quelle mesure êtes-vous d'accord avec les affirmations suivantes ?"

PRE_ITEMS = [
    "rep_efficacite_externe", "rep_influence_personnelle", "rep_confiance_gouvernement", "rep_confiance_etat",
    "rep_confiance_administration", "rep_confiance_deliberation", "rep_prise_en_compte", "rep_fonctionnement_democratie",
    "rep_competence_politique",
]
POST_ITEMS = [
    *PRE_ITEMS, "pert_mandat_compris", "pert_marges_presentees", "pert_utilite", "pert_appris", "pert_changement_avis",
    "org_information_plurielle", "org_temps_suffisant", "org_animation_neutre", "org_prise_de_parole",
    "org_ete_respecte", "org_logistique", "org_indemnisation", "org_satisfaction_globale",
]
GRID_ITEMS = {"rep_prise_en_compte", "rep_competence_politique", "pert_mandat_compris", "pert_marges_presentees",
              "pert_utilite", "org_information_plurielle", "org_temps_suffisant", "org_animation_neutre",
              "org_prise_de_parole", "org_indemnisation"}
TRUST_ITEMS = set(PRE_ITEMS)
PROFILE = {
    "socio_sexe": ([0.51, 0.49], None),
    "socio_age": ([0.11, 0.15, 0.25, 0.26, 0.23], None),
    "socio_csp": ([0.01, 0.04, 0.12, 0.16, 0.17, 0.11, 0.29, 0.10], None),
    "socio_taille_commune": ([0.22, 0.27, 0.14, 0.20, 0.17], None),
    "socio_diplome": ([0.17, 0.22, 0.20, 0.16, 0.25], None),
}
MODES = ["Voiture", "Transports en commun", "Vélo", "Marche", "Covoiturage"]
USAGE = ["Jamais", "Moins d'une fois par mois", "Plusieurs fois par mois", "Plusieurs fois par semaine", "Tous les jours"]
FIRST_NAMES = ["Camille", "Dominique", "Claude", "Sacha", "Alix", "Lou", "Charlie", "Maxime", "Morgane", "Yannick"]
LAST_NAMES = ["Martin", "Bernard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Michel", "Garcia"]


def _answer(rng: np.random.Generator, labels: list[str], latent: float, *, dont_know: float = 0.04) -> str:
    """A label of an ordered scale from a latent score (higher = more agreement/trust)."""
    if rng.random() < dont_know:
        return "Ne sait pas"
    k = len(labels)
    position = (latent + rng.normal(0, 0.8) + 1.6) / 3.2 * k
    return labels[int(np.clip(np.floor(position), 0, k - 1))]


def _numeric(rng: np.random.Generator, latent: float) -> int:
    return int(np.clip(round(5 + 2.2 * latent + rng.normal(0, 1.4)), 0, 10))


def main() -> None:
    rng = np.random.default_rng(SEED)
    bank = {item.id: item for item in load_item_bank()}
    codes = [f"MOB-{i:03d}" for i in range(1, PANEL + 1)]
    trust = rng.normal(-0.35, 0.8, PANEL)
    opinion = rng.normal(0.35, 0.7, PANEL)
    answered_pre = np.ones(PANEL, dtype=bool)
    answered_pre[rng.choice(PANEL, 4, replace=False)] = False
    answered_post = np.zeros(PANEL, dtype=bool)
    pre_people = np.flatnonzero(answered_pre)
    answered_post[rng.choice(pre_people, 100, replace=False)] = True
    answered_post[np.flatnonzero(~answered_pre)[:2]] = True
    OUT.mkdir(parents=True, exist_ok=True)
    _write_pre(rng, bank, codes, trust, answered_pre)
    _write_post(rng, bank, codes, trust, opinion, answered_post)
    _write_feedback(np.random.default_rng(SEED + 13))


FEEDBACK_PEOPLE = 70
FEEDBACK_COMMENTS = ["La réponse ne dit pas quand la mesure commencera.", "Merci, c'est clair.", "Les motifs sont trop vagues.",
                     "On ne comprend pas qui décide.", "Écrivez-moi à camille.martin@exemple.fr pour en parler.", "=Trop court"]


def _write_feedback(rng: np.random.Generator) -> None:
    """enquetes/retours-reponses.csv: the feedback questionnaire on each published answer, as LimeSurvey exports
    it in codes (one array per answer: ``REPP01[CLAIRP01]``, ``REPP01[MOTIVP01]``, answers ``Y``/``N``;
    ``COMMP01`` free text).

    Each person gives an opinion on about a third of the answers (fewer on every seventh
    proposal, so that some stay under the statistical secret); answers not retained or still
    under study are judged less often motivated. One response was left unfinished (``submitdate``
    empty) and one was exported twice (same ``id``): the import leaves both aside.
    """
    from evaluation.followup.register import load_register
    from evaluation.voice.feedback import question_codes
    from evaluation.voice.feedback_questionnaire import array_code
    from surveys.problems import ProblemReport

    register = load_register(OUT.parent / "propositions.xlsx", ProblemReport())
    assert register is not None
    codes = question_codes(register)
    statuses = {p.id: p.status for p in register.proposals}
    headers = ["id", "submitdate", "lastpage", "startlanguage"] + [
        f"{array_code(c)}[{c.code(k)}]" if k != "comment" else c.comment for c in codes for k in ("clear", "motivated", "comment")]
    rows = []
    start = dt.datetime(2026, 12, 1, 9, 0)
    for person in range(FEEDBACK_PEOPLE + 1):
        done = start + dt.timedelta(minutes=int(rng.integers(0, 60 * 24 * 10)))
        row = [str(person + 1), done.strftime("%Y-%m-%d %H:%M:%S") if person < FEEDBACK_PEOPLE else "", "42", "fr"]
        for number, c in enumerate(codes, start=1):
            if rng.random() > (0.12 if number % 7 == 0 else 0.38):
                row += ["", "", ""]
                continue
            doubtful = str(statuses[c.proposal_id]) in ("non_retenue", "a_l_etude")
            row.append("Y" if rng.random() < (0.6 if doubtful else 0.8) else "N")
            row.append("Y" if rng.random() < (0.45 if doubtful else 0.75) else "N")
            row.append(str(rng.choice(FEEDBACK_COMMENTS)) if rng.random() < 0.06 else "")
        rows.append(row)
    rows.append(list(rows[4]))  # response 5 exported twice
    lines = [_csv_line(headers)] + [_csv_line(r) for r in rows]
    (OUT / "retours-reponses.csv").write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))


def _label_answer(rng: np.random.Generator, item, latent: float) -> object:
    labels = list(item.scale.labels)
    if item.scale.numeric:
        return _numeric(rng, latent)
    return _answer(rng, labels, latent)


def _pre_headers(bank) -> list[str]:
    headers = ["ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ", "Tête de série",
               "Code d'accès", "Date de lancement", "Date de la dernière action"]
    for item_id in PRE_ITEMS:
        wording = bank[item_id].wording
        headers.append(f"{GRID} [{wording}]" if item_id in GRID_ITEMS else wording)
    headers += [f"Quels modes de déplacement utilisez-vous chaque semaine ? [{mode}]" for mode in MODES]
    headers.append("À quelle fréquence utilisez-vous les transports en commun ?")
    headers += [bank[item_id].wording for item_id in PROFILE]
    headers.append("Qu'attendez-vous de cette convention citoyenne ?")
    return headers


def _write_pre(rng, bank, codes, trust, answered) -> None:
    headers = _pre_headers(bank)
    rows: list[list[object]] = []
    people = list(np.flatnonzero(answered))
    order = rng.permutation(people)
    start = dt.datetime(2026, 1, 5, 8, 30)
    duplicates = set(rng.choice(order, 3, replace=False).tolist())
    incomplete = int(order[7])
    response_id = 0
    for person in order:
        submissions = 2 if person in duplicates else 1
        for copy in range(submissions):
            response_id += 1
            begun = start + dt.timedelta(minutes=int(rng.integers(0, 60 * 24 * 11)) + copy * 60 * 24)
            done = begun + dt.timedelta(minutes=int(rng.integers(6, 18)))
            is_incomplete = person == incomplete and copy == 0
            row = [response_id, "" if is_incomplete else done, 2 if is_incomplete else 4, "fr", int(rng.integers(10**8, 10**9)),
                   codes[person], begun, done]
            for position, item_id in enumerate(PRE_ITEMS):
                if is_incomplete and position >= 4:
                    row.append("")
                    continue
                row.append(_label_answer(rng, bank[item_id], trust[person]))
            ticked = rng.random(len(MODES)) < [0.7, 0.45, 0.2, 0.6, 0.1]
            row += ["" if is_incomplete else ("Oui" if t else "Non") for t in ticked]
            row.append("" if is_incomplete else USAGE[int(rng.integers(0, len(USAGE)))])
            for item_id, (weights, _) in PROFILE.items():
                labels = list(bank[item_id].scale.labels)
                row.append("" if is_incomplete else labels[int(rng.choice(len(labels), p=weights))])
            row.append("" if is_incomplete or rng.random() < 0.5 else rng.choice([
                "Que nos propositions soient vraiment reprises.", "Comprendre les choix faits pour les transports.",
                "Des solutions pour les zones rurales, sans voiture on ne peut rien faire.",
                "Je suis curieux, on verra bien !", "=Être écouté, enfin."]))
            rows.append(row)
    # A test entry made by the organisers before opening the questionnaire.
    test = [response_id + 1, start - dt.timedelta(days=2), 4, "fr", 123456789, "TEST-ORGA", start - dt.timedelta(days=2),
            start - dt.timedelta(days=2)]
    test += [_label_answer(rng, bank[i], 0.0) for i in PRE_ITEMS]
    test += ["Oui"] * len(MODES) + ["Jamais"] + [next(iter(bank[i].scale.labels)) for i in PROFILE] + ["test"]
    rows.insert(0, test)
    lines = [_csv_line(headers)] + [_csv_line(_csv_values(r)) for r in rows]
    (OUT / "questionnaire-avant.csv").write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))


def _csv_values(row: list[object]) -> list[str]:
    values = []
    for value in row:
        if isinstance(value, dt.datetime):
            values.append(value.strftime("%Y-%m-%d %H:%M:%S"))
        else:
            values.append("" if value is None else str(value))
    return values


def _csv_line(values: list[str]) -> str:
    """LimeSurvey's CSV: every value double-quoted, empty values left unquoted."""
    return ",".join('"' + v.replace('"', '""') + '"' if v != "" else "" for v in values)


def _curly(text: str) -> str:
    return text.replace("'", "\u2019")


def _write_post(rng, bank, codes, trust, opinion, answered) -> None:
    headers = ["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom", "Heure de la dernière modification",
               "Votre code participant (indiqué sur votre badge)"]
    for item_id in POST_ITEMS:
        wording = bank[item_id].wording
        # Microsoft Forms keeps the author's typography: curly apostrophes, a space before « ? ».
        headers.append(_curly(wording).replace(" ?", "\u00a0?") + (" " if item_id in GRID_ITEMS else ""))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(headers)
    people = list(rng.permutation(np.flatnonzero(answered)))
    duplicate = people[5]
    people.insert(11, duplicate)
    seen: set[int] = set()
    start = dt.datetime(2026, 6, 1, 9, 0)
    for number, person in enumerate(people, start=1):
        begun = start + dt.timedelta(minutes=int(rng.integers(0, 60 * 24 * 14)))
        if person in seen:
            begun += dt.timedelta(days=1)
        seen.add(person)
        done = begun + dt.timedelta(minutes=int(rng.integers(8, 20)))
        first, last = FIRST_NAMES[person % 10], LAST_NAMES[(person // 10) % 10]
        code = codes[person] if rng.random() > 0.08 else f" {codes[person].lower()}"
        row: list[object] = [number, begun, done, f"{first.lower()}.{last.lower()}{person}@exemple.fr", f"{first} {last}", done, code]
        for item_id in POST_ITEMS:
            item = bank[item_id]
            latent = trust[person] + 0.3 if item_id in TRUST_ITEMS else opinion[person]
            value = _label_answer(rng, item, latent)
            row.append(_curly(value) if isinstance(value, str) else value)
        sheet.append(row)
    for column in ("B", "C", "F"):
        for cell in sheet[column][1:]:
            cell.number_format = "dd/mm/yyyy hh:mm"
    workbook.save(OUT / "questionnaire-apres.xlsx")


if __name__ == "__main__":
    main()
