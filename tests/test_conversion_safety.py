"""The conversion's safety net: every result is checked before it is written.

A converter whose TEI would lose words, come out empty or be invalid is passed over for
the generic converter; when no converter gives valid TEI that keeps every word, nothing is
written and the command fails with every reason. Detection never turns running text away,
and a kind an editor chose once is kept.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import SEEDS
from pipeline import sources
from pipeline.cli import main
from pipeline.completeness import missing_words, words
from pipeline.convert import convert_all, convert_file, load_state, read_source
from pipeline.sources.model import Division
from pipeline.xmlio import NS, parse

SEED = {p.name[:3]: p for p in SEEDS.glob("*.txt")}


def cli(project, *args):
    return CliRunner().invoke(main, ["--project", str(project.root), *map(str, args)])


def test_words_count_every_script_and_han_characters_one_by_one():
    assert words("Kim Il Sung, КИМ ИР СЕН: 金日成 1953") == {
        "kim": 1, "il": 1, "sung": 1, "ким": 1, "ир": 1, "сен": 1, "金": 1, "日": 1, "成": 1, "1953": 1}


def test_a_korean_date_before_its_particle_keeps_the_words_and_a_lost_syllable_is_seen(project, tmp_path):
    # "7월 27일에": the date markup ends inside the word, before the particle 에.
    source = tmp_path / "ko.txt"
    source.write_text("정전협정\n\n1953년 7월 27일에 판문점에서 정전협정이 체결되었다.\n", encoding="utf-8")
    (outcome,) = convert_all(project, [source])
    assert outcome.target is not None, [str(p) for p in outcome.problems]
    root = parse(outcome.target).getroot()
    text = source.read_text(encoding="utf-8")
    assert missing_words(text, [], [], root) == {}
    p = root.xpath("//tei:body//tei:p[contains(., '판문점')]", namespaces=NS)[0]
    for node in p.xpath(".//text()"):
        if "판문점" in node:
            parent = node.getparent()
            if node.is_text:
                parent.text = node.replace("판문점", "판점")
            else:
                parent.tail = node.replace("판문점", "판점")
    assert missing_words(text, [], [], root) == {"문": 1}


def test_missing_words_sees_a_lost_sentence_that_a_line_check_would_miss(project):
    (outcome,) = convert_all(project, [SEED["004"]])
    root = parse(outcome.target).getroot()
    p = root.xpath("//tei:p[contains(., 'Telegraph when this is done.')]", namespaces=NS)[0]
    p.text = p.text.replace("when this is done", "when done")
    text = SEED["004"].read_text(encoding="utf-8")
    doc = read_source(SEED["004"])
    dropped = [d.text for d in doc.dropped]
    assert missing_words(text, doc.content_lines, dropped, parse(outcome.target).getroot()) == {}
    assert missing_words(text, doc.content_lines, dropped, root) == {"this": 1, "is": 1}


def test_a_converter_that_loses_words_gives_way_to_the_generic_one(project, monkeypatch):
    wilson = sources.REGISTRY["wilson"]
    real_read = type(wilson).read

    def lossy(self, text, path):
        doc = real_read(self, text, path)
        # drop the last paragraph of the text, as a faulty rule would
        doc.texts[0].children.pop()
        return doc

    monkeypatch.setattr(type(wilson), "read", lossy)
    result = cli(project, "convert", SEED["004"])
    assert result.exit_code == 0, result.output
    assert "warning: the wilson converter was not used (the TEI would lose" in result.output
    assert load_state(project)[f"{SEED['004'].stem}.xml"]["converter"] == "generic"
    text = " ".join("".join(parse(project.tei / f"{SEED['004'].stem}.xml").getroot().itertext()).split())
    assert "Telegraph when this is done." in text


def test_a_converter_that_crashes_gives_way_to_the_generic_one(project, monkeypatch):
    def broken(self, text, path):
        raise IndexError("list index out of range")

    monkeypatch.setattr(type(sources.REGISTRY["peoples-daily"]), "read", broken)
    result = cli(project, "convert", SEED["002"])
    assert result.exit_code == 0, result.output
    assert "peoples-daily converter was not used (internal error (IndexError" in result.output
    assert "Traceback" not in result.output


def test_an_empty_body_is_never_written(project, monkeypatch):
    def empty(self, text, path):
        doc = real(self, text, path)
        doc.texts = [Division("translation", "en")]
        return doc

    real = type(sources.REGISTRY["wilson"]).read
    monkeypatch.setattr(type(sources.REGISTRY["wilson"]), "read", empty)
    monkeypatch.setattr(type(sources.REGISTRY["generic"]), "read", empty)
    result = cli(project, "convert", SEED["003"])
    assert result.exit_code == 1
    assert f"{SEED['003']}:1:1: wilson converter: the document's text came out empty" in result.output
    assert "no converter produced valid TEI that keeps every word; nothing written" in result.output
    assert not (project.tei / f"{SEED['003'].stem}.xml").exists()


def test_invalid_tei_is_never_written(project, monkeypatch):
    import pipeline.convert as convert

    real_build = convert.build_document

    def bad_build(doc, converted):
        root = real_build(doc, converted)
        root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", NS).set("type", "not a token list!")
        root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt", NS).remove(
            root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", NS))
        return root

    monkeypatch.setattr(convert, "build_document", bad_build)
    result = cli(project, "convert", SEED["004"])
    assert result.exit_code == 1
    assert "the TEI would be invalid" in result.output
    assert not (project.tei / f"{SEED['004'].stem}.xml").exists()


def test_running_text_no_converter_knows_is_converted_generically_with_a_warning(project, tmp_path):
    source = project.seeds / "005_notes.txt"
    source.write_text("Notes on the talks\n\nThe delegations met at Kaesong on 10 July 1951.\n"
                      "Nothing was agreed that day.\n", encoding="utf-8")
    result = cli(project, "convert", source)
    assert result.exit_code == 0, result.output
    assert f"{source}:1:1: warning: no specialised converter fits" in result.output
    assert (project.tei / "005_notes.xml").exists()


def test_a_kind_named_once_is_remembered_by_later_convert_and_build(project):
    source = project.seeds / SEED["004"].name
    assert cli(project, "convert", "--kind", "generic", source).exit_code == 0
    target = project.tei / f"{source.stem}.xml"
    assert load_state(project)[target.name]["converter"] == "generic"
    # a later plain convert (after a register change makes the file stale) keeps the kind
    persons = project.tei / "persons.xml"
    persons.write_text(persons.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert convert_file(source, project).status in {"written", "unchanged"}
    assert load_state(project)[target.name]["converter"] == "generic"
    assert "converter generic" in target.read_text(encoding="utf-8")
    outcomes = convert_all(project, None, quiet_edited=True)
    assert all(o.status != "failed" for o in outcomes)
    assert load_state(project)[target.name]["converter"] == "generic"


@pytest.mark.parametrize("text,reason", [
    ('{"title": "x", "items": [1, 2]}', "JSON data"),
    ('<?xml version="1.0"?>\n<TEI/>', "markup"),
    ("a;b;c\n1;2;3\n4;5;6\n", "table of values"),
    ("12 34 56\n\n", "no words"),
])
def test_data_and_markup_are_refused_with_the_reason(project, text, reason):
    source = project.seeds / "data.txt"
    source.write_text(text, encoding="utf-8")
    result = cli(project, "convert", source)
    assert result.exit_code == 1
    assert reason in result.output
    assert not (project.tei / "data.xml").exists()
