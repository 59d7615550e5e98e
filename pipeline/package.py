"""Deposit package: a BagIt bag of the edition, made from a staging copy.

    validate (XSD + Schematron + pointers) -> staging dir (copy) -> DC, corpus, CMIF, METS
    -> bagit.make_bag(staging) in this process -> Bag(staging).validate() -> rename into place

Payload (data/):

    tei/<stem>.xml, tei/persons.xml …   every TEI document and the registers, as in tei/
    tei/edition.xml                      teiCorpus: a corpus header + every document
    schema/…                             what the documents' <?xml-model?> PIs point at
                                         (same relative layout, so ../schema/… resolves),
                                         plus the DC and METS schemas
    txt/<stem>.txt, txt/<stem>.json      plain text + standoff (from build/txt)
    metadata/dc/<stem>.xml               oai_dc record per document  (xslt/dc_document.xsl)
    metadata/cmif.xml                    letters and telegrams as CMIF (xslt/cmif_corpus.xsl)
    metadata/mets.xml                    METS over all of it         (xslt/mets_package.xsl)

bagit.make_bag moves the staging directory's contents into data/ and chdir()s
while it works, so it runs here in the main process, on a private staging copy
that nothing else reads; the finished bag is renamed into place, so a bag at the
target path is always complete. `verify` re-checks a bag: completeness, every
checksum, and TEI validity against the bag's own data/schema/.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import bagit
from lxml import etree

from . import __version__
from . import edition
from .errors import PipelineError, Problem
from .project import Project
from .validate import validate_files, xml_model_hrefs
from .xmlio import NS, TEI_NS, XML_NS, parse, serialize, write_atomic

# -- the deposit's identity comes from the edition's settings ----------------------
EDITION_TITLE = edition.TITLE
EDITION_SLUG = edition.SLUG
SOURCE_ORGANIZATION = edition.TITLE
CONTACT_NAME = edition.TITLE
CONTACT_EMAIL = edition.CONTACT_EMAIL
BASE_URL = edition.BASE_URL
EXTERNAL_DESCRIPTION = edition.DESCRIPTION
LICENCE_URL = edition.LICENCE_URL
CHECKSUMS = ("sha256", "sha512")
CORPUS_NAME = "edition.xml"
# Schemas the package's own metadata is written against; shipped so that a
# recipient can validate offline.
METADATA_SCHEMAS = ("oai_dc.xsd", "mets.xsd")

XSD_NS = "http://www.w3.org/2001/XMLSchema"

MIMETYPES = {".txt": "text/plain", ".json": "application/json", ".xsd": "application/xml",
             ".sch": "application/xml", ".rng": "application/xml"}


@dataclass
class PackageResult:
    bag: Path | None = None
    documents: int = 0
    files: int = 0
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


# -- checks before packaging ----------------------------------------------------

def preflight(project: Project) -> tuple[list[Path], list[Problem], list[Problem]]:
    """(files, errors, warnings): everything that would go into tei/, and why it must not."""

    docs = project.document_paths()
    registers = [p for p in project.register_paths().values() if p.exists()]
    files = docs + registers
    errors: list[Problem] = []
    if not docs:
        errors.append(Problem(project.tei, 0, 0, "no TEI documents to package"))
        return files, errors, []
    found = validate_files(project, files)
    errors = [p for p in found if p.severity == "error"]
    warnings = [p for p in found if p.severity != "error"]
    return files, errors, warnings


# -- payload ----------------------------------------------------------------------

def _schema_closure(start: list[Path]) -> list[Path]:
    """The schema files and every local xs:import/include/redefine they reach."""
    seen: set[Path] = set()
    todo = [p.resolve() for p in start]
    while todo:
        p = todo.pop()
        if p in seen or not p.is_file():
            continue
        seen.add(p)
        if p.suffix == ".xsd":
            try:
                root = parse(p).getroot()
            except PipelineError:
                continue
            for el in root.iter(f"{{{XSD_NS}}}import", f"{{{XSD_NS}}}include", f"{{{XSD_NS}}}redefine"):
                loc = el.get("schemaLocation")
                if loc and "://" not in loc:
                    todo.append((p.parent / loc).resolve())
    return sorted(seen)


def _dedupe_ids(docs: list[etree._Element]) -> None:
    """Make xml:ids unique across documents: an id that occurs in more than one
    document (an editor may add "#note1" to several) is prefixed with its
    document's id there, and the "#id" pointers inside that document follow."""
    xml_id = f"{{{XML_NS}}}id"
    count: dict[str, int] = {}
    for root in docs:
        for v in {el.get(xml_id) for el in root.iter() if isinstance(el.tag, str) and el.get(xml_id)}:
            count[v] = count.get(v, 0) + 1
    for n, root in enumerate(docs):
        prefix = root.get(xml_id) or f"doc{n + 1}"
        rename = {}
        for el in root.iter():
            if isinstance(el.tag, str) and count.get(el.get(xml_id) or "", 0) > 1 and el is not root:
                new = f"{prefix}-{el.get(xml_id)}"
                rename[el.get(xml_id)] = new
                el.set(xml_id, new)
        if not rename:
            continue
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                if "#" in value:
                    toks = [("#" + rename[t[1:]]) if t.startswith("#") and t[1:] in rename else t
                            for t in value.split()]
                    el.set(name, " ".join(toks))


def build_corpus(doc_paths: list[Path], date: str) -> bytes:
    """A teiCorpus: a corpus teiHeader and a copy of every document's TEI element."""
    T = lambda tag: f"{{{TEI_NS}}}{tag}"  # noqa: E731
    roots = [parse(p).getroot() for p in doc_paths]
    corpus = etree.Element(T("teiCorpus"), nsmap={None: TEI_NS})
    corpus.set(f"{{{XML_NS}}}id", "edition")
    corpus.set(f"{{{XML_NS}}}lang", "en")
    header = etree.SubElement(corpus, T("teiHeader"))
    fd = etree.SubElement(header, T("fileDesc"))
    ts = etree.SubElement(fd, T("titleStmt"))
    etree.SubElement(ts, T("title")).text = f"{EDITION_TITLE}: all documents"
    rs = etree.SubElement(ts, T("respStmt"))
    etree.SubElement(rs, T("resp")).text = "compiled by"
    etree.SubElement(rs, T("orgName")).text = EDITION_TITLE
    ps = etree.SubElement(fd, T("publicationStmt"))
    etree.SubElement(ps, T("publisher")).text = EDITION_TITLE
    d = etree.SubElement(ps, T("date"), when=date)
    d.text = date
    etree.SubElement(ps, T("idno"), type="url").text = BASE_URL
    av = etree.SubElement(ps, T("availability"))
    etree.SubElement(av, T("licence"), target=LICENCE_URL).text = (
        "The TEI encoding is available under Creative Commons Attribution 4.0.")
    sd = etree.SubElement(fd, T("sourceDesc"))
    etree.SubElement(sd, T("p")).text = (
        f"Compiled by pipeline {__version__} from the edition's {len(roots)} TEI documents: "
        + ", ".join(p.name for p in doc_paths) + ". Each document keeps its own header; the registers "
        "of persons, places and organisations are the files the pointers name (persons.xml etc.).")
    copies = []
    for r in roots:
        c = etree.fromstring(etree.tostring(r))
        copies.append(c)
    _dedupe_ids(copies)
    corpus.extend(copies)
    etree.cleanup_namespaces(corpus)
    return serialize(corpus)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _mimetype(rel: str) -> str:
    if rel.startswith("tei/"):
        return "application/tei+xml"
    if rel.startswith("metadata/"):
        return "text/xml"
    return MIMETYPES.get(Path(rel).suffix, "application/octet-stream")


def _manifest(root: Path, docs: list[tuple[str, str, str, list[str]]], others: list[str], created: str) -> bytes:
    """The file list mets_package.xsl turns into METS; hrefs are relative to metadata/."""
    M = "urn:x-pipeline:manifest"
    man = etree.Element(f"{{{M}}}manifest", nsmap={None: M}, id=EDITION_SLUG, title=EDITION_TITLE,
                        created=created, agent=SOURCE_ORGANIZATION, software=f"pipeline {__version__}")

    def add(parent, rel: str, use: str, role: str | None = None):
        p = root / rel
        el = etree.SubElement(parent, f"{{{M}}}file", use=use, href=os.path.relpath(p, root / "metadata"),
                              size=str(p.stat().st_size), sha256=_sha256(p), mimetype=_mimetype(rel))
        if role:
            el.set("role", role)

    for doc_id, stem, title, rels in docs:
        d = etree.SubElement(man, f"{{{M}}}document", id=doc_id, stem=stem, title=title)
        for rel in rels:
            use = "TEI" if rel.startswith("tei/") else "text" if rel.startswith("txt/") else "metadata"
            add(d, rel, use, "dc" if rel.startswith("metadata/dc/") else None)
    for rel in others:
        use = {"tei": "TEI", "txt": "text", "schema": "schema"}.get(rel.split("/")[0], "metadata")
        add(man, rel, use)
    return etree.tostring(man, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _render(stylesheets, name: str, source: Path, out: Path, params: dict) -> None:
    text = stylesheets.render_string(name, source, params)
    write_atomic(out, text.encode("utf-8"))


def validate_metadata(root: Path, schema_dir: Path) -> list[Problem]:
    """DC records and METS against the local oai_dc.xsd / mets.xsd (never the network)."""
    import xmlschema

    problems = []
    checks = [(p, "oai_dc.xsd") for p in sorted((root / "metadata" / "dc").glob("*.xml"))]
    checks.append((root / "metadata" / "mets.xml", "mets.xsd"))
    schemas: dict[str, xmlschema.XMLSchema] = {}
    for path, xsd in checks:
        if xsd not in schemas:
            schemas[xsd] = xmlschema.XMLSchema(str(schema_dir / xsd), allow="local", defuse="always")
        tree = parse(path)
        for err in schemas[xsd].iter_errors(tree):
            problems.append(Problem(path, getattr(err, "sourceline", None) or 0, 1, f"{xsd}: {err.reason}"))
    return problems


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def default_out(project: Project, date: str) -> Path:
    return project.build / "package" / f"{EDITION_SLUG}-{date}"


def package(project: Project, out: Path | None = None, today: _dt.date | None = None,
            build_txt: bool = True) -> PackageResult:
    """Write the bag; raises PipelineError (nothing written) if any TEI is invalid."""
    from .transform import Stylesheets

    result = PackageResult()
    today = today or _dt.datetime.now(_dt.timezone.utc).date()
    date = today.isoformat()
    files, errors, warnings = preflight(project)
    result.warnings = warnings
    if errors:
        raise PipelineError(*errors)
    docs = project.document_paths()

    txt_dir = project.build / "txt"
    if not txt_dir.is_dir() and build_txt:
        try:
            from .build import build as run_build
        except ImportError:
            run_build = None
        if run_build is None:
            result.notes.append("build/txt is missing and there is no txt build; packaging without plain text")
        else:
            report = run_build(project, formats={"txt"})
            result.notes.append(f"build/txt was missing: built it ({report.summary()})")
            result.warnings.extend(report.problems)
    if not txt_dir.is_dir():
        result.notes.append("no build/txt: the package has no plain text")

    out = Path(out) if out else default_out(project, date)
    out = out.resolve()
    if out.exists() and not (out / "bagit.txt").is_file():
        raise PipelineError(Problem(out, 0, 0, "exists and is not a bag; choose another --out"))
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.staging-"))
    try:
        # 1. TEI, registers, schema closure (same layout relative to the project root)
        for p in files:
            _copy(p, stage / "tei" / p.name)
        schema_sources = []
        for p in files:
            for href, line in xml_model_hrefs(parse(p)):
                if "://" in href:
                    continue
                target = (p.parent / href).resolve()
                try:
                    target.relative_to(project.root.resolve())
                except ValueError:
                    raise PipelineError(Problem(p, line, 1, f"<?xml-model?> points outside the project: {href}")) from None
                schema_sources.append(target)
        schema_sources += [project.schema / n for n in METADATA_SCHEMAS if (project.schema / n).is_file()]
        for s in _schema_closure(schema_sources):
            _copy(s, stage / s.relative_to(project.root.resolve()))

        # 2. the corpus file
        write_atomic(stage / "tei" / CORPUS_NAME, build_corpus([stage / "tei" / p.name for p in docs], date))

        # 3. plain text + standoff
        doc_info = []
        for p in docs:
            root = parse(stage / "tei" / p.name).getroot()
            doc_id = root.get(f"{{{XML_NS}}}id") or p.stem
            title = " ".join("".join(root.xpath("(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title)[1]//text()",
                                                namespaces=NS)).split())
            rels = [f"tei/{p.name}"]
            for ext in (".txt", ".json"):
                t = txt_dir / f"{p.stem}{ext}"
                if t.is_file():
                    _copy(t, stage / "txt" / t.name)
                    rels.append(f"txt/{t.name}")
                elif txt_dir.is_dir():
                    result.notes.append(f"{t}: missing, not packaged")
            rels.append(f"metadata/dc/{p.stem}.xml")
            doc_info.append((doc_id, p.stem, title, rels))

        # 4. metadata: DC per document, CMIF over the corpus, METS over everything
        sheets = Stylesheets(project.xslt)
        params = {"base-url": BASE_URL, "edition-title": EDITION_TITLE}
        for p in docs:
            _render(sheets, "dc_document", stage / "tei" / p.name, stage / "metadata" / "dc" / f"{p.stem}.xml", params)
        stems = " ".join(f"{doc_id}={stem}" for doc_id, stem, _, _ in doc_info)
        _render(sheets, "cmif_corpus", stage / "tei" / CORPUS_NAME, stage / "metadata" / "cmif.xml",
                {**params, "editor-name": CONTACT_NAME, "editor-email": CONTACT_EMAIL, "date": date,
                 "cmif-url": BASE_URL + "metadata/cmif.xml", "stems": stems})
        in_docs = {r for _, _, _, rels in doc_info for r in rels}
        others = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*")
                        if p.is_file() and p.relative_to(stage).as_posix() not in in_docs)
        created = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        with tempfile.TemporaryDirectory() as tmp:
            man = Path(tmp) / "manifest.xml"
            man.write_bytes(_manifest(stage, doc_info, others, created))
            _render(sheets, "mets_package", man, stage / "metadata" / "mets.xml", {})
        bad = validate_metadata(stage, stage / "schema")
        if bad:
            raise PipelineError(*bad)

        # 5. the bag, in this process, on the staging copy
        bag_info = {
            "Source-Organization": SOURCE_ORGANIZATION,
            "Contact-Name": CONTACT_NAME,
            "Contact-Email": CONTACT_EMAIL,
            "External-Description": EXTERNAL_DESCRIPTION,
            "External-Identifier": BASE_URL,
            "Bagging-Date": date,
            "Bag-Count": "1 of 1",
            "Internal-Sender-Identifier": out.name,
            "Title": EDITION_TITLE,
            # custom field: TEI documents (registers and the corpus file not counted)
            "Payload-Count": str(len(docs)),
        }
        bagit.make_bag(str(stage), bag_info, checksums=list(CHECKSUMS))
        bag = bagit.Bag(str(stage))
        bag.validate(fast=False)
        result.files = len(list(bag.payload_files()))

        # 6. into place: rename; an older bag at the same path is replaced
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.rename(out, old)
            os.rename(stage, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    result.bag = out
    result.documents = len(docs)
    return result


# -- verification -------------------------------------------------------------------

def _bag_file_problems(bag: bagit.Bag, path: Path) -> list[Problem]:
    """Name every missing, changed and unexpected file (bagit's own validate stops at
    the first Payload-Oxum mismatch without naming files)."""
    problems = []
    listed = {}
    for rel, hashes in bag.entries.items():
        listed[Path(rel).as_posix()] = hashes
    for rel, hashes in sorted(listed.items()):
        f = path / rel
        if not f.is_file():
            problems.append(Problem(f, 0, 0, "missing: listed in the manifest but not in the bag"))
            continue
        for alg, expected in sorted(hashes.items()):
            h = hashlib.new(alg)
            with open(f, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            if h.hexdigest() != expected.lower():
                problems.append(Problem(f, 0, 0, f"changed: {alg} checksum does not match the manifest"))
                break
    tag_names = re.compile(r"^(tag)?manifest-\w+\.txt$")
    for f in sorted(path.rglob("*")):
        if not f.is_file():
            continue
        rel = f.relative_to(path).as_posix()
        if rel in listed or (("/" not in rel) and (tag_names.match(rel) or rel == "bagit.txt")):
            continue
        problems.append(Problem(f, 0, 0, "unexpected: in the bag but in no manifest"))
    return problems


def verify(bag_path: Path) -> list[Problem]:
    """Completeness, checksums and TEI validity of a bag; [] means it is intact."""

    bag_path = Path(bag_path).resolve()
    try:
        bag = bagit.Bag(str(bag_path))
    except bagit.BagError as e:
        return [Problem(bag_path, 0, 0, f"not a valid bag: {e}")]
    problems: list[Problem] = []
    try:
        bag.validate(fast=False)
    except bagit.BagValidationError as e:
        named = _bag_file_problems(bag, bag_path)
        problems.extend(named)
        if not named:
            problems.append(Problem(bag_path, 0, 0, f"bag validation failed: {e.message}"))
    data = bag_path / "data"
    tei_dir = data / "tei"
    if (data / "schema").is_dir() and tei_dir.is_dir():
        paths = []
        for p in sorted(tei_dir.glob("*.xml")):
            if p.name == CORPUS_NAME:
                continue
            paths.append(p)
        try:
            found = validate_files(Project(data), paths)
        except PipelineError as e:
            found = e.problems
        problems.extend(p for p in found if p.severity == "error")
    else:
        problems.append(Problem(data, 0, 0, "no data/tei or data/schema in the bag"))
    return problems
