"""The report's charts drawn ahead in worker processes are the charts drawn in place."""

from __future__ import annotations

import multiprocessing

import pytest
from report_helpers import unsuppressed_results

from evaluation.report import writer
from evaluation.report.figures import change_figure, likert_figures, status_figure
from evaluation.report.tables import Results
from indicators.vocabulary import Dimension


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="charts are drawn ahead only where fork exists")
def test_charts_drawn_in_workers_are_the_charts_drawn_in_place(monkeypatch):
    res = Results(unsuppressed_results())
    monkeypatch.setattr(writer, "cores", lambda: 2)
    with writer._ChartsAhead(res) as ahead:
        assert ahead.pool is not None
        drawn_ahead = [ahead.get(likert_figures, Dimension.PERTINENCE), ahead.get(status_figure),
                       ahead.get(change_figure, Dimension.REPRESENTATIONS, "post-pre")]
    drawn_here = [likert_figures(res, Dimension.PERTINENCE), status_figure(res), change_figure(res, Dimension.REPRESENTATIONS, "post-pre")]
    assert drawn_ahead[0] and drawn_ahead[1] is not None and drawn_ahead[2] is not None
    assert drawn_ahead == drawn_here  # names, alt texts, captions and PNG bytes


def test_one_core_draws_in_place(monkeypatch):
    res = Results(unsuppressed_results())
    monkeypatch.setattr(writer, "cores", lambda: 1)
    with writer._ChartsAhead(res) as ahead:
        assert ahead.pool is None and not ahead.pending
        assert ahead.get(status_figure) == status_figure(res)
