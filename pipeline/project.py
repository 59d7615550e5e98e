"""Where things live in an edition project."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REGISTER_FILES = {"person": "persons.xml", "place": "places.xml", "org": "organisations.xml"}
# tei/<stem>.xml names no source may take: the registers, and the package's corpus file
RESERVED_STEMS = frozenset({*(Path(n).stem for n in REGISTER_FILES.values()), "edition"})


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        """The nearest directory upwards that has both seeds/ (or tei/) and schema/."""
        here = (start or Path.cwd()).resolve()
        for d in (here, *here.parents):
            if (d / "schema").is_dir() and ((d / "tei").is_dir() or (d / "seeds").is_dir()):
                return cls(d)
        return cls(here)

    seeds = property(lambda self: self.root / "seeds")
    tei = property(lambda self: self.root / "tei")
    schema = property(lambda self: self.root / "schema")
    xslt = property(lambda self: self.root / "xslt")
    build = property(lambda self: self.root / "build")

    @property
    def conversion_state(self) -> Path:
        return self.tei / ".converted.json"

    def register_paths(self) -> dict[str, Path]:
        return {kind: self.tei / name for kind, name in REGISTER_FILES.items()}

    def document_paths(self) -> list[Path]:
        """TEI documents of the edition (registers excluded)."""
        names = set(REGISTER_FILES.values())
        return sorted(p for p in self.tei.glob("*.xml") if p.name not in names)
