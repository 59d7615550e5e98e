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


def decode(data: bytes, path: Path) -> str:
    """Strict UTF-8 (BOM allowed); anything else is a positioned user error."""
    if not data.strip():
        raise PipelineError(Problem(path, 1, 1, "source is empty"))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise PipelineError(Problem(path, line, 1, "binary file (NUL byte), not a text source"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise PipelineError(
            Problem(path, line, col, f"not valid UTF-8 (byte 0x{data[e.start]:02X}); save the file as UTF-8")
        ) from e
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip(_SPACERS + " \t\n"):
        raise PipelineError(Problem(path, 1, 1, "source has no text"))
    return text


def split_lines(text: str) -> list[Line]:
    out = []
    for no, raw in enumerate(text.split("\n"), start=1):
        expanded = raw.replace("\t", "    ")
        stripped = expanded.strip(_SPACERS + " ")
        indent = len(expanded) - len(expanded.lstrip(_SPACERS + " "))
        out.append(Line(no, re.sub(r"[ \u00a0]{2,}", " ", stripped), indent))
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
