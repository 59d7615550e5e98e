"""Chapters of books captured from reading sites: a breadcrumb, a chapter heading,
the text, and the site's navigation, which is dropped.

Reading sites differ in everything but their furniture's shape: a breadcrumb ("Home
Categories … Book", "您的位置:站名 > 分类 > 书名 > 第二十章 …"), reader controls (关灯 / 护眼
/ 字体), the page's own title naming the book ("书名_编者【完结】(57)"), chapter navigation.
The book's title comes from the breadcrumb or the page title, the chapter's from its heading;
a page without a heading stays untitled rather than take a sentence of its text as a title.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import register
from .generic import closing_date
from .lines import split_lines
from .furniture import BREADCRUMB_LEAD, BREADCRUMB_SEP, book_page_title, classify
from .lines import Line
from .model import SourceDocument
from .structure import build, script_of

BREADCRUMB = re.compile(r"^Home\s+Categories\s+(?P<trail>.+)$")
# "Chapter 19 …", "第十九章 …", "第18章 …": a Chinese chapter needs its 章 (or 回, 节), or
# "第 1 版" (a newspaper's page) would be a chapter too.
CHAPTER = re.compile(r"^(?:(?:Chapter|CHAPTER)\s*(?P<n>\d+)|第\s*(?P<zh>\d+|[一二三四五六七八九十百千零〇]+)\s*[章回节])"
                     r"\s*(?P<title>.*)$")
NAVIGATION = re.compile(
    r"^(?:Press\s+[\"“]?(?:Left|Right)\s+Key.*|Chapters|Setting|Settings|Add|Return|Book|Bookmark|"
    r"Previous(?: Chapter)?|Next(?: Chapter)?|Table of Contents|Contents|Home)$",
    re.I,
)


# A reading site's reader controls: lights, eye-care mode, font size.
READER_CONTROLS = re.compile(r"^(?:关灯|开灯|护眼|夜间模式|日间模式|字体\s*[:：]?|字号\s*[:：]?|[大中小])$")


@register
class BookChapter:
    name = "book-chapter"
    description = "Book chapter from a reading site (breadcrumb, chapter heading, navigation)"

    def sniff(self, text: str) -> float:
        score = 0.0
        head = [l.strip() for l in text.strip().splitlines()[:8] if l.strip()]
        if any(CHAPTER.match(l) for l in head):
            score += 0.5
        if head and (BREADCRUMB.match(head[0]) or _breadcrumb_trail(head[0])):
            score += 0.4
        if re.search(r'Press\s+"?Left Key', text):
            score += 0.3
        if sum(bool(READER_CONTROLS.match(l)) for l in head) >= 2:
            score += 0.3
        if any(book_page_title(l) for l in head):
            score += 0.3
        return min(score, 1.0)

    def read(self, text: str, path: Path) -> SourceDocument:
        doc = SourceDocument(path=path, kind=self.name, title="", genre="chapter")
        lines = split_lines(text)
        skip = dict(classify(lines))
        for i, line in enumerate(lines):
            if line and (NAVIGATION.match(line.text) or READER_CONTROLS.match(line.text)):
                skip[i] = "navigation"
        heading = None
        top = [i for i, l in enumerate(lines) if l][:8]
        for i in top:
            line = lines[i]
            if m := BREADCRUMB.match(line.text):
                # Site categories are lower-case words; the book title follows them.
                words = m.group("trail").split()
                k = next((n for n, w in enumerate(words) if w[:1].isupper()), len(words))
                doc.drop(line.no, line.text[: m.start("trail")], "navigation")
                if k:
                    doc.notes.append(("category", " ".join(words[:k])))
                doc.series = " ".join(words[k:]) or None
                skip.pop(i, None)
                lines[i] = Line(line.no, "", line.indent)  # read in full: the trail is the book's title
            elif trail := _breadcrumb_trail(line.text):
                # "站名 > 分类 > 书名 > 第二十章 …": the book is the step before the chapter.
                if CHAPTER.match(trail[-1]):
                    trail = trail[:-1]
                if len(trail) >= 2:
                    doc.series = doc.series or trail[-1]
                skip[i] = "breadcrumb"
            elif m := book_page_title(line.text):
                doc.series = doc.series or m.group("book").strip()
                if m.groupdict().get("part"):
                    doc.notes.append(("part", m.group("part")))
                skip[i] = "the page's title (the book's)"
            elif i in skip:
                continue
            elif m := CHAPTER.match(line.text):
                doc.page = line.text[: m.start("title")].strip()
                title = m.group("title").strip()
                if inner := CHAPTER.match(title):
                    # "Chapter 22 Chapter 21 …": the site's running number, then the book's own.
                    doc.notes.append(("chapter in the book", title[: inner.start("title")].strip()))
                    title = inner.group("title").strip()
                if sec := re.match(r"^(\d+)\.\s+(.*)$", title):
                    doc.notes.append(("section", sec.group(1)))
                    title = sec.group(2)
                doc.title = title or line.text
                heading = i
                break
            else:
                break  # the text has begun: a chapter heading further down is not the page's
        if heading is not None:
            # The site may repeat the heading (a breadcrumb's last step, a banner) before the text.
            for j in range(heading + 1, len(lines)):
                if lines[j] and lines[j].text == lines[heading].text:
                    skip[j] = "repeated heading"
        for i, reason in sorted(skip.items()):
            doc.drop(lines[i].no, lines[i].text, reason)
        body = [l for i, l in enumerate(lines) if i not in skip and i != heading]
        if not doc.title:
            doc.title = f"Untitled chapter ({Path(path).stem})"
            doc.unsure.add("title")
            doc.warn(1, "no chapter heading found: the chapter is untitled; give it a title by hand")
        if (dateline := closing_date(body)) is not None:
            doc.date_text = dateline.text
            doc.unsure.add("date")
            doc.warn(dateline.no, f"date taken from the dateline that closes the text ({dateline.text!r}): check it")
        doc.content_lines = [l.text for l in body if l]
        lang = script_of(" ".join(doc.content_lines)) or "en"
        doc.texts = [build(body, "translation" if lang == "en" else "original", lang)]
        return doc


def _breadcrumb_trail(text: str) -> list[str] | None:
    """The steps of a breadcrumb line ("您的位置:站名 > 书名 > 第二十章 …"), or None."""
    rest = BREADCRUMB_LEAD.sub("", text)
    steps = [s.strip() for s in BREADCRUMB_SEP.split(rest) if s.strip()]
    return steps if len(steps) >= 3 or (len(steps) >= 2 and rest != text) else None
