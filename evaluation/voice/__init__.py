"""The citizens' voice on the follow-up: other bodies' readings of each answer, citizens' feedback."""
