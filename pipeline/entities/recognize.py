"""Recognising register names in texts and wrapping found spans in TEI elements.

Three public functions:

- `name_spans(text, lang, registers)`: spans of register names in one string;
- `annotate(root, finders)`: the generic walker that wraps the spans any finder
  returns (names, dates, document numbers) in TEI elements, in place;
- `unknown_names(root, registers)`: name-like strings no register knows, for the
  editor to add.

Matching rules: the longest name wins; Latin and Cyrillic names match only as
whole words, CJK names anywhere; a Latin or Cyrillic form also matches in ALL-CAPS
(telegrams write "KIM IL SUNG") but never in any other case; in Russian texts the
common case endings of Russian forms match too ("Филиппова", "Кореи").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree

from ..xmlio import NS, TEI_NS, XML_NS, tei
from .registers import MENTION_TAGS, Registers
from .spans import Span

Finder = Callable[[str, str], "list[Span]"]

# ---------------------------------------------------------------------------
# Name forms -> one compiled pattern


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x3040 <= o <= 0x30FF  # kana
        or 0x3400 <= o <= 0x9FFF  # CJK ideographs
        or 0xF900 <= o <= 0xFAFF
        or 0xAC00 <= o <= 0xD7AF  # Hangul syllables
    )


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def normalise_form(text: str) -> str:
    """The key a form and a matched string share: single spaces, straight apostrophes."""
    return " ".join(text.replace("\u2019", "'").split())


_RU_VOWELS = set("аеёиоуыэюя")
_ADJECTIVE_ENDINGS = ("ий", "ый", "ой", "ая", "ое")
# Oblique cases in a fixed order so that the words of a phrase agree:
# genitive, dative, instrumental, prepositional, accusative.
_CASES = range(5)


def _inflect_word(word: str, case: int, adjective: bool) -> str | None:
    """One Russian word in an oblique case; None when the word does not decline."""
    low = word.lower()
    if adjective:
        stem = word[:-2]
        if low.endswith(("ий", "ый", "ой")):
            return stem + ("ого", "ому", "ым" if low.endswith("ый") else "им", "ом", "ого")[case]
        if low.endswith("ая"):
            return stem + ("ой", "ой", "ой", "ой", "ую")[case]
        return None
    last = low[-1]
    stem = word[:-1]
    if last == "а":
        soft = stem[-1:].lower() in set("гкхжшчщ")
        return stem + ("и" if soft else "ы", "е", "ой", "е", "у")[case]
    if last == "я":
        return stem + ("и", "е", "ей", "е" if not low.endswith("ия") else "и", "ю")[case]
    if last in "йь":
        return stem + ("я", "ю", "ем", "е", "я")[case]
    if last in _RU_VOWELS or not last.isalpha():
        return None  # indeclinable: Кайдзъё, Мао
    return word + ("а", "у", "ом", "е", "а")[case]


def _russian_inflections(form: str) -> set[str]:
    """Oblique-case forms of a Russian name: the last word declines, adjectives before it agree.

    Only titlecase words decline; abbreviations (СССР, КНР) and ALL-CAPS forms stay as
    they are. Korean and Chinese names decline only in their last part ("Ким Ир Сена").
    """
    words = form.split(" ")
    last = words[-1]
    if not (last[:1].isupper() and last[1:].replace("-", "").islower()):
        return set()
    out = set()
    for case in _CASES:
        new = []
        for i, w in enumerate(words):
            is_last = i == len(words) - 1
            adjective = not is_last and w.lower().endswith(_ADJECTIVE_ENDINGS)
            if is_last or adjective:
                # A hyphenated last word declines at its end only: "Кэ-нун" -> "Кэ-нуна".
                inflected = _inflect_word(w, case, adjective)
                if inflected is None:
                    if is_last:
                        break
                    inflected = w
                new.append(inflected)
            else:
                new.append(w)
        else:
            out.add(" ".join(new))
    out.discard(form)
    return out


def _token(ch: str) -> str:
    if ch == " ":
        return r"\s+"  # a name may be broken across lines
    if ch in "'\u2019":
        return "['\u2019]"
    return re.escape(ch)


def _trie_regex(forms: set[str]) -> str:
    """An alternation of `forms` factored as a trie, so the engine never retries shared prefixes."""
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(_token(ch), {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [tok + build(child) for tok, child in sorted(node.items()) if tok]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy optional: the longer continuation is tried before stopping here.
        return f"(?:{body})?" if end else body

    return build(trie)


class NameMatcher:
    """All name forms of the registers compiled into one pattern per language group."""

    def __init__(self, registers: Registers):
        self.registers = registers
        self.listed: dict[str, str] = {}  # normalised form -> entry id
        self.ambiguous: dict[str, set[str]] = {}
        for entry in registers.entries.values():
            for form in entry.forms:
                key = normalise_form(form.text)
                owner = self.listed.setdefault(key, entry.id)
                if owner != entry.id:
                    self.ambiguous.setdefault(key, {owner}).add(entry.id)
        # An ambiguous form cannot be resolved from the text alone: leave it to the editor.
        for key in self.ambiguous:
            del self.listed[key]
        self._patterns: dict[bool, re.Pattern] = {}
        self._forms: dict[bool, dict[str, str]] = {}

    def _form_map(self, russian: bool) -> dict[str, str]:
        if russian not in self._forms:
            forms = dict(self.listed)
            generated: dict[str, str] = {}
            for key, entry_id in self.listed.items():
                variants = {key}
                if russian and any(_is_cyrillic(c) for c in key):
                    variants |= _russian_inflections(key)
                if not any(_is_cjk(c) for c in key):
                    variants |= {v.upper() for v in variants}
                for v in variants - {key}:
                    generated.setdefault(v, entry_id)
            for v, entry_id in generated.items():
                # A listed form always beats a generated one ("US" stays the United States).
                forms.setdefault(v, entry_id)
            self._forms[russian] = forms
        return self._forms[russian]

    def pattern(self, lang: str) -> re.Pattern:
        russian = lang.lower().startswith("ru")
        if russian not in self._patterns:
            forms = self._form_map(russian)
            cjk = {f for f in forms if any(_is_cjk(c) for c in f)}
            alphabetic = set(forms) - cjk
            parts = []
            if alphabetic:
                # Lookahead with a capture: every start position yields its longest candidate,
                # and overlapping candidates are resolved afterwards (longest wins).
                parts.append(rf"(?<!\w)(?=(?P<a>{_trie_regex(alphabetic)})(?!\w))")
            if cjk:
                parts.append(rf"(?=(?P<c>{_trie_regex(cjk)}))")
            self._patterns[russian] = re.compile("|".join(parts) or r"(?!)")
        return self._patterns[russian]

    def find(self, text: str, lang: str) -> Iterator[tuple[int, int, str]]:
        """Every candidate (start, end, entry id), overlapping ones included."""
        forms = self._form_map(lang.lower().startswith("ru"))
        for m in self.pattern(lang).finditer(text):
            group = "a" if m.groupdict().get("a") is not None else "c"
            matched = m.group(group)
            entry_id = forms.get(normalise_form(matched))
            if entry_id:
                yield m.start(group), m.end(group), entry_id


def resolve(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans: longest first, then higher priority, then earliest."""
    chosen: list[Span] = []
    for s in sorted(spans, key=lambda s: (-s.length, -s.priority, s.start)):
        if s.length > 0 and all(s.end <= c.start or s.start >= c.end for c in chosen):
            chosen.append(s)
    return sorted(chosen, key=lambda s: s.start)


def name_spans(text: str, lang: str, registers: Registers) -> list[Span]:
    """Register names in `text` as spans to wrap in persName/placeName/orgName with @ref."""
    spans = [
        Span(start, end, MENTION_TAGS[registers[entry_id].kind], {"ref": registers.ref(entry_id)})
        for start, end, entry_id in registers.matcher.find(text, lang)
    ]
    return resolve(spans)


# ---------------------------------------------------------------------------
# Walking a TEI tree

# Elements whose content is already an annotation or must stay as it is.
SKIPPED_TAGS = frozenset(
    tei(t)
    for t in (
        "persName", "placeName", "orgName", "geogName", "name", "rs", "date", "time", "idno",
        "gap", "ptr", "ref", "num", "measure", "term", "foreign", "bibl", "biblStruct",
        "listBibl", "msIdentifier", "fw",
    )
)
# Header parts whose text is document content; the rest of the header is metadata.
ANNOTATED_REGIONS = (
    "//tei:text[not(ancestor::tei:text)]"
    " | //tei:teiHeader//tei:correspDesc | //tei:teiHeader//tei:abstract"
)
XML_LANG = f"{{{XML_NS}}}lang"


def _skipped(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return True  # comment or processing instruction
    if el.tag in SKIPPED_TAGS or not el.tag.startswith(f"{{{TEI_NS}}}"):
        return True
    # source quirk notes quote the source verbatim; annotating them would change the quote
    return el.tag == tei("note") and el.get("type") == "source-quirk"


def _inherited_lang(el: etree._Element) -> str:
    found = el.xpath("ancestor-or-self::*[@xml:lang][1]/@xml:lang")
    return str(found[0]) if found else "en"


def _regions(root: etree._Element) -> list[etree._Element]:
    regions = root.xpath(ANNOTATED_REGIONS, namespaces=NS)
    # A region inside another region is walked as part of it.
    return [r for r in regions if not any(a in regions for a in r.iterancestors())]


def _wrap(text: str, spans: list[Span]) -> tuple[str | None, list[etree._Element]]:
    """Split `text` at `spans`: the leading text and the new elements (each carrying its tail)."""
    new = []
    pos = 0
    head = text
    for s in spans:
        el = etree.Element(tei(s.tag), s.attrib)
        el.text = text[s.start:s.end]
        if new:
            new[-1].tail = text[pos:s.start] or None
        else:
            head = text[:s.start]
        new.append(el)
        pos = s.end
    if new:
        new[-1].tail = text[pos:] or None
    return head or None, new


def _annotate_element(el: etree._Element, lang: str, finders: Finder) -> None:
    lang = el.get(XML_LANG) or lang
    if el.text:
        spans = resolve(finders(el.text, lang))
        if spans:
            el.text, new = _wrap(el.text, spans)
            for i, n in enumerate(new):
                el.insert(i, n)
    for child in list(el):
        if child.getparent() is not el:
            continue
        if not _skipped(child):
            _annotate_element(child, lang, finders)
        if child.tail:
            spans = resolve(finders(child.tail, lang))
            if spans:
                child.tail, new = _wrap(child.tail, spans)
                at = el.index(child) + 1
                for i, n in enumerate(new):
                    el.insert(at + i, n)


def annotate(root: etree._Element, finders: Finder) -> None:
    """Wrap every span `finders(text, lang)` returns in a TEI element, in place.

    Walks the text of tei:text and of the header's correspDesc and abstract, never
    attribute values and never the inside of existing annotations (persName, date,
    idno, ref, ...). Each text node is searched on its own, so a span never crosses
    an element boundary; overlapping spans resolve longest first, then by priority,
    then earliest. Running it again on its own output changes nothing.
    """
    for region in _regions(root):
        if not _skipped(region):
            parent = region.getparent()
            _annotate_element(region, _inherited_lang(parent) if parent is not None else "en", finders)


def combine(*finders: Finder) -> Finder:
    """One finder that returns the spans of all `finders` (annotate resolves overlaps)."""
    return lambda text, lang: [s for f in finders for s in f(text, lang)]


def name_finder(registers: Registers) -> Finder:
    return lambda text, lang: name_spans(text, lang, registers)


# ---------------------------------------------------------------------------
# Names the registers do not know


def _text_nodes(root: etree._Element) -> Iterator[tuple[str, str, int]]:
    """(text, lang, line where the text starts) for every text node `annotate` would search."""

    def walk(el: etree._Element, lang: str) -> Iterator[tuple[str, str, int]]:
        lang = el.get(XML_LANG) or lang
        if el.text:
            yield el.text, lang, el.sourceline or 0
        for child in el:
            if not _skipped(child):
                yield from walk(child, lang)
            if child.tail:
                line = (child.sourceline or 0) + "".join(child.itertext()).count("\n")
                yield child.tail, lang, line

    for region in _regions(root):
        if not _skipped(region):
            parent = region.getparent()
            yield from walk(region, _inherited_lang(parent) if parent is not None else "en")


TITLES = (
    r"Comrades?|Cdes?\.?|COMRADES?|Generals?|GENERAL|Marshal|MARSHAL|Admiral|Colonel|Major|Captain|"
    r"Lieutenant|President|Premier|Chairman|Ambassador|(?:Deputy )?Minister|(?:Deputy )?Foreign Minister|"
    r"Secretary|Mr\.|Mrs\.|Dr\.|Товарищ|товарищ|товарища|товарищу|товарищем|товарищи|тов\.|ТОВАРИЩ|"
    r"Маршал|маршал|Генерал|генерал"
)
_UP = "A-ZА-ЯЁ"
_LOW = "a-zа-яё"
# A name word: Titlecase ("Fleet", "Il-sung"), ALL-CAPS ("IVANOV") or an initial ("V.").
_NAME_WORD = rf"(?:[{_UP}][{_LOW}'’]+(?:-[{_LOW}{_UP}][{_LOW}]*)*|[{_UP}]{{2,}}(?:-[{_UP}]+)*|[{_UP}]\.(?:\s?[{_UP}]\.)*)"
_NAME_RUN = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD})*"
_TITLED = re.compile(rf"(?<!\w)(?:{TITLES})\s+({_NAME_RUN}(?:(?:\s*,\s*|\s+and\s+|\s+и\s+){_NAME_RUN})*)")
_TITLECASE_RUN = re.compile(
    rf"(?<![\w.])[{_UP}][{_LOW}'’-]+(?:[ \t]+(?:[{_UP}][{_LOW}'’-]+|[{_UP}]\.))+"
)
_SIGNATURE_LINE = re.compile(rf"^[ \t]*([{_UP}]{{2,}}(?:-[{_UP}]+)*(?:[ \t]+[{_UP}]{{2,}}(?:-[{_UP}]+)*){{0,2}})\.?[ \t]*$", re.M)

# Ordinary words that are capitalised at sentence starts, in titles of offices,
# bodies and documents; a run made only of these (after known names are removed)
# is not a name. Compared in lower case.
STOPWORDS = frozenset(
    """
    a an the and or but if as at by for from in into of on to with without within upon about after before
    during since until while when where whence which who whom whose what why how this that these those
    there here it its he his she her we our us they their them you your i my me not no nor so then thus
    also however moreover therefore furthermore consequently simultaneously meanwhile coupled
    first second third fourth fifth sixth seventh eighth ninth tenth additional
    january february march april may june july august september october november december
    article articles attachment attached point points paragraph paragraphs draft resolution resolves
    resolution directive directives telegram ciphered copies series received original excerpt minutes
    question questions issue issues chapter page letter letterhead summary source rights document
    commission committee council conference assembly session plenary government governments ministry
    ministers minister foreign affairs prime deputy supreme commander chief commander-in-chief
    chairman president secretary business manager representative ambassador head command headquarters
    general marshal comrade comrades cde cdes army military forces delegation office staff main
    administration affairs state states union people people's republic democratic socialist soviet
    chinese korean american polish indian united nations world war new
    geneva convention conventions agreement armistice
    press key left right space bar home categories setting add return book chapters skip content
    to-do record language donors uploaded date author authors
    secret urgent top copy immediately
    north south east west koreans americans soviets
    товарищ товарищи вы вас вам вами ваш ваша ваше ваши вашего вашей""".split()
)


def _is_known_fragment(words: str, forms_lower: list[str]) -> bool:
    low = f" {words.lower()} "
    return any(low in f" {f} " for f in forms_lower)


def unknown_names(root: etree._Element, registers: Registers) -> list[tuple[str, int]]:
    """Name-like strings in the annotated parts of `root` that no register entry covers.

    Three kinds of candidates: names after a title ("Comrade Ivanov", "General Van
    Fleet", "Товарищ Громыко"), runs of two or more Titlecase words, and signature
    lines of two or three ALL-CAPS words ("MAO ZEDONG"). Text inside persName,
    placeName, orgName (and other annotations) is not looked at; a candidate word
    that is part of a register name or a stopword is dropped. Returns (name, line)
    in document order without repeats.
    """
    forms_lower = [f.lower() for f in registers.matcher.listed] + [
        f.lower() for f in registers.matcher.ambiguous
    ]
    found: list[tuple[str, int]] = []

    def report(candidate: str, start: int, text: str, known: list[Span], line0: int, min_words: int) -> None:
        # Drop the words that a known name covers or that are ordinary words; what is
        # left, as contiguous runs, is unknown.
        pieces: list[list[str]] = [[]]
        for m in re.finditer(r"\S+", candidate):
            a, b = start + m.start(), start + m.end()
            word = m.group().rstrip(",")
            bare = re.sub(r"['’]s$", "", word).strip(".").lower()
            covered = any(a < s.end and b > s.start for s in known)
            if covered or bare in STOPWORDS or not bare:
                pieces.append([])
            else:
                pieces[-1].append(word)
        for piece in pieces:
            if len(piece) < min_words:
                continue
            name = " ".join(piece)
            if _is_known_fragment(name, forms_lower):
                continue
            line = line0 + text[:start].count("\n")
            if (name, line) not in found:
                found.append((name, line))

    for text, lang, line0 in _text_nodes(root):
        known = name_spans(text, lang, registers)
        for m in _TITLED.finditer(text):
            for part in re.finditer(_NAME_RUN, m.group(1)):
                if part.group() in ("and", "и"):
                    continue
                report(part.group(), m.start(1) + part.start(), text, known, line0, 1)
        for m in _TITLECASE_RUN.finditer(text):
            words = m.group().split()
            # Needs two non-stopword words to look like a name on its own.
            if sum(1 for w in words if w.strip(".").lower() not in STOPWORDS) >= 2:
                report(m.group(), m.start(), text, known, line0, 2)
        for m in _SIGNATURE_LINE.finditer(text):
            report(m.group(1), m.start(1), text, known, line0, 1)
    return found
