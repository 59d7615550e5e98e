"""Positioned problems: every user-facing error names file, line and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: Path | str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"


class PipelineError(Exception):
    """A user error: reported as its problems, never as a traceback."""

    def __init__(self, *problems: Problem):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)
