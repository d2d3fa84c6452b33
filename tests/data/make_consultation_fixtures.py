"""Write the consultation questionnaires used by tests/test_consultation_check.py (synthetic).

    python tests/data/make_consultation_fixtures.py

consultation-mobilites.txt  LimeSurvey tab-separated structure, French then English rows: one
                            question of each of the guide's four kinds, an unclassified one,
                            an array, a long free text, jargon and a long sentence
consultation-mobilites.lss  the same questions as LimeSurvey 5 XML (texts in *_l10ns sections)
consultation-longue.txt     forty long free-text questions: over the 15-minute ceiling
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).parent
COLUMNS = ("id", "related_id", "class", "type/scale", "name", "relevance", "text", "help", "language")

# code, type, text, help, sub-questions, answers
QUESTIONS = [
    ("DIAG1", "L", "Selon vous, quel est le principal problème des transports dans votre commune ?", "",
     [], ["Le prix", "Les horaires", "La sécurité"]),
    ("COND1", "Y", "Seriez-vous prêt à laisser votre voiture un jour par semaine ?", "", [], []),
    ("DIL1", "L", "Selon vous, faudrait-il plutôt baisser le prix des bus ou bien augmenter leur fréquence ?", "",
     [], ["Baisser le prix", "Augmenter la fréquence"]),
    ("IDEE1", "T", "D'après votre expérience, que proposez-vous pour rendre le vélo plus sûr ?", "Quelques lignes suffisent.", [], []),
    ("AGE", "L", "Votre âge", "", [], ["Moins de 30 ans", "30 à 59 ans", "60 ans ou plus"]),
    ("SATIS", "F", "Êtes-vous satisfait de ces services ?", "", ["Le bus", "Le train", "Les pistes cyclables"],
     ["Oui", "Plutôt oui", "Plutôt non", "Non"]),
    ("GOUV", "S", "Quelles idées proposez-vous pour améliorer la gouvernance du dispositif de mobilité et la territorialisation "
     "des politiques de déplacement dans le cadre de la mise en œuvre opérationnelle du plan intercommunal de mobilité durable ?",
     "", [], []),
    ("INFO", "X", "Merci ! Passons à la suite.", "", [], []),
]


def tsv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerow(["", "", "S", "", "language", "", "fr", "", ""])
    writer.writerow(["", "", "SL", "", "surveyls_title", "", "Consultation sur les mobilités", "", "fr"])
    writer.writerow(["", "", "SL", "", "surveyls_welcometext", "", "<p>Bienvenue. Ce questionnaire porte sur vos déplacements.</p>", "", "fr"])
    writer.writerow(["1", "", "G", "1", "Vos déplacements", "", "", "", "fr"])
    number = 1
    for code, kind, text, help_text, subs, answers in QUESTIONS:
        number += 1
        for language, wording in (("fr", text), ("en", f"EN {text}")):
            writer.writerow([str(number), "", "Q", kind, code, "1", f"<p>{wording}</p>", help_text, language])
            for position, sub in enumerate(subs, start=1):
                writer.writerow(["", "", "SQ", "0", f"SQ{position:03d}", "1", sub, "", language])
            for position, answer in enumerate(answers, start=1):
                writer.writerow(["", "", "A", "0", f"A{position}", "", answer, "", language])
    return buffer.getvalue()


def _rows(section: str, rows: list[dict[str, str]]) -> str:
    body = "".join("<row>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in row.items()) + "</row>" for row in rows)
    return f"<{section}><rows>{body}</rows></{section}>"


def lss() -> str:
    questions, subquestions, l10ns, answers, answer_l10ns = [], [], [], [], []
    qid = aid = 0
    for order, (code, kind, text, help_text, subs, labels) in enumerate(QUESTIONS, start=1):
        qid += 1
        parent = qid
        questions.append({"qid": str(parent), "parent_qid": "0", "sid": "123456", "gid": "1", "type": kind, "title": code,
                          "question_order": str(order)})
        l10ns.append({"id": str(parent), "qid": str(parent), "question": text, "help": help_text, "language": "fr"})
        for position, sub in enumerate(subs, start=1):
            qid += 1
            subquestions.append({"qid": str(qid), "parent_qid": str(parent), "sid": "123456", "gid": "1", "type": "T",
                                 "title": f"SQ{position:03d}", "question_order": str(position)})
            l10ns.append({"id": str(qid), "qid": str(qid), "question": sub, "help": "", "language": "fr"})
        for position, label in enumerate(labels, start=1):
            aid += 1
            answers.append({"aid": str(aid), "qid": str(parent), "code": f"A{position}", "sortorder": str(position)})
            answer_l10ns.append({"id": str(aid), "aid": str(aid), "answer": label, "language": "fr"})
    settings = [{"surveyls_survey_id": "123456", "surveyls_language": "fr", "surveyls_title": "Consultation sur les mobilités",
                 "surveyls_welcometext": "Bienvenue. Ce questionnaire porte sur vos déplacements."}]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<document><LimeSurveyDocType>Survey</LimeSurveyDocType><DBVersion>480</DBVersion>'
            "<languages><language>fr</language></languages>"
            + _rows("questions", questions) + _rows("subquestions", subquestions) + _rows("question_l10ns", l10ns)
            + _rows("answers", answers) + _rows("answer_l10ns", answer_l10ns) + _rows("surveys_languagesettings", settings) + "</document>\n")


def long_tsv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for number in range(1, 41):
        writer.writerow([str(number), "", "Q", "T", f"Q{number}", "1", f"Que proposez-vous pour le quartier numéro {number} ?", "", "fr"])
    return buffer.getvalue()


if __name__ == "__main__":
    (HERE / "consultation-mobilites.txt").write_text(tsv(), encoding="utf-8")
    (HERE / "consultation-mobilites.lss").write_text(lss(), encoding="utf-8")
    (HERE / "consultation-longue.txt").write_text(long_tsv(), encoding="utf-8")
