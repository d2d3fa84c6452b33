"""Writing documents people open: accessible Word, charts, French number formatting, atomic outputs."""
