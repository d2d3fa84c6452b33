"""Build the synthetic survey fixture of the statistics tests (seeded; run from the repository root).

``indicateurs-enquete.csv``: a tidy survey table (the importer's contract) with 60 respondents
before, 45 of them plus 5 newcomers after, 20 at follow-up; five items of the item bank on two
dimensions, some « Ne sait pas » and blanks, and a modest rise in trust after the process.
"""

from __future__ import annotations

import functools
import operator
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).parent / "indicateurs-enquete.csv"
ITEMS = {  # item id: (low, high)
    "rep_efficacite_externe": (1, 4),
    "rep_confiance_etat": (1, 4),
    "rep_influence_personnelle": (0, 10),
    "rep_competence_politique": (1, 5),
    "org_temps_suffisant": (1, 4),
}


def build(seed: int = 42) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    records = []
    waves = {
        "pre": [f"R{i:03d}" for i in range(60)],
        "post": [f"R{i:03d}" for i in range(45)] + [f"R{i:03d}" for i in range(100, 105)],
        "follow_up": [f"R{i:03d}" for i in range(0, 40, 2)],
    }
    base = {r: rng.normal(0, 1) for r in set(functools.reduce(operator.iadd, waves.values(), []))}
    for wave, people in waves.items():
        shift = {"pre": 0.0, "post": 0.5, "follow_up": 0.3}[wave]
        for respondent in people:
            for item, (low, high) in ITEMS.items():
                if item.startswith("org_") and wave != "post":
                    continue
                span = high - low
                latent = base[respondent] + shift + rng.normal(0, 0.8)
                value = float(np.clip(np.round(low + span / 2 + latent * span / 4), low, high))
                draw = rng.random()
                if draw < 0.05:
                    records.append((respondent, wave, item, np.nan, "Ne sait pas", "dont_know"))
                elif draw < 0.08:
                    records.append((respondent, wave, item, np.nan, "", "blank"))
                else:
                    records.append((respondent, wave, item, value, f"{value:g}", ""))
    return pd.DataFrame(records, columns=["respondent", "wave", "item", "value", "label", "missing"])


if __name__ == "__main__":
    build().to_csv(OUT, index=False)
    print(OUT)
