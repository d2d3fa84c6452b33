"""Charts for the documents: readable in print, colour-blind safe, never meaning by colour alone.

Every bar carries its value as text, series differ by hatching as well as colour, numbers use
French typography. Charts are drawn with matplotlib's object API (no pyplot global state) and
returned as PNG bytes, ready for :meth:`AccessibleDocument.figure`.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
import warnings
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, cycle, repeat
from typing import TYPE_CHECKING, Literal, NamedTuple, cast

from evaluation.documents import frformat
from evaluation.documents import valueformat as report_format
from evaluation.documents.mpl import (
    TICKLEFT,
    Annotation,
    Artist,
    Bbox,
    Figure,
    FigureCanvasAgg,
    FixedLocator,
    FuncFormatter,
    Line2D,
    MarkerStyle,
    MaxNLocator,
    NullLocator,
    Patch,
    Path,
    PathPatch,
    RendererAgg,
    Text,
    fontManager,
    get_font,
    get_hinting_flag,
    rcParams,
)
from evaluation.documents.png import encode_rgba
from indicators.vocabulary import Status
from surveys.text import strip_illegal_xml

if TYPE_CHECKING:
    from collections.abc import Iterator

    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import GraphicsContextBase, RendererBase
    from matplotlib.font_manager import FontProperties
    from matplotlib.ft2font import LoadFlags
    from numpy.typing import NDArray

CM = 1 / 2.54
WIDTH_CM = 16.0
DPI = 200
FONT_SIZE = 9
PAD_INCHES = 0.1  # white margin around the content, as savefig(bbox_inches="tight") leaves
SMALLEST_FONT = FONT_SIZE - 1  # 8 pt: no text of a chart is smaller once printed (charts print at their own size)
MAX_PRINT_CM = 16.0  # a chart is never wider than this, so documents never scale it down
INK = "#1F2A44"
BAR_HEIGHT = 0.62  # of a bar, in rows
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


class _Line(NamedTuple):
    """A line of text as FreeType lays it out (pixels): its bitmap, the offsets of the bitmap's left
    side and bottom row from the text's position (y downwards), and the size matplotlib measures."""

    image: NDArray[np.uint8]
    left: float
    bottom: float
    width: float
    height: float
    descent: float


class _Renderer(RendererAgg):
    """Agg's renderer, drawing a plain line of text in one piece rather than glyph by glyph.

    matplotlib 3.11 lays out and renders every glyph from Python (a transform, a bitmap and a
    blend per glyph: about a third of a chart's drawing time). FreeType can lay out the line and
    render all its glyphs into one bitmap (``set_text``, ``draw_glyphs_to_bitmap``), which Agg
    blends once at the line's pixel position, as matplotlib 3.10 did. A line's bitmap depends only
    on its text, font and resolution: it is kept, with the size measured from the same layout, for
    the next time the same line is measured or drawn. Math text, rotated text, text without
    antialiasing and text with font features or a language are drawn by matplotlib.
    """

    def draw_text(self, gc: GraphicsContextBase, x: float, y: float, s: str, prop: FontProperties, angle: float,
                  ismath: bool | Literal["TeX"] = False, mtext: Text | None = None) -> None:
        special = mtext is not None and any(getattr(mtext, f"get_{name}", lambda: None)() is not None  # matplotlib 3.10+
                                            for name in ("fontfeatures", "language"))
        if ismath or angle or special or not gc.get_antialiased():
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        line = self._laid_out(s, prop)
        # draw_text_image takes the bitmap's left side and its bottom row, y downwards
        self._renderer.draw_text_image(line.image, round(x + line.left), round(y + line.bottom) + 1, 0.0, gc)

    def get_text_width_height_descent(self, s: str, prop: FontProperties, ismath: bool | Literal["TeX"]) -> tuple[float, float, float]:
        """A plain line's size as matplotlib measures it (FreeType's layout), from the layout that renders it.

        matplotlib lays a line out once to measure it and once more to draw it (about 0.3 ms each
        time): the one layout gives both, kept with the line's bitmap (most lines measured are drawn).
        """
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        line = self._laid_out(s, prop)
        return line.width, line.height, line.descent

    def _laid_out(self, s: str, prop: FontProperties) -> _Line:
        """The line ``s`` in ``prop``'s font at this resolution, laid out and rendered once, then kept."""
        hinting = get_hinting_flag()
        line = _LINES.get((s, prop, self.dpi, hinting))
        if line is None:
            line = _LINES[(s, prop.copy(), self.dpi, hinting)] = self._line(s, prop, hinting)
            for oldest in list(_LINES)[:len(_LINES) - LINES_KEPT]:
                _LINES.pop(oldest, None)
        return line

    def _line(self, s: str, prop: FontProperties, hinting: LoadFlags) -> _Line:
        """One line of text laid out and rendered by FreeType (see :class:`_Line`)."""
        font = self._prepare_font(prop)
        font.set_text(s, 0.0, flags=hinting)
        width, height = font.get_width_height()  # 26.6 fixed point, as matplotlib's measure divides them
        descent = font.get_descent()
        font.draw_glyphs_to_bitmap(antialiased=True)
        left, top = font.get_bitmap_offset()  # where the bitmap starts, left of the origin
        return _Line(font.get_image().copy(), left / 64, top / 64 + descent / 64, width / 64, height / 64, descent / 64)

    def _get_font_height_metrics(self, prop: FontProperties) -> tuple[float | None, float | None, float]:
        """A font's ascent, descent and line gap in pixels, which matplotlib reads for every text layout.

        matplotlib asks a renderer for them when it can (its PDF and PostScript backends do), and
        otherwise reads two FreeType tables per layout (several layouts per text and per drawing).
        Computed here the same way, once per font, size and resolution.
        """
        key = (prop, self.dpi)
        metrics = _HEIGHT_METRICS.get(key)
        if metrics is None:
            metrics = _HEIGHT_METRICS[(prop.copy(), self.dpi)] = _height_metrics(prop, self.dpi)
        return metrics


LINES_KEPT = 2000  # rendered lines kept for reuse (tick labels, legends and answer categories recur across charts)
_LINES: dict[tuple[str, FontProperties, float, LoadFlags], _Line] = {}
_HEIGHT_METRICS: dict[tuple[FontProperties, float], tuple[float | None, float | None, float]] = {}


def _height_metrics(prop: FontProperties, dpi: float) -> tuple[float | None, float | None, float]:
    """Ascent, descent and line gap of ``prop``'s font, as ``Text._get_layout`` computes them (OS/2 table,
    else hhea; neither: ``None``, and matplotlib measures the font itself)."""
    font = get_font(fontManager._find_fonts_by_props(prop))
    head, os2, hhea = font.get_sfnt_table("head"), font.get_sfnt_table("OS/2"), font.get_sfnt_table("hhea")
    if head is None or (os2 is None and hhea is None):
        return None, None, 0.0
    scale = 1 / head["unitsPerEm"] * prop.get_size_in_points() * dpi / 72  # in matplotlib's order: the same floats
    if os2 is not None:
        return os2["sTypoAscender"] * scale, -os2["sTypoDescender"] * scale, os2["sTypoLineGap"] * scale
    assert hhea is not None
    return hhea["ascent"] * scale, -hhea["descent"] * scale, hhea["lineGap"] * scale


class _Canvas(FigureCanvasAgg):
    """An Agg canvas whose renderer is one per thread, resized in place, so text is measured once.

    matplotlib keeps its text measurements (FreeType layout, about 50 µs a character) per renderer
    object, and Agg makes a new renderer whenever the size in pixels changes: each narrowing of a
    chart (:func:`_png`), then ``savefig`` at the cropped size, measured every text again. One
    renderer is kept instead and given the new size by re-initialising it (``RendererAgg``'s own
    pickling hook, which keeps only width, height and dpi): the same drawing on a fresh buffer,
    with measurements that depend only on the text, its font and the dpi, reused across sizes and
    across charts (tick labels, legends and answer categories recur). One renderer per thread, so
    that charts drawn in two threads never share a buffer.
    """

    _shared = threading.local()
    renderer_type: type[RendererAgg] = _Renderer

    def get_renderer(self) -> RendererAgg:
        width, height = self.get_width_height(physical=True)
        dpi = self.figure.dpi
        shared: RendererAgg | None = getattr(_Canvas._shared, "renderer", None)
        if type(shared) is not self.renderer_type:
            shared = _Canvas._shared.renderer = self.renderer_type(width, height, dpi)
        elif (shared.width, shared.height, shared.dpi) != (width, height, dpi):
            shared.__setstate__({"width": width, "height": height, "dpi": dpi})
        self.renderer = shared
        return shared


def _figure(height_cm: float, width_cm: float = WIDTH_CM) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(width_cm * CM, height_cm * CM), dpi=DPI)
    _Canvas(figure)
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


def _row_labels(axes: Axes, positions: Sequence[float], labels: Sequence[str], *, fontsize: float, tick_marks: bool = True) -> None:
    """A label left of the plot for each row, where matplotlib puts y tick labels, with its tick mark if ``tick_marks``.

    Drawn as they would be by the y axis (same place, font, alignment and marks) but as one text
    per row and one line for all the marks: a tick of the axis is five artists (three lines, two
    texts) created, positioned and measured again at every measure and drawing.
    """
    axes.yaxis.set_major_locator(NullLocator())
    length = rcParams["ytick.major.size"] if tick_marks else 0.0
    transform, va, ha = axes.get_yaxis_text1_transform(rcParams["ytick.major.pad"] + length)  # pad of an outward tick
    for position, label in zip(positions, labels):
        axes.text(0, position, label, transform=transform, va=va, ha=ha, fontsize=fontsize, color=INK)
    if tick_marks and positions:
        axes.add_artist(Line2D([0] * len(positions), positions, transform=axes.get_yaxis_transform(which="tick1"), linestyle="none",
                               marker=MarkerStyle(TICKLEFT), markersize=length, markeredgewidth=rcParams["ytick.major.width"], color=INK,
                               markeredgecolor=INK, clip_on=False, zorder=0.5))


def _flat_x_axis(axes: Axes) -> None:
    """The x axis's ticks drawn as they are, but as a few artists of the axes: a line for all the
    gridlines, one for all the tick marks, a text per label, and the axis label placed below them.

    An axis tick is five artists (three lines, two texts) created, positioned and measured again
    at every measure of the chart and at its drawing; here each artist copies the axis's own first
    tick (:meth:`~matplotlib.artist.Artist.update_from`: styles, transforms, clipping) and the
    axis label is placed as matplotlib places it (``labelpad`` below the tick labels and the
    bottom spine). Left to matplotlib: ticks that may change with the figure's size (a locator
    other than fixed ticks or a fixed number of bins), minor ticks, an offset or a log scale,
    ticks on top, an empty tick label (the spine's extent would then count).
    """
    axis = axes.xaxis
    locator = axis.get_major_locator()
    fixed = isinstance(locator, FixedLocator) or (type(locator) is MaxNLocator and getattr(locator, "_nbins", "auto") != "auto")
    plain = axis.get_visible() and axes.get_xscale() == "linear" and axis.get_label_position() == "bottom"
    if not (fixed and plain) or len(axis.get_minorticklocs()):
        return
    tick = axis.get_major_ticks(1)[0]  # the axis's style (tick_params, grid)
    low, high = sorted(axis.get_view_interval())
    tolerance = (high - low) * 1e-10  # the ticks matplotlib draws: those in the view, to rounding
    locations = [location for location in axis.get_majorticklocs() if low - tolerance <= location <= high + tolerance]
    texts = axis.get_major_formatter().format_ticks(locations)
    if axis.get_major_formatter().get_offset() or tick.tick2line.get_visible() or tick.label2.get_visible() or not all(texts):
        return
    copies: list[tuple[Artist, Artist]] = []  # (artist of the axes, the tick's artist it copies)
    if tick.gridline.get_visible():
        copies.append((Line2D([x for location in locations for x in (location, location, math.nan)], [0, 1, math.nan] * len(locations)),
                       tick.gridline))
    if tick.tick1line.get_visible():
        copies.append((marks := Line2D(locations, [0] * len(locations)), tick.tick1line))
        marks.set_in_layout(False)  # as the axis's marks: within the extent of the spine, above the labels
    labels = [Text(location, 0, text) for location, text in zip(locations, texts)] if tick.label1.get_visible() else []
    copies += [(label, tick.label1) for label in labels]
    for artist, model in copies:
        axes.add_artist(artist)
        artist.update_from(model)  # after add_artist, which clips to the axes: the tick's own clipping
        artist.set_zorder(axis.get_zorder())
    title = axis.get_label()
    if title.get_visible() and title.get_text():
        spine = axes.spines.get("bottom", axes)

        def below_labels(renderer: RendererBase) -> Bbox:
            return Bbox.union([*(label.get_window_extent(renderer) for label in labels), spine.get_window_extent()])

        placed = Annotation(title.get_text(), xy=(0.5, 0), xycoords=("axes fraction", below_labels),
                            xytext=(0, -axis.labelpad), textcoords="offset points", annotation_clip=False)
        axes.add_artist(placed)
        placed.update_from(title)
        placed.set_zorder(axis.get_zorder())
        title.set_visible(False)
    axis.set_major_locator(NullLocator())


def _png(figure: Figure) -> bytes:
    """The chart as PNG, at most MAX_PRINT_CM wide with its labels: when the labels outside the
    plot make it wider, the plot is narrowed (the text keeps its size). The width is measured
    without drawing; the chart is drawn once, at its final size."""
    for axes in figure.axes:
        _flat_x_axis(axes)
    measured: list[tuple[float, float]] = []  # (figure width, content width), in cm
    for attempt in range(4):
        tight = _tight_box(figure)
        content = _pixels(tight.width) / DPI * 2.54
        if content - MAX_PRINT_CM <= 0.01 or attempt == 3:
            break
        width, height = figure.get_size_inches()
        measured.append((width * 2.54, content))
        plot_share = figure.axes[0].get_position().width if figure.axes else 1.0
        figure.set_size_inches(max(_narrower(measured, plot_share), 4) * CM, height)
    return _render(figure, tight)


def _narrower(measured: Sequence[tuple[float, float]], plot_share: float) -> float:
    """The figure width (cm) that should bring the content just under MAX_PRINT_CM.

    The labels keep their size, so the content narrows in proportion to the figure: by the plot's
    share of the figure at first guess, then at the rate measured between the last two widths.
    """
    width, content = measured[-1]
    rate = plot_share
    if len(measured) > 1:
        (before, content_before) = measured[-2]
        if before != width:
            rate = min(max((content_before - content) / (before - width), 0.1), 1.0)
    return width - (content - MAX_PRINT_CM + 0.03) / rate


def _tight_box(figure: Figure) -> Bbox:
    """The figure's content plus ``PAD_INCHES``, in inches, measured from text and artist extents.

    ``bbox_inches="tight"`` would draw the figure twice (once without output to measure it, then
    for real); the box is measured here, without drawing, then passed on to ``savefig``.
    """
    with _missing_glyphs_quiet():
        renderer = cast(FigureCanvasAgg, figure.canvas).get_renderer()  # every chart is drawn on Agg (see _figure)
        return figure.get_tightbbox(renderer).padded(PAD_INCHES)


@contextmanager
def _missing_glyphs_quiet() -> Iterator[None]:
    """Citizen text may hold emoji the font lacks: drawn as a box, not worth a warning."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        yield


def _pixels(inches: float) -> int:
    """How many pixels ``savefig`` gives a length in inches (it truncates, as Agg's canvas does)."""
    return int(inches * DPI + 1e-8)


def _render(figure: Figure, tight: Bbox) -> bytes:
    """The figure as PNG, cropped to ``tight`` (see :func:`_tight_box`), drawn once.

    Drawn as raw RGBA pixels and encoded by :mod:`evaluation.documents.png` (as RGB when opaque, as
    every chart on its white background is): the same pixels in a smaller PNG, encoded several
    times faster than by matplotlib or Pillow.
    """
    buffer = io.BytesIO()
    with _missing_glyphs_quiet():
        figure.savefig(buffer, format="rgba", dpi=DPI, bbox_inches=tight, facecolor="white")
    pixels, size = buffer.getvalue(), (_pixels(tight.width), _pixels(tight.height))
    if len(pixels) != 4 * size[0] * size[1]:  # not the size measured: let matplotlib encode what it draws
        with _missing_glyphs_quiet():
            figure.savefig(buffer := io.BytesIO(), format="png", dpi=DPI, bbox_inches=tight, facecolor="white", metadata={"Software": None})
        return buffer.getvalue()
    return encode_rgba(pixels, *size, DPI)


def printed_width_cm(png: bytes) -> float:
    """The width of a chart printed at the resolution it was drawn for (its fonts at their size)."""
    return int.from_bytes(png[16:20], "big") / DPI * 2.54


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
    _add_bars(axes, [_Bar(position, value, 0.0, colour, hatch)
                     for position, value, colour, hatch in zip(positions, values, cycle(colours), chain(hatches, repeat("")))],
              linewidth=0.6, height=BAR_HEIGHT)
    _row_labels(axes, positions, _wrap(labels), fontsize=FONT_SIZE)
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
    bars = []  # series by series: the segments of a row in their order
    for one in series:
        for position, value, start in zip(positions, one.values, left):
            bars.append(_Bar(position, value, start, one.colour, one.hatch))
            if value and value >= top * 0.04:
                bottom = position - BAR_HEIGHT / 2  # the centre from the bar's bottom, as barh gave it (the same float)
                axes.text(start + value / 2, bottom + BAR_HEIGHT / 2, frformat.number(value), ha="center",
                          va="center", fontsize=FONT_SIZE - 1, color=INK,
                          bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        left = [a + b for a, b in zip(left, one.values)]
    _add_bars(axes, bars, linewidth=0.6, height=BAR_HEIGHT)
    for position, total in zip(positions, totals):
        axes.text(total + top * 0.01, position, frformat.number(total), va="center", ha="left", fontsize=FONT_SIZE,
                  color=INK, fontweight="bold")
    _row_labels(axes, positions, _wrap(categories), fontsize=FONT_SIZE)
    axes.set_xlim(0, top * 1.12)
    axes.set_xlabel(xlabel, fontsize=FONT_SIZE, color=INK)
    keys = [Patch(facecolor=one.colour, edgecolor=INK, linewidth=0.6, hatch=one.hatch, label=one.label)
            for one in series if one.label and not one.label.startswith("_")]  # the series matplotlib's legend would name
    axes.legend(handles=keys, loc="lower center", bbox_to_anchor=(0.45, 1.0), ncol=3, fontsize=FONT_SIZE - 1, frameon=False)
    return _png(figure)


# --- Evaluation report charts ---------------------------------------------------------------------

# Diverging, colour-blind safe (ColorBrewer PuOr): orange for the low end, purple for the high end,
# grey for the middle; the extremes are also hatched so that position and texture carry meaning.
_DIVERGING = {
    2: ("#E08214", "#8073AC"),
    3: ("#E08214", "#D9D9D9", "#8073AC"),
    4: ("#B35806", "#FDB863", "#B2ABD2", "#542788"),
    5: ("#B35806", "#FDB863", "#D9D9D9", "#B2ABD2", "#542788"),
    6: ("#B35806", "#E08214", "#FDB863", "#B2ABD2", "#8073AC", "#542788"),
    7: ("#B35806", "#E08214", "#FDB863", "#D9D9D9", "#B2ABD2", "#8073AC", "#542788"),
}
MASKED_TEXT_COLOUR = "#555555"
LINE_UNITS = 0.6  # vertical room of one label line (8 pt), in bar rows
ROW_CM = 0.62  # height of one bar row at print size


def diverging_colours(count: int) -> tuple[str, ...]:
    """Colours of ``count`` ordered answer categories, lowest first (2 to 7 categories)."""
    if count not in _DIVERGING:
        raise ValueError(f"diverging palettes exist for 2 to 7 categories, not {count}")
    return _DIVERGING[count]


def diverging_hatches(count: int) -> tuple[str, ...]:
    """Hatches of the categories: the two extremes are textured, the others plain."""
    hatches = [""] * count
    if count >= 4:
        hatches[0], hatches[-1] = "///", "\\\\\\"
    return tuple(hatches)


def _text_colour(background: str) -> str:
    """Ink or white, whichever reads better on ``background`` (relative luminance)."""
    red, green, blue = (int(background[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "white" if 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.45 else INK


class _Bar(NamedTuple):
    """One horizontal bar (or bar segment) of a chart, for :func:`_add_bars`."""

    position: float
    width: float
    left: float
    colour: str
    hatch: str


_RECTANGLE_CODES = (Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY)


def _add_bars(axes: Axes, bars: Sequence[_Bar], *, linewidth: float, height: float) -> None:
    """Horizontal bars, those of one colour and hatch drawn as one patch (a path of several rectangles).

    Agg renders a hatch's pattern anew for every hatched path (0.4 ms for « /// », 1.2 ms for
    « ... », whatever the bar's size), and a patch added to the axes costs about 0.2 ms: one patch
    per style draws the same pixels (the bars of a style never touch: they are on different rows)
    for a fraction of the time. Each style's patch is drawn where the style first comes in
    ``bars``, so bars that touch (the segments of a row) must come in the order of their styles.
    """
    styles: dict[tuple[str, str], list[_Bar]] = {}
    for bar in bars:
        styles.setdefault((bar.colour, bar.hatch), []).append(bar)
    for (colour, hatch), same in styles.items():
        patch = PathPatch(_rectangles(same, height), facecolor=colour, edgecolor=INK, linewidth=linewidth, hatch=hatch)
        patch.sticky_edges.x.extend(bar.left for bar in same)  # as barh: autoscaling leaves no margin at a bar's base
        axes.add_patch(patch)
    axes.autoscale_view()  # as barh, limits not set by hand take in the bars


def _rectangles(bars: Sequence[_Bar], height: float) -> Path:
    """The outlines of ``bars`` (``height`` high, centred on their position) as one path, each closed as a Rectangle's."""
    vertices: list[tuple[float, float]] = []
    for bar in bars:
        bottom = bar.position - height / 2
        left, right, top = bar.left, bar.left + bar.width, bottom + height
        vertices += [(left, bottom), (right, bottom), (right, top), (left, top), (left, bottom)]
    return Path(vertices, _RECTANGLE_CODES * len(bars))


def _masked(axes: Axes, y: float, text: str, x: float = 0.0) -> None:
    axes.text(x, y, text, ha="center", va="center", fontsize=FONT_SIZE - 1, color=MASKED_TEXT_COLOUR, style="italic")


def _stack(labels: Sequence[str]) -> tuple[list[float], float]:
    """Y positions (top row first) leaving room for labels of several lines, and the total height."""
    positions, y = [], 0.0
    for label in labels:
        height = max(1.0, (label.count("\n") + 1) * LINE_UNITS + 0.25)
        y += height / 2
        positions.append(-y)
        y += height / 2
    return positions, y


def _stack_figure(total_units: float, extra_cm: float = 1.6) -> tuple[Figure, Axes]:
    return _figure(max(3.2, extra_cm + total_units * ROW_CM))


@dataclass(frozen=True)
class LikertRow:
    """One bar of a diverging chart: its label (« Avant · n = 98 ») and category shares (empty when hidden)."""

    label: str
    shares: Sequence[float]


@dataclass(frozen=True)
class LikertGroup:
    """An item of a diverging chart: its wording, written above its bars (one per wave)."""

    title: str
    rows: Sequence[LikertRow]


def _likert_limit(groups: Sequence[LikertGroup], half: int, odd: bool) -> float:
    extent = 0.25
    for group in groups:
        for row in group.rows:
            if row.shares:
                middle = row.shares[half] / 2 if odd else 0.0
                extent = max(extent, sum(row.shares[:half]) + middle, sum(row.shares[half + (1 if odd else 0):]) + middle)
    return min(1.0, max(0.5, math.ceil(extent / 0.25 - 1e-9) * 0.25))


def diverging_likert(groups: Sequence[LikertGroup], categories: Sequence[str], *, masked: str, xlabel: str = "") -> bytes:
    """Diverging stacked bars: low categories left of zero, high ones right, the middle one centred.

    Each item's wording is written above its bars; each bar (a wave) is labelled on the left.
    Segments of 5 % or more carry their percentage; a hidden bar (secret statistique) is replaced
    by the ``masked`` text.
    """
    count = len(categories)
    colours, hatches = diverging_colours(count), diverging_hatches(count)
    half, odd = count // 2, bool(count % 2)
    limit = _likert_limit(groups, half, odd)
    titles = [textwrap.fill(strip_illegal_xml(g.title), 76) for g in groups]
    total = sum((title.count("\n") + 1) * LINE_UNITS + 0.2 + len(g.rows) for title, g in zip(titles, groups)) + 0.2 * len(groups)
    figure, axes = _stack_figure(total, extra_cm=2.2)
    axes.xaxis.grid(False)
    ticks, tick_labels, y, bars = [], [], 0.0, []
    for title, group in zip(titles, groups):
        axes.text(-limit, -y - 0.05, title, ha="left", va="top", fontsize=FONT_SIZE - 1, color=INK, fontweight="bold", zorder=5,
                  bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"})
        y += (title.count("\n") + 1) * LINE_UNITS + 0.2
        for row in group.rows:
            position = -(y + 0.5)
            y += 1.0
            ticks.append(position)
            tick_labels.append(row.label)
            if not row.shares:
                _masked(axes, position, masked)
                continue
            start = -(sum(row.shares[:half]) + (row.shares[half] / 2 if odd else 0.0))
            for share, colour, hatch in zip(row.shares, colours, hatches):
                if share > 0:
                    bars.append(_Bar(position, share, start, colour, hatch))
                    if share >= 0.05:
                        axes.text(start + share / 2, position, frformat.percent(share), ha="center", va="center",
                                  fontsize=SMALLEST_FONT, color=_text_colour(colour),
                                  bbox={"boxstyle": "round,pad=0.1", "facecolor": colour, "edgecolor": "none"} if hatch else None)
                start += share
        y += 0.2
    _add_bars(axes, sorted(bars, key=lambda bar: colours.index(bar.colour)), linewidth=0.5, height=0.72)  # a row's segments in order
    keys = [Patch(facecolor=colour, edgecolor=INK, linewidth=0.5, hatch=hatch, label=textwrap.fill(category, 24))
            for category, colour, hatch in zip(categories, colours, hatches)]  # legend keys only: nothing drawn on the plot
    for position in ticks:  # the centre line beside each bar only: it never crosses an item's title
        axes.plot([0, 0], [position - 0.5, position + 0.5], color=INK, linewidth=0.9, zorder=4)
    axes.set_xlim(-limit, limit)
    step = 0.25 if limit > 0.5 else 0.1
    axes.xaxis.set_major_locator(FixedLocator([step * i for i in range(-round(limit / step), round(limit / step) + 1)]))  # ticks made at drawing
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: frformat.percent(abs(value))))
    axes.set_ylim(-y, 0)
    _row_labels(axes, ticks, tick_labels, fontsize=FONT_SIZE - 1, tick_marks=False)
    axes.spines["left"].set_visible(False)
    axes.set_xlabel(xlabel, fontsize=FONT_SIZE - 1, color=INK)
    axes.legend(handles=keys, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=count if count <= 4 else 3, fontsize=SMALLEST_FONT,
                frameon=False, handlelength=1.6, columnspacing=1.0)
    return _png(figure)


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its interval, for :func:`interval_plot` (``value`` None when hidden)."""

    label: str
    value: float | None
    low: float | None
    high: float | None
    text: str  # what is written beside the point (value and interval, French format)


def _signed_axis(axes: Axes, limit: float, formatter: FuncFormatter) -> None:
    axes.set_xlim(-limit, limit)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=6, symmetric=True))
    axes.xaxis.set_major_formatter(formatter)


def interval_plot(rows: Sequence[Estimate], *, xlabel: str, masked: str) -> bytes:
    """One point per row (a share difference) with its interval, a line at zero, values written out.

    The values and intervals are written in a column on the right, so that nothing overlaps.
    """
    labels = _wrap([row.label for row in rows], 40)
    positions, total = _stack(labels)
    figure, axes = _stack_figure(total)
    bounds = [abs(b) for row in rows for b in (row.low, row.high, row.value) if b is not None] or [0.1]
    limit = max(bounds) * 1.1 or 0.1
    for position, row in zip(positions, rows):
        if row.value is None:
            _masked(axes, position, masked)
            continue
        if row.low is not None and row.high is not None:
            axes.plot([row.low, row.high], [position, position], color=INK, linewidth=1.4, solid_capstyle="butt")
            for bound in (row.low, row.high):
                axes.plot([bound, bound], [position - 0.18, position + 0.18], color=INK, linewidth=1.2)
        axes.plot([row.value], [position], marker="D", markersize=6, color=OKABE_ITO[0], markeredgecolor=INK)
        axes.annotate(row.text, xy=(1.02, position), xycoords=("axes fraction", "data"), ha="left", va="center",
                      fontsize=FONT_SIZE - 1, color=INK)
    return _finish_point_axis(figure, axes, limit, positions, labels, total, xlabel, zero_style="--")


def _finish_point_axis(figure: Figure, axes: Axes, limit: float, positions: Sequence[float], labels: Sequence[str],
                       total: float, xlabel: str, *, zero_style: str) -> bytes:
    """The common end of horizontal charts of signed differences in points: zero line, symmetric
    axis in points, one labelled row per position, then the PNG."""
    axes.axvline(0, color=INK, linewidth=0.9, linestyle=zero_style)
    _signed_axis(axes, limit, FuncFormatter(lambda value, _: report_format.share_points(value, unit=False)))
    axes.set_ylim(-total, 0)
    _row_labels(axes, positions, labels, fontsize=FONT_SIZE - 1)
    axes.set_xlabel(xlabel, fontsize=FONT_SIZE - 1, color=INK)
    return _png(figure)


@dataclass(frozen=True)
class StatusStyle:
    """How a status is drawn: fill colour, hatch and the words written on it."""

    colour: str
    hatch: str
    text: str


def status_strip(labels: Sequence[str], statuses: Sequence[str], styles: dict[str, StatusStyle]) -> bytes:
    """One cell per label, filled and hatched by its status, with the status written in words."""
    wrapped = _wrap(labels, 60)
    positions, total = _stack(wrapped)
    figure, axes = _stack_figure(total * 0.8, extra_cm=0.8)
    _add_bars(axes, [_Bar(position, 1.0, 0.0, styles[status].colour, styles[status].hatch) for position, status in zip(positions, statuses)],
              linewidth=0.6, height=0.74)
    for position, status in zip(positions, statuses):
        style = styles[status]
        axes.text(0.5, position, style.text, ha="center", va="center", fontsize=FONT_SIZE - 1, color=INK, fontweight="bold",
                  bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.92})
    axes.set_xlim(0, 1)
    axes.set_ylim(-total, 0)
    axes.xaxis.set_major_locator(NullLocator())
    axes.xaxis.grid(False)
    for side in ("bottom", "left"):
        axes.spines[side].set_visible(False)
    _row_labels(axes, positions, wrapped, fontsize=FONT_SIZE - 1, tick_marks=False)
    figure.subplots_adjust(left=0.62)
    return _png(figure)


def gap_bars(labels: Sequence[str], gaps: Sequence[float | None], texts: Sequence[str], *, masked: str, xlabel: str = "",
             limit: float | None = None) -> bytes:
    """Gaps to a reference (shares, −1 to 1) as bars either side of zero; texts in a right-hand column.

    Over-represented categories are blue and plain, under-represented ones orange and hatched; a
    hidden gap (``None``) has no bar and the ``masked`` text; a gap written « 0 point » has no bar.
    ``limit`` (the axis half-width) lets several charts share one scale.
    """
    wrapped = _wrap(labels, 34)
    positions, total = _stack(wrapped)
    figure, axes = _stack_figure(total)
    limit = limit or gap_limit(gaps)
    _add_bars(axes, [_Bar(position, gap, 0.0, OKABE_ITO[0], "") if gap >= 0 else _Bar(position, gap, 0.0, OKABE_ITO[1], "///")
                     for position, gap in zip(positions, gaps) if gap is not None and round(gap * 100) != 0], linewidth=0.6, height=BAR_HEIGHT)
    for position, gap, text in zip(positions, gaps, texts):
        if gap is None:
            _masked(axes, position, masked)
        axes.annotate(text, xy=(1.02, position), xycoords=("axes fraction", "data"), ha="left", va="center",
                      fontsize=FONT_SIZE - 1, color=INK if gap is not None else MASKED_TEXT_COLOUR)
    return _finish_point_axis(figure, axes, limit, positions, wrapped, total, xlabel, zero_style="-")


def gap_limit(gaps: Sequence[float | None]) -> float:
    """The axis half-width that shows every gap: pass the gaps of all variables to share a scale."""
    values = [abs(g) for g in gaps if g is not None] or [0.05]
    return max(max(values) * 1.15, 0.05)
