"""Rebuild the synthetic Decidim exports ``tests/data/decidim-*`` (invented proposals, invented people).

Two header generations are covered: 0.26–0.27 (``category/*``, ``supports``, ``endorsements/*``,
``state`` = ``withdrawn``) and 0.28+ (``taxonomies/*``, ``votes``, ``likes/*``, ``withdrawn_at``,
``state_published_at``, author columns, machine translations, custom states). Run from the
repository root: ``.venv/bin/python tests/data/make_decidim_fixtures.py``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
SPACE = "https://participer.example.org/processes/mobilites"
PROPOSALS = SPACE + "/f/5/proposals/"
HOSTILE_TITLE = '=HYPERLINK("http://evil.example/","cliquez")'
HOSTILE_BODY = "Texte <script>alert(1)</script> avec un caractère de contrôle \x07 et « guillemets » ; point-virgule, virgule"
ANSWER_HTML = "<p>Nous ne retenons pas cette proposition&nbsp;: le coût est trop élevé.</p><p>Deux raisons :<br>le budget<br>le calendrier</p><ul><li>étude en 2027</li></ul>"

OLD_HEADER = [
    "id", "category/id", "category/name/fr", "category/name/en", "scope/id", "scope/name/fr", "participatory_space/id",
    "participatory_space/url", "component/id", "title/fr", "title/en", "body/fr", "body/en", "state", "reference",
    "answer/fr", "answer/en", "supports", "endorsements/total_count", "endorsements/user_endorsements", "comments",
    "attachments", "followers", "published_at", "url", "meeting_urls", "related_proposals", "is_amend",
    "original_proposal/title", "original_proposal/url",
]


def _old(ident: int, title: str, body: str, state: str, answer: str = "", category: str = "Transports", *, amend: bool = False) -> dict[str, Any]:
    return {
        "id": ident, "category/id": 4, "category/name/fr": category, "category/name/en": "Transport", "scope/id": "",
        "scope/name/fr": "", "participatory_space/id": 2, "participatory_space/url": SPACE, "component/id": 5,
        "title/fr": title, "title/en": "", "body/fr": body, "body/en": "", "state": state, "reference": f"EX-PROP-2026-01-{ident}",
        "answer/fr": answer, "answer/en": "", "supports": ident * 3, "endorsements/total_count": 2,
        "endorsements/user_endorsements": "Camille Exemple, Dominique Fictif", "comments": ident % 7, "attachments": 0,
        "followers": 1, "published_at": "2026-03-02 10:15:00 UTC", "url": f"{PROPOSALS}{ident}", "meeting_urls": "",
        "related_proposals": "", "is_amend": "true" if amend else "false", "original_proposal/title": "",
        "original_proposal/url": f"{PROPOSALS}1" if amend else "",
    }


OLD_ROWS = [
    _old(3, "Plus de pistes cyclables", "<p>Relier les quartiers par des pistes sûres.</p>", "accepted", "<p>Retenue : 12 km en 2027.</p>"),
    _old(13, "Navette gratuite le dimanche", "Une navette vers le marché. Contact : camille.exemple@example.org", "rejected", ANSWER_HTML),
    _old(123, HOSTILE_TITLE, HOSTILE_BODY, "evaluating", "<p>Étude en cours.</p>", category="Espace public"),
    _old(4, "Abris vélos sécurisés", "Près des gares.", ""),
    _old(5, "Proposition retirée", "Retirée par son auteur.", "withdrawn"),
    _old(6, "Amendement aux pistes", "Ajouter un marquage.", "", amend=True),
]

NEW_HEADER = [
    "id", "author/id", "author/name", "author/url", "taxonomies/ids", "taxonomies/7/fr", "taxonomies/7/en", "taxonomies/9/fr",
    "participatory_space/id", "participatory_space/url", "component/id", "title/fr", "title/en", "title/machine_translations/fr",
    "body/fr", "body/en", "body/machine_translations/fr", "address", "latitude", "longitude", "state", "state_published_at",
    "reference", "answer/fr", "answer/en", "answered_at", "votes", "likes/total_count", "likes/user_likes", "comments",
    "attachments", "follows_count", "published_at", "url", "meeting_urls", "related_proposals", "is_amend",
    "original_proposal/title", "original_proposal/url", "withdrawn", "withdrawn_at", "created_at", "updated_at",
    "created_in_meeting", "coauthorships_count", "cost", "cost_report/fr", "execution_period/fr",
]


def _new(ident: int, title: str, body: str, state: str, answer: str = "", *, published: bool = True, withdrawn: bool = False,
         english: bool = False, taxonomies: tuple[str, ...] = ("7",)) -> dict[str, Any]:
    answered = "2026-06-10 09:00:00 UTC" if (state or answer) else ""
    return {
        "id": ident, "author/id": "31", "author/name": "Camille Exemple", "author/url": "https://participer.example.org/profiles/cexemple",
        "taxonomies/ids": ", ".join(taxonomies), "taxonomies/7/fr": "Mobilités" if "7" in taxonomies else "",
        "taxonomies/7/en": "Mobility" if "7" in taxonomies else "", "taxonomies/9/fr": "Quartiers" if "9" in taxonomies else "",
        "participatory_space/id": 2, "participatory_space/url": SPACE, "component/id": 5,
        "title/fr": "" if english else title, "title/en": title if english else "", "title/machine_translations/fr": "Traduction : " + title if english else "",
        "body/fr": "" if english else body, "body/en": body if english else "", "body/machine_translations/fr": "",
        "address": "1 rue Fictive, 00000 Exempleville", "latitude": "45.1", "longitude": "4.2",
        "state": "" if withdrawn else state, "state_published_at": answered if published and state else "",
        "reference": f"EX-PROP-2026-06-{ident}", "answer/fr": answer, "answer/en": "", "answered_at": answered,
        "votes": ident, "likes/total_count": 1, "likes/user_likes": "Dominique Fictif", "comments": 2, "attachments": 0,
        "follows_count": 3, "published_at": "2026-05-02 10:15:00 UTC", "url": f"{PROPOSALS}{ident}", "meeting_urls": "",
        "related_proposals": "", "is_amend": "false", "original_proposal/title": "", "original_proposal/url": "",
        "withdrawn": "true" if withdrawn else "false", "withdrawn_at": "2026-05-20 08:00:00 UTC" if withdrawn else "",
        "created_at": "2026-05-01 10:00:00 UTC", "updated_at": "2026-06-10 09:00:00 UTC", "created_in_meeting": "false",
        "coauthorships_count": 1, "cost": "", "cost_report/fr": "", "execution_period/fr": "",
    }


NEW_ROWS = [
    _new(21, "Zones piétonnes devant les écoles", "Camille Exemple propose de fermer les rues aux heures d'entrée.", "accepted",
         "<p>Retenue dans 4 écoles.</p>", taxonomies=("7", "9")),
    _new(22, "Tarif solidaire des transports", "Un tarif selon le revenu.", "partiellement_acceptee", "<p>Retenue pour les moins de 26 ans.</p>"),
    _new(23, "Bus de nuit", "Le week-end.", "en_attente_du_conseil", "<p>Le conseil décidera en juin.</p>"),
    _new(24, "Covoiturage de quartier", "An app for car sharing.", "", "<p>Réponse rédigée, pas encore publiée.</p>", published=False, english=True),
    _new(25, "Parking relais", "Retirée.", "accepted", withdrawn=True),
    _new(26, "Trottinettes encadrées", "Limiter le stationnement.", "rejected", ANSWER_HTML),
]


def _csv(name: str, header: list[str], rows: list[dict[str, Any]], delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[row[h] for h in header] for row in rows])
    (HERE / name).write_bytes(buffer.getvalue().encode("utf-8"))


def _nest(row: dict[str, Any]) -> dict[str, Any]:
    """The JSON shape of a flattened row (``title/fr`` → ``{"title": {"fr": …}}``)."""
    nested: dict[str, Any] = {}
    for key, value in row.items():
        parts = key.split("/")
        node = nested
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        if key in ("taxonomies/ids", "author/id", "author/name", "author/url"):
            value = [v.strip() for v in str(value).split(",") if v.strip()]
        node[parts[-1]] = None if value == "" else value
    return nested


RESULTS_HEADER = [
    "id", "category/id", "category/name/fr", "scope/id", "parent/id", "title/fr", "title/en", "description/fr", "description/en",
    "start_date", "end_date", "status/id", "status/key", "status/name/fr", "progress", "created_at", "url", "component/id", "proposal_urls",
]


def _result(ident: int, title: str, urls: list[int], parent: str = "") -> dict[str, Any]:
    return {
        "id": ident, "category/id": "", "category/name/fr": "", "scope/id": "", "parent/id": parent, "title/fr": title, "title/en": title,
        "description/fr": "<p>Texte&nbsp;saisi dans Decidim.</p>", "description/en": "", "start_date": "2026-06-01", "end_date": "",
        "status/id": 12, "status/key": "en_cours", "status/name/fr": "En cours", "progress": "46.33", "created_at": "2026-07-01 10:00:00 UTC",
        "url": f"{SPACE}/f/8/results/{ident}", "component/id": 8, "proposal_urls": ", ".join(f"{PROPOSALS}{n}" for n in urls),
    }


# A results export of the accountability component after a first import: the plan was linked by
# hand to its proposals and renamed; the tariff result kept suivi's title; a child comes first.
RESULTS_ROWS = [
    _result(72, "Sous-action sans lien", [], parent="69"),
    _result(70, "Plan vélo (renommé dans Decidim)", [3, 21]),
    _result(71, "'+1 tarif jeunes", []),
    _result(69, "Action parente", []),
]


def main() -> None:
    _csv("decidim-027-resultats-export.csv", RESULTS_HEADER, RESULTS_ROWS, ";")
    _csv("decidim-027-admin-point-virgule.csv", OLD_HEADER, OLD_ROWS, ";")
    _csv("decidim-030-opendata-virgule.csv", NEW_HEADER, NEW_ROWS, ",")
    (HERE / "decidim-030-admin.json").write_text(json.dumps([_nest(r) for r in NEW_ROWS], ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Export"
    sheet.append(OLD_HEADER)
    for row in OLD_ROWS:
        sheet.append([row[h].replace("\x07", "") if isinstance(row[h], str) else row[h] for h in OLD_HEADER])  # xlsx cannot hold it
    for cell in sheet["J"][1:]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # a text cell as Decidim writes it, not a formula
    workbook.save(HERE / "decidim-027-admin.xlsx")
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=",", lineterminator="\n").writerows([NEW_HEADER, *[[r[h] for h in NEW_HEADER] for r in NEW_ROWS]])
    with zipfile.ZipFile(HERE / "decidim-open-data.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("participer.example.org-open-data-proposals.csv", buffer.getvalue())
        archive.writestr("participer.example.org-open-data-proposal_comments.csv", "id,body/fr\n1,Bravo\n")
        archive.writestr("participer.example.org-open-data-results.csv", "id;title/fr\n")
        archive.writestr("README.md", "# Open data\n\n## proposals (6 resources)\n")


if __name__ == "__main__":
    main()
