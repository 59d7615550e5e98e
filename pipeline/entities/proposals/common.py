"""What the recognisers of every language share: candidates, their evidence, their trimming."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..spans import Span

PERSON, PLACE, ORG = "persName", "placeName", "orgName"
PROPOSAL_PRIORITY = -1  # below register names (0) and dates (1) when spans overlap


@dataclass
class Candidate:
    start: int
    end: int
    tag: str
    model: bool = False  # a statistical model proposed it
    cue: bool = False  # the text's own shape says so (a title, an organisation's head word…)
    # A cue strong enough that the span may take the place of register names it contains:
    # "朝鲜政府" (a government) over the place 朝鲜 inside it.
    outranks: frozenset = frozenset()

    def span(self) -> Span:
        cert = "high" if self.model and self.cue else "medium"
        return Span(self.start, self.end, self.tag, {"cert": cert}, priority=PROPOSAL_PRIORITY,
                    outranks=self.outranks)


class Found(dict):
    """Candidates of one text by (start, end)."""

    def add(self, start: int, end: int, tag: str, *, model: bool = False, cue: bool = False,
            outranks: frozenset = frozenset()) -> None:
        if end <= start:
            return
        cand = self.get((start, end))
        if cand is None:
            self[(start, end)] = Candidate(start, end, tag, model, cue, outranks)
            return
        cand.model |= model
        cand.cue |= cue
        cand.outranks |= outranks
        if cue and tag != cand.tag:
            cand.tag = tag  # the text's own cue (a title, an org head) outranks the model's label

    def drop_within(self, start: int, end: int) -> None:
        for key in [k for k in self if start <= k[0] and k[1] <= end and k != (start, end)]:
            del self[key]

    def spans(self) -> list[Span]:
        """Non-overlapping spans, longest first ("Ministry of Foreign Affairs of the USSR" over "USSR")."""
        chosen: list[Candidate] = []
        for cand in sorted(self.values(), key=lambda c: (-(c.end - c.start), not c.cue, c.start)):
            if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
                chosen.append(cand)
        return sorted((c.span() for c in chosen), key=lambda s: s.start)


_LEADING_NOISE = re.compile(r"^(?:(?:the|The|THE|a|A|an|An|and|of)\s+)+")
# A possessive, a closing full stop (not an initial's), punctuation, a footnote number glued to
# the last word ("Department of State1").
_TRAILING_NOISE = re.compile(r"(?:['’]s|(?<!\b[A-ZА-ЯЁ])[.]|[,;:]|(?<=[a-zа-яё])\d{1,2})+$")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A name without leading articles or trailing possessive, punctuation and note numbers."""
    piece = text[start:end]
    lead = _LEADING_NOISE.match(piece)
    if lead:
        start += lead.end()
        piece = piece[lead.end():]
    trail = _TRAILING_NOISE.search(piece)
    if trail:
        end -= len(trail.group())
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def strip_prefix(text: str, start: int, end: int, prefix: re.Pattern) -> tuple[int, int]:
    """"General Clark" -> "Clark": titles stay outside the name (the edition's policy)."""
    m = prefix.match(text[start:end])
    return (start + m.end(), end) if m and start + m.end() < end else (start, end)


_CAPS_WORD = re.compile(r"(?<![\w])[A-ZА-ЯЁ]{2,}(?:-[A-ZА-ЯЁ]+)*(?![\w])")
_VOWELS = set("AEIOUYАЕЁИОУЫЭЮЯ")


def model_view(text: str) -> str:
    """The text with telegram capitals in title case, of the same length, for the models.

    Models trained on ordinary prose read "PAK HEON-YEONG" or "КИМ ИР СЕН" as an
    organisation; "Pak Heon-Yeong" they read as a person. Abbreviations ("USSR", "DPRK",
    "МИД") keep their capitals. Offsets in the view are offsets in the text.
    """
    def title(m: re.Match) -> str:
        word = m.group()
        letters = word.replace("-", "")
        if len(letters) <= 4 or sum(c in _VOWELS for c in letters) <= 1:
            return word
        return "-".join(p[:1] + p[1:].lower() for p in word.split("-"))

    view = _CAPS_WORD.sub(title, text)
    return view if len(view) == len(text) else text


# A signature spaced out letter by letter: "S H T Y K O V", "毛 泽 东".
SPACED_SIGNATURE = re.compile(r"^[ \t]*(?P<name>(?:[A-ZА-ЯЁ] ){3,}[A-ZА-ЯЁ]|(?:[\u4e00-\u9fff] ){1,3}[\u4e00-\u9fff])[ \t.]*$",
                              re.M)


CHUNK = 20_000  # characters a model reads at once: its memory grows with the text, not the time


def chunks(text: str, size: int = CHUNK) -> list[tuple[int, str]]:
    """(offset, piece) cuts of `text` at whitespace, so a model never reads a whole 5 MB line
    at once (spaCy refuses texts over a million characters; memory grows with length)."""
    if len(text) <= size:
        return [(0, text)]
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind(". ", start, end), text.rfind("\n", start, end))
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out
