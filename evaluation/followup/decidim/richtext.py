"""Decidim's rich text (HTML answers) to plain paragraphs, and plain paragraphs back to safe HTML."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table", "section"})
_SKIPPED = frozenset({"script", "style", "template", "iframe", "object"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


class _Paragraphs(HTMLParser):
    """Collects text by paragraph: block tags end one, ``<br>`` is a line break inside one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.current.append("\n")
        elif tag in _BLOCKS:
            self.flush()
            if tag == "li":
                self.current.append("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.current.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)

    def flush(self) -> None:
        lines = [_SPACES.sub(" ", line).strip() for line in "".join(self.current).replace("\n", "\x00").split("\x00")]
        text = "\n".join(line for line in lines if line)
        if text and text != "-":
            self.paragraphs.append(text)
        self.current = []


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment: one blank line between paragraphs, entities decoded.

    Text without any tag is returned with its spaces tidied (an export may already be plain).
    """
    if not value or not value.strip():
        return ""
    if "<" not in value:
        return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", html.unescape(value).replace("\r\n", "\n")) if p.strip())
    parser = _Paragraphs()
    parser.feed(value)
    parser.close()
    parser.flush()
    return "\n\n".join(parser.paragraphs)


def text_to_html(value: str) -> str:
    """Safe HTML of plain text: every paragraph in ``<p>``, line breaks as ``<br>``, all markup escaped."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value.replace("\r\n", "\n")) if p.strip()]
    return "".join("<p>" + "<br>".join(html.escape(line.strip()) for line in p.split("\n")) + "</p>" for p in paragraphs)
