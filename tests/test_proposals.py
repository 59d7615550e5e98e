"""Names no register knows: proposed by the recognisers, flagged, grouped, accepted by an editor."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import SEEDS
from pipeline.cli import main
from pipeline.convert import convert_all, load_state
from pipeline.entities.annotate import annotate_document
from pipeline.entities.proposals import propose
from pipeline.entities.registers import load_registers
from pipeline.entities.review import collect, normalise, slug
from pipeline.xmlio import NS, TEI_NS, parse

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="module")
def registers():
    from conftest import ROOT

    return load_registers(ROOT / "tei")


def tei_doc(*paragraphs: tuple[str, str]) -> etree._Element:
    body = "".join(f'<p xml:lang="{lang}">{text}</p>' for lang, text in paragraphs)
    return etree.fromstring(
        f'<TEI xmlns="{TEI_NS}" xml:id="doc-t"><teiHeader><fileDesc><titleStmt><title>t</title>'
        f'<respStmt xml:id="doc-t-pipeline"><resp>r</resp><name>n</name></respStmt></titleStmt>'
        f"</fileDesc></teiHeader><text><body>{body}</body></text></TEI>")


def marked(root) -> list[tuple[str, str, str | None, str | None]]:
    out = []
    for el in root.iterfind(".//tei:text//*", NS):
        tag = etree.QName(el).localname
        if tag in ("persName", "placeName", "orgName"):
            out.append((tag, " ".join("".join(el.itertext()).split()), el.get("ref"), el.get("cert")))
    return out


def proposed(root) -> list[tuple[str, str]]:
    return [(t, s) for t, s, ref, _ in marked(root) if ref is None]


def test_new_names_are_proposed_with_resp_and_cert_and_no_ref(registers):
    root = tei_doc(
        ("en", "Transmit the letter to Comrade Ivanov and to Cdes. Molotov and Gromyko."),
        ("en", "General Van Fleet met General Clark in Seoul."),
        ("ru", "Товарищ Громыко! Передайте товарищу КИМ ИР СЕНУ."),
    )
    annotate_document(root, registers)
    got = proposed(root)
    assert ("persName", "Ivanov") in got
    assert ("persName", "Gromyko") in got
    assert ("persName", "Van Fleet") in got
    assert ("placeName", "Seoul") in got
    assert ("persName", "Громыко") in got
    # register names keep their @ref and are not proposed again
    assert ("persName", "Molotov", "persons.xml#pers-molotov", None) in marked(root)
    assert all(el.get("ref") is None for el in root.iterfind(".//*[@resp='#doc-t-ner']"))
    assert all(el.get("cert") in ("high", "medium") for el in root.iterfind(".//*[@resp='#doc-t-ner']"))
    # the respStmt they point at names the recognisers
    (stmt,) = root.xpath("//tei:titleStmt/tei:respStmt[@xml:id='doc-t-ner']", namespaces=NS)
    assert "spaCy" in "".join(stmt.itertext())


def test_cues_make_a_proposal_sure(registers):
    (spans,) = propose(["Transmit this to Comrade Ivanov immediately."], "en")
    assert [(s.tag, s.attrib["cert"]) for s in spans] == [("persName", "high")]


def test_ordinary_capitalised_words_and_offices_are_not_proposed():
    texts = ["Attachment No. 1. The Soviet Government and the Geneva Convention.",
             "CC SECRETARY", "First. About the answer to the Minister of Foreign Affairs.",
             "TOP SECRET", "To commission the delegation to act.", "The South Koreans might resort to provocation."]
    got = [(t[s.start:s.end], s.tag) for t, spans in zip(texts, propose(texts, "en")) for s in spans]
    assert ("Minister of Foreign Affairs", "orgName") not in got
    assert not any(w in dict(got) for w in ("CC SECRETARY", "TOP SECRET", "To commission", "South Koreans",
                                            "Attachment", "First"))


def test_organisations_are_found_by_their_head_words():
    texts = ["The Second Main Administration of the General Staff of the Soviet Army reported it.",
             "a letter from the Ministry of Foreign Affairs of the Mongolian People's Republic",
             "The Bulgarian government agreed."]
    got = [(t[s.start:s.end], s.tag) for t, spans in zip(texts, propose(texts, "en")) for s in spans]
    assert ("Second Main Administration of the General Staff of the Soviet Army", "orgName") in got
    assert ("Ministry of Foreign Affairs of the Mongolian People's Republic", "orgName") in got
    assert ("Bulgarian government", "orgName") in got


def test_chinese_names_need_the_shape_of_a_name():
    (spans,) = propose(["哈利逊将军与南日将军在板门店会晤，双方采取任何措施。"], "zh")
    text = "哈利逊将军与南日将军在板门店会晤，双方采取任何措施。"
    got = {text[s.start:s.end]: s.tag for s in spans}
    assert got.get("哈利逊") == "persName"
    assert "双方" not in got and "采取任何" not in got


def test_russian_names_and_organisations():
    text = "Посол Рощин передал ответ Министерства иностранных дел СССР товарищу Громыко."
    (spans,) = propose([text], "ru")
    got = {text[s.start:s.end]: s.tag for s in spans}
    assert got.get("Рощин") == "persName"
    assert got.get("Громыко") == "persName"


def test_seeds_get_almost_no_proposals_because_their_registers_know_their_names(tmp_path):
    from conftest import copy_project

    project = copy_project(tmp_path / "p")
    convert_all(project)
    groups = collect(project)
    # Every name of the seeds is in a register; a handful of doubtful proposals at most.
    assert sum(g.count for g in groups) <= 4, [(g.kind, g.form) for g in groups]


@pytest.mark.parametrize("surface,lang,form", [
    ("KIM IL SUNG", "en", "Kim Il Sung"), ("Harrison's", "en", "Harrison"),
    ("Громыко", "ru", "Громыко"), ("Кореи", "ru", "Корея"), ("Рощину", "ru", "Рощин"),
])
def test_mentions_are_grouped_under_one_normal_form(surface, lang, form):
    assert normalise(surface, lang) == form


def test_slug_transliterates_every_script():
    assert slug("Ivanov") == "ivanov"
    assert slug("Громыко") == "gromyko"
    assert slug("南日") == "nan-ri"


# Proposing must never raise and never return overlapping or out-of-range spans.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from("Kim Il Sung Comrade Ministry of the Army General ,.;\n\"'()[]-Ivanov"),
               max_size=200), st.sampled_from(["en", "ru", "zh"]))
def test_proposals_are_well_formed_for_any_text(text, lang):
    (spans,) = propose([text], lang)
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    assert all(0 <= s.start < s.end <= len(text) for s in spans)


# --- pipeline entities and --accept -------------------------------------------------------


@pytest.fixture
def new_name_project(project):
    source = project.seeds / "005_new.txt"
    text = (SEEDS / "003_258a02fb508c896b.txt").read_text(encoding="utf-8")
    source.write_text(text.replace("Comrade Li Kenong", "Comrade Ivanov").replace(
        "товарища ЛИ КЭ-НУНА", "товарища ИВАНОВА"), encoding="utf-8")
    convert_all(project, [source])
    return project, source


def cli(project, *args):
    return CliRunner().invoke(main, ["--project", str(project.root), *map(str, args)])


def test_entities_lists_proposed_names_grouped(new_name_project):
    project, source = new_name_project
    result = cli(project, "entities")
    assert result.exit_code == 0, result.output
    line = next(l for l in result.output.splitlines() if l.startswith("person") and "Ivanov" in l)
    assert "-> new entry pers-ivanov" in line
    assert "005_new.xml" in result.output


def test_accepting_a_name_adds_it_to_the_register_and_confirms_it_everywhere(new_name_project):
    project, source = new_name_project
    result = cli(project, "entities", "--accept", "Ivanov")
    assert result.exit_code == 0, result.output
    persons = parse(project.tei / "persons.xml").getroot()
    (entry,) = persons.xpath("//tei:person[@xml:id='pers-ivanov']", namespaces=NS)
    assert entry.findtext("tei:persName[@type='preferred']", namespaces=NS) == "Ivanov"
    assert "pers-ivanov" in persons.findtext(".//tei:revisionDesc/tei:change", namespaces=NS)
    doc = parse(project.tei / "005_new.xml").getroot()
    refs = [el.get("ref") for el in doc.iterfind(".//tei:text//tei:persName", NS) if "Ivanov" in (el.text or "")]
    assert refs and all(r == "persons.xml#pers-ivanov" for r in refs)
    assert not [g for g in collect(project) if g.form == "Ivanov"]
    # the register is still valid, and the document is the pipeline's (not "edited")
    assert cli(project, "validate", project.tei / "persons.xml", project.tei / "005_new.xml").exit_code == 0
    assert load_state(project)["005_new.xml"]["sha256"]


def test_accepting_into_an_existing_entry_confirms_in_edited_documents_in_place(new_name_project):
    project, source = new_name_project
    target = project.tei / "005_new.xml"
    edited = target.read_text(encoding="utf-8").replace("In our opinion the 5 basic points", "In our view the 5 basic points")
    assert edited != target.read_text(encoding="utf-8")
    target.write_text(edited, encoding="utf-8")
    result = cli(project, "entities", "--accept", "Ivanov", "--as", "pers-li-kenong")
    assert result.exit_code == 0, result.output
    assert f"confirmed in edited document {target}" in result.output
    text = target.read_text(encoding="utf-8")
    assert "In our view the 5 basic points" in text  # the editor's change is kept
    doc = parse(target).getroot()
    refs = {el.get("ref") for el in doc.iterfind(".//tei:text//tei:persName", NS) if "Ivanov" in (el.text or "")}
    assert refs == {"persons.xml#pers-li-kenong"}
    forms = [n.text for n in parse(project.tei / "persons.xml").getroot().xpath(
        "//tei:person[@xml:id='pers-li-kenong']/tei:persName", namespaces=NS)]
    assert "Ivanov" in forms


def test_accepting_an_unknown_form_is_a_clear_error(new_name_project):
    project, _ = new_name_project
    result = cli(project, "entities", "--accept", "Nobody At All")
    assert result.exit_code == 1
    assert "no machine-proposed name has this form" in result.output
    assert "Traceback" not in result.output


# --- the rules of each language, on invented sentences in the period's style ----------------


def spans_of(text, lang):
    (spans,) = propose([text], lang)
    return {text[s.start:s.end]: s.tag for s in spans}


def test_telegram_capitals_are_read_as_names_not_bodies():
    got = spans_of("KIM IL SUNG asked me to read the recommendations to PAK HEON-YEONG and TEREBIN.", "en")
    assert got.get("PAK HEON-YEONG") == "persName"
    assert got.get("TEREBIN") == "persName"


def test_clerks_and_copy_lists_name_persons():
    text = "Copies: Stalin (2), Molotov, Malenkov, Bulganin\nTyped by Plyvkina at 0230 2 September"
    got = spans_of(text, "en")
    assert got.get("Bulganin") == "persName" and got.get("Plyvkina") == "persName"
    assert "Bulganin" not in [k for k, v in got.items() if v == "placeName"]


def test_an_addressee_line_names_the_addressee_without_to():
    got = spans_of("TO KRASOVSKY", "en")
    assert got == {"KRASOVSKY": "persName"}


def test_a_footnote_number_is_not_part_of_a_name():
    got = spans_of("The Ambassador in the Soviet Union (Bohlen) to the Department of State1", "en")
    assert got.get("Department of State") == "orgName"
    assert "Department of State1" not in got


def test_treaties_buildings_and_plural_peoples_are_not_places():
    got = spans_of("Under the Geneva Convention the Greeks met at Spaso House.", "en")
    assert "Geneva" not in got and "Greeks" not in got
    assert got.get("Spaso House") == "placeName"


def test_russian_common_nouns_and_adjectives_alone_are_not_names():
    got = spans_of("Соглашением о перемирии Корейская сторона довольна. Посол Рощин прибыл.", "ru")
    assert "Соглашением" not in got and "Корейская" not in got
    assert got.get("Рощин") == "persName"


def test_russian_bodies_end_at_their_first_lower_case_word():
    got = spans_of("принять на учёт в Польской Объединённой Рабочей Партии членов ВКП(б)", "ru")
    assert got.get("ВКП(б)") == "orgName"
    assert not any("членов" in k for k in got)


def test_russian_caps_titles_stay_outside_the_name():
    got = spans_of("ГЕНЕРАЛ-ПОЛКОВНИКУ С. А. КРАСОВСКОМУ", "ru")
    assert any(k.endswith("КРАСОВСКОМУ") and not k.startswith("ГЕНЕРАЛ") for k in got), got


def test_chinese_common_words_the_dictionary_tags_as_names_are_not_proposed():
    got = spans_of("他们保家卫国，送来毛巾，爱国的城镇居民在东北。", "zh")
    assert not set(got) & {"保家卫国", "毛巾", "爱国", "城镇", "东北"}, got


def test_chinese_transliterated_names_with_joiners_and_bodies_with_heads():
    got = spans_of("由欧仁妮·戈登担任主席，塔斯社和朝中红十字会代表出席。", "zh")
    assert got.get("欧仁妮·戈登") == "persName"
    assert got.get("朝中红十字会") == "orgName"


def test_chinese_places_need_the_shape_or_company_of_a_place():
    got = spans_of("部队进抵拉萨，匈牙利、埃及代表团在哥本哈根。", "zh")
    assert got.get("匈牙利") == "placeName" and got.get("哥本哈根") == "placeName"


def test_languages_without_a_recogniser_get_no_proposals():
    (spans,) = propose(["1953년 7월 27일 판문점에서 클라크가 서명했다."], "ko")
    assert spans == []


def test_a_five_megabyte_line_is_read_in_chunks():
    from pipeline.entities.proposals.common import chunks

    text = ("Comrade Ivanov met General Clark in Kaesong. " * 30000)[:1_200_000]
    pieces = chunks(text)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 20_000 for _, p in pieces)
    assert all(text[o:o + len(p)] == p for o, p in pieces)


def test_a_name_and_its_counterpart_in_the_aligned_translation_are_accepted_together(new_name_project):
    """003's Russian original and English translation are aligned paragraph by paragraph: the
    proposed "Ivanov" and "ИВАНОВА" corroborate each other, and accepting one adds both forms."""
    project, source = new_name_project
    doc = parse(project.tei / "005_new.xml").getroot()
    (en,) = [el for el in doc.iterfind(".//tei:text//tei:persName", NS) if (el.text or "") == "Ivanov"]
    ru = doc.xpath("//*[@xml:id = $i]", i=en.get("corresp")[1:])[0]
    assert ru.text == "ИВАНОВА" and ru.get("corresp") == "#" + en.get(XML_ID) and ru.get("cert") == "high"
    result = cli(project, "entities")
    assert "in the aligned translation: ИВАНОВА (ru)" in result.output
    assert cli(project, "entities", "--accept", "Ivanov").exit_code == 0
    forms = [n.text for n in parse(project.tei / "persons.xml").getroot().xpath(
        "//tei:person[@xml:id='pers-ivanov']/tei:persName", namespaces=NS)]
    assert "Ivanov" in forms and "Иванов" in forms  # the Russian form as a register gives it: nominative
    doc = parse(project.tei / "005_new.xml").getroot()
    assert {el.get("ref") for el in doc.iterfind(".//tei:text//tei:persName", NS)
            if (el.text or "") in {"Ivanov", "ИВАНОВА"}} == {"persons.xml#pers-ivanov"}
