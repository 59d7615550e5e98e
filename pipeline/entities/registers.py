"""The edition's registers (authority files) of persons, places and organisations.

`load_registers` reads tei/persons.xml, tei/places.xml and tei/organisations.xml
and returns a `Registers`: every entry by xml:id with its preferred name and its
name forms, the pointer a document uses to cite an entry, and (built lazily) the
compiled matcher that `recognize.name_spans` runs over texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import PipelineError, Problem
from ..project import REGISTER_FILES
from ..xmlio import NS, XML_NS, parse

# Per kind: the entry element and its name element in the register file.
ENTRY_ELEMENTS = {"person": ("person", "persName"), "place": ("place", "placeName"), "org": ("org", "orgName")}
# The TEI element a document uses to mention an entry of each kind.
MENTION_TAGS = {"person": "persName", "place": "placeName", "org": "orgName"}


@dataclass(frozen=True)
class NameForm:
    text: str
    lang: str
    type: str  # preferred, variant, pseudonym, misspelling, abbreviation


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # person, place, org
    preferred: str
    forms: tuple[NameForm, ...]  # the preferred form first, then the others
    source: Path
    line: int

    @property
    def variants(self) -> tuple[NameForm, ...]:
        return tuple(f for f in self.forms if f.type != "preferred")


@dataclass
class Registers:
    entries: dict[str, Entry] = field(default_factory=dict)
    # The folder the registers were read from (tei/): the edition's other documents are there.
    directory: Path | None = None

    def __getitem__(self, entry_id: str) -> Entry:
        return self.entries[entry_id]

    def __contains__(self, entry_id: str) -> bool:
        return entry_id in self.entries

    def ref(self, entry_id: str) -> str:
        """The pointer a document in tei/ uses for an entry: "persons.xml#pers-x"."""
        return f"{REGISTER_FILES[self.entries[entry_id].kind]}#{entry_id}"

    def id_from_ref(self, ref: str) -> str:
        """The inverse of `ref`: "persons.xml#pers-x" (or "#pers-x") -> "pers-x"."""
        return ref.rsplit("#", 1)[-1]

    @cached_property
    def matcher(self):
        # Imported here: the matcher belongs to recognition, the registers only own it
        # so that it is compiled once per loaded set of registers.
        from .recognize import NameMatcher

        return NameMatcher(self)


def load_registers(tei_dir: Path) -> Registers:
    """Read the three register files in `tei_dir`; malformed or inconsistent ones raise PipelineError."""
    registers = Registers(directory=Path(tei_dir))
    problems: list[Problem] = []
    for kind, file_name in REGISTER_FILES.items():
        path = Path(tei_dir) / file_name
        root = parse(path).getroot()
        entry_tag, name_tag = ENTRY_ELEMENTS[kind]
        for el in root.iterfind(f".//tei:{entry_tag}", NS):
            entry_id = el.get(f"{{{XML_NS}}}id")
            line = el.sourceline or 0
            if not entry_id:
                problems.append(Problem(path, line, 0, f"<{entry_tag}> without xml:id"))
                continue
            if entry_id in registers.entries:
                problems.append(Problem(path, line, 0, f"duplicate xml:id {entry_id!r}"))
                continue
            forms = [
                NameForm(
                    " ".join("".join(n.itertext()).split()),
                    n.get(f"{{{XML_NS}}}lang") or "en",
                    n.get("type") or "variant",
                )
                for n in el.iterfind(f"tei:{name_tag}", NS)
            ]
            preferred = [f for f in forms if f.type == "preferred"]
            if len(preferred) != 1:
                problems.append(
                    Problem(path, line, 0, f"{entry_id}: {len(preferred)} preferred names, expected 1")
                )
                continue
            forms.sort(key=lambda f: f.type != "preferred")
            registers.entries[entry_id] = Entry(
                entry_id, kind, preferred[0].text, tuple(f for f in forms if f.text), path, line
            )
    if problems:
        raise PipelineError(*problems)
    return registers
