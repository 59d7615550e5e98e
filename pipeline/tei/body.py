"""The TEI <text>: language versions as parallel divisions, aligned with @corresp."""

from __future__ import annotations

from itertools import groupby

from lxml import etree

from ..sources.model import Block, Division
from ..xmlio import XML_NS, tei
from .inline import fill

PROSE = {"p", "item", "gap"}
TOP_PARTS = {"head", "dateline", "salute", "signed", "address", "ref", "note", "gap"}
CLOSER_PARTS = {"signed", "dateline", "salute", "ref", "address", "note", "gap"}


def build_text(versions: list[Division], prefix: str, main_lang: str) -> etree._Element:
    text = etree.Element(tei("text"))
    text.set(f"{{{XML_NS}}}lang", main_lang)
    body = etree.SubElement(text, tei("body"))
    built = []
    for version in versions:
        div = _division(version, body)
        div.set(f"{{{XML_NS}}}lang", version.lang or main_lang)
        built.append(div)
    for div in built:
        _number(div, f"{prefix}-{div.get(f'{{{XML_NS}}}lang')}")
    originals = [d for d in built if d.get("type") == "original"]
    for translation in (d for d in built if d.get("type") == "translation"):
        for original in originals:
            align(original, translation)
    return text


def _division(division: Division, parent: etree._Element) -> etree._Element:
    div = etree.SubElement(parent, tei("div"), type=division.type)
    if division.n:
        div.set("n", division.n)
    children = list(division.children)
    # Top: heads and opener material before the first paragraph.
    i = 0
    while i < len(children) and isinstance(children[i], Block) and children[i].kind in TOP_PARTS:
        i += 1
    top, rest = children[:i], children[i:]
    # Bottom: closing material after the last paragraph, unless a subdivision follows.
    j = len(rest)
    while j > 0 and isinstance(rest[j - 1], Block) and rest[j - 1].kind in CLOSER_PARTS:
        j -= 1
    middle, bottom = rest[:j], rest[j:]
    _top(div, top)
    _middle(div, middle)
    if not middle:
        etree.SubElement(div, tei("p"))  # TEI wants content between a division's top and bottom
    if bottom:
        _closer(div, bottom)
    return div


def _top(div: etree._Element, blocks: list[Block]) -> None:
    for kind, run in groupby(blocks, key=lambda b: "head" if b.kind == "head" else "address" if b.kind == "address" else "opener"):
        run = list(run)
        if kind == "head":
            for b in run:
                fill(etree.SubElement(div, tei("head")), b.text)
        elif kind == "address":
            address = etree.SubElement(div, tei("address"))
            for b in run:
                fill(etree.SubElement(address, tei("addrLine")), b.text)
        else:
            _opener_like(etree.SubElement(div, tei("opener")), run)


def _opener_like(container: etree._Element, blocks: list[Block]) -> None:
    for b in blocks:
        if b.kind == "gap":
            etree.SubElement(container, tei("gap"), reason="omitted")
        elif b.kind in {"dateline", "salute", "signed"}:
            fill(etree.SubElement(container, tei(b.kind)), b.text)
        else:
            # A registry number or note line: kept as its own segment.
            fill(etree.SubElement(container, tei("seg"), type=b.kind), b.text)


def _closer(div: etree._Element, blocks: list[Block]) -> None:
    _opener_like(etree.SubElement(div, tei("closer")), blocks)


def _middle(div: etree._Element, children: list) -> None:
    lst = None
    for child in children:
        if isinstance(child, Division):
            lst = None
            _division(child, div)
            continue
        if child.kind == "item":
            if lst is None:
                lst = etree.SubElement(div, tei("list"), type="ordered")
            label_text, _, rest = child.text.partition(" ")
            label = etree.SubElement(lst, tei("label"))
            label.text = label_text
            item = etree.SubElement(lst, tei("item"), n=child.n or label_text.rstrip(".)"))
            fill(item, rest)
            continue
        lst = None
        if child.kind == "gap" and child.text:
            p = etree.SubElement(div, tei("p"))
            fill(p, child.text)
        elif child.kind == "note":
            fill(etree.SubElement(div, tei("note"), type="source"), child.text)
        else:
            # Opener-type lines amid running text have no place of their own in TEI.
            fill(etree.SubElement(div, tei("p")), child.text)


ALIGNABLE = ("div", "head", "p", "item", "opener", "closer", "list")


def _number(div: etree._Element, prefix: str) -> None:
    div.set(f"{{{XML_NS}}}id", prefix)
    counters: dict[str, int] = {}
    for el in div.iterdescendants(*(tei(t) for t in ALIGNABLE)):
        local = etree.QName(el).localname
        counters[local] = counters.get(local, 0) + 1
        el.set(f"{{{XML_NS}}}id", f"{prefix}-{local}{counters[local]}")


def _link(a: etree._Element, b: etree._Element) -> None:
    a.set("corresp", "#" + b.get(f"{{{XML_NS}}}id"))
    b.set("corresp", "#" + a.get(f"{{{XML_NS}}}id"))


def align(original: etree._Element, translation: etree._Element) -> None:
    """Pair the parts of two versions where their structure agrees.

    Whole divisions pair when their sequence of types is the same; within a pair,
    and across each version, units of a kind pair when both sides have the same
    number of them (and, for numbered points, the same numbers). Where the
    structures disagree nothing is paired: a wrong alignment is worse than none.
    """
    _link(original, translation)
    divs_o = list(original.iterdescendants(tei("div")))
    divs_t = list(translation.iterdescendants(tei("div")))
    for type_ in dict.fromkeys(d.get("type") for d in divs_o):
        same_o = [d for d in divs_o if d.get("type") == type_]
        same_t = [d for d in divs_t if d.get("type") == type_]
        if len(same_o) == len(same_t):
            for a, b in zip(same_o, same_t):
                _link(a, b)
                _align_units(a, b)
    _align_units(original, translation)


def _align_units(a: etree._Element, b: etree._Element) -> None:
    """Numbered points anchor the alignment; paragraphs pair only within agreeing stretches."""
    units_a, units_b = _units(a), _units(b)
    items_a = [u for u in units_a if etree.QName(u).localname == "item"]
    items_b = [u for u in units_b if etree.QName(u).localname == "item"]
    if items_a and [u.get("n") for u in items_a] == [u.get("n") for u in items_b]:
        for x, y in zip(items_a, items_b):
            _link(x, y)
        for seg_a, seg_b in zip(_stretches(units_a), _stretches(units_b)):
            _pair_equal(seg_a, seg_b)
    elif not items_a and not items_b:
        _pair_equal(units_a, units_b)
    for kind in ("opener", "closer"):
        _pair_equal(list(a.iter(tei(kind))), list(b.iter(tei(kind))))


def _units(div: etree._Element) -> list[etree._Element]:
    return [u for u in div.iter(tei("p"), tei("item")) if "corresp" not in u.attrib]


def _stretches(units: list[etree._Element]) -> list[list[etree._Element]]:
    """Paragraphs between consecutive numbered points (and before the first, after the last)."""
    out: list[list[etree._Element]] = [[]]
    for u in units:
        if etree.QName(u).localname == "item":
            out.append([])
        else:
            out[-1].append(u)
    return out


def _pair_equal(xs: list[etree._Element], ys: list[etree._Element]) -> None:
    xs = [x for x in xs if "corresp" not in x.attrib]
    ys = [y for y in ys if "corresp" not in y.attrib]
    if xs and len(xs) == len(ys):
        for x, y in zip(xs, ys):
            _link(x, y)
