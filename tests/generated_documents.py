"""The documents ``suivi`` generates, made once per test session, and readers for their text.

Used by the tests that look at the generated files as a reader would: every .docx converted to
PDF by LibreOffice (once, in one call), the text of a docx and of its PDF compared word by word.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import docx
from docx.oxml.ns import qn

from evaluation.demo.run import run_demo
from evaluation.fieldwork.questionnaire import Format, write_questionnaire
from evaluation.resources import examples_dir
from evaluation.scaffold import EXAMPLE
from surveys.exports.items import Wave


def _arial_metrics() -> bool:
    """Whether fontconfig knows Liberation Sans, whose metrics are Arial's (the documents' font):
    without it LibreOffice lays the text out in a wider font and narrow headings break inside words."""
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", ":family=Liberation Sans", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


HAVE_LIBREOFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None and _arial_metrics()
NO_LIBREOFFICE = ("LibreOffice (soffice), poppler-utils (pdftotext) et la police Liberation Sans (métrique d'Arial) sont nécessaires : "
                  "apt-get install libreoffice-writer-nogui poppler-utils fonts-liberation2")
HYPHENS = re.compile("[-\u2010\u2011\u00ad]")
WORD = re.compile(r"[^\W\d_]{2,}")


def generate(root: Path) -> Path:
    """Run the demo into ``root`` and write two questionnaires (participants before, agents after)."""
    run_demo(root)
    folder = root / "questionnaires"
    write_questionnaire(examples_dir() / EXAMPLE, Wave.PRE, Format.DOCX, out_dir=folder)
    write_questionnaire(examples_dir() / EXAMPLE, Wave.POST, Format.DOCX, audience="administration", out_dir=folder)
    return root


def docx_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.docx"))


def convert_to_pdf(files: list[Path], out: Path) -> dict[Path, Path]:
    """Each .docx converted by headless LibreOffice (one process for all): docx → its PDF."""
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, files)], check=True, capture_output=True, timeout=600)
    return {f: out / f"{f.stem}.pdf" for f in files}


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def words(text: str) -> list[str]:
    """The words of a text as a PDF reader finds them: letters only, hyphens removed (a line may
    break at a hyphen, and pdftotext joins the halves), identifiers with « _ » left out (a narrow
    column breaks them anywhere)."""
    chunks = HYPHENS.sub("", unicodedata.normalize("NFKC", text)).split()
    return [w for chunk in chunks if "_" not in chunk for w in WORD.findall(chunk)]


def paragraph_text(paragraph: object) -> str:
    """The text of a w:p element, line breaks and tabs as spaces."""
    return "".join((el.text or "") if el.tag == qn("w:t") else " "
                   for el in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab")))  # type: ignore[attr-defined]


def missing_text(document: Path, pdf: Path) -> list[str]:
    """Headings and table rows of ``document`` whose words the PDF lacks (empty when all shown).

    Words are counted: a row whose words appear elsewhere in the document still counts as missing
    when the PDF holds fewer occurrences than the docx.
    """
    body = docx.Document(str(document)).element.body
    deficit = Counter(w for p in body.iter(qn("w:p")) for w in words(paragraph_text(p))) - Counter(words(pdf_text(pdf)))
    if not deficit:
        return []
    missing = []
    for element in body.iter(qn("w:tr"), qn("w:p")):
        if element.tag == qn("w:p") and element.getparent().tag != qn("w:body"):
            continue
        text = " ".join(paragraph_text(p) for p in element.iter(qn("w:p"))) if element.tag == qn("w:tr") else paragraph_text(element)
        if any(w in deficit for w in words(text)):
            missing.append(" ".join(text.split())[:120])
    return missing or [f"mots absents : {', '.join(sorted(deficit))}"]
