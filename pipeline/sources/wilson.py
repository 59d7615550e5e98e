"""Wilson Center Digital Archive document pages.

A page is a sequence of labelled blocks around the document text. Pages differ in
which blocks they carry and in what order (citation and summary on top, or a
"###" summary and a metadata footer below), so blocks are recognised by their
labels wherever they stand, and everything that is not a known block is text.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import register
from .lines import Line, split_lines
from .model import Party, SourceDocument
from .structure import paragraphs, split_languages

# Labels that precede the document text and take one paragraph (or a bullet list).
HEAD_LABELS = {"citation", "summary", "original language", "contents", "description"}
# Labels of the metadata footer; some pages leave them empty.
FOOT_LABELS = {
    "author(s)", "authors", "associated places", "associated people & organizations",
    "associated people and organizations", "associated topics", "subjects discussed",
    "document information", "source", "original archive", "rights", "original uploaded date",
    "language", "languages", "record id", "donors", "related documents", "credits",
    "translated by", "preferred citation", "collections", "document type", "date",
}
BOILERPLATE = re.compile(
    r"^(?:Skip to (?:main )?content|Share|Print|Download PDF|Download|Cite|Menu|Search|Back to top)$", re.I
)
FUNDING = re.compile(r"^This document was made possible with (?:generous )?support from (.+?)\.?$", re.I)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_LINE = re.compile(rf"^(?:(?:{MONTHS})(?:\s+\d{{1,2}})?,?\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}|\d{{4}}(?:-\d\d){{0,2}}|c\.\s*\d{{4}}|\d{{4}}s?)$")
URL = re.compile(r"<?(https?://[^\s>]+)>?")
SUMMARY_SEPARATOR = re.compile(r"^(?:#{3,}|\*{3,}|-{3,}|_{3,})$")
GENRES = [
    ("telegram", r"\b(?:telegram|cable|cipher)"),
    ("letter", r"\bletter\b|\bmessage\b"),
    ("minutes", r"\bminutes\b|\bprotocol\b"),
    ("resolution", r"\bresolution\b|\bdecree\b|\bdecision\b"),
    ("memorandum", r"\bmemorandum\b|\bmemo\b|\bnote\b"),
    ("conversation", r"\bconversation\b|\bmeeting\b"),
    ("report", r"\breport\b"),
]


def _label(line: Line) -> str | None:
    key = line.text.rstrip(":").strip().lower()
    if key in HEAD_LABELS or key in FOOT_LABELS:
        return key
    return None


def genre_of(title: str) -> str | None:
    for genre, pattern in GENRES:
        if re.search(pattern, title, re.I):
            return genre
    return None


def parties_from(text: str) -> tuple[Party, Party] | None:
    """'…, Mao Zedong to Cde. Filippov [Stalin]' or 'Telegram from X to Y with…'."""
    m = re.search(r"\bfrom (?:the )?(.+?) to (?:the )?(.+?)(?:\s+(?:with|concerning|on|regarding|about)\b.*)?$", text)
    if not m:
        # Only a clause of its own ("…, Mao Zedong to Cde. Filippov"): a heading such as
        # "Draft Telegram to North Korea concerning…" names a destination, not correspondents.
        m = re.search(r",\s*([^,]+?) to ([^,]+)$", text)
    if not m:
        return None
    sender, addressee = (re.sub(r"^(?:Cdes?\.|Comrades?)\s+", "", s.strip()) for s in m.groups())
    return Party(sender), Party(addressee)


@register
class Wilson:
    name = "wilson"
    description = "Wilson Center Digital Archive document page"

    def sniff(self, text: str) -> float:
        markers = [
            r"digitalarchive\.wilsoncenter\.org",
            r"History and Public Policy Program",
            r"^Citation:?\s*$",
            r"^Record ID\s*$",
            r"^Original Uploaded Date\s*$",
            r"^Document Information\s*$",
            r"^Original Archive\s*$",
            r"^Subjects Discussed\s*$",
            r"^Original Language:?\s*$",
        ]
        hits = sum(bool(re.search(m, text, re.M)) for m in markers)
        # The archive's pages open with the document's date on a line of its own, then
        # the title; a capture cut off before the footer still shows that much.
        head = [l.strip() for l in text.splitlines() if l.strip() and not BOILERPLATE.match(l.strip())][:2]
        opens_with_date = len(head) == 2 and bool(DATE_LINE.match(head[0])) and not DATE_LINE.match(head[1])
        return min(1.0, 0.35 * hits + (0.5 if opens_with_date else 0.0))

    def read(self, text: str, path: Path) -> SourceDocument:
        lines = split_lines(text)
        # The archive's pages are documents in one online collection, published by the Center.
        doc = SourceDocument(path=path, kind=self.name, title="", publisher="Wilson Center",
                             series="History and Public Policy Program Digital Archive")
        kept: list[Line] = []
        for line in lines:
            if line and BOILERPLATE.match(line.text):
                doc.drop(line.no, line.text, "navigation")
                continue
            m = FUNDING.match(line.text) if line else None
            if m:
                doc.funders.append(m.group(1).strip())
                doc.notes.append(("funding", line.text))
                continue
            kept.append(line)
        body, footer = self._split_footer(kept)
        body = self._read_top(body, doc)
        body = self._read_head_blocks(body, doc)
        body = self._read_summary(body, doc, has_footer=bool(footer))
        self._read_footer(footer, doc)
        doc.genre = genre_of(doc.title)
        parties = parties_from(doc.title) if doc.genre in {"telegram", "letter"} else None
        if doc.genre in {"telegram", "letter"} and not parties:
            for line in paragraphs(body)[:30]:
                if genre_of(line.text) in {"telegram", "letter"} and (parties := parties_from(line.text)):
                    break
        if parties:
            doc.sender, doc.addressee = parties
        doc.texts = split_languages(body, doc.original_language)
        doc.content_lines = [l.text for l in body if l]
        if not doc.texts:
            doc.warn(1, "no document text found on the page")
        return doc

    @staticmethod
    def _split_footer(lines: list[Line]) -> tuple[list[Line], list[Line]]:
        # The footer starts at the first footer label that is followed only by labels
        # and their short values; a body line that happens to read "Source" stays text.
        for i, line in enumerate(lines):
            if line and _label(line) in FOOT_LABELS:
                rest = [l for l in lines[i:] if l]
                labels = sum(1 for l in rest if _label(l))
                if labels >= 2 or labels == len(rest) or len(rest) <= 3:
                    return lines[:i], lines[i:]
        return lines, []

    @staticmethod
    def _read_top(lines: list[Line], doc: SourceDocument) -> list[Line]:
        """Date line and title (possibly wrapped over several lines) at the top."""
        i = 0
        nonblank = [j for j, l in enumerate(lines) if l]
        for j in nonblank[:3]:
            text = lines[j].text
            if DATE_LINE.match(text) and doc.date_text is None:
                doc.date_text = text
                i = j + 1
            elif not doc.title and not _label(lines[j]):
                title = [text]
                k = j + 1
                # A wrapped title continues in lower case or inside its **…** emphasis.
                while k < len(lines) and lines[k] and not _label(lines[k]) and (
                    lines[k].text[:1].islower() or (text.startswith("**") and not title[-1].endswith("**"))
                ):
                    title.append(lines[k].text)
                    k += 1
                doc.title = re.sub(r"^\*\*|\*\*$", "", " ".join(title)).strip()
                i = k
            else:
                break
            if doc.title and doc.date_text:
                break
        return lines[i:]

    @staticmethod
    def _read_head_blocks(lines: list[Line], doc: SourceDocument) -> list[Line]:
        i = 0
        while True:
            while i < len(lines) and not lines[i]:
                i += 1
            if i >= len(lines) or _label(lines[i]) not in HEAD_LABELS:
                return lines[i:]
            label = _label(lines[i])
            doc.drop(lines[i].no, lines[i].text, "label")
            i += 1
            while i < len(lines) and not lines[i]:
                i += 1
            value: list[Line] = []
            while i < len(lines) and lines[i] and not _label(lines[i]):
                value.append(lines[i])
                i += 1
                if label == "contents":
                    while i < len(lines) and not lines[i]:
                        i += 1
                    if i < len(lines) and not lines[i].text.startswith(("-", "*", "•")):
                        break
            text = " ".join(l.text for l in value)
            if label == "citation":
                m = URL.search(text)
                if m:
                    doc.url = m.group(1)
                    text = URL.sub("", text).strip()
                doc.citation = text
            elif label in {"summary", "description"}:
                doc.summary = text
            elif label == "original language":
                doc.original_language = text
            elif label == "contents":
                # The page's own sections ("English Translation"): navigation.
                for line in value:
                    doc.drop(line.no, line.text, "navigation")

    @staticmethod
    def _read_summary(lines: list[Line], doc: SourceDocument, has_footer: bool) -> list[Line]:
        for i, line in enumerate(lines):
            if line and SUMMARY_SEPARATOR.match(line.text):
                summary = " ".join(l.text for l in lines[i + 1 :] if l)
                if summary:
                    doc.summary = (doc.summary + " " if doc.summary else "") + summary
                return lines[:i]
        if has_footer and doc.summary is None:
            # Pages without a "Summary" label print the archive's summary as the last
            # paragraph before the footer, set off from the document by a blank line.
            units = [l for l in lines if l]
            if len(units) > 2:
                idx = lines.index(units[-1])
                if idx > 0 and not lines[idx - 1]:
                    doc.summary = units[-1].text
                    doc.warn(units[-1].no, "last paragraph before the footer taken as the archive's summary")
                    return lines[:idx]
        return lines

    @staticmethod
    def _read_footer(lines: list[Line], doc: SourceDocument) -> None:
        fields: dict[str, list[Line]] = {}
        label = None
        for line in lines:
            if not line:
                continue
            if _label(line):
                label = _label(line)
                doc.drop(line.no, line.text, "label")
                fields.setdefault(label, [])
            elif label:
                fields[label].append(line)
        for label, value in fields.items():
            texts = [l.text for l in value]
            if not texts:
                continue
            if label == "rights":
                doc.rights.extend(texts)
            elif label == "record id":
                doc.record_id = texts[0]
            elif label == "original uploaded date":
                doc.uploaded = texts[0]
            elif label == "donors":
                doc.funders.extend(t for t in texts if t not in doc.funders)
            elif label in {"source", "original archive"}:
                for t in texts:
                    m = re.search(r"\s*((?:Contributed|Donated|Obtained|Translated) by) (.+?)\.?$", t)
                    if m:
                        doc.contributors.append((m.group(1), m.group(2)))
                        t = t[: m.start()].strip()
                    if t:
                        doc.archive_source = (doc.archive_source + "; " if doc.archive_source else "") + t.rstrip(".")
            elif label in {"language", "languages"}:
                doc.original_language = doc.original_language or texts[0]
            elif label in {"author(s)", "authors"}:
                doc.authors.extend(texts)
            else:
                doc.notes.append((label, " ".join(texts)))
