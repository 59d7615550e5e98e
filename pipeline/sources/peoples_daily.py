"""People's Daily (人民日报) articles and pages.

Two kinds of capture:

- a translated article: a Title/Author/Date/Page header, the English translation, then the
  Chinese original after an "Original:" line;
- a page of the paper from an archive site: a page header ("1952年6月10日人民日报 第1版",
  "1953-06-13第1版面所有文章内容", a forum post's "发表于: 1953-04-03"), then one or more
  articles, each after the paper's masthead line ("第1版()") and column line ("专栏:"),
  with its headlines and text. Each article becomes a division of its own; the masthead,
  the site's index of the page (a line repeating the next headlines) and the site's
  furniture are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import register
from .furniture import _heading_key, classify
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
# An archive site's page of the paper.
# The masthead before each article carries brackets ("第1版()"); a bare "第 1 版" heads the page.
PAGE_MARK = re.compile(r"^第\s*(?P<page>\d+)\s*版\s*[(（][^)）]*[)）]\s*$")
PAGE_LINE = re.compile(r"^第\s*(?P<page>\d+)\s*版$")
ISO_LINE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})$")
# Compact pages run the masthead, the column and the article on one line.
INLINE_ARTICLE = re.compile(r"^(?P<mark>第\s*\d+\s*版\s*[(（][^)）]*[)）])\s*(?P<column>专栏\s*[:：])\s*(?P<rest>\S.*)$")
# The site's list of the page's articles: "2. 停战谈判双方代表团举行大会 讨论…", "1. 我们伟大的祖国(图片)"
INDEX_ENTRY = re.compile(r"^\d{1,3}[.、]\s*(?P<title>.+?)\s*(?P<photo>[(（]图片[)）])?$")
COLUMN_MARK = re.compile(r"^专栏\s*[:：]\s*(?P<column>.*)$")
PAGE_HEADER = re.compile(r"^(?P<date>\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2})\s*(?:人民日报)?\s*"
                         r"第\s*(?P<page>\d+)\s*版(?:面所有文章内容|面)?\s*$")
POSTED = re.compile(r"发表于\s*[:：]\s*(?P<date>\d{4}-\d{2}-\d{2})")
_CN_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


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
        lines = [l.strip() for l in text.splitlines()]
        marks = sum(bool(PAGE_MARK.match(l) or INLINE_ARTICLE.match(l)) for l in lines)
        columns = sum(bool(COLUMN_MARK.match(l) or INLINE_ARTICLE.match(l)) for l in lines)
        if marks and (columns or "人民日报" in text[:3000]):
            return 0.9
        if any(PAGE_HEADER.match(l) for l in lines[:10]) and "人民日报" in text[:3000]:
            return 0.8
        return 0.0

    def read(self, text: str, path: Path) -> SourceDocument:
        if not re.match(r"\s*Title:", text):
            return self._read_page(text, path)
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

    def _read_page(self, text: str, path: Path) -> SourceDocument:
        """A page of the paper as an archive site shows it: one division per article."""
        lines = _expand_compact(split_lines(text))
        doc = SourceDocument(path=path, kind=self.name, title="", publication="People's Daily",
                             publisher="People's Daily", genre="article", publication_original=("zh", "人民日报"))
        skip = dict(classify(lines))
        marks = [i for i, l in enumerate(lines) if l and PAGE_MARK.match(l.text)]
        photos = {_heading_key(m.group("title")) for l in lines if l and (m := INDEX_ENTRY.match(l.text))
                  and m.group("photo")}
        for i, line in enumerate(lines[: marks[0] if marks else len(lines)]):
            if not line:
                continue
            if m := PAGE_HEADER.match(line.text):
                doc.date_text = _iso(m.group("date"))
                doc.page = m.group("page")
                skip[i] = "page header"
            elif (m := ISO_LINE.match(line.text)) and doc.date_text is None:
                doc.date_text = m.group("date")
                skip[i] = "page header"
            elif m := PAGE_LINE.match(line.text):
                doc.page = m.group("page")
                skip[i] = "page header"
            elif m := POSTED.search(line.text):
                # An archive forum's post date: the day of the paper it reposts.
                doc.date_text = doc.date_text or m.group("date")
                skip.setdefault(i, "site interface")
        for k, start in enumerate(marks):
            end = marks[k + 1] if k + 1 < len(marks) else len(lines)
            doc.page = doc.page or PAGE_MARK.match(lines[start].text).group("page")
            skip[start] = "masthead"
            following = [j for j in range(start + 1, end) if lines[j] and j not in skip]
            if following and (m := COLUMN_MARK.match(lines[following[0]].text)):
                skip[following[0]] = "masthead"
                if m.group("column"):
                    doc.notes.append(("column", m.group("column")))
            heads = _headlines([lines[j] for j in range(start + 1, end) if j not in skip])
            key = _heading_key(" ".join(h.text for h in heads))
            # The site's index of the page repeats an article's headlines just before its
            # masthead: in the lines before this article (the previous one's tail or the header).
            before = marks[k - 1] + 1 if k else 0
            for j in range(start - 1, before - 1, -1):
                if not lines[j] or j in skip:
                    continue
                index_line = re.sub(r"\s*\[[^\]]{1,8}\]$|[(（]图片[)）]|^\d{1,3}[.、]\s*", "", lines[j].text)
                if key and _heading_key(index_line) == key:
                    skip[j] = "repeated heading"
                break
        articles = []
        for k, start in enumerate(marks or [-1]):
            end = marks[k + 1] if k + 1 < len(marks) else len(lines)
            articles.append([l for j, l in enumerate(lines[start + 1:end], start + 1) if j not in skip])
        for j, reason in sorted(skip.items()):
            doc.drop(lines[j].no, lines[j].text, reason)
        body = [l for a in articles for l in a]
        doc.content_lines = [l.text for l in body if l]
        lang = script_of(" ".join(doc.content_lines)) or "zh"
        root = Division("original", lang)
        for article in articles:
            if any(article):
                division = self._version(article, "article", lang)
                root.children.append(division)
        # A photograph with its caption is an item of the page, not an article it is named by.
        texts = [a for a in articles if any(a) and _heading_key(" ".join(h.text for h in _headlines(a))) not in photos
                 and sum(len(l.text) for l in a if l) > 80]
        if len(root.children) > 1 and len(texts) == 1:
            heads = _headlines(texts[0])
            doc.title = " ".join(h.text for h in heads)
            doc.warn(1, f"the capture holds {len(root.children)} items of one page, one of them an article: "
                        "each is a division, and the title is the article's")
        elif len(root.children) == 1:
            heads = _headlines(articles[0])
            doc.title = " ".join(h.text for h in heads) or f"人民日报 {doc.date_text or ''} 第{doc.page or '?'}版".strip()
            if not heads:
                doc.unsure.add("title")
                doc.warn(1, "the article has no headline: the title names the page")
        else:
            doc.title = f"人民日报 {doc.date_text or ''} 第{doc.page or '?'}版".replace("  ", " ")
            doc.genre = "newspaper page"
            doc.warn(1, f"the capture holds {len(root.children)} articles of one page: each is a division, "
                        "and the title names the page")
        if doc.date_text is None:
            doc.warn(1, "no date of the paper on the page: the document is undated")
        doc.texts = [root] if root.children else []
        return doc


def _expand_compact(lines: list[Line]) -> list[Line]:
    """The masthead, the column and the article a compact page runs onto one line, as lines
    of their own; an article's headline, when the page's index names it, on its own line too."""
    index = [m.group("title") for l in lines if l and (m := INDEX_ENTRY.match(l.text))]
    out: list[Line] = []
    for line in lines:
        m = INLINE_ARTICLE.match(line.text) if line else None
        if not m:
            out.append(line)
            continue
        out += [Line(line.no, m.group("mark"), line.indent), Line(line.no, m.group("column"), line.indent)]
        rest = m.group("rest")
        title = next((t for t in sorted(index, key=len, reverse=True) if rest.startswith(t + " ")), None)
        if title:
            out += [Line(line.no, title, line.indent), Line(line.no, rest[len(title):].strip(), line.indent)]
        else:
            out.append(Line(line.no, rest, line.indent))
    return out


def _iso(text: str) -> str:
    m = _CN_DATE.match(text)
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else text


def _headlines(article: list[Line]) -> list[Line]:
    """The short lines that open an article before its text (kicker, headline, subheadline)."""
    heads = []
    for line in article:
        if not line:
            if heads:
                continue
            continue
        text = line.text
        if text.startswith(("【", "(", "（")) or len(text) > 60 or text.endswith(("。", "：", ":")):
            break
        heads.append(line)
    return heads
