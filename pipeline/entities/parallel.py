"""Evidence across language versions: a name and its counterpart in the aligned translation.

An original and its translation name the same people, places and bodies in the same
aligned paragraphs. When a proposed name in one version sounds like a name of the same
kind in the aligned paragraph of the other (Chinese by its pinyin, Russian by the
Palladius transcription of that pinyin, other Latin and Cyrillic names by a phonetic
skeleton), the two corroborate each other: the proposals become more certain and the two
names point at each other (`@corresp`). A name that one version marks and the other leaves
unmarked is looked for in the aligned paragraph and, when exactly one form there matches,
proposed. A counterpart never receives a register's `@ref`: the editor accepts it
(`pipeline entities` shows which entry its counterpart belongs to).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

from lxml import etree

from ..xmlio import NS, XML_NS, tei
from .recognize import TextNode, annotate, text_nodes
from .spans import Span

NAME_TAGS = ("persName", "placeName", "orgName")
XML_ID = f"{{{XML_NS}}}id"
GENERIC = tei("name")
XML_LANG = f"{{{XML_NS}}}lang"
# Blocks that alignment pairs across versions (docs/encoding.md), divisions included.
ALIGNABLE = frozenset(tei(t) for t in ("div", "p", "head", "item", "opener", "closer", "ab", "l", "note", "salute",
                                       "signed", "dateline", "postscript"))
RAISED = {"low": "medium", "medium": "high", "high": "high"}

# Pinyin initials and finals in the Palladius system, the Russian transcription of Chinese.
_INITIALS = {"b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л", "g": "г", "k": "к",
             "h": "х", "j": "цз", "q": "ц", "x": "с", "zh": "чж", "ch": "ч", "sh": "ш", "r": "ж", "z": "цз",
             "c": "ц", "s": "с", "": ""}
_FINALS = {"a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу", "an": "ань", "en": "энь",
           "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр", "i": "и", "ia": "я", "ie": "е", "iao": "яо", "iu": "ю",
           "ian": "янь", "in": "инь", "iang": "ян", "ing": "ин", "iong": "юн", "u": "у", "ua": "уа", "uo": "о",
           "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь", "uang": "уан", "v": "юй", "ve": "юэ",
           "van": "юань", "vn": "юнь"}
# Syllables without an initial, and those the table above would get wrong.
_WHOLE = {"yi": "и", "ya": "я", "yao": "яо", "ye": "е", "you": "ю", "yan": "янь", "yin": "инь", "yang": "ян",
          "ying": "ин", "yong": "юн", "yu": "юй", "yue": "юэ", "yuan": "юань", "yun": "юнь", "wu": "у", "wa": "ва",
          "wo": "во", "wai": "вай", "wei": "вэй", "wan": "вань", "wen": "вэнь", "wang": "ван", "weng": "вэн",
          "zhi": "чжи", "chi": "чи", "shi": "ши", "ri": "жи", "zi": "цзы", "ci": "цы", "si": "сы", "hui": "хуэй",
          "ju": "цзюй", "qu": "цюй", "xu": "сюй", "jue": "цзюэ", "que": "цюэ", "xue": "сюэ", "juan": "цзюань",
          "quan": "цюань", "xuan": "сюань", "jun": "цзюнь", "qun": "цюнь", "xun": "сюнь"}


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every pinyin syllable (toneless, ü as v), from pypinyin's own dictionary."""
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = unicodedata.normalize("NFD", reading).replace("\u0308", "v")
            out.add("".join(c for c in plain if c.isascii() and c.isalpha()).lower())
    return frozenset(s for s in out if s)


def pinyin_syllables(word: str) -> list[str] | None:
    """"Enlai" -> ["en", "lai"], "Dehuai" -> ["de", "huai"]; None when `word` is not pinyin."""
    if "'" in word or "’" in word:  # "Xi'an": the apostrophe parts syllables
        parts = [pinyin_syllables(p) for p in re.split(r"['’]", word)]
        return None if any(p is None for p in parts) else [s for p in parts for s in p]
    letters = word.lower().replace("ü", "v")
    if not letters.isascii() or not letters.isalpha():
        return None
    known = _syllables()

    @lru_cache(maxsize=None)
    def split(i: int) -> tuple[str, ...] | None:
        if i == len(letters):
            return ()
        for j in range(min(len(letters), i + 6), i, -1):
            # Inside a word a syllable starting with a, o or e would need an apostrophe (Xi'an).
            if i and letters[i] in "aoe":
                break
            if letters[i:j] in known and (rest := split(j)) is not None:
                return (letters[i:j],) + rest
        return None

    parts = split(0)
    return list(parts) if parts else None


def palladius(syllables) -> str:
    out = []
    for s in syllables:
        if s in _WHOLE:
            out.append(_WHOLE[s])
            continue
        initial = next((i for i in ("zh", "ch", "sh") if s.startswith(i)), s[:1] if s[:1] in _INITIALS else "")
        final = s[len(initial):]
        if initial in {"j", "q", "x"} and final.startswith("u"):
            final = "v" + final[1:]
        out.append(_INITIALS.get(initial, "") + _FINALS.get(final, final))
    return "".join(out)


def _han_pinyin(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return [p.replace("ü", "v") for p in lazy_pinyin(text)]


def _cyrillic_key(text: str) -> str:
    """Russian spellings of one name compared alike: э/е, ё/е, й/и, no soft signs or hyphens."""
    text = text.lower().translate(str.maketrans({"э": "е", "ё": "е", "й": "и", "ь": None, "ъ": None}))
    return "".join(c for c in text if c.isalpha())


@lru_cache(maxsize=65536)
def _pinyin_of(surface: str, lang: str) -> tuple[str, ...] | None:
    if lang == "zh":
        han = "".join(c for c in surface if "\u4e00" <= c <= "\u9fff")
        return tuple(_han_pinyin(han)) if han and len(han) == len(surface.strip()) else None
    if lang == "en":
        parts = []
        for word in re.split(r"[\s\-]+", surface.strip()):
            syllables = pinyin_syllables(word)
            if not syllables:
                return None
            parts += syllables
        return tuple(parts) or None
    return None


# A rough phonetic skeleton for names in Latin and Cyrillic that are not Chinese.
_TO_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
                      "s", "t", "u", "f", "h", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"]))


def _skeleton(text: str) -> str:
    text = "".join(_TO_LATIN.get(c, c) for c in text.lower())
    text = re.sub(r"[^a-z]", "", text)
    for a, b in (("ph", "f"), ("th", "t"), ("ck", "k"), ("c", "k"), ("q", "k"), ("x", "ks"), ("w", "v"),
                 ("y", "i"), ("j", "i"), ("kh", "h"), ("ee", "i"), ("oo", "u")):
        text = text.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", text)


# The case endings a Russian text adds to a Chinese name (a name ending in a vowel is not declined).
_AFTER_CONSONANT = {"а", "у", "ом", "е", "ым", "ов", "ой", "ы", "я", "ю", "ем"}  # я, ю, ем after a soft sign
_IN_PLACE_OF_I = {"я", "ю", "ем", "е"}  # Эньлай: Эньлая, Эньлаю, Эньлаем


def _close(reference: str, russian: str) -> bool:
    """`russian` spells `reference` (both as _cyrillic_key gives them), perhaps declined."""
    if reference == russian:
        return True
    if len(reference) < 4:
        return False
    if reference[-1] not in "аеиоуыюя" and russian.startswith(reference):
        return russian[len(reference):] in _AFTER_CONSONANT
    if reference.endswith("и") and russian.startswith(reference[:-1]):
        return russian[len(reference) - 1:] in _IN_PLACE_OF_I
    return False


def same_name(a: str, lang_a: str, b: str, lang_b: str) -> bool:
    """Whether `a` (in `lang_a`) and `b` (in `lang_b`) are one name in two languages."""
    if lang_a == lang_b:
        return False
    if lang_b < lang_a:
        a, lang_a, b, lang_b = b, lang_b, a, lang_a
    if {lang_a, lang_b} == {"en", "zh"}:
        en, zh = (a, b) if lang_a == "en" else (b, a)
        return _pinyin_of(en, "en") is not None and _pinyin_of(en, "en") == _pinyin_of(zh, "zh")
    if "ru" in (lang_a, lang_b):
        ru, other, lang = (b, a, lang_a) if lang_b == "ru" else (a, b, lang_b)
        if not re.search("[а-яё]", ru, re.I):
            return False
        syllables = _pinyin_of(other, lang)
        if syllables:
            return _close(_cyrillic_key(palladius(syllables)), _cyrillic_key(ru))
        if lang == "en":
            x, y = _skeleton(other), _skeleton(ru)
            # English h is Russian г or х: "Harrison", "Гаррисон".
            initial = x[:1] == y[:1] or {x[:1], y[:1]} == {"h", "g"}
            return len(x) >= 4 and initial and difflib.SequenceMatcher(None, x[1:], y[1:]).ratio() >= 0.8
    return False


def _lang(el: etree._Element) -> str:
    found = el.xpath("ancestor-or-self::*[@xml:lang][1]/@xml:lang")
    return (str(found[0]) if found else "en").split("-")[0].lower()


def aligned_pairs(root: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    """Aligned blocks of the text in two languages, each pair once."""
    ids = {el.get(XML_ID): el for el in root.xpath(".//tei:text//*[@xml:id]", namespaces=NS)}
    pairs, seen = [], set()
    for el in root.iterfind(".//tei:text//*[@corresp]", NS):
        if el.tag not in ALIGNABLE:
            continue
        for target in (el.get("corresp") or "").split():
            other = ids.get(target.lstrip("#")) if target.startswith("#") else None
            if other is None or _lang(other) == _lang(el):
                continue
            key = frozenset((id(el), id(other)))
            if key not in seen:
                seen.add(key)
                pairs.append((el, other))
    # Paragraphs before the divisions that hold them: a division answers only for the names
    # its aligned paragraphs could not pair.
    return sorted(pairs, key=lambda pair: pair[0].tag == tei("div"))


def _aligned_block(el: etree._Element) -> etree._Element | None:
    """The nearest ancestor of `el` aligned with another language version."""
    return next((a for a in el.iterancestors() if a.tag in ALIGNABLE and a.get("corresp")), None)


def _names(block: etree._Element) -> list[etree._Element]:
    """The names of `block` that it answers for: not inside a name, nor inside a smaller
    aligned block, and not yet paired. A `name` is one the encoding made of a bracketed
    reading ("Ni [Zhiliang]") whose kind no register told."""
    tags = {tei(t) for t in NAME_TAGS + ("name",)}
    return [n for n in block.iter(*tags)
            if not any(a.tag in tags for a in n.iterancestors())
            and _aligned_block(n) is block and n.get("corresp") is None]


def _kinds_agree(x: etree._Element, y: etree._Element) -> bool:
    return x.tag == y.tag or GENERIC in (x.tag, y.tag)


def _surface(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _is_proposal(el: etree._Element, resp: str) -> bool:
    return el.get("ref") is None and el.get("resp") == resp


def _ensure_id(el: etree._Element, block: etree._Element, taken: set[str]) -> str:
    if el.get(XML_ID):
        return el.get(XML_ID)
    base = f"{block.get(XML_ID)}-name"
    n = 1
    while f"{base}{n}" in taken:
        n += 1
    taken.add(f"{base}{n}")
    el.set(XML_ID, f"{base}{n}")
    return el.get(XML_ID)


# Candidate forms in an aligned paragraph: runs of capitalised words (a hyphenated part may be
# lower case: "Пэн Дэ-хуай"), or of Han characters.
_WORD = {"en": r"[A-Z][A-Za-z'’]*(?:-[A-Za-z][a-z'’]*)*", "ru": r"[А-ЯЁ][А-ЯЁа-яё]*(?:-[А-ЯЁа-яё][а-яё]*)*"}
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _candidates(text: str, lang: str):
    """(start, end) of every form in `text` that could be a name in `lang`."""
    if lang == "zh":
        for m in _HAN_RUN.finditer(text):
            for size in range(2, 5):
                for i in range(m.start(), m.end() - size + 1):
                    yield i, i + size
        return
    word = _WORD.get(lang, _WORD["en"])
    for m in re.finditer(rf"(?<!\w){word}(?:\s{word}){{0,2}}(?!\w)", text):
        words = list(re.finditer(r"\S+", m.group()))
        for i in range(len(words)):
            for j in range(i, len(words)):
                yield m.start() + words[i].start(), m.start() + words[j].end()


def corroborate(root: etree._Element, resp: str) -> int:
    """Link names across aligned language versions; returns how many names it changed or added."""
    pairs = aligned_pairs(root)
    if not pairs:
        return 0
    taken = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    changed = 0
    wanted: dict[int, list[tuple[etree._Element, etree._Element]]] = {}
    for a, b in pairs:
        lang_a, lang_b = _lang(a), _lang(b)
        names_a, names_b = _names(a), _names(b)
        matched_b: set[int] = set()
        for x in names_a:
            partner = next((y for y in names_b if id(y) not in matched_b and _kinds_agree(x, y)
                            and same_name(_surface(x), lang_a, _surface(y), lang_b)), None)
            if partner is None:
                if x.tag != GENERIC:
                    wanted.setdefault(id(b), []).append((x, b))
                continue
            matched_b.add(id(partner))
            for one, other in ((x, partner), (partner, x)):
                if one.tag == GENERIC and other.tag != GENERIC and not one.get("type"):
                    # Its counterpart tells the kind of a bracketed name no register knows.
                    one.tag = other.tag
                    one.set("resp", resp)
                    one.set("cert", "medium")
            if GENERIC in (x.tag, partner.tag):
                continue  # two bare names: nothing tells what they are
            if not (_is_proposal(x, resp) or _is_proposal(partner, resp)):
                continue  # two register names: the registers already say they are one
            for el in (x, partner):
                if _is_proposal(el, resp):
                    el.set("cert", RAISED.get(el.get("cert") or "medium", "high"))
            x.set("corresp", "#" + _ensure_id(partner, b, taken))
            partner.set("corresp", "#" + _ensure_id(x, a, taken))
            changed += 2
        for y in names_b:
            if id(y) not in matched_b and y.tag != GENERIC:
                wanted.setdefault(id(a), []).append((y, a))
    changed += _propose_counterparts(root, wanted, resp, taken)
    return changed


def _propose_counterparts(root, wanted, resp: str, taken: set[str]) -> int:
    """Mark, in the aligned block, the one unmarked form that matches a name of the other version."""
    if not wanted:
        return 0
    blocks = {key: block for key, items in wanted.items() for _, block in items[:1]}
    found: list[tuple[etree._Element, etree._Element, str]] = []  # (name, block of its counterpart, form)
    planned: dict[tuple[int, bool], list[Span]] = {}

    nodes = text_nodes(root)
    for key, items in wanted.items():
        block = blocks[key]
        lang = _lang(block)
        inside = [n for n in nodes if (_container(n) is block or block in _container(n).iterancestors())
                  and (_container(n) if _container(n).tag in ALIGNABLE and _container(n).get("corresp")
                       else _aligned_block(_container(n))) is block]
        by_form: dict[tuple[str, str], list[etree._Element]] = {}
        for name, _ in items:
            by_form.setdefault((name.tag, _surface(name)), []).append(name)
        for (tag, surface), names in by_form.items():
            name_lang = _lang(names[0])
            matches = [(node, s, e) for node in inside for s, e in _candidates(node.text, lang)
                       if same_name(surface, name_lang, node.text[s:e], lang)]
            # The longest reading of each place, and as many places as the other version has
            # names: more (or fewer) would make the pairing a guess.
            spans = _outermost(matches)
            if len(spans) != len(names):
                continue
            for name, (node, s, e) in zip(names, spans):
                k = (id(node.owner), node.is_tail)
                cert = "medium" if name.get("ref") else RAISED.get(name.get("cert") or "medium", "high")
                planned.setdefault(k, []).append(Span(s, e, tag.split("}")[1], {"resp": resp, "cert": cert}, 0))
                found.append((name, block, node.text[s:e]))
    if not planned:
        return 0

    def finder(nodes: list[TextNode]) -> list[list[Span]]:
        return [planned.get((id(n.owner), n.is_tail), []) for n in nodes]

    annotate(root, lambda text, lang: [], batch=[finder])
    # Link each new counterpart with the name it answers.
    made = 0
    for name, block, surface in found:
        other = next((el for el in block.iter(*(tei(t) for t in NAME_TAGS))
                      if el.get("resp") == resp and el.get("corresp") is None and _surface(el) == surface
                      and el.tag == name.tag), None)
        if other is None:
            continue
        name_block = next(a for a in name.iterancestors() if a.get(XML_ID))
        other.set("corresp", "#" + _ensure_id(name, name_block, taken))
        if name.get("corresp") is None:
            name.set("corresp", "#" + _ensure_id(other, block, taken))
        if _is_proposal(name, resp):
            name.set("cert", RAISED.get(name.get("cert") or "medium", "high"))
        made += 1
    return made


def _container(node: TextNode) -> etree._Element:
    return node.owner.getparent() if node.is_tail else node.owner


def _outermost(items: list) -> list:
    """The candidate spans not inside a longer one of the same text node."""
    out = []
    for node, s, e in items:
        if not any(n2 is node and s2 <= s and e <= e2 and (s2, e2) != (s, e) for n2, s2, e2 in items):
            out.append((node, s, e))
    return out
