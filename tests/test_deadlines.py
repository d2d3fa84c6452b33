"""suivi check warns about overdue engagements and due dates, and undecided proposals past the deadline."""

from __future__ import annotations

import datetime as dt
import shutil

from evaluation.check import check_folder
from evaluation.cli import cli
from evaluation.demo.publication import apply_changes
from evaluation.followup.checked import load_checked
from evaluation.portfolio.build import _card
from evaluation.resources import examples_dir

EXAMPLE = examples_dir() / "convention-mobilites"


def deadline_warnings(report):
    return [p for p in report if p.code in ("engagement_en_retard", "echeance_depassee", "decisions_en_retard")]


def test_no_deadline_warning_before_the_first_due_date():
    assert deadline_warnings(check_folder(EXAMPLE, as_of=dt.date(2026, 10, 20))) == []


def test_overdue_engagements_and_undecided_proposals_are_located_warnings(runner):
    result = runner.invoke(cli, ["check", str(EXAMPLE), "--date", "2026-12-01"])
    assert result.exit_code == 0  # warnings only
    lines = [line for line in result.output.splitlines() if "retard" in line or "sans décision" in line]
    assert lines == [
        "Avertissement — demarche.yaml : L'engagement n° 1 « Répondre publiquement et de manière motivée à chaque proposition, dans les quatre mois "
        "suivant la restitution. » avait pour échéance le 20 octobre 2026 : il est en retard de 42 jours. Publiez ce qui a été fait ou annoncez une "
        "nouvelle échéance (clé echeance de l'engagement). [engagement_en_retard]",
        "Avertissement — demarche.yaml : L'engagement n° 4 « Transmettre aux régions et aux intercommunalités les propositions relevant de leurs "
        "compétences. » avait pour échéance le 30 novembre 2026 : il est en retard de 1 jour. Publiez ce qui a été fait ou annoncez une nouvelle "
        "échéance (clé echeance de l'engagement). [engagement_en_retard]",
        "Avertissement — propositions.xlsx, feuille « Propositions » : 5 propositions sont encore sans décision alors que le délai de réponse "
        "annoncé (20 octobre 2026) est passé depuis 42 jours. Renseignez leur décision et leur date de décision. [decisions_en_retard]",
    ]


def test_an_overdue_proposal_names_its_row(tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(EXAMPLE, folder)
    apply_changes(folder / "propositions.xlsx", {"P-06": {"Échéance": dt.datetime(2026, 11, 1)}})
    [late] = [p for p in check_folder(folder, as_of=dt.date(2026, 11, 11)) if p.code == "echeance_depassee"]
    assert (late.file, late.sheet, late.row, late.header, late.value) == ("propositions.xlsx", "Propositions", 7, "Échéance", "2026-11-01")
    assert late.message.startswith("L'échéance de la proposition P-06 (1er novembre 2026) est passée depuis 10 jours")


def test_portfolio_counts_overdue_commitments():
    demarche, register, _ = load_checked(EXAMPLE)
    assert _card(demarche, register.to_frame(), dt.date(2026, 12, 1)).overdue == 2  # engagements 1 and 4
    assert _card(demarche, register.to_frame(), dt.date(2026, 10, 1)).overdue == 0
