"""Plain text of no known kind: first line as title, the rest as paragraphs.

Never chosen by detection; an editor asks for it with --kind generic when a new
format has no converter yet, and gets valid TEI to correct by hand.
"""

from __future__ import annotations

from pathlib import Path

from . import register
from .lines import split_lines
from .model import SourceDocument
from .structure import split_languages


@register
class Generic:
    name = "generic"
    description = "Plain text (fallback): first line is the title, the rest is text"

    def sniff(self, text: str) -> float:
        return 0.0

    def read(self, text: str, path: Path) -> SourceDocument:
        lines = split_lines(text)
        first = next(l for l in lines if l)
        doc = SourceDocument(path=path, kind=self.name, title=first.text[:200])
        body = lines[lines.index(first) + 1 :]
        doc.content_lines = [l.text for l in body if l]
        if len(first.text) > 200:
            body = [first] + body
            doc.content_lines.insert(0, first.text)
        doc.texts = split_languages(body, None)
        doc.warn(1, "converted with the generic converter: check structure and metadata by hand")
        return doc
