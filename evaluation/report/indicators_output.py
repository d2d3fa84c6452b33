"""``indicateurs.csv`` and its Table Schema: every indicator, one row per figure, values not localised.

UTF-8, comma, ``.`` as the decimal mark, empty cells for missing values; numbers keep 10
significant digits; booleans are ``true`` / ``false``. Text cells are neutralised against
formula injection (a category name typed by a person may start with ``=``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evaluation.documents.outputs import write_csv, write_json
from indicators.definitions import Base, Unit
from indicators.models import CSV_COLUMNS, IndicatorResult
from indicators.vocabulary import Dimension

CSV_FILE = "indicateurs.csv"
SCHEMA_FILE = "indicateurs.schema.json"
SCHEMA_VERSION = "0.1.0"
SIGNIFICANT_DIGITS = 10
WAVES = ("pre", "post", "follow_up", "post-pre", "follow_up-pre")

_FIELDS: dict[str, dict[str, Any]] = {
    "dimension": {"title": "Dimension", "type": "string", "example": "representations",
                  "description": "Famille d'indicateurs : les quatre dimensions du guide du CIPC (pertinence, organisation, "
                                 "impact_interne, representations) et devoir_de_suite, qualite, representativite, participation.",
                  "constraints": {"required": True, "enum": [d.value for d in Dimension]}},
    "indicator": {"title": "Indicateur", "type": "string", "example": "difference_moyenne",
                  "description": "Code de l'indicateur (définitions dans la documentation de suivi, docs/formats.md).",
                  "constraints": {"required": True}},
    "item": {"title": "Item ou objet", "type": "string", "example": "rep_efficacite_externe",
             "description": "Identifiant de l'item de questionnaire (banque d'items de suivi), du critère de qualité, "
                            "de la variable de représentativité ou du code d'entretien ; vide pour un indicateur d'ensemble."},
    "wave": {"title": "Vague", "type": "string", "example": "post-pre",
             "description": "Vague d'enquête : pre (avant), post (après), follow_up (suivi) ; post-pre ou follow_up-pre pour une "
                            "évolution mesurée sur les mêmes répondants (paires appariées) ; vide hors enquête.",
             "constraints": {"enum": list(WAVES)}},
    "group": {"title": "Groupe", "type": "string", "example": "reponse=Plutôt d'accord",
              "description": "Ventilation, sous la forme variable=valeur (reponse, motif, statut, categorie, service…) ; vide sinon."},
    "n": {"title": "Effectif", "type": "integer", "example": "98",
          "description": "Nombre d'unités sur lesquelles porte la valeur (voir base) ; vide si masqué.",
          "constraints": {"minimum": 0}},
    "base": {"title": "Unité comptée", "type": "string", "example": "paires",
             "description": "Ce que compte n : repondants, paires, participants, abandons, propositions, criteres, entretiens ; "
                            "population_de_reference pour une part de référence (donnée publique, n vide).",
             "constraints": {"enum": [b.value for b in Base]}},
    "value": {"title": "Valeur", "type": "number", "example": "0.42",
              "description": "La valeur de l'indicateur, dans l'unité indiquée ; vide si non calculable (voir note) ou masquée."},
    "unit": {"title": "Unité", "type": "string", "example": "part",
             "description": "nombre, part (entre 0 et 1), points (sur l'échelle de l'item), indice_0_100, correlation, coefficient, "
                            "jours, pourcentage (0 à 100), difference_de_part.",
             "constraints": {"enum": [u.value for u in Unit]}},
    "ci_low": {"title": "Borne basse de l'intervalle à 95 %", "type": "number", "example": "0.31",
               "description": "Intervalle de Wilson (parts), de Student (moyennes) ou bootstrap percentile (évolutions)."},
    "ci_high": {"title": "Borne haute de l'intervalle à 95 %", "type": "number", "example": "0.55",
                "description": "Voir ci_low."},
    "p_value": {"title": "Valeur p", "type": "number", "example": "0.012",
                "description": "Test de Wilcoxon signé (zéros selon Pratt) ou test exact de McNemar, sur les paires appariées.",
                "constraints": {"minimum": 0, "maximum": 1}},
    "p_adjusted": {"title": "Valeur p ajustée (Holm)", "type": "number", "example": "0.048",
                   "description": "Valeur p ajustée par la méthode de Holm au sein de chaque dimension.",
                   "constraints": {"minimum": 0, "maximum": 1}},
    "effect_size": {"title": "Taille d'effet", "type": "number", "example": "0.35",
                    "description": "Corrélation rang-bisériale appariée, entre -1 et 1.",
                    "constraints": {"minimum": -1, "maximum": 1}},
    "suppressed": {"title": "Masqué", "type": "boolean", "example": "false",
                   "description": "true si la valeur est masquée au titre du secret statistique (moins de 11 personnes, "
                                  "ou masquage secondaire).",
                   "constraints": {"required": True}},
    "note": {"title": "Note", "type": "string", "example": "aucune_paire",
             "description": "Code expliquant une valeur vide, masquée ou à lire avec prudence (aucune_paire, "
                            "differences_toutes_nulles, secret_statistique, inconnu…)."},
}


def table_schema() -> dict[str, Any]:
    """Table Schema of ``indicateurs.csv`` (frictionless / schema.data.gouv.fr shape)."""
    fields = []
    for name in CSV_COLUMNS:
        spec = _FIELDS[name]
        fields.append({"name": name, "title": spec["title"], "description": spec["description"], "type": spec["type"],
                       "format": "default", "example": spec["example"], "constraints": spec.get("constraints", {"required": False})})
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": "suivi-indicateurs",
        "title": "Indicateurs d'évaluation d'une démarche de participation citoyenne",
        "description": (
            "Indicateurs calculés par suivi, au format long : une ligne par chiffre, avec son effectif, son intervalle "
            "et, pour les évolutions, ses tests sur paires appariées. Les chiffres portant sur moins de 11 personnes sont masqués."
        ),
        "countryCode": "FR",
        "version": SCHEMA_VERSION,
        "contributors": [{"title": "Les contributeurs de suivi", "role": "author"}],
        "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0",
                      "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence"}],
        "keywords": ["participation citoyenne", "évaluation", "indicateurs", "devoir de suite"],
        "missingValues": [""],
        "fields": fields,
    }


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        rounded = float(f"{value:.{SIGNIFICANT_DIGITS}g}")
        return int(rounded) if rounded.is_integer() else rounded
    return str(value)


def csv_rows(results: Sequence[IndicatorResult]) -> list[list[Any]]:
    rows = []
    for result in results:
        record = result.model_dump(mode="json")
        rows.append([_cell(record[column]) for column in CSV_COLUMNS])
    return rows


def write_indicators(results: Sequence[IndicatorResult], out_dir: Path) -> list[Path]:
    """Write ``indicateurs.csv`` and ``indicateurs.schema.json`` atomically; return their paths."""
    out_dir = Path(out_dir)
    return [
        write_csv(out_dir / CSV_FILE, CSV_COLUMNS, csv_rows(results)),
        write_json(out_dir / SCHEMA_FILE, table_schema()),
    ]
