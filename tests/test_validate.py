"""validate: XSD + Schematron findings at file:line, and the XSD as a strict subset of tei_all.

Fixtures live in tmp_path: the project's schema/, the current registers from tei/
and tests/fixtures/sample-document.xml (a converted, annotated Wilson Center
document).  Each violation test changes one thing and expects it at its line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.project import REGISTER_FILES, Project
from pipeline.validate import validate_files, validate_tree
from pipeline.xmlio import parse

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "fixtures" / "sample-document.xml"
from conftest import TEI_ALL  # noqa: E402


@pytest.fixture
def project(tmp_path) -> Project:
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    (tmp_path / "tei").mkdir()
    for name in REGISTER_FILES.values():
        shutil.copy(REPO / "tei" / name, tmp_path / "tei" / name)
    shutil.copy(SAMPLE, tmp_path / "tei" / "sample.xml")
    return Project(tmp_path)


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    assert text.count(needle) >= 1, needle
    return text[: text.index(needle)].count("\n") + 1


def variant(project: Project, name: str, old: str, new: str, count: int = 1) -> tuple[Path, str]:
    """A copy of the sample with `old` replaced by `new`; returns its path and text."""
    text = sample_text()
    assert old in text, old
    text = text.replace(old, new, count)
    path = project.tei / name
    path.write_text(text, encoding="utf-8")
    return path, text


def errors(problems):
    return [p for p in problems if p.severity == "error"]


def jing(*paths: Path) -> subprocess.CompletedProcess:
    # A missing jing is a failure: the subset claim is the point of the test.
    assert shutil.which("jing"), "jing is not installed"
    return subprocess.run(["jing", str(TEI_ALL), *map(str, paths)], capture_output=True, text=True, timeout=300)


# --------------------------------------------------------------------------- valid


def test_validate_sample_and_registers_pass(project):
    paths = sorted(project.tei.glob("*.xml"))
    assert len(paths) == 4
    assert validate_files(project, paths) == []


def test_validate_tree_in_memory_resolves_registers_next_to_path(project):
    tree = parse(SAMPLE)
    fresh = tree.getroot()  # as a converter holds it: no file of its own yet
    assert validate_tree(project, fresh, project.tei / "new.xml") == []


# Every feature the builders can emit that the sample lacks, in one document.
RICH_HEADER = (
    '<correspDesc><correspAction type="sent"><persName ref="persons.xml#pers-stalin">Stalin</persName>'
    '<placeName ref="places.xml#place-moscow">Moscow</placeName><date when="1953-03-19">19.3.53</date>'
    '</correspAction><correspAction type="received"><name>Kim</name></correspAction></correspDesc>'
    "<textClass>"
)
RICH_BODY = (
    '<p>On <date from="1953-02-04" to="1953-02-07">February 4th to 7th</date>, '
    '<date when="--07-08">July 8th</date>, <date when="1953" cert="medium" evidence="internal">1953</date>, '
    '<date when="1953-07">July 1953</date>, <date when="1951-07-03T13:55:00">13.55</date>, '
    '<date from="--03-11" to="--03-21">11-21 March</date>; telegram No. <idno type="telegram-number">123</idno>, '
    'minutes No. <idno type="minutes-number">4</idno>, No. <idno type="document-number">858-372cc</idno>; '
    '<q>quoted <supplied reason="editorial">words</supplied> <gap reason="omitted"/></q> '
    '<seg type="note">seg</seg> <ref target="#wilson-113649-en-p1">see</ref> <name>X</name>.</p>'
    '<list type="ordered"><item n="a">first</item><item n="b">second</item></list>'
    '<note type="source">a source note</note>'
    '<div type="section"><head>Sub</head><opener><dateline><placeName ref="places.xml#place-moscow">Moscow</placeName></dateline>'
    '<salute>Dear</salute><seg type="ref">No. 1</seg><gap reason="omitted"/></opener>'
    "<p>text</p><closer><signed>S.</signed><dateline>then</dateline></closer></div>"
)


def rich_variant(project: Project) -> Path:
    text = sample_text()
    text = text.replace("<textClass>", RICH_HEADER, 1)
    text = text.replace("<term type=\"genre\">resolution</term>", "<term type=\"genre\">letter</term>", 1)
    text = text.replace('<div type="attachment"', RICH_BODY + '<div type="attachment"', 1)
    text = text.replace(
        '<div type="translation" xml:lang="en" xml:id="wilson-113649-en">',
        '<div type="translation" xml:lang="en" xml:id="wilson-113649-en">'
        "<head>Top</head><address><addrLine>To Comrade <supplied reason=\"editorial\">Kim</supplied></addrLine></address>",
        1,
    )
    text = text.replace("<sourceDesc>", '<notesStmt><note type="category" xml:lang="zh">朝鲜</note></notesStmt><sourceDesc>', 1)
    # every xml:lang is declared in langUsage (tei-edition.sch, pattern lang-usage)
    text = text.replace('<language ident="en">English</language>', '<language ident="en">English</language><language ident="zh">Chinese</language>', 1)
    path = project.tei / "rich.xml"
    path.write_text(text, encoding="utf-8")
    return path


def rich_register(project: Project) -> Path:
    text = (project.tei / "places.xml").read_text(encoding="utf-8")
    text = text.replace(
        "<listPlace>",
        '<listPlace><place xml:id="place-test"><placeName type="preferred" xml:lang="en">Test</placeName>'
        # a register's facts name their source (tei-edition.sch, pattern register-sources)
        '<location source="#src-wikipedia"><country>Korea</country><geo>38.0 127.0</geo></location>'
        '<country source="#src-wikipedia">Korea</country>'
        '<note source="#src-wikipedia">n</note><idno type="wikidata" source="#src-wikidata">Q1</idno></place>',
        1,
    )
    path = project.tei / "places-rich.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_rich_variants_pass(project):
    problems = validate_files(project, [rich_variant(project), rich_register(project)])
    assert problems == []


def test_validate_xsd_is_subset_of_tei_all(project):
    """Whatever the project schemas accept, tei_all accepts too."""
    valid = sorted(project.tei.glob("*.xml")) + [rich_variant(project), rich_register(project)]
    assert validate_files(project, valid) == []
    result = jing(*valid)
    assert result.returncode == 0, result.stdout + result.stderr


# --------------------------------------------------------------------------- violations


def test_validate_unknown_element(project):
    path, text = variant(project, "unknown.xml", "<p xml:id=\"wilson-113649-en-p1\">",
                         "<p xml:id=\"wilson-113649-en-p1\"><foo/>")
    problems = validate_files(project, [path])
    assert [(p.line, "foo" in p.message) for p in errors(problems)] == [(line_of(text, "<foo/>"), True)]


def test_validate_missing_source_desc_is_an_xsd_error(project):
    text = sample_text()
    start, end = text.index("<sourceDesc>"), text.index("</sourceDesc>") + len("</sourceDesc>")
    path, text = variant(project, "nosource.xml", text[start:end], "")
    problems = errors(validate_files(project, [path]))
    xsd = [p for p in problems if p.message.startswith("XSD")]
    assert [p.line for p in xsd] == [line_of(text, "<fileDesc>")]
    assert "sourceDesc" in xsd[0].message


def test_validate_missing_creation_is_a_schematron_error(project):
    text = sample_text()
    start, end = text.index("<creation>"), text.index("</creation>") + len("</creation>")
    path, text = variant(project, "nocreation.xml", text[start:end], "")
    problems = errors(validate_files(project, [path]))
    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, "<teiHeader>"), "a document needs profileDesc/creation")
    ]


@pytest.mark.parametrize("when", ["1953-02-30", "July 1953", "1953-13", "1951-02-29", "--02-30"])
def test_validate_bad_when(project, when):
    path, text = variant(project, "badwhen.xml", '<change when="2026-11-23"', f'<change when="{when}"')
    problems = errors(validate_files(project, [path]))
    assert problems
    assert {p.line for p in problems} == {line_of(text, "<change when=")}
    assert all(when in p.message for p in problems)


def test_validate_real_leap_day_passes(project):
    path, _ = variant(project, "leap.xml", '<change when="2026-11-23"', '<change when="1952-02-29"')
    assert validate_files(project, [path]) == []


def test_validate_range_from_after_to(project):
    path, text = variant(project, "range.xml", "<p xml:id=\"wilson-113649-en-p1\">",
                         '<p xml:id="wilson-113649-en-p1"><date from="1953-03-21" to="1953-03-11">x</date>')
    problems = errors(validate_files(project, [path]))
    assert [p.line for p in problems] == [line_of(text, 'from="1953-03-21"')]
    assert "after" in problems[0].message


def test_validate_broken_local_pointer(project):
    path, text = variant(project, "local.xml", 'who="#pipeline"', 'who="#nobody"')
    problems = errors(validate_files(project, [path]))
    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, 'who="#nobody"'), '@who="#nobody" points to no xml:id in this document')
    ]


def test_validate_broken_register_pointer(project):
    path, text = variant(project, "register.xml", 'ref="persons.xml#pers-malenkov"', 'ref="persons.xml#pers-nobody"')
    problems = errors(validate_files(project, [path]))
    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, "pers-nobody"), '@ref="persons.xml#pers-nobody" points to no xml:id in persons.xml')
    ]


def test_validate_pointer_to_missing_file(project):
    path, text = variant(project, "nofile.xml", 'ref="persons.xml#pers-malenkov"', 'ref="people.xml#pers-malenkov"')
    problems = errors(validate_files(project, [path]))
    assert [p.line for p in problems] == [line_of(text, "people.xml")]
    assert problems[0].message == '@ref="people.xml#pers-malenkov": the file people.xml does not exist'


def test_validate_duplicate_xml_id(project):
    path, text = variant(project, "dup.xml", 'xml:id="wilson-113649-en-p2"', 'xml:id="wilson-113649-en-p1"')
    problems = errors(validate_files(project, [path]))
    assert problems
    assert {p.line for p in problems} == {line_of(text, 'xml:id="wilson-113649-en-p1">To transmit')}
    assert "wilson-113649-en-p1" in problems[0].message


def test_validate_translation_needs_lang(project):
    path, text = variant(project, "nolang.xml", '<div type="translation" xml:lang="en"', '<div type="translation"')
    problems = errors(validate_files(project, [path]))
    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, '<div type="translation"'), "a translation division needs its own xml:lang")
    ]


def test_validate_letter_without_correspdesc_is_a_warning(project):
    path, text = variant(project, "letter.xml", '<term type="genre">resolution', '<term type="genre">letter')
    problems = validate_files(project, [path])
    assert [(p.severity, p.line) for p in problems] == [("warning", line_of(text, "<profileDesc>"))]
    assert str(problems[0]).startswith(f"{path}:{problems[0].line}:1: warning: the genre is letter")


def test_validate_malformed_xml_keeps_going(project):
    bad = project.tei / "malformed.xml"
    bad.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <teiHeader>\n</TEI>\n')
    unknown = variant(project, "unknown.xml", "<p xml:id=\"wilson-113649-en-p1\">", "<p xml:id=\"wilson-113649-en-p1\"><foo/>")[0]
    problems = validate_files(project, [bad, unknown])
    assert str(problems[0]).startswith(f"{bad}:4:")
    assert "malformed XML" in problems[0].message
    assert any(p.path == unknown for p in problems)


def test_validate_external_entity_is_refused_unread(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    bad = project.tei / "xxe.xml"
    bad.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>&x;</teiHeader></TEI>\n'
    )
    hostname = project.tei / "hostname.xml"
    hostname.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>&x;</teiHeader></TEI>\n'
    )
    problems = validate_files(project, [bad, hostname])
    assert [p.path for p in problems] == [bad, hostname]
    assert all("entity declarations are not allowed" in p.message for p in problems)
    assert "TOP-SECRET" not in "".join(map(str, problems))
    host = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    if host:
        assert host not in "".join(map(str, problems))


def test_validate_billion_laughs_is_refused_quickly(project):
    decls = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{"".join(f"&a{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    )
    bomb = project.tei / "bomb.xml"
    bomb.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE TEI [{decls}]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">&a9;</TEI>\n')
    start = time.monotonic()
    problems = validate_files(project, [bomb])
    assert time.monotonic() - start < 5
    # libxml2 refuses the amplification while parsing, or xmlio refuses the declarations.
    assert len(problems) == 1 and problems[0].severity == "error"
    assert "amplification" in problems[0].message or "entity declarations" in problems[0].message
    assert "haha" not in str(problems[0])


def test_validate_register_with_entities_is_not_followed(project):
    """document() parses with libxslt's parser; a register the safe parser refuses is never handed to it."""
    persons = project.tei / "persons.xml"
    text = persons.read_text(encoding="utf-8")
    persons.write_text(text.replace("<TEI ", '<!DOCTYPE TEI [<!ENTITY x "y">]>\n<TEI ', 1), encoding="utf-8")
    problems = validate_files(project, [project.tei / "sample.xml"])
    assert problems and all("pointers into persons.xml are not checked" in p.message for p in problems)


# --------------------------------------------------------------------------- command line


def test_cli_validate_exit_codes(project):
    runner = CliRunner()
    good = project.tei / "sample.xml"
    result = runner.invoke(main, ["--project", str(project.root), "validate", str(good)])
    assert result.exit_code == 0, result.output

    bad, text = variant(project, "local.xml", 'who="#pipeline"', 'who="#nobody"')
    result = runner.invoke(main, ["--project", str(project.root), "validate", str(bad)])
    assert result.exit_code == 1
    line = line_of(text, 'who="#nobody"')
    assert f"{bad}:{line}:1:" in result.output


def test_cli_validate_malformed_prints_position(project):
    bad = project.tei / "malformed.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <p>\n</TEI>\n')
    result = CliRunner().invoke(main, ["--project", str(project.root), "validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:3:" in result.output


# --------------------------------------------------------------------------- speed-ups keep the findings


@pytest.mark.parametrize("old,new", [
    ("<p xml:id=\"wilson-113649-en-p1\">", "<p xml:id=\"wilson-113649-en-p1\"><foo/>"),
    ('<change when="2026-11-23"', '<change when="July 1953"'),
    ('<change when="2026-11-23"', '<change when="1953-13"'),
    ('<div type="translation"', '<div type="translation" bogus="x"'),
    ('<term type="genre">', '<term type="genre two">'),
    ("<sourceDesc>", "<sourceDesc><p/>"),
    ("<teiHeader>", "<teiHeader>text"),
    ('ref="persons.xml#pers-malenkov"', 'ref="persons.xml#pers-nobody"'),  # valid for the XSD
])
def test_validate_fast_xsd_agrees_with_xmlschema(project, old, new):
    """libxml2 picks the documents xmlschema reports on, so both must judge every variant alike."""
    from pipeline.validate import fast_xsd, xsd

    path, _ = variant(project, "xsd.xml", old, new)
    tree = parse(path)
    assert fast_xsd(project) is not None, "libxml2 cannot compile tei-edition.xsd"
    assert fast_xsd(project).validate(tree) == (not list(xsd(project).iter_errors(tree)))


def test_validate_register_pointers_keep_schematron_order(project):
    """File pointers are checked in Python; on one line the findings keep the Schematron's order."""
    path, text = variant(project, "order.xml", 'ref="persons.xml#pers-malenkov"',
                         'ref="#nowhere persons.xml#pers-nobody persons.xml#pers-malenkov places.xml#place-x"')
    line = line_of(text, "#nowhere")
    problems = [p for p in validate_files(project, [path]) if p.line == line]
    assert [(p.severity, p.message) for p in problems] == [
        ("error", '@ref="#nowhere" points to no xml:id in this document'),
        ("error", '@ref="persons.xml#pers-nobody" points to no xml:id in persons.xml'),
        ("error", '@ref="places.xml#place-x" points to no xml:id in places.xml'),  # every token, also the fourth
    ]


def test_validate_register_change_is_seen_by_the_pointer_check(project):
    """The register ids are read once per process, and again when the register changes."""
    sample = project.tei / "sample.xml"
    assert validate_files(project, [sample]) == []
    persons = project.tei / "persons.xml"
    text = persons.read_text(encoding="utf-8")
    persons.write_text(text.replace('xml:id="pers-malenkov"', 'xml:id="pers-malenkov-gm"'), encoding="utf-8")
    problems = errors(validate_files(project, [sample]))
    assert problems and all("pers-malenkov" in p.message and "persons.xml" in p.message for p in problems)


def test_validate_links_the_schematron_does_not_state(project):
    """<?xml-model?> targets and pointer attributes such as @source and @ana must resolve too."""
    path, _ = variant(project, "links.xml", '<change ', '<change source="#nowhere" ana="persons.xml#pers-nobody" ')
    text = path.read_text(encoding="utf-8").replace("../schema/tei-edition.sch", "../schema/missing.sch")
    path.write_text(text, encoding="utf-8")
    messages = [p.message for p in validate_files(project, [path])]
    assert '@source="#nowhere" points to no xml:id in this document' in messages
    assert '@ana="persons.xml#pers-nobody" points to no xml:id in persons.xml' in messages
    assert "<?xml-model?> points at a missing file: ../schema/missing.sch" in messages


# --------------------------------------------------------------- rules of issue 12

@pytest.mark.parametrize("old,new,message", [
    # a pointer list is checked token by token, not only its first three
    ('who="#pipeline"', 'who="#pipeline #pipeline #pipeline #nobody"', 'pointer "#nobody" points to no xml:id'),
    # ... also a pointer into a register file
    ('ref="persons.xml#pers-malenkov"', 'ref="' + " ".join(["persons.xml#pers-malenkov"] * 3) + ' persons.xml#pers-nobody"',
     '@ref="persons.xml#pers-nobody" points to no xml:id in persons.xml'),
    # a person's name must point to a person, not to a place
    ('ref="persons.xml#pers-malenkov"', 'ref="places.xml#place-moscow"', 'does not point to a person'),
    # every xml:lang is declared
    ('<text xml:lang="en">', '<text xml:lang="ko">', 'xml:lang="ko" is not declared in profileDesc/langUsage'),
])
def test_validate_issue12_rules(project, old, new, message):
    path, text = variant(project, "rule.xml", old, new)
    problems = validate_files(project, [path])
    assert any(message in p.message for p in problems), [p.message for p in problems]


def test_validate_corresp_must_be_reciprocal(project):
    text = sample_text()
    ids = re.findall(r'<p xml:id="([^"]+)"', text)
    assert len(ids) >= 2
    text = text.replace(f'<p xml:id="{ids[0]}"', f'<p xml:id="{ids[0]}" corresp="#{ids[1]}"', 1)
    path = project.tei / "oneway.xml"
    path.write_text(text, encoding="utf-8")
    problems = validate_files(project, [path])
    assert any(f"#{ids[0]} points here with @corresp, but this element does not point back" in p.message
               for p in problems), [p.message for p in problems]
