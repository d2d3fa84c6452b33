"""Charts for the documents: readable in print, colour-blind safe, never meaning by colour alone.

Every bar carries its value as text, series differ by hatching as well as colour, numbers use
French typography. Charts are drawn with matplotlib's object API (no pyplot global state) and
returned as PNG bytes, ready for :meth:`AccessibleDocument.figure`.
"""

from __future__ import annotations

import io
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from evaluation import frformat
from indicators.vocabulary import Status
from surveys.text import strip_illegal_xml

CM = 1 / 2.54
WIDTH_CM = 16.0
DPI = 200
FONT_SIZE = 9
INK = "#1F2A44"
GRID = "#D0D4DC"
# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#999999")
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "---", "+++", "ooo")
STATUS_COLOURS = {
    Status.RETENUE: "#009E73",
    Status.RETENUE_PARTIELLEMENT: "#56B4E9",
    Status.NON_RETENUE: "#D55E00",
    Status.A_L_ETUDE: "#E69F00",
    Status.DEJA_EN_VIGUEUR: "#0072B2",
    Status.HORS_CHAMP: "#999999",
}
STATUS_HATCHES = dict(zip(Status, HATCHES))


@dataclass(frozen=True)
class Series:
    """One series of a stacked chart: its label (shown in the legend), values, colour and hatch."""

    label: str
    values: Sequence[float]
    colour: str
    hatch: str = ""


def _figure(height_cm: float, width_cm: float = WIDTH_CM) -> tuple[Figure, object]:
    figure = Figure(figsize=(width_cm * CM, height_cm * CM), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.tick_params(labelsize=FONT_SIZE, colors=INK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(INK)
    axes.xaxis.grid(True, color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: frformat.number(value)))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    return figure, axes


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # Citizen text may hold emoji the font lacks: drawn as a box, not worth a warning.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def _wrap(labels: Sequence[str], width: int = 30) -> list[str]:
    """Long category names on several lines so the plot keeps its width."""
    return [textwrap.fill(strip_illegal_xml(label), width) for label in labels]


def _height(rows: int) -> float:
    return max(4.5, 1.6 + 0.75 * rows)


def horizontal_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    value_labels: Sequence[str] | None = None,
    colours: Sequence[str] | None = None,
    hatches: Sequence[str] | None = None,
    xlabel: str = "",
) -> bytes:
    """One bar per label, top to bottom in the given order, each labelled with its value."""
    figure, axes = _figure(_height(len(labels)))
    positions = list(range(len(labels)))[::-1]
    colours = colours or [OKABE_ITO[0]] * len(labels)
    hatches = hatches or [""] * len(labels)
    bars = axes.barh(positions, values, color=colours, edgecolor=INK, linewidth=0.6, height=0.62)
    for bar, hatch in zip(bars, hatches):
        bar.set_hatch(hatch)
    axes.set_yticks(positions, labels=_wrap(labels))
    texts = value_labels or [frformat.number(v) for v in values]
    top = max(values, default=0) or 1
    for position, value, text in zip(positions, values, texts):
        axes.text(value + top * 0.01, position, text, va="center", ha="left", fontsize=FONT_SIZE, color=INK)
    axes.set_xlim(0, top * 1.25)
    axes.set_xlabel(xlabel, fontsize=FONT_SIZE, color=INK)
    return _png(figure)


def stacked_bars(categories: Sequence[str], series: Sequence[Series], *, xlabel: str = "") -> bytes:
    """One horizontal bar per category, split by series; segment counts and totals written out."""
    figure, axes = _figure(_height(len(categories)) + 1.0)
    positions = list(range(len(categories)))[::-1]
    left = [0.0] * len(categories)
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    top = max(totals, default=0) or 1
    for one in series:
        bars = axes.barh(positions, one.values, left=left, color=one.colour, edgecolor=INK, linewidth=0.6,
                         height=0.62, hatch=one.hatch, label=one.label)
        for bar, value, start in zip(bars, one.values, left):
            if value and value >= top * 0.04:
                axes.text(start + value / 2, bar.get_y() + bar.get_height() / 2, frformat.number(value), ha="center",
                          va="center", fontsize=FONT_SIZE - 1, color=INK,
                          bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        left = [a + b for a, b in zip(left, one.values)]
    for position, total in zip(positions, totals):
        axes.text(total + top * 0.01, position, frformat.number(total), va="center", ha="left", fontsize=FONT_SIZE,
                  color=INK, fontweight="bold")
    axes.set_yticks(positions, labels=_wrap(categories))
    axes.set_xlim(0, top * 1.12)
    axes.set_xlabel(xlabel, fontsize=FONT_SIZE, color=INK)
    axes.legend(loc="lower center", bbox_to_anchor=(0.45, 1.0), ncol=3, fontsize=FONT_SIZE - 1, frameon=False)
    return _png(figure)
