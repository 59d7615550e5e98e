"""One pass that marks up names, dates and document numbers in a TEI document."""

from __future__ import annotations

import re

from lxml import etree

from ..tei import finish
from ..xmlio import NS, tei
from .archival import find_document_numbers
from .dates import find_dates
from .recognize import annotate, combine, name_finder, name_spans


def document_date(root: etree._Element) -> str | None:
    """The document's own date (profileDesc/creation), the context for years left unsaid."""
    when = root.xpath("string(tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when)", namespaces=NS)
    return when or None


def annotate_document(root: etree._Element, registers) -> None:
    context = document_date(root)
    _link_correspondents(root, registers)
    finish.before_annotation(root, registers)  # names the encoding built from brackets
    annotate(root, combine(
        name_finder(registers),
        lambda text, lang: find_dates(text, lang, context),
        lambda text, lang: find_document_numbers(text),
    ))
    finish.after_annotation(root, registers)  # places of writing, correspondence, archival conflicts


def _link_correspondents(root: etree._Element, registers) -> None:
    """correspAction/name -> persName/orgName/placeName with @ref when a register knows it."""
    for name in root.iterfind(".//tei:correspDesc/tei:correspAction/tei:name", NS):
        text = name.text or ""
        spans = sorted(name_spans(text, "en", registers), key=lambda s: (-s.length, s.start))
        # Only a name the register knows as a whole; "Filippov [Stalin]" counts as Filippov.
        bare = re.sub(r"\s*\[[^\]]*\]\s*", "", text).strip()
        if spans and spans[0].length >= len(bare):
            span = spans[0]
            name.tag = tei(span.tag)
            name.set("ref", span.attrib["ref"])
