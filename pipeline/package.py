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
target path is always complete. The stylesheets (DC, CMIF, METS) run in one
confined worker process (`transform.init_worker`): it can read the project and the
staging copy, nothing else, and reach no network.

Refusals (PipelineError, nothing written): invalid TEI or broken pointers, two
documents with one id, plain text missing or older than its TEI (`pipeline build`
makes it), placeholder values in edition.toml (unless allow_placeholders), an
existing --out. A second package on the same day gets a new name (-2, -3, …).

`verify` re-checks a bag: completeness, every checksum, TEI validity against the
bag's own data/schema/, the corpus file, and every metadata file against the
schemas it declares (xsi:schemaLocation or <?xml-model?>, looked up in
data/schema/ by file name, never fetched).
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
from .validate import document_id_problems, validate_files, xml_model_hrefs
from .xmlio import NS, TEI_NS, XML_NS, os_problem, parse, parse_each, remove_leftovers, serialize, write_atomic

# The deposit's identity comes from edition.toml (`edition.settings(project.root)`).
CHECKSUMS = ("sha256", "sha512")
CORPUS_NAME = "edition.xml"
# Schemas the package's own metadata is written against; shipped so that a
# recipient can validate offline.
METADATA_SCHEMAS = ("oai_dc.xsd", "mets.xsd")
# CMIF is validated against the official CMIF schema once schema/ has one (a file named
# cmif*.rng / cmi*.rng / cmif*.xsd), else against the TEI P5 schema the project ships.
CMIF_SCHEMA_PATTERNS = ("cmif*.rng", "cmi-*.rng", "cmif*.xsd")
CMIF_FALLBACK_SCHEMA = "tei_all.rng"
# The Schematron that comes with CMIF 1.1 (XSLT 2.0 binding: pipeline/schematron.py runs it).
CMIF_SCHEMATRON = "cmif.sch"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

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
    found = validate_files(project, files) + document_id_problems(project, docs)
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


def build_corpus(doc_paths: list[Path], date: str, ed: edition.Edition | None = None) -> bytes:
    """A teiCorpus: a corpus teiHeader and a copy of every document's TEI element."""
    T = lambda tag: f"{{{TEI_NS}}}{tag}"  # noqa: E731
    ed = ed or edition.settings()
    EDITION_TITLE, BASE_URL, LICENCE_URL = ed.title, ed.base_url, ed.licence_url  # noqa: N806
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
    etree.SubElement(ps, T("publisher")).text = ed.publisher
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


def _manifest(root: Path, docs: list[tuple[str, str, str, list[str]]], others: list[str], created: str,
              ed: edition.Edition) -> bytes:
    """The file list mets_package.xsl turns into METS; hrefs are relative to metadata/."""
    M = "urn:x-pipeline:manifest"
    man = etree.Element(f"{{{M}}}manifest", nsmap={None: M}, id=ed.slug, title=ed.title,
                        created=created, agent=ed.publisher, software=f"pipeline {__version__}")

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


def _render_task(name: str, source: str, out: str, params: dict, prolog: str = "") -> list[Problem]:
    """Runs in the package's confined worker: one stylesheet, one output file."""
    from .transform import sheets

    try:
        text = sheets().render_string(name, Path(source), params)
        if prolog:  # a processing instruction goes after the XML declaration
            decl, sep, rest = text.partition("?>")
            text = f"{decl}{sep}\n{prolog}{rest}" if text.startswith("<?xml") else prolog + "\n" + text
        write_atomic(Path(out), text.encode("utf-8"))
        return []
    except PipelineError as e:
        return e.problems


class _Renderer:
    """The package's stylesheet runs, in one worker process confined to the project and the staging copy."""

    def __init__(self, project: Project, stage: Path):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from .transform import init_worker

        ctx = multiprocessing.get_context("forkserver")
        self.pool = ProcessPoolExecutor(1, mp_context=ctx, initializer=init_worker,
                                        initargs=(str(project.xslt), os.getpid(), (str(project.root),), (str(stage),)))

    def render(self, name: str, source: Path, out: Path, params: dict, prolog: str = "") -> None:
        problems = self.pool.submit(_render_task, name, str(source), str(out), params, prolog).result()
        if problems:
            raise PipelineError(*problems)

    def close(self) -> None:
        self.pool.shutdown()


def declared_schemas(tree: etree._ElementTree, path: Path, schema_dir: Path) -> tuple[list[Path], list[Problem]]:
    """The schema files a metadata file declares, looked up by name in the bag's schema folder.

    Declarations: xsi:schemaLocation (the pair for the root's namespace),
    xsi:noNamespaceSchemaLocation and <?xml-model href?>. A URL is never fetched: its
    file name must be one the bag carries.
    """
    root = tree.getroot()
    hrefs: list[str] = []
    pairs = (root.get(f"{{{XSI_NS}}}schemaLocation") or "").split()
    ns = etree.QName(root).namespace or ""
    hrefs += [loc for space, loc in zip(pairs[::2], pairs[1::2]) if space == ns]
    if root.get(f"{{{XSI_NS}}}noNamespaceSchemaLocation"):
        hrefs.append(root.get(f"{{{XSI_NS}}}noNamespaceSchemaLocation"))
    hrefs += [h for h, _ in xml_model_hrefs(tree)]
    found, problems = [], []
    for href in hrefs:
        name = href.rstrip("/").rsplit("/", 1)[-1]
        candidate = schema_dir / name
        if name and candidate.is_file() and candidate.resolve().parent == schema_dir.resolve():
            found.append(candidate)
        else:
            problems.append(Problem(path, 1, 1, f"declares the schema {href}, which the package does not carry "
                                                f"in {schema_dir.name}/"))
    if not hrefs:
        problems.append(Problem(path, 1, 1, "declares no schema (xsi:schemaLocation or <?xml-model?>)"))
    return found, problems


_metadata_schemas: dict[tuple[Path, int], object] = {}


def _schema_errors(schema: Path, tree: etree._ElementTree, path: Path) -> list[Problem]:
    import xmlschema

    key = (schema.resolve(), schema.stat().st_mtime_ns)
    if schema.suffix == ".xsd":
        compiled = _metadata_schemas.get(key)
        if compiled is None:
            compiled = _metadata_schemas[key] = xmlschema.XMLSchema(str(schema), allow="local", defuse="always")
        return [Problem(path, getattr(err, "sourceline", None) or 0, 1, f"{schema.name}: {err.reason}")
                for err in compiled.iter_errors(tree)]
    if schema.suffix == ".rng":
        exe = shutil.which("jing")
        if exe:  # the reference RELAX NG validator; the file has passed the safe parser
            import subprocess

            done = subprocess.run([exe, str(schema), str(path)], capture_output=True, text=True, timeout=600)
            out = []
            for line in done.stdout.splitlines():
                m = re.match(r"^.+?:(\d+):(\d+): (?:error|fatal): (.*)$", line)
                if m:
                    out.append(Problem(path, int(m.group(1)), int(m.group(2)), f"{schema.name}: {m.group(3)[:300]}"))
            if done.returncode != 0 and not out:
                out.append(Problem(path, 0, 0, f"{schema.name}: jing failed: {done.stderr.strip()[-300:]}"))
            return out
        compiled = _metadata_schemas.get(key)
        if compiled is None:
            compiled = _metadata_schemas[key] = etree.RelaxNG(parse(schema))
        if compiled.validate(tree):
            return []
        return [Problem(path, e.line or 0, e.column or 0, f"{schema.name}: {e.message}") for e in compiled.error_log]
    if schema.suffix == ".sch":
        from .schematron import validate as schematron_validate

        # Schematron's warnings (CMIF's "use a UUID") are advice, not defects of the bag.
        return [p for p in schematron_validate(schema, tree, path) if p.severity == "error"]
    return [Problem(path, 0, 0, f"{schema.name}: unknown kind of schema")]


def metadata_problems(root: Path) -> list[Problem]:
    """Every XML file of metadata/ against the schemas it declares, found in the bag's own schema/."""
    problems = []
    schema_dir = root / "schema"
    meta = root / "metadata"
    files = sorted(meta.rglob("*.xml")) if meta.is_dir() else []
    if not files:
        return [Problem(meta, 0, 0, "no metadata files (DC, METS, CMIF)")]
    for path, tree in parse_each(files, problems):
        schemas, declared = declared_schemas(tree, path, schema_dir)
        problems.extend(declared)
        for schema in schemas:
            try:
                problems.extend(_schema_errors(schema, tree, path))
            except Exception as e:  # a schema that does not compile is the bag's problem, not a crash
                problems.append(Problem(schema, 0, 0, f"schema does not compile: {type(e).__name__}: {e}"))
    return problems


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def default_out(project: Project, date: str) -> Path:
    """build/package/<slug>-<date>, or -2, -3, … when a bag of that name exists: never replaced."""
    base = project.build / "package" / f"{edition.settings(project.root).slug}-{date}"
    out, n = base, 1
    while out.exists() or out.is_symlink():
        n += 1
        out = base.with_name(f"{base.name}-{n}")
    return out


def cmif_schema(project: Project) -> Path | None:
    """The schema CMIF is checked against: the official CMIF schema if schema/ has one, else tei_all."""
    for pattern in CMIF_SCHEMA_PATTERNS:
        found = sorted(project.schema.glob(pattern))
        if found:
            return found[0]
    fallback = project.schema / CMIF_FALLBACK_SCHEMA
    return fallback if fallback.is_file() else None


def _model_pi(schema_rel: str) -> str:
    """The <?xml-model?> that declares a schema for a metadata file."""
    if schema_rel.endswith(".rng"):
        return f'<?xml-model href="{schema_rel}" type="application/xml" schematypens="{RNG_NS}"?>'
    if schema_rel.endswith(".sch"):
        return f'<?xml-model href="{schema_rel}" type="application/xml" schematypens="{SCH_NS}"?>'
    return f'<?xml-model href="{schema_rel}" type="application/xml" schematypens="{XSD_NS}"?>'



def package(project: Project, out: Path | None = None, today: _dt.date | None = None,
            allow_placeholders: bool = False) -> PackageResult:
    """Write the bag; raises PipelineError (nothing written) if anything would make it wrong."""
    from .build import output_problems

    result = PackageResult()
    today = today or _dt.datetime.now(_dt.timezone.utc).date()
    date = today.isoformat()
    ed = edition.settings(project.root)
    placeholders = ed.placeholders()
    if placeholders and not allow_placeholders:
        where = ed.path or (project.root / edition.FILE_NAME)
        raise PipelineError(*[Problem(where, 0, 0, f"placeholder value: {p}; set the edition's own value "
                                                   "(or package with --allow-placeholders for a trial bag)")
                              for p in placeholders])
    if placeholders:
        result.notes.append("placeholder values in the bag: " + "; ".join(placeholders))
    files, errors, warnings = preflight(project)
    result.warnings = warnings
    if errors:
        raise PipelineError(*errors)
    docs = project.document_paths()
    txt_dir = project.build / "txt"
    stale = output_problems(project, "txt")
    if stale:
        raise PipelineError(*stale)

    if out is not None:
        out = Path(out).resolve()
        if out.exists() or out.is_symlink():
            raise PipelineError(Problem(out, 0, 0, "exists; a bag is never replaced: choose another --out "
                                                   "or remove it first"))
    else:
        out = default_out(project, date).resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        # staging folders of packages that were killed (this run holds the project lock)
        for leftover in remove_leftovers(out.parent):
            result.notes.append(f"removed {leftover}, left by an interrupted package run")
        stage = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.staging-{os.getpid()}-"))
    except OSError as e:
        raise PipelineError(os_problem(e, out.parent, "cannot create the package folder")) from None
    renderer = None
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
        cmif_xsd = cmif_schema(project)
        if cmif_xsd is not None:
            schema_sources.append(cmif_xsd)
        cmif_sch = project.schema / CMIF_SCHEMATRON
        if cmif_xsd is not None and cmif_xsd.name != CMIF_FALLBACK_SCHEMA and cmif_sch.is_file():
            schema_sources.append(cmif_sch)
        else:
            cmif_sch = None
        for s in _schema_closure(schema_sources):
            _copy(s, stage / s.relative_to(project.root.resolve()))

        # 2. the corpus file
        write_atomic(stage / "tei" / CORPUS_NAME, build_corpus([stage / "tei" / p.name for p in docs], date, ed))

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
                _copy(t, stage / "txt" / t.name)
                rels.append(f"txt/{t.name}")
            rels.append(f"metadata/dc/{p.stem}.xml")
            doc_info.append((doc_id, p.stem, title, rels))

        # 4. metadata: DC per document, CMIF over the corpus, METS over everything
        renderer = _Renderer(project, stage)
        params = {"base-url": ed.base_url, "edition-title": ed.title}
        for p in docs:
            renderer.render("dc_document", stage / "tei" / p.name, stage / "metadata" / "dc" / f"{p.stem}.xml", params)
        stems = " ".join(f"{doc_id}={stem}" for doc_id, stem, _, _ in doc_info)
        cmif_pi = _model_pi(f"../schema/{cmif_xsd.name}") if cmif_xsd is not None else ""
        if cmif_sch is not None:
            cmif_pi += "\n" + _model_pi(f"../schema/{cmif_sch.name}")
        renderer.render("cmif_corpus", stage / "tei" / CORPUS_NAME, stage / "metadata" / "cmif.xml",
                        {**params, "editor-name": ed.contact_name, "editor-email": ed.contact_email, "date": date,
                         "cmif-url": ed.base_url + "metadata/cmif.xml", "stems": stems}, prolog=cmif_pi)
        in_docs = {r for _, _, _, rels in doc_info for r in rels}
        others = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*")
                        if p.is_file() and p.relative_to(stage).as_posix() not in in_docs)
        created = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        man = stage / ".mets-manifest.xml"  # inside the staging copy: the worker reads nothing else
        man.write_bytes(_manifest(stage, doc_info, others, created, ed))
        renderer.render("mets_package", man, stage / "metadata" / "mets.xml", {})
        man.unlink()
        renderer.close()
        renderer = None
        bad = metadata_problems(stage)
        if bad:
            raise PipelineError(*bad)

        # 5. the bag, in this process, on the staging copy
        bag_info = {
            "Source-Organization": ed.publisher,
            "Contact-Name": ed.contact_name,
            "Contact-Email": ed.contact_email,
            "External-Description": ed.description,
            "External-Identifier": ed.base_url,
            "Bagging-Date": date,
            "Bag-Count": "1 of 1",
            "Internal-Sender-Identifier": out.name,
            "Title": ed.title,
            # custom field: TEI documents (registers and the corpus file not counted)
            "Payload-Count": str(len(docs)),
        }
        cwd = os.getcwd()
        try:
            bagit.make_bag(str(stage), bag_info, checksums=list(CHECKSUMS))
        finally:
            os.chdir(cwd)  # make_bag chdir()s and, when it fails, may not come back
        bag = bagit.Bag(str(stage))
        bag.validate(fast=False)
        result.files = len(list(bag.payload_files()))

        # 6. into place: a rename, so a bag at `out` is always complete; never over another bag
        if out.exists():
            raise PipelineError(Problem(out, 0, 0, "appeared while the package was made; nothing replaced"))
        os.rename(stage, out)
    except OSError as e:
        shutil.rmtree(stage, ignore_errors=True)
        raise PipelineError(os_problem(e, stage, "cannot write the package")) from None
    except (bagit.BagError, bagit.BagValidationError) as e:
        shutil.rmtree(stage, ignore_errors=True)
        raise PipelineError(Problem(stage, 0, 0, f"the bag did not validate: {e}")) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    finally:
        if renderer is not None:
            renderer.close()
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
    """Completeness, checksums, TEI validity, the corpus file and the metadata of a bag; [] means intact."""

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
        paths = [p for p in sorted(tei_dir.glob("*.xml")) if p.name != CORPUS_NAME]
        bag_project = Project(data)
        try:
            found = validate_files(bag_project, paths) + document_id_problems(bag_project, paths)
        except PipelineError as e:
            found = e.problems
        problems.extend(p for p in found if p.severity == "error")
        corpus = tei_dir / CORPUS_NAME
        if corpus.is_file():
            try:
                parse(corpus)
            except PipelineError as e:
                problems.extend(e.problems)
        else:
            problems.append(Problem(corpus, 0, 0, "missing: the corpus file of the edition"))
        problems.extend(metadata_problems(data))
    else:
        problems.append(Problem(data, 0, 0, "no data/tei or data/schema in the bag"))
    return problems
