"""The evaluation of one démarche: its indicators, the report, its workbook and charts."""
