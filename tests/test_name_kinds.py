"""A name points to an entry of its kind: the Schematron's name-kinds asserts, checked in Python
against the registers' ids (pipeline/validate.py) with the same findings, messages, lines and
order as the Schematron itself gives when it reads the registers with document()."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree, isoschematron

from conftest import copy_project
from pipeline.validate import SCHEMATRON_NAME, schematron, validate_files
from pipeline.xmlio import parse

SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
TEI = "http://www.tei-c.org/ns/1.0"
KIND = "does not point to a"

# (what is replaced, by what) in a copy of seed 004; each makes one or more kind errors
BREAKS = [
    # a person's name pointing to a place, in the text
    ('<persName ref="persons.xml#pers-molotov">Molotov</persName>', '<persName ref="places.xml#place-moscow">Molotov</persName>'),
    # a place pointing to a person, in the header's correspondence
    ('<placeName ref="places.xml#place-north-korea">NORTH KOREA</placeName>\n        </correspAction>',
     '<placeName ref="persons.xml#pers-kim-il-sung">NORTH KOREA</placeName>\n        </correspAction>'),
    # the repository pointing to a place; an organisation pointing to a person
    ('<repository ref="organisations.xml#org-avprf"', '<repository ref="places.xml#place-moscow"'),
    ('<orgName ref="organisations.xml#org-cpsu-cc">CPSU CC</orgName> is in favor',
     '<orgName ref="persons.xml#pers-stalin">CPSU CC</orgName> is in favor'),
    # a list of pointers: the second token is the wrong kind, the third a missing id
    ('<persName ref="persons.xml#pers-korobov">Korobov</persName>',
     '<persName ref="persons.xml#pers-korobov places.xml#place-beijing persons.xml#pers-nobody">Korobov</persName>'),
]


def _full_schematron(schema: Path, tree: etree._ElementTree) -> list[tuple[str, int]]:
    """The Schematron as written (document() lookups and all), run by lxml: (message, line)."""
    access = etree.XSLTAccessControl(read_file=True, write_file=False, create_dir=False,
                                     read_network=False, write_network=False)
    compiled = isoschematron.Schematron(parse(schema), store_xslt=True)
    report = etree.XSLT(compiled.validator_xslt, access_control=access)(tree)
    out = []
    for item in report.getroot().iter(f"{{{SVRL['svrl']}}}failed-assert"):
        message = " ".join("".join(item.xpath("svrl:text//text()", namespaces=SVRL)).split())
        location = re.sub(r"/@[^/\[\]]+$", "", item.get("location"))
        el = tree.xpath(location, namespaces={"tei": TEI})
        out.append((message, el[0].sourceline if el else 1))
    return out


@pytest.fixture
def broken(tmp_path):
    project = copy_project(tmp_path / "edition", with_documents=True)
    doc = next(p for p in project.document_paths() if p.name.startswith("004"))
    text = doc.read_text(encoding="utf-8")
    for old, new in BREAKS:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = project.tei / "broken.xml"
    path.write_text(text, encoding="utf-8")
    return project, path


def test_name_kind_findings_are_the_schematrons(broken):
    project, path = broken
    mine = [(p.message, p.line) for p in validate_files(project, [path]) if KIND in p.message]
    theirs = [(m, line) for m, line in _full_schematron(project.schema / SCHEMATRON_NAME, parse(path)) if KIND in m]
    assert len(theirs) == 5
    assert sorted(mine, key=lambda m: m[1]) == sorted(theirs, key=lambda m: m[1])
    assert {m for m, _ in mine} >= {
        'persName/@ref "places.xml#place-moscow" does not point to a person',
        'placeName/@ref "persons.xml#pers-kim-il-sung" does not point to a place',
        'repository/@ref "places.xml#place-moscow" does not point to an org',
        'orgName/@ref "persons.xml#pers-stalin" does not point to an org',
        'persName/@ref "places.xml#place-beijing" does not point to a person',
    }
    # the missing id of the list is the pointer asserts' finding, not a kind error
    assert any("pers-nobody" in p.message and "points to no xml:id" in p.message
               for p in validate_files(project, [path]))


def test_all_findings_keep_the_schematrons_order(broken):
    """Sorted by line, findings on one line keep the order the whole Schematron gives them."""
    project, path = broken
    mine = [p.message for p in validate_files(project, [path]) if p.severity == "error"]
    theirs = [m for m, _ in sorted(_full_schematron(project.schema / SCHEMATRON_NAME, parse(path)),
                                   key=lambda ml: ml[1])]
    assert [m for m in mine if KIND in m] == [m for m in theirs if KIND in m]


def test_compiled_schematron_no_longer_reads_registers_for_kinds(project):
    sch = schematron(project)
    kinds = {kind for _, _, kind, _, _ in sch.kind_asserts}
    assert kinds == {"person", "place", "org"}
    assert "tei:person/@xml:id" not in str(sch.transform)
