"""Any web page of running text: a book or reference site, a news page, a document no other
converter knows.

Site furniture is dropped by its shape (`furniture`); the title is the page's first heading
before the text starts, the date a date standing on its own line beside it. Both are
guesses and are warned about; a page that opens in the middle of its text gets no title of
its own ("Untitled capture …") rather than a sentence cut to size. Never chosen by detection
as such: it is what a readable capture gets when no specialised converter is sure of it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..entities.dates import date_value
from . import register
from .furniture import _is_prose, classify, repeated_heading
from .lines import Line, split_lines
from .model import SourceDocument
from .structure import script_of, split_languages

_CHAPTER = re.compile(r"^(?:Chapter|CHAPTER|Глава|ГЛАВА|第\s*[\d一二三四五六七八九十百千〇零]+\s*[章回节卷篇])")
_SENTENCE_END = re.compile(r"[.,;:。，；：]$")
TITLE_LIMIT = 160


def standalone_date(text: str) -> str | None:
    """The line, when it is a date and nothing else ("Monday, Aug. 24, 1953", "(一九五○年十月八日)")."""
    lang = script_of(text) or "en"
    return text.strip() if text.strip() and date_value(text, lang) else None


def _heading_like(text: str) -> bool:
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in text)
    limit = TITLE_LIMIT // 2 if cjk * 2 > len(text) else TITLE_LIMIT
    words = text.split()
    # "Letter to President Syngman Rhee of Korea, Concerning Acceptance of the Armistice.": a
    # title in title case may end with a full stop, a sentence may not.
    title_case = len(words) >= 3 and sum(w[:1].isupper() for w in words) * 2 > len(words)
    ends = _SENTENCE_END.search(text) and not (title_case and text.endswith(".") and text.count(".") == 1)
    return (len(text) <= limit and sum(c.isalpha() for c in text) >= 2 and not text[0].islower()
            and not ends and not text.rstrip("»”\"").endswith("!") and standalone_date(text) is None)


def find_heading(lines: list[Line], skip: set[int], first_body: int) -> int | None:
    """Index of the page's title line among the lines before the text, or None."""
    top = [i for i in range(min(first_body, len(lines))) if lines[i] and i not in skip]
    chapter = next((i for i in top if _CHAPTER.match(lines[i].text) and _heading_like(lines[i].text)), None)
    if chapter is not None:
        return chapter
    return next((i for i in top if _heading_like(lines[i].text)), None)


@register
class Generic:
    name = "generic"
    description = "Any page of running text (fallback): site furniture dropped, first heading as title"

    def sniff(self, text: str) -> float:
        return 0.0

    def read(self, text: str, path: Path) -> SourceDocument:
        lines = split_lines(text)
        doc = SourceDocument(path=path, kind=self.name, title="")
        furniture = classify(lines)
        first_body = next((i for i, l in enumerate(lines) if l and i not in furniture and _is_prose(l.text)), len(lines))
        heading = find_heading(lines, set(furniture), first_body)
        skip = dict(furniture)
        if heading is not None:
            doc.title = lines[heading].text
            repeats = repeated_heading(lines, heading)
            for j in repeats:
                skip[j] = "repeated heading"
            if repeats:
                # Between a page's heading and its repetition sit the site's banners.
                for j in range(heading + 1, repeats[0]):
                    if lines[j] and len(lines[j].text) <= 80:
                        skip.setdefault(j, "site banner")
            doc.warn(lines[heading].no, f"title taken from the page's first heading ({doc.title!r}): check it")
            doc.unsure.add("title")
        else:
            doc.title = f"Untitled capture ({Path(path).stem})"
            doc.warn(1, "no heading before the text: the document is untitled; give it a title by hand")
            doc.unsure.add("title")
        # A date on a line of its own beside the heading is the page's date.
        near = [i for i in range(max(0, (heading or 0) - 2), min(len(lines), (heading or 0) + 4))
                if lines[i] and i not in skip and i != heading]
        dated = None
        for i in near:
            date_text = standalone_date(lines[i].text)
            if date_text and i < first_body:
                doc.date_text = date_text
                doc.unsure.add("date")
                doc.warn(lines[i].no, f"date taken from a date line beside the heading ({date_text!r}): check it")
                dated = i
                break
        for i, reason in skip.items():
            doc.drop(lines[i].no, lines[i].text, reason)
        # The page's date line is the header's now, like its heading.
        body = [l for i, l in enumerate(lines) if i not in skip and i != heading and i != dated]
        doc.content_lines = [l.text for l in body if l]
        doc.texts = split_languages(body, None)
        doc.warn(1, "converted with the generic converter: check title, date and structure by hand")
        return doc
