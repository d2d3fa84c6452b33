"""Benchmark: the example report's 22 charts as suivi draws them, against matplotlib's own way, in one run.

The example démarche is copied to a temporary folder and evaluated once. Then, in the same
process, ``--repeat`` passes each draw and encode every chart of the report twice, one way after
the other (so that the load of a shared machine weighs on both):

- suivi: the charts' own canvas (one renderer per thread, each line of text laid out once by
  FreeType for its measure and its bitmap, both kept for reuse, font height metrics computed
  once), narrowing aimed with the plot's share of the figure, PNG written unfiltered at deflate
  level 3 (``evaluation.documents.png``);
- the baseline: the charts' canvas with matplotlib's own renderer (one per thread, as before;
  text measured and drawn glyph by glyph, font tables read at every layout), narrowing by a fixed
  step of the excess plus 0.15 cm, PNG encoded by Pillow at its defaults: the way charts were
  drawn before the work ``charts-cpu`` (8e9eb02), except that the charts' artists are those of
  now (the bars of a style as one patch, row labels as texts rather than y ticks).

Each suivi pass starts with empty caches of text (as a new ``suivi`` process does); fonts and
modules are loaded once for both. It prints the median CPU time of both, their ratio and the
total size of the PNG files.

Usage: ``.venv/bin/python bench/bench_charts.py [--repeat 5]``
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matplotlib.backends.backend_agg import RendererAgg  # noqa: E402
from PIL import Image  # noqa: E402

from evaluation.documents import charts  # noqa: E402
from evaluation.report import writer  # noqa: E402
from evaluation.report.evaluate import evaluate  # noqa: E402
from evaluation.report.tables import Results  # noqa: E402
from evaluation.resources import examples_dir  # noqa: E402


def pillow_png(pixels: bytes, width: int, height: int, dpi: int) -> bytes:
    """The encoding before this work: Pillow's PNG (adaptive filters, level 6), RGB when opaque."""
    image = Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1)
    if image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    png = io.BytesIO()
    image.save(png, format="png", dpi=(dpi, dpi))
    return png.getvalue()


def fixed_step(measured: Sequence[tuple[float, float]], _plot_share: float) -> float:
    """The narrowing before this work: the excess plus 0.15 cm, whatever the plot's share."""
    width, content = measured[-1]
    return width - (content - charts.MAX_PRINT_CM + 0.15)


def draw_all(res: Results) -> list[bytes]:
    """Every chart the report may ask for, drawn and encoded here, in reading order."""
    drawn = [function(res, *args) for function, args in writer._figure_calls(res)]
    figures = [f for one in drawn for f in (one if isinstance(one, list) else [one]) if f is not None]
    return [figure.png for figure in figures]


def fresh_caches() -> None:
    """Text caches as a new process has them: empty."""
    charts._LINES.clear()
    charts._HEIGHT_METRICS.clear()
    if hasattr(charts._Canvas._shared, "renderer"):
        del charts._Canvas._shared.renderer


def timed(run: Callable[[], list[bytes]]) -> tuple[float, list[bytes]]:
    start = time.process_time()
    pngs = run()
    return time.process_time() - start, pngs


def example_results() -> Results:
    """The example démarche evaluated once, from a temporary copy (the example is never written)."""
    with tempfile.TemporaryDirectory(prefix="bench-graphiques-") as tmp:
        return Results(evaluate(shutil.copytree(examples_dir() / "convention-mobilites", Path(tmp) / "convention-mobilites")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    res = example_results()
    draw_all(res)  # fonts, modules and matplotlib's first figure, for both
    ours, theirs = [], []
    our_pngs: list[bytes] = []
    their_pngs: list[bytes] = []
    for _ in range(repeat):
        fresh_caches()
        seconds, our_pngs = timed(lambda: draw_all(res))
        ours.append(seconds)
        with ExitStack() as stack:
            stack.enter_context(mock.patch.object(charts._Canvas, "renderer_type", RendererAgg))
            stack.enter_context(mock.patch.object(charts, "encode_rgba", pillow_png))
            stack.enter_context(mock.patch.object(charts, "_narrower", fixed_step))
            seconds, their_pngs = timed(lambda: draw_all(res))
        theirs.append(seconds)
    mine, base = statistics.median(ours), statistics.median(theirs)
    print(f"{len(our_pngs)} graphiques du rapport de l'exemple, {repeat} passages (médianes, CPU)")
    print(f"suivi : {mine:.2f} s ; {sum(map(len, our_pngs)) / 1e6:.2f} Mo de PNG")
    print(f"avant (rendu de matplotlib, pas fixe, Pillow) : {base:.2f} s ; {sum(map(len, their_pngs)) / 1e6:.2f} Mo de PNG")
    print(f"suivi / avant : {mine / base:.2f}")


if __name__ == "__main__":
    main()
