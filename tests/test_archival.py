"""Archival citations, their TEI encoding (validated with jing) and document numbers."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from pipeline.entities.archival import (
    ArchivalCitation,
    Level,
    citation_to_tei,
    citations_to_msidentifier,
    find_document_numbers,
    parse_citations,
)
from pipeline.xmlio import NS, TEI_NS, tei

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"
from conftest import TEI_ALL as TEI_RNG  # noqa: E402

CITATIONS = [
    # (text, as_written, repository, register id, [(type, value)])
    ("Digital Archive, APRF, Fond 3, Opis 65, Delo 830, Listy 60-71 and",
     "APRF, Fond 3, Opis 65, Delo 830, Listy 60-71", "APRF", "org-aprf",
     [("fond", "3"), ("opis", "65"), ("delo", "830"), ("folios", "60-71")]),
    ("and AVPRF, Fond 059a, Opis 5a, Delo 4, Papka 11, Listy 54-65\n<http://",
     "AVPRF, Fond 059a, Opis 5a, Delo 4, Papka 11, Listy 54-65", "AVPRF", "org-avprf",
     [("fond", "059a"), ("opis", "5a"), ("delo", "4"), ("papka", "11"), ("folios", "54-65")]),
    ("AVP RF, F. 3, Op. 65, D. 830, pp. 170-71. Contributed by",
     "AVP RF, F. 3, Op. 65, D. 830, pp. 170-71", "AVPRF", "org-avprf",
     [("fond", "3"), ("opis", "65"), ("delo", "830"), ("pages", "170-171")]),
    ("Source: RGASPI, f. 558, op. 11, d. 342, ll. 1-3.",
     "RGASPI, f. 558, op. 11, d. 342, ll. 1-3", "RGASPI", "org-rgaspi",
     [("fond", "558"), ("opis", "11"), ("delo", "342"), ("folios", "1-3")]),
    ("TsAMO, F. 5, Op. 918795, D. 122, L. 30",
     "TsAMO, F. 5, Op. 918795, D. 122, L. 30", "TsAMO", "org-tsamo",
     [("fond", "5"), ("opis", "918795"), ("delo", "122"), ("folios", "30")]),
    ("GARF, fond 5446, opis 1, delo 12; see also",
     "GARF, fond 5446, opis 1, delo 12", "GARF", "org-garf",
     [("fond", "5446"), ("opis", "1"), ("delo", "12")]),
    ("Arkhiv Prezidenta Rossiiskoi Federatsii (APRF), f. 45, op. 1, d. 347, ll. 41-44.",
     "Arkhiv Prezidenta Rossiiskoi Federatsii (APRF), f. 45, op. 1, d. 347, ll. 41-44", "APRF", "org-aprf",
     [("fond", "45"), ("opis", "1"), ("delo", "347"), ("folios", "41-44")]),
    ("Источник: АПРФ, ф. 3, оп. 65, д. 830, л. 60-71.",
     "АПРФ, ф. 3, оп. 65, д. 830, л. 60-71", "APRF", "org-aprf",
     [("fond", "3"), ("opis", "65"), ("delo", "830"), ("folios", "60-71")]),
    ("RGANI, fond 5, opis 30, delo 3, list 1",
     "RGANI, fond 5, opis 30, delo 3, list 1", "RGANI", "org-rgani",
     [("fond", "5"), ("opis", "30"), ("delo", "3"), ("folios", "1")]),
    # -- styles not in the seeds
    ("AVPRF, f. 059a, op. 5a, p. 11, d. 4, ll. 54-65.",  # "p." between levels is a papka
     "AVPRF, f. 059a, op. 5a, p. 11, d. 4, ll. 54-65", "AVPRF", "org-avprf",
     [("fond", "059a"), ("opis", "5a"), ("papka", "11"), ("delo", "4"), ("folios", "54-65")]),
    ("APRF, f. 3, op. 65, d. 826, p. 12.",  # "p." at the end is a page
     "APRF, f. 3, op. 65, d. 826, p. 12", "APRF", "org-aprf",
     [("fond", "3"), ("opis", "65"), ("delo", "826"), ("pages", "12")]),
    ("Archive of the President of the Russian Federation, fond 45, opis 1, delo 331, listy 59-61",
     "Archive of the President of the Russian Federation, fond 45, opis 1, delo 331, listy 59-61",
     "APRF", "org-aprf", [("fond", "45"), ("opis", "1"), ("delo", "331"), ("folios", "59-61")]),
    ("GARF, f. R-5446, op. 1, d. 12, ll. 5-5ob.",
     "GARF, f. R-5446, op. 1, d. 12, ll. 5-5ob.", "GARF", "org-garf",
     [("fond", "R-5446"), ("opis", "1"), ("delo", "12"), ("folios", "5-5ob")]),
    ("RTsKhIDNI, f. 17, op. 162, d. 45, ll. 98–102",  # former name of RGASPI, en dash
     "RTsKhIDNI, f. 17, op. 162, d. 45, ll. 98–102", "RGASPI", "org-rgaspi",
     [("fond", "17"), ("opis", "162"), ("delo", "45"), ("folios", "98-102")]),
    ("АВП РФ, ф. 0102, оп. 7, п. 27, д. 49, лл. 12-14",
     "АВП РФ, ф. 0102, оп. 7, п. 27, д. 49, лл. 12-14", "AVPRF", "org-avprf",
     [("fond", "0102"), ("opis", "7"), ("papka", "27"), ("delo", "49"), ("folios", "12-14")]),
    ("RGAE, f. 4372, op. 11, d. 5, ll. 198-99",  # unknown archive: kept as written, no id
     "RGAE, f. 4372, op. 11, d. 5, ll. 198-99", "RGAE", None,
     [("fond", "4372"), ("opis", "11"), ("delo", "5"), ("folios", "198-199")]),
]


@pytest.mark.parametrize("text, as_written, repository, ref, levels", CITATIONS,
                         ids=[c[1] for c in CITATIONS])
def test_parse_citations_reads_style(text, as_written, repository, ref, levels):
    [cit] = parse_citations(text)
    assert cit.as_written == as_written == text[cit.start:cit.end]
    assert (cit.repository, cit.repository_ref) == (repository, ref)
    assert [(lv.type, lv.value) for lv in cit.levels] == levels
    for level in cit.levels:
        assert level.as_written in cit.as_written


def test_parse_citations_finds_two_in_one_sentence():
    text = ("March 19, 1953, History and Public Policy Program Digital Archive, APRF, Fond 3, "
            "Opis 65, Delo 830, Listy 60-71 and AVPRF, Fond 059a, Opis 5a, Delo 4, Papka 11, Listy 54-65")
    assert [c.repository for c in parse_citations(text)] == ["APRF", "AVPRF"]


@pytest.mark.parametrize("text", [
    "in accordance with Article 109 of the Geneva Convention",
    "a letter to Molotov, f. 3 and more",  # a name, not an archive abbreviation
    "APRF holds the originals.",  # repository without any level
    "Fond 3, Opis 65",  # levels without a repository
])
def test_parse_citations_ignores_non_citations(text):
    assert parse_citations(text) == []


def test_level_equality_ignores_offsets():
    [cit] = parse_citations("GARF, fond 5446, opis 1, delo 12")
    assert cit.levels[0] == Level("fond", "5446", "fond 5446")


def jing(document: etree._Element, tmp_path: Path) -> subprocess.CompletedProcess:
    assert shutil.which("jing"), "jing is required to validate TEI output"
    path = tmp_path / "doc.xml"
    path.write_bytes(etree.tostring(document, xml_declaration=True, encoding="UTF-8"))
    return subprocess.run(["jing", str(TEI_RNG), str(path)], capture_output=True, text=True)


def tei_with_msdescs(identifiers: list[etree._Element]) -> etree._Element:
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    file_desc = etree.SubElement(etree.SubElement(root, tei("teiHeader")), tei("fileDesc"))
    etree.SubElement(etree.SubElement(file_desc, tei("titleStmt")), tei("title")).text = "t"
    etree.SubElement(etree.SubElement(file_desc, tei("publicationStmt")), tei("p")).text = "p"
    source_desc = etree.SubElement(file_desc, tei("sourceDesc"))
    for identifier in identifiers:
        etree.SubElement(source_desc, tei("msDesc")).append(identifier)
    etree.SubElement(etree.SubElement(etree.SubElement(root, tei("text")), tei("body")), tei("p")).text = "b"
    return root


def test_citation_to_tei_keeps_text_and_structure():
    [aprf, avprf] = parse_citations(
        "APRF, Fond 3, Opis 65, Delo 830, Listy 60-71 and AVPRF, Fond 059a, Opis 5a, Delo 4, "
        "Papka 11, Listy 54-65")
    ms = citations_to_msidentifier([aprf, avprf])
    assert ms.tag == tei("msIdentifier")
    assert [etree.QName(c).localname for c in ms] == ["repository", "idno", "altIdentifier"]
    repo = ms.find("tei:repository", NS)
    assert (repo.text, repo.get("ref")) == ("APRF", "organisations.xml#org-aprf")
    ref = ms.find("tei:idno", NS)
    assert ref.get("type") == "archival-reference"
    assert "".join(ref.itertext()) == "Fond 3, Opis 65, Delo 830, Listy 60-71"
    assert [(i.get("type"), i.get("n"), i.text) for i in ref] == [
        ("fond", "3", "Fond 3"), ("opis", "65", "Opis 65"),
        ("delo", "830", "Delo 830"), ("folios", "60-71", "Listy 60-71")]
    alt = ms.find("tei:altIdentifier", NS)
    assert alt.find("tei:repository", NS).get("ref") == "organisations.xml#org-avprf"
    assert "".join(alt.find("tei:idno", NS).itertext()) == "Fond 059a, Opis 5a, Delo 4, Papka 11, Listy 54-65"


def test_citation_to_tei_unknown_archive_has_no_ref():
    [cit] = parse_citations("RGAE, f. 4372, op. 11, d. 5")
    el = citation_to_tei(cit, primary=False)
    assert el.tag == tei("altIdentifier")
    assert el.find("tei:repository", NS).get("ref") is None


def test_citation_to_tei_repository_as_written():
    [cit] = parse_citations("AVP RF, F. 3, Op. 65, D. 830, pp. 170-71.")
    el = citation_to_tei(cit, primary=True)
    assert el.find("tei:repository", NS).text == "AVP RF"
    assert "".join(el.find("tei:idno", NS).itertext()) == "F. 3, Op. 65, D. 830, pp. 170-71"


def test_citations_to_msidentifier_needs_a_citation():
    with pytest.raises(ValueError):
        citations_to_msidentifier([])


def test_citation_tei_is_valid(tmp_path):
    cits = [c for text, *_ in CITATIONS for c in parse_citations(text)]
    identifiers = [citation_to_tei(c, primary=True) for c in cits]
    identifiers.append(citations_to_msidentifier(cits[:3]))
    result = jing(tei_with_msdescs(identifiers), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hand_built_citation_is_valid(tmp_path):
    cit = ArchivalCitation("APRF", "org-aprf", "APRF, Fond 3", 0, 12,
                           [Level("fond", "3", "Fond 3")], "APRF")
    ms = citation_to_tei(cit, primary=True)
    assert "".join(ms.find("tei:idno", NS).itertext()) == "Fond 3"
    assert jing(tei_with_msdescs([ms]), tmp_path).returncode == 0


def test_jing_rejects_altidentifier_before_idno(tmp_path):
    # the harness must be able to fail: altIdentifier may not precede idno
    [cit] = parse_citations("GARF, fond 5446, opis 1, delo 12")
    ms = citation_to_tei(cit, primary=True)
    ms.insert(1, citation_to_tei(cit, primary=False))
    assert jing(tei_with_msdescs([ms]), tmp_path).returncode != 0


DOC_NUMBERS = [
    # (text, [(surface, type)])
    ("RESOLUTION Of 19 March 1953 No. 858-372cc.\nMoscow", [("858-372cc", "document-number")]),
    ("July 3, 1951\nCiphered Telegram No. 21405, Mao Zedong", [("21405", "telegram-number")]),
    ("CIPHERED TELEGRAM No. 21405\nCopies", [("21405", "telegram-number")]),
    ("[CPSU CC letterhead]\n\nNº 119/9\n\n24 July 1953", [("119/9", "document-number")]),
    ("CC SECRETARY\n\nNº 342", [("342", "document-number")]),
    ("MAO ZEDONG\nNo. 3305\n3.7.51", [("3305", "document-number")]),
    ("Excerpt from Minutes Nº 19 of the CC Presidium", [("19", "minutes-number")]),
    ("ref. point 9 of Minutes Nº 19", [("19", "minutes-number")]),
    # other wordings
    ("Шифртелеграмма № 21405 из Пекина", [("21405", "telegram-number")]),
    ("Протокол № 12 заседания", [("12", "minutes-number")]),
    ("Decree No. 1234-567ss of the Council", [("1234-567ss", "document-number")]),
    # part labels and other numbers are not document numbers
    ("the draft letters (Attachment No. 1).", []),
    ("to the directive (Attachment No. 2) and Appendix No. 3", []),
    ("(point 60)", []),
    ("Article 109 of the Geneva Convention", []),
    ("No objection was raised.", []),
]


@pytest.mark.parametrize("text, expected", DOC_NUMBERS, ids=[c[0][:30] for c in DOC_NUMBERS])
def test_find_document_numbers(text, expected):
    spans = find_document_numbers(text)
    assert [(text[s.start:s.end], s.attrib["type"]) for s in spans] == expected
    assert all(s.tag == "idno" for s in spans)


def gold_files():
    return sorted(GOLD.glob("*.dates.json"))


@pytest.mark.parametrize("gold_path", gold_files(), ids=lambda p: p.name.split(".")[0])
def test_archival_matches_gold(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (SEEDS / (gold_path.name.split(".")[0] + ".txt")).read_text(encoding="utf-8")
    got = [{"as_written": c.as_written, "repository": c.repository,
            "levels": [[lv.type, lv.value] for lv in c.levels]} for c in parse_citations(text)]
    assert got == gold["archival"]


@pytest.mark.parametrize("gold_path", gold_files(), ids=lambda p: p.name.split(".")[0])
def test_document_numbers_match_gold(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (SEEDS / (gold_path.name.split(".")[0] + ".txt")).read_text(encoding="utf-8")
    got = []
    for start_marker, end_marker, _lang in gold["body"]:
        start = text.index(start_marker)
        body = text[start:text.index(end_marker, start) if end_marker else len(text)]
        got += [[body[s.start:s.end], s.attrib["type"]] for s in find_document_numbers(body)]
    assert got == gold["docnum"]
