"""Name recognition, the annotating walker, unknown names and the evaluation against gold."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from pipeline.entities.recognize import annotate, combine, name_finder, name_spans
from pipeline.entities.registers import load_registers
from pipeline.entities.spans import Span
from pipeline.evaluate import evaluate, score
from pipeline.xmlio import NS, TEI_NS, XML_NS, tei

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"

# The body of each seed as (first line, last line, lang), 1-based and inclusive;
# the same parts as tests/gold/README.md describes.
SEED_BODIES = {
    "000_021d84b3738e271a": [(27, 136, "en")],
    "001_839e3b2785ea8962": [(5, 25, "en")],
    "002_0e84e50726ad85b5": [(6, 46, "en"), (63, 84, "zh")],
    "003_258a02fb508c896b": [(4, 28, "ru"), (30, 64, "en")],
    "004_09fa97ecc98cb470": [(9, 85, "en")],
}


@pytest.fixture(scope="module")
def registers():
    return load_registers(ROOT / "tei")


def found(text, registers, lang="en"):
    return [(text[s.start:s.end], s.attrib["ref"].split("#")[1]) for s in name_spans(text, lang, registers)]


def seed_tei(stem: str) -> etree._Element:
    """A minimal TEI document whose body holds the seed's body lines, one <p> per line."""
    lines = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    body = etree.SubElement(etree.SubElement(root, tei("text")), tei("body"))
    for first, last, lang in SEED_BODIES[stem]:
        div = etree.SubElement(body, tei("div"))
        div.set(f"{{{XML_NS}}}lang", lang)
        for line in lines[first - 1:last]:
            if line.strip():
                etree.SubElement(div, tei("p")).text = line.strip()
    # reparse so that elements have source lines
    return etree.fromstring(etree.tostring(root, pretty_print=True))


def string_value(root: etree._Element) -> str:
    return "".join(root.itertext())


# --- name_spans --------------------------------------------------------------


def test_name_spans_longest_match_wins(registers):
    assert found("The Council of Ministers of the USSR RESOLVES:", registers) == [
        ("Council of Ministers of the USSR", "org-council-of-ministers-ussr")
    ]
    assert found("the Government of the People's Republic of China and", registers) == [
        ("Government of the People's Republic of China", "org-government-prc")
    ]
    assert found("Comrade Kim Il Sung and Kim", registers) == [
        ("Kim Il Sung", "pers-kim-il-sung"), ("Kim", "pers-kim-il-sung")
    ]


def test_name_spans_respect_word_boundaries(registers):
    assert found("Kimberley and Clarkson met in Moscowitz", registers) == []
    assert found("Сталинград", registers, "ru") == []
    assert found("Clark's proposal", registers) == [("Clark", "pers-clark")]
    assert found("Clark\u2019s letter", registers) == [("Clark", "pers-clark")]


def test_name_spans_keep_titles_outside(registers):
    assert found("to Comrade Mao Zedong through Cde. Zhou Enlai", registers) == [
        ("Mao Zedong", "pers-mao-zedong"), ("Zhou Enlai", "pers-zhou-enlai")
    ]
    assert found("General Peng Dehuai, Marshal Kim Il-sung", registers) == [
        ("Peng Dehuai", "pers-peng-dehuai"), ("Kim Il-sung", "pers-kim-il-sung")
    ]


def test_name_spans_match_all_caps_but_not_other_case(registers):
    assert found("To Comrade FILIPPOV [Stalin]", registers) == [
        ("FILIPPOV", "pers-stalin"), ("Stalin", "pers-stalin")
    ]
    assert found("Comrade KIM IL SUNG insists", registers) == [("KIM IL SUNG", "pers-kim-il-sung")]
    assert found("kim il sung, beijing, mOSCOW, sTALIN, Filippov", registers) == [("Filippov", "pers-stalin")]


def test_name_spans_russian_inflections(registers):
    text = "Товарищ Филиппов! Передайте товарищу Филиппову и Маленкову, что в Пекине, Кореи и Москве"
    assert found(text, registers, "ru") == [
        ("Филиппов", "pers-stalin"), ("Филиппову", "pers-stalin"), ("Маленкову", "pers-malenkov"),
        ("Пекине", "place-beijing"), ("Кореи", "place-korea"), ("Москве", "place-moscow"),
    ]
    assert found("к товарищу КИМ ИР СЕНУ и ЛИ КЭ-НУНА, КИМ ИР СЕНОМ", registers, "ru") == [
        ("КИМ ИР СЕНУ", "pers-kim-il-sung"), ("ЛИ КЭ-НУНА", "pers-li-kenong"), ("КИМ ИР СЕНОМ", "pers-kim-il-sung")
    ]
    assert found("в Советском Союзе", registers, "ru") == [("Советском Союзе", "place-ussr")]
    # endings are a Russian matter: an English text does not inflect
    assert found("Moskve Филиппову", registers, "en") == []


def test_russian_cases_come_from_the_dictionary_not_from_listed_forms(tmp_path):
    """A register that lists only the nominative still finds every case (pymorphy3), also
    for surnames in -ский and for phrases whose head is a common noun."""
    for name in ("persons.xml", "places.xml", "organisations.xml"):
        text = (ROOT / "tei" / name).read_text(encoding="utf-8")
        # keep the register's shape, replace its entries by three nominative-only ones
        start, end = text.index("<list"), text.rindex("</list")
        tag = text[start + 1:text.index(">", start)].split()[0]
        entry = {"listPerson": '<person xml:id="pers-vyshinsky"><persName type="preferred" xml:lang="ru">Вышинский</persName></person>',
                 "listPlace": '<place xml:id="place-north-korea"><placeName type="preferred" xml:lang="ru">Северная Корея</placeName></place>',
                 "listOrg": '<org xml:id="org-council"><orgName type="preferred" xml:lang="ru">Совет Министров СССР</orgName></org>'}[tag]
        (tmp_path / name).write_text(text[:start] + f"<{tag}>{entry}" + text[end:], encoding="utf-8")
    registers = load_registers(tmp_path)
    text = "Передайте Вышинскому решение Совета Министров СССР о Северной Корее; ВЫШИНСКОГО известили."
    assert found(text, registers, "ru") == [
        ("Вышинскому", "pers-vyshinsky"), ("Совета Министров СССР", "org-council"),
        ("Северной Корее", "place-north-korea"), ("ВЫШИНСКОГО", "pers-vyshinsky")]


def test_name_spans_chinese_without_word_boundaries(registers):
    text = "朝鲜人民军最高司令官金日成元帅与中国人民志愿军司令员彭德怀将军致联合国军总司令克拉克将军"
    assert found(text, registers, "zh") == [
        ("朝鲜人民军", "org-kpa"), ("金日成", "pers-kim-il-sung"), ("中国人民志愿军", "org-cpv"),
        ("彭德怀", "pers-peng-dehuai"), ("联合国军", "org-united-nations-command"), ("克拉克", "pers-clark"),
    ]


def test_name_spans_korean_with_particles_attached(registers):
    # Korean writes its particles onto the name (판문점에서, 군사정전위원회와): no word boundary after a name.
    text = "1953년 판문점에서 조선인민군과 중국인민지원군, 유엔군사령부가 서명하였다. 군사정전위원회와 중립국감시위원단이 대한민국과 북한 사이에 있다."
    assert found(text, registers, "ko") == [
        ("판문점", "place-panmunjom"), ("조선인민군", "org-kpa"), ("중국인민지원군", "org-cpv"),
        ("유엔군사령부", "org-united-nations-command"), ("군사정전위원회", "org-mac"), ("중립국감시위원단", "org-nnsc"),
        ("대한민국", "place-south-korea"), ("북한", "place-north-korea"),
    ]


def test_name_spans_name_broken_across_lines(registers):
    assert found("Cde Kim Il\nSung in the Signing", registers) == [("Kim Il\nSung", "pers-kim-il-sung")]


def test_name_spans_states_are_places_governments_orgs(registers):
    assert found("the Soviet Government and the Soviet Union", registers) == [
        ("Soviet Government", "org-government-ussr"), ("Soviet Union", "place-ussr")
    ]


# --- annotate ----------------------------------------------------------------

MIXED = f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Letter to Mao Zedong</title></titleStmt></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName>Filippov</persName></correspAction>
<note>sent from Moscow</note></correspDesc><abstract><p>Stalin writes to Mao Zedong.</p></abstract></profileDesc></teiHeader>
<text><body><p rend="Kim Il Sung">To Comrade <hi>Mao Zedong</hi> and Kim Il Sung in Pyongyang, <persName>Stalin</persName>
 asks Clark<note type="source-quirk">Clarke</note> about <date when="1953-03-19">Moscow time</date> in Kaesong.</p>
<div xml:lang="ru"><p>Товарищу Филиппову<lb/>из Пекина</p></div><p>金日成元帅</p></body></text></TEI>"""


def test_annotate_wraps_names_in_mixed_content(registers):
    root = etree.fromstring(MIXED)
    annotate(root, name_finder(registers))
    names = [(el.tag.split("}")[1], el.text, el.get("ref")) for el in root.iter(tei("persName"), tei("placeName"))]
    assert ("persName", "Mao Zedong", "persons.xml#pers-mao-zedong") in names  # inside <hi>
    assert ("placeName", "Pyongyang", "places.xml#place-pyongyang") in names  # in a tail
    assert ("persName", "Филиппову", "persons.xml#pers-stalin") in names  # xml:lang="ru" inherited
    assert ("placeName", "Пекина", "places.xml#place-beijing") in names  # tail of <lb/>
    assert ("placeName", "Kaesong", "places.xml#place-kaesong") in names  # tail after <date>
    assert ("placeName", "Moscow", "places.xml#place-moscow") in names  # correspDesc is annotated
    assert ("persName", "Stalin", "persons.xml#pers-stalin") in names  # abstract is annotated
    # never: the title, attribute values, existing annotations, source-quirk notes
    assert root.find(".//tei:title", NS).text == "Letter to Mao Zedong" and len(root.find(".//tei:title", NS)) == 0
    assert root.find(".//tei:body/tei:p", NS).get("rend") == "Kim Il Sung"
    assert root.find(".//tei:date", NS).text == "Moscow time" and len(root.find(".//tei:date", NS)) == 0
    assert len(root.find(".//tei:note[@type='source-quirk']", NS)) == 0
    assert root.find(".//tei:persName/tei:persName", NS) is None
    first_p = root.find(".//tei:body/tei:p", NS)
    assert first_p.find("tei:hi", NS).text is None  # "Mao Zedong" moved into the persName


def test_annotate_keeps_string_value_and_is_idempotent(registers):
    root = etree.fromstring(MIXED)
    before = string_value(root)
    annotate(root, name_finder(registers))
    once = etree.tostring(root)
    assert string_value(root) == before
    annotate(root, name_finder(registers))
    assert etree.tostring(root) == once


@pytest.mark.parametrize("stem", sorted(SEED_BODIES))
def test_annotate_seed_keeps_string_value_and_is_idempotent(stem, registers):
    root = seed_tei(stem)
    before = string_value(root)
    annotate(root, name_finder(registers))
    once = etree.tostring(root)
    assert string_value(root) == before
    annotate(root, name_finder(registers))
    assert etree.tostring(root) == once


def test_annotate_resolves_overlaps_longest_then_priority_then_earliest():
    root = etree.fromstring(f'<TEI xmlns="{TEI_NS}"><text><body><p>abcdefgh</p></body></text></TEI>')

    def finder(text, lang):
        return [
            Span(0, 3, "date"),  # "abc": loses to the longer "bcdef"
            Span(1, 6, "persName"),
            Span(5, 8, "num"),  # overlaps the winner: dropped
            Span(6, 8, "orgName"),  # same length as the next, lower priority
            Span(6, 8, "placeName", priority=2),
        ]

    annotate(root, finder)
    p = root.find(".//tei:p", NS)
    assert [(c.tag.split("}")[1], c.text) for c in p] == [("persName", "bcdef"), ("placeName", "gh")]
    assert p.text == "a" and string_value(p) == "abcdefgh"


def test_annotate_combined_finders(registers):
    root = etree.fromstring(f'<TEI xmlns="{TEI_NS}"><text><body><p>Moscow 1953</p></body></text></TEI>')
    def years(text, lang):
        return [Span(m.start(), m.end(), "date", {"when": m.group()}) for m in re.finditer(r"\d{4}", text)]

    annotate(root, combine(name_finder(registers), years))
    assert [(c.tag.split("}")[1], c.text) for c in root.find(".//tei:p", NS)] == [
        ("placeName", "Moscow"), ("date", "1953")
    ]


# --- evaluate ----------------------------------------------------------------


def test_score_counts_multisets():
    s = score([("Kim", "a"), ("Kim", "a"), ("Mao", "b")], [("Kim", "a"), ("Kim", "a"), ("Kim", "a"), ("Peng", "c")])
    assert (s.tp, s.fp, s.fn) == (2, 1, 2)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(0.5)


def test_evaluate_without_dates_gold_scores_names_only(tmp_path, registers):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "doc.names.json").write_text(
        json.dumps({"person": [["Mao Zedong", "pers-mao-zedong"]], "place": [], "org": []}), encoding="utf-8"
    )
    tei_path = tmp_path / "doc.xml"
    tei_path.write_text(
        f'<TEI xmlns="{TEI_NS}"><text><body><p><persName ref="persons.xml#pers-mao-zedong">Mao  Zedong</persName>'
        f' <placeName ref="places.xml#place-moscow">Moscow</placeName> <date when="1953">1953</date></p></body></text></TEI>',
        encoding="utf-8",
    )
    results = evaluate([tei_path, tmp_path / "no-gold.xml"], gold)
    assert set(results) == {"person", "place", "org"}
    assert results["person"][:3] == (1, 0, 0)
    assert results["place"][:3] == (0, 1, 0)
