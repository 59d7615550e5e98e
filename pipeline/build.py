"""Build the edition: hash-based plan -> parallel render -> state file.

    convert (missing TEI only) -> validate -> plan -> render (process pool) -> FOP -> state

Each output has a fingerprint: sha256 over the bytes of everything it is made
from (the TEI file, the xsl:import/xsl:include closure of its stylesheet, the
registers the document cites, the parameters and the pipeline version). An
output whose fingerprint equals the one recorded in <out>/.state.json and whose
files all exist is not rebuilt. Corpus outputs (index, register pages, the
edition FO) depend on every valid document and every register.

Saxon runs only in pool workers (`transform.init_worker`); the parent process
plans, writes the corpus manifest, copies assets, runs FOP and keeps the state.
One pool serves the whole build: validation (for many files), then the
per-document outputs in batches, then the corpus outputs.

Corpus pages never read whole documents: rendering a document's HTML page also
writes its card (<out>/.work/cards/<stem>.xml: title, date, parties, languages,
archive reference, the names it mentions and where; see html:card in
xslt/html_common.xsl), and the manifest <out>/.work/corpus.xml points the index
and the register pages at the cards. A changed document therefore costs its own
outputs, one card and the cheap corpus pages.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from . import __version__
from .errors import PipelineError, Problem
from .project import Project
from .transform import init_worker, move_if_changed, sheets, stylesheet_closure
from .xmlio import os_problem, remove_leftovers, temp_prefix, write_atomic

FORMATS = ("html", "fo", "pdf", "txt", "dts", "search")
SEARCH_KEY = "html/pagefind"  # the search index of the HTML pages: format "search" (pipeline/search.py)
STATE_VERSION = 1
# below this many files to check, validation runs in the parent (no pool start-up cost)
PARALLEL_VALIDATION = 64
# files per validation task and tasks per render batch sent to a worker: large
# enough to amortise the round trip, small enough to keep both workers busy
VALIDATION_CHUNK = 25
RENDER_BATCH = 16
CARDS = Path(".work") / "cards"
DTS_SUMMARIES = Path(".work") / "dts"
_REF = re.compile(rb"""\sref\s*=\s*["']([^"'#]*)#""")
_FOP_POSITION = re.compile(r"(?:position|line)\s*(\d+):(\d+)")

# per-document outputs: format -> (stylesheet, output dir, extension)
DOC_OUTPUTS = {
    "html": ("html_document", "html", ".html"),
    "fo": ("fo_document", "fo", ".fo"),
    "txt": ("txt_document", "txt", ".txt"),
}
# corpus outputs read from the manifest: key -> (format, stylesheet, principal output, takes out-dir)
CORPUS_OUTPUTS = {
    "fo/edition.fo": ("fo", "fo_edition", "fo/edition.fo", False),
}
# the HTML corpus pages (see _html_corpus and pipeline/corpus.py): the shells rendered by XSLT from
# the summary, and the pages assembled from the shells and the documents' fragments
REGISTER_SHELLS = "html/registers.html"
INDEX_SHELL = "html/index-shell"
SEARCH_PAGE = "html/search.html"
HTML_CORPUS = ("html/index.html", REGISTER_SHELLS, "html/entries")
SHELLS = Path(".work") / "shells"
# below this many tasks, and with no pool running yet, the build renders in its own process:
# a one-file save costs two transforms, less than starting the workers
LOCAL_TASKS = 4


@dataclass
class Task:
    key: str                     # output key, relative to the out dir: "html/000_x.html"
    kind: str                    # "xslt" or "txt"
    sheet: str
    source: Path
    out: Path
    root: Path                   # out dir, to make file lists relative
    fp: str
    doc: str | None = None       # stem of the document, None for corpus outputs
    params: dict = field(default_factory=dict)
    out_dir_param: str | None = None
    # side outputs the stylesheet writes when given their file URI in a parameter:
    # param name -> final path (an HTML page's card and JSON-LD)
    sides: dict[str, Path] = field(default_factory=dict)
    registers: tuple[Path, ...] = ()  # parsed once per worker and passed as $preloaded-registers


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if getattr(p, "severity", "error") == "error"]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.errors

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def summary(self) -> str:
        return f"{len(self.built)} built, {len(self.skipped)} unchanged, {len(self.failed)} failed in {self.seconds:.2f} s"


# -- fingerprints --------------------------------------------------------------

def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


# absolute path -> ((mtime_ns, size), sha256, cited registers): file hashes kept between the builds of one
# process; a file whose size and mtime are unchanged is not read again
_SEEN: dict[str, tuple[tuple[int, int], str, list | None]] = {}


class Hasher:
    """Fingerprints with a per-build cache of file hashes, cited registers and stylesheet closures."""

    def __init__(self, root: Path):
        self.root = Path(os.path.abspath(root))
        self._files: dict[str, str] = {}
        self._names: dict[Path, tuple[str, str]] = {}
        self._refs: dict[str, list[Path]] = {}
        self._closures: dict[Path, list[Path]] = {}

    def _name(self, path: Path) -> tuple[str, str]:
        """(absolute path, path relative to the project) without touching the disk."""
        hit = self._names.get(path)
        if hit is None:
            a = os.path.normpath(os.path.abspath(path))
            rel = os.path.relpath(a, self.root)
            hit = self._names[path] = (a, Path(rel).as_posix() if not rel.startswith("..") else a)
        return hit

    def _read(self, a: str) -> str:
        try:
            st = os.stat(a)
            known = _SEEN.get(a)
            if known and known[0] == (st.st_mtime_ns, st.st_size):
                # unchanged since an earlier build in this process (pipeline serve): not read again
                self._files[a], refs = known[1], known[2]
                if refs is not None:
                    self._refs[a] = refs
                return self._files[a]
            data = Path(a).read_bytes()
        except OSError:
            self._files[a] = "missing"
            return "missing"
        self._files[a] = hashlib.sha256(data).hexdigest()
        if a.endswith(".xml"):
            self._refs[a] = cited_registers(Path(a), data)
        _SEEN[a] = ((st.st_mtime_ns, st.st_size), self._files[a], self._refs.get(a))
        return self._files[a]

    def remember(self, recorded: dict) -> None:
        """Hashes a previous build recorded (rel path -> [mtime_ns, size, sha256, cited]): a new process
        does not read an unchanged file again either (size and mtime first, as black's cache does)."""
        for rel, (mtime, size, digest, refs) in recorded.items():
            a = self._name(Path(rel) if os.path.isabs(rel) else self.root / rel)[0]
            cited = None if refs is None else [Path(self._name(Path(r) if os.path.isabs(r) else self.root / r)[0])
                                               for r in refs]
            _SEEN.setdefault(a, ((mtime, size), digest, cited))

    def known(self) -> dict:
        """The hashes of the project's files read or confirmed in this build, for the next one."""
        out = {}
        for a in self._files:
            hit = _SEEN.get(a)
            if hit is not None and hit[1] == self._files[a]:
                rel = self._name(Path(a))[1]
                out[rel] = [*hit[0], hit[1], None if hit[2] is None else [self._name(r)[1] for r in hit[2]]]
        return out

    def file(self, path: Path) -> str:
        a = self._name(path)[0]
        return self._files.get(a) or self._read(a)

    def cited(self, doc: Path) -> list[Path]:
        """Registers a document cites (read together with its hash, so each file is read once)."""
        a = self._name(doc)[0]
        if a not in self._refs:
            self._read(a)
        return self._refs.get(a, [])

    def closure(self, sheet: Path) -> list[Path]:
        c = self._closures.get(sheet)
        if c is None:
            c = self._closures[sheet] = stylesheet_closure(sheet)
        return c

    def fingerprint(self, deps, params: dict | None = None, extra: str = "") -> str:
        h = hashlib.sha256()
        for a, rel in sorted({self._name(d if isinstance(d, Path) else Path(d)) for d in deps}):
            h.update(rel.encode() + b"\0" + (self._files.get(a) or self._read(a)).encode() + b"\n")
        h.update(json.dumps(params or {}, sort_keys=True).encode())
        h.update(f"\0pipeline {__version__}\0{extra}".encode())
        return h.hexdigest()


def cited_registers(doc: Path, data: bytes | None = None) -> list[Path]:
    """Files named by the file part of @ref values ("persons.xml#pers-x"), resolved against the document."""
    data = doc.read_bytes() if data is None else data
    names = {m.group(1).decode("utf-8", "replace") for m in _REF.finditer(data)}
    base = os.path.dirname(os.path.abspath(doc))
    return sorted(Path(os.path.normpath(os.path.join(base, n))) for n in names if n and "://" not in n)


def doc_fingerprint(hasher: Hasher, fmt: str, doc: Path, closure: list[Path], sides=(), params=None) -> str:
    """The fingerprint of a document's output in `fmt` (html, fo, txt): what the plan compares."""
    _, sub, ext = DOC_OUTPUTS[fmt]
    deps = [doc, *closure, *hasher.cited(doc)]
    if fmt == "txt":
        deps.append(Path(__file__).with_name("standoff.py"))
    key = f"{sub}/{doc.stem}{ext}"
    return hasher.fingerprint(deps, params or None, extra=key + "".join(f"\0{k}" for k in sides))


def edition_params(project: Project) -> dict:
    """The edition's identity (edition.toml) as the HTML and JSON-LD stylesheets' parameters."""
    from .edition import settings

    ed = settings(project.root)
    return {"site-title": ed.title, "jsonld-edition-title": ed.title, "jsonld-base-url": ed.base_url}


def output_problems(project: Project, fmt: str = "txt", out: Path | None = None) -> list[Problem]:
    """Documents whose `fmt` output is missing or older than its inputs: what `package` may not ship."""
    out = Path(out or project.build).resolve()
    state = load_state(out / ".state.json")
    hasher = Hasher(project.root)
    sheet, sub, ext = DOC_OUTPUTS[fmt]
    closure = hasher.closure(project.xslt / f"{sheet}.xsl")
    problems = []
    for d in project.document_paths():
        key = f"{sub}/{d.stem}{ext}"
        entry = state["outputs"].get(key)
        if not entry or not entry.get("files") or not all((out / f).is_file() for f in entry["files"]):
            problems.append(Problem(out / key, 0, 0, f"missing: tei/{d.name} has no {fmt} output "
                                                     "(run `pipeline build`)"))
        elif entry.get("fp") != doc_fingerprint(hasher, fmt, d, closure):
            problems.append(Problem(out / key, 0, 0, f"stale: tei/{d.name} (or what its {fmt} output is made "
                                                     "from) changed since it was built (run `pipeline build`)"))
    return problems


# -- state ----------------------------------------------------------------------

def load_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if state.get("version") == STATE_VERSION:
            state.setdefault("outputs", {})
            state.setdefault("validated", {})
            return state
    except (OSError, ValueError, AttributeError):
        pass
    return {"version": STATE_VERSION, "outputs": {}, "validated": {}}


def save_state(path: Path, state: dict) -> None:
    # written as it is encoded (the same text as json.dumps): a large edition's state is never one string
    from .corpus import write_streamed

    encoder = json.JSONEncoder(indent=1, sort_keys=True, ensure_ascii=False)
    write_streamed(path, itertools.chain(encoder.iterencode(state), ["\n"]))


# -- worker side ----------------------------------------------------------------

def _run_task(task: Task, parsed: dict | None = None) -> tuple[str, list[str], list[Problem], dict | None]:
    """Runs in a pool worker (or the parent, for a few tasks).

    parsed: the batch's document trees (source -> Saxon tree), so that the
    outputs of one document (its page and its text) share one parse of it.
    Returns (key, files written relative to the out dir, problems, the card's
    record for the corpus store when the task wrote a card).
    """
    record = None
    try:
        s = sheets()
        if task.registers:
            s.preload("preloaded-registers", list(task.registers))
        node = None
        if parsed is not None and task.doc is not None and task.kind in ("xslt", "txt"):
            node = parsed.get(task.source)
            if node is None:
                parsed.clear()  # one document's tree at a time
                node = parsed[task.source] = s.safe_tree(task.source)
        if task.kind == "txt":
            from .standoff import layout

            stream = s.render_string(task.sheet, task.source, task.params, node=node)
            result = layout(stream, task.source)
            write_atomic(task.out, result.text_bytes())
            json_out = task.out.with_suffix(".json")
            write_atomic(json_out, result.json_bytes())
            files = [task.out, json_out]
        elif task.kind == "dts":
            from .dts import write_dts_document

            files = write_dts_document(task.source, task.out, task.root / DTS_SUMMARIES / f"{task.doc}.json")
        elif task.sides:
            files = _render_with_sides(s, task, node)
            card = task.sides.get("card-href")
            if card is not None and card in files:
                from .corpus import card_record

                record = card_record(card)
        else:
            files = s.render(task.sheet, task.source, task.out, task.params, out_dir_param=task.out_dir_param,
                             node=node)
        return task.key, [_rel(f, task.root) for f in files], [], record
    except PipelineError as e:
        return task.key, [], e.problems, None
    except Exception as e:  # a bug must not take the build down without naming the output
        return task.key, [], [Problem(task.source, 0, 0, f"internal error building {task.key}: {type(e).__name__}: {e}")], None


def _run_batch(tasks: list[Task]) -> list[tuple[str, list[str], list[Problem], dict | None]]:
    """Several tasks in one round trip to a worker; a document's tasks, next to each other, share its tree."""
    parsed: dict = {}
    return [_run_task(t, parsed) for t in tasks]


def _batches(todo: list[Task], size: int) -> list[list[Task]]:
    """Tasks in batches of about `size`, a document's tasks (adjacent in `todo`) never split."""
    batches: list[list[Task]] = []
    for t in todo:
        if batches and (len(batches[-1]) < size or (t.doc is not None and batches[-1][-1].doc == t.doc)):
            batches[-1].append(t)
        else:
            batches.append([t])
    return batches


def _render_with_sides(s, task: Task, node=None) -> list[Path]:
    """The principal output and the side outputs (card, JSON-LD) the stylesheet writes on request."""
    tmps = {}
    for param, final in task.sides.items():
        final.parent.mkdir(parents=True, exist_ok=True)
        tmps[param] = final.with_name(f"{temp_prefix(final)}{secrets.token_hex(4)}.tmp")
        tmps[param].unlink(missing_ok=True)
    try:
        params = {**task.params, **{k: t.resolve().as_uri() for k, t in tmps.items()}}
        files = s.render(task.sheet, task.source, task.out, params, out_dir_param=task.out_dir_param, node=node)
        for param, tmp in tmps.items():
            if tmp.exists():  # a stylesheet that does not know the parameter ignores it
                move_if_changed(tmp, task.sides[param])
                files.append(task.sides[param])
        return files
    finally:
        for tmp in tmps.values():
            tmp.unlink(missing_ok=True)


def _run_fop(fo: Path, pdf: Path, xconf: Path | None) -> list[Problem]:
    pdf.parent.mkdir(parents=True, exist_ok=True)
    # unique per run and thread: two builds (or a killed one's leftover) never share it
    tmp = pdf.with_name(f"{temp_prefix(pdf)}{secrets.token_hex(4)}.tmp")
    cmd = ["fop"] + (["-c", str(xconf)] if xconf else []) + ["-fo", str(fo), "-pdf", str(tmp)]
    if shutil.which("setpriv"):
        # FOP (a JVM) dies with this build: a killed build leaves no java behind
        cmd = ["setpriv", "--pdeathsig", "KILL", *cmd]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as e:
        tmp.unlink(missing_ok=True)
        return [Problem(fo, 0, 0, f"fop failed: {e}")]
    if proc.returncode != 0 or not tmp.exists() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        lines = [ln.strip() for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
        msg = next((ln for ln in lines if "SEVERE" in ln or "Exception" in ln or "rror" in ln), lines[-1] if lines else "")
        m = _FOP_POSITION.search(" ".join(lines))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        return [Problem(fo, line, col, f"fop exited with {proc.returncode}: {msg}"[:2000])]
    if pdf.exists() and _same_pdf(pdf, tmp):
        tmp.unlink()  # FOP stamps a creation date; keep the old file (and mtime) if only that changed
    else:
        os.replace(tmp, pdf)
    return []


def _same_pdf(a: Path, b: Path) -> bool:
    strip = re.compile(rb"/(?:CreationDate|ModDate)\s*\([^)]*\)|<xmp:\w+Date>[^<]*</xmp:\w+Date>|/ID\s*\[[^\]]*\]")
    return strip.sub(b"", a.read_bytes()) == strip.sub(b"", b.read_bytes())


# -- parent side ------------------------------------------------------------------

def _validate_chunk(project: Project, paths: list[Path]) -> list[Problem]:
    from .validate import validate_files

    try:
        return list(validate_files(project, paths))
    except PipelineError as e:
        return list(e.problems)


def _validate_parallel(project: Project, paths: list[Path], pool: "_Pool") -> list[Problem]:
    """Many files (a first build of a large edition): validate in chunks in the worker processes.

    Each worker compiles the schemas once and keeps them for the chunks it gets.
    """
    size = max(1, min(VALIDATION_CHUNK, -(-len(paths) // (pool.workers * 4))))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    problems = [p for chunk in pool.get().map(_validate_chunk, [project] * len(chunks), chunks) for p in chunk]
    return sorted(problems, key=lambda p: (str(p.path), p.line, p.col))


class _Pool:
    """The build's process pool, started on first use and shared by validation and rendering."""

    def __init__(self, jobs: int, xslt_dir: Path, read: tuple[Path, ...] = (), write: tuple[Path, ...] = ()):
        self.workers = max(1, jobs)
        self.xslt_dir = xslt_dir
        # workers die with this process and are confined to these folders (transform.init_worker)
        self.confine = (os.getpid(), tuple(map(str, read)), tuple(map(str, write)))
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def get(self) -> ProcessPoolExecutor:
        if self._pool is None:
            ctx = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=init_worker,
                                             initargs=(str(self.xslt_dir), *self.confine))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _validate(project: Project, docs: list[Path], registers: list[Path], state: dict,
              hasher: Hasher, report: BuildReport, jobs: int | None = None, pool: "_Pool | None" = None) -> set[Path]:
    """Validate what is not known valid; return the documents with errors."""
    schema_files = sorted(p for p in project.schema.rglob("*") if p.is_file()) if project.schema.is_dir() else []
    context = hasher.fingerprint([*schema_files, *registers], extra="validate")
    cache = state["validated"]
    todo = []
    for p in [*registers, *docs]:
        key = hasher._name(p)[1]
        if cache.get(key) != hasher.fingerprint([p], extra=context):
            todo.append(p)
    if not todo:
        return set()
    try:
        from .validate import validate_files
    except ImportError:
        validate_files = None
        report.notes.append("validation: pipeline.validate not available; checking well-formedness only")
    problems: list[Problem] = []
    try:
        if validate_files is not None and len(todo) >= PARALLEL_VALIDATION and (jobs or os.cpu_count() or 1) > 1:
            own = pool is None
            pool = pool or _Pool(jobs or os.cpu_count() or 1, project.xslt)
            try:
                problems = _validate_parallel(project, todo, pool)
            finally:
                if own:
                    pool.close()
        elif validate_files is not None:
            problems = list(validate_files(project, todo))
        else:
            from .xmlio import parse

            for p in todo:
                try:
                    parse(p)
                except PipelineError as e:
                    problems.extend(e.problems)
    except PipelineError as e:
        problems = list(e.problems)
    report.problems.extend(problems)
    by_path = {p.resolve(): p for p in todo}
    by_name = {p.name: p for p in todo}
    bad: set[Path] = set()
    flagged: set[Path] = set()
    for pr in problems:
        target = by_path.get(Path(str(pr.path)).resolve()) or by_name.get(Path(str(pr.path)).name)
        if target is None:
            if getattr(pr, "severity", "error") == "error":
                report.failed.append(f"validate: {pr.path}")
            continue
        flagged.add(target)
        if getattr(pr, "severity", "error") == "error":
            bad.add(target)
    for p in todo:
        key = hasher._name(p)[1]
        if p in flagged:
            cache.pop(key, None)  # re-validate (and re-report warnings) next time
        else:
            cache[key] = hasher.fingerprint([p], extra=context)
    return bad


def _write_manifest(path: Path, docs: list[Path], registers: dict[str, Path],
                    cards: dict[str, Path] | None = None) -> None:
    lines = ["<corpus>"]
    for d in docs:
        card = (cards or {}).get(d.stem)
        extra = f" card={quoteattr(card.resolve().as_uri())}" if card is not None else ""
        lines.append(f"  <document stem={quoteattr(d.stem)} href={quoteattr(d.resolve().as_uri())}{extra}/>")
    for kind, r in registers.items():
        lines.append(f"  <register kind={quoteattr(kind)} href={quoteattr(r.resolve().as_uri())}/>")
    lines.append("</corpus>")
    write_atomic(path, ('<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(lines) + "\n").encode("utf-8"))


def _remove_outputs(out: Path, entry: dict) -> None:
    for f in entry.get("files", []):
        (out / f).unlink(missing_ok=True)


def _up_to_date(out: Path, entry: dict | None, fp: str) -> bool:
    return bool(entry) and entry.get("fp") == fp and bool(entry.get("files")) and all(
        (out / f).exists() for f in entry["files"])


def _copy_assets(project: Project, out: Path, hasher: Hasher) -> tuple[str, list[str]] | None:
    src = project.xslt / "assets"
    if not src.is_dir():
        return None
    files = sorted(p for p in src.rglob("*") if p.is_file() and not p.name.startswith("."))
    return hasher.fingerprint(files, extra="assets"), [
        _rel(out / "html" / "assets" / p.relative_to(src), out) for p in files]


def build(project: Project, formats=frozenset(FORMATS), out: Path | None = None, jobs: int | None = None,
          force: bool = False, progress: bool = True, keep_last_good: bool = False) -> BuildReport:
    """Build what is out of date.

    keep_last_good: the outputs of a document that is now invalid stay as they
    were (pipeline serve: the reader keeps the last good page while the editor
    fixes the file); a normal build removes them, so nothing stale is published.
    """
    formats = set(formats)
    unknown = formats - set(FORMATS)
    if unknown:
        raise PipelineError(Problem(project.root, 0, 0, f"unknown format(s): {', '.join(sorted(unknown))}"))
    target = Path(out or project.build).resolve()
    # the workers read the project and write only the output folder
    pool = _Pool(jobs or os.cpu_count() or 1, project.xslt, read=(project.root,), write=(target,))
    try:
        return _build(project, formats, out, jobs, force, progress, pool, keep_last_good)
    finally:
        pool.close()


def _build(project: Project, formats: set[str], out: Path | None, jobs: int | None, force: bool,
           progress: bool, pool: _Pool, keep_last_good: bool = False) -> BuildReport:
    t0 = time.perf_counter()
    report = BuildReport()
    out = Path(out or project.build).resolve()
    if out.exists() and not out.is_dir():
        raise PipelineError(Problem(out, 0, 0, "is a file, not a folder: the output folder cannot be made there"))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PipelineError(os_problem(e, out, "cannot create the output folder")) from None
    if not os.access(out, os.W_OK):
        raise PipelineError(Problem(out, 0, 0, "the output folder is not writable"))
    # temp files and staging folders of a run that was killed (this run holds the project lock)
    for leftover in remove_leftovers(out, recursive=True):
        report.notes.append(f"note: removed {_rel(leftover, out)}, left by an interrupted run")
    state_path = out / ".state.json"
    state = load_state(state_path)
    old_outputs: dict = state["outputs"]
    hasher = Hasher(project.root)
    hasher.remember(state.get("hashes", {}))

    def lap(phase: str, _t=[t0]) -> None:
        now = time.perf_counter()
        report.timings[phase] = report.timings.get(phase, 0.0) + now - _t[0]
        _t[0] = now

    # (a) convert sources that have no TEI yet, and refresh stale TEI no editor has touched
    if project.seeds.is_dir():
        from .convert import convert_all

        try:
            for o in convert_all(project, None, quiet_edited=True):
                report.problems.extend(o.warnings)
                if o.status == "failed":
                    report.failed.append(f"convert: {Path(o.source).name}")
        except PipelineError as e:
            report.problems.extend(e.problems)
            report.failed.append("convert")

    lap("convert")
    # (b) validate
    docs = project.document_paths()
    registers = {k: p for k, p in project.register_paths().items() if p.exists()}
    invalid = _validate(project, docs, list(registers.values()), state, hasher, report, jobs, pool)
    # two documents with one id (two captures of one record) get no output: checked every
    # build, since the clash is between files, not within one the cache knows valid
    from .validate import document_id_problems

    clashes = document_id_problems(project, docs)
    report.problems.extend(clashes)
    clashing = {Path(str(c.path)).resolve() for c in clashes}
    invalid |= {d for d in docs if d.resolve() in clashing}
    valid_docs = [d for d in docs if d not in invalid]
    for d in docs:
        if d in invalid:
            report.failed.append(f"{_rel(d, project.root)}: invalid")
    bad_registers = [r for r in registers.values() if r in invalid]

    lap("validate")
    # outputs of documents that are now invalid or gone are removed, not left stale
    live = {d.stem for d in (docs if keep_last_good else valid_docs)}
    invalid_kept = live - {d.stem for d in valid_docs}
    kept = {k: e for k, e in old_outputs.items() if e.get("doc") in invalid_kept}
    for key, entry in list(old_outputs.items()):
        if entry.get("doc") and entry["doc"] not in live:
            _remove_outputs(out, entry)
            del old_outputs[key]

    # (c) plan
    sh = sheets_dir = project.xslt
    tasks: list[Task] = []
    skipped_missing: set[str] = set()
    want = set(formats)
    if "pdf" in want:
        want.add("fo")

    def sheet_ok(name: str) -> bool:
        if (sheets_dir / f"{name}.xsl").is_file():
            return True
        if name not in skipped_missing:
            skipped_missing.add(name)
            report.notes.append(f"note: xslt/{name}.xsl not found yet; its outputs are skipped")
        return False

    html_params = edition_params(project)
    for fmt in ("html", "fo", "txt"):
        if fmt not in want:
            continue
        sheet, sub, ext = DOC_OUTPUTS[fmt]
        if not sheet_ok(sheet):
            continue
        closure = hasher.closure(sh / f"{sheet}.xsl")
        for d in valid_docs:
            key = f"{sub}/{d.stem}{ext}"
            # an HTML page comes with the document's card for the corpus pages and its JSON-LD
            sides = {"card-href": out / CARDS / f"{d.stem}.xml",
                     "jsonld-href": out / "html" / f"{d.stem}.jsonld"} if fmt == "html" else {}
            params = html_params if fmt == "html" else {}
            fp = doc_fingerprint(hasher, fmt, d, closure, sides, params)
            tasks.append(Task(key, "txt" if fmt == "txt" else "xslt", sheet, d, out / key, out, fp, doc=d.stem,
                              params=params, sides=sides, registers=tuple(registers.values())))
    if "dts" in want:
        # the static DTS API, document by document (its collections come after, from summaries)
        dts_code = Path(__file__).with_name("dts.py")
        for d in valid_docs:
            key = f"dts/{d.stem}"
            tasks.append(Task(key, "dts", "", d, out / "dts", out, hasher.fingerprint([d, dts_code], extra=key),
                              doc=d.stem))

    new_outputs: dict = {}

    def schedule(planned: list[Task]) -> list[Task]:
        """Record the planned tasks; return those whose outputs are not up to date."""
        tasks.extend(planned)
        todo = []
        for t in planned:
            entry = old_outputs.get(t.key)
            if not force and _up_to_date(out, entry, t.fp):
                report.skipped.append(t.key)
                new_outputs[t.key] = entry
            else:
                todo.append(t)
        return todo

    planned, tasks = tasks, []
    doc_tasks = schedule(planned)

    # static assets for the HTML edition
    if "html" in want:
        assets = _copy_assets(project, out, hasher)
        if assets:
            fp, files = assets
            entry = old_outputs.get("html/assets")
            if not force and _up_to_date(out, entry, fp):
                report.skipped.append("html/assets")
                new_outputs["html/assets"] = entry
            else:
                src = project.xslt / "assets"
                for rel in files:
                    target = out / rel
                    write_atomic(target, (src / Path(rel).relative_to("html/assets")).read_bytes())
                report.built.append("html/assets")
                new_outputs["html/assets"] = {"fp": fp, "files": files}

    lap("plan")
    # (d) render: the documents' outputs in batches, then the corpus outputs, which read the cards
    # the cards just written, read in the workers, go into the corpus store as they come
    from .corpus import CorpusStore

    try:
        store = CorpusStore(out / ".work" / "corpus.sqlite") if "html" in want else None
    except sqlite3.Error as e:  # a full or read-only disk: a message naming the file, not a traceback
        raise PipelineError(Problem(out / ".work" / "corpus.sqlite", 0, 0, f"cannot write the corpus store: {e}")) from None
    with _progress(progress, len(doc_tasks), "render") as advance:
        _render(doc_tasks, pool, report, new_outputs, advance, old_outputs=old_outputs,
                on_record=store.put if store else None)

    lap("render")
    manifest = out / ".work" / "corpus.xml"
    cards: dict[str, Path] = {}
    for d in valid_docs:
        card = CARDS / f"{d.stem}.xml"
        if card.as_posix() in (new_outputs.get(f"html/{d.stem}.html") or {}).get("files", ()):
            cards[d.stem] = out / card
    for key, entry in kept.items():  # an invalid document keeps its last good outputs (keep_last_good)
        new_outputs.setdefault(key, entry)
        if key.startswith("html/") and (out / CARDS / f"{entry['doc']}.xml").exists():
            cards[entry["doc"]] = out / CARDS / f"{entry['doc']}.xml"
    corpus_docs = [d for d in docs if d.stem in cards or d in valid_docs]
    # the edition's FO reads the documents through the manifest; it is rendered before the HTML corpus
    # pages, whose shells are the build's last transforms (the pool is closed after them)
    corpus_deps = [*valid_docs, *registers.values()]
    planned = []
    for key, (fmt, sheet, principal, takes_dir) in CORPUS_OUTPUTS.items():
        if fmt not in want or not sheet_ok(sheet):
            continue
        if bad_registers:
            report.failed.append(f"{key}: register(s) invalid")
            continue
        params = {"out-dir": (out / fmt).as_uri() + "/"} if takes_dir else {}
        if fmt == "html":
            params.update(html_params)
        fp = hasher.fingerprint([*corpus_deps, *hasher.closure(sh / f"{sheet}.xsl")], params, extra=key)
        planned.append(Task(key, "xslt", sheet, manifest, out / principal, out, fp,
                            out_dir_param="out-dir" if takes_dir else None))
    corpus_tasks = schedule(planned)
    if corpus_tasks or not manifest.exists():
        _write_manifest(manifest, valid_docs, registers, cards)
    if corpus_tasks:
        with _progress(progress, len(corpus_tasks), "corpus") as advance:
            _render(corpus_tasks, pool, report, new_outputs, advance, batch=1, old_outputs=old_outputs)
    if "html" in want:
        if bad_registers:
            report.failed.extend(f"{k}: register(s) invalid" for k in HTML_CORPUS)
        else:
            _html_corpus(project, out, corpus_docs, registers, cards, store, hasher, old_outputs, new_outputs,
                         force, report, pool, progress, schedule)
    if store is not None:
        store.close()

    lap("corpus")
    if "search" in want and not bad_registers:
        _search_index(out, search_inputs(out, valid_docs), old_outputs, new_outputs, force, report)

    lap("search")
    if "dts" in want:
        _dts_collections(out, valid_docs, hasher, old_outputs, new_outputs, force, report)

    lap("dts")
    # (e) PDF from every FO that is in place
    if "pdf" in formats:
        _pdf(project, out, tasks, new_outputs, old_outputs, force, jobs, progress, hasher, report)

    lap("pdf")
    # (f) state: entries for formats not built this time are kept as they were
    planned = {t.key for t in tasks} | {k for k in new_outputs}
    for key, entry in old_outputs.items():
        if key not in planned and key not in new_outputs and not _belongs(key, want, formats):
            new_outputs[key] = entry
    state["outputs"] = new_outputs
    state["last_run"] = {"built": sorted(report.built), "skipped": sorted(report.skipped),
                         "failed": sorted(report.failed), "formats": sorted(formats)}
    state["hashes"] = hasher.known()
    save_state(state_path, state)
    lap("state")

    # one problem once, even if every worker met the same broken stylesheet
    seen, unique = set(), []
    for p in report.problems:
        if str(p) not in seen:
            seen.add(str(p))
            unique.append(p)
    report.problems = unique
    report.built.sort(), report.skipped.sort(), report.failed.sort()
    report.seconds = time.perf_counter() - t0
    return report


def _render(todo: list[Task], pool: _Pool, report: BuildReport, new_outputs: dict, advance,
            batch: int = RENDER_BATCH, old_outputs: dict | None = None, on_record=None) -> None:
    """Run tasks in the pool, in batches; record what was built and what failed.

    A few tasks with no pool running yet (an editor's save) run in this process:
    starting the workers would cost more than the work.
    """
    if not todo:
        return
    # a document's outputs go to one worker together (its file is in the page cache)
    todo = sorted(todo, key=lambda t: (t.doc or "", t.key)) if batch > 1 else todo
    by_key = {t.key: t for t in todo}
    if len(todo) <= LOCAL_TASKS and not pool.started:
        _local_stylesheets(pool.xslt_dir)
        results = [_confined_thread(pool).submit(_run_batch, todo).result()]
    else:
        size = max(1, min(batch, -(-len(todo) // (pool.workers * 4))))
        # no list of the futures: a finished batch's results (its cards' records) are freed once used,
        # so the parent does not hold every record of a large edition at once
        results = (fut.result() for fut in as_completed(
            {pool.get().submit(_run_batch, b) for b in _batches(todo, size)}))
    for batch_result in results:
        for key, files, problems, record in batch_result:
            t = by_key[key]
            if problems:
                report.failed.append(key)
                report.problems.extend(problems)
            else:
                report.built.append(key)
                _remove_stale(t.root, (old_outputs or {}).get(key), files)
                new_outputs[key] = {"fp": t.fp, "files": files, **({"doc": t.doc} if t.doc else {})}
                if record is not None and on_record is not None:
                    on_record(t.doc, record)
            advance(key)


_local_version: tuple = ()
# one thread per set of allowed folders, confined like the pool's workers (Landlock binds the
# thread that asks, so this process itself stays free to run FOP, conversion and the rest)
_confined_threads: dict[tuple, ThreadPoolExecutor] = {}


def _confine_thread(xslt_dir: str, read: tuple[str, ...], write: tuple[str, ...]) -> None:
    from . import sandbox, transform

    transform._warm_up()
    sandbox.confine([Path(xslt_dir), *map(Path, read), *sandbox.system_read_dirs()], [Path(w) for w in write])


def _confined_thread(pool: "_Pool") -> ThreadPoolExecutor:
    _, read, write = pool.confine
    key = (str(pool.xslt_dir), read, write)
    ex = _confined_threads.get(key)
    if ex is None:
        ex = _confined_threads[key] = ThreadPoolExecutor(1, thread_name_prefix="saxon-confined",
                                                         initializer=_confine_thread, initargs=key)
    return ex


def _local_stylesheets(xslt_dir: Path) -> None:
    """This process's compiled stylesheets, compiled again when any file of xslt/ changed.

    A pool's workers live for one build; this process may run many (pipeline serve).
    """
    global _local_version
    from . import transform

    version = (str(xslt_dir), *sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                                      for p in Path(xslt_dir).glob("*.xsl")))
    if transform.SHEETS is None or version != _local_version:
        init_worker(str(xslt_dir))
        _local_version = version


def _html_corpus(project: Project, out: Path, docs: list[Path], registers: dict[str, Path], cards: dict[str, Path],
                 store, hasher: Hasher, old_outputs: dict, new_outputs: dict, force: bool,
                 report: BuildReport, pool: _Pool, progress: bool, schedule) -> None:
    """Index and register pages: store the new fragments, render the shells that changed, assemble.

    See pipeline/corpus.py. Only the pages whose rows or shell changed are assembled again.
    """
    from .corpus import remove_pages
    from .edition import TITLE

    work, html = out / ".work", out / "html"
    # the store is the build's: the records of the cards written in this build came in during the render
    touched, index_changed = store.sync(cards)
    summary = work / "summary.xml"
    write_atomic(summary, store.summary(registers, {d.stem: (d, cards.get(d.stem)) for d in docs}))
    shells = out / SHELLS
    shells.mkdir(parents=True, exist_ok=True)
    planned = []
    for key, sheet, principal, params, out_dir in (
            (REGISTER_SHELLS, "html_registers", html / "registers.html",
             {"out-dir": html.as_uri() + "/", "shell-dir": shells.as_uri() + "/"}, "out-dir"),
            (INDEX_SHELL, "html_index", shells / "index.html", {}, None),
            (SEARCH_PAGE, "html_search", html / "search.html", {}, None)):
        if not (project.xslt / f"{sheet}.xsl").is_file():
            continue
        closure = hasher.closure(project.xslt / f"{sheet}.xsl")
        fp = hasher.fingerprint([summary, *registers.values(), *closure],
                                {k: v for k, v in params.items() if k != "shell-dir"}, extra=key)
        planned.append(Task(key, "xslt", sheet, summary, principal, out, fp, params=params,
                            out_dir_param=out_dir))
    todo = schedule(planned)
    if todo:
        with _progress(progress, len(todo), "corpus") as advance:
            _render(todo, pool, report, new_outputs, advance, batch=1, old_outputs=old_outputs)
    rebuilt = {t.key for t in todo} & set(report.built)
    # the shells were the build's last transforms: the workers' memory is given back before the pages
    # are assembled here (the parent's part of the build that grows with the edition)
    pool.close()

    # index.html and index.json
    key = "html/index.html"
    shell = shells / "index.html"
    entry = old_outputs.get(key)
    fp = (new_outputs.get(INDEX_SHELL) or {}).get("fp", "")
    if shell.exists() and (force or INDEX_SHELL in rebuilt or index_changed
                           or not _up_to_date(out, entry, fp)):
        files = store.write_index(shell, html / "index.html", html / "index.json", TITLE)
        report.built.append(key)
        new_outputs[key] = {"fp": fp, "files": [_rel(f, out) for f in files]}
    elif shell.exists():
        report.skipped.append(key)
        new_outputs[key] = entry

    # the entries' pages
    key = "html/entries"
    entry = old_outputs.get(key) or {}
    fp = (new_outputs.get(REGISTER_SHELLS) or {}).get("fp", "")
    everything = force or REGISTER_SHELLS in rebuilt or entry.get("fp") != fp
    if everything or touched:
        pages = store.write_entries(shells, html, None if everything else touched)
        files = [f"html/{h}" for h in pages]
        remove_pages(out, entry.get("files", []), files)
        if files:
            report.built.append(key)
            new_outputs[key] = {"fp": fp, "files": files}
    elif entry:
        report.skipped.append(key)
        new_outputs[key] = entry


def _reuse(out: Path, key: str, fp: str, old_outputs: dict, new_outputs: dict, force: bool,
           report: BuildReport) -> bool:
    """Keep an up-to-date output as it is (and say so); False when it must be made."""
    entry = old_outputs.get(key)
    if force or not _up_to_date(out, entry, fp):
        return False
    report.skipped.append(key)
    new_outputs[key] = entry
    return True


def search_inputs(out: Path, docs: list[Path]) -> tuple[dict[str, Path], dict[str, Path], list[str]]:
    """What the search indexes: the documents' pages and cards on disk, the entries' first pages."""
    from .corpus import first_pages

    html = out / "html"
    pages = {d.stem: html / f"{d.stem}.html" for d in docs if (html / f"{d.stem}.html").exists()}
    cards = {s: out / CARDS / f"{s}.xml" for s in pages if (out / CARDS / f"{s}.xml").exists()}
    return pages, cards, first_pages(out / SHELLS)


def _search_index(out: Path, inputs: tuple, old_outputs: dict, new_outputs: dict, force: bool,
                  report: BuildReport) -> None:
    """The Pagefind index of the pages (pipeline/search.py), made again only when a page or card changed."""
    from .search import fingerprint, write_index

    html = out / "html"
    pages, cards, entries = inputs
    if not pages and not entries:
        return  # no page to index (the HTML stylesheets are missing)
    fp = fingerprint([*pages.values(), *(html / e for e in entries)], list(cards.values()))
    if _reuse(out, SEARCH_KEY, fp, old_outputs, new_outputs, force, report):
        return
    try:
        figures = write_index(html, pages, cards, entries)
    except PipelineError as e:
        report.problems.extend(e.problems)
        report.failed.append(SEARCH_KEY)
        return
    report.built.append(SEARCH_KEY)
    report.notes.append(f"search: {sum(figures['records'].values())} records "
                        f"({', '.join(f'{k} {v}' for k, v in sorted(figures['records'].items()))}), "
                        f"index {figures['bytes'] / 1e6:.1f} MB")
    new_outputs[SEARCH_KEY] = {"fp": fp, "files": figures["files"], "bytes": figures["bytes"],
                               "records": figures["records"]}


def _dts_collections(out: Path, docs: list[Path], hasher: "Hasher", old_outputs: dict, new_outputs: dict,
                     force: bool, report: BuildReport) -> None:
    """The DTS entry point and collections, from the per-document summaries."""
    from .dts import write_dts_collections

    summaries = [out / DTS_SUMMARIES / f"{d.stem}.json" for d in docs]
    summaries = [p for p in summaries if p.exists()]
    key = "dts/collections"
    fp = hasher.fingerprint([*summaries, Path(__file__).with_name("dts.py")], extra=key)
    if _reuse(out, key, fp, old_outputs, new_outputs, force, report):
        return
    entry = old_outputs.get(key)
    try:
        files = [_rel(f, out) for f in write_dts_collections(summaries, out / "dts")]
    except PipelineError as e:
        report.problems.extend(e.problems)
        report.failed.append(key)
        return
    _remove_stale(out, entry, files)
    report.built.append(key)
    new_outputs[key] = {"fp": fp, "files": files}


def _remove_stale(out: Path, old_entry: dict | None, files: list[str]) -> None:
    """Files an output wrote last time but not this time (a removed passage's DTS endpoint)."""
    for f in set((old_entry or {}).get("files", ())) - set(files):
        (out / f).unlink(missing_ok=True)


def _belongs(key: str, want: set[str], formats: set[str]) -> bool:
    """Was this state key's format part of this build (so a missing plan means it is obsolete)?"""
    sub = "search" if key == SEARCH_KEY else key.split("/", 1)[0]
    return (sub in want and sub != "pdf") or (sub == "pdf" and "pdf" in formats)


def _pdf(project: Project, out: Path, tasks: list[Task], new_outputs: dict, old_outputs: dict,
         force: bool, jobs: int | None, progress: bool, hasher: Hasher, report: BuildReport) -> None:
    fos = [t for t in tasks if t.key.startswith("fo/") and t.key in new_outputs]
    if not fos:
        return
    if shutil.which("fop") is None:
        report.notes.append("note: fop is not on PATH; the .fo files are kept in fo/ and no PDF is made")
        return
    xconf = project.xslt / "fop.xconf"
    xconf = xconf if xconf.is_file() else None
    todo = []
    for t in fos:
        key = "pdf/" + Path(t.key).with_suffix(".pdf").name
        fp = hasher.fingerprint([xconf] if xconf else [], {"fo": t.fp}, extra=key)
        entry = old_outputs.get(key)
        if not force and _up_to_date(out, entry, fp):
            report.skipped.append(key)
            new_outputs[key] = entry
        else:
            todo.append((key, fp, t))
    if not todo:
        return
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    with _progress(progress, len(todo), "pdf") as advance, ThreadPoolExecutor(workers) as pool:
        futs = {pool.submit(_run_fop, out / t.key, out / key, xconf): (key, fp, t) for key, fp, t in todo}
        for fut in as_completed(futs):
            key, fp, t = futs[fut]
            problems = fut.result()
            if problems:
                report.failed.append(key)
                report.problems.extend(problems)
            else:
                report.built.append(key)
                new_outputs[key] = {"fp": fp, "files": [key], **({"doc": t.doc} if t.doc else {})}
            advance(key)


class _progress:
    """A rich progress bar on a terminal; nothing otherwise."""

    def __init__(self, enabled: bool, total: int, label: str):
        self.enabled = enabled and sys.stderr.isatty()
        self.total, self.label = total, label
        self._bar = None

    def __enter__(self):
        if not self.enabled:
            return lambda name=None: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self._bar.__enter__()
        task = self._bar.add_task(self.label, total=self.total)

        def advance(name: str | None = None) -> None:
            # the description names the output just finished, so a long build shows where it is
            self._bar.update(task, advance=1, description=f"{self.label}: {name}" if name else self.label)
        return advance

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)
        return False
