"""Source converters: a registry of kinds, each able to say how well it fits a file.

Detection never turns a readable capture away: the specialised kinds that are confident
are tried best first, and the generic converter, which fits any running text, comes last.
Only a file that is not running text at all (a table of values, program code, markup) is
refused, with the reason.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Protocol

from ..errors import PipelineError, Problem
from .model import SourceDocument

# A specialised kind must be at least this sure before it is used without --kind.
CONFIDENCE = 0.5
GENERIC = "generic"


class Converter(Protocol):
    name: str
    description: str

    def sniff(self, text: str) -> float: ...

    def read(self, text: str, path: Path) -> SourceDocument: ...


REGISTRY: dict[str, Converter] = {}


def register(cls):
    REGISTRY[cls.name] = cls()
    return cls


def scores(text: str) -> list[tuple[float, str]]:
    """(confidence, kind) of every specialised kind, best first."""
    return sorted(((c.sniff(text), n) for n, c in REGISTRY.items() if n != GENERIC), key=lambda s: (-s[0], s[1]))


_DATA_LINE = re.compile(r"^[^\s,;\t|]*(?:[,;\t|][^\s,;\t|]*){2,}$")


def not_running_text(text: str) -> str | None:
    """Why `text` is not a capture of running text (None when it is)."""
    if sum(c.isalpha() for c in text) < 3:
        return "there are no words in it"
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:300].lower().startswith(("<?xml", "<!doctype", "<html", "<tei")):
        return "it is markup (XML or HTML source), not a text capture; convert the page's text"
    if stripped[:1] in "{[":
        try:
            json.loads(stripped)
            return "it is JSON data, not a text capture"
        except ValueError:
            pass
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    if len(lines) >= 2 and all(_DATA_LINE.match(l) for l in lines):
        return "it is a table of values (CSV), not a text capture"
    return None


def candidates(text: str, path: Path, kind: str | None = None) -> tuple[list[Converter], list[Problem]]:
    """The converters to try in order, and the warnings detection has to give.

    With `kind`, that converter and then, should it fail, the generic one. Without,
    every confident specialised kind best first, then the generic one.
    """
    if kind:
        chosen = get(kind)
        return ([chosen] if kind == GENERIC else [chosen, REGISTRY[GENERIC]]), []
    reason = not_running_text(text)
    if reason:
        raise PipelineError(Problem(path, 1, 1, f"not converted: {reason}; name a kind with --kind if it is a source"))
    ranked = scores(text)
    confident = [REGISTRY[n] for s, n in ranked if s >= CONFIDENCE]
    warnings = []
    if not confident:
        best_score, best = ranked[0] if ranked else (0.0, "none")
        warnings.append(Problem(path, 1, 1, f"no specialised converter fits (closest: {best}, confidence "
                                            f"{best_score:.2f}); converted with the generic converter: check "
                                            "title, date and structure (or name a kind with --kind)",
                                severity="warning"))
    return confident + [REGISTRY[GENERIC]], warnings


def detect(text: str, path: Path) -> Converter:
    """The converter detection would try first."""
    return candidates(text, path)[0][0]


def get(name: str) -> Converter:
    try:
        return REGISTRY[name]
    except KeyError:
        raise PipelineError(Problem("--kind", 0, 0, f"no converter named {name!r}; known: {', '.join(sorted(REGISTRY))}"))


# Importing the modules registers the kinds.
from . import book_chapter, frus, generic, peoples_daily, wilson  # noqa: E402,F401
