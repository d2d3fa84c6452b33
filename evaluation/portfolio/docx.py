"""``portefeuille.docx``: the portfolio summary for the CIPC, an accessible Word document.

Sections: the portfolio at a glance; comparisons (quartiles table, one chart per key figure with
its alt text written from the data, shared items, trends by year); démarches late on their
devoir de suite; lessons learned grouped by tag with the démarches they come from; which
démarches were included and which were not; method. Built with :class:`AccessibleDocument`
on the styles-only template (or the user's own). A missing figure reads « – », never 0.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from docx.document import Document

from evaluation.documents import charts, frformat
from evaluation.documents.docx_accessible import AccessibleDocument, open_template
from evaluation.documents.outputs import save_with
from evaluation.documents.printsetup import LIGHT_WORDS
from evaluation.portfolio import charts as portfolio_charts
from evaluation.portfolio.metrics import CHARTED, DEMARCHE_METRICS, WAVE_ORDER, Kind, Metric, bank_items
from evaluation.portfolio.model import CSV_FILE, XLSX_FILE, Deadline, Included, PortfolioResult
from evaluation.portfolio.stats import MIN_COMPARED, Quartiles, quartiles
from surveys.i18n import t, tn

SHORT_TITLE = 45  # characters of a démarche title in tables and charts (cut at a word, with « … »)
MAX_BARS = 30  # above this many démarches, a chart shows the distribution instead of one bar each
TREND_METRICS = ("part_motivees", "part_retenue", "part_decidees_dans_le_delai", "delai_median_decision", "score_qualite",
                 "indice_representations_apres")


def write_portfolio_docx(result: PortfolioResult, target: Path, *, document: Document | None = None,
                         template: Path | None = None) -> Path:
    """Build the summary and save it atomically at ``target``."""
    doc = AccessibleDocument(document if document is not None else open_template(template))
    _Writer(doc, result).write()
    return save_with(target, doc.save)


def _listing(pairs: Iterable[tuple[str, int]]) -> str:
    """« 2024 : 3 ; 2025 : 2 » with French spacing."""
    return f"{frformat.NNBSP}; ".join(f"{name}{frformat.NBSP}: {frformat.number(n)}" for name, n in pairs)


def _tag_title(tag: str) -> str:
    """« devoir_de_suite » → « Devoir de suite »: a tag as a heading."""
    text = tag.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def short_titles(demarches: Iterable[Included]) -> dict[str, str]:
    """Démarche id → its title for lay readers, cut at a word boundary; the year added when two
    short titles would read the same."""
    shortened = {d.card.id: _shorten(d.card.title, SHORT_TITLE) for d in demarches}
    seen = Counter(shortened.values())
    years = {d.card.id: d.card.year for d in demarches}
    return {key: f"{text} ({years[key]})" if seen[text] > 1 else text for key, text in shortened.items()}


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    words = text[: width - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-").split(" ")
    while len(words) > 1 and words[-1].lower().rstrip("'’") in LIGHT_WORDS:  # « … mobilités… », not « … mobilités du… »
        words.pop()
    return " ".join(words) + "…"


def _metric(key: str) -> Metric:
    return next(m for m in DEMARCHE_METRICS if m.key == key)


class _Writer:
    def __init__(self, doc: AccessibleDocument, result: PortfolioResult) -> None:
        self.doc = doc
        self.result = result
        self.demarches = result.included
        self.years = sorted({d.card.year for d in self.demarches})
        self.titles = short_titles(self.demarches)
        self.tables = 0
        self.figures = 0

    # --- helpers ---------------------------------------------------------------------------------
    def _caption(self, kind: str, text: str) -> str:
        if kind == "table":
            self.tables += 1
            return t("portfolio.doc.table_caption", number=self.tables, text=text)
        self.figures += 1
        return t("portfolio.doc.figure_caption", number=self.figures, text=text)

    @staticmethod
    def _count(key: str, n: int, **values: object) -> str:
        """A plural message whose ``{count}`` is ``n`` in French typography."""
        return tn(key, n, count=frformat.number(n), **values)

    def _value(self, demarche: Included, key: str) -> str:
        metric = _metric(key)
        return metric.format(demarche.figure(metric).value)

    def _years(self) -> str:
        if not self.years:
            return ""
        if len(self.years) == 1:
            return t("portfolio.doc.one_year", year=self.years[0])
        return t("portfolio.doc.years", first=self.years[0], last=self.years[-1])

    def write(self) -> None:
        as_of = frformat.date_long(self.result.as_of)
        self.doc.properties(title=t("portfolio.doc.title"), author=t("portfolio.doc.author"), subject=t("portfolio.doc.subject"),
                            keywords=t("portfolio.doc.keywords"), when=dt.datetime.combine(self.result.as_of, dt.time()))
        demarches = self._count("portfolio.doc.n_demarches", len(self.demarches))
        self.doc.title(t("portfolio.doc.title"), frformat.typo(t("portfolio.doc.subtitle", demarches=demarches, years=self._years(), date=as_of)))
        self._glance()
        self._comparisons()
        self._late()
        self._lessons()
        self._inclusion()
        self._method()

    # --- at a glance --------------------------------------------------------------------------------
    def _glance(self) -> None:
        doc, demarches = self.doc, self.demarches
        doc.heading(t("portfolio.doc.h_glance"), 1)
        proposals = sum(int(d.figure(_metric("propositions")).value or 0) for d in demarches)
        glance = tn("portfolio.doc.glance", len(demarches), demarches=self._count("portfolio.doc.n_demarches", len(demarches)),
                    years=self._years(), proposals=self._count("portfolio.doc.n_proposals", proposals))
        doc.paragraph(frformat.typo(glance))
        if self.result.excluded:
            doc.paragraph(frformat.typo(self._count("portfolio.doc.glance_excluded", len(self.result.excluded))))
        by_year = Counter(d.card.year for d in demarches)
        doc.labelled(t("portfolio.doc.l_years"), _listing((str(year), by_year[year]) for year in self.years))
        modalities = Counter(m for d in demarches for m in d.card.modalities)
        doc.labelled(t("portfolio.doc.l_modalities"), _listing(modalities.most_common()))
        statuses = Counter(d.deadline(self.result.as_of) for d in demarches)
        parts = [self._count(f"portfolio.doc.deadline.{s.value}", statuses[s]) for s in Deadline if statuses[s]]
        doc.labelled(t("portfolio.doc.l_deadlines"), frformat.join(parts))
        header = [t("portfolio.col.id"), t("portfolio.col.year"), _metric("propositions").label, _metric("part_motivees").label,
                  t("portfolio.col.deadline_status"), _metric("score_qualite").label]
        rows = [[self.titles[d.card.id], str(d.card.year), self._value(d, "propositions"), self._value(d, "part_motivees"),
                 t(f"portfolio.deadline.{d.deadline(self.result.as_of).value}"), self._value(d, "score_qualite")] for d in demarches]
        doc.table(header, rows, caption=self._caption("table", t("portfolio.doc.caption_demarches")),
                  widths_cm=[4.2, 1.7, 2.9, 2.9, 2.4, 2.4], numeric=(1, 2, 3, 5), keep_rows=True)

    # --- comparisons ---------------------------------------------------------------------------------
    def _comparisons(self) -> None:
        doc = self.doc
        doc.heading(t("portfolio.doc.h_comparisons"), 1)
        doc.paragraph(frformat.typo(t("portfolio.doc.comparisons_intro", minimum=MIN_COMPARED)))
        metrics = [m for m in DEMARCHE_METRICS if m.benchmark]
        rows = [[m.label, *self._spread_cells(m)] for m in metrics]
        doc.table([t("portfolio.col.indicator"), *self._spread_header()], rows,
                  caption=self._caption("table", t("portfolio.doc.caption_spreads")), widths_cm=[7.1, 2.4, 2.4, 2.3, 2.3],
                  numeric=(1, 2, 3, 4), keep_rows=True)
        for key in CHARTED:
            self._chart(_metric(key))
        self._items()
        self._trends()

    @staticmethod
    def _spread_header() -> list[str]:
        return [t("portfolio.col.with_value_short"), t("portfolio.col.q1"), t("portfolio.col.median"), t("portfolio.col.q3")]

    def _spread_cells(self, metric: Metric) -> list[str]:
        """Démarches with the figure (« 4 sur 7 »), Q1, median and Q3, or « – » when not compared."""
        spread = self.result.spreads.get(metric.key)
        with_value = sum(1 for v in self.result.values(metric) if v is not None)
        count = t("portfolio.doc.of_total", count=frformat.number(with_value), total=frformat.number(len(self.demarches)))
        if spread is None:
            return [count, "–", "–", "–"]
        return [count, metric.format(spread.q1), metric.format(spread.median), metric.format(spread.q3)]

    def _chart(self, metric: Metric) -> None:
        doc = self.doc
        values = self.result.values(metric)
        present = [v for v in values if v is not None]
        spread = self.result.spreads.get(metric.key)
        doc.heading(metric.label, 2)
        if not present:
            doc.paragraph(t("portfolio.doc.no_value"))
            return
        limit = 1.0 if metric.kind is Kind.SHARE else 100.0 if metric.kind in (Kind.INDEX, Kind.PERCENT) else None
        axis = t(f"portfolio.unit.{metric.kind.value}")
        missing = [self.titles[d.card.id] for d, v in zip(self.demarches, values) if v is None]
        quart = self._quartile_text(metric, spread)
        if len(self.demarches) <= MAX_BARS:
            texts = [metric.format(v) if v is not None else t("portfolio.chart.missing") for v in values]
            image = portfolio_charts.benchmark_bars([self.titles[d.card.id] for d in self.demarches], values, texts, spread,
                                                    formatter=lambda v: self._axis_text(metric, v), limit=limit, xlabel=axis)
            items = "\u202f; ".join(f"{self.titles[d.card.id]}\u00a0: {metric.format(v)}" for d, v in zip(self.demarches, values))
            alt = t("portfolio.doc.alt_bars", label=metric.label, items=items, quartiles=quart)
        else:
            image, bins = portfolio_charts.distribution(present, spread, formatter=lambda v: self._axis_text(metric, v), limit=limit,
                                                        xlabel=axis, ylabel=t("portfolio.chart.demarches"))
            items = "\u202f; ".join(t("portfolio.doc.alt_bin", low=metric.format(a), high=metric.format(b), count=c) for a, b, c in bins if c)
            alt = t("portfolio.doc.alt_distribution", label=metric.label, count=len(present), items=items, quartiles=quart)
        if missing:
            alt += " " + tn("portfolio.doc.alt_missing", len(missing), ids=", ".join(missing))
        doc.figure(io.BytesIO(image), alt=frformat.typo(alt), caption=self._caption("figure", metric.label), width_cm=charts.printed_width_cm(image))
        if missing:
            doc.paragraph(frformat.typo(self._count("portfolio.doc.missing_note", len(missing))))

    @staticmethod
    def _axis_text(metric: Metric, value: float) -> str:
        if metric.kind in (Kind.SHARE, Kind.PERCENT):
            return frformat.percent(value if metric.kind is Kind.SHARE else value / 100)
        return frformat.number(value)

    @staticmethod
    def _quartile_text(metric: Metric, spread: Quartiles | None) -> str:
        if spread is None:
            return t("portfolio.doc.alt_no_quartiles", minimum=MIN_COMPARED)
        return t("portfolio.doc.alt_quartiles", q1=metric.format(spread.q1), median=metric.format(spread.median),
                 q3=metric.format(spread.q3))

    def _items(self) -> None:
        """One row per shared item: the portfolio's median of each figure, with the démarches compared."""
        metrics = [m for m in self.result.item_metrics if m.benchmark]
        self.doc.heading(t("portfolio.doc.h_items"), 2)
        if not metrics:
            self.doc.paragraph(t("portfolio.doc.no_shared_item"))
            return
        self.doc.paragraph(frformat.typo(t("portfolio.doc.items_intro", minimum=MIN_COMPARED)))
        waves = [w for w in WAVE_ORDER if any(m.wave == w for m in metrics)]
        by_item: dict[str, dict[str, Metric]] = {}
        for metric in metrics:
            by_item.setdefault(metric.item, {})[metric.wave] = metric
        wording = bank_items()
        rows = []
        for item, found in by_item.items():
            shown, compared = self._same_demarches(found)
            if not compared:
                continue  # no row made of dashes only
            cells = [self._median_over(found[w], compared) if w in shown else "–" for w in waves]
            rows.append([wording[item], *cells, self._names(compared)])
        if not rows:
            self.doc.paragraph(t("portfolio.doc.no_shared_item"))
            return
        width = min(2.4, 7.2 / len(waves))
        self.doc.table([t("portfolio.col.item"), *(t(f"portfolio.doc.col_wave.{w}") for w in waves), t("portfolio.doc.col_compared_on")], rows,
                       caption=self._caption("table", t("portfolio.doc.caption_items")),
                       widths_cm=[16.5 - 3.8 - width * len(waves), *[width] * len(waves), 3.8], numeric=tuple(range(1, len(waves) + 1)),
                       keep_rows=True)

    def _same_demarches(self, found: dict[str, Metric]) -> tuple[list[str], list[Included]]:
        """The waves of a row and the démarches that have all of them (at least MIN_COMPARED).

        Waves are dropped, fewest démarches first, until enough démarches have every one left; so
        before, after and change of a row are always medians over the same démarches.
        """
        having = {w: [d for d in self.demarches if d.figure(m).value is not None] for w, m in found.items()}
        shown = [w for w in WAVE_ORDER if w in having and len(having[w]) >= MIN_COMPARED]
        while shown:
            common = [d for d in self.demarches if all(d in having[w] for w in shown)]
            if len(common) >= MIN_COMPARED:
                return shown, common
            shown.remove(min(shown, key=lambda w: len(having[w])))
        return [], []

    @staticmethod
    def _median_over(metric: Metric, demarches: list[Included]) -> str:
        middle = quartiles([d.figure(metric).value for d in demarches], minimum=MIN_COMPARED)
        return metric.format(middle.median) if middle else "–"

    def _names(self, demarches: list[Included]) -> str:
        """« toutes (4) », « toutes sauf … » or the short titles of the démarches a row is computed over."""
        if len(demarches) == len(self.demarches):
            return t("portfolio.doc.all_demarches", count=frformat.number(len(demarches)))
        left_out = [d for d in self.demarches if d not in demarches]
        if len(left_out) < len(demarches):
            return t("portfolio.doc.all_but", count=frformat.number(len(demarches)),
                     names="\n".join(self.titles[d.card.id] for d in left_out))
        return "\n".join(self.titles[d.card.id] for d in demarches)

    def _trends(self) -> None:
        if len(self.years) < 2:
            return
        self.doc.heading(t("portfolio.doc.h_trends"), 2)
        self.doc.paragraph(frformat.typo(t("portfolio.doc.trends_intro")))
        per_year = Counter(d.card.year for d in self.demarches)
        count_row = [t("portfolio.doc.trend_count"), *(frformat.number(per_year[y]) for y in self.years)]
        rows = [count_row]
        for key in TREND_METRICS:
            metric = _metric(key)
            row = [metric.label]
            for year in self.years:
                values = [d.figure(metric).value for d in self.demarches if d.card.year == year]
                middle = quartiles(values, minimum=1)
                row.append(metric.format(middle.median) if middle else "–")
            if any(cell != "–" for cell in row[1:]):
                rows.append(row)
        shown = self.years[-6:]
        cut = len(self.years) - len(shown)
        rows = [[r[0], *r[1 + cut:]] for r in rows]
        width = 16.5 - 6.0
        self.doc.table([t("portfolio.col.indicator"), *[str(y) for y in shown]], rows, caption=self._caption("table", t("portfolio.doc.caption_trends")),
                       widths_cm=[6.0, *[width / len(shown)] * len(shown)], numeric=tuple(range(1, len(shown) + 1)), keep_rows=True)

    # --- late -------------------------------------------------------------------------------------------
    def _late(self) -> None:
        doc, as_of = self.doc, self.result.as_of
        doc.heading(t("portfolio.doc.h_late"), 1)
        late = self.result.late()
        if not late:
            doc.paragraph(frformat.typo(t("portfolio.doc.none_late", date=frformat.date_long(as_of))))
            return
        doc.paragraph(frformat.typo(self._count("portfolio.doc.late_intro", len(late), date=frformat.date_long(as_of))))
        header = [t("portfolio.col.id"), t("portfolio.col.deadline"), t("portfolio.col.days_late"), _metric("propositions").label,
                  t("portfolio.col.decided_in_time"), t("portfolio.col.decided_late"), t("portfolio.col.undecided")]
        rows = [[self.titles[d.card.id], d.card.deadline.strftime("%d/%m/%Y") if d.card.deadline else "", frformat.number(d.days_late(as_of)),
                 _metric("propositions").format(d.figure(_metric("propositions")).value), frformat.number(d.card.decided_in_time),
                 frformat.number(d.card.decided_late), frformat.number(d.card.undecided)] for d in late]
        doc.table(header, rows, caption=self._caption("table", t("portfolio.doc.caption_late")),
                  widths_cm=[3.3, 2.4, 2.0, 3.0, 1.9, 1.8, 2.1], numeric=(2, 3, 4, 5, 6), keep_rows=True)

    # --- lessons ------------------------------------------------------------------------------------------
    def _lessons(self) -> None:
        doc = self.doc
        doc.heading(t("portfolio.doc.h_lessons"), 1)
        groups = self.result.lessons()
        if not groups:
            doc.paragraph(t("portfolio.doc.no_lesson"))
            return
        total = sum(len(v) for v in groups.values())
        sources = len({d.card.id for items in groups.values() for d, _ in items})
        intro = tn("portfolio.doc.lessons_intro", total, lessons=self._count("portfolio.doc.n_lessons", total),
                   demarches=self._count("portfolio.doc.n_demarches", sources), tags=self._count("portfolio.doc.n_tags", len(groups)))
        doc.paragraph(frformat.typo(intro))
        for tag, items in groups.items():
            doc.heading(t("portfolio.doc.tag_heading", tag=_tag_title(tag), count=self._count("portfolio.doc.n_lessons", len(items))), 2)
            doc.bullets([t("portfolio.doc.lesson", text=text.strip(), title=d.card.title, id=d.card.id, year=d.card.year) for d, text in items])

    # --- inclusion and method ----------------------------------------------------------------------------
    def _inclusion(self) -> None:
        doc, excluded = self.doc, self.result.excluded
        doc.heading(t("portfolio.doc.h_inclusion"), 1)
        doc.paragraph(frformat.typo(self._count("portfolio.doc.inclusion", len(self.demarches))))
        if not excluded:
            doc.paragraph(t("portfolio.doc.none_excluded"))
            return
        doc.paragraph(frformat.typo(self._count("portfolio.doc.excluded_intro", len(excluded), xlsx=XLSX_FILE)))
        rows = [[Path(e.folder).name, t(f"portfolio.reason.{e.reason.value}"), e.errors[0].message if e.errors else ""] for e in excluded]
        doc.table([t("portfolio.col.folder"), t("portfolio.col.reason"), t("portfolio.col.first_problem")], rows,
                  caption=self._caption("table", t("portfolio.doc.caption_excluded")), widths_cm=[4.0, 4.0, 8.5], keep_rows=True)

    def _method(self) -> None:
        doc = self.doc
        doc.heading(t("portfolio.doc.h_method"), 1)
        for key in ("method_evaluation", "method_missing", "method_quartiles", "method_items", "method_deadline"):
            doc.paragraph(frformat.typo(t(f"portfolio.doc.{key}", minimum=MIN_COMPARED, threshold=self.result.settings.threshold)))
        doc.paragraph(frformat.typo(t("portfolio.doc.method_files", xlsx=XLSX_FILE, csv=CSV_FILE)))

