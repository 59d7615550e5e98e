"""CMIF 1.1 export (xslt/cmif_corpus.xsl): valid against the official CMIF schema, its
Schematron and the rules embedded in the schema, on the seeds and on a corpus of letters
made for the rules; the Schematron runner (pipeline/schematron.py) rejects what CMIF forbids."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, copy_project
from pipeline import schematron
from pipeline.errors import PipelineError
from pipeline.package import build_corpus
from pipeline.project import REGISTER_FILES, Project
from pipeline.transform import Stylesheets
from pipeline.xmlio import parse, parse_bytes

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CMIF_RNG = ROOT / "schema" / "cmi-customization.rng"
CMIF_SCH = ROOT / "schema" / "cmif.sch"
CHECKSUMS = {
    CMIF_RNG: "f2847266dcad9884c80b9f52fb430033566ea7306a0a453c246d6932094abf5f",
    CMIF_SCH: "7c6eb9674e77564b7a02e0a2788c608d22b83c283ec6ed02fba6fd2b54854b29",
}
BASE = "https://armistice-edition.example.org/"

# A document made for the rules: a letter without a named addressee, a draft, a letter
# quoted in an enclosure, a date with a time, an uncertain sender, an organisation.
LETTERS = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="doc-fixture-letters">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">Report with two letters</title></titleStmt>
      <publicationStmt><publisher>x</publisher>
        <idno type="UUID">{uuid}</idno></publicationStmt>
      <sourceDesc><p>made for tests/test_cmif.py</p></sourceDesc>
    </fileDesc>
    <profileDesc>
      <correspDesc xml:id="fx-corresp1">
        <correspAction type="sent">
          <persName ref="persons.xml#pers-mao-zedong" cert="medium">MAO</persName>
          <placeName ref="places.xml#place-beijing">Peking</placeName>
          <date when="1951-07-03T13:55:00" cert="low">13:55 3.7.1951</date>
        </correspAction>
      </correspDesc>
      <correspDesc xml:id="fx-corresp2">
        <correspAction type="sent">
          <orgName ref="organisations.xml#org-government-ussr">Soviet Government</orgName>
          <date when="1953-07">July 1953</date>
        </correspAction>
        <correspAction type="received">
          <persName><roleName>the ambassador</roleName></persName>
          <persName ref="persons.xml#pers-eisenhower">Eisenhower</persName>
          <note>carried by courier</note>
        </correspAction>
      </correspDesc>
      <correspDesc xml:id="fx-corresp3" type="draft">
        <correspAction type="sent"><persName ref="persons.xml#pers-stalin">Stalin</persName></correspAction>
        <correspAction type="received"><persName ref="persons.xml#pers-kim-il-sung">Kim</persName></correspAction>
      </correspDesc>
      <correspDesc xml:id="fx-corresp4">
        <correspAction type="sent"><name>somebody</name><date>undated</date></correspAction>
      </correspDesc>
    </profileDesc>
  </teiHeader>
  <text>
    <body>
      <div type="translation" xml:lang="en" xml:id="fx-en" decls="#fx-corresp1">
        <div type="attachment" xml:id="fx-en-div2" decls="#fx-corresp2"><p>Letter.</p></div>
        <div type="attachment" xml:id="fx-en-div3" decls="#fx-corresp3"><p>Draft.</p></div>
      </div>
    </body>
  </text>
</TEI>
"""


def cmif(tmp_path: Path, docs: list[Path]) -> Path:
    """The corpus of `docs` (with the edition's registers beside it) -> CMIF, as the package writes it."""
    tei = tmp_path / "tei"
    tei.mkdir(exist_ok=True)
    for name in REGISTER_FILES.values():
        shutil.copy(ROOT / "tei" / name, tei / name)
    copies = []
    for p in docs:
        if p.parent != tei:
            shutil.copy(p, tei / p.name)
        copies.append(tei / p.name)
    corpus = tei / "edition.xml"
    corpus.write_bytes(build_corpus(copies, "2026-01-15"))
    out = tmp_path / "cmif.xml"
    stems = " ".join(f"{parse(p).getroot().get(XML_ID)}={p.stem}" for p in copies)
    text = Stylesheets(ROOT / "xslt").render_string(
        "cmif_corpus", corpus, {"base-url": BASE, "date": "2026-01-15", "stems": stems,
                                "editor-name": "The editors", "editor-email": "ed@example.org"})
    out.write_text(text, encoding="utf-8")
    return out


def official_problems(path: Path) -> list[str]:
    """jing against the CMIF RELAX NG, then the CMIF Schematron and the schema's embedded rules."""
    exe = shutil.which("jing")
    assert exe, "jing is not installed (Debian package jing)"
    done = subprocess.run([exe, str(CMIF_RNG), str(path)], capture_output=True, text=True)
    found = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode and not found:
        found.append(done.stderr)
    tree = parse(path)
    found += [str(p) for p in schematron.validate(CMIF_SCH, tree, path)]
    found += [str(p) for p in schematron.validate(CMIF_RNG, tree, path)]
    return found


@pytest.fixture(scope="module")
def seeds_cmif(tmp_path_factory) -> Path:
    return cmif(tmp_path_factory.mktemp("cmif-seeds"), Project(ROOT).document_paths())


@pytest.fixture(scope="module")
def fixture_cmif(tmp_path_factory) -> etree._Element:
    d = tmp_path_factory.mktemp("cmif-fixture")
    doc = d / "letters.xml"
    doc.write_text(LETTERS.format(uuid="e0c4a8f2-5b1d-4c3e-9a7f-2d6b8e1f0a93"), encoding="utf-8")
    path = cmif(d, [doc])
    assert official_problems(path) == []
    return parse(path).getroot()


def test_cmif_files_are_the_official_release():
    readme = (ROOT / "schema" / "README.md").read_text(encoding="utf-8")
    for path, digest in CHECKSUMS.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path.name
        assert digest in readme
    assert "d171133e2ca7a0b987ba0564577ec79077b8d908" in readme and "BSD 2-Clause" in readme
    assert b"CC+BY and BSD-2" in CMIF_RNG.read_bytes()[:2000]


def test_cmif_of_the_seeds_is_valid_cmif_1_1(seeds_cmif):
    assert official_problems(seeds_cmif) == []


def test_cmif_of_the_seeds_lists_their_letters(seeds_cmif):
    root = parse(seeds_cmif).getroot()
    expected = 0
    for p in Project(ROOT).document_paths():
        descs = parse(p).getroot().findall("tei:teiHeader/tei:profileDesc/tei:correspDesc", NS)
        expected += len([d for d in descs if d.get("type") != "draft"])
    descs = root.findall(".//tei:profileDesc/tei:correspDesc", NS)
    assert expected >= 3 and len(descs) == expected
    # 003: Mao Zedong in Beijing to "Filippov", identified as Stalin: authority URIs.
    mao = [d for d in descs if d.xpath("tei:correspAction[@type='sent']/tei:persName[. = 'Mao Zedong']", namespaces=NS)]
    assert len(mao) == 1
    assert mao[0].xpath("string(tei:correspAction[@type='sent']/tei:placeName/@ref)", namespaces=NS) \
        == "http://www.wikidata.org/entity/Q956"
    assert mao[0].xpath("string(tei:correspAction[@type='received']/tei:persName/@ref)", namespaces=NS) \
        == "http://www.wikidata.org/entity/Q855"


def test_cmif_bibl_ids_are_the_documents_uuids(seeds_cmif):
    root = parse(seeds_cmif).getroot()
    uuids = {parse(p).getroot().findtext(".//tei:publicationStmt/tei:idno[@type='UUID']", namespaces=NS)
             for p in Project(ROOT).document_paths()}
    bibls = root.findall(".//tei:sourceDesc/tei:bibl", NS)
    assert bibls
    for b in bibls:
        assert b.get(XML_ID) in uuids
        uuid.UUID(b.get(XML_ID))
        assert b.get("type") == "online"
    sources = {d.get("source") for d in root.iter(f"{{{TEI}}}correspDesc")}
    assert sources == {"#" + b.get(XML_ID) for b in bibls}


def test_cmif_correspaction_holds_only_names_places_and_dates(fixture_cmif):
    for action in fixture_cmif.iter(f"{{{TEI}}}correspAction"):
        assert {etree.QName(c).localname for c in action} <= {"persName", "orgName", "placeName", "date"}
        assert all(len(c) == 0 for c in action), "names and dates carry text only"
        assert action.get("type") in ("sent", "received")


def test_cmif_every_letter_has_a_sender_and_an_addressee(fixture_cmif):
    descs = fixture_cmif.findall(".//tei:correspDesc", NS)
    # the draft (fx-corresp3) and the letter with neither name nor usable date (fx-corresp4) are left out
    assert len(descs) == 2
    first = descs[0]
    assert [a.get("type") for a in first.findall("tei:correspAction", NS)] == ["sent", "received"]
    assert first.xpath("tei:correspAction[@type='received']/tei:persName/text()", namespaces=NS) == ["Unknown"]


def test_cmif_names_and_dates_follow_cmif_conventions(fixture_cmif):
    first, second = fixture_cmif.findall(".//tei:correspDesc", NS)
    sent = first.find("tei:correspAction[@type='sent']", NS)
    mao = sent.find("tei:persName", NS)
    assert mao.text == "Mao Zedong" and mao.get("cert") == "low"  # CMIF has "low" only
    date = sent.find("tei:date", NS)
    assert date.get("when") == "1951-07-03" and date.text == "13:55 3.7.1951"
    org = second.find("tei:correspAction[@type='sent']/tei:orgName", NS)
    assert org.text == "Government of the USSR" and org.get("ref") is None  # no authority id in the register
    assert second.find("tei:correspAction[@type='sent']/tei:date", NS).get("when") == "1953-07"
    assert second.find("tei:correspAction[@type='sent']/tei:date", NS).text is None
    received = [p.text for p in second.findall("tei:correspAction[@type='received']/tei:persName", NS)]
    # an unregistered name as the text has it; a registered one in the register's sort form
    assert received[0] == "the ambassador"
    eisenhower = second.find("tei:correspAction[@type='received']/tei:persName[2]", NS)
    assert eisenhower.get("ref") == "http://www.wikidata.org/entity/Q9916"
    assert received[1] in ("Eisenhower, Dwight D.", "Dwight D. Eisenhower")


def test_cmif_refs_are_pages_or_the_letters_anchor(fixture_cmif):
    first, second = fixture_cmif.findall(".//tei:correspDesc", NS)
    assert first.get("ref") == BASE + "html/letters.html"  # the whole translation is the letter
    assert second.get("ref") == BASE + "html/letters.html#fx-en-div2"  # an enclosure of it
    for ref in fixture_cmif.xpath("//tei:correspAction/*/@ref", namespaces=NS):
        assert re.match(r"^https?://(www\.wikidata\.org|viaf\.org|d-nb\.info|www\.geonames\.org)/", ref), ref


def _break(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    bad = path.with_name("broken-" + path.name)
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    return bad


@pytest.mark.parametrize("old, new, code", [
    ('<correspAction type="received">', '<correspAction type="sent">', "[E0002]"),
    ('source="#', 'source="#x', "[E0003]"),
    ('<date when="1951-07-03"/>', "<date>3 July</date>", "[E0004]"),
])
def test_cmif_schematron_rejects_what_cmif_forbids(seeds_cmif, old, new, code):
    bad = _break(seeds_cmif, old, new)
    found = schematron.validate(CMIF_SCH, parse(bad), bad)
    assert any(code in p.message and p.severity == "error" for p in found), [str(p) for p in found]
    line = next(p.line for p in found if code in p.message)
    assert line > 1  # at the element, not at the top of the file


def test_cmif_schematron_warns_about_a_bibl_id_that_is_no_uuid(seeds_cmif):
    uid = "bd5a1082-3dca-544a-84e6-282a393e72a9"  # 003's UUID
    text = seeds_cmif.read_text(encoding="utf-8").replace(uid, "bibl-doc-003")
    bad = seeds_cmif.with_name("no-uuid.xml")
    bad.write_text(text, encoding="utf-8")
    found = schematron.validate(CMIF_SCH, parse(bad), bad)
    assert [p.severity for p in found] == ["warning"] and "[W0001]" in found[0].message


def test_cmif_schema_rejects_a_note_in_a_name(seeds_cmif):
    bad = _break(seeds_cmif, "<persName>Kim Il Sung</persName>", "<persName><roleName>x</roleName></persName>")
    assert any("roleName" in p for p in official_problems(bad))


def test_schematron_runner_runs_embedded_rules():
    tree = parse_bytes(b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><profileDesc>
        <correspDesc><correspAction type="sent"><persName>A</persName>
        <date when="1951-07-03" notBefore="1951-07-01"/></correspAction></correspDesc>
        </profileDesc></teiHeader></TEI>""", Path("x.xml"))
    found = schematron.validate(CMIF_RNG, tree, "x.xml")
    assert any("@when attribute cannot be used" in p.message for p in found), [str(p) for p in found]


def test_schematron_runner_refuses_an_xpath1_schema():
    with pytest.raises(PipelineError, match="query binding"):
        schematron.validator(ROOT / "schema" / "tei-edition.sch")


# ---------------------------------------------------------------------------- in the deposit package

@pytest.fixture(scope="module")
def cmif_bag(tmp_path_factory):
    import datetime as dt

    from pipeline.build import build
    from pipeline.package import package

    proj = copy_project(tmp_path_factory.mktemp("cmif-bag") / "edition", with_documents=True)
    assert build(proj, formats={"txt"}, progress=False).ok
    result = package(proj, today=dt.date(2026, 1, 15), allow_placeholders=True)
    return result.bag


def test_package_cmif_declares_the_official_schema_and_schematron(cmif_bag):
    cmif = cmif_bag / "data" / "metadata" / "cmif.xml"
    head = cmif.read_text(encoding="utf-8")[:1000]
    assert 'href="../schema/cmi-customization.rng"' in head and 'href="../schema/cmif.sch"' in head
    assert (cmif_bag / "data" / "schema" / "cmif.sch").is_file()
    assert official_problems(cmif) == []


def test_package_verify_runs_the_cmif_schematron(cmif_bag, tmp_path):
    import shutil as sh

    import bagit

    from pipeline.package import verify

    copy = tmp_path / "bag"
    sh.copytree(cmif_bag, copy)
    cmif = copy / "data" / "metadata" / "cmif.xml"
    text = cmif.read_text(encoding="utf-8")
    # still valid RELAX NG, but the letter's @source names no bibl (CMIF Schematron E0003)
    cmif.write_text(re.sub(r'source="#([0-9a-f-]+)"', 'source="#x\\1"', text, count=1), encoding="utf-8")
    bag = bagit.Bag(str(copy))
    bag.save(manifests=True)  # the bag is intact: only the CMIF rule can find the fault
    problems = [str(p) for p in verify(copy)]
    assert any("cmif.sch" in p and "[E0003]" in p for p in problems), problems
