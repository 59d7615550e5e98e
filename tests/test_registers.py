"""The register files: valid TEI, consistent ids and name forms, loadable."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lxml import etree

from pipeline.entities.recognize import _russian_inflections, name_spans, normalise_form
from pipeline.entities.registers import ENTRY_ELEMENTS, load_registers
from pipeline.errors import PipelineError
from pipeline.project import REGISTER_FILES

ROOT = Path(__file__).resolve().parents[1]
TEI_DIR = ROOT / "tei"
from conftest import TEI_ALL  # noqa: E402
ARCHIVES = ("org-aprf", "org-avprf", "org-rgaspi", "org-tsamo", "org-garf", "org-rgani")


@pytest.fixture(scope="module")
def registers():
    return load_registers(TEI_DIR)


def test_registers_valid_against_tei_all():
    jing = shutil.which("jing")
    assert jing, "jing is needed to validate the registers against tei_all.rng"
    paths = [str(TEI_DIR / name) for name in REGISTER_FILES.values()]
    result = subprocess.run([jing, str(TEI_ALL), *paths], capture_output=True, text=True)
    # jing prints a harmless classpath warning on stderr; errors go to stdout
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("file_name", sorted(REGISTER_FILES.values()))
def test_registers_have_schema_processing_instructions(file_name):
    head = (TEI_DIR / file_name).read_text(encoding="utf-8")[:600]
    assert 'href="../schema/tei-edition.xsd"' in head
    assert 'href="../schema/tei-edition.sch"' in head


def test_registers_variants_unique_across_entries(registers):
    assert registers.matcher.ambiguous == {}


def test_registers_ids_have_kind_prefix(registers):
    prefixes = {"person": "pers-", "place": "place-", "org": "org-"}
    wrong = [e.id for e in registers.entries.values() if not e.id.startswith(prefixes[e.kind])]
    assert wrong == []


def test_registers_archive_entries_exist(registers):
    for archive in ARCHIVES:
        assert registers[archive].kind == "org"
    assert "АВП РФ" in {f.text for f in registers["org-avprf"].forms}


def test_load_registers_gives_preferred_name_variants_and_ref(registers):
    kim = registers["pers-kim-il-sung"]
    assert kim.kind == "person" and kim.preferred == "Kim Il Sung"
    assert {("金日成", "zh"), ("Ким Ир Сен", "ru")} <= {(f.text, f.lang) for f in kim.variants}
    assert registers.ref("pers-kim-il-sung") == "persons.xml#pers-kim-il-sung"
    assert registers.ref("place-kaesong") == "places.xml#place-kaesong"
    assert registers.ref("org-council-of-ministers-ussr") == "organisations.xml#org-council-of-ministers-ussr"
    stalin = {(f.text, f.type) for f in registers["pers-stalin"].variants}
    assert ("Filippov", "pseudonym") in stalin
    assert ("Peng Dehaui", "misspelling") in {(f.text, f.type) for f in registers["pers-peng-dehuai"].variants}


def test_load_registers_malformed_file_raises_with_position(tmp_path):
    for name in REGISTER_FILES.values():
        shutil.copy(TEI_DIR / name, tmp_path / name)
    broken = tmp_path / REGISTER_FILES["place"]
    broken.write_text(broken.read_text(encoding="utf-8").replace("</listPlace>", "", 1), encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        load_registers(tmp_path)
    problem = info.value.problems[0]
    assert Path(problem.path).name == "places.xml" and problem.line > 0


def test_load_registers_two_preferred_names_is_an_error(tmp_path):
    for name in REGISTER_FILES.values():
        shutil.copy(TEI_DIR / name, tmp_path / name)
    persons = tmp_path / REGISTER_FILES["person"]
    text = persons.read_text(encoding="utf-8").replace(
        '<persName type="variant" xml:lang="en">Stalin</persName>',
        '<persName type="preferred" xml:lang="en">Stalin</persName>',
    )
    persons.write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError, match="pers-stalin: 2 preferred names"):
        load_registers(tmp_path)


# ---------------------------------------------------------------------------- issue 12, point 7

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
FACTS = ("birth", "death", "occupation", "country", "location", "note", "idno")


def _register(kind: str) -> etree._Element:
    return etree.parse(str(TEI_DIR / REGISTER_FILES[kind])).getroot()


def test_registers_state_one_policy_on_kinds():
    policies = {kind: [" ".join("".join(p.itertext()).split())
                       for p in _register(kind).iterfind(".//tei:encodingDesc/tei:editorialDecl/tei:p", NS)]
                for kind in REGISTER_FILES}
    assert policies["person"] == policies["place"] == policies["org"]
    kinds = policies["place"][0]
    assert "North and South Korea" in kinds and "(DPRK)" in kinds and "never a variant name" in kinds


def test_register_names_name_one_entry_each(registers):
    """A phrase naming two places ("North and South Korea") is no entry's name form."""
    coordinated = [(e.id, f.text) for e in registers.entries.values() for f in e.forms
                   if set(f.text.split()) & {"and", "и", "or", "或"} and e.kind == "place"]
    assert coordinated == []


def test_registers_list_no_form_the_matcher_generates(registers):
    """Russian case forms and ALL-CAPS forms are generated (recognize.py); listing them is redundant."""
    redundant = []
    for entry in registers.entries.values():
        russian = [f.text for f in entry.forms if f.lang == "ru"]
        for form in russian:
            others = set(russian) - {form}
            generated = set()
            for other in others:
                variants = {other} | _russian_inflections(other)
                generated |= variants | {v.upper() for v in variants}
            if form in generated:
                redundant.append((entry.id, form))
    assert redundant == []


@pytest.mark.parametrize("text, expected", [
    ("КИМ ИР СЕНУ", "pers-kim-il-sung"), ("КИМ ИР СЕНА", "pers-kim-il-sung"), ("ЛИ КЭ-НУНА", "pers-li-kenong"),
    ("Корейского Народного правительства", "org-government-dprk"),
    ("Южно-Корейского правительства", "org-government-rok"), ("38 параллели", "place-38th-parallel"),
    ("Южной Кореи", "place-south-korea"), ("Северной Кореи", "place-north-korea"),
])
def test_removed_inflected_forms_are_still_recognised(registers, text, expected):
    spans = name_spans(text, "ru", registers)
    assert [(s.start, s.end, s.attrib["ref"].rsplit("#", 1)[-1]) for s in spans] == [(0, len(text), expected)]


@pytest.mark.parametrize("kind", sorted(REGISTER_FILES))
def test_register_facts_name_their_source(kind):
    root = _register(kind)
    bibls = {b.get(XML_ID) for b in root.iterfind(".//tei:sourceDesc/tei:bibl", NS)}
    entry_tag = ENTRY_ELEMENTS[kind][0]
    unsourced, unknown, used = [], [], set()
    for entry in root.iterfind(f".//tei:{entry_tag}", NS):
        for fact in entry:
            if etree.QName(fact).localname not in FACTS:
                continue
            if fact.get("type") in ("editorial", "provenance") and etree.QName(fact).localname == "note":
                continue
            tokens = (fact.get("source") or "").split()
            if not tokens:
                unsourced.append((entry.get(XML_ID), etree.QName(fact).localname))
            unknown += [t for t in tokens if not (t.startswith("#") and t[1:] in bibls)]
            used |= {t[1:] for t in tokens}
    assert unsourced == [] and unknown == []
    assert used == bibls, "every source listed is cited and every citation listed"


@pytest.mark.parametrize("kind", sorted(REGISTER_FILES))
def test_register_authority_ids_are_verified_wikidata_only(kind):
    root = _register(kind)
    method = root.xpath(".//tei:sourceDesc/tei:bibl[@xml:id='src-wikidata']", namespaces=NS)
    method = method[0] if method else None
    for idno in root.iterfind(".//tei:text//tei:idno", NS):
        assert idno.get("type") == "wikidata" and re.fullmatch(r"Q\d+", idno.text)
        assert idno.get("source") == "#src-wikidata"
        assert method is not None and "checked" in "".join(method.itertext())


def test_register_authority_ids_match_the_entries():
    """The identifiers kept are the ones checked (December 2026); unchecked ones were removed."""
    kept = {}
    for kind in REGISTER_FILES:
        for idno in _register(kind).iterfind(".//tei:text//tei:idno[@type='wikidata']", NS):
            kept[idno.getparent().get(XML_ID)] = idno.text
    assert kept == {
        "pers-stalin": "Q855", "pers-mao-zedong": "Q5816", "pers-eisenhower": "Q9916", "pers-truman": "Q11613",
        "place-north-korea": "Q423", "place-south-korea": "Q884", "place-china": "Q148", "place-ussr": "Q15180",
        "place-united-states": "Q30", "place-beijing": "Q956", "place-poland": "Q36",
        "place-czechoslovakia": "Q33946", "place-sweden": "Q34", "place-switzerland": "Q39",
        "place-india": "Q668", "place-britain": "Q145", "place-france": "Q142", "org-un": "Q1065",
    }


def _sort_key(person) -> tuple[str, str]:
    pref = person.find("tei:persName[@type='preferred']", NS)
    return (pref.findtext("tei:surname", namespaces=NS).lower(),
            " ".join(pref.xpath("tei:forename/text()", namespaces=NS)).lower())


def test_persons_marked_by_forename_and_surname_and_sorted_by_surname(registers):
    persons = _register("person").findall(".//tei:listPerson/tei:person", NS)
    for p in persons:
        pref = p.find("tei:persName[@type='preferred']", NS)
        assert pref.find("tei:surname", NS) is not None, p.get(XML_ID)
    keys = [_sort_key(p) for p in persons]
    assert keys == sorted(keys)
    ids = [p.get(XML_ID) for p in persons]
    assert ids.index("pers-eisenhower") < ids.index("pers-kim-il-sung") < ids.index("pers-mao-zedong")
    # the loader reads the marked name as running text, so the matcher sees it whole
    assert registers["pers-eisenhower"].preferred == "Dwight D. Eisenhower"
    assert registers["pers-kuznetsov-v-v"].preferred == "Vasily Vasilyevich Kuznetsov"
    assert registers["pers-mao-zedong"].preferred == "Mao Zedong"
    for text in ("Dwight D. Eisenhower", "Eisenhower"):
        spans = name_spans(f"President {text} said", "en", registers)
        assert [(s.attrib["ref"], s.end - s.start) for s in spans] == [("persons.xml#pers-eisenhower", len(text))]
