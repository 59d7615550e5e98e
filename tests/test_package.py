"""The deposit package: BagIt bag, its payload and metadata, refusal and verification."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import bagit
import pytest
import xmlschema
from click.testing import CliRunner
from lxml import etree

from conftest import copy_project, jing
from pipeline.cli import main
from pipeline.build import build
from pipeline.edition import settings
from pipeline.package import package
from pipeline.project import REGISTER_FILES, Project
from pipeline.validate import validate_files

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI, "mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink",
      "dc": "http://purl.org/dc/elements/1.1/"}
DAY = dt.date(2026, 1, 15)


def valid_project(dest: Path, built: bool = True) -> Project:
    """A copy of the edition with all its documents, which must all be valid, and their plain text built."""
    proj = copy_project(dest, with_documents=True)
    errors = [str(p) for p in validate_files(proj, proj.document_paths()) if p.severity == "error"]
    assert errors == [] and len(proj.document_paths()) == 5
    if built:
        report = build(proj, formats={"txt"}, progress=False)
        assert report.ok, [str(p) for p in report.problems]
    return proj


@pytest.fixture(scope="module")
def bag(tmp_path_factory):
    proj = valid_project(tmp_path_factory.mktemp("pkg") / "edition")
    result = package(proj, today=DAY, allow_placeholders=True)
    return proj, result


def test_package_bag_validates(bag):
    proj, result = bag
    assert result.bag == proj.build / "package" / "armistice-edition-2026-01-15"
    bagit.Bag(str(result.bag)).validate(fast=False)
    script = Path(sys.executable).with_name("bagit.py")
    done = subprocess.run([str(script), "--validate", str(result.bag)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # nothing left over from staging
    assert [p.name for p in result.bag.parent.iterdir()] == [result.bag.name]


def test_package_payload_contains_what_is_promised(bag):
    proj, result = bag
    data = result.bag / "data"
    stems = [p.stem for p in proj.document_paths()]
    for stem in stems:
        assert (data / "tei" / f"{stem}.xml").read_bytes() == (proj.tei / f"{stem}.xml").read_bytes()
        assert (data / "txt" / f"{stem}.txt").is_file()
        assert json.loads((data / "txt" / f"{stem}.json").read_text(encoding="utf-8")) is not None
        assert (data / "metadata" / "dc" / f"{stem}.xml").is_file()
    for name in REGISTER_FILES.values():
        assert (data / "tei" / name).is_file()
    assert (data / "tei" / "edition.xml").is_file()
    assert (data / "metadata" / "mets.xml").is_file()
    assert (data / "metadata" / "cmif.xml").is_file()
    # the xml-model PIs still resolve inside the bag
    for tei in (data / "tei").glob("0*.xml"):
        for href in re.findall(r'<\?xml-model href="([^"]+)"', tei.read_text(encoding="utf-8")):
            assert (tei.parent / href).is_file(), href
    for xsd in ("oai_dc.xsd", "simpledc20021212.xsd", "xml.xsd", "mets.xsd", "xlink.xsd"):
        assert (data / "schema" / xsd).is_file()


def test_package_bag_info_fields(bag):
    proj, result = bag
    info = bagit.Bag(str(result.bag)).info
    ed = settings(proj.root)
    assert info["Source-Organization"] == ed.publisher
    assert info["Contact-Name"] == ed.contact_name
    assert info["Contact-Email"] == ed.contact_email
    assert info["Bagging-Date"] == "2026-01-15"
    assert info["Bag-Count"] == "1 of 1"
    assert info["Internal-Sender-Identifier"] == "armistice-edition-2026-01-15"
    assert info["Title"] and info["External-Description"]
    assert info["Payload-Count"] == str(len(proj.document_paths()))
    files = [p for p in (result.bag / "data").rglob("*") if p.is_file()]
    assert info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in files)}.{len(files)}"
    manifest = (result.bag / "manifest-sha512.txt").read_text()
    assert len(manifest.splitlines()) == len(files)


def test_package_dc_and_mets_validate_against_their_schemas(bag):
    proj, result = bag
    data = result.bag / "data"
    dc = xmlschema.XMLSchema(str(proj.schema / "oai_dc.xsd"), allow="local")
    records = sorted((data / "metadata" / "dc").glob("*.xml"))
    assert len(records) == len(proj.document_paths())
    for rec in records:
        dc.validate(str(rec))
        root = etree.parse(str(rec)).getroot()
        assert root.findtext("dc:title", namespaces=NS)
        assert root.findtext("dc:type", namespaces=NS) == "Text"
        assert root.findtext("dc:format", namespaces=NS) == "application/tei+xml"
        assert root.findall("dc:language", namespaces=NS)
    mets_path = data / "metadata" / "mets.xml"
    xmlschema.XMLSchema(str(proj.schema / "mets.xsd"), allow="local").validate(str(mets_path))
    mets = etree.parse(str(mets_path)).getroot()
    hrefs = mets.xpath("//mets:FLocat/@xlink:href | //mets:mdRef/@xlink:href", namespaces=NS)
    for href in hrefs:
        assert (mets_path.parent / href).is_file(), href
    assert {g.get("USE") for g in mets.iterfind(".//mets:fileGrp", NS)} >= {"TEI", "text", "metadata"}
    divs = mets.xpath("//mets:structMap//mets:div[@TYPE='document']", namespaces=NS)
    assert len(divs) == len(proj.document_paths())
    for f in mets.iterfind(".//mets:file", NS):
        target = mets_path.parent / f.find("mets:FLocat", NS).get("{http://www.w3.org/1999/xlink}href")
        import hashlib
        assert f.get("CHECKSUMTYPE") == "SHA-256"
        assert f.get("CHECKSUM") == hashlib.sha256(target.read_bytes()).hexdigest()
        assert int(f.get("SIZE")) == target.stat().st_size


def test_package_cmif_and_corpus_valid_against_tei_all(bag):
    proj, result = bag
    data = result.bag / "data"
    done = jing([data / "metadata" / "cmif.xml", data / "tei" / "edition.xml"])
    assert done.returncode == 0, done.stdout + done.stderr
    corpus = etree.parse(str(data / "tei" / "edition.xml")).getroot()
    assert corpus.tag == f"{{{TEI}}}teiCorpus"
    assert len(corpus.findall("tei:TEI", NS)) == len(proj.document_paths())


def test_package_cmif_lists_letters_with_authority_uris(bag):
    proj, result = bag
    cmif = etree.parse(str(result.bag / "data" / "metadata" / "cmif.xml")).getroot()
    letters = 0
    for p in proj.document_paths():
        h = etree.parse(str(p)).getroot().find("tei:teiHeader", NS)
        genre = h.findtext(".//tei:textClass//tei:term[@type='genre']", namespaces=NS)
        if genre in ("letter", "telegram") and h.find(".//tei:correspDesc/tei:correspAction/tei:persName", NS) is not None:
            letters += 1
    descs = cmif.findall(".//tei:profileDesc/tei:correspDesc", NS)
    assert len(descs) >= letters
    ids = {b.get("{http://www.w3.org/XML/1998/namespace}id") for b in cmif.iterfind(".//tei:sourceDesc/tei:bibl", NS)}
    for d in descs:
        assert d.get("source")[1:] in ids
    refs = cmif.xpath("//tei:correspAction/tei:persName/@ref", namespaces=NS)
    assert refs and all(r.startswith("http") for r in refs)
    if letters:
        assert "http://www.wikidata.org/entity/Q855" in refs  # Stalin has a Wikidata idno


def _break(doc: Path) -> int:
    """Rename the first <p ...> to an element the schema does not know; return its line."""
    text = doc.read_text(encoding="utf-8")
    m = re.search(r"<p xml:id=\"[^\"]+\"[^>]*>(.*?)</p>", text)
    assert m
    broken = text[:m.start()] + m.group(0).replace("<p ", "<para ", 1).replace("</p>", "</para>") + text[m.end():]
    doc.write_text(broken, encoding="utf-8")
    return text[:m.start()].count("\n") + 1


def test_package_refuses_invalid_tei(tmp_path):
    proj = valid_project(tmp_path / "edition")
    doc = proj.document_paths()[0]
    line = _break(doc)
    out = tmp_path / "out" / "bag"
    res = CliRunner().invoke(main, ["--project", str(proj.root), "package", "--allow-placeholders", "--out", str(out)])
    assert res.exit_code == 1
    # file:line:col (the line is the validator's: the element or its parent)
    m = re.search(rf"{re.escape(str(doc))}:(\d+):\d+: .*para", res.output)
    assert m and 0 < int(m.group(1)) <= line, res.output
    assert not out.exists()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_package_refuses_broken_pointer(tmp_path):
    proj = valid_project(tmp_path / "edition")
    doc = proj.document_paths()[-1]
    text = doc.read_text(encoding="utf-8")
    assert 'ref="persons.xml#pers-' in text
    doc.write_text(text.replace('ref="persons.xml#pers-', 'ref="persons.xml#pers-nobody-', 1), encoding="utf-8")
    out = tmp_path / "bag"
    res = CliRunner().invoke(main, ["--project", str(proj.root), "package", "--allow-placeholders", "--out", str(out)])
    assert res.exit_code == 1
    assert re.search(rf"{re.escape(str(doc))}:\d+:\d+: .*pers-nobody", res.output), res.output
    assert not out.exists()


@pytest.fixture
def bag_copy(bag, tmp_path):
    _, result = bag
    dest = tmp_path / result.bag.name
    shutil.copytree(result.bag, dest)
    return dest


def _verify(path: Path):
    return CliRunner().invoke(main, ["package", "--verify", str(path)])


def test_package_verify_accepts_intact_bag(bag_copy):
    res = _verify(bag_copy)
    assert res.exit_code == 0, res.output


def test_package_verify_names_corrupted_file(bag_copy):
    victim = sorted((bag_copy / "data" / "txt").glob("*.txt"))[0]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0x01
    victim.write_bytes(bytes(data))
    res = _verify(bag_copy)
    assert res.exit_code == 1
    assert str(victim) in res.output and "checksum" in res.output


def test_package_verify_names_removed_file(bag_copy):
    victim = bag_copy / "data" / "metadata" / "cmif.xml"
    victim.unlink()
    res = _verify(bag_copy)
    assert res.exit_code == 1
    assert f"{victim}:0:0: missing" in res.output


def test_package_verify_names_stray_file(bag_copy):
    stray = bag_copy / "data" / "tei" / "stray.txt"
    stray.write_text("not in the manifest\n")
    res = _verify(bag_copy)
    assert res.exit_code == 1
    assert f"{stray}:0:0: unexpected" in res.output


def test_package_verify_checks_tei_validity_with_bag_schema(bag_copy):
    doc = sorted((bag_copy / "data" / "tei").glob("0*.xml"))[0]
    line = _break(doc)
    res = _verify(bag_copy)
    assert res.exit_code == 1
    assert f"{doc}:0:0: changed" in res.output
    m = re.search(rf"{re.escape(str(doc))}:(\d+):\d+: .*para", res.output)
    assert m and 0 < int(m.group(1)) <= line, res.output


