"""Chapters of books captured from reading sites: a breadcrumb, a chapter heading,
the text, and the site's navigation, which is dropped."""

from __future__ import annotations

import re
from pathlib import Path

from . import register
from .lines import split_lines
from .model import SourceDocument
from .structure import build, script_of

BREADCRUMB = re.compile(r"^Home\s+Categories\s+(?P<trail>.+)$")
CHAPTER = re.compile(r"^(?:Chapter|CHAPTER|第)\s*(?P<n>\d+|[一二三四五六七八九十百]+)\s*(?:章)?\s*(?P<title>.*)$")
NAVIGATION = re.compile(
    r"^(?:Press\s+[\"“]?(?:Left|Right)\s+Key.*|Chapters|Setting|Settings|Add|Return|Book|Bookmark|"
    r"Previous(?: Chapter)?|Next(?: Chapter)?|Table of Contents|Contents|Home)$",
    re.I,
)


@register
class BookChapter:
    name = "book-chapter"
    description = "Book chapter from a reading site (breadcrumb, chapter heading, navigation)"

    def sniff(self, text: str) -> float:
        score = 0.0
        head = [l for l in text.strip().splitlines()[:6] if l.strip()]
        if any(CHAPTER.match(l.strip()) for l in head):
            score += 0.5
        if head and BREADCRUMB.match(head[0].strip()):
            score += 0.4
        if re.search(r'Press\s+"?Left Key', text):
            score += 0.3
        return min(score, 1.0)

    def read(self, text: str, path: Path) -> SourceDocument:
        doc = SourceDocument(path=path, kind=self.name, title="", genre="chapter")
        lines = []
        for line in split_lines(text):
            if line and NAVIGATION.match(line.text):
                doc.drop(line.no, line.text, "navigation")
            else:
                lines.append(line)
        body_start = 0
        for idx, line in enumerate(lines[:8]):
            if not line:
                continue
            if m := BREADCRUMB.match(line.text):
                # Site categories are lower-case words; the book title follows them.
                words = m.group("trail").split()
                k = next((n for n, w in enumerate(words) if w[:1].isupper()), len(words))
                doc.drop(line.no, line.text[: m.start("trail")], "navigation")
                if k:
                    doc.notes.append(("category", " ".join(words[:k])))
                doc.series = " ".join(words[k:]) or None
                body_start = idx + 1
            elif m := CHAPTER.match(line.text):
                doc.page = line.text[: m.start("title")].strip()
                title = m.group("title").strip()
                if sec := re.match(r"^(\d+)\.\s+(.*)$", title):
                    doc.notes.append(("section", sec.group(1)))
                    title = sec.group(2)
                doc.title = title or line.text
                body_start = idx + 1
                break
        body = lines[body_start:]
        if not doc.title:
            first = next((l for l in body if l), None)
            doc.title = first.text[:120] if first else path.stem
            doc.warn(first.no if first else 1, "no chapter heading found; title taken from the first line")
        doc.content_lines = [l.text for l in body if l]
        lang = script_of(" ".join(doc.content_lines)) or "en"
        doc.texts = [build(body, "translation" if lang == "en" else "original", lang)]
        return doc
