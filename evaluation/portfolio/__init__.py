"""The CIPC portfolio: many démarches compared, in a workbook, a summary and open data."""
