"""What changed for each proposal between two publications, in plain French.

« P-12 : À l'étude → Retenue, motivation ajoutée ; avancement 40 % → 75 % »: the decision's
changes, then the implementation's, then the wording's, each group separated by « ; ».
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from evaluation.documents import frformat
from surveys.i18n import t

Record = dict[str, Any]

# (field, how its change is said), in reading order, grouped: decision, implementation, wording.
_LABELLED = "labelled"  # « ancien → nouveau » with the field's label
_TEXT = "text"  # « motivation ajoutée / modifiée / retirée »


def _percent(value: Any) -> str:
    return frformat.percent(None if value is None else float(value) / 100)


def _date(value: Any) -> str:
    import datetime as dt

    return frformat.date_long(dt.date.fromisoformat(value)) if value else t("site.change.none")


GROUPS: tuple[tuple[tuple[str, str, Callable[[Any], str] | None], ...], ...] = (
    (("statut_libelle", "status", None), ("motivation", _TEXT, None), ("code_motif_libelle", _LABELLED, None), ("date_decision", "dated", _date)),
    (("etat_mise_en_oeuvre_libelle", _LABELLED, None), ("avancement", _LABELLED, _percent), ("echeance", _LABELLED, _date),
     ("mesures", _TEXT, None), ("service_responsable", _LABELLED, None)),
    (("titre", _TEXT, None), ("texte", _TEXT, None), ("theme", _LABELLED, None)),
)


@dataclass(frozen=True)
class Change:
    """The changes of one proposal between two publications."""

    id: str
    title: str
    parts: tuple[str, ...]  # one phrase per group that changed

    @property
    def line(self) -> str:
        return t("site.change.line", id=self.id, changes=" ; ".join(self.parts))


def _blank(value: Any) -> Any:
    return value if value not in ("", None) else None


def _phrase(field: str, how: str, show: Callable[[Any], str] | None, before: Any, after: Any) -> str:
    if how == _TEXT:
        state = "added" if before is None else "removed" if after is None else "changed"
        return t(f"site.change.{field}.{state}")
    shown = show or (lambda v: str(v) if v is not None else t("site.change.none"))
    if how == "dated" and before is None:
        return t(f"site.change.{field}.added", date=shown(after))
    if how == "status":
        return t("site.change.arrow", before=shown(before), after=shown(after))
    return t("site.change.field", field=t(f"site.change.{field}"), before=shown(before), after=shown(after))


def proposal_changes(before: Record, after: Record) -> tuple[str, ...]:
    """The phrases for one proposal present in both publications (empty when nothing changed)."""
    parts = []
    for group in GROUPS:
        phrases = [
            _phrase(field, how, show, old, new)
            for field, how, show in group
            if (old := _blank(before.get(field))) != (new := _blank(after.get(field)))
        ]
        if phrases:
            parts.append(", ".join(phrases))
    return tuple(parts)


def diff(before: Sequence[Record] | None, after: Sequence[Record]) -> list[Change]:
    """Every change from one publication to the next (``before`` is ``None`` for the first one)."""
    if before is None:
        return []
    old = {r["identifiant"]: r for r in before}
    new_ids = {r["identifiant"] for r in after}
    changes = []
    for record in after:
        previous = old.get(record["identifiant"])
        parts = (t("site.change.new"),) if previous is None else proposal_changes(previous, record)
        if parts:
            changes.append(Change(record["identifiant"], record["titre"], parts))
    changes += [Change(r["identifiant"], r["titre"], (t("site.change.removed"),)) for r in before if r["identifiant"] not in new_ids]
    return changes
