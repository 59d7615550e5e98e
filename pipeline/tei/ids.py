"""xml:id values: a kind prefix, then a slug; stable across re-conversions."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..sources.model import SourceDocument


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def document_id(doc: SourceDocument) -> str:
    """`doc-wilson-113649` where the source has a record id, else from the file name."""
    in_url = re.search(r"/document/(\d+)", doc.url or "")
    record = doc.record_id or (in_url.group(1) if in_url else None)
    if record:
        return f"doc-{doc.kind}-{slug(record)}"
    return f"doc-{slug(Path(doc.path).stem)}"


def element_prefix(doc_id: str) -> str:
    """Short prefix for ids inside a document, unique across the edition (teiCorpus)."""
    rest = doc_id.removeprefix("doc-")
    return rest if rest[:1].isalpha() else "d" + rest

