"""Consultation questionnaires checked against the CIPC guide (``suivi questionnaire check``)."""
