"""`pipeline entities`: names in the edition's documents that no register covers."""

from __future__ import annotations

from pathlib import Path

from ..project import Project
from ..xmlio import parse
from .recognize import unknown_names
from .registers import load_registers


def unknown_names_report(project: Project, paths: list[Path] | None = None) -> list[tuple[Path, str, int]]:
    registers = load_registers(project.tei)
    rows = []
    for path in paths or project.document_paths():
        root = parse(path).getroot()
        rows += [(path, name, line) for name, line in unknown_names(root, registers)]
    return rows
