"""Survey tools and their export conventions: metadata columns, headings, multiple choices.

The tool is recognised from the column headings (``format:`` in ``demarche.yaml`` can force it):
LimeSurvey (code, full-text or code-and-text headings, French or English metadata), Google Forms,
Microsoft Forms, Framaforms (three header rows), KoboToolbox, or a spreadsheet made by hand.
Each tool says how it packs a multiple-choice answer in one cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from surveys.text import label_key


class Tool(StrEnum):
    LIMESURVEY = "limesurvey"
    GOOGLE_FORMS = "google_forms"
    MS_FORMS = "microsoft_forms"
    FRAMAFORMS = "framaforms"
    KOBO = "kobotoolbox"
    SPREADSHEET = "tableur"


TOOL_NAMES = {
    Tool.LIMESURVEY: "LimeSurvey",
    Tool.GOOGLE_FORMS: "Google Forms",
    Tool.MS_FORMS: "Microsoft Forms",
    Tool.FRAMAFORMS: "Framaforms",
    Tool.KOBO: "KoboToolbox",
    Tool.SPREADSHEET: "tableur",
}

# Spellings accepted in ``format:`` of demarche.yaml.
TOOL_ALIASES = {
    "limesurvey": Tool.LIMESURVEY, "lime": Tool.LIMESURVEY, "limesurvey_r": Tool.LIMESURVEY,
    "google_forms": Tool.GOOGLE_FORMS, "google": Tool.GOOGLE_FORMS, "gforms": Tool.GOOGLE_FORMS,
    "microsoft_forms": Tool.MS_FORMS, "ms_forms": Tool.MS_FORMS, "msforms": Tool.MS_FORMS, "forms": Tool.MS_FORMS,
    "framaforms": Tool.FRAMAFORMS, "webform": Tool.FRAMAFORMS,
    "kobotoolbox": Tool.KOBO, "kobo": Tool.KOBO,
    "tableur": Tool.SPREADSHEET, "excel": Tool.SPREADSHEET, "spreadsheet": Tool.SPREADSHEET, "generique": Tool.SPREADSHEET,
}


def parse_tool(value: str) -> Tool | None:
    """The tool named by ``format:`` (case, accents, spaces and dashes ignored), or None."""
    key = re.sub(r"[^a-z0-9]+", "_", label_key(value)).strip("_")
    return TOOL_ALIASES.get(key)


class Role(StrEnum):
    """What a column holds, once recognised."""

    RESPONSE_ID = "response_id"
    SUBMITTED = "submitted"
    STARTED = "started"
    LAST_ACTION = "last_action"
    DRAFT = "draft"
    TOKEN = "token"
    PARTICIPANT_CODE = "participant_code"
    EMAIL = "email"
    NAME = "name"
    PHONE = "phone"
    IP = "ip"
    METADATA = "metadata"


# Roles whose values identify a person: dropped after matching, never written anywhere.
IDENTIFYING = frozenset({Role.TOKEN, Role.PARTICIPANT_CODE, Role.EMAIL, Role.NAME, Role.PHONE, Role.IP})

_METADATA: dict[Role, tuple[str, ...]] = {
    Role.RESPONSE_ID: ("id", "response id", "id de la reponse", "identifiant de la reponse", "_id", "sid",
                       "serial", "numero de serie", "n° de serie", "numero", "id de soumission", "n°", "no", "num",
                       "numero de reponse", "numero de questionnaire"),
    Role.SUBMITTED: ("submitdate", "date submitted", "date de soumission", "horodateur", "horodatage", "timestamp",
                     "heure de fin", "completion time", "_submission_time", "submitted time", "time",
                     "completed time", "date d'envoi", "heure d'achevement", "date de reponse", "date", "date de saisie"),
    Role.STARTED: ("startdate", "date started", "date de lancement", "date de debut", "heure de debut", "start time",
                   "start"),
    Role.LAST_ACTION: ("datestamp", "date last action", "date de la derniere action", "heure de la derniere modification",
                       "last modified time", "modified time", "end"),
    Role.DRAFT: ("draft", "brouillon"),
    Role.TOKEN: ("token", "access code", "code d'acces", "jeton", "jeton d'acces", "cle d'acces"),
    Role.PARTICIPANT_CODE: ("code participant", "code du participant", "code de participant", "identifiant participant",
                            "identifiant du participant", "numero de participant", "code repondant", "code du repondant",
                            "participant", "code", "identifiant", "participant id", "participant code", "code_participant",
                            "participant_code", "id_participant", "votre code participant", "code personnel"),
    Role.EMAIL: ("email", "e-mail", "email address", "adresse e-mail", "adresse email", "adresse mail", "courriel",
                 "adresse de messagerie", "adresse electronique", "mail", "votre adresse e-mail", "votre e-mail"),
    Role.NAME: ("nom", "name", "prenom", "firstname", "lastname", "nom et prenom", "prenom et nom", "nom complet",
                "username", "nom d'utilisateur", "_submitted_by", "votre nom", "votre prenom"),
    Role.PHONE: ("telephone", "numero de telephone", "phone", "phone number", "portable", "tel", "mobile"),
    Role.IP: ("ipaddr", "ip address", "adresse ip", "ip"),
    Role.METADATA: ("lastpage", "last page", "derniere page", "startlanguage", "start language", "langue de depart",
                    "seed", "tete de serie", "refurl", "referrer url", "url de provenance", "url referente",
                    "interviewtime", "total time", "temps total", "uid", "_uuid", "_validation_status", "_notes",
                    "_status", "__version__", "_tags", "_index", "_xform_id_string", "_attachments", "_geolocation",
                    "meta/instanceid", "formhub/uuid", "today", "deviceid", "score", "total points",
                    "quiz feedback", "grade posted time", "_parent_index", "submission details"),
}

METADATA_KEYS: dict[str, Role] = {key: role for role, keys in _METADATA.items() for key in keys}
_TIMING = re.compile(r"^(group time|question time|temps (?:du|pour le|de) groupe|temps (?:de|pour) la question)\b|^points - |^feedback - ")
_OTHER_SUFFIX = re.compile(r"\[(other|autre|comment|commentaire|commentaires|precisez|filecount)\]\s*$|(_other|_comment|\[\w*comment\])$")


_NAME_WORD = r"(?:(?:votre|your|son|le|la)\s+)?(?:nom(?:\s+de\s+famille|\s+complet)?|prenoms?|post-?noms?|(?:first|last|full|given|family|sur)\s?names?|names?)"
# « Nom / Name », « Nom & Post-nom », « Prénom (First name) », « Nom, prénom » : every part a name word.
_NAME_HEADING = re.compile(rf"^{_NAME_WORD}(?:\s*(?:/|&|\+|,|-|\bet\b|\band\b|\(|\)|\|)\s*{_NAME_WORD}?\)?)*\s*$")
# A question asking for the participant's code: « Quel est votre code participant ? », « Code personnel (badge) ».
_CODE_QUESTION = re.compile(r"\bcode\s+(?:de\s+|du\s+)?(?:participant|participante|personnel|repondant|anonymat|d'anonymat|individuel)\b|\bparticipant\s+(?:code|id)\b")


def metadata_role(header: str) -> Role | None:
    """The role of a metadata or identifying column, from its heading, or None.

    Besides the known headings, bilingual name headings and a question asking for the
    participant's code are recognised.
    """
    key = label_key(header)
    role = METADATA_KEYS.get(key)
    if role is None and "/" in key and " " not in key and not key.startswith(("meta/", "formhub/")):
        role = METADATA_KEYS.get(key.rsplit("/", 1)[-1])  # KoboToolbox « groupe/question »
    if role is not None:
        return role
    if _TIMING.search(key):
        return Role.METADATA
    if len(key) <= 80 and _NAME_HEADING.match(key):
        return Role.NAME
    if len(key) <= 200 and _CODE_QUESTION.search(key):
        return Role.PARTICIPANT_CODE
    return None


def is_free_text_part(header: str) -> bool:
    """Whether a column is the « other » or « comment » part of a question (free text)."""
    return bool(_OTHER_SUFFIX.search(label_key(header)))


# --- Tool detection -------------------------------------------------------------------------------

_LIME_MARKS = {"submitdate", "date submitted", "date de soumission", "lastpage", "last page", "derniere page",
               "startlanguage", "start language", "langue de depart", "seed", "tete de serie", "id de la reponse",
               "response id"}
_MS_MARKS = ({"heure de debut", "heure de fin"}, {"start time", "completion time"})
_GOOGLE_MARKS = {"horodateur", "horodatage", "timestamp"}
_KOBO_MARKS = {"_uuid", "_submission_time", "_id", "_index", "__version__"}
_FRAMA_MARKS = {"serial", "sid", "draft", "submission details", "details de la soumission"}


def detect_tool(headers: Sequence[str], preamble: Sequence[Sequence[object]] = ()) -> Tool:
    """The survey tool that wrote a table, from its headings (and the rows above them)."""
    keys = {label_key(h) for h in headers}
    above = {label_key(str(v)) for row in preamble for v in row if isinstance(v, str) and v.strip()}
    if keys & _FRAMA_MARKS and ({"serial", "sid"} <= keys or above & _FRAMA_MARKS):
        return Tool.FRAMAFORMS
    if len(keys & _KOBO_MARKS) >= 2:
        return Tool.KOBO
    if any(marks <= keys for marks in _MS_MARKS):
        return Tool.MS_FORMS
    if len(keys & _LIME_MARKS) >= 2 or _lime_codes(headers):
        return Tool.LIMESURVEY
    if headers and label_key(headers[0]) in _GOOGLE_MARKS:
        return Tool.GOOGLE_FORMS
    return Tool.SPREADSHEET


_LIME_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,19}(?:\[[A-Za-z0-9_]{1,20}\]){0,2}$")


def _lime_codes(headers: Sequence[str]) -> bool:
    """LimeSurvey question codes without its metadata columns: ``Q1[SQ001]``, ``G01Q02``…

    At least two columns with a sub-question code and most columns written as codes.
    """
    codes = [h for h in headers if _LIME_CODE.match(h.strip())]
    bracketed = sum(1 for h in codes if "[" in h)
    return bracketed >= 2 and len(codes) * 2 > len(headers)


# --- Headings ---------------------------------------------------------------------------------------



def _bracketed(text: str) -> tuple[str, str] | None:
    """(question, option) of ``Question [Option]``, or None (string search: linear on any text)."""
    stripped = text.rstrip()
    if not stripped.endswith("]"):
        return None
    start = stripped.rfind("[")
    if start < 0 or "]" in stripped[start + 1 : -1]:
        return None
    return stripped[:start].rstrip(), stripped[start + 1 : -1]
_CODETEXT = re.compile(r"^(?P<code>[A-Za-z][A-Za-z0-9_]*(?:\[[^\[\]]*\])*)(?:\.\s+|\s+-\s+|\s*:\s+)(?P<text>.+)$", re.S)
_CODE = re.compile(r"^(?P<q>[A-Za-z][A-Za-z0-9_]*)\[(?P<sub>[A-Za-z0-9_]+)\](?:\[(?P<sub2>[A-Za-z0-9_]+)\])?$")
_NUMBERED = re.compile(r"^\s*(?:Q|Question\s*)?\d{1,3}[a-z]?\s*[.)\-:]\s+(?=\S)", re.I)


@dataclass(frozen=True)
class Heading:
    """The ways a column heading may name a question, most specific first.

    ``question`` and ``option`` split a grid or multiple-choice heading (``Question [Option]``,
    ``Q1[SQ001]``, ``groupe/question``) so that either part can be matched.
    """

    header: str
    candidates: tuple[str, ...]
    question: str | None = None
    option: str | None = None


def heading(header: str, group: str | None = None) -> Heading:
    """Candidates for matching a column heading (Framaforms passes the group row above it)."""
    text = header.strip()
    candidates: list[str] = [text]
    question = option = None
    codetext = _CODETEXT.match(text)
    if codetext:
        code, rest = codetext.group("code"), codetext.group("text").strip()
        candidates += [code, rest]
        text_part = rest
    else:
        text_part = text
    code_match = _CODE.match(candidates[1] if codetext else text)
    if code_match:
        q, sub = code_match.group("q"), code_match.group("sub")
        candidates += [f"{q}_{sub}", f"{q}[{sub}]"]
        question, option = q, sub
    bracket = _bracketed(text_part)
    bracket_text = None
    if bracket and bracket[0]:
        question = question or bracket[0]
        option = option or bracket[1]
        bracket_text = bracket[1]
    if group:
        candidates.insert(0, f"{group} [{text}]")
        question, option = question or group, option or text
    if "/" in text and " " not in text:
        parts = text.split("/")
        candidates.append(parts[-1])
        if len(parts) >= 2 and question is None:
            question, option = parts[-2], parts[-1]
    numbered = _NUMBERED.sub("", text_part)
    if numbered != text_part:
        candidates.append(numbered)
    if bracket_text:
        candidates.append(bracket_text)
    if option:
        candidates.append(option)
    return Heading(header=header, candidates=tuple(dict.fromkeys(c for c in candidates if c)), question=question, option=option)


# --- Multiple choices in one cell -----------------------------------------------------------------

SEPARATORS: dict[Tool, tuple[str, ...]] = {
    Tool.GOOGLE_FORMS: (", ",),
    Tool.MS_FORMS: (";",),
    Tool.KOBO: (" ",),
    Tool.FRAMAFORMS: (",",),
    Tool.LIMESURVEY: ("|", ";", ", "),
    Tool.SPREADSHEET: (";", ", ", ",", "|", "\n"),
}


def split_choices(cell: str, options: Sequence[str], tool: Tool) -> tuple[list[str], list[str]]:
    """Split a multiple-choice cell into known options and leftover (« other ») texts.

    Options are recognised whole, so a label that contains the separator (« Ni d'accord, ni pas
    d'accord ») is never cut; with several possible separators the one that leaves the fewest
    unknown pieces wins. Returns (canonical options in cell order, unknown pieces).
    """
    best: tuple[list[str], list[str]] | None = None
    for separator in SEPARATORS.get(tool, SEPARATORS[Tool.SPREADSHEET]):
        found, unknown = _split_with(cell, options, separator)
        if best is None or len(unknown) < len(best[1]):
            best = (found, unknown)
        if not unknown:
            break
    return best if best is not None else ([], [cell])


def _split_with(cell: str, options: Sequence[str], separator: str) -> tuple[list[str], list[str]]:
    lowered = cell.casefold()
    keys = {label_key(o): o for o in sorted(options, key=len)}
    sep = separator.casefold()
    if sep and lowered.count(sep) > 4 * len(options) + 8:
        # Far more pieces than options: no label can span them, so split plainly (linear on any cell).
        pieces = [piece.strip() for piece in cell.split(separator) if piece.strip()]
        known = [keys[label_key(piece)] for piece in pieces if label_key(piece) in keys]
        return list(dict.fromkeys(known)), [piece for piece in pieces if label_key(piece) not in keys]
    found: list[str] = []
    unknown: list[str] = []
    position = 0
    length = len(cell)
    # An option is never much longer than its label: ends further away are not tried (linear on long cells).
    reach = 4 * max((len(o) for o in options), default=0) + 16
    while position < length:
        if lowered.startswith(sep, position) or (sep.strip() and lowered[position] == " "):
            position += len(sep) if lowered.startswith(sep, position) else 1
            continue
        match = _longest_option(cell, position, _ends(lowered, position, sep, position + reach), keys)
        if match:
            found.append(match[0])
            position = match[1]
            continue
        end = lowered.find(sep, position) if sep else -1
        end = length if end < 0 else end
        piece = cell[position:end].strip()
        if piece:
            unknown.append(piece)
        position = end
    return list(dict.fromkeys(found)), unknown


def _longest_option(cell: str, start: int, ends: Sequence[int], keys: dict[str, str]) -> tuple[str, int] | None:
    """The option with the longest label starting at ``start`` and its end (one ``label_key`` per end)."""
    best: tuple[str, int] | None = None
    for end in ends:
        key = label_key(cell[start:end])
        if key in keys and (best is None or len(key) > len(label_key(best[0]))):
            best = (keys[key], end)
    return best


def _ends(lowered: str, start: int, sep: str, stop: int) -> list[int]:
    """Candidate end positions of an option starting at ``start``: each separator, or the end (up to ``stop``)."""
    ends = []
    position = lowered.find(sep, start + 1, stop) if sep else -1
    while position >= 0:
        ends.append(position)
        position = lowered.find(sep, position + 1, stop)
    if len(lowered) <= stop:
        ends.append(len(lowered))
    return ends
