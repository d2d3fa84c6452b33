"""The démarche as a whole: its folder, the proposal register, documents, portfolio and CLI."""

from evaluation import messages  # noqa: F401  (registers the French messages)
