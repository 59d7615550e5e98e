"""Inline editorial markup inside a paragraph: brackets and quotations.

Square brackets in these translations are the translator's or archive's voice:
"[…]" marks an omission (→ <gap>), "[Stalin]" or "[the letter]" adds words
(→ <supplied>). Quotations are marked with <q>, the quotation marks staying in
the text so that nothing the source prints is lost.
"""

from __future__ import annotations

import re

from lxml import etree

from ..xmlio import tei

BRACKET = re.compile(r"\[(…|\.\.\.|\.\s?\.\s?\.)\]|\[([^\[\]]{1,200})\]")
QUOTE = re.compile(r"(“)([^“”]{1,4000}?)(”)|(\")([^\"]{1,4000}?)(\")|(«)([^«»]{1,4000}?)(»)|(「)([^「」]{1,4000}?)(」)")


def fill(element: etree._Element, text: str) -> etree._Element:
    """Append `text` to `element`, with brackets and quotations as TEI elements."""
    _append_text(element, text)
    return element


def _append_text(element: etree._Element, text: str) -> None:
    pos = 0
    for m in QUOTE.finditer(text):
        _append_brackets(element, text[pos : m.start()])
        open_, inner, close = [g for g in m.groups() if g is not None]
        _append_plain(element, open_)
        q = etree.SubElement(element, tei("q"))
        _append_brackets(q, inner)
        _append_plain(element, close)
        pos = m.end()
    _append_brackets(element, text[pos:])


def _append_brackets(element: etree._Element, text: str) -> None:
    pos = 0
    for m in BRACKET.finditer(text):
        _append_plain(element, text[pos : m.start()])
        if m.group(1):
            etree.SubElement(element, tei("gap"), reason="omitted")
        else:
            sup = etree.SubElement(element, tei("supplied"), reason="editorial")
            sup.text = m.group(2)
        pos = m.end()
    _append_plain(element, text[pos:])


def _append_plain(element: etree._Element, text: str) -> None:
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text
