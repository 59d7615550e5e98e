"""The common currency of recognisers: a character span to wrap in a TEI element."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    tag: str  # TEI local name: persName, placeName, orgName, date, idno
    attrib: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    # When spans overlap, the longer wins; at equal length the higher priority wins.
    priority: int = 0
    # Register mentions (by TEI tag) a proposal may replace when it contains them: the body
    # named "朝鲜政府" takes the place of the place 朝鲜 inside it.
    outranks: frozenset = field(default=frozenset(), compare=False, hash=False)

    @property
    def length(self) -> int:
        return self.end - self.start
