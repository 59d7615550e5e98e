"""Recognising register names in texts and wrapping found spans in TEI elements.

Public functions:

- `name_spans(text, lang, registers)`: spans of register names in one string;
- `annotate(root, finders)`: the generic walker that wraps the spans any finder
  returns (names, dates, document numbers) in TEI elements, in place;
and `text_nodes`/`resolve`, which the recognisers of unregistered names
(`proposals`) share with it.

Matching rules: the longest name wins; Latin and Cyrillic names match only as
whole words, CJK names anywhere; a Latin or Cyrillic form also matches in ALL-CAPS
(telegrams write "KIM IL SUNG") but never in any other case; in Russian texts the
common case endings of Russian forms match too ("Филиппова", "Кореи").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

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


_DICTIONARY_CASES = ("gent", "datv", "ablt", "loct", "accs")  # the order of _CASES
_NAME_GRAMMEMES = {"Name", "Surn", "Patr", "Geox", "Orgn"}


def _dictionary_parse(word: str):
    """pymorphy3's nominative reading of a word (a name's reading first), or None."""
    from . import models

    parses = [p for p in models.morphology().parse(word.lower()) if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF")]
    named = [p for p in parses if _NAME_GRAMMEMES & set(p.tag.grammemes)]
    best = (named or parses or [None])[0]
    return None if best is None or "Fixd" in best.tag else best


def _same_case_style(model: str, word: str) -> str:
    """`word` written as `model` is: "Корея" -> "Кореи", "КОРЕЯ" -> "КОРЕИ"."""
    if model.isupper():
        return word.upper()
    parts = word.split("-")
    models_ = model.split("-")
    return "-".join(p[:1].upper() + p[1:] if m[:1].isupper() else p for p, m in zip(parts, models_ + models_[-1:] * 9))


def _dictionary_inflections(form: str) -> set[str]:
    """Oblique cases of a Russian name from pymorphy3's dictionary.

    A name of capitalised words declines in its last word, adjectives before it agreeing
    ("Северная Корея" -> "Северной Кореи"); a phrase with lower-case words declines its
    head, the first noun, with the adjectives before it ("Министерство иностранных дел"
    -> "Министерства иностранных дел").
    """
    words = form.split(" ")
    if not all(re.fullmatch(r"[А-ЯЁа-яё-]+|[A-Z]+", w) for w in words):
        return set()
    parses = [_dictionary_parse(w) if w[:1].isupper() and not w.isupper() or not w[:1].isupper() else None
              for w in words]
    # "Совет Министров СССР" is a phrase whose head is a common noun, though every word is
    # capitalised; "Ким Ир Сен", "Северная Корея" are names.
    common_head = any(p is not None and p.tag.POS == "NOUN" and not (_NAME_GRAMMEMES & set(p.tag.grammemes))
                      for p in parses[:-1])
    capitalised = all(w[:1].isupper() for w in words) and not common_head
    if capitalised:
        declining = {len(words) - 1} | {i for i in range(len(words) - 1) if parses[i] and parses[i].tag.POS == "ADJF"}
    else:
        head = next((i for i, p in enumerate(parses) if p and p.tag.POS == "NOUN"), None)
        if head is None:
            return set()
        declining = {head} | {i for i in range(head) if parses[i] and parses[i].tag.POS == "ADJF"}
    out = set()
    for case in _DICTIONARY_CASES:
        new = []
        for i, (w, p) in enumerate(zip(words, parses)):
            inflected = p.inflect({case}) if i in declining and p is not None else None
            new.append(_same_case_style(w, inflected.word) if inflected else w)
        out.add(" ".join(new))
    out.discard(form)
    return out


def _russian_inflections(form: str) -> set[str]:
    """Oblique-case forms of a Russian name: from the dictionary where it knows the words,
    and by rule (the last word declines, adjectives before it agree) for the foreign names it
    does not know ("Ким Ир Сен" -> "Ким Ир Сена").

    Only titlecase words decline by rule; abbreviations (СССР, КНР) and ALL-CAPS forms
    stay as they are. Korean and Chinese names decline only in their last part.
    """
    return _rule_inflections(form) | _dictionary_inflections(form)


def _rule_inflections(form: str) -> set[str]:
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
                    # "the 38th Parallel" in a heading-style text: a form's common words capitalised
                    capitalised = " ".join(w[:1].upper() + w[1:] if len(w) >= 4 and w.islower() else w
                                           for w in key.split(" "))
                    variants.add(capitalised)
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


def resolve(spans: list[Span], text: str | None = None) -> list[Span]:
    """Non-overlapping spans: longest first, then higher priority, then earliest.

    Proposals (negative priority: names no register knows) only fill what the
    authoritative spans (register names, dates, numbers) leave free, whatever their length,
    except a proposal whose cue outranks the register mentions inside it (`_may_outrank`):
    the body named "朝鲜政府" or "North Korea People's Army" takes the place of the place
    朝鲜 or the army within.
    """
    authoritative = [s for s in spans if s.priority >= 0]
    proposals = [s for s in spans if s.priority < 0]
    for p in [p for p in proposals if p.outranks]:
        inside = [a for a in authoritative if p.start <= a.start and a.end <= p.end and a.length < p.length]
        overlapping = [a for a in authoritative if a.start < p.end and p.start < a.end and a not in inside]
        if inside and not overlapping and all(_may_outrank(p, a, text) for a in inside):
            authoritative = [a for a in authoritative if a not in inside] + [p]
            proposals.remove(p)
    chosen = _choose(authoritative, [])
    return _choose(proposals, chosen)


_ORDINAL_WORDS = re.compile(r"^(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth)\s+$")


def _may_outrank(proposal: Span, inner: Span, text: str | None) -> bool:
    """Whether a proposed body may take the place of a register mention inside it.

    A place inside a body's name always gives way ("朝鲜政府", "the Soviet Embassy"). A
    registered body gives way only to the same body more fully named: "North Korea
    People's Army" (modifiers before it), "联合国军司令部" (a Chinese head after it); not
    to another body of which it is a part ("Headquarters of the United Nations Command",
    "the Command of the Korean People's Army", "Fourth Plenary Committee of the …
    Conference") nor to a session of it ("the Seventh United Nations General Assembly").
    """
    if inner.tag not in proposal.outranks:
        return False
    if inner.tag != "orgName" or text is None:
        return True
    before, after = text[proposal.start:inner.start], text[inner.end:proposal.end]
    if any("\u4e00" <= c <= "\u9fff" for c in text[inner.start:inner.end]):
        return not before and bool(after)
    if after or " of " in f" {before}" or re.search(r"\bof\b", before) or _ORDINAL_WORDS.match(before):
        return False
    return bool(before.strip())


def _choose(spans: list[Span], chosen: list[Span]) -> list[Span]:
    # `chosen` is kept sorted by start; a candidate overlaps only its neighbours there,
    # so each check is a bisection, not a scan (a 5 MB line has tens of thousands of spans).
    starts = [c.start for c in chosen]
    for s in sorted(spans, key=lambda s: (-s.length, -s.priority, s.start)):
        if s.length <= 0:
            continue
        i = bisect.bisect_right(starts, s.start)
        if i and chosen[i - 1].end > s.start:
            continue
        if i < len(chosen) and chosen[i].start < s.end:
            continue
        chosen.insert(i, s)
        starts.insert(i, s.start)
    return chosen


def name_spans(text: str, lang: str, registers: Registers) -> list[Span]:
    """Register names in `text` as spans to wrap in persName/placeName/orgName with @ref."""
    spans = []
    for start, end, entry_id in registers.matcher.find(text, lang):
        entry = registers[entry_id]
        if entry.kind == "person":
            start = _given_names_before(text, start, entry)
        spans.append(Span(start, end, MENTION_TAGS[entry.kind], {"ref": registers.ref(entry_id)}))
    return resolve(spans)


_WORD_BEFORE = re.compile(r"([A-ZА-ЯЁ][a-zа-яё]+|[A-ZА-ЯЁ]\.)[ \t]$")


def _given_names_before(text: str, start: int, entry) -> int:
    """"Mark Wayne Clark", "Марк Кларк": the register knows the surname, the text gives the
    forenames too. A word before the match joins it only when the entry's own forms have it
    (or its initial), so "John Clark" is never taken for Mark Clark."""
    from .review import slug

    words = {w.strip(".").casefold() for f in entry.forms for w in f.text.split()}
    initials = {w[:1] for w in words if len(w) == 1}  # "Mark W. Clark": W. stands for a forename
    latin = {slug(w) for w in words}
    while start > 0:
        m = _WORD_BEFORE.search(text, max(0, start - 30), start)
        if not m or m.end() != start:
            break
        word = m.group(1).strip(".").casefold()
        # a forename of the entry, its transliteration ("Марк" for Mark), or the forename an
        # initial of the entry stands for ("Wayne" for "W.")
        known = word in words or slug(word) in latin or (len(word) > 1 and word[:1] in initials
                                                        and m.group(1)[:1].isupper())
        if not known:
            break
        start = m.start(1)
    return start


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


@dataclass(frozen=True)
class TextNode:
    """A text node of the tree: `owner.text`, or `owner.tail` when `is_tail`."""

    owner: etree._Element
    is_tail: bool
    lang: str

    @property
    def text(self) -> str:
        return (self.owner.tail if self.is_tail else self.owner.text) or ""


def text_nodes(root: etree._Element) -> list[TextNode]:
    """Every text node `annotate` searches, in document order."""
    nodes: list[TextNode] = []

    def walk(el: etree._Element, lang: str) -> None:
        lang = el.get(XML_LANG) or lang
        if el.text:
            nodes.append(TextNode(el, False, lang))
        for child in el:
            if not _skipped(child):
                walk(child, lang)
            if child.tail:
                nodes.append(TextNode(child, True, lang))

    for region in _regions(root):
        if not _skipped(region):
            parent = region.getparent()
            walk(region, _inherited_lang(parent) if parent is not None else "en")
    return nodes


def _wrap_node(node: TextNode, spans: list[Span]) -> None:
    head, new = _wrap(node.text, spans)
    if not new:
        return
    # Each new element goes right after the one before it: parent.index() and insert(i) would
    # walk the siblings every time, quadratic in a paragraph of thousands of names.
    if node.is_tail:
        node.owner.tail = head
        node.owner.addnext(new[0])
    else:
        node.owner.text = head
        node.owner.insert(0, new[0])
    for before, n in zip(new, new[1:]):
        before.addnext(n)


BatchFinder = Callable[[list[TextNode]], "list[list[Span]]"]


def annotate(root: etree._Element, finders: Finder, batch: "BatchFinder | list[BatchFinder] | None" = None) -> None:
    """Wrap every span `finders(text, lang)` returns in a TEI element, in place.

    Walks the text of tei:text and of the header's correspDesc and abstract, never
    attribute values and never the inside of existing annotations (persName, date,
    idno, ref, ...). Each text node is searched on its own, so a span never crosses
    an element boundary; overlapping spans resolve longest first, then by priority,
    then earliest. `batch` finders, when given, see all text nodes at once, in
    document order (a statistical model is much faster on a batch; a date needs the
    dates before it) and return further spans per node. Running it again on its own
    output changes nothing.
    """
    nodes = text_nodes(root)
    batches = [] if batch is None else batch if isinstance(batch, list) else [batch]
    extra: list[list[Span]] = [[] for _ in nodes]
    for finder in batches:
        if nodes:
            for i, spans in enumerate(finder(nodes)):
                extra[i] = extra[i] + list(spans)
    # The tree is changed only after every node was read, so no node moves under the search.
    for node, more in zip(nodes, extra):
        spans = resolve(finders(node.text, node.lang) + list(more), node.text)
        if spans:
            _wrap_node(node, spans)


def combine(*finders: Finder) -> Finder:
    """One finder that returns the spans of all `finders` (annotate resolves overlaps)."""
    return lambda text, lang: [s for f in finders for s in f(text, lang)]


def name_finder(registers: Registers) -> Finder:
    return lambda text, lang: name_spans(text, lang, registers)
