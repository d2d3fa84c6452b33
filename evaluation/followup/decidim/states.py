"""Decidim proposal states ↔ register statuses, with a small table the sponsor can edit.

The default states map as follows: ``evaluating`` → À l'étude, ``accepted`` → Retenue,
``rejected`` → Non retenue, ``not_answered`` (or nothing) → blank. ``withdrawn`` is not a decision:
the proposal is reported and left out. Custom states (Decidim 0.28+) and the identifiers of
the accountability statuses are read from ``decidim-etats.yaml`` in the démarche folder::

    etats:                       # Decidim state token → register status (blank: undecided)
      partiellement_acceptee: Retenue partiellement
    statuts_resultats:           # implementation state → id of the accountability status
      En cours: 12
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluation.documents.outputs import write_text
from evaluation.followup.labels import IMPLEMENTATION, STATUS
from indicators.vocabulary import LABELS, Implementation, Status
from surveys.i18n import t
from surveys.problems import Problem, ProblemReport, display_name
from surveys.yamlfile import load_yaml

STATES_FILE = "decidim-etats.yaml"
WITHDRAWN = "withdrawn"
NOT_ANSWERED = "not_answered"
DEFAULT_STATES: dict[str, Status | None] = {
    "accepted": Status.RETENUE,
    "rejected": Status.NON_RETENUE,
    "evaluating": Status.A_L_ETUDE,
    NOT_ANSWERED: None,
}
# The state written back for each register status when no custom state says otherwise.
DEFAULT_ANSWERS: dict[Status, str] = {
    Status.RETENUE: "accepted",
    Status.RETENUE_PARTIELLEMENT: "accepted",
    Status.NON_RETENUE: "rejected",
    Status.A_L_ETUDE: "evaluating",
    Status.DEJA_EN_VIGUEUR: "accepted",
    Status.HORS_CHAMP: "rejected",
}
_BLANK = frozenset({"", "vide", "aucun", "non repondue", "sans reponse"})


@dataclass
class StateTable:
    """The state mapping in use: defaults plus the sponsor's custom states and result statuses."""

    custom: dict[str, Status | None] = field(default_factory=dict)
    result_statuses: dict[Implementation, str] = field(default_factory=dict)
    file: str | None = None

    def status_of(self, token: str) -> tuple[bool, Status | None]:
        """``(known, status)`` of a Decidim state token (``known`` is False for an unmapped state)."""
        token = token.strip()
        if token in self.custom:
            return True, self.custom[token]
        if token in DEFAULT_STATES or token == "":
            return True, DEFAULT_STATES.get(token)
        return False, None

    def answer_state(self, status: Status, current: str = "") -> tuple[str, bool]:
        """``(token, exact)``: the Decidim state for a status; ``exact`` is False when Decidim has no
        state of that meaning and a broader one is used (e.g. « Retenue partiellement » → accepted).

        The proposal's ``current`` state is kept when it already means ``status``.
        """
        if current and self.status_of(current) == (True, status):
            return current, True
        for token, mapped in self.custom.items():
            if mapped is status:
                return token, True
        token = DEFAULT_ANSWERS[status]
        return token, DEFAULT_STATES.get(token) is status


def load_states(folder: Path, report: ProblemReport, path: Path | None = None) -> StateTable:
    """The table of ``decidim-etats.yaml`` (or ``path``); defaults only when the file is absent."""
    path = path if path is not None else folder / STATES_FILE
    if not path.exists():
        return StateTable()
    document = load_yaml(path)
    name = display_name(path)
    table = StateTable(file=name)
    data: Any = document.data if isinstance(document.data, dict) else {}
    states = data.get("etats") or {}
    for token, label in (states.items() if isinstance(states, dict) else []):
        if label is None:
            continue  # a line still to fill in: the state stays unknown (and reported)
        text = str(label).strip()
        if text.casefold() in _BLANK:
            table.custom[str(token)] = None
            continue
        code, suggestion = STATUS.match(text)
        if code is None:
            hint = t("register.did_you_mean", suggestion=suggestion) if suggestion else ""
            report.add(Problem(file=name, row=document.line(("etats", token)), header=f"etats.{token}", value=text,
                               code="decidim_etat_statut_inconnu", message=t("decidim.states.unknown_status", value=text, hint=hint, expected=STATUS.expected())))
            continue
        table.custom[str(token)] = Status(code)
    statuses = data.get("statuts_resultats") or {}
    for label, ident in (statuses.items() if isinstance(statuses, dict) else []):
        code, _ = IMPLEMENTATION.match(str(label))
        row, header = document.line(("statuts_resultats", label)), f"statuts_resultats.{label}"
        if code is None:
            report.add(Problem(file=name, row=row, header=header, value=str(label), code="decidim_etat_mise_en_oeuvre_inconnu",
                               message=t("decidim.states.unknown_implementation", value=label, expected=IMPLEMENTATION.expected())))
        elif ident is not None and str(ident).strip():
            if not str(ident).strip().isdigit():
                report.add(Problem(file=name, row=row, header=header, value=str(ident), code="decidim_statut_resultat_invalide",
                                   message=t("decidim.states.bad_result_status", value=ident)))
            else:
                table.result_statuses[Implementation(code)] = str(ident).strip()
    return table


def write_states_template(path: Path, unmapped: list[str]) -> Path:
    """A ``decidim-etats.yaml`` listing the unmapped states to fill in (written only when absent)."""
    lines = [t("decidim.states.template_header"), "etats:"]
    lines += [f"  {json.dumps(token, ensure_ascii=False)}:" for token in unmapped]
    lines += ["", t("decidim.states.template_results"), "statuts_resultats:"]
    lines += [f'  "{LABELS[code]}": ' for code in Implementation]
    return write_text(path, "\n".join(lines) + "\n")
