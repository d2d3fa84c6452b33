"""Charts of the documents: colour-blind safe, values written out, hidden cells never drawn."""

from __future__ import annotations

import struct
import subprocess
import sys
from typing import NamedTuple

import pytest

from evaluation.documents import charts
from evaluation.report.figures import likert_categories
from indicators.item_bank import load_item_bank

MASKED = "masqué"


@pytest.fixture
def drawn(monkeypatch):
    """Capture the matplotlib figure a chart function draws instead of encoding it."""
    figures = []

    def keep(figure):
        figures.append(figure)
        return b"png"

    monkeypatch.setattr(charts, "_png", keep)
    return figures


class _Drawn(NamedTuple):
    """A bar as drawn: a rectangle of the path of its style's patch (see ``charts._add_bars``)."""

    x: float
    width: float
    hatch: str
    facecolor: tuple[float, ...]


def _bars(figure) -> list[_Drawn]:
    """The bars drawn on the plot, style by style, each style's bars in their order."""
    bars = []
    for patch in figure.axes[0].patches:
        corners = patch.get_path().vertices.reshape(-1, 5, 2)  # each rectangle: 4 corners and its closing point
        bars += [_Drawn(xs[0], xs[1] - xs[0], patch.get_hatch() or "", patch.get_facecolor()) for xs in corners[:, :, 0]]
    return [bar for bar in bars if bar.width != 0]


def _texts(figure) -> list[str]:
    """The texts written on the plot (not the row labels left of it)."""
    axes = figure.axes[0]
    return [t.get_text() for t in axes.texts if t.get_horizontalalignment() != "right"]


def _row_labels(figure) -> list[str]:
    return [t.get_text() for t in figure.axes[0].texts if t.get_horizontalalignment() == "right"]


def _scale(item_id: str):
    return next(i for i in load_item_bank() if i.id == item_id).scale


def test_diverging_palette_for_two_to_seven_categories():
    for count in range(2, 8):
        colours = charts.diverging_colours(count)
        assert len(colours) == len(set(colours)) == count
    assert charts.diverging_colours(5)[2] == "#D9D9D9"  # the middle answer is neutral grey
    with pytest.raises(ValueError):
        charts.diverging_colours(8)
    assert charts.diverging_hatches(4) == ("///", "", "", "\\\\\\")
    assert charts.diverging_hatches(3) == ("", "", "")


def test_text_colour_contrasts_with_its_background():
    assert charts._text_colour("#542788") == "white"
    assert charts._text_colour("#FDB863") == charts.INK


def test_long_scales_are_shown_in_three_bands():
    bands = likert_categories(_scale("pert_appris"))
    assert [(b.label, b.values) for b in bands] == [("0 à 4", (0.0, 1.0, 2.0, 3.0, 4.0)), ("5", (5.0,)),
                                                   ("6 à 10", (6.0, 7.0, 8.0, 9.0, 10.0))]
    four = likert_categories(_scale("rep_confiance_etat"))
    assert [c.label for c in four] == ["Pas du tout confiance", "Plutôt pas confiance", "Plutôt confiance", "Très confiance"]


def test_diverging_likert_centres_on_the_middle_and_never_draws_a_hidden_row(drawn):
    groups = [charts.LikertGroup("Item A", [charts.LikertRow("Avant · n = 100", [0.1, 0.2, 0.3, 0.4]),
                                            charts.LikertRow("Après", [])])]
    charts.diverging_likert(groups, ["a", "b", "c", "d"], masked=MASKED, xlabel="x")
    figure = drawn[0]
    bars = _bars(figure)
    assert len(bars) == 4  # one row of four segments; the hidden row has none
    assert bars[0].x == pytest.approx(-0.3) and bars[-1].x + bars[-1].width == pytest.approx(0.7)
    texts = _texts(figure)
    assert MASKED in texts and "Item A" in texts
    assert "10\u00a0%" in texts and "40\u00a0%" in texts
    assert _row_labels(figure) == ["Avant · n = 100", "Après"]
    assert [bar.hatch for bar in bars] == ["///", "", "", "\\\\\\"]


def test_diverging_likert_odd_scale_splits_the_middle_answer(drawn):
    groups = [charts.LikertGroup("Item", [charts.LikertRow("Après", [0.2, 0.2, 0.2, 0.2, 0.2])])]
    charts.diverging_likert(groups, list("abcde"), masked=MASKED)
    bars = _bars(drawn[0])
    middle = bars[2]
    assert middle.x == pytest.approx(-0.1) and middle.width == pytest.approx(0.2)


def test_interval_plot_writes_each_value_and_hides_masked_rows(drawn):
    rows = [charts.Estimate("Item A", 0.12, 0.02, 0.21, "+12 points [+2 ; +21]"),
            charts.Estimate("Item B", None, None, None, MASKED)]
    charts.interval_plot(rows, xlabel="Évolution", masked=MASKED)
    axes = drawn[0].axes[0]
    annotations = [t.get_text() for t in axes.texts]
    assert "+12 points [+2 ; +21]" in annotations and MASKED in annotations
    markers = [line for line in axes.lines if line.get_marker() == "D"]
    assert len(markers) == 1 and list(markers[0].get_xdata()) == [0.12]
    assert axes.get_xticklabels()  # signed percentage points on the axis


def test_gap_bars_differ_by_hatch_as_well_as_colour(drawn):
    charts.gap_bars(["Femme", "Homme", "Autre"], [-0.02, 0.03, None], ["−2 points", "+3 points", MASKED], masked=MASKED)
    bars = _bars(drawn[0])
    assert len(bars) == 2
    under, over = bars
    assert under.hatch == "///" and not over.hatch
    assert under.facecolor != over.facecolor
    texts = _texts(drawn[0])
    assert texts.count(MASKED) == 2  # in place of the bar, and in the column of values


def test_status_strip_writes_each_status(drawn):
    styles = {"met": charts.StatusStyle("#009E73", "", "✓ Rempli"), "unknown": charts.StatusStyle("#D9D9D9", "...", "? Inconnu")}
    charts.status_strip(["Critère 1", "Critère 2"], ["met", "unknown"], styles)
    assert _texts(drawn[0]) == ["✓ Rempli", "? Inconnu"]
    assert _row_labels(drawn[0]) == ["Critère 1", "Critère 2"]
    assert [bar.hatch for bar in _bars(drawn[0])] == ["", "..."]


def test_charts_are_png_at_print_resolution_and_reproducible():
    groups = [charts.LikertGroup("Item", [charts.LikertRow("Avant", [0.25, 0.25, 0.25, 0.25])])]
    first = charts.diverging_likert(groups, list("abcd"), masked=MASKED)
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert first == charts.diverging_likert(groups, list("abcd"), masked=MASKED)
    width_px = struct.unpack(">I", first[16:20])[0]
    assert 12 < width_px / charts.DPI * 2.54 < 19  # about the text width of an A4 page
    assert charts.horizontal_bars(["a", "b"], [1, 2])[:4] == b"\x89PNG"
    assert charts.stacked_bars(["x"], [charts.Series("s", [3], charts.OKABE_ITO[0])])[:4] == b"\x89PNG"


def test_a_chart_narrowed_to_the_page_is_drawn_once(monkeypatch):
    # labels far wider than the page make the plot narrower; it is measured without drawing, then drawn once
    from matplotlib.figure import Figure

    drawings = []
    original = Figure.savefig

    def counted(self, *args, **kwargs):
        drawings.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", counted)
    measures = []
    tight_box = charts._tight_box
    monkeypatch.setattr(charts, "_tight_box", lambda figure: measures.append(figure) or tight_box(figure))
    png = charts.horizontal_bars(["a", "b"], [1, 2], value_labels=["1", "un libellé de valeur bien plus long que la barre"])
    assert len(drawings) == 1
    assert len(measures) == 3  # narrowed by the plot's share of the figure, then at the rate measured (it took 4)
    assert charts.printed_width_cm(png) <= charts.MAX_PRINT_CM + 0.01
    assert charts.printed_width_cm(png) > charts.MAX_PRINT_CM - 0.1  # it was too wide: narrowed to the page, not below


def _narrowed_likert() -> bytes:
    groups = [charts.LikertGroup("Une formulation d'item assez longue pour tenir sur deux lignes " * 2,
                                 [charts.LikertRow("Avant · n = 98", [0.1, 0.2, 0.3, 0.4]), charts.LikertRow("Après · n = 87", [])]),
              charts.LikertGroup("Un autre item", [charts.LikertRow("Après · n = 87 et un libellé de vague bien trop long pour la page",
                                                                   [0.25, 0.25, 0.25, 0.25])])]
    return charts.diverging_likert(groups, ["Pas du tout", "Plutôt pas", "Plutôt", "Tout à fait"], masked=MASKED, xlabel="Part")


def test_each_text_is_measured_once_and_laid_out_as_on_a_fresh_canvas(monkeypatch):
    # One renderer, resized in place, keeps matplotlib's text measurements across the narrowing,
    # the cropped drawing and the next charts; with matplotlib's own text drawing, the pixels are
    # those of matplotlib's canvas (so the font metrics given to the layout are matplotlib's).
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

    measured = []

    def counting(renderer_type):
        original = renderer_type.get_text_width_height_descent

        def counted(self, text, prop, ismath):
            measured.append((text, hash(prop)))
            return original(self, text, prop, ismath)
        return counted

    for renderer_type in (RendererAgg, charts._Renderer):
        monkeypatch.setattr(renderer_type, "get_text_width_height_descent", counting(renderer_type))
    first = _narrowed_likert()
    assert measured and len(measured) == len(set(measured))  # drawn at two widths and cropped: measured once each
    measured.clear()
    assert _narrowed_likert() == first
    assert measured == []  # the same chart again: every text already measured
    monkeypatch.setattr(charts._Renderer, "draw_text", RendererAgg.draw_text)
    ours = _narrowed_likert()
    monkeypatch.setattr(charts, "_Canvas", FigureCanvasAgg)  # a new renderer at each size, as matplotlib does
    assert _narrowed_likert() == ours
    assert measured  # measured again, on matplotlib's renderers


def _ink(png: bytes):
    import io

    import numpy as np
    from PIL import Image

    return 255 - np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)


def test_text_drawn_in_one_piece_looks_as_matplotlib_draws_it(monkeypatch):
    # Each line of text is rendered by FreeType in one bitmap instead of glyph by glyph: the
    # glyphs may move by a fraction of a pixel (antialiasing), never by a pixel or more.
    import numpy as np
    from matplotlib.backends.backend_agg import RendererAgg

    def citizens() -> bytes:  # an emoji, glyphs the font lacks (drawn as boxes), a control character
        return charts.horizontal_bars(["😀 émoji", "中文 et \u0007 cloche", "Très bien"], [1, 2, 3])

    ours = [_ink(_narrowed_likert()), _ink(citizens())]
    monkeypatch.setattr(charts._Renderer, "draw_text", RendererAgg.draw_text)
    theirs = [_ink(_narrowed_likert()), _ink(citizens())]
    for mine, matplotlib in zip(ours, theirs):
        assert mine.shape == matplotlib.shape
        assert abs(mine.sum() - matplotlib.sum()) < 0.002 * matplotlib.sum()  # the same ink
        assert not np.array_equal(mine, matplotlib)  # really drawn another way
        same = np.abs(mine - matplotlib).mean()
        for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):  # any shift of a whole pixel is further away
            assert same < np.abs(mine - np.roll(matplotlib, (dy, dx), axis=(0, 1))).mean()
        assert same < 1.5  # out of 255, over the whole chart


def test_rotated_and_math_text_are_left_to_matplotlib(monkeypatch):
    from matplotlib.backends.backend_agg import RendererAgg

    drawn = []
    original = RendererAgg.draw_text

    def counted(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        drawn.append(s)
        return original(self, gc, x, y, s, prop, angle, ismath, mtext)

    monkeypatch.setattr(RendererAgg, "draw_text", counted)
    figure, axes = charts._figure(4)
    axes.text(0.5, 0.5, "tourné", rotation=30)
    axes.text(0.2, 0.2, "$x^2$")
    axes.text(0.8, 0.8, "à plat")
    axes.text(0.4, 0.6, "en langue").set_language("fr")
    charts._png(figure)
    assert "tourné" in drawn and "x^2" in "".join(drawn) and "en langue" in drawn and "à plat" not in drawn


def test_charts_drawn_in_two_threads_are_those_drawn_one_after_the_other():
    from concurrent.futures import ThreadPoolExecutor

    expected = [_narrowed_likert(), charts.horizontal_bars(["a", "b"], [1, 2])]
    with ThreadPoolExecutor(2) as pool:
        for _ in range(3):
            drawn = [pool.submit(_narrowed_likert), pool.submit(charts.horizontal_bars, ["a", "b"], [1, 2])]
            assert [future.result() for future in drawn] == expected


def test_narrowing_aims_at_the_page_from_the_measured_rate():
    # first guess: the content narrows as fast as the plot (its share of the figure)
    assert charts._narrower([(16.0, 18.0)], 0.8) == pytest.approx(16.0 - 2.03 / 0.8)
    # then at the rate measured between the last two widths (here 0.5 cm of content per cm of figure)
    assert charts._narrower([(16.0, 18.0), (14.0, 17.0)], 0.8) == pytest.approx(14.0 - 1.03 / 0.5)
    assert charts._narrower([(16.0, 18.0), (14.0, 18.0)], 0.8) == pytest.approx(14.0 - 2.03 / 0.1)  # no progress: a big step


def test_a_line_of_text_is_rendered_once_and_the_lines_kept_are_bounded(monkeypatch):
    rendered = []
    original = charts._Renderer._line

    def counted(self, s, prop, hinting):
        rendered.append((s, hash(prop)))
        return original(self, s, prop, hinting)

    monkeypatch.setattr(charts._Renderer, "_line", counted)
    monkeypatch.setattr(charts, "_LINES", {})
    first = _narrowed_likert()
    assert rendered and len(rendered) == len(set(rendered))  # « 25 % » in a font and size: rendered once, drawn many times
    rendered.clear()
    assert _narrowed_likert() == first and rendered == []
    monkeypatch.setattr(charts, "LINES_KEPT", 5)
    charts.horizontal_bars(["un", "deux", "trois"], [1, 2, 3], xlabel="axe")
    assert len(charts._LINES) <= 5


def test_a_line_is_measured_from_its_rendering_as_matplotlib_measures_it(monkeypatch):
    # the layout that renders a line gives its size: the very numbers of matplotlib's own measure
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    rendered = []
    original = charts._Renderer._line

    def counted(self, s, prop, hinting):
        rendered.append(s)
        return original(self, s, prop, hinting)

    monkeypatch.setattr(charts._Renderer, "_line", counted)
    monkeypatch.setattr(charts, "_LINES", {})
    texts = ["Avant · n = 98", "25\u00a0%", "gjpqy ÉÀÇ", "😀 émoji", "中文 et \u0007 cloche", " ", "", "+12 points [−2 ; +21]"]
    props = [FontProperties(size=charts.FONT_SIZE), FontProperties(size=charts.SMALLEST_FONT, weight="bold"),
             FontProperties(size=12, style="italic")]
    for dpi in (charts.DPI, 72):
        ours, theirs = charts._Renderer(50, 50, dpi), RendererAgg(50, 50, dpi)
        with charts._missing_glyphs_quiet():
            for text in texts:
                for prop in props:
                    expected = theirs.get_text_width_height_descent(text, prop, False)
                    assert ours.get_text_width_height_descent(text, prop, False) == expected
                    assert ours.get_text_width_height_descent(text, prop, False) == expected  # kept: the same numbers
    assert len(rendered) == 2 * len(texts) * len(props)  # each line laid out once per font and resolution
    assert ours.get_text_width_height_descent("$x^2$", props[0], True) == theirs.get_text_width_height_descent("$x^2$", props[0], True)
    assert len(rendered) == 2 * len(texts) * len(props)  # math text: matplotlib's measure


@pytest.mark.parametrize("tick_marks", [True, False])
def test_row_labels_are_drawn_as_the_y_axis_draws_its_tick_labels(tick_marks):
    # one text per row and one line for the marks, instead of a five-artist tick each: the same pixels
    positions, labels = [0.0, -1.0, -2.5], ["Une ligne", "Deux\nlignes", "😀 émoji"]

    def chart(as_ticks: bool) -> bytes:
        figure, axes = charts._figure(5)
        axes.barh(positions, [1, 2, 3], color=charts.OKABE_ITO[0], edgecolor=charts.INK, linewidth=0.6, height=0.62)
        if as_ticks:
            axes.set_yticks(positions, labels=labels)
            axes.tick_params(axis="y", labelsize=charts.FONT_SIZE - 1, **({} if tick_marks else {"length": 0}))
        else:
            charts._row_labels(axes, positions, labels, fontsize=charts.FONT_SIZE - 1, tick_marks=tick_marks)
        return charts._png(figure)

    assert chart(as_ticks=False) == chart(as_ticks=True)


def test_bars_of_a_style_drawn_as_one_patch_look_as_barh_draws_them():
    # rows of touching segments (given style by style, in the order of the segments) and bars of
    # negative width: one patch per colour and hatch, the pixels of a bar per patch
    bars = [charts._Bar(-row, width, left, colour, hatch)
            for left, width, colour, hatch in [(-0.4, 0.3, "#B35806", "///"), (-0.1, 0.45, "#FDB863", ""), (0.35, 0.3, "#542788", "...")]
            for row in range(3)] + [charts._Bar(-3.0, -0.2, 0.0, charts.OKABE_ITO[1], "///")]

    def chart(one_patch_a_style: bool) -> bytes:
        figure, axes = charts._figure(5)
        if one_patch_a_style:
            charts._add_bars(axes, bars, linewidth=0.5, height=0.72)
        else:
            for bar in sorted(bars, key=lambda bar: -bar.position):  # row by row, as barh draws them
                axes.barh(bar.position, bar.width, left=bar.left, color=bar.colour, hatch=bar.hatch, edgecolor=charts.INK,
                          linewidth=0.5, height=0.72)
        return charts._png(figure)

    assert chart(one_patch_a_style=True) == chart(one_patch_a_style=False)


def _axis_chart(*, grid: bool, ticks: list[float] | None, xlabel: str, locator=None):
    from matplotlib.ticker import FuncFormatter

    figure, axes = charts._figure(5)
    axes.barh([0, 1], [3, 7], color=charts.OKABE_ITO[0], edgecolor=charts.INK, linewidth=0.6, height=0.62)
    axes.xaxis.grid(grid)
    if ticks is not None:
        axes.set_xticks(ticks)
        axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g} %"))
    axes.set_xlim(-0.5, 9.3)  # a tick outside the view is not drawn
    if locator is not None:
        axes.xaxis.set_major_locator(locator)
    axes.set_xlabel(xlabel, fontsize=charts.FONT_SIZE, color=charts.INK)
    return figure, axes


@pytest.mark.parametrize(("grid", "ticks", "xlabel"), [(True, None, "Nombre de réponses"), (False, [-2, 0, 2.5, 5, 7.5, 9.3], "Part"),
                                                      (True, [0, 4, 8], "")])
def test_the_x_axis_flattened_into_a_few_artists_looks_as_matplotlib_draws_it(monkeypatch, grid, ticks, xlabel):
    # gridlines as one line, marks as one line, a text per label, the axis label placed below them
    from matplotlib.ticker import NullLocator

    figure, axes = _axis_chart(grid=grid, ticks=ticks, xlabel=xlabel)
    flattened = charts._png(figure)
    assert isinstance(axes.xaxis.get_major_locator(), NullLocator)  # no tick of matplotlib's left
    if ticks == [-2, 0, 2.5, 5, 7.5, 9.3]:
        assert [text for text in _texts(figure) if text.endswith(" %")] == ["0 %", "2.5 %", "5 %", "7.5 %", "9.3 %"]
    monkeypatch.setattr(charts, "_flat_x_axis", lambda axes: None)
    assert flattened == charts._png(_axis_chart(grid=grid, ticks=ticks, xlabel=xlabel)[0])


def test_an_x_axis_whose_ticks_follow_the_figure_size_is_left_to_matplotlib():
    from matplotlib.ticker import AutoLocator

    figure, axes = _axis_chart(grid=True, ticks=None, xlabel="x", locator=AutoLocator())
    charts._png(figure)
    assert isinstance(axes.xaxis.get_major_locator(), AutoLocator) and axes.xaxis.get_label().get_visible()


def test_matplotlib_is_imported_for_the_charts_with_its_docstring_lists_only_skipped():
    # evaluation.documents.mpl replaces matplotlib.artist.kwdoc while it imports what the charts use:
    # the function is matplotlib's own again afterwards, and an artist imported later is documented as usual.
    code = ("import matplotlib.artist as a; kwdoc = a.kwdoc\n"
            "import evaluation.documents.charts\n"
            "from matplotlib.lines import Line2D\n"
            "from mpl_toolkits.axisartist.axis_artist import AxisArtist\n"
            "print(a.kwdoc is kwdoc, 'agg_filter' in Line2D.set.__doc__, 'agg_filter' in AxisArtist.set.__doc__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False", "True"]
