"""Documents of the Foreign Relations of the United States (FRUS), as history.state.gov shows them.

A FRUS document opens with its source note's file designation ("795.00/6–353: Telegram",
"601.6111/3–3053", "Microfilm telegram files, “Moscow FY 53”: Telegram"), perhaps the
document's number in its volume ("No. 575"), and its title, which carries the number of its
first footnote glued to the last word ("The Ambassador in the Soviet Union (Bohlen) to the
Department of State1"). Classification and precedence lines follow ("restricted", "niact",
"secret priority"), then the text, a signature, and the volume editors' footnotes ("1. …"
or "- …↩").

The State Department's decimal files date their documents in the file number: "6–353" is
3 June 1953, "3–3053" 30 March 1953. Where the page shows no date line, that is the date,
warned about as read from the file number.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import register
from .lines import Line, split_lines
from .model import Block, Division, SourceDocument
from .structure import split_languages
from .wilson import parties_from

# "795.00/6–353: Telegram", "601.6111/3–3053", "Microfilm telegram files, “Moscow FY 53”: Telegram",
# "Lot 55D388: Memorandum", "Eisenhower Library, Whitman File: Letter"
FILE_LINE = re.compile(
    r"^(?P<file>\d{3}\.\d+(?:/[\d–-]+)?|\d{3}\.\d+[A-Z]?/\S+|Microfilm telegram files[^:]*|Lot \d+\s?[A-Z]\s?\d+[^:]*|"
    r"[A-Z][\w.]+ Library[^:]*|Department of State[^:]*files?[^:]*)(?::\s*(?P<type>[A-Z][\w ]+))?$")
DOC_NUMBER = re.compile(r"^No\.\s*(?P<n>\d{1,4})$")
CLASSIFICATION = re.compile(r"^(?:(?:top secret|secret|confidential|restricted|unclassified|official use only|"
                            r"niact|priority|operational immediate|immediate|eyes only|personal|noforn|limited distribution)"
                            r"[\s;,]*)+$", re.I)
FOOTNOTE = re.compile(r"^(?:\d{1,2}\.\s+\S|-\s.*↩$)")
TITLE_START = re.compile(r"^(?:The |Memorandum |Letter |Editorial Note|Telegram |Paper |Minutes |Record |Report |"
                         r"Notes? |Statement |Message |Circular |Instruction |Draft |Memo )")
_FILE_DATE = re.compile(r"/(?P<m>1[0-2]|[1-9])[–-](?P<dy>\d{3,4})\b")
GENRES = {"telegram": "telegram", "memorandum": "memorandum", "letter": "letter", "minutes": "minutes",
          "despatch": "report", "dispatch": "report", "report": "report", "paper": "memorandum"}


def file_date(file: str) -> str | None:
    """The date a decimal file number holds: "795.00/6–353" -> "1953-06-03"."""
    m = _FILE_DATE.search(file)
    if not m:
        return None
    month, rest = int(m.group("m")), m.group("dy")
    day, year = int(rest[:-2]), 1900 + int(rest[-2:])
    if not 1 <= day <= 31:
        return None
    from datetime import date

    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@register
class Frus:
    name = "frus"
    description = "Foreign Relations of the United States document (history.state.gov)"

    def sniff(self, text: str) -> float:
        head = [l.strip() for l in text.splitlines() if l.strip()][:5]
        if not head:
            return 0.0
        score = 0.0
        if FILE_LINE.match(head[0]):
            score += 0.5
        if any(DOC_NUMBER.match(l) for l in head[:3]):
            score += 0.2
        # the title's footnote number glued to its last word
        if any(TITLE_START.match(l) and re.search(r"[a-z]\d{1,2}$", l) for l in head[:4]):
            score += 0.3
        if "↩" in text or any(CLASSIFICATION.match(l) for l in head):
            score += 0.1
        return min(score, 1.0)

    def read(self, text: str, path: Path) -> SourceDocument:
        lines = split_lines(text)
        doc = SourceDocument(path=path, kind=self.name, title="", publisher="Office of the Historian, "
                             "U.S. Department of State", series="Foreign Relations of the United States")
        units = [l for l in lines if l]
        i = 0
        if units and (m := FILE_LINE.match(units[0].text)):
            doc.notes.append(("source-note", units[0].text))
            kind = (m.group("type") or "").lower()
            doc.genre = next((g for k, g in GENRES.items() if k in kind), None)
            when = file_date(m.group("file"))
            if when:
                doc.date_text = when
                doc.unsure.add("date")
                doc.warn(units[0].no, f"date {when} read from the decimal file number {m.group('file')!r}: check it")
            i = 1
        if i < len(units) and (m := DOC_NUMBER.match(units[i].text)):
            doc.notes.append(("document-number", m.group("n")))
            i += 1
        title, j = [], i
        while j < len(units) and len(title) < 3 and not CLASSIFICATION.match(units[j].text) and len(units[j].text) < 200:
            title.append(units[j].text)
            j += 1
            if re.search(r"[a-z)]\d{1,2}$", title[-1]) or not title[-1].endswith(("the", "by", "of", "to", "and")):
                break
        if title:
            raw = " ".join(title)
            doc.title = re.sub(r"(?<=[a-z)])\d{1,2}$", "", raw)
            if doc.title != raw:
                doc.notes.append(("title-as-printed", raw))  # with the number of its first footnote
            i = j
        else:
            doc.title = f"Untitled document ({Path(path).stem})"
            doc.unsure.add("title")
            doc.warn(1, "no title after the source note: give the document a title by hand")
        genre = doc.genre or next((g for k, g in GENRES.items() if k in doc.title.lower()), None)
        doc.genre = genre
        if genre in ("telegram", "letter") and (parties := parties_from(doc.title)):
            doc.sender, doc.addressee = parties
        body_lines = [l for l in lines if l and l.no >= (units[i].no if i < len(units) else 10**9)]
        notes_start = next((k for k, l in enumerate(body_lines) if FOOTNOTE.match(l.text)
                            and all(FOOTNOTE.match(x.text) or len(x.text) < 300 for x in body_lines[k:])), None)
        # the footnotes run to the end: a numbered paragraph inside the text is not one
        if notes_start is not None and not all(FOOTNOTE.match(x.text) for x in body_lines[notes_start:]):
            notes_start = None
        text_lines = body_lines[:notes_start] if notes_start is not None else body_lines
        notes = body_lines[notes_start:] if notes_start is not None else []
        doc.content_lines = [l.text for l in text_lines + notes]
        versions = split_languages(text_lines, "english")
        if notes and versions:
            versions[0].children.append(Division("notes", None, [Block("p", l.text, l.no) for l in notes]))
        doc.texts = versions
        if doc.date_text is None:
            doc.warn(1, "no date on the page or in the file number: the document is undated")
        return doc
