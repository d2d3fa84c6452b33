"""Survey-tool exports read whole: formats, columns, answer labels, codebooks, items, pseudonymised keys."""
