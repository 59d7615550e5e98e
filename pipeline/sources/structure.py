"""From plain lines to structured text: paragraphs, points, headings, letter parts.

These rules read only the shape of the text (case, numbering, punctuation, indentation,
script), never the wording of one particular source, so they carry over to documents
the converters have not seen. Whatever they cannot classify stays a paragraph: a wrong
guess costs a little semantics, never text.
"""

from __future__ import annotations

import re
import unicodedata

from .lines import Line, continues, groups, join
from .model import Block, Division

NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(?=\S)")
CJK_NUMBERED = re.compile(r"^([一二三四五六七八九十]{1,3})、")
GAP = re.compile(r"^\[(?:…|\.\.\.|\.\s\.\s\.)\]$")
# "Attachment No. 1", "Attached: Clark's Letter…", "Enclosure 2", "Приложение № 1", "附：…"
ENCLOSURE_LABEL = re.compile(
    r"^(?:Attachment|Attached|Enclosure|Appendix|Annex|Приложение)(?:\s+(?:No\.?|Nº|№)?\s*\d+)?\.?"
    r"(?:\s*[:：]\s*[^.!?]{0,80})?$|^附(?:件\s*\d*)?[：:]",
    re.I,
)
INTRODUCES = re.compile(r"(?:as follows|the following|如下|следующ\w*)\s*[:：]$", re.I)
SALUTE_START = re.compile(r"^(?:To |Dear |Comrade |Cde\.? |Товарищ|Уважаем|Дорог)", re.I)
ADDRESS_START = re.compile(r"^(?:to|To|TO)\s+\S")
TIME_OR_DATE = re.compile(
    r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?,?)?\s+\d{4}\b|[〇零一二三四五六七八九十\d]{2,4}年[一二三四五六七八九十\d]{1,2}月"
)
# "Copies: Stalin (2)": a short labelled field in a telegram's head, not prose.
FIELD_LINE = re.compile(r"^[A-Z][a-z]+:\s+[^.!?:]{1,40}$")
SIGNATURE_END = re.compile(r"(?:\b[A-ZА-Я]\.\s?){1,2}[A-ZА-Я][a-zа-я]+$")


def script_of(text: str) -> str | None:
    """Dominant script of a line: 'ru' (Cyrillic), 'zh' (Han), 'ko' (Hangul), 'en' (Latin) or None."""
    counts = {"ru": 0, "zh": 0, "en": 0, "ko": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("CYRILLIC"):
            counts["ru"] += 1
        elif name.startswith("CJK"):
            counts["zh"] += 1
        elif name.startswith("HANGUL"):
            counts["ko"] += 1
        elif name.startswith("LATIN"):
            counts["en"] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def paragraphs(lines: list[Line]) -> list[Line]:
    """Each non-blank line is a unit, except that broken sentences are joined again."""
    out: list[Line] = []
    for group in groups(lines):
        for line in group:
            if out and continues(out[-1].text, line.text):
                prev = out[-1]
                out[-1] = Line(prev.no, join(prev.text, line.text), prev.indent, prev.kind)
            else:
                out.append(line)
    return out


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() or not c.isascii() and not c.islower() for c in letters) and any(
        c.isupper() for c in letters
    )


def _is_short(text: str, limit: int = 120) -> bool:
    return len(text) <= limit


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?:;。！？：；\"”»)]$", text)) and not re.search(r"\b(?:No|Nº|№)\.?\s*\S+\.$", text)


def classify(line: Line, body_indent: int) -> Block:
    text = line.text
    if line.kind:
        return Block(line.kind, text, line.no)
    if GAP.match(text):
        return Block("gap", text, line.no)
    m = NUMBERED.match(text) or CJK_NUMBERED.match(text)
    if m:
        return Block("item", text, line.no, n=m.group(1))
    if ENCLOSURE_LABEL.match(text):
        return Block("label", text, line.no)
    if line.indent >= body_indent + 8 and _is_short(text):
        # Right-aligned lines in a capture are the closing block of a letter.
        return Block("dateline" if TIME_OR_DATE.search(text) and len(text) < 40 else "signed", text, line.no)
    if _is_reference(text):
        return Block("ref", text, line.no)
    if FIELD_LINE.match(text):
        return Block("note", text, line.no)
    if not INTRODUCES.search(text) and (
        _is_short(text, 40) and text.endswith(("!", "："))
        or SALUTE_START.match(text) and text.endswith((":", "：", "!")) and _is_short(text, 240)
    ):
        return Block("salute", text, line.no)
    if _is_short(text, 60) and TIME_OR_DATE.search(text) and (
        not _ends_sentence(text.rstrip(".")) or len(text.split()) <= 8
    ):
        # "Of 19 March 1953 No. 858-372cc.", "From BEIJING Received 13:55 3.7.1951"
        return Block("dateline", text, line.no)
    if ADDRESS_START.match(text) and _is_short(text, 80) and not _ends_sentence(text):
        return Block("address", text, line.no)
    if SIGNATURE_END.search(text) and _is_short(text, 100) and not _ends_sentence(text):
        return Block("signed", text, line.no)
    if _is_upper(text) and _is_short(text, 160):
        return Block("head", text, line.no)
    if not _ends_sentence(text) and _is_short(text, 200) and not text[0].islower():
        return Block("head", text, line.no)
    return Block("p", text, line.no)


def _closing_kinds(block: Block) -> bool:
    return block.kind in {"signed", "dateline", "address", "ref"} or (
        block.kind == "head" and _is_upper(block.text) and len(block.text.split()) <= 4
    )


def _retag_closers(blocks: list[Block]) -> None:
    """A short all-caps or numbered line after the last paragraph is a signature or reference."""
    last_prose = max((i for i, b in enumerate(blocks) if b.kind in {"p", "item"}), default=-1)
    if last_prose < 0:
        return
    tail = blocks[last_prose + 1 :]
    if tail and all(_closing_kinds(b) or b.kind == "gap" for b in tail):
        for b in tail:
            if b.kind == "head":
                b.kind = "signed"


def _is_reference(text: str) -> bool:
    # "No. 3305", "Nº 119/9": a registry number on a line of its own.
    return bool(re.fullmatch(r"(?:No\.?|Nº|№)\s*[\w/.-]+", text))


def build(lines: list[Line], type: str, lang: str | None) -> Division:
    """Structure one language version: enclosures become their own divisions."""
    units = paragraphs(lines)
    indents = sorted(u.indent for u in units) or [0]
    body_indent = indents[len(indents) // 2]
    blocks = [classify(u, body_indent) for u in units]
    for prev, block in zip(blocks, blocks[1:]):
        # "Moscow, Kremlin" under "Of 19 March 1953": the place of the dateline.
        if prev.kind == "dateline" and block.kind == "head" and "," in block.text and len(block.text.split()) <= 4:
            block.kind = "dateline"
    root = Division(type, lang)
    current = root
    segment: list[Block] = []

    def flush():
        _retag_closers(segment)
        current.children.extend(segment)
        segment.clear()

    for block in blocks:
        if block.kind == "label":
            if current is root and segment and not any(isinstance(c, Division) for c in root.children):
                # What precedes the first enclosure is the document itself: its own
                # division, so that its closing (signatures) can stand before the enclosures.
                current = Division("document", None, [])
                root.children.append(current)
            flush()
            current = Division("attachment", None, [Block("head", block.text, block.line)])
            root.children.append(current)
            continue
        segment.append(block)
    flush()
    _split_sections(root)
    return root


def _split_sections(div: Division) -> None:
    """A heading after running text opens a new section (TEI allows heads only at the top)."""
    for child in div.children:
        if isinstance(child, Division):
            _split_sections(child)
    out: list[Block | Division] = []
    section: Division | None = None
    seen_prose = False
    for child in div.children:
        if isinstance(child, Division):
            section = None
            out.append(child)
            seen_prose = True
            continue
        if child.kind in {"head", "salute"} and seen_prose:
            section = Division("section" if child.kind == "head" else "letter", None, [])
            out.append(section)
            seen_prose = False
        target = section.children if section else out
        target.append(child)
        if child.kind in {"p", "item"}:
            seen_prose = True
    div.children = out


LANGUAGE_CODES = {"russian": "ru", "chinese": "zh", "english": "en", "korean": "ko", "german": "de", "polish": "pl"}


def split_languages(lines: list[Line], original_language: str | None) -> list[Division]:
    """Cut the text into runs of one script; the run in the original language comes first."""
    runs: list[tuple[str | None, list[Line]]] = []
    pending: list[Line] = []  # script-neutral lines ("[…]", numbers) join the run they touch
    for unit in paragraphs(lines):
        script = script_of(unit.text)
        if script is None:
            (runs[-1][1] if runs else pending).append(unit)
            continue
        if runs and runs[-1][0] == script:
            runs[-1][1].append(unit)
        else:
            runs.append((script, pending + [unit]))
            pending = []
    if not runs:
        return []
    merged: dict[str, list[Line]] = {}
    for script, units in runs:
        merged.setdefault(script, []).extend(units)
    if len(merged) > 2 or len(runs) > len(merged) + 2:
        # Interleaved scripts (quoted names, short phrases) are one text, not parallel versions.
        main = max(merged, key=lambda s: sum(len(u.text) for u in merged[s]))
        return [build([u for _, us in runs for u in us], "original" if main != "en" else "translation", main)]
    original = LANGUAGE_CODES.get((original_language or "").strip().lower())
    if len(merged) == 1:
        (script,) = merged
        kind = "original" if (original == script or (original is None and script != "en")) else "translation"
        return [build(merged[script], kind, script)]
    if original not in merged:
        original = next(s for s in merged if s != "en")
    order = [original] + [s for s in merged if s != original]
    return [build(merged[s], "original" if s == original else "translation", s) for s in order]
