"""The parts of matplotlib the charts use, imported without the property lists of its docstrings.

At import, matplotlib documents the ``set()`` method of every artist class with the list of all
its properties (``matplotlib.artist.kwdoc`` reads and parses each setter's docstring), and fills
the docstrings of its plotting methods with such lists: about 65 ms of CPU in every run that
draws a chart, for text nobody reads in ``suivi``. While this module imports what the charts use,
``kwdoc`` answers an empty list; matplotlib's own function is put back at once, so whatever is
imported later is documented as usual, and nothing else about matplotlib changes (the charts are
the same to the byte: ``tests/test_charts.py``). Chart modules import matplotlib through here.
"""

from __future__ import annotations

from typing import Any

import matplotlib
import matplotlib.artist

_kwdoc = matplotlib.artist.kwdoc


def _no_property_list(artist: Any) -> str:  # kwdoc's signature
    return ""


matplotlib.artist.kwdoc = _no_property_list
try:
    from matplotlib import rcParams
    from matplotlib.artist import Artist
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
    from matplotlib.figure import Figure
    from matplotlib.font_manager import fontManager, get_font
    from matplotlib.lines import Line2D
    from matplotlib.markers import TICKLEFT, MarkerStyle
    from matplotlib.patches import Patch, PathPatch
    from matplotlib.path import Path
    from matplotlib.text import Annotation, Text
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator
    from matplotlib.transforms import Bbox
finally:
    matplotlib.artist.kwdoc = _kwdoc

__all__ = [
    "TICKLEFT", "Annotation", "Artist", "Bbox", "Figure", "FigureCanvasAgg", "FixedLocator", "FuncFormatter", "Line2D",
    "MarkerStyle", "MaxNLocator", "NullLocator", "Patch", "Path", "PathPatch", "RendererAgg", "Text", "fontManager",
    "get_font", "get_hinting_flag", "rcParams",
]
