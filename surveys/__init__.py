"""Everything people hand in: spreadsheets, survey exports, codebooks, interview grids.

This package reads and validates; it imports neither ``indicators`` nor ``evaluation``.
"""

from surveys.problems import Problem, ProblemReport, Severity, SuiviError, column_letter

__all__ = ["Problem", "ProblemReport", "Severity", "SuiviError", "column_letter"]
