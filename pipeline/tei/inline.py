"""Inline editorial markup inside a paragraph: brackets and quotation marks.

Square brackets in these translations are the voice of the source's editor (the
archive or its translator), never the source's author. What a bracket holds decides
what it is:

* "[…]", "[...]": an omission the source's editor made -> <gap reason="omitted">;
* "[Stalin]" after a name it does not resemble ("Filippov [Stalin]"): an
  identification -> one name holding <choice><orig>Filippov</orig><reg type="identification">;
* "[Panmunjom]" after a name it resembles ("Panmunjeom [Panmunjom]"): a respelling ->
  <choice><orig>…</orig><reg>…</reg></choice> in one name;
* "[Mark W.]" before a capitalised word: part of the name it completes ->
  <name><supplied>Mark W.</supplied> Clark</name>;
* anything else ("[the letter]"): words the editor added -> <supplied>.

Every intervention carries @resp pointing at the source editor's respStmt in the
header. The names built here are <name> without @ref; `link_readings` (run with the
registers) turns each into persName/placeName/orgName with @ref, so the name counts
once, whichever reading the register knows.

Quotation marks stay in the text. They are paired only when they balance within the
paragraph (straight marks are read as opening or closing from the characters around
them; a closing curly mark may close a straight one); otherwise nothing is marked
and a warning names the line. A pair is then classified by its shape:
<label> for a paragraph label or series letter ("b)", "G"), <title> for a titled
document after a word naming one ("the draft resolution “On Averting…”") and for
CJK title marks 《…》, <soCalled> for a short phrase or a quoted name (scare quotes),
<q> for everything else. These are machine decisions: @resp points at the pipeline,
and the guesses other than q carry cert="medium".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from ..xmlio import tei

LINE_BREAK = "\u2028"  # a line break inside one block (a headline set on two lines) -> <lb/>
OMISSION = re.compile(r"\[(?:…|\.\.\.|\.\s?\.\s?\.)\]")
BRACKET = re.compile(r"\[(…|\.\.\.|\.\s?\.\s?\.)\]|\[([^\[\]]{1,200})\]")
# A name-shaped phrase: capitalised words or initials only ("Stalin", "Mark W.", "KIM IL SUNG").
_NAME_WORD = r"(?:[A-ZА-ЯЁ][\w'’-]*\.?|[A-ZА-ЯЁ]\.)"
NAME_SHAPED = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}")
_TITLE_WORDS = {"comrade", "comrades", "cde", "cdes", "mr", "mrs", "dr", "general", "marshal", "president",
                "chairman", "premier", "minister", "ambassador", "admiral", "colonel", "товарищ", "тов"}
CARRIER_GRAPHIC = re.compile(
    r"letterhead|stamp|seal|emblem|logo|coat of arms|watermark|photograph|drawing|map\b|"
    r"штамп|печать|бланк|герб|印章|信笺", re.I)
# Cloudflare and similar sites replace e-mail addresses in captured pages.
HIDDEN_EMAIL = re.compile(r"\[email(?:&#160;|\s|\u00a0)protected\]")

OPENERS = {"“": "”", "«": "»", "„": "“", "「": "」", "『": "』", "《": "》", "〈": "〉"}
CLOSERS = {"”", "»", "」", "』", "》", "〉"}
DOUBLE = {"“", "”", '"', "„"}
# Words that name a document: a quotation right after them is its title.
DOCUMENT_NOUN = re.compile(
    r"\b(?:resolution|draft|convention|treaty|agreement|declaration|communiqu[eé]|memorandum|report|"
    r"programme|program|decree|law|book|article|pamphlet|entitled|titled|резолюци\w*|проект\w*|"
    r"постановлени\w*|декларац\w*)\s*$", re.I)
SPEECH_BEFORE = re.compile(r"(?:[:：,，]|\b(?:said|says|stated|stipulates that|reads|text))\s*$", re.I)
PHRASE_ONLY = {tei("dateline"), tei("addrLine"), tei("soCalled"), tei("label")}
LABEL_SHAPED = re.compile(r"[A-Za-zА-Яа-яЁё0-9]{1,2}[.)]?")


@dataclass
class Context:
    """Who is responsible for what fill() marks, and where warnings go."""

    pipeline: str | None = None  # "#doc-…-pipeline": machine decisions
    source_editor: str | None = None  # "#doc-…-source-editor": the source's brackets
    warn: Callable[[int, str], None] | None = None
    line: int = 0
    counts: dict = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1


DEFAULT = Context()


def fill(element: etree._Element, text: str, ctx: Context | None = None) -> etree._Element:
    """Append `text` to `element`, with brackets and quotations as TEI elements."""
    ctx = ctx or DEFAULT
    pairs = quotation_pairs(text)
    if pairs is None:
        if ctx.warn:
            ctx.warn(ctx.line, "quotation marks do not pair in this paragraph; kept as text without markup")
        ctx.count("unpaired")
        pairs = []
    _append_quoted(element, text, 0, len(text), [p for p in pairs if _outermost(p, pairs)], pairs, ctx)
    return element


# ---------------------------------------------------------------------------- quotations

def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def quotation_pairs(text: str) -> list[tuple[int, int]] | None:
    """(open, close) offsets of quotation marks that pair; None when they do not balance."""
    stack: list[tuple[str, int]] = []
    pairs = []
    for i, ch in enumerate(text):
        if ch not in OPENERS and ch not in CLOSERS and ch != '"':
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch == '"':
            opens = (_is_space(before) or before in "([{—–-/") and not _is_space(after)
            closes = not _is_space(before) and (_is_space(after) or not after.isalnum())
            top_double = bool(stack) and stack[-1][0] in DOUBLE
            if closes and top_double and not (opens and not top_double):
                kind = "close"
            elif opens:
                kind = "open"
            elif top_double:
                kind = "close"
            else:
                return None
        elif ch == "“" and stack and stack[-1][0] == "„":
            kind = "close"  # German/Russian low-high pair
        elif ch == "“" and stack and stack[-1][0] == '"' and not _is_space(before) and _is_space(after):
            kind = "close"
        elif ch in OPENERS:
            kind = "open"
        else:
            kind = "close"
        if kind == "open":
            stack.append((ch, i))
            continue
        if not stack:
            return None
        mark, start = stack[-1]
        expected = OPENERS.get(mark)
        if ch == expected or (ch in DOUBLE and mark in DOUBLE):
            stack.pop()
            pairs.append((start, i))
        else:
            return None
    if stack:
        return None
    return sorted(pairs)


def _outermost(pair, pairs) -> bool:
    return not any(o < pair[0] and pair[1] < c for o, c in pairs)


def classify_quotation(text: str, start: int, end: int) -> str:
    """label, title, soCalled or q for the quotation text[start+1:end]."""
    mark = text[start]
    inner = text[start + 1:end].strip()
    bare = inner.rstrip(",.;:")
    before = text[max(0, start - 60):start]
    if mark in "《〈":
        return "title"
    if LABEL_SHAPED.fullmatch(inner):
        return "label"
    cjk = sum(1 for c in bare if "\u3400" <= c <= "\u9fff")
    words = bare.split()
    inner_punct = re.search(r"[.!?;:。！？；：,，]", bare)
    title_case = len(words) >= 2 and all(w[:1].isupper() for w in words if len(w) > 3 and w[:1].isalpha())
    if DOCUMENT_NOUN.search(before) and not inner_punct and (title_case or len(words) <= 12):
        return "title"
    if SPEECH_BEFORE.search(before) and not title_case:
        return "q"
    sentence_like = not cjk and len(words) >= 3 and bare[:1].isupper() and not title_case
    if not inner_punct and not sentence_like and (cjk and len(bare) <= 8 or not cjk and 0 < len(words) <= 5):
        return "soCalled"
    if not inner_punct and title_case and len(words) <= 12:
        return "soCalled"  # a quoted name, the author's distance from it
    return "q"


def _append_quoted(element, text, start, end, outer, pairs, ctx: Context) -> None:
    pos = start
    for o, c in outer:
        if o < start or c >= end:
            continue
        _append_brackets(element, text[pos:o + 1], ctx)  # the opening mark stays as text
        kind = classify_quotation(text, o, c)
        phrase_only = any(a.tag in PHRASE_ONLY for a in element.iterancestors()) or element.tag in PHRASE_ONLY
        el = etree.SubElement(element, tei("seg" if kind == "label" and phrase_only else kind))
        if el.tag == tei("seg"):
            el.set("type", "label")  # a dateline or address line cannot hold <label>
        if ctx.pipeline:
            el.set("resp", ctx.pipeline)
        if kind != "q":
            el.set("cert", "medium")
        ctx.count(kind)
        inner = [p for p in pairs if o < p[0] and p[1] < c]
        _append_quoted(el, text, o + 1, c, [p for p in inner if _outermost(p, inner)], inner, ctx)
        pos = c
    _append_brackets(element, text[pos:end], ctx)


# ---------------------------------------------------------------------------- brackets

def _completes(run: str, inner: str) -> bool:
    """Whether `inner` is the given name completing the one-syllable surname `run` (the family
    names of Chinese and Korean names: Kim, Ni, Pak, Li), not another name for it."""
    return bool(re.fullmatch(r"[A-Z][a-z]{0,3}", run) and re.fullmatch(r"[A-Z][a-z]+(?:[ -][A-Z]?[a-z]+)?", inner)
                and not inner.startswith(run))


def _similar(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.6 or a[:4] == b[:4]


def _name_before(text: str) -> tuple[int, str] | None:
    """(offset, words) of the name-shaped run that ends `text`; titles ("Comrade") left out."""
    words = list(re.finditer(r"\S+", text))
    run = []
    for w in reversed(words[-3:]):
        if not re.fullmatch(_NAME_WORD, w.group()) or w.group().lower().rstrip(".") in _TITLE_WORDS:
            break
        run.insert(0, w)
    if not run:
        return None
    return run[0].start(), text[run[0].start():run[-1].end()]


def _append_brackets(element: etree._Element, text: str, ctx: Context) -> None:
    pos = 0
    for m in BRACKET.finditer(text):
        if m.start() < pos:
            continue
        before = text[pos:m.start()]
        if m.group(1):
            _append_plain(element, before)
            gap = etree.SubElement(element, tei("gap"), reason="omitted")
            _resp(gap, ctx.source_editor)
            ctx.count("gap")
            pos = m.end()
            continue
        inner = m.group(2)
        after = text[m.end():]
        prev = _name_before(before) if before.endswith(" ") and NAME_SHAPED.fullmatch(inner) else None
        nxt = re.match(rf"\s({_NAME_WORD}(?:\s{_NAME_WORD}){{0,2}})", after) if NAME_SHAPED.fullmatch(inner) else None
        if prev and not inner.endswith(".") and _completes(prev[1], inner):
            # "Kim [Il Sung]", "Ni [Zhiliang]": the editor completes a surname with the given
            # name the source left out; one name, the completion supplied inside it.
            offset, run = prev
            _append_plain(element, before[:offset])
            name = etree.SubElement(element, tei("name"))
            name.text = run + " "
            sup = etree.SubElement(name, tei("supplied"), reason="omitted-in-original")
            sup.text = inner
            _resp(sup, ctx.source_editor)
            ctx.count("supplied")
            pos = m.end()
            continue
        if prev and not inner.endswith("."):
            # "Filippov [Stalin]", "Panmunjeom [Panmunjom]": one name, two readings
            offset, run = prev
            _append_plain(element, before[:offset])
            name = etree.SubElement(element, tei("name"))
            choice = etree.SubElement(name, tei("choice"))
            etree.SubElement(choice, tei("orig")).text = run
            reg = etree.SubElement(choice, tei("reg"))
            reg.text = inner
            if not _similar(run, inner):
                reg.set("type", "identification")
                ctx.count("identification")
            else:
                ctx.count("respelling")
            _resp(reg, ctx.source_editor)
            pos = m.end()
            continue
        if nxt:
            # "[Mark W.] Clark": the supplied words belong to the name they complete
            _append_plain(element, before)
            name = etree.SubElement(element, tei("name"))
            sup = etree.SubElement(name, tei("supplied"), reason="omitted-in-original")
            sup.text = inner
            _resp(sup, ctx.source_editor)
            sup.tail = nxt.group(0)
            ctx.count("supplied")
            pos = m.end() + nxt.end()
            continue
        _append_plain(element, before)
        sup = etree.SubElement(element, tei("supplied"), reason="omitted-in-original")
        sup.text = inner
        _resp(sup, ctx.source_editor)
        ctx.count("supplied")
        pos = m.end()
    _append_plain(element, text[pos:])


def _resp(el: etree._Element, who: str | None) -> None:
    if who:
        el.set("resp", who)


def _append_plain(element: etree._Element, text: str) -> None:
    if not text:
        return
    if LINE_BREAK in text:
        first, *rest = text.split(LINE_BREAK)
        _append_plain(element, first)
        for piece in rest:
            etree.SubElement(element, tei("lb"))
            _append_plain(element, piece)
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


# ---------------------------------------------------------------------------- blocks

def carrier(element: etree._Element, description: str, ctx: Context) -> etree._Element:
    """A bracketed line that describes the document ("[CPSU CC letterhead]"), not its text."""
    if CARRIER_GRAPHIC.search(description):
        figure = etree.SubElement(element, tei("figure"), type="carrier")
        _resp(figure, ctx.source_editor)
        desc = etree.SubElement(figure, tei("figDesc"))
        desc.text = description
        return figure
    note = etree.SubElement(element, tei("note"), type="editorial")
    _resp(note, ctx.source_editor)
    note.text = description
    return note


def hidden_email(element: etree._Element, text: str) -> None:
    """Text with "[email protected]" (a site's e-mail obfuscation) marked as a capture gap."""
    pos = 0
    for m in HIDDEN_EMAIL.finditer(text):
        _append_plain(element, text[pos:m.start()])
        gap = etree.SubElement(element, tei("gap"), reason="capture-artefact")
        desc = etree.SubElement(gap, tei("desc"))
        desc.text = f"an e-mail address the website hid when the page was captured (shown as “{m.group()}”)"
        pos = m.end()
    _append_plain(element, text[pos:])


# ---------------------------------------------------------------------------- registers

def link_readings(root: etree._Element, registers) -> None:
    """<name> built from brackets -> persName/placeName/orgName with @ref when a reading is known.

    Readings are tried in this order: the regularised or identified reading (the
    source editor's identification names whom the text means), the original reading,
    the whole text, the text outside supplied words. A name no register knows stays a
    plain <name>, to be identified by an editor.
    """
    from ..entities.registers import MENTION_TAGS

    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    for name in root.iterfind(".//t:text//t:name", ns):
        if name.get("ref"):
            continue
        readings = [" ".join("".join(r.itertext()).split())
                    for r in name.xpath("t:choice/t:reg | t:choice/t:corr", namespaces=ns)]
        readings += [" ".join("".join(r.itertext()).split())
                     for r in name.xpath("t:choice/t:orig | t:choice/t:sic", namespaces=ns)]
        readings.append(" ".join("".join(name.itertext()).split()))
        readings.append(" ".join("".join(t for t in name.xpath("text()", namespaces=ns)).split()))
        lang = (name.xpath("ancestor-or-self::*[@xml:lang][1]/@xml:lang") or ["en"])[0]
        for reading in readings:
            entry = _whole_match(reading, lang, registers)
            if entry:
                name.tag = tei(MENTION_TAGS[registers[entry].kind])
                name.set("ref", registers.ref(entry))
                break


def _whole_match(text: str, lang: str, registers) -> str | None:
    if not text:
        return None
    for start, end, entry in registers.matcher.find(text, lang):
        if start == 0 and end == len(text):
            return entry
    return None
