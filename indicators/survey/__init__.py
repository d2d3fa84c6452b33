"""Statistics over survey answers: descriptives, change on matched pairs, indices, attrition, bootstrap."""
