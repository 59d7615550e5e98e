"""Validation of TEI files: well-formed -> XSD (xmlschema) -> Schematron (SVRL).

The schemas are schema/tei-edition.xsd (a strict subset of TEI P5) and
schema/tei-edition.sch (pointers resolve, dates exist, documents have a full
header).  Both are compiled once per process and recompiled when their file
changes.  Every finding is a Problem at file:line:col; Schematron rules with
role="warning" give warnings, everything else errors.
"""

from __future__ import annotations

import re
from pathlib import Path

import xmlschema
from lxml import etree, isoschematron

from .errors import PipelineError, Problem
from .project import Project
from .xmlio import parse, parse_bytes

XSD_NAME = "tei-edition.xsd"
SCHEMATRON_NAME = "tei-edition.sch"
SVRL_NS = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
POINTER_ATTRIBUTES = ("ref", "corresp", "who", "target")

# Schematron's document() may read the edition's own files, never the network.
ACCESS = etree.XSLTAccessControl(read_file=True, write_file=False, create_dir=False,
                                 read_network=False, write_network=False)

# (kind, path) -> (mtime_ns, compiled); a process compiles each schema once.
_compiled: dict[tuple[str, Path], tuple[int, object]] = {}


def _cached(kind: str, path: Path, compile_):
    path = path.resolve()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as e:
        raise PipelineError(Problem(path, 0, 0, f"cannot read schema: {e.strerror}")) from e
    hit = _compiled.get((kind, path))
    if hit and hit[0] == mtime:
        return hit[1]
    compiled = compile_(path)
    _compiled[(kind, path)] = (mtime, compiled)
    return compiled


def _compile_xsd(path: Path) -> xmlschema.XMLSchema:
    try:
        # local: imports from disk (xml.xsd) only, never from the network.
        return xmlschema.XMLSchema(str(path), allow="local", defuse="always")
    except (xmlschema.XMLSchemaException, etree.LxmlError, OSError) as e:
        line = getattr(e, "sourceline", None) or 1
        raise PipelineError(Problem(path, line, 1, f"XSD does not compile: {e}")) from e


def _compile_schematron(path: Path) -> etree.XSLT:
    # isoschematron compiles to XSLT; the XSLT is rebuilt here because only XSLT()
    # itself takes an access control, which keeps document() off the network.
    try:
        schematron = isoschematron.Schematron(parse(path), store_xslt=True)
        return etree.XSLT(schematron.validator_xslt, access_control=ACCESS)
    except (etree.LxmlError, etree.SchematronParseError) as e:
        raise PipelineError(Problem(path, 1, 1, f"Schematron does not compile: {e}")) from e


def xsd(project: Project) -> xmlschema.XMLSchema:
    return _cached("xsd", project.schema / XSD_NAME, _compile_xsd)


def schematron(project: Project) -> etree.XSLT:
    return _cached("sch", project.schema / SCHEMATRON_NAME, _compile_schematron)


def validate_files(project: Project, paths) -> list[Problem]:
    """Problems of every file in `paths`; a file that does not parse does not stop the others."""
    problems: list[Problem] = []
    for path in paths:
        path = Path(path)
        try:
            tree = parse(path)
        except PipelineError as e:
            problems.extend(e.problems)
            continue
        problems.extend(validate_tree(project, tree, path))
    return problems


def validate_tree(project: Project, tree, path) -> list[Problem]:
    """Problems of an in-memory tree that is, or will be written to, `path`.

    `path` matters: pointers such as "persons.xml#pers-x" are resolved next to it.
    """
    path = Path(path)
    if isinstance(tree, etree._Element):
        tree = tree.getroottree()
    problems = _xsd_problems(xsd(project), tree, path)
    unusable = _pointer_target_problems(tree, path)
    if unusable:
        # document() aborts the whole transform on a missing file, and parses with
        # libxslt's own parser, which expands entities: such targets never reach it.
        return sorted(problems + unusable, key=lambda p: p.line)
    problems += _schematron_problems(schematron(project), _with_base(tree, path), path)
    return sorted(problems, key=lambda p: p.line)


def _xsd_problems(schema: xmlschema.XMLSchema, tree: etree._ElementTree, path: Path) -> list[Problem]:
    problems = []
    for error in schema.iter_errors(tree):
        line = getattr(error, "sourceline", None) or _line_of(tree, error.path) or 1
        where = f" (at {error.path})" if error.path else ""
        problems.append(Problem(path, line, 1, f"XSD: {error.reason or error.message}{where}"))
    return problems


def _line_of(tree: etree._ElementTree, xpath: str | None) -> int | None:
    # xmlschema paths use the schema's prefixes ("/tei:TEI/tei:text"); try them as XPath.
    if not xpath:
        return None
    try:
        found = tree.xpath(xpath, namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    except etree.XPathError:
        return None
    return found[0].sourceline if found and isinstance(found[0], etree._Element) else None


def _pointer_files(tree: etree._ElementTree, path: Path) -> dict[Path, list[tuple[etree._Element, str]]]:
    """Local files that relative "file.xml#id" pointers name, with the pointing elements and tokens."""
    files: dict[Path, list[tuple[etree._Element, str]]] = {}
    for el in tree.iter(etree.Element):
        for name in POINTER_ATTRIBUTES:
            for token in (el.get(name) or "").split():
                target, hash_, _ = token.partition("#")
                if hash_ and target and ":" not in target and not target.startswith("/"):
                    files.setdefault((path.parent / target).resolve(), []).append((el, f'@{name}="{token}"'))
    return files


def _pointer_target_problems(tree: etree._ElementTree, path: Path) -> list[Problem]:
    """Pointed-to files that are missing or unsafe; Schematron's document() must not meet them."""
    problems = []
    for target, pointers in _pointer_files(tree, path).items():
        if not target.exists():
            problems.extend(Problem(path, el.sourceline or 1, 1, f"{pointer}: the file {target.name} does not exist")
                            for el, pointer in pointers)
            continue
        try:
            parse(target)
        except PipelineError as e:
            reason = "; ".join(p.message for p in e.problems)
            el = pointers[0][0]
            problems.append(Problem(path, el.sourceline or 1, 1,
                                    f"pointers into {target.name} are not checked: {reason}"))
    return problems


def _with_base(tree: etree._ElementTree, path: Path) -> etree._ElementTree:
    # document() resolves relative to the tree's URL; a converter's fresh tree has none.
    if tree.docinfo.URL and Path(tree.docinfo.URL).resolve() == path.resolve():
        return tree
    return parse_bytes(etree.tostring(tree), path.resolve())


def _schematron_problems(transform: etree.XSLT, tree: etree._ElementTree, path: Path) -> list[Problem]:
    try:
        report = transform(tree)
    except etree.XSLTApplyError as e:
        return [Problem(path, 1, 1, f"Schematron could not run: {e}")]
    problems = []
    for finding in report.xpath("//svrl:failed-assert | //svrl:successful-report", namespaces=SVRL_NS):
        text = " ".join("".join(finding.xpath("svrl:text//text()", namespaces=SVRL_NS)).split())
        severity = "warning" if finding.get("role") in ("warning", "warn", "info") else "error"
        line = _line_at(tree, finding.get("location"))
        problems.append(Problem(path, line, 1, text, severity=severity))
    return problems


def _line_at(tree: etree._ElementTree, location: str | None) -> int:
    """The source line of the element an SVRL location names; 1 when it names none."""
    if not location:
        return 1
    # Locations name attributes as ".../@ref"; the element that carries it has the line.
    location = re.sub(r"/@[^/\[\]]+$", "", location) or "/*"
    try:
        found = tree.xpath(location, namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    except etree.XPathError:
        return 1
    if found and isinstance(found[0], etree._Element) and found[0].sourceline:
        return found[0].sourceline
    return 1
