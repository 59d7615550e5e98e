"""ISO Schematron with the XSLT 2.0 / 3.0 query binding, run through SchXslt in Saxon.

The edition's own rules (schema/tei-edition.sch) use the XSLT 1.0 binding, which
lxml's isoschematron runs (pipeline/validate.py). Schematron written for XPath 2.0,
such as the official CMIF Schematron (schema/cmif.sch: `matches()`), needs an XSLT 2.0
processor: SchXslt 1.10.1 (vendored unchanged in pipeline/schxslt/, MIT licence, see its
README) compiles the schema to an XSLT 2.0 validator, and Saxon (saxonche) runs it.

    schema --SchXslt (XSLT 2.0, in Saxon)--> validator XSLT --Saxon--> SVRL --> Problems

Each schema is compiled once per process (keyed by path and mtime). Saxon reads
through the file: protocol only, and the documents it checks are parsed by the
safe parser (no DTD, no entities) and handed to it as text, so its own parser
never resolves anything. Schematron rules embedded in a RELAX NG schema (as the TEI
and CMIF schemas carry them; jing does not run them) are extracted by `embedded`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .errors import PipelineError, Problem
from .xmlio import parse, parse_bytes

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCHXSLT = Path(__file__).resolve().parent / "schxslt" / "pipeline-for-svrl.xsl"
ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"
# Query bindings whose XPath SchXslt's XSLT 2.0 validator evaluates.
BINDINGS = ("xslt2", "xslt3", "xpath2", "xpath3", "xpath31")
WARNING_ROLES = ("warning", "warn", "info", "information", "nonfatal")

_saxon: dict[str, object] = {}
_compiled: dict[tuple, "Validator"] = {}


def _processor():
    """One Saxon processor per process (a JVM-backed processor does not survive fork)."""
    if "proc" not in _saxon:
        from saxonche import PySaxonProcessor

        proc = PySaxonProcessor(license=False)
        proc.set_configuration_property(ALLOWED_PROTOCOLS, "file")
        _saxon["proc"] = proc
        _saxon["xslt"] = proc.new_xslt30_processor()
    return _saxon["proc"], _saxon["xslt"]


def _schxslt():
    if "compiler" not in _saxon:
        from saxonche import PySaxonApiError

        _, xslt = _processor()
        if not SCHXSLT.is_file():
            raise PipelineError(Problem(SCHXSLT, 0, 0, "SchXslt is missing from the installation"))
        try:
            _saxon["compiler"] = xslt.compile_stylesheet(stylesheet_file=str(SCHXSLT))
        except PySaxonApiError as e:
            raise PipelineError(Problem(SCHXSLT, 0, 0, f"SchXslt does not compile: {e}")) from None
    return _saxon["compiler"]


@dataclass
class Validator:
    """A compiled Schematron: `problems(tree, path)` gives its findings as positioned Problems."""

    schema: Path
    executable: object

    def svrl(self, tree: etree._ElementTree) -> etree._Element:
        from saxonche import PySaxonApiError

        proc, _ = _processor()
        try:
            node = proc.parse_xml(xml_text=etree.tostring(tree, encoding="unicode"))
            out = self.executable.transform_to_string(xdm_node=node)
        except PySaxonApiError as e:
            raise PipelineError(Problem(self.schema, 0, 0, f"Schematron could not run: {e}")) from None
        return etree.fromstring(out.encode("utf-8"))

    def problems(self, tree: etree._ElementTree, path: Path | str) -> list[Problem]:
        """Failed asserts and successful reports, in SVRL order, at the line of their context."""
        out = []
        for item in self.svrl(tree).iter(f"{{{SVRL_NS}}}failed-assert", f"{{{SVRL_NS}}}successful-report"):
            text = " ".join("".join(item.xpath("svrl:text//text()", namespaces={"svrl": SVRL_NS})).split())
            severity = "warning" if (item.get("role") or "").lower() in WARNING_ROLES else "error"
            el = element_at(tree, item.get("location"))
            line = el.sourceline if el is not None and el.sourceline else 1
            out.append(Problem(path, line, 1, f"{self.schema.name}: {text}", severity=severity))
        return out


def compile_schema(schema: Path, document: etree._ElementTree | None = None) -> Validator:
    """Compile a Schematron file (or the `document` given for it, e.g. rules extracted from RELAX NG)."""
    from saxonche import PySaxonApiError

    schema = Path(schema)
    tree = document if document is not None else parse(schema)
    root = tree.getroot()
    if root.tag != f"{{{SCH_NS}}}schema":
        raise PipelineError(Problem(schema, root.sourceline or 1, 1, "not an ISO Schematron schema"))
    binding = (root.get("queryBinding") or "xslt").lower()
    if binding not in BINDINGS:
        raise PipelineError(Problem(schema, root.sourceline or 1, 1,
                                    f"query binding {binding!r}: this runner takes {', '.join(BINDINGS)}"))
    proc, xslt = _processor()
    try:
        node = proc.parse_xml(xml_text=etree.tostring(tree, encoding="unicode"))
        validator_xslt = _schxslt().transform_to_string(xdm_node=node)
        exe = xslt.compile_stylesheet(stylesheet_text=validator_xslt)
    except PySaxonApiError as e:
        raise PipelineError(Problem(schema, 0, 0, f"Schematron does not compile: {e}")) from None
    return Validator(schema, exe)


def validator(schema: Path) -> Validator:
    """`compile_schema`, once per process per file version; RELAX NG: the rules it embeds."""
    schema = Path(schema).resolve()
    key = (schema, schema.stat().st_mtime_ns, schema.stat().st_size)
    found = _compiled.get(key)
    if found is None:
        document = embedded(schema) if schema.suffix == ".rng" else None
        found = _compiled[key] = compile_schema(schema, document)
    return found


def validate(schema: Path, tree: etree._ElementTree, path: Path | str) -> list[Problem]:
    return validator(schema).problems(tree, path)


def embedded(rng: Path) -> etree._ElementTree:
    """The Schematron rules a RELAX NG schema embeds, as one ISO Schematron (XSLT 2.0 binding).

    TEI's ODD processor writes them as sch:ns and sch:pattern children anywhere in the
    grammar; they are written for XPath 2.0.
    """
    grammar = parse(rng).getroot()
    schema = etree.Element(f"{{{SCH_NS}}}schema", nsmap={"sch": SCH_NS}, queryBinding="xslt2")
    seen = set()
    for ns in grammar.iter(f"{{{SCH_NS}}}ns"):
        if ns.get("prefix") not in seen:
            seen.add(ns.get("prefix"))
            schema.append(etree.Element(f"{{{SCH_NS}}}ns", prefix=ns.get("prefix"), uri=ns.get("uri")))
    for pattern in grammar.iter(f"{{{SCH_NS}}}pattern"):
        copy = etree.fromstring(etree.tostring(pattern))
        # A pattern's id must be unique; ODD output sometimes repeats one.
        copy.attrib.pop("id", None)
        schema.append(copy)
    return parse_bytes(etree.tostring(schema), rng)


def element_at(tree: etree._ElementTree, location: str | None):
    """The element an SVRL location names (for an attribute, its element), or None.

    SchXslt writes locations as EQName paths, /Q{ns}TEI[1]/Q{ns}teiHeader[1]/@when;
    they are rewritten to prefixed XPath 1.0 for lxml.
    """
    if not location:
        return None
    namespaces: dict[str, str] = {}

    def prefixed(m: re.Match) -> str:
        uri = m.group(1)
        prefix = namespaces.setdefault(uri, f"n{len(namespaces)}") if uri else ""
        return f"{prefix}:" if prefix else ""

    path = re.sub(r"Q\{([^}]*)\}", prefixed, location)
    path = re.sub(r"/@[^/\[\]]+(\[\d+\])?$", "", path) or "/*"
    try:
        found = tree.xpath(path, namespaces={p: u for u, p in namespaces.items()})
    except etree.XPathError:
        return None
    if found and isinstance(found[0], etree._Element):
        return found[0]
    return None
