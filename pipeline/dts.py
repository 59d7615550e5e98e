"""A static Distributed Text Services (DTS 1.0) API: JSON-LD and TEI files only.

    write_dts(project, out_dir, base_url="") -> list of files written

Static files cannot read query strings, so every endpoint is a path-style URI
template (RFC 6570, as DTS 1.0 allows for static sites):

    index.json                                  entry point
    collection/{id}.json                        collection endpoint: the edition
                                                (root) and each document (Resource)
    navigation/{resource}.json                  navigation, whole citation tree (down=-1)
    navigation/{resource}/{ref}.json            navigation, ref = one unit and its subtree
    document/{resource}.xml                     the whole TEI document
    document/{resource}/{ref}.xml               one citable unit, in <dts:wrapper>

{resource} is the document's xml:id (e.g. doc-wilson-113649); {ref} is the
xml:id of a citable unit. Citable units: the version divisions (original /
translation, citeType = @type, with their language), the divisions inside them
(citeType = div/@type: document, attachment, section, letter …), numbered points
(item with @n) and paragraphs — every one that has an xml:id. A unit's parent
is its nearest citable ancestor.

URLs in the files are base_url + the path above; with base_url="" they are
relative to out_dir (the DTS root), which is what the tests resolve against.
"""

from __future__ import annotations

import json
import re
import shutil
from copy import deepcopy
from pathlib import Path

from lxml import etree

from . import edition
from .errors import PipelineError, Problem
from .project import Project
from .xmlio import NS, TEI_NS, XML_NS, parse, serialize, write_atomic

DTS_CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_VERSION = "1.0"
DTS_NS = "https://w3id.org/api/dts#"
ROOT_ID = "armistice-edition"

COLLECTION = "collection/{id}.json"
NAVIGATION = "navigation/{resource}{/ref}.json"
DOCUMENT = "document/{resource}{/ref}.xml"

_XMLID = f"{{{XML_NS}}}id"
_VAR = re.compile(r"\{(/?)([^}]+)\}")


def expand(template: str, **values: str | None) -> str:
    """RFC 6570 level-1 {var} and path-segment {/var} expansion (what the templates here use)."""
    def sub(m):
        slash, name = m.groups()
        v = values.get(name)
        if v is None:
            return ""
        return ("/" if slash else "") + str(v)
    return _VAR.sub(sub, template)


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _is_unit(el) -> bool:
    if not isinstance(el.tag, str) or not el.get(_XMLID):
        return False
    local = etree.QName(el).localname
    return local in ("div", "p") or (local == "item" and el.get("n") is not None)


def _cite_type(el) -> str:
    local = etree.QName(el).localname
    if local == "div":
        return el.get("type") or "division"
    return {"p": "paragraph", "item": "point"}[local]


def citable_units(root: etree._Element) -> list[dict]:
    """Units in document order with identifier, level, parent, citeType, element."""
    body = root.find("tei:text/tei:body", NS)
    units: list[dict] = []
    if body is None:
        return units
    level_of: dict[etree._Element, int] = {}
    for el in body.iter():
        if not _is_unit(el):
            continue
        parent = next((a for a in el.iterancestors() if a in level_of), None)
        level = level_of[parent] + 1 if parent is not None else 1
        level_of[el] = level
        units.append({"el": el, "identifier": el.get(_XMLID), "level": level,
                      "parent": parent.get(_XMLID) if parent is not None else None,
                      "citeType": _cite_type(el)})
    return units


def _cite_structure(units: list[dict]) -> list[dict]:
    """The CitationTree's citeStructure: the citeTypes that occur under each citeType path."""
    tree: dict = {}
    by_id = {u["identifier"]: u for u in units}
    for u in units:
        path = []
        cur = u
        while cur is not None:
            path.append(cur["citeType"])
            cur = by_id.get(cur["parent"]) if cur["parent"] else None
        node = tree
        for t in reversed(path):
            node = node.setdefault(t, {})

    def render(node: dict) -> list[dict]:
        out = []
        for t, sub in node.items():
            d = {"@type": "CiteStructure", "citeType": t}
            if sub:
                d["citeStructure"] = render(sub)
            out.append(d)
        return out
    return render(tree)


def _unit_json(u: dict, base: str, resource: str) -> dict:
    el = u["el"]
    d = {"identifier": u["identifier"], "@type": "CitableUnit", "level": u["level"],
         "parent": u["parent"], "citeType": u["citeType"]}
    meta = {}
    lang = el.get(f"{{{XML_NS}}}lang")
    if lang:
        meta["language"] = [lang]
    head = el.find("tei:head", NS) if etree.QName(el).localname == "div" else None
    if head is not None and _text(head):
        meta["title"] = [{"lang": _lang_of(el), "value": _text(head)}]
    elif etree.QName(el).localname == "item":
        meta["title"] = [{"lang": _lang_of(el), "value": f"Point {el.get('n')}"}]
    if meta:
        d["dublinCore"] = meta
    return d


def _lang_of(el) -> str:
    for a in (el, *el.iterancestors()):
        if a.get(f"{{{XML_NS}}}lang"):
            return a.get(f"{{{XML_NS}}}lang")
    return "en"


def _dump(path: Path, data: dict) -> Path:
    write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path


def _wrap(fragment: etree._Element) -> bytes:
    tei = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    wrapper = etree.SubElement(tei, f"{{{DTS_NS}}}wrapper", nsmap={"dts": DTS_NS})
    frag = deepcopy(fragment)
    frag.tail = None
    wrapper.append(frag)
    etree.cleanup_namespaces(tei)
    return serialize(tei)


def _dublin_core(root) -> dict:
    h = root.find("tei:teiHeader", NS)
    title = _text(h.find("tei:fileDesc/tei:titleStmt/tei:title", NS))
    dc: dict = {"title": [{"lang": root.get(f"{{{XML_NS}}}lang") or "en", "value": title}]}
    langs = [lang.get("ident") for lang in h.iterfind("tei:profileDesc/tei:langUsage/tei:language", NS) if lang.get("ident")]
    if langs:
        dc["language"] = langs
    date = h.find("tei:profileDesc/tei:creation/tei:date[@when]", NS)
    if date is not None:
        dc["date"] = date.get("when")
    abstract = h.find("tei:profileDesc/tei:abstract", NS)
    if abstract is not None:
        dc["description"] = [{"lang": abstract.get(f"{{{XML_NS}}}lang") or "en", "value": _text(abstract)}]
    publisher = h.find("tei:fileDesc/tei:publicationStmt/tei:publisher", NS)
    if publisher is not None:
        dc["publisher"] = [_text(publisher)]
    genre = h.find("tei:profileDesc/tei:textClass//tei:term[@type='genre']", NS)
    if genre is not None:
        dc["type"] = [_text(genre)]
    licence = h.find("tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence[@target]", NS)
    if licence is not None:
        dc["license"] = licence.get("target")
    return dc


def write_dts_document(path: Path, out_dir: Path, summary: Path, base_url: str = "") -> list[Path]:
    """One document's navigation and document endpoints, and its summary for the collections.

    Runs per document (in a build worker), so a changed document costs only its own files.
    """
    out = Path(out_dir)
    b = base_url
    root = parse(path).getroot()
    rid = root.get(_XMLID) or path.stem
    units = citable_units(root)
    res = {
        "@id": rid, "@type": "Resource",
        "title": _text(root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", NS)),
        "totalParents": 1, "totalChildren": 0,
        "collection": b + expand(COLLECTION, id=rid),
        "navigation": b + f"navigation/{rid}{{/ref}}.json",
        "document": b + f"document/{rid}{{/ref}}.xml",
        "download": b + expand(DOCUMENT, resource=rid),
        "mediaTypes": ["application/tei+xml"],
        "citationTrees": [{"@type": "CitationTree", "citeStructure": _cite_structure(units)}],
        "dublinCore": _dublin_core(root),
    }
    abstract = root.find("tei:teiHeader/tei:profileDesc/tei:abstract", NS)
    if abstract is not None:
        res["description"] = _text(abstract)
    written = [_dump(summary, {"source": str(path), **res})]
    nav_res = {k: res[k] for k in ("@id", "@type", "collection", "navigation", "document", "citationTrees")}
    unit_json = {u["identifier"]: _unit_json(u, b, rid) for u in units}
    written.append(_dump(out / expand(NAVIGATION, resource=rid), {
        "@context": DTS_CONTEXT, "dtsVersion": DTS_VERSION, "@type": "Navigation",
        "@id": b + expand(NAVIGATION, resource=rid), "resource": nav_res,
        "member": [unit_json[u["identifier"]] for u in units],
    }))
    children: dict[str, list[str]] = {}
    for u in units:
        if u["parent"]:
            children.setdefault(u["parent"], []).append(u["identifier"])

    def subtree(ref: str) -> list[str]:
        out_ids = []
        for c in children.get(ref, []):
            out_ids.append(c)
            out_ids.extend(subtree(c))
        return out_ids

    for u in units:
        ref = u["identifier"]
        written.append(_dump(out / expand(NAVIGATION, resource=rid, ref=ref), {
            "@context": DTS_CONTEXT, "dtsVersion": DTS_VERSION, "@type": "Navigation",
            "@id": b + expand(NAVIGATION, resource=rid, ref=ref), "resource": nav_res,
            "ref": unit_json[ref], "member": [unit_json[i] for i in subtree(ref)],
        }))
        p = out / expand(DOCUMENT, resource=rid, ref=ref)
        write_atomic(p, _wrap(u["el"]))
        written.append(p)
    p = out / expand(DOCUMENT, resource=rid)
    write_atomic(p, serialize(root))  # prolog PIs dropped: ../schema does not exist here
    written.append(p)
    return written


def write_dts_collections(summaries: list[Path], out_dir: Path, base_url: str = "") -> list[Path]:
    """The entry point and the collections, from the documents' summaries."""
    out = Path(out_dir)
    b = base_url
    members, seen = [], {}
    for summary in summaries:
        res = json.loads(summary.read_text(encoding="utf-8"))
        source = res.pop("source")
        if res["@id"] in seen:
            raise PipelineError(Problem(source, 1, 1, f"document id {res['@id']} also used by {seen[res['@id']]}"))
        seen[res["@id"]] = source
        members.append(res)
    written = [_dump(out / "index.json", {
        "@context": DTS_CONTEXT, "dtsVersion": DTS_VERSION,
        "@id": b + "index.json", "@type": "EntryPoint",
        "collection": b + COLLECTION, "navigation": b + NAVIGATION, "document": b + DOCUMENT,
        "description": (
            "Static DTS 1.0 (Level 0) API. Path-style URI templates: the root collection is "
            f"{COLLECTION.replace('{id}', ROOT_ID)}; navigation/{{resource}}.json is the whole citation tree "
            "(down=-1), navigation/{resource}/{ref}.json a unit and its subtree; document/{resource}.xml the "
            "whole TEI, document/{resource}/{ref}.xml one unit wrapped in dts:wrapper. Relative URLs resolve "
            "against this file's directory."),
    })]
    for res in members:
        written.append(_dump(out / expand(COLLECTION, id=res["@id"]), {
            "@context": DTS_CONTEXT, "dtsVersion": DTS_VERSION, **res,
            "member": [{"@id": ROOT_ID, "@type": "Collection", "title": edition.TITLE,
                        "totalParents": 0, "totalChildren": len(members),
                        "collection": b + expand(COLLECTION, id=ROOT_ID)}],
        }))
    written.append(_dump(out / expand(COLLECTION, id=ROOT_ID), {
        "@context": DTS_CONTEXT, "dtsVersion": DTS_VERSION,
        "@id": ROOT_ID, "@type": "Collection", "title": edition.TITLE, "description": edition.DESCRIPTION,
        "totalParents": 0, "totalChildren": len(members),
        "collection": b + COLLECTION,
        "dublinCore": {"title": [{"lang": "en", "value": edition.TITLE}], "publisher": [edition.TITLE]},
        "member": members,
    }))
    return written


def write_dts(project: Project, out_dir: Path, base_url: str = "", documents: list[Path] | None = None) -> list[Path]:
    """The whole static DTS tree at once (the build writes it document by document instead)."""
    out = Path(out_dir)
    summaries_dir = out / ".summaries"
    written, summaries = [], []
    for path in documents if documents is not None else project.document_paths():
        summary = summaries_dir / f"{path.stem}.json"
        written += [p for p in write_dts_document(path, out, summary, base_url) if p != summary]
        summaries.append(summary)
    written += write_dts_collections(summaries, out, base_url)
    shutil.rmtree(summaries_dir, ignore_errors=True)
    return written
