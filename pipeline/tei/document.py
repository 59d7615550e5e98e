"""Assemble a SourceDocument into a complete TEI document."""

from __future__ import annotations

from datetime import date

from lxml import etree

from ..sources.model import SourceDocument
from ..xmlio import TEI_NS, XML_NS, tei
from .body import build_text
from .header import build_header
from .ids import document_id, element_prefix
from .inline import Context

# Relative to tei/, so an XML editor opening tei/x.xml validates it against the project schema.
SCHEMA_PIS = [
    '<?xml-model href="../schema/tei-edition.xsd" type="application/xml" '
    'schematypens="http://www.w3.org/2001/XMLSchema"?>',
    '<?xml-model href="../schema/tei-edition.sch" type="application/xml" '
    'schematypens="http://purl.oclc.org/dsdl/schematron"?>',
]


def build_document(doc: SourceDocument, converted: date) -> etree._Element:
    doc_id = document_id(doc)
    languages = [v.lang for v in doc.texts if v.lang] or ["en"]
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    root.set(f"{{{XML_NS}}}id", doc_id)
    root.set(f"{{{XML_NS}}}lang", "en")
    for version in doc.texts:
        for line, text_, why in getattr(version, "dropped", []):
            doc.drop(line, text_, why)
    ctx = Context(pipeline=f"#{doc_id}-pipeline", source_editor=f"#{doc_id}-source-editor", warn=doc.warn)
    titles = {"en": doc.title}
    if doc.original_title:
        titles.setdefault(doc.original_title[0], doc.original_title[1])
    text = build_text(doc.texts, element_prefix(doc_id), languages[0], ctx, titles)
    root.append(build_header(doc, doc_id, languages, converted, ctx, text))
    root.append(text)
    _declare_languages(root)
    return root


def _declare_languages(root: etree._Element) -> None:
    """langUsage lists every xml:lang the document uses (a Chinese note in an English text too)."""
    usage = root.find(f"{tei('teiHeader')}/{tei('profileDesc')}/{tei('langUsage')}")
    if usage is None:
        return
    from .header import LANGUAGE_NAMES

    declared = {l.get("ident") for l in usage}
    for lang in dict.fromkeys(root.xpath("//@xml:lang")):
        if lang not in declared:
            etree.SubElement(usage, tei("language"), ident=lang).text = LANGUAGE_NAMES.get(lang, lang)
            declared.add(lang)
