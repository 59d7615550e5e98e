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


# ---------------------------------------------------------------------------- outputs (FO, HTML)

OUTPUT_TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="doc-output-rules" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">Output rules</title></titleStmt>
      <publicationStmt><publisher>x</publisher><availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability></publicationStmt>
      <sourceDesc>
        <bibl type="source"><title level="m">Output rules</title></bibl>
        <msDesc xml:id="o-ms1"><msIdentifier><country>Russia</country><settlement>Moscow</settlement>
          <repository ref="organisations.xml#org-avprf" cert="low">AVP RF</repository>
          <collection type="fond" n="3">F. 3</collection><idno type="delo" n="830">D. 830</idno></msIdentifier>
          <msContents><msItem><locus type="pages" from="170" to="171">pp. 170-71</locus>
            <note type="conflict">Another document places it in APRF.</note></msItem></msContents></msDesc>
        <msDesc xml:id="o-ms2" type="copy"><msIdentifier><repository ref="organisations.xml#org-rgaspi">RGASPI</repository>
          <collection type="fond" n="558">F. 558</collection><idno type="delo" n="1">D. 1</idno></msIdentifier></msDesc>
      </sourceDesc>
    </fileDesc>
    <profileDesc>
      <creation><date when="1953-07-24">24 July 1953</date></creation>
      <langUsage><language ident="mul">several languages</language><language ident="en">English</language></langUsage>
      <correspDesc xml:id="o-c1"><correspAction type="sent"><persName>
            <roleName>CC SECRETARY</roleName>
          </persName><date when="1953-07-24">24 July 1953</date></correspAction>
        <correspAction type="received"><persName ref="persons.xml#pers-molotov">Molotov</persName></correspAction></correspDesc>
      <correspDesc xml:id="o-c2" type="draft"><correspAction type="sent"><orgName ref="organisations.xml#org-government-ussr">Soviet Government</orgName></correspAction></correspDesc>
    </profileDesc>
  </teiHeader>
  <text xml:lang="en">
    <body>
      <div type="translation" xml:lang="en" xml:id="o-en">
        <figure type="carrier" resp="#doc-output-rules-source-editor"><figDesc>CPSU CC letterhead</figDesc></figure>
        <p>To <persName ref="persons.xml#pers-stalin"><choice><orig>FILIPPOV</orig><reg type="identification" resp="#doc-output-rules-source-editor">Stalin</reg></choice></persName>
          and <persName ref="persons.xml#pers-peng-dehuai"><choice><sic>Peng Dehaui</sic><corr>Peng Dehuai</corr></choice></persName>,
          General <persName ref="persons.xml#pers-clark"><supplied resp="#doc-output-rules-source-editor">Mark W.</supplied> Clark</persName>.</p>
        <list type="ordered"><label>1.</label><item n="1"><p>To confirm.</p><p>Commentary.</p></item></list>
      </div>
    </body>
  </text>
</TEI>
"""


@pytest.fixture(scope="module")
def output_rules(tmp_path_factory):
    import shutil

    from saxonche import PySaxonProcessor

    d = tmp_path_factory.mktemp("outputs")
    for name in ("persons.xml", "places.xml", "organisations.xml"):
        shutil.copy(ROOT / "tei" / name, d / name)
    src = d / "output-rules.xml"
    src.write_text(OUTPUT_TEI, encoding="utf-8")
    proc = PySaxonProcessor(license=False)
    xslt = proc.new_xslt30_processor()
    out = {}
    for sheet in ("fo_document", "html_document"):
        exe = xslt.compile_stylesheet(stylesheet_file=str(ROOT / "xslt" / f"{sheet}.xsl"))
        out[sheet] = exe.transform_to_string(source_file=str(src))
    return out


def _fo_text(fo: str) -> str:
    return " ".join("".join(etree.fromstring(fo.encode()).itertext()).split())


def test_fo_shows_the_source_reading_and_the_source_editors_identification(output_rules):
    text = _fo_text(output_rules["fo_document"])
    assert "To FILIPPOV [Stalin]" in text
    assert "General [Mark W.] Clark" in text


def test_fo_puts_the_editions_correction_in_a_footnote(output_rules):
    fo = etree.fromstring(output_rules["fo_document"].encode())
    F = {"fo": "http://www.w3.org/1999/XSL/Format"}
    bodies = [" ".join("".join(b.itertext()).split()) for b in fo.iterfind(".//fo:footnote-body", F)]
    assert any("Corrected: Peng Dehuai; the source reads Peng Dehaui." in b for b in bodies), bodies
    assert "and Peng Dehaui" in _fo_text(output_rules["fo_document"])


def test_fo_prints_the_carrier_description(output_rules):
    assert "[CPSU CC letterhead]" in _fo_text(output_rules["fo_document"])


def test_fo_metadata_one_row_per_archive_and_per_letter(output_rules):
    fo = etree.fromstring(output_rules["fo_document"].encode())
    F = {"fo": "http://www.w3.org/1999/XSL/Format"}
    rows = {}
    for row in fo.iterfind(".//fo:table-row", F):
        cells = [" ".join("".join(c.itertext()).split()) for c in row.iterfind("fo:table-cell", F)]
        rows[cells[0]] = cells[1]
    assert rows["Archive"] == ("Moscow, AVP RF, F. 3, D. 830, pp. 170-71 (archive uncertain)"
                               "Another document places it in APRF.")
    assert rows["Copy"] == "RGASPI, F. 558, D. 1"
    assert rows["From → To"] == "CC SECRETARY → Molotov"
    assert rows["Draft: From → To"] == "Soviet Government → unknown"
    assert rows["Languages"] == "English"


def test_html_metadata_one_row_per_letter(output_rules):
    from lxml import html as lhtml

    page = lhtml.fromstring(output_rules["html_document"])
    rows = {" ".join(r.findtext("dt").split()): " ".join(r.find("dd").text_content().split())
            for r in page.xpath("//section[@class='metadata']//dl/div")}
    assert rows["From → To"] == "CC SECRETARY (24 July 1953) → Molotov"
    assert rows["Draft: From → To"] == "Soviet Government → unknown"
    assert rows["Languages"] == "English"
    assert rows["Copy"].startswith("RGASPI")


def test_html_point_label_opens_its_first_paragraph(output_rules):
    from lxml import html as lhtml

    page = lhtml.fromstring(output_rules["html_document"])
    li = page.xpath("//li[.//p]")[0]
    first = li.xpath("./*")[0]
    assert first.tag == "p" and " ".join(first.text_content().split()).startswith("1. To confirm.")


def test_committed_tei_matches_its_conversion_record():
    """Every document in tei/ is what the pipeline last wrote (a stale record would make it look
    hand-edited, and no register change would ever reach it again)."""
    import hashlib
    import json

    record = json.loads((ROOT / "tei" / ".converted.json").read_text(encoding="utf-8"))
    for name, entry in record.items():
        if not isinstance(entry, dict) or "sha256" not in entry:
            continue
        data = (ROOT / "tei" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
