"""Conformance with the official TEI P5: validation against the bundled `schema/tei_all.rng`.

The project schema (`validate.py`) is stricter than TEI All and says what this edition
allows; this module says whether a file is TEI at all, as the TEI's own tools would.
jing is the reference validator (TEI's tooling and Oxygen use it); when it is not
installed, libxml2's RELAX NG engine (lxml) takes its place, compiled once per process.

Every file goes through the safe parser first: a malformed file, or one with a DOCTYPE,
never reaches jing, which would resolve external entities and DTDs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from lxml import etree

from .errors import PipelineError, Problem
from .project import Project
from .xmlio import parse, parse_each

TEI_ALL_NAME = "tei_all.rng"
ENGINES = ("auto", "jing", "lxml")

# "/abs/file.xml:12:34: error: element "foo" not allowed here; expected …"
_JING_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<level>error|fatal|warning): (?P<msg>.*)$")
_EXPECTED = re.compile(r'^(?P<head>.*?; expected )(?P<list>.*?)(?P<tail>(?: \(with xmlns:.*\))?)$')
# A "expected … or …" list of 300 element names helps nobody; the first few do.
_EXPECTED_SHOWN = 12

_compiled: dict[tuple[Path, int], etree.RelaxNG] = {}


def tei_all_path(project: Project) -> Path:
    return project.schema / TEI_ALL_NAME


def _shorten(message: str) -> str:
    m = _EXPECTED.match(message)
    if not m:
        return message
    names = re.findall(r'"[^"]+"|the element end-tag|text|element|attribute', m.group("list"))
    quoted = [n for n in names if n.startswith('"')]
    if len(quoted) <= _EXPECTED_SHOWN:
        return message
    others = [n for n in names if not n.startswith('"') and n not in ("element", "attribute")]
    shown = ", ".join(others + quoted[:_EXPECTED_SHOWN])
    return f"{m.group('head')}{shown} … ({len(quoted) - _EXPECTED_SHOWN} more){m.group('tail')}"


def _with_jing(exe: str, schema: Path, files: list[tuple[Path, etree._ElementTree]]) -> list[Problem]:
    by_abs = {str(Path(p).resolve()): p for p, _ in files}
    # One JVM for all files; jing exits 1 when any file is invalid.
    proc = subprocess.run([exe, str(schema), *by_abs], capture_output=True, text=True, timeout=600)
    problems = []
    for line in proc.stdout.splitlines():
        m = _JING_LINE.match(line)
        if not m:
            continue
        path = by_abs.get(str(Path(m.group("file")).resolve()), m.group("file"))
        severity = "warning" if m.group("level") == "warning" else "error"
        problems.append(Problem(path, int(m.group("line")), int(m.group("col")),
                                f"tei_all: {_shorten(m.group('msg'))}", severity=severity))
    if proc.returncode != 0 and not problems:
        detail = " ".join((proc.stderr or proc.stdout).split()[-40:])
        raise PipelineError(Problem(schema, 0, 0, f"jing failed (exit {proc.returncode}): {detail}"))
    return problems


def compiled_tei_all(schema: Path) -> etree.RelaxNG:
    """libxml2's compilation of tei_all.rng, once per process and file version (it takes seconds)."""
    key = (schema.resolve(), schema.stat().st_mtime_ns)
    if key not in _compiled:
        try:
            _compiled[key] = etree.RelaxNG(parse(schema))
        except etree.RelaxNGParseError as e:
            raise PipelineError(Problem(schema, 1, 1, f"RELAX NG schema does not compile: {e}")) from e
    return _compiled[key]


def _with_lxml(schema: Path, files: list[tuple[Path, etree._ElementTree]]) -> list[Problem]:
    rng = compiled_tei_all(schema)
    problems = []
    for path, tree in files:
        if rng.validate(tree):
            continue
        for err in rng.error_log:
            problems.append(Problem(path, err.line or 1, (err.column or 0) + 1, f"tei_all: {err.message}"))
    return problems


def check_tei_all(project: Project, paths: list[Path], engine: str = "auto") -> list[Problem]:
    """Problems of `paths` against the bundled official TEI All schema.

    engine: "jing", "lxml", or "auto" (jing when it is on PATH, else lxml).
    """
    schema = tei_all_path(project)
    if not schema.is_file():
        raise PipelineError(Problem(schema, 0, 0, "the official TEI schema is missing from schema/ "
                                                  "(see schema/README.md)"))
    if engine not in ENGINES:
        raise PipelineError(Problem("--engine", 0, 0, f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}"))
    # parse refuses any DOCTYPE, so jing never meets a DTD (or an external entity) it would read.
    problems: list[Problem] = []
    files = list(parse_each(paths, problems))
    if files:
        exe = shutil.which("jing") if engine in ("auto", "jing") else None
        if engine == "jing" and exe is None:
            raise PipelineError(Problem("jing", 0, 0, "jing is not installed (Debian package jing)"))
        problems += _with_jing(exe, schema, files) if exe else _with_lxml(schema, files)
    return sorted(problems, key=lambda p: (str(p.path), p.line, p.col))
