"""The JSON-LD of a document page (xslt/jsonld_common.xsl)."""

from __future__ import annotations

import json


def test_jsonld_escapes_the_characters_of_markup(tmp_path):
    """A title with <, > and & keeps its JSON-LD safe inside the page's script element."""
    from lxml import etree

    from buildkit import ROOT
    from pipeline.transform import Stylesheets
    from pipeline.xmlio import TEI_NS, parse

    source = sorted((ROOT / "tei").glob("0*.xml"))[0]
    tree = parse(source)
    title = tree.find(f".//{{{TEI_NS}}}titleStmt/{{{TEI_NS}}}title")
    for child in list(title):
        title.remove(child)
    title.text = "Notes <on> A & B"
    doc = tmp_path / source.name
    doc.write_bytes(etree.tostring(tree, encoding="utf-8", xml_declaration=True))
    page = Stylesheets(ROOT / "xslt").render_string("html_document", doc,
                                                    {"register-base": (ROOT / "tei").as_uri() + "/"})
    script = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and ">" not in script and "&" not in script
    assert json.loads(script)["name"] == "Notes <on> A & B"
    assert "\\u003con\\u003e A \\u0026 B" in script
