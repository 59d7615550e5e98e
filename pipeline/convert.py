"""Raw source -> TEI file: detect, read, build, annotate, prove nothing was lost, write.

A TEI file the pipeline wrote is recorded with its hash in tei/.converted.json.
When the file on disk no longer has that hash, an editor has changed it, and it is
never overwritten without --force.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree

from . import __version__, sources
from .completeness import body_is_empty, describe, missing_words
from .entities.annotate import annotate_document
from .entities.registers import load_registers
from .errors import PipelineError, Problem
from .project import Project
from .sources.lines import decode
from .sources.model import SourceDocument
from .tei.document import SCHEMA_PIS, build_document
from .xmlio import NS, serialize, tei, write_atomic


@dataclass
class Outcome:
    source: Path
    target: Path
    status: str  # written, unchanged, up-to-date, edited (refused)
    warnings: list[Problem] = field(default_factory=list)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def target_for(project: Project, source: Path) -> Path:
    return project.tei / f"{source.stem}.xml"


def load_state(project: Project) -> dict:
    path = project.conversion_state
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise PipelineError(Problem(path, 1, 1, f"conversion state is unreadable ({e}); delete it to start afresh"))


def save_state(project: Project, state: dict) -> None:
    data = json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n"
    write_atomic(project.conversion_state, data)


def registers_fingerprint(project: Project) -> str:
    h = hashlib.sha256()
    for path in sorted(project.register_paths().values()):
        if path.exists():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


_CODE_FINGERPRINT: str | None = None


def converter_fingerprint() -> str:
    """Hash of the code that turns a source into TEI: changing it makes every unedited TEI stale."""
    global _CODE_FINGERPRINT
    if _CODE_FINGERPRINT is None:
        here = Path(__file__).parent
        files = [here / "convert.py", *sorted((here / "sources").glob("*.py")),
                 *sorted((here / "tei").glob("*.py")), *sorted((here / "entities").glob("*.py"))]
        h = hashlib.sha256()
        for f in files:
            h.update(f.name.encode() + b"\0" + f.read_bytes())
        _CODE_FINGERPRINT = h.hexdigest()
    return _CODE_FINGERPRINT


def is_edited(project: Project, target: Path, state: dict) -> bool:
    """A TEI file is the editor's once its bytes differ from what the pipeline wrote."""
    if not target.exists():
        return False
    record = state.get(target.name)
    return record is None or record.get("sha256") != sha256(target.read_bytes())


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PipelineError(Problem(path, 0, 0, f"cannot read source: {e.strerror}")) from e
    return decode(data, path)


def read_source(path: Path, kind: str | None = None) -> SourceDocument:
    """The first converter's reading of a source (no fallback, no checks): for inspection and tests."""
    text = read_text(path)
    converters, _ = sources.candidates(text, path, kind)
    return converters[0].read(text, path)


@dataclass
class Conversion:
    data: bytes
    doc: SourceDocument
    warnings: list[Problem]


def convert_source(path: Path, project: Project, kind: str | None = None, converted: date | None = None,
                   registers=None, target: Path | None = None) -> Conversion:
    """The TEI bytes for one source, without writing anything.

    The converters detection proposes (or `kind`, then the generic one) are tried in
    turn; the first result that keeps every word of the source, has a body and is valid
    is taken. When none is, nothing is returned and every attempt's reason is raised.
    """
    text = read_text(path)
    converters, warnings = sources.candidates(text, path, kind)
    registers = registers if registers is not None else load_registers(project.tei)
    target = target or target_for(project, path)
    failures: list[tuple[str, str]] = []
    for converter in converters:
        try:
            doc = converter.read(text, path)
            root = build_document(doc, converted or date.today())
            annotate_document(root, registers)
            _keep_lost_text(root, doc)
        except PipelineError as e:
            failures.append((converter.name, "; ".join(p.message for p in e.problems)))
            continue
        except Exception as e:  # noqa: BLE001 - a converter's bug on odd input must not lose the source
            failures.append((converter.name, f"internal error ({type(e).__name__}: {e})"))
            continue
        defect = _defect(root, doc, text, project, target)
        if defect:
            failures.append((converter.name, defect))
            continue
        for name, reason in failures:
            warnings.append(Problem(path, 1, 1, f"the {name} converter was not used ({reason}); "
                                                f"converted with the {converter.name} converter instead",
                                    severity="warning"))
        return Conversion(serialize(root, SCHEMA_PIS), doc, warnings + doc.warnings)
    raise PipelineError(*[Problem(path, 1, 1, f"{name} converter: {reason}") for name, reason in failures],
                        Problem(path, 1, 1, "no converter produced valid TEI that keeps every word; nothing written"))


def _defect(root: etree._Element, doc: SourceDocument, text: str, project: Project, target: Path) -> str | None:
    """Why a conversion must not be written, or None."""
    if body_is_empty(root):
        return "the document's text came out empty"
    missing = missing_words(text, doc.content_lines, [d.text for d in doc.dropped], root)
    if missing:
        return f"the TEI would lose {describe(missing)}"
    from .validate import validate_tree

    errors = [p for p in validate_tree(project, root, target) if p.severity == "error"]
    if errors:
        shown = "; ".join(f"line {p.line}: {p.message}" for p in errors[:3])
        return f"the TEI would be invalid ({len(errors)} error(s): {shown})"
    return None


def _alnum(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def _keep_lost_text(root: etree._Element, doc: SourceDocument) -> None:
    """Every source line must be somewhere in the TEI; any that is not is appended, loudly."""
    everything = _alnum("".join(root.itertext()))
    lost = [line for line in doc.content_lines if _alnum(line) and _alnum(line) not in everything]
    if not lost:
        return
    body = root.find("tei:text/tei:body", NS)
    div = etree.SubElement(body, tei("div"), type="unplaced")
    for line in lost:
        etree.SubElement(div, tei("p")).text = line
    doc.warn(1, f"{len(lost)} line(s) fitted no structure and were appended to the text as div[@type='unplaced']")


def convert_file(path: Path, project: Project, *, kind: str | None = None, force: bool = False,
                 state: dict | None = None, registers=None, registers_fp: str | None = None) -> Outcome:
    own_state = state is None
    state = load_state(project) if own_state else state
    target = target_for(project, path)
    if is_edited(project, target, state) and not force:
        return Outcome(path, target, "edited", [Problem(
            target, 1, 1,
            "edited since it was generated (or not generated by pipeline); not overwritten "
            "(use --force to replace the editor's changes)", severity="warning")])
    record = state.get(target.name, {})
    # A kind the editor named once (--kind) is the kind of that source from then on.
    kind = kind or (record.get("kind") if record.get("source") == path.name else None)
    source_hash = sha256(path.read_bytes()) if path.exists() else ""
    inputs = {"source_sha256": source_hash, "converter_version": __version__,
              "converter_code": converter_fingerprint(),
              "registers": registers_fp or registers_fingerprint(project), "kind": kind}
    if target.exists() and not force and all(record.get(k) == v for k, v in inputs.items()):
        return Outcome(path, target, "up-to-date")
    conversion = convert_source(path, project, kind, registers=registers, target=target)
    written = write_atomic(target, conversion.data)
    state[target.name] = {**inputs, "source": path.name, "sha256": sha256(conversion.data),
                          "converter": conversion.doc.kind}
    if own_state:
        save_state(project, state)
    return Outcome(path, target, "written" if written else "unchanged", conversion.warnings)


def source_paths(project: Project) -> list[Path]:
    return sorted(p for p in project.seeds.iterdir() if p.is_file() and not p.name.startswith("."))


def convert_all(project: Project, paths: list[Path] | None = None, *, kind: str | None = None,
                force: bool = False, only_missing: bool = False, quiet_edited: bool = False) -> list[Outcome]:
    """Convert many sources; one bad source is reported and does not stop the others.

    only_missing: leave every existing TEI file alone. quiet_edited: re-convert what is
    stale (source, registers or converter changed) but pass over hand-edited files
    without a warning, as `pipeline build` does on every run.
    """
    paths = paths if paths is not None else source_paths(project)
    state = load_state(project)
    registers = None
    registers_fp = registers_fingerprint(project)  # once per run, not once per source
    outcomes: list[Outcome] = []
    for path in paths:
        target = target_for(project, path)
        if only_missing and target.exists():
            continue
        try:
            if registers is None:
                registers = load_registers(project.tei)
            outcome = convert_file(path, project, kind=kind, force=force, state=state, registers=registers,
                                   registers_fp=registers_fp)
            if quiet_edited and outcome.status == "edited":
                outcome.warnings = []
            outcomes.append(outcome)
        except PipelineError as e:
            outcomes.append(Outcome(path, target, "failed", e.problems))
    save_state(project, state)
    return outcomes
