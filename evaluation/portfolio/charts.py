"""Charts of the portfolio summary: each démarche against the quartiles, or the distribution of many.

Built on the chart conventions of :mod:`evaluation.charts` (print-readable, colour-blind safe,
values written out, French numbers). The quartiles are drawn as lines named in a legend (median
solid, first and third quartiles dashed), so their meaning never rests on colour; a démarche
without the figure has no bar and the word given for missing values instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from evaluation.documents import charts
from evaluation.documents.mpl import FuncFormatter, Line2D, MaxNLocator
from evaluation.portfolio.stats import Quartiles
from surveys.i18n import t

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MISSING_INK = "#555555"
LABEL_GROUND = {"facecolor": "white", "edgecolor": "none", "pad": 1.5}
LABEL_ZORDER = 5  # above the quartile lines (zorder 2)


def _quartile_lines(axes: Axes, spread: Quartiles | None) -> None:
    """Q1 and Q3 dashed, the median solid, named in a legend above the plot (line style, not colour)."""
    if spread is None:
        return
    for value in (spread.q1, spread.q3):
        axes.axvline(value, color=charts.INK, linewidth=0.9, linestyle="--")
    axes.axvline(spread.median, color=charts.INK, linewidth=1.4, linestyle="-")
    handles = [Line2D([], [], color=charts.INK, linewidth=1.4, linestyle="-", label=t("portfolio.chart.median")),
               Line2D([], [], color=charts.INK, linewidth=0.9, linestyle="--", label=t("portfolio.chart.quartiles"))]
    axes.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.45, 1.0), ncol=2, fontsize=charts.FONT_SIZE - 1,
                frameon=False)


def _axis(axes: Axes, formatter: Callable[[float], str], limit: float) -> None:
    axes.set_xlim(0, limit)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=6))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: formatter(value)))


def benchmark_bars(labels: Sequence[str], values: Sequence[float | None], texts: Sequence[str], spread: Quartiles | None, *,
                   formatter: Callable[[float], str], limit: float | None, xlabel: str) -> bytes:
    """One bar per démarche (in the given order, top to bottom) with its value written out, and the quartile lines."""
    figure, axes = charts._figure(charts._height(len(labels)) + 0.6)
    positions = list(range(len(labels)))[::-1]
    present = [v for v in values if v is not None]
    top = limit or (max(present, default=0) * 1.3 or 1.0)
    charts._add_bars(axes, [charts._Bar(position, value, 0.0, charts.OKABE_ITO[0], "") for position, value in zip(positions, values)
                            if value is not None], linewidth=0.6, height=charts.BAR_HEIGHT)
    for position, value, text in zip(positions, values, texts):
        if value is None:
            axes.text(top * 0.01, position, text, va="center", ha="left", fontsize=charts.FONT_SIZE, color=MISSING_INK, style="italic")
            continue
        # on a white ground above the quartile lines: a reference line never runs through a value
        axes.text(value + top * 0.01, position, text, va="center", ha="left", fontsize=charts.FONT_SIZE, color=charts.INK,
                  bbox=LABEL_GROUND, zorder=LABEL_ZORDER)
    _axis(axes, formatter, top * 1.12 if limit is None else limit * 1.12)
    _quartile_lines(axes, spread)
    charts._row_labels(axes, positions, charts._wrap(labels, 34), fontsize=charts.FONT_SIZE)
    axes.set_xlabel(xlabel, fontsize=charts.FONT_SIZE, color=charts.INK)
    return charts._png(figure)


def distribution(values: Sequence[float], spread: Quartiles | None, *, formatter: Callable[[float], str], limit: float | None,
                 xlabel: str, ylabel: str, bins: int = 10) -> tuple[bytes, list[tuple[float, float, int]]]:
    """Histogram of many démarches' values with the quartile lines; returns the image and its bins (low, high, count)."""
    data = np.asarray(values, dtype=float)
    high = limit if limit is not None else (float(data.max()) if data.size else 1.0) or 1.0
    counts, edges = np.histogram(data, bins=bins, range=(0.0, high))
    figure, axes = charts._figure(7.5)
    axes.xaxis.grid(False)
    axes.yaxis.grid(True, color=charts.GRID, linewidth=0.6)
    widths = np.diff(edges)
    axes.bar(edges[:-1], counts, width=widths * 0.92, align="edge", color=charts.OKABE_ITO[0], edgecolor=charts.INK, linewidth=0.6)
    peak = int(counts.max()) if counts.size else 0
    for left, width, count in zip(edges[:-1], widths, counts):
        if count:
            axes.text(left + width * 0.46, count + peak * 0.02, str(int(count)), ha="center", va="bottom", fontsize=charts.FONT_SIZE - 1,
                      color=charts.INK)
    _axis(axes, formatter, high)
    axes.set_ylim(0, peak * 1.15 + 1)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: str(int(value))))
    _quartile_lines(axes, spread)
    axes.set_xlabel(xlabel, fontsize=charts.FONT_SIZE, color=charts.INK)
    axes.set_ylabel(ylabel, fontsize=charts.FONT_SIZE, color=charts.INK)
    bins_out = [(float(a), float(b), int(c)) for a, b, c in zip(edges[:-1], edges[1:], counts)]
    return charts._png(figure), bins_out
