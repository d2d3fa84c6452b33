"""What the evaluation collects in the field: survey imports, interviews, questionnaires."""
