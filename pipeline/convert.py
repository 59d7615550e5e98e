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
from .project import RESERVED_STEMS, Project
from .sources.lines import cut_character, decode, overlong_lines
from .sources.model import SourceDocument
from .tei.document import SCHEMA_PIS, build_document
from .xmlio import NS, remove_leftovers, serialize, tei, write_atomic


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
    """The conversion record, with any write a killed run left half-recorded settled.

    Before a TEI file is replaced, its new record is saved with the previous one
    under "previous" (see `record_pending`); whichever of the two the file on disk
    matches is the true record, so a kill at any moment loses no edit protection.
    """
    path = project.conversion_state
    try:
        if not path.exists():
            return {}
        state = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise PipelineError(Problem(path, 1, 1, f"conversion state is unreadable ({e}); delete it to start afresh"))
    except OSError as e:
        raise PipelineError(Problem(path, 0, 0, f"cannot read the conversion state: {e.strerror}")) from None
    if not isinstance(state, dict) or not all(isinstance(v, dict) for v in state.values()):
        raise PipelineError(Problem(path, 1, 1, "conversion state is not a map of file records; delete it to start afresh"))
    for name, record in list(state.items()):
        if "previous" not in record:
            continue
        previous = record.pop("previous")
        target = project.tei / name
        current = sha256(target.read_bytes()) if target.is_file() else None
        if current != record.get("sha256"):
            if previous is not None and current == previous.get("sha256"):
                state[name] = previous
            elif previous is None and current is None:
                del state[name]
    return state


def save_state(project: Project, state: dict) -> None:
    data = json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n"
    write_atomic(project.conversion_state, data)


def record_pending(project: Project, state: dict, name: str, record: dict) -> None:
    """Save `record` for tei/<name> before the file is replaced, keeping the record it replaces."""
    previous = state.get(name)
    state[name] = {**record, "previous": previous}
    save_state(project, state)
    del state[name]["previous"]


def registers_fingerprint(project: Project) -> str:
    h = hashlib.sha256()
    for path in sorted(project.register_paths().values()):
        if path.exists():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def edition_fingerprint() -> str:
    """Hash of the edition settings the TEI header states (title, publisher, licence)."""
    from .edition import settings

    ed = settings()
    return sha256(json.dumps([ed.title, ed.publisher, ed.licence_url], ensure_ascii=False).encode())


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


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise PipelineError(Problem(path, 0, 0, f"cannot read source: {e.strerror}")) from e


def read_text(path: Path) -> str:
    return decode(_read_bytes(path), path)


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
    data = _read_bytes(path)
    text = decode(data, path)
    converters, warnings = sources.candidates(text, path, kind)
    if cut := cut_character(data):
        lines_ = text.split("\n")
        warnings.append(Problem(path, len(lines_), len(lines_[-1]) + 1,
                                f"the file ends inside a character ({cut} byte(s) of it, left out): the capture "
                                "was cut off here", severity="warning"))
    # The same for every converter: split_lines cuts these lines, whoever reads them.
    warnings += [Problem(path, no, 1, f"line {no} has {length:,} characters and no line break (a capture that lost "
                                      "its line breaks?): its text is kept as paragraphs cut at sentence ends; check "
                                      "the paragraphing against the original", severity="warning")
                 for no, length in overlong_lines(text)]
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
    check_source_name(project, path, state)
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
              "registers": registers_fp or registers_fingerprint(project), "kind": kind,
              "edition": edition_fingerprint()}
    if target.exists() and not force and all(record.get(k) == v for k, v in inputs.items()):
        return Outcome(path, target, "up-to-date")
    converted = content_date(target, record, source_hash)
    conversion = convert_source(path, project, kind, converted=converted, registers=registers, target=target)
    new_record = {**inputs, "source": path.name, "sha256": sha256(conversion.data),
                  "converter": conversion.doc.kind, "date": converted.isoformat()}
    if not (target.exists() and record.get("sha256") == new_record["sha256"]):
        record_pending(project, state, target.name, new_record)
    written = write_atomic(target, conversion.data)
    state[target.name] = new_record
    if own_state:
        save_state(project, state)
    return Outcome(path, target, "written" if written else "unchanged", conversion.warnings)


_RECORDED_DATE = re.compile(rb'<change\b[^>]*\bwhen="(\d{4}-\d{2}-\d{2})"')


def content_date(target: Path, record: dict, source_hash: str) -> date:
    """The date the TEI states as its last content change: kept while the source is the same.

    A register or converter change re-encodes the same text; the publication date
    and the revision note still say when the document's content last changed.
    """
    if record.get("source_sha256") == source_hash and target.is_file():
        when = record.get("date")
        if when is None:  # a record from before dates were kept: the file's own revision date
            m = _RECORDED_DATE.search(target.read_bytes())
            when = m.group(1).decode() if m else None
        try:
            return date.fromisoformat(when) if when else date.today()
        except ValueError:
            pass
    return date.today()


def check_source_name(project: Project, path: Path, state: dict) -> None:
    """A source may not produce a register's file, nor the TEI another source produces."""
    target = target_for(project, path)
    if path.stem.lower() in RESERVED_STEMS:
        raise PipelineError(Problem(path, 0, 0, f"the name {path.stem!r} is reserved (tei/{target.name} is "
                                                "the edition's own file); rename the source"))
    other = state.get(target.name, {}).get("source")
    if other and other != path.name and (path.parent / other).is_file():
        raise PipelineError(Problem(path, 0, 0, f"{path.name} and {other} would both become tei/{target.name}; "
                                                "rename one of them"))


def same_stem_problems(paths: list[Path]) -> dict[Path, Problem]:
    """Sources of one run that share a stem: each is refused, naming the others."""
    by_stem: dict[str, list[Path]] = {}
    for p in paths:
        by_stem.setdefault(p.stem, []).append(p)
    out = {}
    for stem, group in by_stem.items():
        if len(group) > 1:
            names = " and ".join(str(p) for p in group)
            for p in group:
                out[p] = Problem(p, 0, 0, f"{names} would all become tei/{stem}.xml; rename all but one")
    return out


def source_paths(project: Project) -> list[Path]:
    if not project.seeds.is_dir():
        raise PipelineError(Problem(project.seeds, 0, 0, "no seeds/ folder: name the sources to convert"))
    return sorted(p for p in project.seeds.iterdir() if p.is_file() and not p.name.startswith("."))


def convert_all(project: Project, paths: list[Path] | None = None, *, kind: str | None = None,
                force: bool = False, only_missing: bool = False, quiet_edited: bool = False,
                progress=None) -> list[Outcome]:
    """Convert many sources; one bad source is reported and does not stop the others.

    only_missing: leave every existing TEI file alone. quiet_edited: re-convert what is
    stale (source, registers or converter changed) but pass over hand-edited files
    without a warning, as `pipeline build` does on every run.
    """
    paths = paths if paths is not None else source_paths(project)
    state = load_state(project)
    # temp files of a conversion that was killed (callers hold the project lock)
    remove_leftovers(project.tei)
    registers = None
    registers_fp = registers_fingerprint(project)  # once per run, not once per source
    outcomes: list[Outcome] = []
    clashes = same_stem_problems(paths)
    for path in paths:
        target = target_for(project, path)
        if path in clashes:
            outcomes.append(Outcome(path, target, "failed", [clashes[path]]))
            continue
        if only_missing and target.exists():
            continue
        if progress is not None:
            progress(path)
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
        except Exception as e:  # a converter bug on one source must not block the others
            outcomes.append(Outcome(path, target, "failed", [Problem(
                path, 0, 0, f"internal error converting this source ({type(e).__name__}: {e}); please report it")]))
    if registers is not None and any(o.status == "written" for o in outcomes):
        _reconvert_stale_archival_flags(project, paths, outcomes, state, registers, registers_fp)
    save_state(project, state)
    return outcomes


def _reconvert_stale_archival_flags(project: Project, paths: list[Path], outcomes: list[Outcome], state: dict,
                                    registers, registers_fp: str) -> None:
    """Convert again the unedited documents whose archival conflict flags a document written in this
    run has made out of date (one converted before its counterpart existed), so that the flags do
    not depend on the order of conversion. An edited file is left alone, with a warning."""
    from .tei.finish import stale_archival_flags

    by_target = {target_for(project, p).name: p for p in paths}
    for target in stale_archival_flags(project.tei):
        source = by_target.get(target.name)
        if source is None:
            recorded = state.get(target.name, {}).get("source")
            source = project.seeds / recorded if recorded else None
        index = next((i for i, o in enumerate(outcomes) if o.target == target), None)
        if source is None or not source.is_file() or is_edited(project, target, state):
            warning = Problem(target, 1, 1, "another document now disagrees (or no longer disagrees) on the archive "
                                            "of one of its archival units; its conflict note is out of date and was "
                                            "not changed (edited, or its source is missing)", severity="warning")
            if index is not None:
                outcomes[index].warnings.append(warning)
            else:
                outcomes.append(Outcome(source or target, target, "edited", [warning]))
            continue
        try:
            again = convert_file(source, project, force=True, state=state, registers=registers,
                                 registers_fp=registers_fp)
        except PipelineError as e:
            again = Outcome(source, target, "failed", e.problems)
        if index is None:
            outcomes.append(again)
        else:
            earlier = outcomes[index]
            if earlier.status in ("written", "unchanged", "up-to-date") and again.status == "unchanged":
                again.status = earlier.status
            outcomes[index] = again
