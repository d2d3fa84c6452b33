"""Devoir-de-suite indicators from a register frame (the columns of ``Register.to_frame()``)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from indicators.devoir_de_suite import devoir_de_suite

D = dt.date
RESTITUTION = D(2026, 6, 20)
DEADLINE = D(2026, 10, 20)
AFTER = D(2027, 1, 1)


def register(rows):
    columns = ["id", "title", "text", "theme", "source", "status", "motivation", "reason_code", "measures", "service",
               "due_date", "implementation", "progress", "decision_date", "decided_by"]
    records = []
    for i, (status, motivation, reason, implementation, progress, decided) in enumerate(rows):
        records.append({"id": f"P{i:02d}", "title": "t", "text": "", "theme": "Mobilité", "source": "", "status": status,
                        "motivation": motivation, "reason_code": reason, "measures": "", "service": "", "due_date": None,
                        "implementation": implementation, "progress": math.nan if progress is None else progress,
                        "decision_date": decided, "decided_by": ""})
    return pd.DataFrame.from_records(records, columns=columns)


FRAME = register([
    ("retenue", "", "", "realisee", 100.0, D(2026, 7, 20)),          # 30 days
    ("retenue", "Mise en œuvre en 2027.", "", "en_cours", 40.0, D(2026, 8, 19)),  # 60 days
    ("retenue_partiellement", "En partie.", "cout", "", None, D(2026, 11, 28)),   # 161 days, late
    ("non_retenue", "Hors compétence de l'État.", "hors_competence", "", None, D(2026, 10, 20)),  # 122, on the deadline
    ("non_retenue", "Coût.", "", "", None, D(2026, 9, 1)),  # no reason code
    ("a_l_etude", "Étude en cours.", "", "", None, None),
])


def pick(rows, indicator, group=""):
    found = [r for r in rows if r.indicator == indicator and r.group == group]
    assert len(found) == 1, (indicator, group)
    return found[0]


def test_shares_by_hand():
    rows = devoir_de_suite(FRAME, RESTITUTION, DEADLINE, as_of=AFTER)
    assert pick(rows, "propositions").value == 6
    assert pick(rows, "part_repondues").value == pytest.approx(5 / 6)
    assert pick(rows, "part_motivees").value == pytest.approx(5 / 6)
    assert pick(rows, "part_statut", "statut=retenue").value == pytest.approx(2 / 6)
    assert pick(rows, "part_statut", "statut=hors_champ").value == 0
    assert sum(r.value for r in rows if r.indicator == "part_statut") == pytest.approx(1)
    # Among the 3 « non retenue » / « retenue partiellement »: cout, hors_competence, none.
    assert pick(rows, "part_code_motif", "motif=cout").value == pytest.approx(1 / 3)
    assert pick(rows, "part_code_motif", "motif=non_renseigne").value == pytest.approx(1 / 3)
    assert pick(rows, "part_code_motif", "motif=cout").n == 3


def test_delays_and_deadline():
    rows = devoir_de_suite(FRAME, RESTITUTION, DEADLINE, as_of=AFTER)
    median = pick(rows, "delai_median_decision")
    assert median.value == 73  # days 30, 60, 73, 122, 161 → median 73
    assert median.n == 5 and median.unit == "jours"
    within = pick(rows, "part_decidees_dans_le_delai")
    assert within.value == pytest.approx(4 / 6)  # the late one and the undecided one are not within
    assert within.note == ""


def test_implementation_among_retained():
    rows = devoir_de_suite(FRAME, RESTITUTION, DEADLINE, as_of=AFTER)
    assert pick(rows, "part_mise_en_oeuvre", "mise_en_oeuvre=realisee").value == pytest.approx(1 / 3)
    assert pick(rows, "part_mise_en_oeuvre", "mise_en_oeuvre=non_renseigne").value == pytest.approx(1 / 3)
    progress = pick(rows, "avancement_moyen")
    assert progress.value == 70 and progress.n == 2


def test_missing_dates_give_notes_not_blanks():
    rows = devoir_de_suite(FRAME, None, None, as_of=AFTER)
    assert pick(rows, "delai_median_decision").note == "date_restitution_absente"
    assert pick(rows, "delai_median_decision").value is None
    assert pick(rows, "part_decidees_dans_le_delai").note == "delai_non_engage"
    ahead = devoir_de_suite(FRAME, RESTITUTION, DEADLINE, as_of=D(2026, 9, 1))
    assert pick(ahead, "part_decidees_dans_le_delai").note == "delai_non_echu"


def test_empty_register():
    rows = devoir_de_suite(register([]), RESTITUTION, DEADLINE, as_of=AFTER)
    assert pick(rows, "propositions").value == 0
    for indicator in ("part_repondues", "part_motivees", "part_decidees_dans_le_delai"):
        assert pick(rows, indicator).value is None
        assert pick(rows, indicator).note == "aucune_proposition"
    assert pick(rows, "delai_median_decision").note == "aucune_decision"
    assert pick(rows, "avancement_moyen").note == "aucune_proposition"


def test_no_progress_given():
    frame = register([("retenue", "", "", "en_cours", None, D(2026, 7, 1))])
    assert pick(devoir_de_suite(frame, RESTITUTION, DEADLINE, as_of=AFTER), "avancement_moyen").note == "avancement_non_renseigne"
