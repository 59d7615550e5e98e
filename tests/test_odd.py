"""schema/edition.odd: valid TEI, declaring exactly the elements and attributes of
schema/tei-edition.xsd (both directions), and the source of docs/encoding.md.

The ODD's declarations are computed the way an ODD processor would for this customisation:
the elements its moduleRefs include (plus elementSpec mode="add", minus mode="delete"); for
each, the attributes tei_all.rng gives it, class by class (att.global.linking's corresp,
the element's own attributes, ...), minus the attDefs the ODD deletes in a classSpec or in
the element's elementSpec, plus the ones it adds. The XSD's are the union, per element name,
over the contexts it declares the element in.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from conftest import ROOT, TEI_ALL

ODD = ROOT / "schema" / "edition.odd"
XSD = ROOT / "schema" / "tei-edition.xsd"
TEI = "http://www.tei-c.org/ns/1.0"
RNG = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI}
ATTRIBUTE_DEFINE = re.compile(r"^(att\..+)\.attribute\.(.+)$")


def xsd_declarations(path: Path = XSD) -> dict[str, set[str]]:
    schema = xmlschema.XMLSchema(str(path), allow="local", defuse="always")
    out: dict[str, set[str]] = defaultdict(set)
    seen = set()

    def walk(decl):
        name = decl.local_name
        out[name]
        if (name, id(decl.type)) in seen:
            return
        seen.add((name, id(decl.type)))
        for a in getattr(decl.type, "attributes", {}):
            out[name].add(a.replace(f"{{{XML_NS}}}", "xml:"))
        content = getattr(decl.type, "content", None)
        if decl.type.is_complex() and content is not None and hasattr(content, "iter_elements"):
            for child in content.iter_elements():
                walk(child)

    walk(schema.elements["TEI"])
    return dict(out)


def tei_all_attributes(path: Path = TEI_ALL) -> dict[str, set[tuple[str | None, str]]]:
    """element -> {(attribute class or None for its own attributes, attribute name)} in tei_all."""
    grammar = etree.parse(str(path)).getroot()
    defines = defaultdict(list)
    for d in grammar.iter(f"{{{RNG}}}define"):
        defines[d.get("name")].append(d)

    def name_of(attribute):
        if attribute.get("name"):
            return attribute.get("name")
        n = attribute.find(f"{{{RNG}}}name")
        return ("xml:" if n.get("ns") == XML_NS else "") + n.text

    def walk(node, cls, visited, out):
        for el in node:
            if not isinstance(el.tag, str):
                continue
            tag = etree.QName(el).localname
            if tag == "element":  # content, not attributes
                continue
            if tag == "attribute":
                out.add((cls, name_of(el)))
            elif tag == "ref":
                ref = el.get("name")
                if ref.startswith("att.") and ref not in visited:
                    m = ATTRIBUTE_DEFINE.match(ref)
                    for d in defines[ref]:
                        walk(d, m.group(1) if m else cls, visited | {ref}, out)
            else:
                walk(el, cls, visited, out)

    result: dict[str, set] = defaultdict(set)
    for el in grammar.iter(f"{{{RNG}}}element"):
        if el.get("name"):
            walk(el, None, frozenset(), result[el.get("name")])
    return dict(result)


def odd_declarations(odd: etree._Element, tei_all: dict) -> dict[str, set[str]]:
    spec = odd.find(".//tei:schemaSpec", NS)
    elements = set()
    for ref in spec.iterfind("tei:moduleRef", NS):
        elements |= set((ref.get("include") or "").split())
    elements |= {e.get("ident") for e in spec.iterfind("tei:elementSpec[@mode='add']", NS)}
    elements -= {e.get("ident") for e in spec.iterfind("tei:elementSpec[@mode='delete']", NS)}
    deleted_in_class = {(c.get("ident"), d.get("ident"))
                        for c in spec.iterfind("tei:classSpec[@type='atts']", NS)
                        for d in c.iterfind("tei:attList/tei:attDef[@mode='delete']", NS)}
    deleted_classes = {c.get("ident") for c in spec.iterfind("tei:classSpec[@type='atts'][@mode='delete']", NS)}
    out = {}
    for e in elements:
        attrs = {a for c, a in tei_all[e] if (c, a) not in deleted_in_class and c not in deleted_classes}
        spec_el = spec.find(f"tei:elementSpec[@ident='{e}']", NS)
        if spec_el is not None:
            for d in spec_el.iterfind("tei:attList/tei:attDef", NS):
                mode, ident = d.get("mode") or "add", d.get("ident")
                if mode == "delete":
                    assert ident in attrs, f"{e}: deletes @{ident}, which it does not have"
                    attrs.discard(ident)
                elif mode in ("change", "replace"):
                    assert ident in attrs, f"{e}: changes @{ident}, which it does not have"
                else:
                    attrs.add(ident)
        out[e] = attrs
    return out


@pytest.fixture(scope="module")
def odd() -> etree._Element:
    return etree.parse(str(ODD)).getroot()


@pytest.fixture(scope="module")
def declared(odd):
    return odd_declarations(odd, tei_all_attributes()), xsd_declarations()


def test_odd_is_valid_tei():
    exe = shutil.which("jing")
    assert exe, "jing is not installed (Debian package jing)"
    done = subprocess.run([exe, str(TEI_ALL), str(ODD)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_odd_and_xsd_declare_the_same_elements(declared):
    from_odd, from_xsd = declared
    assert sorted(set(from_odd) - set(from_xsd)) == [], "in the ODD, not in the XSD"
    assert sorted(set(from_xsd) - set(from_odd)) == [], "in the XSD, not in the ODD"


def test_odd_and_xsd_declare_the_same_attributes(declared):
    from_odd, from_xsd = declared
    only_odd = {e: sorted(a - from_xsd.get(e, set())) for e, a in from_odd.items() if a - from_xsd.get(e, set())}
    only_xsd = {e: sorted(a - from_odd.get(e, set())) for e, a in from_xsd.items() if a - from_odd.get(e, set())}
    assert only_odd == {}, "attributes the ODD declares and the XSD does not"
    assert only_xsd == {}, "attributes the XSD declares and the ODD does not"


def test_odd_comparison_sees_a_difference(odd, tmp_path):
    """The check can fail: an attribute the XSD loses, an element the ODD gains."""
    xsd_text = XSD.read_text(encoding="utf-8")
    broken = tmp_path / "broken.xsd"
    shutil.copy(XSD.with_name("xml.xsd"), tmp_path / "xml.xsd")
    broken.write_text(xsd_text.replace('<xs:attribute name="decls" type="pointers"/>', "", 1), encoding="utf-8")
    from_odd = odd_declarations(odd, tei_all_attributes())
    from_xsd = xsd_declarations(broken)
    assert "decls" in from_odd["div"] and "decls" not in from_xsd["div"]
    more = etree.fromstring(etree.tostring(odd))
    ref = more.find(".//tei:schemaSpec/tei:moduleRef[@key='core']", NS)
    ref.set("include", ref.get("include") + " quote")
    assert "quote" in odd_declarations(more, tei_all_attributes())


def test_odd_element_specs_name_the_module_that_includes_them(odd):
    spec = odd.find(".//tei:schemaSpec", NS)
    module_of = {e: ref.get("key") for ref in spec.iterfind("tei:moduleRef[@include]", NS)
                 for e in ref.get("include").split()}
    for es in spec.iterfind("tei:elementSpec", NS):
        assert es.get("module") == module_of.get(es.get("ident")), es.get("ident")


def test_odd_closed_value_lists_are_the_xsds(odd):
    schema = xmlschema.XMLSchema(str(XSD), allow="local", defuse="always")
    spec = odd.find(".//tei:schemaSpec", NS)
    checked = 0
    for vl in spec.iterfind(".//tei:elementSpec/tei:attList/tei:attDef/tei:valList[@type='closed']", NS):
        attdef = vl.getparent()
        element, attribute = attdef.getparent().getparent().get("ident"), attdef.get("ident")
        values = {v.get("ident") for v in vl.iterfind("tei:valItem", NS)}
        enums = set()
        for comp in schema.iter_components():
            if getattr(comp, "local_name", None) == element and hasattr(comp, "type"):
                a = getattr(comp.type, "attributes", {}).get(attribute)
                if a is not None and a.type.enumeration:
                    enums |= set(a.type.enumeration)
        assert enums == values, (element, attribute)
        checked += 1
    assert checked >= 3


def test_encoding_manual_is_the_rendered_odd():
    from pipeline.guidelines import render

    manual = (ROOT / "docs" / "encoding.md").read_text(encoding="utf-8")
    assert manual == render(ROOT), "docs/encoding.md is stale: run python -m pipeline.guidelines"
    # one example per convention: every section of the guidelines shows the encoding
    for section in ("Quotations", "Square brackets", "Document structure", "Archival description",
                    "Correspondence", "Names and registers"):
        body = manual.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
        assert "```xml" in body, section
