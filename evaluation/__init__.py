"""The démarche as a whole: its folder, the proposal register, documents, portfolio and CLI."""

