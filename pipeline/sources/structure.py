"""From plain lines to structured text: paragraphs, points, headings, letter parts.

These rules read only the shape of the text (case, numbering, punctuation, indentation,
script), never the wording of one particular source, so they carry over to documents
the converters have not seen. Whatever they cannot classify stays a paragraph: a wrong
guess costs a little semantics, never text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from .lines import Line, continues, groups, join
from .model import Block, Division

NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(?=\S)")
CJK_NUMBERED = re.compile(r"^([一二三四五六七八九十]{1,3})、")
GAP = re.compile(r"^\[(?:…|\.\.\.|\.\s\.\s\.)\]$")
# A line that is one bracketed phrase describes the document ("[CPSU CC letterhead]").
CARRIER = re.compile(r"^\[([^\[\]]{2,120})\]$")
# "ref. point 9 of Minutes Nº 19", "К пункту 9 протокола № 19": a docket reference.
DOCKET = re.compile(r"^(?:ref\.|re:|к пункту|к п\.)\s", re.I)
# A place of writing: "At the Headquarters of …", "В Москве"; Chinese puts 于 before it.
PLACE_OF_WRITING = re.compile(r"^(?:At|In|В|Во)\s+\S")
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
    # A text repeats few distinct characters: each is named once, not once per occurrence.
    for ch, n in Counter(text).items():
        script = _script_of_char(ch)
        if script:
            counts[script] += n
    best = max(counts, key=counts.get)
    return best if counts[best] else None


@functools.lru_cache(maxsize=8192)
def _script_of_char(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for prefix, script in (("CYRILLIC", "ru"), ("CJK", "zh"), ("HANGUL", "ko"), ("LATIN", "en")):
        if name.startswith(prefix):
            return script
    return None


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
    if CARRIER.match(text) and not re.search(r"[.!?]$", text[1:-1]):
        return Block("carrier", text[1:-1], line.no)
    if DOCKET.match(text) and _is_short(text, 100):
        return Block("ref", text, line.no)
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


ATTACHMENT_REF = re.compile(r"\((?:see\s+)?(?:Attachment|Enclosure|Appendix|Annex|Приложение)\s+(?:No\.?|Nº|№)?\s*(\d+)\)", re.I)
# Chinese enclosure labels end with the noun naming the enclosed document: 附：克拉克…的来信
CJK_DOCUMENT_NOUN = re.compile(r"(?:来信|来函|函件|信件|复信|电报|来电|报告|声明|决议|公报|照会|备忘录)")
INTRO_THEN_SALUTE = re.compile(r"^(.*(?:如下|下|全文)[：:])([^：:。]{2,40}[：:])$")
LOCATIVE_END = ("于", " в", " at", " in")


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def _merge_repeated_heads(blocks: list[Block], dropped: list | None = None) -> list[Block]:
    """A heading repeated as the next headings' lines (a page title over the printed
    headline) is one heading set on several lines: <head>A<lb/>B</head>."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "head":
            run = []
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "head":
                run.append(blocks[j])
                j += 1
                if _norm("".join(r.text for r in run)) == _norm(b.text):
                    out.append(Block("head", "\u2028".join(r.text for r in run), run[0].line))
                    if dropped is not None:
                        dropped.append((b.line, b.text, "a page title repeating the headline below it"))
                    i = j
                    break
            else:
                out.append(b)
                i += 1
            continue
        out.append(b)
        i += 1
    return out


def _split_run_ons(blocks: list[Block]) -> list[Block]:
    """Lines a capture ran together: "…全文如下：联合国军总司令克拉克将军：" is an
    introduction and a salutation; "附：克拉克…的来信朝鲜人民军…元帅：…将军：" an
    enclosure label and a salutation."""
    out: list[Block] = []
    for b in blocks:
        if b.kind in {"p", "salute"} and (m := INTRO_THEN_SALUTE.match(b.text)):
            out += [Block("p", m.group(1), b.line), Block("salute", m.group(2), b.line)]
            continue
        if b.kind == "label" and b.text.startswith("附") and b.text.endswith(("：", ":")):
            nouns = list(CJK_DOCUMENT_NOUN.finditer(b.text))
            first_colon = min((k for k in (b.text.find("：", 2), b.text.find(":", 2)) if k > 0), default=-1)
            cut = next((n.end() for n in reversed(nouns) if n.end() < first_colon), None)
            if cut:
                out += [Block("label", b.text[:cut], b.line), Block("salute", b.text[cut:], b.line)]
                continue
        out.append(b)
    return out


def _place_lines(blocks: list[Block]) -> None:
    """Closing lines that give the place of writing are part of the dateline."""
    for prev, block in zip([None] + blocks, blocks):
        if block.kind not in {"signed", "head", "p"} or not _is_short(block.text, 100):
            continue
        after_locative = prev is not None and prev.kind == "dateline" and prev.text.endswith(LOCATIVE_END)
        if after_locative or (block.kind == "signed" and PLACE_OF_WRITING.match(block.text)):
            block.kind = "dateline"
            block.n = "place"


def _merge_addresses(blocks: list[Block]) -> None:
    """An all-caps destination line right above an address line belongs to the address."""
    for block, nxt in zip(blocks, blocks[1:]):
        if (block.kind == "head" and _is_upper(block.text) and nxt.kind == "address" and len(block.text.split()) <= 4
                and re.fullmatch(r"[^\W\d_]+(?:[ -][^\W\d_]+)*", block.text)):
            block.kind = "address"


def build(lines: list[Line], type: str, lang: str | None) -> Division:
    """Structure one language version: the document, then its enclosures as sibling divisions.

    An enclosure starts at a label line ("Attachment No. 1", "附：…"), after a closing
    block (signatures) that more text follows ("CC SECRETARY" then the attached
    telegram's title), or, when the document refers to more numbered attachments than
    it labels ("(Attachment No. 2)"), at a top-level all-caps heading inside the last one.
    """
    units = paragraphs(lines)
    indents = sorted(u.indent for u in units) or [0]
    body_indent = indents[len(indents) // 2]
    blocks = [classify(u, body_indent) for u in units]
    for prev, block in zip(blocks, blocks[1:]):
        # "Moscow, Kremlin" under "Of 19 March 1953": the place of the dateline.
        if prev.kind == "dateline" and block.kind == "head" and "," in block.text and len(block.text.split()) <= 4:
            block.kind = "dateline"
    dropped: list = []
    blocks = _split_run_ons(_merge_repeated_heads(blocks, dropped))
    _place_lines(blocks)
    _merge_addresses(blocks)
    referenced = sorted({int(m.group(1)) for b in blocks for m in ATTACHMENT_REF.finditer(b.text)})
    root = Division(type, lang, dropped=dropped)
    parts: list[tuple[str, str | None, list[Block]]] = [("document", None, [])]
    labelled = 0
    for i, block in enumerate(blocks):
        current = parts[-1][2]
        if block.kind == "label":
            labelled += 1
            n = re.match(r"^\w+\.?\s*(?:No\.?|Nº|№)?\s*(\d+)\b", block.text)
            parts.append(("attachment", n.group(1) if n else str(labelled), [Block("head", block.text, block.line)]))
            continue
        if _closes_then_continues(current, block, blocks[i + 1:]):
            labelled += 1
            parts.append(("attachment", None, [Block("head", block.text, block.line)]))
            continue
        if (parts[-1][0] == "attachment" and block.kind == "head" and _is_upper(block.text)
                and any(b.kind in {"p", "item"} for b in current) and len(referenced) > labelled):
            # "DIRECTIVES FOR THE SOVIET DELEGATION…": the attachment the resolution numbers next
            labelled += 1
            parts.append(("attachment", str(labelled), [block]))
            continue
        current.append(block)
    for kind, n, part in parts:
        _retag_closers(part)
    if len(parts) == 1:
        root.children.extend(parts[0][2])
    else:
        for kind, n, part in parts:
            if part:
                root.children.append(Division(kind, None, part, n=n))
    _split_sections(root)
    return root


def _closes_then_continues(current: list[Block], block: Block, rest: list[Block]) -> bool:
    """A title-like line after prose and a closing block (signature, number) opens an enclosure."""
    if block.kind not in {"p", "head"} or _ends_sentence(block.text) or len(block.text) < 20:
        return False
    last_prose = max((k for k, b in enumerate(current) if b.kind in {"p", "item"}), default=-1)
    if last_prose < 0 or last_prose == len(current) - 1:
        return False
    tail = current[last_prose + 1:]
    has_signature = any(b.kind == "signed" or (b.kind == "head" and _is_upper(b.text) and len(b.text.split()) <= 4)
                        for b in tail)
    return has_signature and all(_closing_kinds(b) for b in tail) and any(b.kind in {"p", "item"} for b in rest)


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
