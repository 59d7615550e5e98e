"""The static DTS API: walk it from the entry point to every document and every part."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from conftest import copy_project
from pipeline.dts import ROOT_ID, expand, write_dts

TEI = "http://www.tei-c.org/ns/1.0"
DTS = "https://w3id.org/api/dts#"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="module")
def dts(tmp_path_factory):
    proj = copy_project(tmp_path_factory.mktemp("dts") / "edition", with_documents=True)
    out = proj.build / "dts"
    written = write_dts(proj, out)
    return proj, out, written


def load(root: Path, url: str) -> dict:
    path = root / url
    assert path.is_file(), f"link does not resolve: {url}"
    return json.loads(path.read_text(encoding="utf-8"))


def test_dts_entry_point(dts):
    _, out, _ = dts
    entry = load(out, "index.json")
    assert entry["@type"] == "EntryPoint" and entry["dtsVersion"] == "1.0"
    assert entry["@context"].startswith("https://")
    for key in ("collection", "navigation", "document"):
        assert "{" in entry[key]


def test_dts_walk_reaches_every_document_and_part(dts):
    proj, out, written = dts
    entry = load(out, "index.json")
    root = load(out, expand(entry["collection"], id=ROOT_ID))
    assert root["@type"] == "Collection" and root["totalParents"] == 0
    members = root["member"]
    assert root["totalChildren"] == len(members) == len(proj.document_paths())
    visited: set[Path] = {out / "index.json", out / expand(entry["collection"], id=ROOT_ID)}
    doc_ids = set()
    for member in members:
        assert member["@type"] == "Resource" and member["title"]
        assert member["dublinCore"]["title"][0]["value"]
        res = load(out, member["collection"])
        visited.add(out / member["collection"])
        assert res["@id"] == member["@id"] and res["totalParents"] == 1
        assert res["member"][0]["@id"] == ROOT_ID
        rid = member["@id"]
        doc_ids.add(rid)
        # the whole document
        whole = out / expand(member["document"], ref=None)
        assert whole.is_file()
        visited.add(whole)
        assert etree.parse(str(whole)).getroot().get(XML_ID) == rid
        # navigation: whole tree
        nav_url = expand(member["navigation"], ref=None)
        nav = load(out, nav_url)
        visited.add(out / nav_url)
        assert nav["@type"] == "Navigation" and nav["resource"]["@id"] == rid
        assert nav["resource"]["citationTrees"][0]["@type"] == "CitationTree"
        units = nav["member"]
        assert units, f"{rid} has no citable units"
        ids = [u["identifier"] for u in units]
        assert len(ids) == len(set(ids))
        tei = etree.parse(str(whole)).getroot()
        for u in units:
            assert u["@type"] == "CitableUnit"
            assert u["parent"] is None or u["parent"] in ids
            assert (u["level"] == 1) == (u["parent"] is None)
            # navigation of the unit
            unit_url = expand(nav["resource"]["navigation"], ref=u["identifier"])
            unit_nav = load(out, unit_url)
            visited.add(out / unit_url)
            assert unit_nav["ref"]["identifier"] == u["identifier"]
            assert all(m["identifier"] in ids for m in unit_nav["member"])
            # document fragment of the unit
            frag = out / expand(nav["resource"]["document"], ref=u["identifier"])
            assert frag.is_file(), frag
            visited.add(frag)
            froot = etree.parse(str(frag)).getroot()
            assert froot.tag == f"{{{TEI}}}TEI"
            wrapper = froot[0]
            assert wrapper.tag == f"{{{DTS}}}wrapper"
            assert wrapper[0].get(XML_ID) == u["identifier"]
            original = tei.xpath("//*[@xml:id=$i]", i=u["identifier"])[0]
            assert "".join(wrapper[0].itertext()) == "".join(original.itertext())
        # the version divisions are the top level, with their language
        top = [u for u in units if u["level"] == 1]
        assert {u["citeType"] for u in top} <= {"original", "translation"}
        assert all(u["dublinCore"]["language"] for u in top)
        # numbered points are citable
        items = tei.xpath("//tei:body//tei:item[@n][@xml:id]", namespaces={"tei": TEI})
        assert {i.get(XML_ID) for i in items} <= set(ids)
    assert doc_ids == {etree.parse(str(p)).getroot().get(XML_ID) for p in proj.document_paths()}
    # every file written is reachable from the entry point
    assert {Path(p) for p in written} == visited
