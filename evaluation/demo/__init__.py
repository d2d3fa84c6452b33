"""``suivi demo``: every step on the bundled example, and seeded synthetic démarches."""
