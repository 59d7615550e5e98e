"""The project XSD is a strict subset of TEI P5: generated probe documents cover every element
it declares in every parent it allows, with every attribute, and all are valid against
tei_all.rng (jing)."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import ROOT, jing
from schema_probes import Prober

XSD = ROOT / "schema" / "tei-edition.xsd"


@pytest.fixture(scope="module")
def probes(tmp_path_factory):
    prober = Prober(XSD)
    out = tmp_path_factory.mktemp("probes")
    written = []
    for i, (label, tree) in enumerate(prober.probes()):
        path = out / f"probe-{i:04d}.xml"
        tree.write(str(path), encoding="UTF-8", xml_declaration=True)
        written.append((path, label, tree))
    return prober, written


def test_probes_cover_the_editorial_elements(probes):
    _, written = probes
    children = Counter(label.split("/")[1] for _, label, _ in written)
    # What an editor's hand corrections and the encoding rules need, in running text.
    for name in ("choice", "sic", "corr", "orig", "reg", "unclear", "add", "del", "note", "roleName",
                 "forename", "surname", "supplied", "pb", "hi", "title", "label", "soCalled", "locus",
                 "msItem", "settlement", "figure", "figDesc", "lb"):
        assert children[name], name
    pairs = {tuple(label.split("/")) for _, label, _ in written}
    names = {"persName", "placeName", "orgName", "name"}
    for child in ("choice", "supplied", "roleName", "forename", "surname"):
        assert any(parent in names and c == child for parent, c in pairs), child
    assert ("item", "p") in pairs and ("p", "choice") in pairs
    assert len(written) > 500


def test_probes_are_valid_against_the_project_xsd(probes):
    prober, written = probes
    invalid = [(label, next(prober.schema.iter_errors(tree)).reason) for _, label, tree in written
               if not prober.schema.is_valid(tree)]
    assert invalid == []


def test_probes_are_valid_against_tei_all(probes):
    _, written = probes
    result = jing([path for path, _, _ in written])
    labels = {str(path): label for path, label, _ in written}
    errors = sorted({(labels.get(line.split(":")[0]), line.split("error:")[-1].strip())
                     for line in result.stdout.splitlines()})
    assert result.returncode == 0 and errors == [], errors[:20]


def test_probe_attributes_are_set(probes):
    _, written = probes
    # The probed element carries every attribute its declaration allows.
    persname = [tree for _, label, tree in written if label == "p/persName"][0]
    el = persname.find(".//{http://www.tei-c.org/ns/1.0}persName")
    assert {"ref", "resp", "cert", "source", "corresp", "when", "evidence"} <= set(el.attrib)
