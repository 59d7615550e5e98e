"""Full-text search: a Pagefind index per language, written to build/html/pagefind/<lang>/.

Pagefind (the extended build, which segments Chinese and stems Russian; the
`pagefind[extended]` package ships its binary) indexes each page in the
language of its <html lang>. A document page holds its original and its
translation side by side, so it is indexed as one record per language: the
language divisions of the page (the blocks whose lang differs from the page's,
e.g. <section class="part" lang="ru">) go into a record of their own language,
the rest of the page (the translation, the metadata panel) into one of the
page's language. Each record keeps the page's ids, so a result can link to the
paragraph where the words stand, and carries the document's facets from its
card (persons, places, organisations by register id, year, genre, languages,
archive or source) and its date to sort by. Each register entry's page is a
record too.

Each language is its own bundle (pagefind/en/, pagefind/ru/, pagefind/zh/ …),
so the search page can load each with its own language module: a Russian
query is stemmed as Russian ("Корея" finds "Кореи"), a Chinese one segmented
as Chinese. assets/search.js picks the bundles by the script of the query.

The records are staged as files and indexed with `add_directory` through the
Python API; the new index replaces the old one in one rename, so a reader never
meets half an index. The build re-indexes only when a page or a card changed
(`fingerprint`).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from lxml import etree
from lxml import html as lhtml

from .errors import PipelineError, Problem
from .xmlio import make_parser

BUNDLES = "pagefind"
# blocks that hold a language division of their own (never an inline span of another script)
_BLOCKS = {"section", "div", "article", "blockquote", "p", "ul", "ol", "li", "table", "dl", "aside"}
_FACETS = (("person", "mentions[@kind='person']"), ("place", "mentions[@kind='place']"),
           ("org", "mentions[@kind='org']"))


def fingerprint(pages: list[Path], cards: list[Path]) -> str:
    """Changes when any indexed page or card does (their bytes are rewritten only when they change)."""
    h = hashlib.sha256()
    for p in sorted(pages) + sorted(cards):
        try:
            st = p.stat()
        except OSError:
            continue
        h.update(f"{p}\0{st.st_mtime_ns}\0{st.st_size}\n".encode())
    return h.hexdigest()


def _facets(card: etree._Element | None) -> tuple[dict[str, list[str]], dict[str, str], str | None]:
    """(filters, meta, sort date) of a document, from its card."""
    if card is None:
        return {}, {}, None
    filters: dict[str, list[str]] = {}
    for name, path in _FACETS:
        ids = " ".join(card.xpath(f"{path}/text()")).split()
        if ids:
            filters[name] = ids
    if card.get("year"):
        filters["year"] = [card.get("year")]
    genre = card.find("genre")
    if genre is not None and genre.get("text"):
        filters["genre"] = [genre.get("text")]
    langs = [lang.get("label") for lang in card.findall("language") if lang.get("label")]
    if langs:
        filters["language"] = langs
    holder = card.find("holder")
    if holder is not None and holder.get("key"):
        filters["archive"] = [holder.get("key")]
    date = card.find("date")
    meta = {"date": date.get("text", "") if date is not None else "",
            "genre": genre.get("text", "") if genre is not None else ""}
    sort = date.get("value") if date is not None and date.get("value") else None
    return filters, meta, sort


def _record(lang: str, title: str, body: list[etree._Element], filters: dict, meta: dict, sort: str | None) -> str:
    """One record as a page of its own: only its language's content, the facets as Pagefind attributes."""
    root = lhtml.fromstring(f'<html lang="{lang}"><head><meta charset="utf-8"><title></title></head>'
                            '<body><main data-pagefind-body=""></main></body></html>')
    root.find("head/title").text = title
    main = root.find("body/main")
    marks = etree.SubElement(main, "div", hidden="")
    etree.SubElement(marks, "span").set("data-pagefind-meta", f"title:{title}")
    for key, value in meta.items():
        if value:
            etree.SubElement(marks, "span").set("data-pagefind-meta", f"{key}:{value}")
    for key, values in filters.items():
        for v in values:
            etree.SubElement(marks, "span").set("data-pagefind-filter", f"{key}:{v}")
    if sort:
        etree.SubElement(marks, "span").set("data-pagefind-sort", f"date:{sort}")
    for el in body:
        main.append(el)
    return "<!DOCTYPE html>\n" + lhtml.tostring(root, encoding="unicode")


def _split(page: Path, drop: str = "") -> tuple[str, str, dict[str, list[etree._Element]]]:
    """(page language, title, language -> the parts of <main> in that language: <main> itself first).

    `drop`: an XPath of more parts of <main> that are not the page's text.
    """
    root = lhtml.parse(str(page)).getroot()
    lang = root.get("lang") or "en"
    title = (root.findtext(".//h1") or root.findtext("head/title") or page.stem).strip()
    title = " ".join(title.split())
    main = root.find(".//main")
    if main is None:
        return lang, title, {}
    for skip in main.xpath(".//*[@data-pagefind-ignore] | .//script | .//nav | .//form" + (f" | {drop}" if drop else "")):
        skip.drop_tree()
    parts: dict[str, list[etree._Element]] = {}

    def walk(el: etree._Element) -> None:
        for child in list(el):
            if not isinstance(child.tag, str):
                continue
            other = child.get("lang")
            if child.tag in _BLOCKS and other and other.split("-")[0] != lang.split("-")[0]:
                child.drop_tree()  # its tail stays where it was
                child.tail = None
                parts.setdefault(other.split("-")[0], []).append(child)
            else:
                walk(child)

    walk(main)
    parts.setdefault(lang, []).insert(0, main)
    return lang, title, parts


def stage_records(html: Path, documents: dict[str, Path], cards: dict[str, Path], entries: list[str],
                  stage: Path) -> dict[str, int]:
    """Write every record as stage/<lang>/<url>; returns records per language."""
    counts: dict[str, int] = {}
    parser = make_parser()

    def put(lang: str, url: str, text: str) -> None:
        target = stage / lang / url
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        counts[lang] = counts.get(lang, 0) + 1

    for stem, page in sorted(documents.items()):
        card = None
        if stem in cards and cards[stem].exists():
            card = etree.parse(str(cards[stem]), parser).getroot()
        filters, meta, sort = _facets(card)
        lang, title, parts = _split(page)
        for part_lang, body in parts.items():
            if part_lang == lang:
                body = list(body[0]) + body[1:]  # the page's own <main> content, then blocks of its language
            put(part_lang, f"{stem}.html", _record(part_lang, title, body, filters, meta, sort))
    for href in entries:
        page = html / href
        if not page.exists():
            continue
        # an entry's page: its names, facts and forms (in every language: one record); not its list of passages
        lang, title, parts = _split(page, drop=".//section[@class='occurs'] | .//p[@class='breadcrumb']")
        body = list(parts[lang][0]) + [el for other, els in parts.items() if other != lang for el in els]
        put(lang, href, _record(lang, title, body, {}, {"genre": "register entry"}, None))
    return counts


async def _index(stage: Path, target: Path) -> dict[str, int]:
    from pagefind.index import IndexConfig, PagefindIndex

    pages = {}
    target.mkdir(parents=True, exist_ok=True)
    if not stage.is_dir():  # nothing to index (no page has been built yet)
        return pages
    for lang_dir in sorted(p for p in stage.iterdir() if p.is_dir()):
        config = IndexConfig(force_language=lang_dir.name, output_path=str(target / lang_dir.name))
        async with PagefindIndex(config=config) as index:
            result = await index.add_directory(str(lang_dir))
            pages[lang_dir.name] = result.get("page_count", 0)
    return pages


def write_index(html: Path, documents: dict[str, Path], cards: dict[str, Path], entries: list[str]) -> dict:
    """Index the site into html/pagefind/, replacing the old index at once. Returns figures for the report."""
    stage = Path(tempfile.mkdtemp(prefix=".search-", dir=html.parent))
    new = html / f".{BUNDLES}-new-{os.getpid()}"
    old = html / f".{BUNDLES}-old-{os.getpid()}"
    try:
        records = stage_records(html, documents, cards, entries, stage / "records")
        try:
            pages = asyncio.run(_index(stage / "records", new))
        except (OSError, FileNotFoundError) as e:
            raise PipelineError(Problem(html, 0, 0, f"pagefind could not run: {e}")) from None
        (new / "languages.json").write_text(json.dumps(sorted(records), ensure_ascii=False) + "\n", encoding="utf-8")
        current = html / BUNDLES
        if current.exists():
            os.replace(current, old)
        os.replace(new, current)
        size = sum(f.stat().st_size for f in current.rglob("*") if f.is_file())
        return {"records": records, "pages": pages, "bytes": size,
                "files": sorted(f.relative_to(html.parent).as_posix() for f in current.rglob("*") if f.is_file())}
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        shutil.rmtree(new, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
