"""Source converters: a registry of kinds, each able to say how well it fits a file."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ..errors import PipelineError, Problem
from .model import SourceDocument

# A kind must be at least this sure before it is used without --kind.
CONFIDENCE = 0.5


class Converter(Protocol):
    name: str
    description: str

    def sniff(self, text: str) -> float: ...

    def read(self, text: str, path: Path) -> SourceDocument: ...


REGISTRY: dict[str, Converter] = {}


def register(cls):
    REGISTRY[cls.name] = cls()
    return cls


def detect(text: str, path: Path) -> Converter:
    score, name = max((c.sniff(text), n) for n, c in REGISTRY.items())
    if score < CONFIDENCE:
        kinds = ", ".join(sorted(REGISTRY))
        raise PipelineError(
            Problem(
                path, 1, 1,
                f"unknown source format (closest: {name}, confidence {score:.2f}); "
                f"name the kind with --kind ({kinds})",
            )
        )
    return REGISTRY[name]


def get(name: str) -> Converter:
    try:
        return REGISTRY[name]
    except KeyError:
        raise PipelineError(Problem("--kind", 0, 0, f"no converter named {name!r}; known: {', '.join(sorted(REGISTRY))}"))


# Importing the modules registers the kinds.
from . import book_chapter, generic, peoples_daily, wilson  # noqa: E402,F401
