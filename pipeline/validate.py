"""Validation of TEI files: well-formed -> XSD (xmlschema) -> Schematron (SVRL).

The schemas are schema/tei-edition.xsd (a strict subset of TEI P5) and
schema/tei-edition.sch (pointers resolve, dates exist, documents have a full
header).  Both are compiled once per process and recompiled when their file
changes.  Every finding is a Problem at file:line:col; Schematron rules with
role="warning" give warnings, everything else errors.

Speed (a first build validates every document; see docs/benchmark.md):

- Each file is parsed once (lxml); the XSD and Schematron run on that tree.
- The XSD is checked first by libxml2 (lxml.etree.XMLSchema, well under a
  millisecond); only a document libxml2 rejects goes through xmlschema, whose
  messages are the ones reported.  A document libxml2 rejects but xmlschema
  accepts has no XSD finding, as before; tests/test_validate.py checks that both
  engines agree on every violation the tests know.
- The Schematron asserts that look a "file.xml#id" pointer up with document()
  (re-reading and scanning the register for every pointer) are taken out of the
  compiled Schematron and checked here against the register's xml:id set, read
  once per process and file version.  The message, line and order of the
  findings are those the Schematron gives (`_file_pointer_problems`).
- So are the asserts that a name points to an entry of its kind (persName to a
  person, ...: pattern name-kinds, which reads the register twice per token with
  document()): checked here against the register's xml:ids per element name, with
  the Schematron's message, line and order (`_kind_pointer_problems`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import xmlschema
from lxml import etree, isoschematron

from .errors import PipelineError, Problem
from .project import Project
from .xmlio import XML_NS, parse, parse_bytes, parse_each

XSD_NAME = "tei-edition.xsd"
SCHEMATRON_NAME = "tei-edition.sch"
SVRL = "http://purl.oclc.org/dsdl/svrl"
SVRL_NS = {"svrl": SVRL}
SCH = "http://purl.oclc.org/dsdl/schematron"
TEI = "http://www.tei-c.org/ns/1.0"
POINTER_ATTRIBUTES = ("ref", "corresp", "who", "target")
XML_ID = f"{{{XML_NS}}}id"

# Schematron's document() may read the edition's own files, never the network.
ACCESS = etree.XSLTAccessControl(read_file=True, write_file=False, create_dir=False,
                                 read_network=False, write_network=False)

# The assert of tei-edition.sch that resolves the n-th pointer of an attribute in
# another file: it is checked in Python (same message) instead of with document().
_FILE_ASSERT = re.compile(
    r"^not\(contains\(\$t(?P<n>[123]), '#'\)\) or starts-with\(\$t(?P=n), '#'\) or contains\(\$t(?P=n), ':'\) "
    r"or starts-with\(\$t(?P=n), '/'\) or document\(substring-before\(\$t(?P=n), '#'\), /\)"
    r"//\*\[@xml:id = substring-after\(\$t(?P=n), '#'\)\]$")
_FILE_MESSAGE = re.compile(r"^@(?P<attr>[\w:-]+)=\"<value-of \$t(?P<n>[123])>\" points to no xml:id in "
                           r"<value-of substring-before\(\$t(?P=n), '#'\)>$")

# The let of tei-edition.sch that lists the tokens of @ref pointing into a register file to
# an entry of another kind (pattern name-kinds): checked in Python, same message and place.
_KIND_LET = re.compile(
    r"^str:tokenize\(normalize-space\(@ref\), ' '\)\[contains\(\., '#'\) and not\(starts-with\(\., '#'\)\) "
    r"and not\(contains\(substring-before\(\., '#'\), ':'\)\)\]"
    r"\[document\(substring-before\(\., '#'\), \$doc\)//@xml:id = substring-after\(\., '#'\)\]"
    r"\[not\(document\(substring-before\(\., '#'\), \$doc\)//tei:(?P<kind>\w+)/@xml:id = substring-after\(\., '#'\)\)\]$")
_KIND_MESSAGE = re.compile(r"^(?:[\w:]+|<value-of local-name\(\)>)/@ref \"<value-of \$bad>\" does not point to an? \w+$")

_XML_SPACE = re.compile(r"[ \t\r\n]+")

# (kind, path) -> (mtime_ns, compiled); a process compiles each schema once.
_compiled: dict[tuple[str, Path], tuple[int, object]] = {}
# path -> ((mtime_ns, size), frozenset of xml:ids | list of problems): pointed-to files, once per version.
_targets: dict[Path, tuple[tuple[int, int], object]] = {}
# path -> ((mtime_ns, size), {element name: frozenset of its xml:ids}): registers, once per version.
_kinds: dict[Path, tuple[tuple[int, int], dict[str, frozenset]]] = {}


class CompiledSchematron:
    """The Schematron as XSLT, without the file-pointer asserts, plus what they checked.

    `file_asserts` maps a pattern's position to the (attribute, token number)
    pairs whose "file.xml#id" lookups `_file_pointer_problems` does instead.
    """

    def __init__(self, transform: etree.XSLT, file_asserts: dict, slots: dict, kind_asserts: list | None = None):
        self.transform = transform
        self.file_asserts = file_asserts
        self.slots = slots
        # (pattern position, context as an XPath expression, entry element, message shape, slot)
        self.kind_asserts = kind_asserts or []


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


def _compile_fast_xsd(path: Path):
    """libxml2's compilation of the same XSD, or None if it cannot take it (then xmlschema does all)."""
    try:
        return etree.XMLSchema(parse(path))
    except (etree.LxmlError, PipelineError):
        return None


def _compile_schematron(path: Path) -> CompiledSchematron:
    # isoschematron compiles to XSLT; the XSLT is rebuilt here because only XSLT()
    # itself takes an access control, which keeps document() off the network.
    try:
        doc = parse(path)
        file_asserts, slots = _take_file_asserts(doc)
        kind_asserts = _take_kind_asserts(doc)
        schematron = isoschematron.Schematron(doc, store_xslt=True)
        return CompiledSchematron(etree.XSLT(schematron.validator_xslt, access_control=ACCESS), file_asserts, slots,
                                  kind_asserts)
    except (etree.LxmlError, etree.SchematronParseError) as e:
        raise PipelineError(Problem(path, 1, 1, f"Schematron does not compile: {e}")) from e


def _take_file_asserts(doc: etree._ElementTree) -> tuple[dict, dict]:
    """Remove the document() pointer asserts from the Schematron.

    Returns (taken, slots): taken maps a pattern's position to its attribute and
    the (token number, slot) of each assert taken out; slots maps a pattern's
    position to {(kind, test): position of that assert or report in the pattern}.
    """
    taken: dict[int, tuple[str, list[tuple[int, int]]]] = {}
    slots: dict[int, dict[tuple[str, str], int]] = {}
    for i, pattern in enumerate(doc.getroot().iter(f"{{{SCH}}}pattern")):
        here = slots[i] = {}
        checks = [c for c in pattern.iter(f"{{{SCH}}}assert", f"{{{SCH}}}report")]
        for slot, c in enumerate(checks):
            here.setdefault((etree.QName(c).localname, " ".join(c.get("test", "").split())), slot)
            rule = c.getparent()
            m = re.fullmatch(r"tei:\*\[@(\w+)\]", rule.get("context", ""))
            if c.tag != f"{{{SCH}}}assert" or not m or c.get("role"):
                continue
            t = _FILE_ASSERT.match(c.get("test", ""))
            msg = _FILE_MESSAGE.match(_message_shape(c))
            if t and msg and msg["attr"] == m.group(1) and msg["n"] == t["n"]:
                taken.setdefault(i, (m.group(1), []))[1].append((int(t["n"]), slot))
                rule.remove(c)
    return taken, slots


def _take_kind_asserts(doc: etree._ElementTree) -> list[tuple[int, str, str, str, int]]:
    """Neutralise the name-kind asserts (their let becomes the empty node-set) and return them.

    The rules and asserts stay in place, so every pattern keeps its position and every
    assert its slot: the findings made in Python sort exactly where the Schematron's were.
    """
    taken = []
    for i, pattern in enumerate(doc.getroot().iter(f"{{{SCH}}}pattern")):
        checks = [c for c in pattern.iter(f"{{{SCH}}}assert", f"{{{SCH}}}report")]
        for rule in pattern.iter(f"{{{SCH}}}rule"):
            lets = {let.get("name"): let for let in rule.iter(f"{{{SCH}}}let")}
            bad = lets.get("bad")
            m = _KIND_LET.match(" ".join((bad.get("value") if bad is not None else "").split()))
            if not m:
                continue
            for c in rule.iter(f"{{{SCH}}}assert"):
                shape = _message_shape(c)
                if " ".join(c.get("test", "").split()) == "not($bad)" and not c.get("role") and _KIND_MESSAGE.match(shape):
                    context = " | ".join(alt if alt.startswith("/") else "//" + alt
                                         for alt in (a.strip() for a in rule.get("context", "").split("|")))
                    taken.append((i, context, m.group("kind"), shape, checks.index(c)))
                    bad.set("value", "/..")  # nothing is bad: Python decides
    return taken


def _message_shape(a: etree._Element) -> str:
    """An assert's message with <sch:value-of select="X"/> written as <value-of X>."""
    parts = [a.text or ""]
    for child in a:
        if child.tag == f"{{{SCH}}}value-of":
            parts.append(f"<value-of {child.get('select')}>")
        else:
            parts.append("<?>")
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def xsd(project: Project) -> xmlschema.XMLSchema:
    return _cached("xsd", project.schema / XSD_NAME, _compile_xsd)


def fast_xsd(project: Project):
    return _cached("xsd-libxml2", project.schema / XSD_NAME, _compile_fast_xsd)


def schematron(project: Project) -> CompiledSchematron:
    return _cached("sch", project.schema / SCHEMATRON_NAME, _compile_schematron)


def validate_files(project: Project, paths) -> list[Problem]:
    """Problems of every file in `paths`; a file that does not parse does not stop the others."""
    problems: list[Problem] = []
    for path, tree in parse_each(paths, problems):
        problems.extend(validate_tree(project, tree, path))
    return problems


def _root_id(path: Path) -> tuple[str | None, int]:
    """The xml:id of a file's root element and its line, read without parsing the rest."""
    try:
        for _, el in etree.iterparse(str(path), events=("start",), resolve_entities=False, no_network=True,
                                     load_dtd=False):
            return el.get(XML_ID), el.sourceline or 1
    except (etree.LxmlError, OSError):
        pass
    return None, 1


def document_id_problems(project: Project, paths) -> list[Problem]:
    """Each of `paths` whose document id (the root's xml:id) another file of the edition also has.

    The edition is `paths` and every file of tei/: two captures of one record would
    otherwise give two pages of one name and a corpus file that cannot be parsed.
    """
    checked = {Path(p).resolve() for p in paths}
    everyone = checked | ({p.resolve() for p in project.tei.glob("*.xml")} if project.tei.is_dir() else set())
    owners: dict[str, list[Path]] = {}
    lines: dict[Path, int] = {}
    for path in sorted(everyone):
        root_id, lines[path] = _root_id(path)
        if root_id:
            owners.setdefault(root_id, []).append(path)
    problems = []
    for root_id, group in owners.items():
        if len(group) < 2:
            continue
        for path in group:
            if path in checked:
                names = ", ".join(q.name for q in group if q != path)
                problems.append(Problem(path, lines[path], 1, f'document id "{root_id}" is also the id of {names}; '
                                                              "every document of the edition needs its own xml:id"))
    return sorted(problems, key=lambda p: str(p.path))


def validate_tree(project: Project, tree, path) -> list[Problem]:
    """Problems of an in-memory tree that is, or will be written to, `path`.

    `path` matters: pointers such as "persons.xml#pers-x" are resolved next to it.
    """
    path = Path(path)
    if isinstance(tree, etree._Element):
        tree = tree.getroottree()
    fast = fast_xsd(project)
    problems = [] if fast is not None and fast.validate(tree) else _xsd_problems(xsd(project), tree, path)
    unsafe = _uri_problems(project, tree, path)
    if unsafe:
        # a pointer out of tei/ is never followed, not even to see whether its file exists
        return sorted(problems + unsafe, key=lambda p: p.line)
    targets = _pointer_files(tree, path)
    unusable = _pointer_target_problems(targets, path)
    if unusable:
        # document() aborts the whole transform on a missing file, and parses with
        # libxslt's own parser, which expands entities: such targets never reach it.
        return sorted(problems + unusable, key=lambda p: p.line)
    sch = schematron(project)
    problems += _schematron_problems(sch, _with_base(tree, path), path, targets)
    problems += _unstated_link_problems(tree, path)
    return sorted(problems, key=lambda p: p.line)


# -- what a pointer or a link may name -------------------------------------------------
#
# Pointers (names -> registers, alignment, sources) are followed by the pipeline's
# stylesheets and by any TEI tool: they may name only the edition's own files (a "#id"
# or a relative path inside tei/) or an authority's identifier (http(s) without a
# fragment and not an XML file: Wikidata, VIAF, GeoNames), which is never fetched.
# Links (rendered as <a href> in the pages) may also be any http(s) or mailto: URL;
# javascript:, data:, file: and the rest never become links.
IDENTIFIER_ATTRIBUTES = ("ref", "corresp", "who", "source", "ana", "sameAs", "prev", "next", "copyOf",
                         "synch", "resp", "hand", "decls", "wit", "edRef", "scheme")
LINK_ATTRIBUTES = ("target", "url", "facs")
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IDENTIFIER_SCHEMES = frozenset({"http", "https", "urn"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# a URL that names one of these is a document to read, not an identifier
_DOCUMENT_SUFFIX = re.compile(r"\.(?:xml|tei|rdf|xsl|xslt|xsd|dtd|ent|rng|sch|odd|html?)$", re.I)


def uri_problem(token: str, attr: str, path: Path, tei_dir: Path) -> str | None:
    """Why `token` (a value of @attr in `path`) may not stand there, or None if it may."""
    from urllib.parse import unquote, urlsplit

    if token.startswith("#"):
        return None
    link = attr in LINK_ATTRIBUTES
    m = _SCHEME.match(token)
    if m:
        scheme = m.group(1).lower()
        allowed = LINK_SCHEMES if link else IDENTIFIER_SCHEMES
        if scheme not in allowed:
            kinds = "http, https, mailto or a relative link within the edition" if link else \
                "a #id, a file of tei/, or an http(s) or urn: identifier"
            return f'@{attr}="{token}": {scheme}: is not allowed here (use {kinds})'
        if scheme in ("http", "https"):
            parts = urlsplit(token)
            if not parts.netloc:
                return f'@{attr}="{token}": a URL needs a host'
            if _DOCUMENT_SUFFIX.search(unquote(parts.path)) and not (link and parts.path.lower().endswith((".html", ".htm"))):
                return (f'@{attr}="{token}" names an XML document on the web, which the pipeline does not '
                        "fetch; copy it into tei/ or point at an identifier")
            if parts.fragment and not link:
                return (f'@{attr}="{token}" points into a document on the web, which the pipeline does not '
                        "fetch; use a #id, a file of tei/, or an identifier without a fragment")
        return None
    file_part = unquote(token.partition("#")[0])
    if token.startswith("//"):
        return f'@{attr}="{token}": a protocol-relative URL is not allowed; write http(s):// or a relative path'
    if file_part.startswith("/") or "\\" in file_part:
        return f'@{attr}="{token}": an absolute path is not allowed; point at a file of tei/ by its relative name'
    target = Path(os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(path)), file_part)))
    tei_root = Path(os.path.realpath(tei_dir))
    if target != tei_root and tei_root not in target.parents:
        return f'@{attr}="{token}" points outside the edition\'s tei/ folder'
    return None


def _uri_problems(project: Project, tree: etree._ElementTree, path: Path) -> list[Problem]:
    """Pointers and links that would make anything read outside tei/, or render as an unsafe link."""
    tei_dir = project.tei
    problems = []
    # a document repeats its pointers ("#rec" on every name, one register entry many times):
    # each distinct token is judged once (uri_problem resolves paths on disk)
    judged: dict[tuple[str, str], str | None] = {}
    for el in tree.iter(etree.Element):
        if el.get(f"{{{XML_NS}}}base") is not None:
            problems.append(Problem(path, el.sourceline or 1, 1, "xml:base is not allowed: it would make the "
                                                                 "edition's pointers resolve elsewhere"))
        for attr in (*IDENTIFIER_ATTRIBUTES, *LINK_ATTRIBUTES):
            value = el.get(attr)
            if not value:
                continue
            for token in value.split():
                try:
                    why = judged[token, attr]
                except KeyError:
                    why = judged[token, attr] = uri_problem(token, attr, path, tei_dir)
                if why:
                    problems.append(Problem(path, el.sourceline or 1, 1, why))
    for href, line in xml_model_hrefs(tree):
        m = _SCHEME.match(href)
        if m and m.group(1).lower() not in ("http", "https"):
            problems.append(Problem(path, line, 1, f"<?xml-model?> href {href!r}: {m.group(1)}: is not allowed"))
        elif not m:
            target = Path(os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(path)), href)))
            root = Path(os.path.realpath(project.root))
            if root not in target.parents:
                problems.append(Problem(path, line, 1, f"<?xml-model?> href {href!r} points outside the project"))
    return problems


# Pointer attributes the Schematron does not state rules for (it checks ref, corresp, who
# and target); an editor may use them, and a deposit must not carry a dangling one.
OTHER_POINTER_ATTRIBUTES = ("source", "ana", "sameAs", "prev", "next")
_PI_HREF = re.compile(r"""href\s*=\s*(["'])(.*?)\1""")


def xml_model_hrefs(tree: etree._ElementTree) -> list[tuple[str, int]]:
    """(href, line) of the <?xml-model?> instructions before the root element."""
    out = []
    node = tree.getroot().getprevious()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            m = _PI_HREF.search(node.text or "")
            if m:
                out.append((m.group(2), node.sourceline or 1))
        node = node.getprevious()
    return list(reversed(out))


def _unstated_link_problems(tree: etree._ElementTree, path: Path) -> list[Problem]:
    """Links outside the Schematron's rules: <?xml-model?> targets and the other pointer attributes."""
    problems = [Problem(path, line, 1, f"<?xml-model?> points at a missing file: {href}")
                for href, line in xml_model_hrefs(tree)
                if "://" not in href and not (path.parent / href).is_file()]
    local_ids = None
    for el in tree.iter(etree.Element):
        for name in OTHER_POINTER_ATTRIBUTES:
            for token in (el.get(name) or "").split():
                if "#" not in token or ":" in token.partition("#")[0] or token.startswith("/"):
                    continue
                file_part, _, frag = token.partition("#")
                if file_part:
                    ids = _target_ids(_target_path(path, file_part))
                    where = file_part
                else:
                    if local_ids is None:
                        local_ids = frozenset(tree.xpath("//@xml:id"))
                    ids, where = local_ids, "this document"
                if not isinstance(ids, frozenset) or frag not in ids:
                    problems.append(Problem(path, el.sourceline or 1, 1,
                                            f'@{name}="{token}" points to no xml:id in {where}'))
    return problems


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
        found = tree.xpath(xpath, namespaces={"tei": TEI})
    except etree.XPathError:
        return None
    return found[0].sourceline if found and isinstance(found[0], etree._Element) else None


def _pointer_files(tree: etree._ElementTree, path: Path) -> dict[Path, list[tuple[etree._Element, str]]]:
    """Local files that relative "file.xml#id" pointers name, with the pointing elements and tokens."""
    files: dict[Path, list[tuple[etree._Element, str]]] = {}
    resolved: dict[str, Path] = {}
    for el in tree.iter(etree.Element):
        for name in POINTER_ATTRIBUTES:
            value = el.get(name)
            if not value or "#" not in value:
                continue
            for token in value.split():
                target, hash_, _ = token.partition("#")
                if hash_ and target and ":" not in target and not target.startswith("/"):
                    p = resolved.get(target)
                    if p is None:
                        p = resolved[target] = _target_path(path, target)
                    files.setdefault(p, []).append((el, f'@{name}="{token}"'))
    return files


def _target_path(path: Path, file_part: str) -> Path:
    """The file a relative pointer "file.xml#id" in `path` names."""
    return Path(os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(path)), file_part)))


def _target_ids(target: Path):
    """The xml:ids of a pointed-to file (frozenset), or the problems that keep it from being read."""
    try:
        st = target.stat()
    except OSError:
        return None
    version = (st.st_mtime_ns, st.st_size)
    hit = _targets.get(target)
    if hit and hit[0] == version:
        return hit[1]
    try:
        ids = frozenset(v for v in parse(target).xpath("//@xml:id"))
        result: object = ids
    except PipelineError as e:
        result = list(e.problems)
    _targets[target] = (version, result)
    return result


def _pointer_target_problems(files: dict[Path, list[tuple[etree._Element, str]]], path: Path) -> list[Problem]:
    """Pointed-to files that are missing or unsafe; Schematron's document() must not meet them."""
    problems = []
    for target, pointers in files.items():
        ids = _target_ids(target)
        if ids is None:
            problems.extend(Problem(path, el.sourceline or 1, 1, f"{pointer}: the file {target.name} does not exist")
                            for el, pointer in pointers)
        elif not isinstance(ids, frozenset):
            reason = "; ".join(p.message for p in ids)
            el = pointers[0][0]
            problems.append(Problem(path, el.sourceline or 1, 1,
                                    f"pointers into {target.name} are not checked: {reason}"))
    return problems


def _with_base(tree: etree._ElementTree, path: Path) -> etree._ElementTree:
    # document() resolves relative to the tree's URL; a converter's fresh tree has none.
    if tree.docinfo.URL and Path(tree.docinfo.URL).resolve() == path.resolve():
        return tree
    return parse_bytes(etree.tostring(tree), path.resolve())


def _schematron_problems(sch: CompiledSchematron, tree: etree._ElementTree, path: Path,
                         targets: dict[Path, list] | None = None) -> list[Problem]:
    try:
        report = sch.transform(tree)
    except etree.XSLTApplyError as e:
        return [Problem(path, 1, 1, f"Schematron could not run: {e}")]
    # SVRL order is pattern, then document order, then assert order; the file-pointer
    # findings made here are slotted in where their asserts stood (between their rule's
    # neighbours), so that findings on one line keep the order
    # the whole Schematron gives them.
    found: list[tuple[tuple, Problem]] = []
    order: dict[etree._Element, int] | None = None
    pattern = -1
    for item in report.getroot():
        if item.tag == f"{{{SVRL}}}active-pattern":
            pattern += 1
            continue
        if item.tag not in (f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
            continue
        text = " ".join("".join(item.xpath("svrl:text//text()", namespaces=SVRL_NS)).split())
        severity = "warning" if item.get("role") in ("warning", "warn", "info") else "error"
        el = _element_at(tree, item.get("location"))
        line = el.sourceline if el is not None and el.sourceline else 1
        if sch.file_asserts or sch.kind_asserts:
            if order is None:
                order = {e: i for i, e in enumerate(tree.iter())}
            position = order.get(el, -1)
        else:
            position = 0
        kind = "assert" if item.tag == f"{{{SVRL}}}failed-assert" else "report"
        slot = sch.slots.get(pattern, {}).get((kind, " ".join(item.get("test", "").split())), 0)
        found.append(((pattern, position, slot), Problem(path, line, 1, text, severity=severity)))
    if sch.file_asserts or sch.kind_asserts:
        if order is None:
            order = {e: i for i, e in enumerate(tree.iter())}
        found += _file_pointer_problems(sch, tree, path, order)
        found += _kind_pointer_problems(sch, tree, path, order)
        found.sort(key=lambda kp: kp[0])
    return [p for _, p in found]


def _file_pointer_problems(sch: CompiledSchematron, tree: etree._ElementTree, path: Path,
                           order: dict) -> list[tuple[tuple, Problem]]:
    """The taken-out asserts: the n-th pointer "file.xml#id" of @attr names an xml:id in file.xml.

    Same tokens as the Schematron (the first three of the normalised value), same
    skips (no '#', a local '#id', a scheme, an absolute path), same message.
    """
    out = []
    base = os.path.dirname(os.path.abspath(path))
    known: dict[str, object] = {}  # file part -> its ids, once per document
    for pattern, (attr, numbers) in sch.file_asserts.items():
        for el in tree.iter(f"{{{TEI}}}*"):
            value = el.get(attr)
            if value is None or "#" not in value:
                continue
            tokens = [t for t in _XML_SPACE.split(value) if t][:3]  # normalize-space() splits on these only
            for n, slot in numbers:
                if n > len(tokens):
                    continue
                t = tokens[n - 1]
                if "#" not in t or t.startswith("#") or ":" in t or t.startswith("/"):
                    continue
                file, _, frag = t.partition("#")
                ids = known.get(file)
                if ids is None:
                    ids = known[file] = _target_ids(Path(os.path.realpath(os.path.join(base, file))))
                if isinstance(ids, frozenset) and frag in ids:
                    continue
                out.append(((pattern, order.get(el, -1), slot),
                            Problem(path, el.sourceline or 1, 1, f'@{attr}="{t}" points to no xml:id in {file}')))
    return out


def _target_kinds(target: Path) -> dict[str, frozenset]:
    """{element name: the xml:ids of those elements} of a pointed-to file, once per file version."""
    try:
        st = target.stat()
    except OSError:
        return {}
    version = (st.st_mtime_ns, st.st_size)
    hit = _kinds.get(target)
    if hit and hit[0] == version:
        return hit[1]
    kinds: dict[str, set] = {}
    try:
        for el in parse(target).iter(f"{{{TEI}}}*"):
            if el.get(XML_ID):
                kinds.setdefault(etree.QName(el).localname, set()).add(el.get(XML_ID))
    except PipelineError:
        kinds = {}
    result = {k: frozenset(v) for k, v in kinds.items()}
    _kinds[target] = (version, result)
    return result


def _kind_pointer_problems(sch: CompiledSchematron, tree: etree._ElementTree, path: Path,
                           order: dict) -> list[tuple[tuple, Problem]]:
    """The neutralised name-kind asserts: every token "file.xml#id" of @ref that names an xml:id of
    the file (a missing one is the pointer asserts' finding) must be an entry of the rule's kind.

    Same tokens as the Schematron (str:tokenize of the normalised value: every one), same skips
    (no '#', a local '#id', a scheme), same message (value-of of the bad tokens: the first).
    """
    out = []
    base = os.path.dirname(os.path.abspath(path))
    for pattern, context, kind, shape, slot in sch.kind_asserts:
        for el in tree.xpath(context, namespaces={"tei": TEI}):
            bad = []
            for token in _XML_SPACE.split(el.get("ref") or ""):
                if "#" not in token or token.startswith("#"):
                    continue
                file, _, frag = token.partition("#")
                if ":" in file:
                    continue
                target = Path(os.path.realpath(os.path.join(base, file)))
                ids = _target_ids(target)
                if not isinstance(ids, frozenset) or frag not in ids:
                    continue
                if frag not in _target_kinds(target).get(kind, frozenset()):
                    bad.append(token)
            if bad:
                message = shape.replace("<value-of $bad>", bad[0]).replace("<value-of local-name()>",
                                                                            etree.QName(el).localname)
                out.append(((pattern, order.get(el, -1), slot), Problem(path, el.sourceline or 1, 1, message)))
    return out


def _element_at(tree: etree._ElementTree, location: str | None):
    """The element an SVRL location names (its parent for an attribute), or None."""
    if not location:
        return None
    # Locations name attributes as ".../@ref"; the element that carries it has the line.
    location = re.sub(r"/@[^/\[\]]+$", "", location) or "/*"
    try:
        found = tree.xpath(location, namespaces={"tei": TEI})
    except etree.XPathError:
        return None
    if found and isinstance(found[0], etree._Element):
        return found[0]
    return None


def _line_at(tree: etree._ElementTree, location: str | None) -> int:
    """The source line of the element an SVRL location names; 1 when it names none."""
    el = _element_at(tree, location)
    return el.sourceline if el is not None and el.sourceline else 1
