"""Wilson Center Digital Archive document pages, in every layout the archive and its mirrors serve.

A page is the document's text among labelled blocks. The layouts differ in which blocks
they carry, in what order and whether the blocks are labelled at all:

- the current site: date line, title, funding line, text, the archive's summary (after a
  "###" rule or as the last paragraph), then a footer of labelled fields ("Document
  Information", "Source", "Rights", "Record ID", … some labels missing, some values empty);
- the same page captured with its summary first, before the date line;
- the older site: a site header ("Search in", "Digital Archive International History
  Declassified"), the date, a "Citation / get citation" block holding the summary and the
  citation (the title is only in the citation), "share document", "English HTML", text;
- mirrors with labelled blocks on top ("Citation:", "Summary:", "Credits:", "Original
  Language:", "Contents:"), the date and title on one line;
- originals first (a Chinese or Russian text, then the English translation).

Blocks are recognised by their labels wherever they stand and, where a label is missing,
by their shape (an archival citation, the archive's rights statement); everything else is
the document's text. Captures cut off anywhere keep what they have.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import register
from .lines import Line, split_lines
from .model import Party, SourceDocument
from .structure import paragraphs, split_languages

# Labels that precede the document text and take one paragraph (or a bullet list).
HEAD_LABELS = {"citation", "summary", "original language", "contents", "description", "credits"}
# Labels of the metadata footer; some pages leave them empty or leave them out.
FOOT_LABELS = {
    "author(s)", "authors", "associated places", "associated people & organizations",
    "associated people and organizations", "associated topics", "subjects discussed",
    "document information", "source", "original archive", "rights", "original uploaded date",
    "language", "languages", "record id", "donors", "related documents",
    "translated by", "preferred citation", "collections", "document type", "date", "type",
    "associated people", "associated organizations", "keywords", "topics",
}
# The site's own furniture: navigation, its header, the older site's citation widget.
BOILERPLATE = re.compile(
    r"^(?:Skip to (?:main )?content|Share|Print|Download PDF|Download|Cite|Menu|Search|Back to top|Search in|"
    r"<<|>>|(?:[•·]\s*)?Citation|get citation|(?:[•·]\s*)?share document|English HTML|Chinese HTML|Russian HTML|"
    r"Digital Archive(?: digitalarchive\.wilsoncenter\.org)? International History Declassified)$", re.I)
FUNDING = re.compile(r"^This document was made possible with (?:generous )?support from (?:the )?(.+?)\.?$", re.I)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = (rf"(?:(?:{MONTHS})(?:\s+\d{{1,2}})?,?\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}|\d{{4}}(?:-\d\d){{0,2}}|"
         rf"c\.\s*\d{{4}}|\d{{4}}s?)")
DATE_LINE = re.compile(rf"^{_DATE}$")
# Mirrors put the date and the title on one line: "June 06, 1953 Statement by President Syngman Rhee".
DATE_AND_TITLE = re.compile(rf"^(?P<date>(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}})\s+(?P<title>[A-Z\"“'(\[].{{5,}})$")
URL = re.compile(r"<?(https?://[^\s>]+)>?")
RECORD_URL = re.compile(r"digitalarchive\.wilsoncenter\.org/document/(\d+)/?$")
# The archive's rule before its summary. Underscore and hyphen rules are a telegram form's own
# lines ("______" under "CIPHERED TELEGRAM"), never the archive's.
SUMMARY_SEPARATOR = re.compile(r"^(?:#{3,}|\*{3,})$")
# What "Contents:" lists: the page's own sections, not the document's words.
CONTENT_ITEMS = re.compile(
    r"^(?:(?:English|Chinese|Russian|Korean|Polish|German|Czech|Hungarian|Romanian|Bulgarian|Mongolian|"
    r"Vietnamese|Japanese|French|Spanish) (?:Translation|Transcription)|Scan of Original Document|"
    r"Original Scan|Original Document|Transcription|Translation)\b\s*", re.I)
# The archive's rights statement, when its label is missing.
RIGHTS_SHAPE = re.compile(r"welcomes reuse of Digital Archive materials|rights status|copyright|"
                          r"permission for commercial use|rights holders", re.I)
RECORD_ID = re.compile(r"^\d{3,8}$")
# The older site's citation: “Title,” date, History and Public Policy Program Digital Archive, source.
CITATION_SHAPE = re.compile(r"^[\"“”'](?P<title>.+?),?[\"”“'],?\s+(?P<rest>.*Digital Archive.*)$")
GENRES = [
    ("telegram", r"\b(?:telegram|cable|cablegram|cipher)"),
    ("letter", r"\bletter\b|\bmessage\b"),
    ("minutes", r"\bminutes\b|\bprotocol\b"),
    ("resolution", r"\bresolution\b|\bdecree\b|\bdecision\b"),
    ("memorandum", r"\bmemorandum\b|\bmemo\b|\bnote\b"),
    ("conversation", r"\bconversation\b|\bmeeting\b"),
    ("report", r"\breport\b"),
    ("statement", r"\bstatement\b|\bspeech\b|\bremarks\b|\baddress\b"),
    ("directive", r"\bdirective\b|\binstructions?\b|\border\b"),
]
# Strong marks of the archive: any one of them names the family.
STRONG_MARKS = [
    r"digitalarchive\.wilsoncenter\.org",
    r"History and Public Policy Program",
    r"Digital Archive International History Declassified",
    r"welcomes reuse of Digital Archive materials",
    r"^This document was made possible with (?:generous )?support from",
]
# Field labels: each one a hint, several a certainty.
LABEL_MARKS = [
    r"^Citation:?\s*$", r"^Record ID\s*$", r"^Original Uploaded Date\s*$", r"^Document Information\s*$",
    r"^Original Archive\s*$", r"^Subjects Discussed\s*$", r"^Original Language:?\s*$",
    r"^Associated (?:People|Places|Topics)", r"^get citation\s*$", r"^share document\s*$",
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


def _is_prose(text: str) -> bool:
    return len(text) >= 120 and bool(re.search(r"[.!?]", text))


def _is_sentence(text: str) -> bool:
    """A line that reads as one or more sentences (the archive's summaries are, however short);
    a document title never ends with a full stop."""
    return len(text) >= 40 and " " in text and text.rstrip().endswith((".", "!", "?", ".\"", ".”"))


def _before_citation(lines: list[Line], j: int) -> bool:
    """Whether the next paragraph after line j is the older site's citation: line j is then
    the archive's summary, and the title is the one the citation quotes."""
    following = next((l for l in lines[j + 1:] if l), None)
    return following is not None and bool(CITATION_SHAPE.match(following.text))


def _is_summary(text: str) -> bool:
    """A paragraph of the archive's prose, not a document title (titles do not end a sentence)."""
    return _is_prose(text) and text.rstrip().endswith((".", ".\"", ".”", ")"))


@register
class Wilson:
    name = "wilson"
    description = "Wilson Center Digital Archive document page (any layout, any mirror)"

    def sniff(self, text: str) -> float:
        strong = sum(bool(re.search(m, text, re.M | re.I)) for m in STRONG_MARKS)
        labels = sum(bool(re.search(m, text, re.M)) for m in LABEL_MARKS)
        score = 0.6 * strong + 0.25 * labels
        # A capture cut off before its footer still opens with the date on a line of its own
        # and a document title (a telegram, a letter, a record…), perhaps after the summary.
        head = [l.strip() for l in text.splitlines() if l.strip() and not BOILERPLATE.match(l.strip())][:4]
        for k, line in enumerate(head[:3]):
            before = head[:k]
            if DATE_LINE.match(line) and k + 1 < len(head) and genre_of(head[k + 1]) and \
                    not DATE_LINE.match(head[k + 1]) and all(_is_prose(b) or _is_sentence(b) for b in before):
                score += 0.5
                break
            if DATE_AND_TITLE.match(line) and genre_of(DATE_AND_TITLE.match(line).group("title")) and not before:
                score += 0.5
                break
        return min(1.0, score)

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
        if not doc.title:
            doc.title = f"Untitled document ({Path(path).stem})"
            doc.unsure.add("title")
            doc.warn(1, "no title on the page or in its citation: the document is untitled; give it a title by hand")
        if doc.record_id is None and doc.url and (m := RECORD_URL.search(doc.url)):
            # The older site's document addresses end in the record number.
            doc.record_id = m.group(1)
        doc.genre = genre_of(doc.title) or doc.genre
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
        if doc.date_text is None:
            doc.warn(1, "no date line on the page: the document is undated")
        return doc

    @staticmethod
    def _split_footer(lines: list[Line]) -> tuple[list[Line], list[Line]]:
        # The footer starts at the first footer label that is followed only by labels
        # and their short values; a body line that happens to read "Source" stays text.
        for i, line in enumerate(lines):
            if line and _label(line) in FOOT_LABELS:
                rest = [l for l in lines[i:] if l]
                labels = sum(1 for l in rest if _label(l))
                # Running text after it means the document goes on: a footer holds only
                # labels, short values, the source citation and the rights statement.
                prose = [l for l in rest if len(l.text) >= 200 and not RIGHTS_SHAPE.search(l.text)
                         and not re.search(r"\b(?:f|op|d|l|ll|Fond|Opis|Delo|Listy?)\.?\s*\d|Translated|Digital Archive",
                                           l.text)]
                if not prose and (labels >= 2 or labels == len(rest) or len(rest) <= 3):
                    return lines[:i], lines[i:]
        return lines, []

    @staticmethod
    def _read_top(lines: list[Line], doc: SourceDocument) -> list[Line]:
        """Summary (when it comes first), date line and title (possibly wrapped) at the top."""
        nonblank = [j for j, l in enumerate(lines) if l]
        i = 0
        for pos, j in enumerate(nonblank[:4]):
            text = lines[j].text
            combined = DATE_AND_TITLE.match(text)
            if doc.date_text is None and DATE_LINE.match(text):
                # Paragraphs before the date line are the archive's summary, printed first.
                for k in nonblank[:pos]:
                    doc.summary = (doc.summary + " " if doc.summary else "") + lines[k].text
                if pos:
                    doc.warn(lines[nonblank[0]].no, "paragraph(s) before the date line taken as the archive's summary")
                doc.date_text = text
                i = j + 1
            elif doc.date_text is None and combined and not doc.title:
                doc.date_text = combined.group("date")
                doc.title = combined.group("title").strip()
                return lines[j + 1:]
            elif doc.date_text is not None and not doc.title and not _label(lines[j]) and not _is_summary(text) \
                    and not _before_citation(lines, j):
                title = [text]
                k = j + 1
                # A wrapped title continues in lower case or inside its **…** emphasis.
                while k < len(lines) and lines[k] and not _label(lines[k]) and (
                    lines[k].text[:1].islower() or (text.startswith("**") and not title[-1].endswith("**"))
                ):
                    title.append(lines[k].text)
                    k += 1
                doc.title = re.sub(r"^\*\*|\*\*$", "", " ".join(title)).strip()
                return lines[k:]
            elif not doc.title and not _label(lines[j]) and text.startswith("**"):
                doc.title = text.strip("*").strip()
                i = j + 1
            elif doc.date_text is None and pos < 2 and not _label(lines[j]) and (_is_prose(text) or _is_sentence(text)):
                continue  # perhaps a summary printed first; decided at the date line
            else:
                break
            if doc.title and doc.date_text:
                break
        return lines[i:]

    def _read_head_blocks(self, lines: list[Line], doc: SourceDocument) -> list[Line]:
        i = 0
        while True:
            while i < len(lines) and not lines[i]:
                i += 1
            if i < len(lines) and (m := CITATION_SHAPE.match(lines[i].text)):
                # The older site's citation widget, its label removed as furniture: a summary
                # may come first, then the citation itself.
                self._take_citation(lines[i], m, doc)
                i += 1
                continue
            if i < len(lines) and not doc.citation and i + 1 < len(lines) and \
                    CITATION_SHAPE.match(lines[i + 1].text) and not _label(lines[i]):
                doc.summary = (doc.summary + " " if doc.summary else "") + lines[i].text
                i += 1
                continue
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
                shape = CITATION_SHAPE.match(text)
                if shape and not doc.title:
                    doc.title = shape.group("title").strip()
            elif label in {"summary", "description"}:
                doc.summary = (doc.summary + " " if doc.summary else "") + text
            elif label == "original language":
                doc.original_language = text
            elif label == "credits":
                doc.notes.append(("credits", text))
            elif label == "contents":
                # The page's own sections ("English Translation"): navigation. A capture that
                # ran the list into the text's first line keeps the rest of that line as text.
                rest_line = None
                for line in value:
                    rest = line.text
                    while (m := CONTENT_ITEMS.match(rest.lstrip("-*• "))) and m.end():
                        rest = rest.lstrip("-*• ")[m.end():]
                    if rest.strip() and rest.strip() != line.text.strip():
                        doc.drop(line.no, line.text[: len(line.text) - len(rest)], "navigation")
                        rest_line = Line(line.no, rest.strip(), line.indent)
                    elif rest.strip():
                        rest_line = line  # not a list of sections after all: text
                    else:
                        doc.drop(line.no, line.text, "navigation")
                if rest_line is not None:
                    return [rest_line] + lines[i:]

    @staticmethod
    def _take_citation(line: Line, m: re.Match, doc: SourceDocument) -> None:
        text = line.text
        url = URL.search(text)
        if url:
            doc.url = url.group(1)
            text = URL.sub("", text).strip()
        doc.citation = text
        if not doc.title:
            doc.title = m.group("title").strip()

    @staticmethod
    def _read_summary(lines: list[Line], doc: SourceDocument, has_footer: bool) -> list[Line]:
        for i, line in enumerate(lines):
            if line and SUMMARY_SEPARATOR.match(line.text) and sum(1 for l in lines[i + 1:] if l) <= 3:
                summary = " ".join(l.text for l in lines[i + 1:] if l)
                if summary:
                    doc.summary = (doc.summary + " " if doc.summary else "") + summary
                return lines[:i]
        if has_footer and doc.summary is None:
            # Pages without a "Summary" label print the archive's summary as the last
            # paragraph before the footer, set off from the document by a blank line.
            units = [l for l in lines if l]
            if len(units) > 2:
                idx = lines.index(units[-1])
                if idx > 0 and not lines[idx - 1] and len(units[-1].text) >= 40:
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
            if label in {"document information", "original archive"}:
                # Values whose own label the page left out: tell them by their shape.
                for line in value:
                    if RIGHTS_SHAPE.search(line.text):
                        doc.rights.append(line.text)
                    else:
                        Wilson._source(line.text, doc)
                continue
            if label == "rights":
                doc.rights.extend(texts)
            elif label == "record id":
                if RECORD_ID.match(texts[0]):
                    doc.record_id = texts[0]
                else:
                    doc.notes.append(("record-id", " ".join(texts)))
                    doc.warn(value[0].no, f"the Record ID field reads {texts[0]!r}, not a record number: not used")
            elif label == "original uploaded date":
                if re.match(r"^\d{4}-\d\d-\d\d$", texts[0]):
                    doc.uploaded = texts[0]
                else:
                    doc.notes.append(("uploaded", " ".join(texts)))
            elif label == "donors":
                doc.funders.extend(t for t in texts if t not in doc.funders)
            elif label == "source":
                for t in texts:
                    if RIGHTS_SHAPE.search(t):
                        doc.rights.append(t)
                    else:
                        Wilson._source(t, doc)
            elif label in {"language", "languages"}:
                doc.original_language = doc.original_language or texts[0]
            elif label in {"author(s)", "authors"}:
                doc.authors.extend(texts)
            elif label in {"type", "document type"}:
                doc.genre = doc.genre or texts[0].strip().lower()
                doc.notes.append(("type", " ".join(texts)))
            else:
                doc.notes.append((label, " ".join(texts)))

    @staticmethod
    def _source(text: str, doc: SourceDocument) -> None:
        m = re.search(r"\s*((?:Contributed|Donated|Obtained|Translated(?: for [\w ]+?)?) by) (.+?)\.?$", text)
        if m:
            doc.contributors.append((m.group(1), m.group(2)))
            text = text[: m.start()].strip()
        if text:
            doc.archive_source = (doc.archive_source + "; " if doc.archive_source else "") + text.rstrip(".")
            # the msDesc gives the citation's structure; the note keeps it as the page words it
            doc.notes.append(("archival-source", text))
