"""saxonche wrapper: each stylesheet is compiled once per process and reused.

The SaxonC processor is created lazily in the process that uses it (a pool
worker's initializer calls `init_worker`), never in the parent that forks the
pool: a JVM-backed processor does not survive fork.

Every output is written atomically. Saxon writes the principal result and any
xsl:result-document outputs into a private staging directory; afterwards each
file is moved into place with os.replace, and a file whose bytes did not change
is left alone so that its mtime stays honest.

What Saxon may read: every processor is limited to the file: protocol (Saxon's
allowedProtocols), so no stylesheet, document() call or DTD reaches the network;
the documents transformed and the preloaded registers are parsed by the safe
parser (xmlio: no DOCTYPE, no entities) and handed to Saxon as trees, so Saxon's
own parser never meets them; and pool workers are confined to the project's
folders by the kernel (`sandbox.confine`), so doc('file:///etc/hostname') fails.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from lxml import etree

from .errors import PipelineError, Problem
from .xmlio import parse, write_atomic

XSL_NS = "http://www.w3.org/1999/XSL/Transform"
ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"

# " ... on line 3 column 35 of bad.xsl:\n  XPTY0004 ..." (SaxonC 12/13 message shape)
_POSITION = re.compile(r"on line (\d+) column (\d+) of ([^\s:]+)")
_LINE_ONLY = re.compile(r"on line (\d+) of ([^\s:]+)")


def stylesheet_closure(path: Path) -> list[Path]:
    """The stylesheet and everything it reaches through xsl:import / xsl:include, sorted."""
    seen: set[Path] = set()
    todo = [Path(path).resolve()]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            root = etree.parse(str(p), parser).getroot()
        except (OSError, etree.XMLSyntaxError):
            continue  # a missing or broken module is reported by the compiler
        for el in root.iter(f"{{{XSL_NS}}}import", f"{{{XSL_NS}}}include"):
            href = el.get("href")
            if href and "://" not in href:
                todo.append((p.parent / href).resolve())
    return sorted(seen)


def saxon_problem(err: Exception, default_file: Path | str, candidates: list[Path] = ()) -> Problem:
    """Turn a PySaxonApiError message into a positioned Problem."""
    text = " ".join(str(err).split())
    line = col = 0
    file: Path | str = default_file
    m = _POSITION.search(text)
    if m:
        line, col, name = int(m.group(1)), int(m.group(2)), m.group(3)
    else:
        m = _LINE_ONLY.search(text)
        if m:
            line, name = int(m.group(1)), m.group(2)
    if m:
        name = name.removeprefix("file:")
        for c in candidates:
            if Path(c).name == Path(name).name:
                file = c
                break
        else:
            file = name
    # drop the position preamble; keep the error code and its explanation
    message = re.sub(r"^Error(?: in [^:]*?)?(?: on line \d+(?: column \d+)? of [^\s:]+)?:\s*", "", text) or text
    return Problem(file, line, col, message)


class Stylesheets:
    """The stylesheets in one directory, each compiled on first use in this process."""

    def __init__(self, xslt_dir: Path):
        self.dir = Path(xslt_dir)
        self._proc = None
        self._xslt = None
        self._exe: dict[str, object] = {}
        # name -> (file versions, XDM value): documents parsed once and given to every transform
        self._preloaded: dict[str, tuple[tuple, object]] = {}

    def path(self, name: str) -> Path:
        return self.dir / (name if name.endswith(".xsl") else f"{name}.xsl")

    def available(self, name: str) -> bool:
        return self.path(name).is_file()

    @property
    def processor(self):
        if self._proc is None:
            from saxonche import PySaxonProcessor

            proc = PySaxonProcessor(license=False)
            # file: only: no http(s), ftp or jar URI is ever dereferenced by Saxon
            proc.set_configuration_property(ALLOWED_PROTOCOLS, "file")
            self._proc = proc
            self._xslt = proc.new_xslt30_processor()
        return self._proc

    def executable(self, name: str):
        exe = self._exe.get(name)
        if exe is None:
            from saxonche import PySaxonApiError

            path = self.path(name)
            if not path.is_file():
                raise PipelineError(Problem(path, 0, 0, "stylesheet not found"))
            self.processor  # noqa: B018 - create the processor on first use
            try:
                exe = self._xslt.compile_stylesheet(stylesheet_file=str(path))
            except PySaxonApiError as e:
                raise PipelineError(saxon_problem(e, path, stylesheet_closure(path))) from None
            if exe is None:  # older SaxonC returned None instead of raising
                raise PipelineError(Problem(path, 0, 0, "stylesheet does not compile"))
            self._exe[name] = exe
        return exe

    def preload(self, param: str, paths: list[Path]) -> None:
        """Parse `paths` once for this process and pass them as `param` to every transform.

        The registers are read by every document's transform; doc() would parse them
        again each time, since Saxon caches documents only within one transformation.
        """
        from saxonche import PyXdmValue

        version = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
        cached = self._preloaded.get(param)
        if cached and cached[0] == version:
            return
        value = PyXdmValue(self.processor)
        for p in paths:
            value.add_xdm_item(self.safe_tree(p))
        self._preloaded[param] = (version, value)

    def safe_tree(self, path: Path):
        """`path` parsed by the safe parser and handed to Saxon as a tree (with its own base URI)."""
        from saxonche import PySaxonApiError

        tree = parse(Path(path))  # PipelineError on a DOCTYPE, an entity or malformed XML
        text = etree.tostring(tree, encoding="unicode")
        builder = self.processor.new_document_builder()
        builder.set_base_uri(Path(path).resolve().as_uri())
        try:
            return builder.parse_xml(xml_text=text)
        except PySaxonApiError as e:
            raise PipelineError(saxon_problem(e, path, [Path(path)])) from None

    def _prepare(self, name: str, params: dict | None):
        exe = self.executable(name)
        exe.clear_parameters()
        for k, (_, value) in self._preloaded.items():
            exe.set_parameter(k, value)
        for k, v in (params or {}).items():
            exe.set_parameter(k, self.processor.make_string_value(str(v)))
        return exe

    def render_string(self, name: str, source: Path, params: dict | None = None, node=None) -> str:
        """Transform to a string (the principal result, serialised per xsl:output).

        node: `source` already parsed (`safe_tree`), so that several transforms share one parse.
        """
        from saxonche import PySaxonApiError

        exe = self._prepare(name, params)
        if node is None:
            node = self.safe_tree(source)
        try:
            result = exe.transform_to_string(xdm_node=node)
        except PySaxonApiError as e:
            raise PipelineError(saxon_problem(e, source, [Path(source), *stylesheet_closure(self.path(name))])) from None
        return result or ""

    def render(self, name: str, source: Path, out: Path, params: dict | None = None,
               out_dir_param: str | None = None, node=None) -> list[Path]:
        """Transform `source` into `out`; result-documents land next to it.

        If `out_dir_param` is given, that stylesheet parameter receives the
        file: URI of the (staging) output directory, ending in '/'.
        node: `source` already parsed (`safe_tree`).
        Returns the files written or confirmed, principal output first.
        """
        from saxonche import PySaxonApiError

        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not out_dir_param:
            # One result (side outputs, if any, go to absolute URIs the caller chose):
            # no staging directory to make, list and clean up for every document.
            data = self.render_string(name, source, params, node=node).encode("utf-8")
            write_atomic(out, data)
            return [out]
        stage = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".stage-{out.stem}-{os.getpid()}-"))
        try:
            params = dict(params or {})
            if out_dir_param:
                params[out_dir_param] = stage.resolve().as_uri() + "/"
            exe = self._prepare(name, params)
            staged_out = stage / out.name
            if node is None:
                node = self.safe_tree(source)
            try:
                exe.set_base_output_uri(staged_out.resolve().as_uri())
                exe.transform_to_file(xdm_node=node, output_file=str(staged_out))
            except PySaxonApiError as e:
                raise PipelineError(saxon_problem(e, source, [Path(source), *stylesheet_closure(self.path(name))])) from None
            written = []
            files = sorted(p for p in stage.rglob("*") if p.is_file())
            if staged_out in files:  # principal output first
                files.remove(staged_out)
                files.insert(0, staged_out)
            for f in files:
                target = out.parent / f.relative_to(stage)
                move_if_changed(f, target)
                written.append(target)
            return written
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def move_if_changed(src: Path, target: Path) -> bool:
    """os.replace src onto target unless target already has the same bytes. True if replaced."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and target.stat().st_size == src.stat().st_size and target.read_bytes() == src.read_bytes():
        src.unlink()
        return False
    os.replace(src, target)
    return True


# -- per-process state for ProcessPoolExecutor workers ----------------------

SHEETS: Stylesheets | None = None


def init_worker(xslt_dir: str, parent_pid: int | None = None, read: tuple[str, ...] = (),
                write: tuple[str, ...] = ()) -> None:
    """ProcessPoolExecutor initializer: one processor per worker, stylesheets compiled on first use.

    The worker dies with `parent_pid` (the run that made the pool) and, when `read`
    or `write` folders are given, is confined to them (`sandbox.confine`).
    """
    global SHEETS
    from . import sandbox

    if parent_pid is not None:
        sandbox.die_with(parent_pid)
    SHEETS = Stylesheets(Path(xslt_dir))
    SHEETS.processor  # noqa: B018 - start the JVM-less Saxon runtime here, not in the parent
    if read or write:
        _warm_up()
        if not os.environ.get("PIPELINE_DEBUG"):
            # Saxon's error listener prints every error, in several lines, to stderr; the same
            # errors come back to the parent as positioned problems, printed once, on one line.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.close(devnull)
        sandbox.confine([Path(xslt_dir), *map(Path, read), *sandbox.system_read_dirs()], [Path(w) for w in write])


def _warm_up() -> None:
    """Import now what tasks import lazily: after confinement only the listed folders are readable."""
    import json  # noqa: F401
    import mimetypes
    import secrets  # noqa: F401

    from . import dts, standoff, validate  # noqa: F401

    mimetypes.init()  # urllib (xmlschema's file: reads) loads /etc/mime.types on first use


def sheets(xslt_dir: Path | None = None) -> Stylesheets:
    """This process's Stylesheets (created on demand outside a pool, e.g. in tests)."""
    global SHEETS
    if SHEETS is None or (xslt_dir is not None and SHEETS.dir != Path(xslt_dir)):
        SHEETS = Stylesheets(Path(xslt_dir)) if xslt_dir else None
        if SHEETS is None:
            raise RuntimeError("init_worker was not called")
    return SHEETS
