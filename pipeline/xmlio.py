"""Safe XML parsing and atomic writes.

Parsing never loads a DTD, never resolves external entities and never reaches the
network, so a TEI file cannot make the pipeline read /etc/hostname or expand a
billion laughs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
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


def _reject_doctype(tree: etree._ElementTree, data: bytes, path: Path | str) -> None:
    """Refuse any DOCTYPE: nothing here needs a DTD, and every other XML tool would act on one.

    lxml (load_dtd=False) neither fetches nor applies it, but Saxon, jing and a
    repository's ingest would fetch an external DTD (http: or a file outside the
    project), expand its entities, or add the default attributes an internal subset
    declares (a hidden @ref that validation never saw).
    """
    info = tree.docinfo
    if not info.doctype and info.internalDTD is None and info.externalDTD is None:
        return
    at = data.find(b"<!DOCTYPE")
    line = data.count(b"\n", 0, at) + 1 if at >= 0 else 1
    col = at - (data.rfind(b"\n", 0, at) + 1) + 1 if at >= 0 else 1
    if info.system_url or info.public_id:
        what = f"names an external DTD ({info.system_url or info.public_id}), which is never fetched"
    elif info.internalDTD is not None and any(True for _ in info.internalDTD.iterentities()):
        names = ", ".join(e.name for e in info.internalDTD.iterentities())
        what = f"declares entities: entity declarations are not allowed (found: {names}; nothing is expanded)"
    else:
        what = "is not allowed"
    raise PipelineError(Problem(path, line, col, f"a DOCTYPE declaration {what}; remove the DOCTYPE "
                                                 "(the edition is validated against schema/)"))


def parse(path: Path) -> etree._ElementTree:
    """Parse an XML file safely; malformed input raises PipelineError at file:line:col."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PipelineError(Problem(path, 0, 0, f"cannot read: {e.strerror}")) from e
    return parse_bytes(data, path)


def parse_each(paths, problems: list[Problem]) -> Iterator[tuple[Path, etree._ElementTree]]:
    """(path, tree) of each of `paths` that parses; the problems of the others go into `problems`,
    so that one bad file does not stop the rest."""
    for path in paths:
        path = Path(path)
        try:
            tree = parse(path)
        except PipelineError as e:
            problems.extend(e.problems)
            continue
        yield path, tree


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
    _reject_doctype(tree, data, path)
    return tree


def serialize(tree: etree._ElementTree | etree._Element, pis: list[str] = ()) -> bytes:
    """UTF-8 with XML declaration; `pis` are prolog processing instructions."""
    # Indentation only goes where there is no text, so mixed content is untouched.
    body = etree.tostring(tree, encoding="unicode", pretty_print=True)
    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(p + "\n" for p in pis)
    return (prolog + body + "\n").encode("utf-8")


_UMASK = os.umask(0)
os.umask(_UMASK)


def temp_prefix(path: Path) -> str:
    """Temp files are ".<name>.<pid>.<random>.tmp": unique per run, and known leftovers once it is gone."""
    return f".{Path(path).name}.{os.getpid()}."


def os_problem(e: OSError, path: Path | str | None = None, doing: str = "cannot write") -> Problem:
    """A one-line problem for a failed file operation: which path, and what the system said."""
    where = e.filename if e.filename is not None else path
    reason = e.strerror or type(e).__name__
    return Problem(where if where is not None else "?", 0, 0, f"{doing}: {reason}")


def write_atomic(path: Path, data: bytes) -> bool:
    """Write via temp file + rename; skip when content is unchanged. Returns True if written.

    Any failure (read-only or full disk, a file where a folder should be) raises a
    PipelineError naming the path; the target is then untouched and no temp file stays.
    """
    path = Path(path)
    tmp = None
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path), suffix=".tmp")
        # mkstemp creates 0600; a published file gets the usual permissions.
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise PipelineError(os_problem(e, path)) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return True


def remove_leftovers(folder: Path, recursive: bool = False) -> list[Path]:
    """Temp files and staging folders of runs that were killed (call only under the project lock)."""
    removed = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    pattern = "**/.*" if recursive else ".*"
    for p in list(folder.glob(pattern)):
        name = p.name
        leftover = (p.is_file() and name.endswith(".tmp")) or (
            p.is_dir() and (name.startswith(".stage-") or ".staging-" in name or ".old-" in name))
        if not leftover:
            continue
        try:
            shutil.rmtree(p) if p.is_dir() else p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


def tei(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"
