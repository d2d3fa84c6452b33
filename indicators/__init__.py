"""Pure computation: item bank, indicator models, statistics, the four dimensions."""

