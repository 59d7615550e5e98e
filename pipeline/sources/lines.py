"""Line-level reading of raw text captures: decoding, blank lines, paragraphs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import PipelineError, Problem

# Web captures use no-break and zero-width spaces as layout spacers.
_SPACERS = "\u00a0\u2007\u202f\u200b\ufeff\u3000"
SENTENCE_END = re.compile(r"[.!?:;…。！？：；\"”»」)\]]\s*$")


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the source file
    text: str  # stripped
    indent: int  # leading spaces before stripping
    kind: str | None = None  # a converter's own classification, when it knows better

    def __bool__(self) -> bool:
        return bool(self.text)


# Characters XML 1.0 cannot carry: C0 controls other than tab, newline and carriage
# return, the non-characters U+FFFE/U+FFFF and (from lenient decoders) lone surrogates.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Shown per file: a source full of control characters needs one look, not a thousand lines.
_ILLEGAL_SHOWN = 5
_BOMS = ((b"\xef\xbb\xbf", "utf-8", "UTF-8"), (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32LE"),
         (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32BE"), (b"\xff\xfe", "utf-16-le", "UTF-16LE"),
         (b"\xfe\xff", "utf-16-be", "UTF-16BE"))
# Legacy encodings of this edition's material, tried when a file is not UTF-8, each with
# the characters its text must mostly consist of (beyond ASCII) to be taken for it.
_LEGACY = (("cp1251", "Windows-1251 (Cyrillic)", re.compile(r"[\u0400-\u04ff\u2013\u2014\u2018-\u201e\u2026\u00ab\u00bb\u2116\u00a0]")),
           ("gb18030", "GB18030 (Chinese)", re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2018-\u201d\u2026\u00b7\u2014]")))

_MIXED_WORD = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of text[index]."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _nul_pattern(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, told by where its NUL bytes fall (ASCII-range text)."""
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 16:  # too little to tell UTF-16 from binary
        return None
    even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _legacy(data: bytes) -> tuple[str, str] | None:
    """(text, encoding's name) for a file in one of the legacy encodings, or None."""
    best = None
    for codec, name, script in _LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        beyond = [c for c in text if ord(c) > 0x7f]
        if not beyond:
            continue
        share = sum(1 for c in beyond if script.match(c)) / len(beyond)
        if _MIXED_WORD.search(text):
            continue  # "cafй": Latin-1 read as Windows-1251 puts Cyrillic letters inside Latin words
        if share >= 0.9 and (best is None or share > best[0]):
            best = (share, text, name)
    return (best[1], best[2]) if best else None


def cut_character(data: bytes) -> int:
    """How many bytes at the end of `data` begin a UTF-8 character that the file does not finish
    (a capture cut off at a byte, not at a character), or 0. Only a file valid before them counts."""
    for n in (1, 2, 3):
        if len(data) < n:
            break
        lead = data[-n]
        if lead < 0x80:
            return 0
        if lead >= 0xC0:  # the lead byte: how long its character should be
            needed = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
            if needed <= n:
                return 0
            try:
                data[:-n].decode("utf-8")
            except UnicodeDecodeError:
                return 0
            return n
    return 0


def decode(data: bytes, path: Path) -> str:
    """The text of a raw source, NFC, with "\\n" line ends; a positioned PipelineError otherwise.

    UTF-8 (with or without a BOM) is the norm. Also read: UTF-16 and UTF-32 with a
    BOM, UTF-16 without one (told by its NUL bytes), and Windows-1251 and GB18030
    files, taken for those only when nearly all their non-ASCII characters are
    Cyrillic or Chinese. Characters XML cannot carry (control characters) are
    refused at file:line:col: silently dropping them would lose text, and they
    cannot go into TEI.
    """
    if not data.strip():
        raise PipelineError(Problem(path, 1, 1, "source is empty"))
    codec = label = None
    body = data
    for bom, c, name in _BOMS:
        if data.startswith(bom):
            codec, label, body = c, name, data[len(bom):]
            break
    if codec is None and b"\x00" in data:
        codec = _nul_pattern(data)
        label = f"{codec.upper()} (no byte-order mark)" if codec else None
        if codec is None:
            i = data.index(b"\x00")
            line = data[:i].count(b"\n") + 1
            col = i - (data.rfind(b"\n", 0, i) + 1) + 1
            raise PipelineError(Problem(path, line, col, "binary file (NUL byte), not a text source"))
    if codec is not None:
        try:
            text = body.decode(codec)
        except UnicodeDecodeError as e:
            before = body[: e.start].decode(codec, errors="replace")
            line, col = _position(before, len(before))
            raise PipelineError(Problem(path, line, col, f"not valid {label} ({e.reason}); "
                                                         "save the file as UTF-8")) from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            cut = cut_character(data)
            if cut:  # a capture cut off inside its last character: the character was never there
                return decode(data[:-cut], path)
            legacy = _legacy(data)
            if legacy is None:
                line = data[: e.start].count(b"\n") + 1
                col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
                raise PipelineError(Problem(
                    path, line, col, f"not valid UTF-8 (byte 0x{data[e.start]:02X}), and not Windows-1251 or "
                                     "GB18030 text either; save the file as UTF-8")) from None
            text = legacy[0]
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    bad = list(XML_ILLEGAL.finditer(text))
    if bad:
        problems = []
        for m in bad[:_ILLEGAL_SHOWN]:
            line, col = _position(text, m.start())
            problems.append(Problem(path, line, col, f"character U+{ord(m.group()):04X} (a control character) "
                                                     "cannot be encoded in XML; remove it from the source"))
        if len(bad) > _ILLEGAL_SHOWN:
            problems.append(Problem(path, problems[-1].line, problems[-1].col,
                                    f"{len(bad) - _ILLEGAL_SHOWN} more such character(s) not shown"))
        raise PipelineError(*problems)
    if not text.strip(_SPACERS + " \t\n"):
        raise PipelineError(Problem(path, 1, 1, "source has no text"))
    return text


# A line this long is no paragraph of a document (the longest of the seeds, a book's, has 11,666
# characters) but a capture that lost its line breaks (pages saved as one line): kept as one paragraph, it would be one element with tens of
# thousands of children, which XSLT 1.0 processors (the Schematron's) walk in quadratic time.
OVERLONG = 50_000
# Where an overlong line is cut: after a sentence's end, once a piece has this many characters.
_PIECE = 2_000
_SPACE_RUN = re.compile(r"\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"”»)\]]*(?=\s+[\"“«(\[]*[A-ZА-ЯЁ0-9])|[。！？][”」』）]*")


def _cleaned(raw: str) -> tuple[str, int]:
    """A raw line's text (spacers stripped, runs of spaces made one) and its indent."""
    expanded = raw.replace("\t", "    ")
    stripped = expanded.strip(_SPACERS + " ")
    indent = len(expanded) - len(expanded.lstrip(_SPACERS + " "))
    return re.sub(r"[ \u00a0]{2,}", " ", stripped), indent


def split_lines(text: str) -> list[Line]:
    out = []
    for no, raw in enumerate(text.split("\n"), start=1):
        text_, indent = _cleaned(raw)
        pieces = overlong_pieces(text_) if len(text_) > OVERLONG else [text_]
        out.extend(Line(no, piece, indent if i == 0 else 0) for i, piece in enumerate(pieces))
    return out


def overlong_pieces(text: str) -> list[str]:
    """An overlong line cut after sentence ends into pieces of at least _PIECE characters.

    Every character but the spaces at a cut is kept, in order; a text without sentence ends
    stays one piece.
    """
    pieces = []
    start = 0
    last = len(text.rstrip())
    for m in _SENTENCE_END.finditer(text, _PIECE):
        if m.end() - start < _PIECE or m.end() >= last:
            continue
        pieces.append(text[start:m.end()])
        start = _SPACE_RUN.match(text, m.end()).end()
    pieces.append(text[start:])
    return [p for p in pieces if p]


def overlong_lines(text: str) -> list[tuple[int, int]]:
    """(line number, characters) of each line split_lines cuts into paragraphs."""
    out = []
    for no, raw in enumerate(text.split("\n"), start=1):
        if len(raw) > OVERLONG:  # cleaning only shortens a line
            cleaned, _ = _cleaned(raw)
            if len(cleaned) > OVERLONG and len(overlong_pieces(cleaned)) > 1:
                out.append((no, len(cleaned)))
    return out


def groups(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines separated by blank (or spacer-only) lines."""
    out: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def continues(previous: str, following: str) -> bool:
    """True when `following` carries on the sentence `previous` left open.

    Captures break paragraphs at page and column boundaries ("…prisoners of war as" /
    "a position which…"); the tell is an open sentence followed by a lowercase start.
    """
    # Short lines that end without punctuation are headings, dates or addresses.
    if not previous or not following or SENTENCE_END.search(previous) or len(previous) < 60:
        return False
    first = following[0]
    if first.isupper() and len(previous) >= 60 and previous.split()[-1][:1].isupper():
        # A long title broken inside a name: "…Participation of Cde Kim Il" / "Sung in the
        # Signing…". A new heading would not continue with a lower-case word.
        words = following.split()
        return len(words) > 2 and words[1].islower() and not SENTENCE_END.search(following)
    return first.islower() or (first in "…." and following.startswith("...") and following[3:4].islower())


def join(previous: str, following: str) -> str:
    if previous.endswith("-") and not previous.endswith(" -"):
        return previous + following
    return previous + " " + following
