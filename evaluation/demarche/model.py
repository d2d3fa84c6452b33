"""The démarche's identity card, ``demarche.yaml``, validated with located French messages.

Keys are French (people edit this file); attributes are English. See ``docs/formats.md``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path, PureWindowsPath
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from surveys.exports.items import TypedWave
from surveys.i18n import CatalogueLabels, t
from surveys.problems import Problem, ProblemReport, SuiviError, collects_problems
from surveys.yamlfile import load_yaml

DEMARCHE_FILE = "demarche.yaml"
_FRENCH_BOOLEANS = {"oui": True, "non": False, "vrai": True, "faux": False, "o": True, "n": False}


def _french_bool(value: Any) -> Any:
    if isinstance(value, str) and value.strip().casefold() in _FRENCH_BOOLEANS:
        return _FRENCH_BOOLEANS[value.strip().casefold()]
    return value


def _blank_as_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _inside_folder(value: Any) -> Any:
    """A data file path must stay inside the démarche folder: no absolute path, no « .. »."""
    if isinstance(value, str) and value.strip():
        text = value.strip().replace("\\", "/")
        if text.startswith("/") or PureWindowsPath(text).is_absolute() or PureWindowsPath(text).drive or ".." in text.split("/"):
            raise ValueError(t("demarche.path_outside", path=value))
        if "\x00" in text or any(len(part.encode("utf-8")) > 255 for part in text.split("/")):
            raise ValueError(t("demarche.path_invalid", path=value[:80]))
    return value


DataPath = Annotated[str, BeforeValidator(_inside_folder)]
OptionalDataPath = Annotated[str | None, BeforeValidator(_inside_folder)]
FrBool = Annotated[bool, BeforeValidator(_french_bool)]
OptionalFrBool = Annotated[bool | None, BeforeValidator(_french_bool)]
# An optional text left empty in the template (« ministere: "" ») means « not given ».
OptionalText = Annotated[str | None, BeforeValidator(_blank_as_none)]


def _drop_blank_items(value: Any) -> Any:
    if isinstance(value, list):
        return [v for v in value if not (v is None or (isinstance(v, str) and not v.strip()))]
    return value


# A list whose blank items (« - "" » left from the template) are not items.
TextList = Annotated[tuple[str, ...], BeforeValidator(_drop_blank_items)]


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid", frozen=True)


class Modality(StrEnum):
    CONFERENCE_DE_CITOYENS = "conference_de_citoyens"
    ATELIER_CITOYEN = "atelier_citoyen"
    ATELIER_DE_PROSPECTIVE = "atelier_de_prospective"
    ATELIER_PARTICIPATIF = "atelier_participatif"
    CONSULTATION_EN_LIGNE = "consultation_en_ligne"
    AUTRE = "autre"


MODALITY_LABELS = CatalogueLabels("modality", Modality)


class Recruitment(StrEnum):
    TIRAGE_AU_SORT = "tirage_au_sort"
    VOLONTARIAT = "volontariat"
    MIXTE = "mixte"


RECRUITMENT_LABELS = CatalogueLabels("recruitment", Recruitment)


class Dates(_Model):
    start: dt.date = Field(alias="debut")
    end: dt.date = Field(alias="fin")
    restitution: dt.date | None = None

    @model_validator(mode="after")
    def _order(self) -> Dates:
        if self.end < self.start:
            raise ValueError(t("demarche.dates_order"))
        if self.restitution is not None and self.restitution < self.start:
            raise ValueError(t("demarche.restitution_order"))
        return self


class Engagement(_Model):
    text: str = Field(alias="texte", min_length=1)
    due: dt.date | None = Field(default=None, alias="echeance")


class Panel(_Model):
    size: int | None = Field(default=None, alias="taille", ge=1)
    recruitment: Recruitment | None = Field(default=None, alias="recrutement")
    composition_published: OptionalFrBool = Field(default=None, alias="composition_publiee")
    recruitment_published: OptionalFrBool = Field(default=None, alias="methode_publiee")
    indemnified: OptionalFrBool = Field(default=None, alias="indemnisation")


class Governance(_Model):
    steering_committee: OptionalFrBool = Field(default=None, alias="comite_de_pilotage")
    guarantors_committee: OptionalFrBool = Field(default=None, alias="comite_de_garants")
    citizen_follow_up_committee: OptionalFrBool = Field(default=None, alias="comite_de_suivi_citoyen")


class Quality(_Model):
    """Facts for the CIPC quality checklist; a fact left out is « inconnu », not « non »."""

    speakers_published: OptionalFrBool = Field(default=None, alias="intervenants_publics")
    plural_information: OptionalFrBool = Field(default=None, alias="information_plurielle")
    results_published: OptionalFrBool = Field(default=None, alias="resultats_publics")
    restitution_validated: OptionalFrBool = Field(default=None, alias="restitution_validee_par_les_citoyens")
    motivated_response_published: OptionalFrBool = Field(default=None, alias="reponse_motivee_publique")
    evaluation_planned: OptionalFrBool = Field(default=None, alias="evaluation_prevue_des_le_depart")
    questionnaire_minutes: float | None = Field(default=None, alias="duree_questionnaire_minutes", gt=0)
    open_and_closed_questions: OptionalFrBool = Field(default=None, alias="questions_ouvertes_et_fermees")
    # a consultation questionnaire (LimeSurvey .txt/.lss or workbook) whose check fills the two facts above when they are not stated
    consultation_questionnaire: str | None = Field(default=None, alias="questionnaire_consultation", min_length=1)


class Lesson(_Model):
    tag: str = Field(min_length=1)
    text: str = Field(alias="texte", min_length=1)


class SurveyFile(_Model):
    """One survey export of the démarche, as received."""

    path: DataPath = Field(alias="fichier", min_length=1)
    wave: TypedWave = Field(alias="vague")
    format: str | None = None
    sheet: str | None = Field(default=None, alias="feuille")


class FeedbackFile(_Model):
    """An export of the citizens' feedback questionnaire on the published answers (suivi questionnaire --wave retours)."""

    path: DataPath = Field(alias="fichier", min_length=1)
    format: str | None = None
    sheet: str | None = Field(default=None, alias="feuille")


class Files(_Model):
    proposals: DataPath = Field(default="propositions.xlsx", alias="propositions")
    codebook: OptionalDataPath = None
    interviews: OptionalDataPath = Field(default=None, alias="entretiens")
    panel: OptionalDataPath = None
    margins: OptionalDataPath = Field(default=None, alias="marges")
    surveys: tuple[SurveyFile, ...] = Field(default=(), alias="enquetes")
    feedback: tuple[FeedbackFile, ...] = Field(default=(), alias="retours")
    citizens_report: OptionalDataPath = Field(default=None, alias="rapport_citoyen")  # the citizens' own report, published on the site


class Demarche(_Model):
    """Everything ``demarche.yaml`` says about the démarche."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = Field(alias="titre", min_length=1)
    sponsor: str = Field(alias="commanditaire", min_length=1)
    ministry: OptionalText = Field(default=None, alias="ministere")
    modalities: tuple[Modality, ...] = Field(alias="modalites", min_length=1)
    dates: Dates
    questions: TextList = Field(min_length=1)
    purpose: OptionalText = Field(default=None, alias="objet")
    room_for_manoeuvre: OptionalText = Field(default=None, alias="marges_de_manoeuvre")
    engagements: tuple[Engagement, ...] = ()
    response_deadline: dt.date | None = Field(default=None, alias="delai_de_reponse")
    panel: Panel = Panel()
    governance: Governance = Field(default=Governance(), alias="gouvernance")
    quality: Quality = Field(default=Quality(), alias="qualite")
    lessons: tuple[Lesson, ...] = Field(default=(), alias="enseignements")
    files: Files = Field(default=Files(), alias="fichiers")
    folder: Path = Field(default=Path("."), exclude=True)

    def path(self, relative: str) -> Path:
        """A data file of the démarche, relative to its folder."""
        return self.folder / relative

    @property
    def year(self) -> int:
        return self.dates.start.year


@collects_problems
def load_demarche(folder: Path, report: ProblemReport) -> Demarche | None:
    """Read ``folder/demarche.yaml``; every problem goes to ``report``, and ``None`` is returned
    when the file cannot be used (the folder or the file missing, unreadable or invalid)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise not_a_folder(folder)
    path = folder / DEMARCHE_FILE
    if not path.is_file():
        key = "demarche.missing" if not any(folder.iterdir()) else "demarche.missing_not_empty"
        raise SuiviError(t(key, folder=folder), code="demarche_absente", file=DEMARCHE_FILE)
    document = load_yaml(path)
    if not isinstance(document.data, dict):
        raise _invalid([Problem(file=document.file, code="yaml_racine", message=t("demarche.not_mapping"))])
    try:
        return Demarche.model_validate({**document.data, "folder": folder})
    except ValidationError as exc:
        raise _invalid(document.problems(exc, {"too_short": t("demarche.too_short")})) from exc


def not_a_folder(path: Path) -> SuiviError:
    """The error for a démarche path that is no folder, with advice that works from where it is."""
    if path.is_file():
        if (path.parent / DEMARCHE_FILE).is_file():
            return SuiviError(t("demarche.file_in_folder", path=path, folder=path.parent), code="pas_un_dossier", file=path.name)
        return SuiviError(t("demarche.file_not_folder", path=path), code="pas_un_dossier", file=path.name)
    if not path.parent.is_dir():
        return SuiviError(t("demarche.no_folder_parent", folder=path, parent=path.parent), code="dossier_absent")
    return SuiviError(t("demarche.no_folder", folder=path), code="dossier_absent")


def declared_line(folder: Path, key: str) -> int | None:
    """The line of a key path (« fichiers.enquetes (élément 1).fichier ») in ``demarche.yaml``, if found."""
    document = ProblemReport().attempt(lambda: load_yaml(Path(folder) / DEMARCHE_FILE))  # a hint: a broken file has no line
    if document is None:
        return None
    loc: list[int | str] = []
    for part in key.split("."):
        name, _, rest = part.partition(" (")
        loc.append(name)
        digits = "".join(ch for ch in rest if ch.isdigit())
        if digits:
            loc.append(int(digits) - 1)
    return document.line(tuple(loc))


def _invalid(problems: list[Problem]) -> SuiviError:
    """The error listing every problem of demarche.yaml (a report records the problems themselves)."""
    lines = "\n".join(p.render() for p in problems)
    return SuiviError(t("demarche.invalid", problems=lines), code="demarche_invalide", file=DEMARCHE_FILE, problems=problems)
