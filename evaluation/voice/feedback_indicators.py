"""The citizens' feedback as rows of ``indicateurs.csv``: per proposal, and per démarche."""

from __future__ import annotations

from evaluation.followup.register import Register
from evaluation.voice.feedback import FeedbackData, answered, judged_share, summarise
from indicators.definitions import Base, Unit
from indicators.models import IndicatorResult
from indicators.survey.stats import wilson_interval
from indicators.vocabulary import Dimension

PER_PROPOSAL = {"clear": "part_reponse_jugee_claire", "motivated": "part_reponse_jugee_motivee"}
OVERALL = {("clear",): "part_reponses_jugees_claires", ("motivated",): "part_reponses_jugees_motivees",
           ("clear", "motivated"): "part_reponses_jugees_claires_et_motivees"}


def feedback_indicators(data: FeedbackData, register: Register, threshold: int) -> list[IndicatorResult]:
    """Rows of ``indicateurs.csv``: per proposal (item = its id) the two shares of « oui » with their
    Wilson interval (hidden later below the threshold, base répondants), the respondents, and per
    démarche the share of answers a majority judged clear, motivated, both (over the answers shown)."""
    rows = [IndicatorResult(dimension=Dimension.DEVOIR_DE_SUITE, indicator="repondants_retours", n=data.respondents, base=Base.RESPONDENTS,
                            value=float(data.respondents), unit=Unit.COUNT)]
    for p in answered(register):
        for kind, indicator in PER_PROPOSAL.items():
            n, yes = data.n.get((p.id, kind), 0), data.yes.get((p.id, kind), 0)
            if not n:
                continue
            low, high = wilson_interval(yes, n) or (None, None)
            rows.append(IndicatorResult(dimension=Dimension.DEVOIR_DE_SUITE, indicator=indicator, item=p.id, n=n, base=Base.RESPONDENTS,
                                        value=yes / n, unit=Unit.SHARE, ci_low=low, ci_high=high))
    summary = summarise(data, register, threshold).values()
    for kinds, indicator in OVERALL.items():
        value, n = judged_share(summary, kinds)
        rows.append(IndicatorResult(dimension=Dimension.DEVOIR_DE_SUITE, indicator=indicator, n=n, base=Base.PROPOSALS, value=value, unit=Unit.SHARE))
    return rows
