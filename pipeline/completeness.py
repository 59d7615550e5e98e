"""Proof that a conversion lost nothing: the words of a source against the words of its TEI.

A source's words are its runs of letters and its runs of digits, in every script; each Han
character, kana and Hangul syllable counts as a word of its own (see _ONE_CHARACTER_WORDS). A conversion is complete when
every word of the source, as many times as the source has it, is found in the TEI, except
the words of the lines the converter declared dropped (navigation, labels, mastheads), and
when the words of the document's own text are found in the TEI's <text> (not only in the
header). Words are compared case-folded and NFKC-normalised, so that a heading set in
capitals or a full-width digit does not count as lost; nothing else is forgiven.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from lxml import etree

from .xmlio import NS

# Han, kana and Hangul: a character (a syllable) is a word of its own. Chinese and Japanese have
# no spaces to cut at; a Korean word carries its particles ("7월에"), which markup of the date
# before them cuts off ("<date>7월</date>에"), so a word cannot be the unit there either.
_ONE_CHARACTER_WORDS = ("\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
        "\u3040-\u30ff\u1100-\u11ff\u3130-\u318f\uac00-\ud7af")
# Letters and digits are separate words: "Дата12.05.2019" is "дата", "12", "05", "2019" whether
# or not a date element now stands between the label and the number.
_WORD = re.compile(rf"[{_ONE_CHARACTER_WORDS}]|[^\W\d_{_ONE_CHARACTER_WORDS}]+|\d+")


def words(text: str) -> Counter:
    """The multiset of words of `text`."""
    return Counter(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def words_of_lines(lines: Iterable[str]) -> Counter:
    total: Counter = Counter()
    for line in lines:
        total.update(words(line))
    return total


def _text_words(el: etree._Element) -> Counter:
    # Word boundaries follow element boundaries: "<lb/>" or a new <p> separates words.
    return words(" ".join(t for t in el.xpath(".//text()")))


def missing_words(source_text: str, body_lines: Iterable[str], dropped_lines: Iterable[str],
                  root: etree._Element) -> Counter:
    """Words of the source the TEI does not have (an empty Counter when nothing was lost)."""
    needed = words(source_text) - words_of_lines(dropped_lines)
    missing = needed - _text_words(root)
    text = root.find("tei:text", NS)
    body = words_of_lines(body_lines) - words_of_lines(dropped_lines)  # a declared drop may be absent from the text
    missing_from_text = body - (_text_words(text) if text is not None else Counter())
    return missing | missing_from_text


def describe(missing: Counter, limit: int = 8) -> str:
    """"12 words, e.g. 'Kaesong', 'armistice' (×2)" for a message."""
    total = sum(missing.values())
    shown = ", ".join(f"'{w}'" + (f" (×{n})" if n > 1 else "") for w, n in missing.most_common(limit))
    return f"{total} word(s), e.g. {shown}" if total else "no words"


def body_is_empty(root: etree._Element) -> bool:
    """No text in the body outside the lines a converter could not place (div[@type='unplaced'])."""
    body = root.find("tei:text/tei:body", NS)
    if body is None:
        return True
    placed = body.xpath(".//text()[not(ancestor::tei:div[@type='unplaced'])]", namespaces=NS)
    return not "".join(placed).strip()
