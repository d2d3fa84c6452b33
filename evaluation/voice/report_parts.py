"""The other readings in the evaluation report: agreement with the sponsor, by status and theme, and the proposals read differently.

Proposals are not people: these counts need no disclosure control. κ is given with its n, or
the reason it is not computed (see :mod:`indicators.readings`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from evaluation.documents import valueformat
from evaluation.followup.readings import Reading, agreements_of
from evaluation.report.tables import Column, Kind, ReportTable, Value
from indicators.readings import MIN_KAPPA_PAIRS, ReadingAgreement
from indicators.vocabulary import LABELS
from surveys.i18n import t


def report_agreements(register: pd.DataFrame | None, readings: list[Reading]) -> list[ReadingAgreement]:
    """Agreement per body, from the register frame of the evaluation and the readings."""
    if register is None or register.empty or not readings:
        return []
    proposals = {str(row.id): (str(row.theme), str(row.status)) for row in register.itertuples()}
    return agreements_of(proposals, readings)


def kappa_text(agreement: ReadingAgreement) -> str:
    """« κ = 0,76 (n = 42) », or why it is not computed."""
    if agreement.kappa is not None:
        return t("voice.report.kappa", kappa=valueformat.coefficient(agreement.kappa), n=agreement.overall.n)
    return t(f"voice.report.kappa_{agreement.kappa_undefined}", n=agreement.overall.n, minimum=MIN_KAPPA_PAIRS)


def readings_tables(register: pd.DataFrame | None, readings: list[Reading]) -> list[ReportTable]:
    """Agreement overall, by status, by theme, and the proposals read differently."""
    found = report_agreements(register, readings)
    if not found:
        return []
    body = Column(t("voice.response.col_body"), width=4.0)
    counts = [Column(t("voice.report.col_n"), Kind.COUNT, 1.8), Column(t("voice.response.col_same"), Kind.COUNT, 1.8),
              Column(t("voice.response.col_different"), Kind.COUNT, 1.8), Column(t("voice.report.col_share_same"), Kind.SHARE, 2.0)]
    overall = ReportTable(t("voice.report.sheet_overall"), t("voice.report.caption_overall"),
                          [body, *counts, Column(t("voice.report.col_kappa"), width=3.5)],
                          [[a.body, *_counts(a.overall), kappa_text(a)] for a in found])
    by_status = ReportTable(t("voice.report.sheet_status"), t("voice.report.caption_status"), [body, Column(t("report.col.status"), width=3.5), *counts],
                            [[a.body, LABELS.get(status, status), *_counts(c)] for a in found for status, c in a.by_status.items()])
    by_theme = ReportTable(t("voice.report.sheet_theme"), t("voice.report.caption_theme"), [body, Column(t("report.col.theme"), width=3.5), *counts],
                           [[a.body, theme, *_counts(c)] for a in found for theme, c in a.by_theme.items()])
    titles = dict(zip(register["id"], register["title"])) if register is not None else {}
    differing = ReportTable(t("voice.report.sheet_differing"), t("voice.report.caption_differing"),
                            [Column(t("voice.report.col_id"), width=1.6), Column(t("voice.report.col_title"), width=5.2), body,
                             Column(t("voice.report.col_sponsor"), width=2.8), Column(t("voice.report.col_reading"), width=2.8)],
                            [[p.proposal_id, titles.get(p.proposal_id, ""), a.body, LABELS.get(p.sponsor, p.sponsor), LABELS.get(p.reading, p.reading)]
                             for a in found for p in a.differing])
    return [overall, by_status, by_theme, differing]


def _counts(count: Any) -> list[Any]:
    return [count.n, count.same, count.different, Value(count.share_same)]
