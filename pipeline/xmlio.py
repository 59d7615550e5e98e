"""Safe XML parsing and atomic writes.

Parsing never loads a DTD, never resolves external entities and never reaches the
network, so a TEI file cannot make the pipeline read /etc/hostname or expand a
billion laughs.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lxml import etree

from .errors import PipelineError, Problem

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS}


def make_parser(remove_blank_text: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=remove_blank_text,
    )


def _reject_doctype_entities(tree: etree._ElementTree, path: Path) -> None:
    # An internal subset that declares entities is never legitimate TEI here;
    # refusing it outright beats silently leaving entity references unexpanded.
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        names = ", ".join(e.name for e in dtd.iterentities())
        raise PipelineError(
            Problem(path, 1, 1, f"entity declarations are not allowed (found: {names})")
        )


def parse(path: Path) -> etree._ElementTree:
    """Parse an XML file safely; malformed input raises PipelineError at file:line:col."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PipelineError(Problem(path, 0, 0, f"cannot read: {e.strerror}")) from e
    return parse_bytes(data, path)


def parse_bytes(data: bytes, path: Path | str) -> etree._ElementTree:
    if not data.strip():
        raise PipelineError(Problem(path, 1, 1, "file is empty"))
    try:
        root = etree.fromstring(data, make_parser(), base_url=str(path))
    except etree.XMLSyntaxError as e:
        err = e.error_log.last_error if e.error_log else None
        line, col = (err.line, err.column) if err else (e.lineno or 0, e.offset or 0)
        msg = err.message if err else str(e)
        raise PipelineError(Problem(path, line, col, f"malformed XML: {msg}")) from e
    tree = root.getroottree()
    _reject_doctype_entities(tree, Path(path))
    return tree


def serialize(tree: etree._ElementTree | etree._Element, pis: list[str] = ()) -> bytes:
    """UTF-8 with XML declaration; `pis` are prolog processing instructions."""
    # Indentation only goes where there is no text, so mixed content is untouched.
    body = etree.tostring(tree, encoding="unicode", pretty_print=True)
    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(p + "\n" for p in pis)
    return (prolog + body + "\n").encode("utf-8")


_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomic(path: Path, data: bytes) -> bool:
    """Write via temp file + rename; skip when content is unchanged. Returns True if written."""
    path = Path(path)
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates 0600; a published file gets the usual permissions.
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return True


def tei(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"
