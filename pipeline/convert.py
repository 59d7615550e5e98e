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


def read_source(path: Path, kind: str | None = None) -> SourceDocument:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PipelineError(Problem(path, 0, 0, f"cannot read source: {e.strerror}")) from e
    text = decode(data, path)
    converter = sources.get(kind) if kind else sources.detect(text, path)
    return converter.read(text, path)


def convert_source(path: Path, project: Project, kind: str | None = None, converted: date | None = None,
                   registers=None) -> tuple[bytes, SourceDocument]:
    """The TEI bytes for one source, without writing anything."""
    doc = read_source(path, kind)
    root = build_document(doc, converted or date.today())
    registers = registers if registers is not None else load_registers(project.tei)
    annotate_document(root, registers)
    _keep_lost_text(root, doc)
    return serialize(root, SCHEMA_PIS), doc


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
    source_hash = sha256(path.read_bytes()) if path.exists() else ""
    inputs = {"source_sha256": source_hash, "converter_version": __version__,
              "converter_code": converter_fingerprint(),
              "registers": registers_fp or registers_fingerprint(project), "kind": kind}
    record = state.get(target.name, {})
    if target.exists() and not force and all(record.get(k) == v for k, v in inputs.items()):
        return Outcome(path, target, "up-to-date")
    data, doc = convert_source(path, project, kind, registers=registers)
    written = write_atomic(target, data)
    state[target.name] = {**inputs, "source": path.name, "sha256": sha256(data), "converter": doc.kind}
    if own_state:
        save_state(project, state)
    return Outcome(path, target, "written" if written else "unchanged", doc.warnings)


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
