"""What the public site shows of the citizens' voice on each proposal: other bodies' readings, feedback."""

from __future__ import annotations

from typing import Any

from evaluation.demarche.model import Demarche
from evaluation.followup.register import Register
from evaluation.voice.feedback import feedback_for, share_dict
from evaluation.voice.readings import site_readings
from indicators.disclosure import DEFAULT_THRESHOLD


def site_voice(demarche: Demarche, register: Register, threshold: int = DEFAULT_THRESHOLD) -> dict[str, dict[str, Any]]:
    """Per proposal id: ``lectures`` (other bodies' readings) and ``avis`` (citizens' feedback, hidden
    below ``threshold``; ``None`` without a feedback wave), as plain values the templates escape."""
    readings = site_readings(register)
    feedback = feedback_for(demarche, register, threshold=threshold) or {}
    voices: dict[str, dict[str, Any]] = {}
    for p in register.proposals:
        f = feedback.get(p.id)
        voices[p.id] = {
            "lectures": readings.get(p.id, {}).get("lectures", []),
            "avis": {"claire": share_dict(f.clear), "motivee": share_dict(f.motivated), "commentaires": list(f.comments)} if f else None,
        }
    return voices
