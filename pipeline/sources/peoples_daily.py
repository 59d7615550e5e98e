"""People's Daily articles: a Title/Author/Date/Page header, the English translation,
then the Chinese original after an "Original:" line."""

from __future__ import annotations

import re
from pathlib import Path

from . import register
from .lines import Line, split_lines
from .model import Division, SourceDocument
from .structure import build, script_of

FIELD = re.compile(r"^(Title|Author|Authors|Date|Page|Column|Section|Edition)\s*:\s*(.*)$")
ORIGINAL_MARK = re.compile(r"^(?:Original|原文)\s*[:：]\s*$")
MARKUP_ONLY = re.compile(r"^(?:<[^>]+>\s*)+$")
# "(Xinhua News Agency, Kaesong, July 8th)" / "【新华社开城八日电】": the news dateline.
NEWS_DATELINE = re.compile(r"^(\([^()]{3,80}\)|【[^】]{2,40}】)\s*(\S.*)$")
# Masthead lines the Chinese page repeats from the header: date, page ("第1版"), column ("专栏：").
MASTHEAD = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|第\s*\d+\s*版.*|专栏[：:].*)$")


@register
class PeoplesDaily:
    name = "peoples-daily"
    description = "People's Daily article: header fields, English translation, Chinese original"

    def sniff(self, text: str) -> float:
        head = text.lstrip()[:2000]
        if re.match(r"Title:\s*.+\n(?:[A-Z][a-z]+:.*\n){0,4}?Date:\s*\d{4}-\d\d-\d\d", head):
            return 0.95
        if re.match(r"Title:\s*.+\n", head) and re.search(r"^Original\s*:\s*$", text, re.M):
            return 0.7
        return 0.0

    def read(self, text: str, path: Path) -> SourceDocument:
        lines = split_lines(text)
        doc = SourceDocument(path=path, kind=self.name, title="", publication="People's Daily",
                             publisher="People's Daily", genre="article",
                             publication_original=("zh", "人民日报"))
        i = 0
        while i < len(lines) and (not lines[i] or FIELD.match(lines[i].text)):
            m = FIELD.match(lines[i].text) if lines[i] else None
            if m:
                doc.drop(lines[i].no, m.group(1), "label")
                key, value = m.group(1).lower(), m.group(2).strip()
                if key == "title":
                    doc.title = value
                elif key in {"author", "authors"} and value:
                    doc.authors.append(value)
                elif key == "date":
                    doc.date_text = value
                elif key == "page":
                    doc.page = value
                elif value:
                    doc.notes.append((key, value))
            i += 1
        body = []
        for line in lines[i:]:
            if line and MARKUP_ONLY.match(line.text):
                doc.drop(line.no, line.text, "markup")
            else:
                body.append(line)
        # The original repeats date, page and column from the header: they are metadata.
        body = [l for l in body if not (l and MASTHEAD.match(l.text) and doc.notes.append(("masthead", l.text)) is None)]
        cut = next((k for k, l in enumerate(body) if l and ORIGINAL_MARK.match(l.text)), None)
        translation, original = (body[:cut], body[cut + 1 :]) if cut is not None else (body, [])
        if cut is not None:
            doc.drop(body[cut].no, body[cut].text, "label")
        if cut is None:
            doc.warn(lines[i].no if i < len(lines) else 1, 'no "Original:" line; text taken as one version')
        doc.content_lines = [l.text for l in translation + original if l]
        versions = []
        if original:
            lang = script_of(" ".join(l.text for l in original)) or "zh"
            heading = next((l for l in original if l), None)
            if heading and heading.text.startswith("#"):
                doc.original_title = (lang, re.sub(r"^#+\s*", "", heading.text))
            versions.append(self._version(original, "original", lang))
        if translation:
            lang = script_of(" ".join(l.text for l in translation)) or "en"
            versions.append(self._version(translation, "translation" if original else "original", lang))
        doc.texts = versions
        return doc

    @staticmethod
    def _version(lines: list[Line], type: str, lang: str) -> Division:
        unwrapped: list[Line] = []
        for line in lines:
            text = re.sub(r"^#{1,6}\s+", "", line.text) if line else line.text
            if m := NEWS_DATELINE.match(text):
                # The agency dateline is its own line in TEI, not the start of a paragraph.
                unwrapped.append(Line(line.no, m.group(1), line.indent, kind="dateline"))
                unwrapped.append(Line(line.no, "", 0))
                text = m.group(2)
            unwrapped.append(Line(line.no, text, line.indent))
        return build(unwrapped, type, lang)
