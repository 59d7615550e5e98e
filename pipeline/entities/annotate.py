"""One pass that marks up names, dates and document numbers in a TEI document.

Register names carry `@ref`; names the registers do not know yet are proposed by the
recognisers (`proposals`) and carry `@resp` (the respStmt of the recognisers, added to the
header when they proposed anything) and `@cert`, never `@ref`. A name and its counterpart in
the aligned paragraph of the other language version corroborate each other (`parallel`).
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree

from ..tei import finish
from ..xmlio import NS, XML_NS, tei
from . import models
from .archival import find_document_numbers
from .dates import DateContext, find_dates, find_dates_reading_on
from .parallel import corroborate
from .proposals import propose
from .recognize import TextNode, annotate, combine, name_finder, name_spans
from .spans import Span

RECOGNISER_SUFFIX = "-ner"


def document_date(root: etree._Element) -> str | None:
    """The document's own date (profileDesc/creation), the context for years left unsaid."""
    when = root.xpath("string(tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when)", namespaces=NS)
    return when or None


def dates_in_context(root: etree._Element, document: str | None):
    """A batch finder of dates: a date that leaves its year (or month) unsaid takes it from the
    document's own date, or, in an undated text, from the nearest date before it."""
    text_el = root.find("tei:text", NS)

    def find(nodes: list[TextNode]) -> list[list[Span]]:
        running: list[DateContext | None] = [None]
        out = []
        for node in nodes:
            in_text = text_el is not None and (node.owner is text_el or text_el in node.owner.iterancestors())
            container = node.owner.getparent() if node.is_tail else node.owner
            quoted = container is not None and bool(
                container.xpath("ancestor-or-self::tei:q | ancestor-or-self::tei:quote", namespaces=NS))
            if in_text:
                out.append(find_dates_reading_on(node.text, node.lang, running, document, quoted))
            else:
                out.append(find_dates(node.text, node.lang, document))
        return out

    return find


def recogniser_id(root: etree._Element) -> str:
    return f"{root.get(f'{{{XML_NS}}}id') or 'doc'}{RECOGNISER_SUFFIX}"


def annotate_document(root: etree._Element, registers, propose_names: bool = True) -> None:
    context = document_date(root)
    _link_correspondents(root, registers)
    finish.before_annotation(root, registers)  # names the encoding built from brackets
    resp = "#" + recogniser_id(root)
    proposed = [0]

    def proposals(nodes: list[TextNode]) -> list[list[Span]]:
        out: list[list[Span]] = [[] for _ in nodes]
        by_lang: dict[str, list[int]] = defaultdict(list)
        for i, node in enumerate(nodes):
            if node.text.strip():
                by_lang[node.lang.split("-")[0].lower()].append(i)
        for lang, indexes in by_lang.items():
            for i, spans in zip(indexes, propose([nodes[i].text for i in indexes], lang)):
                out[i] = [Span(s.start, s.end, s.tag, {"resp": resp, **s.attrib}, s.priority, s.outranks) for s in spans]
                proposed[0] += len(spans)
        return out

    annotate(root, combine(
        name_finder(registers),
        lambda text, lang: find_document_numbers(text),
    ), batch=[dates_in_context(root, context)] + ([proposals] if propose_names else []))
    _complete_names(root)
    if propose_names:
        corroborate(root, resp)  # a name and its counterpart in the aligned translation
    if root.xpath("//*[@resp = $r]", r=resp):
        _add_recogniser_statement(root, resp[1:])
    finish.after_annotation(root, registers)  # places of writing, correspondence, archival conflicts


_NAME_PART = re.compile(r"^(?:[A-ZА-ЯЁ][a-zа-яё'’-]+(?:\s[A-ZА-ЯЁ][a-zа-яё'’-]+){0,2}|[\u4e00-\u9fff]{1,3})$")


def _complete_names(root: etree._Element) -> None:
    """"Kim [Il Sung]", "Ni [Zhiliang]", "倪[志亮]": the source editor's completion of a name
    belongs inside it, so that the person is one mention, not a name and a stray fragment."""
    for name in root.xpath("//tei:text//tei:persName", namespaces=NS):
        nxt = name.getnext()
        if nxt is None or nxt.tag != tei("supplied"):
            continue
        space = name.tail or ""
        if space.strip() or "\n" in space or (name.get("ref") is None and name.get("resp") is None):
            continue
        if not _NAME_PART.match("".join(nxt.itertext()).strip()):
            continue
        # a proposal the recognisers made inside the completion dissolves into the name
        for inner in nxt.xpath(".//tei:persName|.//tei:placeName|.//tei:orgName", namespaces=NS):
            _unwrap(inner)
        tail = nxt.tail
        nxt.tail = None
        name.tail = None
        if len(name):
            name[-1].tail = (name[-1].tail or "") + space
        else:
            name.text = (name.text or "") + space
        name.append(nxt)
        name.tail = tail


def _unwrap(el: etree._Element) -> None:
    """Replace `el` by its content."""
    parent = el.getparent()
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + (el.text or "")
    else:
        parent.text = (parent.text or "") + (el.text or "")
    kids = list(el)
    index = parent.index(el)
    for kid in kids:
        parent.insert(index, kid)
        index += 1
    after = kids[-1] if kids else prev
    if after is not None:
        after.tail = (after.tail or "") + (el.tail or "")
    else:
        parent.text = (parent.text or "") + (el.tail or "")
    parent.remove(el)


def _add_recogniser_statement(root: etree._Element, resp_id: str) -> None:
    """The respStmt that machine-proposed names point at: which recognisers, which versions."""
    title_stmt = root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt", NS)
    if title_stmt is None or title_stmt.xpath("tei:respStmt[@xml:id = $i]", namespaces=NS, i=resp_id):
        return
    resp_stmt = etree.Element(tei("respStmt"))
    resp_stmt.set(f"{{{XML_NS}}}id", resp_id)
    etree.SubElement(resp_stmt, tei("resp")).text = (
        "Names no register knows yet, proposed automatically (unconfirmed until an editor accepts them)")
    etree.SubElement(resp_stmt, tei("name"), type="software").text = models.description()
    # After the last respStmt, before funder/sponsor, as titleStmt's content model asks.
    existing = title_stmt.findall("tei:respStmt", NS)
    anchor = existing[-1] if existing else title_stmt.find("tei:title", NS)
    anchor.addnext(resp_stmt)


def _link_correspondents(root: etree._Element, registers) -> None:
    """correspAction/name -> persName/orgName/placeName with @ref when a register knows it."""
    for name in root.iterfind(".//tei:correspDesc/tei:correspAction/tei:name", NS):
        text = name.text or ""
        spans = sorted(name_spans(text, "en", registers), key=lambda s: (-s.length, s.start))
        # Only a name the register knows as a whole; "Filippov [Stalin]" counts as Filippov.
        bare = re.sub(r"\s*\[[^\]]*\]\s*", "", text).strip()
        if spans and spans[0].length >= len(bare):
            span = spans[0]
            name.tag = tei(span.tag)
            name.set("ref", span.attrib["ref"])
