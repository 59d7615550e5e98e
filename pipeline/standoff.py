"""Plain text + standoff annotations from the marked stream of xslt/txt_document.xsl.

The stylesheet emits the words of the document with Private Use Area markers
around entities and between blocks (see the comment at the top of the
stylesheet). This module lays the text out (collapses whitespace, blank lines
between blocks) and records, while it writes each character, where every entity
starts and ends. Offsets are therefore counted on the very string that is
written, in Unicode code points, and `txt[start:end] == text` holds by
construction; the text is NFC-normalised before the offsets are fixed (see
`_nfc`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from .errors import PipelineError, Problem

OPEN, PAYLOAD_END, CLOSE, BLOCK, LINE, SEP = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004", "\ue005"
MARKERS = frozenset(OPEN + PAYLOAD_END + CLOSE + BLOCK + LINE + SEP)


@dataclass
class Entity:
    type: str
    key: str  # "ref" or "value"
    target: str
    subtype: str = ""
    start: int | None = None
    end: int | None = None

    def as_json(self, text: str) -> dict:
        d = {"type": self.type, "start": self.start, "end": self.end, "text": text[self.start:self.end]}
        if self.target or self.key != "ref":
            d[self.key] = self.target
        if "=" in self.subtype:
            # key=value pairs: a name's status ("confirmed" by a register, or "proposed" by
            # the recognisers, with their certainty)
            d.update(pair.split("=", 1) for pair in self.subtype.split(";") if "=" in pair)
        elif self.subtype:
            d["subtype"] = self.subtype
        return d


@dataclass
class Standoff:
    text: str
    entities: list[dict] = field(default_factory=list)

    def json_bytes(self) -> bytes:
        return (json.dumps(self.entities, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    def text_bytes(self) -> bytes:
        return self.text.encode("utf-8")


# The markers and entity payloads; the text between two of them is laid out with str.split (its
# words joined by one space, its outer whitespace remembered), so Python steps once per marker and
# text segment rather than once per word.
_MARK = re.compile("\ue000([^\ue001]*)\ue001|([\ue000-\ue005])")


def layout(stream: str, source: str = "<txt>") -> Standoff:
    """Turn the marked stream into text and entity offsets."""
    out: list[str] = []  # text written so far, in runs
    length = 0
    stack: list[Entity] = []
    done: list[Entity] = []
    pending_space = False
    pending_break = ""  # "", "\n" or "\n\n": the strongest break requested since the last character

    def text(segment: str) -> None:
        nonlocal length, pending_space, pending_break
        words = segment.split()
        if not words:
            if segment:
                pending_space = True
            return
        if segment[0].isspace():
            pending_space = True
        if length:  # nothing precedes the first character
            if pending_break:
                out.append(pending_break)
                length += len(pending_break)
            elif pending_space:
                out.append(" ")
                length += 1
        pending_break = ""
        for e in stack:  # an entity starts at its first visible character
            if e.start is None:
                e.start = length
        run = " ".join(words)
        out.append(run)
        length += len(run)
        pending_space = segment[-1].isspace()

    at = 0
    for m in _MARK.finditer(stream):
        if m.start() > at:
            text(stream[at:m.start()])
        at = m.end()
        payload, marker = m.groups()
        if payload is not None:
            parts = payload.split(SEP)
            parts += [""] * (4 - len(parts))
            stack.append(Entity(type=parts[0], key=parts[1] or "value", target=parts[2], subtype=parts[3]))
        elif marker == CLOSE:
            if not stack:
                raise PipelineError(Problem(source, 0, 0, "txt stream: unbalanced entity end marker"))
            e = stack.pop()
            if e.start is None:  # empty entity (e.g. <date when="…"/>): zero-width at the current point
                e.start = length
            e.end = length
            done.append(e)
        elif marker == BLOCK:
            pending_break = "\n\n"
        elif marker == LINE:
            if pending_break != "\n\n":
                pending_break = "\n"
        elif marker == OPEN:
            raise PipelineError(Problem(source, 0, 0, "txt stream: entity marker without payload end"))
        # a stray separator or payload end outside a payload is ignored
    if at < len(stream):
        text(stream[at:])
    if stack:
        raise PipelineError(Problem(source, 0, 0, f"txt stream: {len(stack)} entity marker(s) not closed"))
    if length:
        out.append("\n")
    text_ = "".join(out)
    text_, done = _nfc(text_, done)
    done.sort(key=lambda e: (e.start, -e.end))
    return Standoff(text_, [e.as_json(text_) for e in done])


def _nfc(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """NFC-normalise text and move offsets with it.

    Normalising each run between two consecutive offsets and concatenating gives
    the NFC text in all but pathological cases (a combining mark right after an
    entity boundary); the result is checked, and in that case each offset k is
    mapped to len(NFC(text[:k])), which is exact for every boundary that NFC does
    not fuse.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, entities
    cuts = sorted({0, len(text), *(e.start for e in entities), *(e.end for e in entities)})
    pieces = [unicodedata.normalize("NFC", text[a:b]) for a, b in zip(cuts, cuts[1:])]
    joined = "".join(pieces)
    if unicodedata.is_normalized("NFC", joined):
        new_pos, pos = {0: 0}, 0
        for (a, b), piece in zip(zip(cuts, cuts[1:]), pieces):
            pos += len(piece)
            new_pos[b] = pos
        mapping = new_pos.__getitem__
        result = joined
    else:
        result = unicodedata.normalize("NFC", text)
        mapping = lambda k: len(unicodedata.normalize("NFC", text[:k]))  # noqa: E731
    for e in entities:
        e.start, e.end = mapping(e.start), mapping(e.end)
    return result, entities
