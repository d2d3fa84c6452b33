"""Pure computation: item bank, indicator models, statistics, the four dimensions."""

from indicators import messages  # noqa: F401
