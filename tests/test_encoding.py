"""Encoding rules of issue 12 stated on the seeds (converted afresh) and on small trees.

The fixtures of new sources (tests/fixtures/encoding/) have their own file,
tests/test_new_sources.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from pipeline.entities.registers import load_registers
from pipeline.tei.finish import complete_elliptic_names

ROOT = Path(__file__).resolve().parents[1]
TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}


@pytest.fixture(scope="module")
def registers():
    return load_registers(ROOT / "tei")


def _names(root, lang=None):
    path = f".//tei:div[@xml:lang='{lang}']" if lang else ".//tei:text"
    out = []
    for region in root.xpath(path, namespaces=NS):
        for el in region.iter(f"{{{TEI}}}persName", f"{{{TEI}}}placeName", f"{{{TEI}}}orgName"):
            out.append((etree.QName(el).localname, "".join(el.itertext()), (el.get("ref") or "").rsplit("#", 1)[-1]))
    return out


def _doc(converted, stem_start):
    path = next(p for p in converted.document_paths() if p.name.startswith(stem_start))
    return etree.parse(str(path)).getroot()


# ---------------------------------------------------------------------------- kinds (point 7)

def test_seeds_north_and_south_korea_are_two_places(converted):
    root = _doc(converted, "003")
    for lang, north, south in (("en", "North", "South Korea"), ("ru", "Северной", "Южной Кореи")):
        names = _names(root, lang)
        assert ("placeName", north, "place-north-korea") in names
        assert ("placeName", south, "place-south-korea") in names
        assert not [n for n in names if n[2] == "place-korea" and (" and " in n[1] or " и " in n[1])]
    # the elliptic "North" is the pipeline's inference, and says so
    north = root.xpath(".//tei:placeName[. = 'North']", namespaces=NS)
    assert north and all(n.get("resp", "").endswith("-pipeline") for n in north)


def test_seeds_bracketed_state_standing_for_its_government_is_an_organisation(converted):
    root = _doc(converted, "000")
    el = root.xpath(".//tei:orgName[. = 'Government of the PRC'][following-sibling::*[1][. = 'DPRK']]"
                    "/following-sibling::*[1]", namespaces=NS)
    assert len(el) == 1
    assert etree.QName(el[0]).localname == "orgName"
    assert el[0].get("ref") == "organisations.xml#org-government-dprk"
    # the same state named as a country stays a place
    assert root.xpath(".//tei:placeName[. = 'DPRK'][@ref = 'places.xml#place-north-korea']", namespaces=NS)


def test_seeds_russian_text_of_the_telegram_is_fully_marked(converted):
    """Without the inflected forms in the registers, the Russian names are still all found."""
    names = _names(_doc(converted, "003"), "ru")
    surfaces = {n[1] for n in names if n[2]}
    assert {"КИМ ИР СЕНУ", "КИМ ИР СЕНА", "ЛИ КЭ-НУНА", "38 параллели", "Филиппов"} <= surfaces
    assert all(ref for _, _, ref in names), [n for n in names if not n[2]]


def _tree(xml: str) -> etree._Element:
    return etree.fromstring(
        f'<TEI xmlns="{TEI}" xml:id="doc-x"><teiHeader><fileDesc><titleStmt><title>t</title>'
        f'<respStmt xml:id="doc-x-pipeline"><resp>r</resp><name>n</name></respStmt></titleStmt>'
        f'</fileDesc></teiHeader><text><body><div xml:lang="en"><p>{xml}</p></div></body></text></TEI>')


@pytest.mark.parametrize("xml, expected", [
    # coordination: the modifier is a name of its own entry
    ('from North and <placeName ref="places.xml#place-south-korea">South Korea</placeName>',
     [("placeName", "North", "place-north-korea"), ("placeName", "South Korea", "place-south-korea")]),
    ('<placeName resp="#doc-x-ner" cert="medium">North and</placeName> <placeName ref="places.xml#place-south-korea">South Korea</placeName>',
     [("placeName", "North", "place-north-korea"), ("placeName", "South Korea", "place-south-korea")]),
    # nothing to complete: "Far and South Korea" names no register entry
    ('Far and <placeName ref="places.xml#place-south-korea">South Korea</placeName>',
     [("placeName", "South Korea", "place-south-korea")]),
    # a lower-case word before "and" is no name
    ('trade and <placeName ref="places.xml#place-south-korea">South Korea</placeName>',
     [("placeName", "South Korea", "place-south-korea")]),
    # the bracketed alternative of a body's name
    ('the <orgName ref="organisations.xml#org-government-prc">Government of the PRC</orgName> '
     '(<placeName ref="places.xml#place-north-korea">DPRK</placeName>) proposes',
     [("orgName", "Government of the PRC", "org-government-prc"), ("orgName", "DPRK", "org-government-dprk")]),
    # a bracketed state after a place is no alternative of a body
    ('<placeName ref="places.xml#place-beijing">Beijing</placeName> (<placeName ref="places.xml#place-china">PRC</placeName>)',
     [("placeName", "Beijing", "place-beijing"), ("placeName", "PRC", "place-china")]),
    # an appositive state after a body, not in brackets, stays a place
    ('the <orgName ref="organisations.xml#org-government-prc">Government of the PRC</orgName> and '
     '<placeName ref="places.xml#place-north-korea">DPRK</placeName>',
     [("orgName", "Government of the PRC", "org-government-prc"), ("placeName", "DPRK", "place-north-korea")]),
])
def test_complete_elliptic_names(registers, xml, expected):
    root = _tree(xml)
    complete_elliptic_names(root, registers)
    assert _names(root) == expected


def test_register_page_lists_persons_by_surname(tmp_path):
    """persons.html: "Eisenhower, Dwight D." under E, "Mao Zedong" under M (xslt/html_registers.xsl)."""
    import shutil

    from lxml import html as lhtml
    from saxonche import PySaxonProcessor

    tei = tmp_path / "tei"
    tei.mkdir()
    corpus = etree.Element("corpus")
    for kind, name in (("person", "persons.xml"), ("place", "places.xml"), ("org", "organisations.xml")):
        shutil.copy(ROOT / "tei" / name, tei / name)
        etree.SubElement(corpus, "register", kind=kind, href=(tei / name).as_uri())
    (tmp_path / "corpus.xml").write_bytes(etree.tostring(corpus, xml_declaration=True, encoding="UTF-8"))
    out = tmp_path / "html"
    out.mkdir()
    proc = PySaxonProcessor(license=False)
    exe = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(ROOT / "xslt" / "html_registers.xsl"))
    exe.set_parameter("out-dir", proc.make_string_value(out.as_uri() + "/"))
    exe.transform_to_file(source_file=str(tmp_path / "corpus.xml"), output_file=str(out / "registers.html"))
    page = lhtml.parse(str(out / "persons.html")).getroot()
    # the entries in page order (an entry is an element with the register id, or the link to its own page)
    order = [el.get("id") for el in page.iter() if (el.get("id") or "").startswith("pers-")]
    if not order:
        order = list(dict.fromkeys(a.get("href").rsplit("/", 1)[-1].removesuffix(".html")
                                   for a in page.iter("a") if "persons/pers-" in (a.get("href") or "")))
    persons = etree.parse(str(ROOT / "tei" / "persons.xml")).getroot()
    expected = [p.get("{http://www.w3.org/XML/1998/namespace}id") for p in persons.iterfind(".//tei:person", NS)]
    assert order == expected  # the register file is itself sorted by surname (test_registers)
    assert order.index("pers-dulles") < order.index("pers-eisenhower") < order.index("pers-harrison")
