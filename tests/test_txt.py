"""Plain text and standoff annotations: content, sections, NFC and exact offsets."""

from __future__ import annotations

import collections
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from buildkit import ROOT, document_sources, make_project
from pipeline.build import build
from pipeline.standoff import BLOCK, CLOSE, LINE, OPEN, PAYLOAD_END, SEP, layout
from pipeline.transform import Stylesheets

NS = {"tei": "http://www.tei-c.org/ns/1.0"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ENTITY_TYPES = ("persName", "placeName", "orgName", "date", "idno")
DOCS = document_sources()


@pytest.fixture(scope="module")
def sheets():
    return Stylesheets(ROOT / "xslt")


def render(sheets, path: Path):
    return layout(sheets.render_string("txt_document", path), path)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_txt_offsets_are_exact(sheets, doc):
    so = render(sheets, doc)
    assert so.entities, "no entity in the text"
    for e in so.entities:
        assert set(e) >= {"type", "start", "end", "text"} and ("ref" in e or "value" in e or "status" in e)
        assert e["type"] in ENTITY_TYPES
        assert so.text[e["start"]:e["end"]] == e["text"]
        assert e["text"] == e["text"].strip() and e["text"]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_txt_is_nfc_and_has_no_markup_characters(sheets, doc):
    so = render(sheets, doc)
    assert unicodedata.is_normalized("NFC", so.text)
    assert not any("\ue000" <= c <= "\ue005" for c in so.text)
    assert "  " not in so.text and "\n\n\n" not in so.text
    assert so.text.endswith("\n") and not so.text.endswith("\n\n")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_txt_sections_header_and_editorial_signs(sheets, doc):
    so = render(sheets, doc)
    tree = etree.parse(str(doc))
    titles = tree.xpath("//tei:titleStmt/tei:title[@type='main']", namespaces=NS) or \
        tree.xpath("//tei:titleStmt/tei:title", namespaces=NS)
    title = " ".join("".join(titles[0].itertext()).split())
    lines = so.text.split("\n")
    assert lines[0] == unicodedata.normalize("NFC", title)
    assert lines[1].startswith("Date: ") or not tree.xpath("//tei:creation/tei:date | //tei:sourceDesc//tei:date", namespaces=NS)
    url = tree.xpath("string((//tei:sourceDesc/tei:bibl//tei:ref/@target)[1])", namespaces=NS)
    if url:
        assert f"Source: {url}" in lines[:6]
    # one labelled section per language version, in document order
    divs = tree.xpath("/tei:TEI/tei:text/tei:body/tei:div[@type='original' or @type='translation']", namespaces=NS)
    heads = [ln for ln in lines if ln.startswith("== ") and ln.endswith(" ==")]
    assert len(heads) == len(divs)
    names = {"en": "English", "ru": "Russian", "zh": "Chinese", "ko": "Korean"}
    for head, div in zip(heads, divs):
        kind = "Original" if div.get("type") == "original" else "Translation"
        lang = div.get(XML_LANG)
        assert head.startswith(f"== {kind} (")
        if lang in names:
            declared = tree.xpath(f"string(//tei:langUsage/tei:language[@ident='{lang}'])", namespaces=NS).strip()
            assert head == f"== {kind} ({declared or names[lang]}) =="
    body = so.text[so.text.index("\n== "):]
    assert body.count("[…]") >= len(tree.xpath("//tei:body//tei:gap[not(ancestor::tei:note)]", namespaces=NS))
    for s in tree.xpath("//tei:body//tei:supplied[not(ancestor::tei:note)][not(*)]", namespaces=NS):
        assert f"[{' '.join(s.text.split())}]" in body
    for n in tree.xpath("//tei:body//tei:note", namespaces=NS):
        words = " ".join("".join(n.itertext()).split())
        if len(words) > 40:
            assert words not in body
    # list items carry their labels
    for item in tree.xpath("//tei:body//tei:list/tei:item[preceding-sibling::*[1][self::tei:label]]", namespaces=NS):
        label = item.getprevious().text.strip()
        first = " ".join("".join(item.itertext()).split())[:20]
        if first and not item.xpath(".//tei:gap|.//tei:supplied|.//tei:note|.//tei:list", namespaces=NS):
            assert f"\n\n{label} {first}" in body


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_txt_every_body_entity_is_in_the_standoff(sheets, doc):
    """Each entity element of the text (outside notes) appears once, with its words and its ref/value."""
    so = render(sheets, doc)
    tree = etree.parse(str(doc))
    body_start = so.text.index("\n== ")
    got = collections.Counter((e["type"], e.get("ref", e.get("value"))) for e in so.entities if e["start"] > body_start)
    # a name carries its status: confirmed by a register (with its ref), proposed by the
    # recognisers, or unlinked (marked by the converter, known to no register)
    for e in so.entities:
        if e["type"] in ("persName", "placeName", "orgName"):
            assert e["status"] in (("confirmed",) if "ref" in e else ("proposed", "unlinked")), e
    want = collections.Counter()
    for el in tree.xpath("/tei:TEI/tei:text//*[not(ancestor-or-self::tei:note)]", namespaces=NS):
        name = etree.QName(el).localname
        if name in ("persName", "placeName", "orgName"):
            want[(name, el.get("ref"))] += 1
        elif name == "date":
            value = el.get("when") or (f"{el.get('from', '')}/{el.get('to', '')}" if el.get("from") or el.get("to") else None)
            want[("date", value or (f"{el.get('notBefore', '')}/{el.get('notAfter', '')}" if el.get("notBefore") or el.get("notAfter") else " ".join("".join(el.itertext()).split())))] += 1
        elif name == "idno":
            want[("idno", el.get("n") or " ".join("".join(el.itertext()).split()))] += 1
    assert got == want
    # plain entities (no editorial signs inside) keep their words exactly
    texts = collections.Counter(e["text"] for e in so.entities if e["start"] > body_start)
    for el in tree.xpath("/tei:TEI/tei:text//*[self::tei:persName or self::tei:placeName or self::tei:orgName]"
                         "[not(ancestor::tei:note)][not(.//tei:gap or .//tei:supplied or .//tei:note or .//tei:lb or .//tei:choice)]",
                         namespaces=NS):
        words = unicodedata.normalize("NFC", " ".join("".join(el.itertext()).split()))
        assert texts[words] > 0, words


def test_build_writes_txt_and_standoff_for_every_document(tmp_path):
    p = make_project(tmp_path / "edition")
    r = build(p, formats={"txt"}, jobs=2, progress=False)
    # with the real validator: a document is either built or reported invalid at file:line:col
    invalid = {f.split(":")[0].removeprefix("tei/").removesuffix(".xml") for f in r.failed if f.endswith(": invalid")}
    assert set(r.failed) == {f"tei/{s}.xml: invalid" for s in invalid}
    for s in invalid:
        assert any(f"{s}.xml:" in str(x) and x.line > 0 for x in r.errors), [str(x) for x in r.errors]
    for doc in [d for d in p.document_paths() if d.stem not in invalid]:
        raw = (p.build / "txt" / f"{doc.stem}.txt").read_bytes()
        text = raw.decode("utf-8")
        assert not raw.startswith(b"\xef\xbb\xbf")
        assert unicodedata.is_normalized("NFC", text)
        entries = json.loads((p.build / "txt" / f"{doc.stem}.json").read_text(encoding="utf-8"))
        assert entries
        for e in entries:
            assert text[e["start"]:e["end"]] == e["text"]


# -- layout() on hand-made streams -------------------------------------------------------

def ent(kind, key, value, inner):
    return f"{OPEN}{kind}{SEP}{key}{SEP}{value}{PAYLOAD_END}{inner}{CLOSE}"


def test_layout_collapses_whitespace_and_separates_blocks():
    s = f"{BLOCK}  Title \n  {LINE}Date:  x {BLOCK}{BLOCK}\n   para   one\n{BLOCK} {BLOCK}two {BLOCK}"
    assert layout(s).text == "Title\nDate: x\n\npara one\n\ntwo\n"


def test_layout_entity_offsets_skip_surrounding_space_and_nest():
    inner = ent("placeName", "ref", "places.xml#place-x", "Korea")
    s = f"{BLOCK}to {ent('orgName', 'ref', 'organisations.xml#org-x', f'  Government of {inner} ')} now"
    so = layout(s)
    assert so.text == "to Government of Korea now\n"
    by = {e["type"]: e for e in so.entities}
    assert by["orgName"]["text"] == "Government of Korea" and by["orgName"]["start"] == 3
    assert by["placeName"]["text"] == "Korea" and by["placeName"]["ref"] == "places.xml#place-x"


def test_layout_normalises_to_nfc_and_keeps_offsets_exact():
    decomposed = "Pe\u0301ng"
    s = f"{BLOCK}Cafe\u0301 {ent('persName', 'ref', 'persons.xml#p', decomposed)} e\u0301"
    so = layout(s)
    assert so.text == "Caf\u00e9 P\u00e9ng \u00e9\n"
    e = so.entities[0]
    assert so.text[e["start"]:e["end"]] == e["text"] == "P\u00e9ng"


def test_layout_combining_mark_right_after_entity_boundary():
    # pathological: NFC fuses across the entity end; offsets must still slice the text exactly
    s = f"{BLOCK}{ent('persName', 'ref', 'p', 'Jose')}\u0301 x"
    so = layout(s)
    assert unicodedata.is_normalized("NFC", so.text)
    for e in so.entities:
        assert so.text[e["start"]:e["end"]] == e["text"]


def _layout_by_characters(stream: str) -> tuple[str, list[tuple]]:
    """The layout rules, one character at a time (the oracle for layout's segment-wise reading)."""
    out: list[str] = []
    stack: list[list] = []
    done: list[tuple] = []
    space, brk, i = False, "", 0
    while i < len(stream):
        c = stream[i]
        if c == OPEN:
            j = stream.index(PAYLOAD_END, i + 1)
            parts = stream[i + 1:j].split(SEP) + ["", "", "", ""]
            stack.append([parts[0], parts[2], None])
            i = j + 1
            continue
        if c == CLOSE:
            kind, target, start = stack.pop()
            start = len(out) if start is None else start
            done.append((start, len(out), kind, target))
        elif c == BLOCK:
            brk = "\n\n"
        elif c == LINE:
            brk = brk or "\n"
        elif c in (SEP, PAYLOAD_END):
            pass
        elif c.isspace():
            space = True
        else:
            if out:
                out.extend(brk or (" " if space else ""))
            space, brk = False, ""
            for e in stack:
                if e[2] is None:
                    e[2] = len(out)
            out.append(c)
        i += 1
    assert not stack
    return "".join(out) + ("\n" if out else ""), sorted(done, key=lambda e: (e[0], -e[1]))


@st.composite
def _streams(draw):
    """Marked streams as txt_document.xsl writes them: balanced entities, blocks and lines, any
    whitespace (no-break and ideographic spaces too), stray separators; text that is NFC already."""
    pieces = [BLOCK, LINE, SEP, PAYLOAD_END, " ", "\n  ", "\u00a0", "\u3000", "\t", "ab", "Ж", "中", "x y"]
    out, depth = [], 0
    for _ in range(draw(st.integers(0, 40))):
        choice = draw(st.integers(0, len(pieces) + 1))
        if choice == len(pieces):
            out.append(f"{OPEN}persName{SEP}ref{SEP}p{depth}{SEP}status=confirmed{PAYLOAD_END}")
            depth += 1
        elif choice == len(pieces) + 1 and depth:
            out.append(CLOSE)
            depth -= 1
        elif choice < len(pieces):
            out.append(pieces[choice])
    return "".join(out) + CLOSE * depth


@settings(max_examples=400, deadline=None)
@given(_streams())
def test_layout_agrees_with_the_rules_read_character_by_character(stream):
    text, entities = _layout_by_characters(stream)
    so = layout(stream)
    assert so.text == text
    assert [(e["start"], e["end"], e["type"], e["ref"]) for e in so.entities] == entities


def test_txt_strips_private_use_characters_of_the_source(sheets, tmp_path):
    src = tmp_path / "pua.xml"
    src.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>'
                   '</titleStmt></fileDesc></teiHeader><text><body><div type="translation" xml:lang="en">'
                   '<p>a\ue000b\ue002c <persName ref="persons.xml#x\ue001">Kim</persName><note>hidden</note>'
                   ' <gap/> <supplied>sic</supplied></p></div></body></text></TEI>', encoding="utf-8")
    so = render(sheets, src)
    assert so.text == "T\n\n== Translation (English) ==\n\nabc Kim […] [sic]\n"
    assert so.entities == [{"type": "persName", "start": 36, "end": 39, "text": "Kim", "ref": "persons.xml#x",
                            "status": "confirmed"}]


def test_txt_standoff_marks_proposed_names_with_their_status(sheets, tmp_path):
    doc = tmp_path / "proposed.xml"
    header, body = DOCS[0].read_text(encoding="utf-8").split("<body>")
    source = header + "<body>" + body
    # turn one confirmed name of the text into a machine proposal, as the recognisers write it
    changed = header + "<body>" + re.sub(r'<persName ref="[^"]+">', '<persName resp="#x-ner" cert="medium">',
                                        body, count=1)
    assert changed != source
    doc.write_text(changed, encoding="utf-8")
    so = render(sheets, doc)
    proposed = [e for e in so.entities if e.get("status") == "proposed"]
    assert len(proposed) == 1 and proposed[0]["cert"] == "medium" and "ref" not in proposed[0]
