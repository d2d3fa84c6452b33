"""The devoir de suite: the proposal register, the motivated response and its open data."""
