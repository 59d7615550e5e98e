"""The TEI <text>: language versions as parallel divisions, aligned with @corresp.

Each version is a division (type original/translation) holding the document and its
enclosures as sibling divisions. Heads, openers (datelines with the place of writing,
salutations, address lines) and closers (signatures, datelines) stand where TEI puts
them; a numbered point keeps the paragraphs that comment on it, up to the next point.
"""

from __future__ import annotations

import math
import re
from itertools import groupby

from lxml import etree

from ..sources.model import Block, Division
from ..xmlio import XML_NS, tei
from .inline import Context, carrier, fill

TOP_PARTS = {"head", "dateline", "salute", "signed", "address", "ref", "note", "gap", "carrier"}
CLOSER_PARTS = {"signed", "dateline", "salute", "ref", "address", "note", "gap"}
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"


def build_text(versions: list[Division], prefix: str, main_lang: str, ctx: Context | None = None,
               titles: dict[str, str] | None = None) -> etree._Element:
    """`titles` maps a language to the document's title in it: a version without a head
    of its own, beside one that has a head, is given that title as its head."""
    ctx = ctx or Context()
    text = etree.Element(tei("text"))
    langs = {v.lang or main_lang for v in versions}
    # A bilingual text is in no one language: "mul", and each version says its own.
    text.set(XML_LANG, main_lang if len(langs) <= 1 else "mul")
    body = etree.SubElement(text, tei("body"))
    built = []
    for version in versions:
        div = _division(version, body, ctx)
        div.set(XML_LANG, version.lang or main_lang)
        built.append(div)
    _title_heads(built, titles or {}, ctx)
    for div in built:
        _number(div, f"{prefix}-{div.get(XML_LANG)}")
    originals = [d for d in built if d.get("type") == "original"]
    for translation in (d for d in built if d.get("type") == "translation"):
        for original in originals:
            align(original, translation, ctx)
    return text


def _title_heads(built: list[etree._Element], titles: dict[str, str], ctx: Context) -> None:
    def first_part(div):
        # A version that is only divisions (document, attachments) takes the title in its first;
        # one with text of its own before a quoted letter takes it itself.
        first = next((c for c in div if isinstance(c.tag, str)), None)
        return first if first is not None and first.tag == tei("div") and div.find(tei("head")) is None else div

    with_head = [d for d in built if first_part(d).find(tei("head")) is not None]
    if not with_head:
        return
    for div in built:
        part = first_part(div)
        title = titles.get(div.get(XML_LANG))
        if part.find(tei("head")) is None and title:
            head = etree.Element(tei("head"), type="title")
            fill(head, title, ctx)
            part.insert(0, head)


def _division(division: Division, parent: etree._Element, ctx: Context) -> etree._Element:
    div = etree.SubElement(parent, tei("div"), type=division.type)
    if division.n:
        div.set("n", division.n)
    children = list(division.children)
    i = 0
    while i < len(children) and isinstance(children[i], Block) and children[i].kind in TOP_PARTS:
        i += 1
    top, rest = children[:i], children[i:]
    j = len(rest)
    while j > 0 and isinstance(rest[j - 1], Block) and rest[j - 1].kind in CLOSER_PARTS:
        j -= 1
    middle, bottom = rest[:j], rest[j:]
    _top(div, top, ctx)
    _middle(div, middle, ctx)
    if not middle:
        etree.SubElement(div, tei("p"))  # TEI wants content between a division's top and bottom
    if bottom:
        _opener_like(etree.SubElement(div, tei("closer")), bottom, ctx)
    return div


def _top(div: etree._Element, blocks: list[Block], ctx: Context) -> None:
    def part(b):
        return {"head": "head", "address": "address", "carrier": "carrier"}.get(b.kind, "opener")

    for kind, run in groupby(blocks, key=part):
        run = list(run)
        if kind == "head":
            for b in run:
                ctx.line = b.line
                fill(etree.SubElement(div, tei("head")), b.text, ctx)
        elif kind == "address":
            address = etree.SubElement(div, tei("address"))
            for b in run:
                ctx.line = b.line
                fill(etree.SubElement(address, tei("addrLine")), b.text, ctx)
        elif kind == "carrier":
            for b in run:
                carrier(div, b.text, ctx)
        else:
            _opener_like(etree.SubElement(div, tei("opener")), run, ctx)


def _opener_like(container: etree._Element, blocks: list[Block], ctx: Context) -> None:
    for b in blocks:
        ctx.line = b.line
        if b.kind == "gap":
            gap = etree.SubElement(container, tei("gap"), reason="omitted")
            if ctx.source_editor:
                gap.set("resp", ctx.source_editor)
        elif b.kind == "dateline":
            # A place of writing becomes dateline/placeName once names are marked (finish.py).
            fill(etree.SubElement(container, tei("dateline")), b.text, ctx)
        elif b.kind in {"salute", "signed"}:
            fill(etree.SubElement(container, tei(b.kind)), b.text, ctx)
        elif b.kind == "address":
            address = etree.SubElement(container, tei("address"))
            fill(etree.SubElement(address, tei("addrLine")), b.text, ctx)
        elif b.kind == "note":
            # "Copies: Stalin (2)": a labelled field of the document's head, not prose.
            fill(etree.SubElement(container, tei("note"), type="docket"), b.text, ctx)
        else:
            # A registry number or docket reference: its own segment.
            fill(etree.SubElement(container, tei("seg"), type=b.kind), b.text, ctx)


def _next_item(children: list, k: int) -> Block | None:
    """The next numbered point after position k, if only paragraphs stand between."""
    for child in children[k + 1:]:
        if isinstance(child, Division):
            return None
        if child.kind == "item":
            return child
        if child.kind != "p":
            return None
    return None


def _continues(item: Block, nxt: Block | None) -> bool:
    try:
        return nxt is not None and int(nxt.n or 0) == int(item.n or 0) + 1
    except ValueError:
        return False


def _middle(div: etree._Element, children: list, ctx: Context) -> None:
    _build_middle(div, children, ctx)
    for lst in div.iterfind(tei("list")):
        _items_alike(lst)


def _items_alike(lst: etree._Element) -> None:
    """In a list where some points hold paragraphs, every point does: the last point before the
    running text resumes is a paragraph too, not bare text beside its neighbours' paragraphs."""
    items = lst.findall(tei("item"))
    if not any(i.find(tei("p")) is not None for i in items):
        return
    for item in items:
        if item.find(tei("p")) is not None:
            continue
        p = etree.Element(tei("p"))
        p.text, item.text = item.text, None
        for child in list(item):
            p.append(child)  # moves it, with its tail
        item.append(p)


def _build_middle(div: etree._Element, children: list, ctx: Context) -> None:
    lst = None
    current_item: etree._Element | None = None
    holds_paragraphs = False
    for k, child in enumerate(children):
        if isinstance(child, Division):
            lst = current_item = None
            _division(child, div, ctx)
            continue
        ctx.line = child.line
        if child.kind == "item":
            if lst is None:
                lst = etree.SubElement(div, tei("list"), type="ordered")
            label_text, _, rest = child.text.partition(" ")
            label = etree.SubElement(lst, tei("label"))
            label.text = label_text
            current_item = etree.SubElement(lst, tei("item"), n=child.n or label_text.rstrip(".)"))
            # Paragraphs up to the next point (numbered on) comment on this point.
            holds_paragraphs = _continues(child, _next_item(children, k))
            if holds_paragraphs:
                fill(etree.SubElement(current_item, tei("p")), rest, ctx)
            else:
                fill(current_item, rest, ctx)
            continue
        if child.kind == "p" and current_item is not None and holds_paragraphs:
            fill(etree.SubElement(current_item, tei("p")), child.text, ctx)
            continue
        lst = current_item = None
        if child.kind == "note":
            fill(etree.SubElement(div, tei("note"), type="docket"), child.text, ctx)
        elif child.kind == "carrier":
            carrier(div, child.text, ctx)
        else:
            # Opener-type lines amid running text have no place of their own in TEI.
            fill(etree.SubElement(div, tei("p")), child.text, ctx)


ALIGNABLE = ("div", "head", "p", "item", "opener", "closer", "list")


def _number(div: etree._Element, prefix: str) -> None:
    div.set(XML_ID, prefix)
    counters: dict[str, int] = {}
    for el in div.iterdescendants(*(tei(t) for t in ALIGNABLE)):
        local = etree.QName(el).localname
        counters[local] = counters.get(local, 0) + 1
        el.set(XML_ID, f"{prefix}-{local}{counters[local]}")


# ---------------------------------------------------------------------------- alignment

def _add_corresp(a: etree._Element, b: etree._Element) -> None:
    for x, y in ((a, b), (b, a)):
        tokens = (x.get("corresp") or "").split()
        ref = "#" + y.get(XML_ID)
        if ref not in tokens:
            x.set("corresp", " ".join(tokens + [ref]))


def align(original: etree._Element, translation: etree._Element, ctx: Context | None = None) -> None:
    """Pair the parts of two versions where the evidence agrees; a wrong pair is worse than none.

    Divisions pair when their sequence of types is the same; within a pair, heads pair
    when both have as many, openers and closers by what they hold (a salutation with a
    salutation, a signature with a signature); numbered points pair by number;
    the paragraphs between them are aligned by length (1:1, 1:2, 2:1) and every pair
    is checked: the numbers and dates in it must agree and its length ratio must be
    near the version's. Where a check fails nothing in that stretch is paired.
    """
    _add_corresp(original, translation)
    ratio = _length(original) / max(_length(translation), 1)
    pairs = [(original, translation)]
    divs_o = list(original.iterdescendants(tei("div")))
    divs_t = list(translation.iterdescendants(tei("div")))
    if [d.get("type") for d in divs_o] == [d.get("type") for d in divs_t]:
        for a, b in zip(divs_o, divs_t):
            _add_corresp(a, b)
            pairs.append((a, b))
    for a, b in pairs:
        _align_units(a, b, ratio, ctx)


def _own(div: etree._Element, tag: str) -> list[etree._Element]:
    """Elements of `tag` in `div` but not in a nested division."""
    return [e for e in div.iter(tei(tag)) if next(e.iterancestors(tei("div"))) is div]


# What an opener or closer holds, as far as it tells two of them apart.
LETTER_PARTS = ("salute", "dateline", "signed", "address")


def _parts(el: etree._Element) -> set[str]:
    return {etree.QName(c).localname for c in el if isinstance(c.tag, str) and etree.QName(c).localname in LETTER_PARTS}


def _pair_letter_parts(xs: list, ys: list) -> None:
    """Openers (closers) pair in order when both versions have as many and each pair holds the
    same kind of part; else by the part only one of each version holds: the salutation with the
    salutation, the signature with the signature. A translation that adds a telegram head and an
    address line ("To Comrade FILIPPOV") before the greeting thus pairs the greeting with the
    greeting, never with the address."""
    if xs and len(xs) == len(ys) and all(_parts(x) & _parts(y) or not (_parts(x) or _parts(y))
                                         for x, y in zip(xs, ys)):
        for x, y in zip(xs, ys):
            _add_corresp(x, y)
        return
    paired: set = set()
    for kind in ("salute", "signed", "dateline", "address"):
        cx = [x for x in xs if kind in _parts(x) and id(x) not in paired]
        cy = [y for y in ys if kind in _parts(y) and id(y) not in paired]
        if len(cx) == 1 and len(cy) == 1:
            _add_corresp(cx[0], cy[0])
            paired |= {id(cx[0]), id(cy[0])}


def _align_units(a: etree._Element, b: etree._Element, ratio: float, ctx) -> None:
    xs, ys = _own(a, "head"), _own(b, "head")
    if xs and len(xs) == len(ys):
        for x, y in zip(xs, ys):
            _add_corresp(x, y)
    for kind in ("opener", "closer"):
        _pair_letter_parts(_own(a, kind), _own(b, kind))
    items_a = [i for i in _own(a, "item")]
    items_b = [i for i in _own(b, "item")]
    if [i.get("n") for i in items_a] != [i.get("n") for i in items_b]:
        if items_a or items_b:
            return  # the numbering disagrees: nothing is paired
    for x, y in zip(items_a, items_b):
        _add_corresp(x, y)
        _pair_paragraphs(x.findall(tei("p")), y.findall(tei("p")), ratio, ctx)
    paras_a = [p for p in _own(a, "p") if p.getparent().tag != tei("item")]
    paras_b = [p for p in _own(b, "p") if p.getparent().tag != tei("item")]
    for sa, sb in zip(_stretches(a, paras_a), _stretches(b, paras_b)):
        _pair_paragraphs(sa, sb, ratio, ctx)


def _stretches(div: etree._Element, paras: list[etree._Element]) -> list[list[etree._Element]]:
    """Paragraphs between consecutive numbered points (before the first, after the last)."""
    wanted = set(paras)
    out: list[list[etree._Element]] = [[]]
    for el in div.iter(tei("p"), tei("item")):
        if el.tag == tei("item") and next(el.iterancestors(tei("div"))) is div:
            out.append([])
        elif el in wanted:
            out[-1].append(el)
    return out


def _length(el: etree._Element) -> int:
    text = "".join(el.itertext())
    # CJK characters carry about as much as a short word elsewhere.
    return sum(3 if "\u3400" <= c <= "\u9fff" else 1 for c in text if not c.isspace())


NUMBER = re.compile(r"\d+")


def _numbers(els: list[etree._Element]) -> set[str]:
    nums = set()
    for el in els:
        nums |= set(NUMBER.findall("".join(el.itertext())))
    return nums


def _fits(xs: list, ys: list, ratio: float) -> bool:
    la, lb = sum(map(_length, xs)), sum(map(_length, ys))
    if not la or not lb:
        return False
    if abs(math.log(la / (lb * ratio))) > 0.45:
        return False
    na, nb = _numbers(xs), _numbers(ys)
    if _cjk(xs) or _cjk(ys):
        # Chinese writes most numbers in characters: digits are evidence only when both have them.
        return not (na and nb) or bool(na & nb)
    return na == nb


def _cjk(els: list[etree._Element]) -> bool:
    return any("\u3400" <= c <= "\u9fff" for el in els for c in "".join(el.itertext()))


def _pair_paragraphs(xs: list, ys: list, ratio: float, ctx) -> None:
    if not xs or not ys:
        return
    # Dynamic programming over 1:1, 1:2 and 2:1 beads, cost = length mismatch.
    inf = float("inf")
    n, m = len(xs), len(ys)
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] == inf:
                continue
            for di, dj, penalty in ((1, 1, 0.0), (1, 2, 0.3), (2, 1, 0.3)):
                if i + di > n or j + dj > m:
                    continue
                la = sum(_length(x) for x in xs[i:i + di])
                lb = sum(_length(y) for y in ys[j:j + dj])
                cost = abs(math.log(max(la, 1) / (max(lb, 1) * ratio))) + penalty
                if best[i][j] + cost < best[i + di][j + dj]:
                    best[i + di][j + dj] = best[i][j] + cost
                    back[i + di][j + dj] = (i, j)
    if best[n][m] == inf:
        return
    beads = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[i][j]
        beads.append((xs[pi:i], ys[pj:j]))
        i, j = pi, pj
    beads.reverse()
    if not all(_fits(bx, by, ratio) for bx, by in beads):
        if ctx and ctx.warn:
            ctx.warn(xs[0].sourceline or 0, "paragraphs of the original and translation not aligned here: "
                                            "their lengths or numbers do not agree")
        return
    for bx, by in beads:
        for x in bx:
            for y in by:
                _add_corresp(x, y)
