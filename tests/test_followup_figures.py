"""One computation of the devoir-de-suite figures: the indicators, the response and the portfolio agree."""

from __future__ import annotations

import datetime as dt

import docx
import pytest
from test_devoir_de_suite import DEADLINE, FRAME, RESTITUTION, pick

from evaluation.demarche.folder import read_demarche
from evaluation.followup.checked import load_checked
from evaluation.followup.response import write_response_docx
from evaluation.portfolio.build import _card
from evaluation.resources import examples_dir
from indicators.devoir_de_suite import DeadlineStatus, DueState, devoir_de_suite, due_state, followup_figures
from surveys.problems import ProblemReport

D = dt.date


def test_counts_by_hand():
    figures = followup_figures(FRAME, deadline=DEADLINE, as_of=D(2027, 1, 1))
    assert (figures.total, figures.answered, figures.motivated) == (6, 5, 5)
    assert (figures.decided, figures.decided_in_time, figures.decided_late, figures.undecided) == (5, 4, 1, 1)
    assert figures.by_status["retenue"] == 2 and figures.by_status["hors_champ"] == 0
    assert figures.deadline_status is DeadlineStatus.MISSED
    assert figures.days_late == 73
    assert figures.undecided_past_deadline == 1


@pytest.mark.parametrize(("as_of", "status"), [(D(2026, 10, 20), DeadlineStatus.AHEAD), (D(2026, 10, 21), DeadlineStatus.MISSED)])
def test_deadline_status_turns_the_day_after(as_of, status):
    assert followup_figures(FRAME, deadline=DEADLINE, as_of=as_of).deadline_status is status
    assert followup_figures(FRAME, deadline=None, as_of=as_of).deadline_status is DeadlineStatus.NONE


def test_due_states():
    assert due_state(D(2026, 1, 1), D(2026, 1, 2)) is DueState.OVERDUE
    assert due_state(D(2026, 1, 2), D(2026, 1, 2)) is DueState.UPCOMING
    assert due_state(None, D(2026, 1, 2)) is DueState.NO_DATE
    assert due_state(D(2026, 1, 1), D(2026, 1, 2), done=True) is DueState.DONE
    figures = followup_figures(FRAME, deadline=DEADLINE, as_of=D(2026, 12, 1),
                               engagements=[("Répondre", D(2026, 10, 20)), ("Publier", D(2026, 12, 31)), ("Réunir", None)])
    assert [e.state for e in figures.engagements] == [DueState.OVERDUE, DueState.UPCOMING, DueState.NO_DATE]
    assert [c.text for c in figures.overdue()] == ["Répondre"]


def test_indicator_rows_read_the_same_counts():
    figures = followup_figures(FRAME, deadline=DEADLINE, as_of=D(2027, 1, 1))
    rows = devoir_de_suite(FRAME, RESTITUTION, DEADLINE, as_of=D(2027, 1, 1))
    assert pick(rows, "part_decidees_dans_le_delai").value == pytest.approx(figures.decided_in_time / figures.total)
    assert pick(rows, "part_repondues").value == pytest.approx(figures.answered / figures.total)
    assert pick(rows, "part_motivees").value == pytest.approx(figures.motivated / figures.total)


def test_example_register_gives_the_same_figures_everywhere(tmp_path):
    """One register, the indicator rows, the response's sentences and the portfolio's card: the same counts."""
    folder = examples_dir() / "convention-mobilites"
    demarche, register, _ = load_checked(folder)
    as_of = D(2026, 12, 2)
    frame = register.to_frame()
    figures = followup_figures(frame, deadline=demarche.response_deadline, as_of=as_of)
    assert figures.decided_late > 0 and figures.undecided > 0  # the example exercises both

    rows = devoir_de_suite(frame, demarche.dates.restitution, demarche.response_deadline, as_of=as_of)
    assert pick(rows, "part_decidees_dans_le_delai").value == pytest.approx(figures.decided_in_time / figures.total)

    card = _card(read_demarche(folder, ProblemReport()), frame, as_of)
    assert (card.decided_in_time, card.decided_late, card.undecided) == (figures.decided_in_time, figures.decided_late, figures.undecided)

    path = write_response_docx(demarche, register, tmp_path / "reponse.docx", when=as_of)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert f"{figures.decided_in_time} décisions ont été prises dans ce délai et {figures.decided_late} après." in text
    assert f"{figures.undecided} propositions attendent encore une décision." in text


def test_answered_with_a_motivation_counts_decisions_only():
    """The site's « répondues avec une motivation »: a decision and a motivation (the study's motivation is not an answer)."""
    figures = followup_figures(FRAME, deadline=DEADLINE, as_of=D(2027, 1, 1))
    assert figures.answered_motivated == 4  # 5 answered, one of them without motivation; « À l'étude » motivated but not answered
