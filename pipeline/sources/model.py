"""What a converter extracts from a raw source, before any TEI is built.

Converters only read text; the TEI builders in `pipeline.tei` only write XML. This
neutral model is the contract between them, so a new source kind needs no TEI code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem


@dataclass
class Block:
    """One structural unit of running text.

    kind: p, head, item (numbered point), salute, signed, dateline, address,
    label (a line such as "Attachment No. 1" that introduces an enclosure), note.
    """

    kind: str
    text: str
    line: int
    n: str | None = None


@dataclass
class Division:
    """A part of the text: a language version, a letter, an attachment, a section."""

    type: str
    lang: str | None = None
    children: list["Block | Division"] = field(default_factory=list)
    n: str | None = None
    # Lines the structure leaves out on purpose (a page title repeating the headline): (line, text, why).
    dropped: list[tuple[int, str, str]] = field(default_factory=list)

    def blocks(self):
        for child in self.children:
            if isinstance(child, Division):
                yield from child.blocks()
            else:
                yield child


@dataclass
class Party:
    """Sender or addressee of a letter or telegram, as the source names it."""

    name: str
    place: str | None = None


@dataclass(frozen=True)
class Dropped:
    """A source line left out of the TEI on purpose."""

    line: int
    text: str
    reason: str  # navigation, label, masthead, advertising, …


@dataclass
class SourceDocument:
    path: Path
    kind: str
    title: str
    date_text: str | None = None
    # Publication/record metadata from the source page.
    summary: str | None = None
    citation: str | None = None
    url: str | None = None
    rights: list[str] = field(default_factory=list)
    record_id: str | None = None
    uploaded: str | None = None
    funders: list[str] = field(default_factory=list)
    archive_source: str | None = None
    contributors: list[tuple[str, str]] = field(default_factory=list)  # (role as written, name)
    original_language: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    publication: str | None = None
    # Title as printed in the original language, when the source gives one.
    original_title: tuple[str, str] | None = None  # (language code, title)
    publication_original: tuple[str, str] | None = None
    page: str | None = None
    series: str | None = None
    genre: str | None = None
    # Labelled source fields no converter rule claims, kept as (label, value).
    notes: list[tuple[str, str]] = field(default_factory=list)  # letter, telegram, resolution, article, chapter…
    sender: Party | None = None
    addressee: Party | None = None
    # Language versions: one Division per language, the original first when known.
    texts: list[Division] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # Every line of the source that belongs to neither boilerplate nor metadata,
    # kept so that the converter can prove no text was lost.
    content_lines: list[str] = field(default_factory=list)
    # Lines the converter leaves out on purpose (navigation, labels, mastheads), with why:
    # the only words of a source that may be missing from its TEI.
    dropped: list["Dropped"] = field(default_factory=list)
    # How sure the converter is of each metadata value it read ("title", "date", ...): a value
    # below certain is warned about, and the header says it is uncertain.
    unsure: set[str] = field(default_factory=set)

    def drop(self, line: int, text: str, reason: str) -> None:
        self.dropped.append(Dropped(line, text, reason))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.path, line, 1, message, severity="warning"))
