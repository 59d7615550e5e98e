"""What a date that leaves something unsaid takes it from, and how that is marked."""

from __future__ import annotations

import re
from dataclasses import dataclass

YEAR = r"(?:18[5-9]\d|19\d\d|20\d\d)"
# A year or month taken from the document's own date, or from the nearest date before it.
INFERRED = {"cert": "medium", "evidence": "internal"}
# A day-only reference later in the month than the document's own date may as well mean
# the month before ("the 29th" in a telegram of 3 July): the month is taken, but as unsure.
INFERRED_UNSURE = {"cert": "low", "evidence": "internal"}


@dataclass(frozen=True)
class DateContext:
    """The date a text is read against: the document's own, or the nearest one before.

    `from_document`: the document's own date; otherwise the nearest preceding date of an
    undated text. `year` may be unknown (a news dateline "SEOUL, July 17." gives none).
    """

    year: int | None
    month: int | None = None
    day: int | None = None
    from_document: bool = True

    @classmethod
    def of(cls, value: "str | DateContext | None", from_document: bool = True) -> "DateContext | None":
        if value is None or isinstance(value, DateContext):
            return value
        text = value.strip()
        found = re.match(rf"^({YEAR})(?:-(\d\d)(?:-(\d\d))?)?", text)
        if found:
            y, m, d = found.groups()
            return cls(int(y), int(m) if m else None, int(d) if d else None, from_document)
        found = re.match(r"^--(\d\d)-(\d\d)$", text)
        if found:
            return cls(None, int(found.group(1)), int(found.group(2)), from_document)
        raise ValueError(f"context must be an ISO date such as 1953-07-09, got {value!r}")

    def iso(self) -> str | None:
        if self.month is None or self.day is None:
            return None
        return (f"{self.year:04d}" if self.year is not None else "-") + f"-{self.month:02d}-{self.day:02d}"
