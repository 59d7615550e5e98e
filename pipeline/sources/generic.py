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
from .furniture import _is_prose, _heading_key, book_page_title, classify, repeated_heading
from .lines import Line, split_lines
from .model import SourceDocument
from .structure import script_of, split_languages

_CHAPTER = re.compile(r"^(?:Chapter|CHAPTER|Глава|ГЛАВА|第\s*[\d一二三四五六七八九十百千〇零]+\s*[章回节卷篇])")
_SENTENCE_END = re.compile(r"[.,;:。，；：]$")
# "… 3 марта 1951 г.": the abbreviation of год after a year does not end a sentence.
_YEAR_ABBREVIATION = re.compile(r"\d{4}\s*гг?\.$")
# The address, salutation or copy list a letter or telegram opens with.
_TEXT_OPENING = re.compile(r"^[«\"“„]?(?:Товарищу|Тов\.|Господину|Уважаемый|Копия|Копии|Comrade|To Comrade|Dear|"
                           r"Copy|Copies|Cc)\b|^[«\"“]?\S{1,8}同志[:：，,]", re.I)
# A documentary collection's running number of the item ("Документ №12.", "Document No. 5"):
# its place in the book, not its title.
_ITEM_NUMBER = re.compile(r"^(?:Документ|Document|Doc\.|Док\.)\s*(?:№|No\.?|N)\s*\d+[.:]?$|^文件\s*\d+$", re.I)
TITLE_LIMIT = 160


def standalone_date(text: str) -> str | None:
    """The line, when it is a date and nothing else ("Monday, Aug. 24, 1953", "(一九五○年十月八日)")."""
    lang = script_of(text) or "en"
    return text.strip() if text.strip() and date_value(text, lang) else None


def closing_date(body: list[Line]) -> Line | None:
    """The dateline that closes a letter or telegram: a date alone on one of the text's last
    lines, right after the signature (a short line that is not a sentence), or None."""
    tail = [l for l in body if l][-5:]
    for k in range(len(tail) - 1, 0, -1):
        signature = tail[k - 1].text
        if standalone_date(tail[k].text) and len(signature) <= 40 and not _SENTENCE_END.search(signature) \
                and not signature.endswith(("。", ".", "!", "?")) and standalone_date(signature) is None:
            return tail[k]
    return None


def _heading_like(text: str) -> bool:
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in text)
    limit = TITLE_LIMIT // 2 if cjk * 2 > len(text) else TITLE_LIMIT
    words = text.split()
    # "Letter to President Syngman Rhee of Korea, Concerning Acceptance of the Armistice.": a
    # title in title case may end with a full stop, a sentence may not.
    title_case = len(words) >= 3 and sum(w[:1].isupper() for w in words) * 2 > len(words)
    ends = _SENTENCE_END.search(_YEAR_ABBREVIATION.sub("1950", text)) and not (title_case and text.endswith(".") and text.count(".") == 1)
    return (len(text) <= limit and sum(c.isalpha() for c in text) >= 2 and not text[0].islower()
            and not ends and not text.rstrip("»”\"").endswith("!") and standalone_date(text) is None)


def find_heading(lines: list[Line], skip: set[int], first_body: int) -> int | None:
    """Index of the page's title line among the lines before the text, or None."""
    # A letter's address or its list of copies opens the text: no heading comes after it.
    opening = next((i for i in range(min(first_body, len(lines))) if _TEXT_OPENING.match(lines[i].text)), first_body)
    top = [i for i in range(min(opening, len(lines))) if lines[i] and i not in skip
           and not _ITEM_NUMBER.match(lines[i].text)]
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
        skip = dict(furniture)
        for i, reason in furniture.items():
            if m := book_page_title(lines[i].text):
                doc.series = doc.series or m.group("book").strip()
        for i in range(min(first_body, len(lines))):
            if lines[i] and i not in skip and _ITEM_NUMBER.match(lines[i].text):
                doc.notes.append(("item", lines[i].text.rstrip(".:")))
                skip[i] = "the item's number in the collection (in the header)"
        listing = _listed_documents(lines, skip)
        heading = None if listing else find_heading(lines, set(skip), first_body)
        if heading is not None and (whole := _page_title_of(lines, heading, skip, first_body)):
            # The page's own title runs the headings below it together ("Документ №12.
            # Шифртелеграмма …"): the headings themselves are the document's.
            skip[heading] = "the page's title (repeats the headings)"
            heading = whole
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
        elif listing:
            # A search or browse page: each entry's date and title are the entry's, not the page's.
            doc.title = f"Untitled capture ({Path(path).stem})"
            doc.genre = "list of documents"
            doc.warn(lines[listing[0]].no, f"the capture lists {len(listing)} documents, each a date line and a title "
                                           "(a search or browse page), not one document: kept as a list, untitled "
                                           "and undated")
            doc.unsure.add("title")
        else:
            doc.title = f"Untitled capture ({Path(path).stem})"
            doc.warn(1, "no heading before the text: the document is untitled; give it a title by hand")
            doc.unsure.add("title")
        if heading is not None and (dated_title := _date_ending(doc.title)):
            # A documentary collection's heading ends with the document's date.
            doc.date_text = dated_title
            doc.unsure.add("date")
            doc.warn(lines[heading].no, f"date taken from the end of the heading ({dated_title!r}): check it")
        # A date on a line of its own beside the heading is the page's date.
        near = [i for i in range(max(0, (heading or 0) - 2), min(len(lines), (heading or 0) + 4))
                if lines[i] and i not in skip and i != heading]
        dated = None
        for i in near:
            date_text = standalone_date(lines[i].text)
            if date_text and i < first_body and doc.date_text is None and not listing:
                doc.date_text = date_text
                doc.unsure.add("date")
                doc.warn(lines[i].no, f"date taken from a date line beside the heading ({date_text!r}): check it")
                dated = i
                break
        for i, reason in skip.items():
            doc.drop(lines[i].no, lines[i].text, reason)
        # The page's date line is the header's now, like its heading.
        body = [l for i, l in enumerate(lines) if i not in skip and i != heading and i != dated]
        if doc.date_text is None and not listing and (dateline := closing_date(body)) is not None:
            doc.date_text = dateline.text
            doc.unsure.add("date")
            doc.warn(dateline.no, f"date taken from the dateline that closes the text ({dateline.text!r}): check it")
        doc.content_lines = [l.text for l in body if l]
        doc.texts = split_languages(body, None)
        doc.warn(1, "converted with the generic converter: check title, date and structure by hand")
        return doc


def _listed_documents(lines: list[Line], skip: dict) -> list[int]:
    """The date lines of a list of documents (a search or browse page: date, title, summary, three
    times or more), or [] when the page is not one."""
    shown = [i for i, l in enumerate(lines) if l and i not in skip]
    dated = [shown[k] for k in range(len(shown) - 1) if standalone_date(lines[shown[k]].text)
             and _heading_like(lines[shown[k + 1]].text)]
    return dated if len(dated) >= 3 else []


def _page_title_of(lines: list[Line], heading: int, skip: dict, first_body: int) -> int | None:
    """When line `heading` is the page's title made of the heading lines that follow it,
    the index of the first of those (the document's own heading); else None."""
    key = _heading_key(lines[heading].text)
    parts: list[int] = []
    for i in range(heading + 1, min(first_body, len(lines))):
        if not lines[i] or (i in skip and not _ITEM_NUMBER.match(lines[i].text)):
            continue
        parts.append(i)
        joined = "".join(_heading_key(lines[j].text) for j in parts)
        if joined == key:
            own = [j for j in parts if j not in skip]
            return own[0] if own else None
        if not key.startswith(joined):
            return None
    return None


def _date_ending(title: str) -> str | None:
    """The date a heading ends with, to the day ("… Рощину 3 марта 1951 г."), or None."""
    words = title.split()
    lang = script_of(title) or "en"
    for k in range(min(6, len(words) - 1), 1, -1):
        tail = " ".join(words[-k:])
        value = date_value(tail, lang)
        if value and len(value.get("when", "")) == 10:
            return tail
    return None
