"""The TEI header: everything a repository needs to know about a document."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from lxml import etree

from .. import __version__, edition
from ..entities.archival import citation_to_msdesc, parse_citations
from ..entities.dates import date_value
from ..sources.model import Party, SourceDocument
from ..sources.structure import LANGUAGE_CODES
from ..xmlio import XML_NS, tei
from .inline import Context, hidden_email

EDITION = edition.TITLE
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "zh": "Chinese", "ko": "Korean", "mul": "several languages"}
# Furniture a page repeats around the text (a newspaper masthead's date, page and column
# labels): left out, and said so in editorialDecl; the page is in biblScope, the date in bibl.
FURNITURE_NOTES = {"masthead"}
UUID_NAMESPACE = uuid.UUID("6f0c1a52-3f4e-5d7a-9c1b-2a7e0c4d5b61")


def document_uuid(doc_id: str) -> str:
    """A stable UUID for a document (CMIF's bibl/@xml:id), starting with a letter as an xml:id must."""
    for k in range(64):
        value = str(uuid.uuid5(UUID_NAMESPACE, doc_id if not k else f"{doc_id}#{k}"))
        if value[0].isalpha():
            return value
    raise AssertionError("no letter-initial UUID")  # 64 tries: chance 0.375**64


def _el(parent, tag, text=None, **attrib):
    # Keyword spelling: type_ -> type, xml__id -> xml:id.
    names = {k: f"{{{XML_NS}}}{k[5:]}" if k.startswith("xml__") else k.rstrip("_") for k in attrib}
    el = etree.SubElement(parent, tei(tag), {names[k]: v for k, v in attrib.items() if v})
    if text:
        el.text = text
    return el


def _lang(el, lang):
    el.set(f"{{{XML_NS}}}lang", lang)
    return el


def _date(parent, text: str | None, tag: str = "date", context: str | None = None) -> etree._Element | None:
    if not text:
        return None
    attrs = date_value(text, "en", context) or {}
    el = _el(parent, tag, text)
    for k, v in attrs.items():
        el.set(k, v)
    return el


def build_header(doc: SourceDocument, doc_id: str, languages: list[str], converted: date,
                 ctx: Context | None = None, text: etree._Element | None = None) -> etree._Element:
    """The header; `ctx` and `text` (the built body) tell what the encoding actually did."""
    ctx = ctx or Context()
    header = etree.Element(tei("teiHeader"))
    doc_when = (date_value(doc.date_text or "", "en") or {}).get("when")
    _file_desc(header, doc, doc_id, converted, ctx)
    _encoding_desc(header, doc, ctx, text)
    _profile_desc(header, doc, languages, doc_when, doc_id)
    # draft: machine output nobody has reviewed; an editor who has checked the file sets
    # status="approved" and adds a <change> (docs/encoding.md).
    revision = _el(header, "revisionDesc", status="draft")
    change = _el(revision, "change", when=converted.isoformat(), who=f"#{doc_id}-pipeline")
    change.text = (
        f"Converted from {Path(doc.path).name} by pipeline {__version__} "
        f"(converter {doc.kind})."
    )
    return header


def _file_desc(header, doc: SourceDocument, doc_id: str, converted: date, ctx: Context) -> None:
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    title = _el(title_stmt, "title", doc.title, type="main")
    _mark_unsure(title, doc, "title", doc_id)
    if doc.original_title:
        lang, title = doc.original_title
        _lang(_el(title_stmt, "title", title, type="original"), lang)
    resp = _el(title_stmt, "respStmt")
    _el(resp, "resp", "TEI encoding")
    _el(resp, "orgName", edition.TITLE)
    # Prefixed like every id of the document, so documents can share a teiCorpus.
    resp = _el(title_stmt, "respStmt", **{"xml__id": f"{doc_id}-pipeline"})
    _el(resp, "resp", "Automatic conversion from the source capture")
    _el(resp, "name", f"pipeline {__version__}", type="software")

    pub = _el(file_desc, "publicationStmt")
    _el(pub, "publisher", edition.PUBLISHER)
    _el(pub, "date", converted.isoformat(), when=converted.isoformat(), type="publication")
    _el(pub, "idno", doc_id, type="edition")
    _el(pub, "idno", document_uuid(doc_id), type="UUID")
    # This file holds the source's text (on the source's terms, stated in sourceDesc) and
    # the edition's encoding of it (CC BY): the status is the stricter of the two.
    availability = _el(pub, "availability", status="restricted" if doc.rights else "unknown")
    _el(availability, "licence",
        "The encoding (markup, header and notes) is available under Creative Commons Attribution 4.0. "
        "The text of the source remains under its publisher's terms, given in the source description.",
        target=edition.LICENCE_URL)

    notes = [(label, value) for label, value in doc.notes if label not in FURNITURE_NOTES and label != "funding"]
    if notes:
        stmt = _el(file_desc, "notesStmt")
        for label, value in notes:
            note = _el(stmt, "note", value, type=label.replace(" ", "-"))
            if any("\u4e00" <= c <= "\u9fff" for c in value):
                _lang(note, "zh")

    source = _el(file_desc, "sourceDesc")
    _source_bibl(source, doc, doc_id, ctx)
    citations = parse_citations(doc.citation or "") + parse_citations(doc.archive_source or "")
    seen, unique = set(), []
    for c in citations:
        key = (c.repository, tuple((l.type, l.value) for l in c.levels))
        if key not in seen:
            seen.add(key)
            unique.append(c)
    for i, citation in enumerate(unique):
        # Each archive's copy is its own object: one msDesc each (docs/encoding.md).
        ms = citation_to_msdesc(citation, doc.title, f"{doc_id}-ms{i + 1}")
        if i:
            ms.set("type", "copy")
            ms.set("corresp", f"#{doc_id}-ms1")
        source.append(ms)
    if not unique and doc.archive_source:
        # A source line no parser understood still reaches the header unaltered.
        _el(_el(source, "bibl", type="archival-source"), "note", doc.archive_source)


def _source_bibl(source, doc: SourceDocument, doc_id: str, ctx: Context) -> None:
    bibl = _el(source, "bibl", type="source")
    level = "a" if doc.publication or doc.series else "m"
    _el(bibl, "title", doc.title, level=level)
    for author in doc.authors:
        _el(bibl, "author", author)
    if doc.series:
        _el(bibl, "title", doc.series, level="m")
    if doc.original_title:
        lang, title = doc.original_title
        _lang(_el(bibl, "title", title, level=level, type="original"), lang)
    if doc.publication:
        _el(bibl, "title", doc.publication, level="j")
        if doc.publication_original:
            lang, title = doc.publication_original
            _lang(_el(bibl, "title", title, level="j", type="original"), lang)
    if doc.publisher:
        _el(bibl, "publisher", doc.publisher)
    # The source's editor: whoever made the bracketed interventions in its text (the
    # archive or its translator); the text's <supplied>, <gap> and <reg> point here.
    translators = [(role, name) for role, name in doc.contributors if role.lower().startswith("translated")]
    resp = _el(bibl, "respStmt", **{"xml__id": f"{doc_id}-source-editor"})
    if translators:
        _el(resp, "resp", translators[0][0])  # as written: the translator made the bracketed interventions too
        for _, name in translators:
            _el(resp, "persName", name)
    else:
        _el(resp, "resp", "editorial interventions in square brackets (the source does not name its translator)")
        _el(resp, "orgName", doc.publisher or doc.publication or "the source's publisher")
    for role, contributor in doc.contributors:
        if role.lower().startswith("translated"):
            continue
        resp = _el(bibl, "respStmt")
        _el(resp, "resp", role)
        _el(resp, "persName", contributor)
    # The archive's publication was funded; this edition was not.
    for funder in doc.funders:
        _el(bibl, "funder", funder)
    for label, value in doc.notes:
        if label == "funding":
            _el(bibl, "note", value, type="funding")
    # Dates, typed: the document's own date as the source gives it, the archive's upload.
    date_el = _date(bibl, doc.date_text)
    if date_el is not None:
        date_el.set("type", "creation" if doc.kind != "peoples-daily" else "issue")
    if doc.uploaded:
        up = _date(bibl, doc.uploaded)
        up.set("type", "uploaded")
    if doc.page:
        _el(bibl, "biblScope", doc.page, unit="chapter" if doc.kind == "book-chapter" else "page")
    for label, value in doc.notes:
        if label == "section" and doc.kind == "book-chapter":
            _el(bibl, "biblScope", value, unit="section")
    if doc.record_id:
        _el(bibl, "idno", doc.record_id, type="record-id")
    if doc.original_language:
        # The language the archive says the document was written in, which the
        # edition's text may not include (an English translation only).
        code = LANGUAGE_CODES.get(doc.original_language.strip().lower())
        _el(bibl, "textLang", doc.original_language, mainLang=code)
    if doc.url:
        _el(bibl, "ref", doc.url, target=doc.url)
    if doc.citation:
        _el(bibl, "note", doc.citation, type="citation")
    # The source's own terms, kept apart from the encoding's licence.
    rights = _el(bibl, "availability", status="restricted" if doc.rights else "unknown")
    if doc.rights:
        for text in doc.rights:
            hidden_email(_el(rights, "p"), text)
    else:
        who = doc.publisher or doc.publication or "its publisher"
        _el(rights, "p", f"The captured page states no terms of use; ask {who} before reusing the text.")
    furniture = [value for label, value in doc.notes if label in FURNITURE_NOTES]
    if furniture:
        # Described as what it is, never shown as the document's metadata.
        _lang(_el(bibl, "note", "Page furniture of the capture, not part of the text: " + " · ".join(furniture),
                  type="page-furniture"), "zh" if any("\u4e00" <= c <= "\u9fff" for c in "".join(furniture)) else "en")
    _el(bibl, "note", f"Captured as {Path(doc.path).name}.", type="capture")


def _encoding_desc(header, doc: SourceDocument, ctx: Context, text) -> None:
    enc = _el(header, "encodingDesc")
    project = _el(enc, "projectDesc")
    _el(project, "p", f"{edition.TITLE}: documents on the negotiation of the Korean War armistice, 1950-1953, "
                      "from Soviet, Chinese and American sources, in original and translation.")
    decl = _el(enc, "editorialDecl")
    for tag, paragraphs in editorial_declaration(doc, ctx, text):
        part = _el(decl, tag, **({"marks": "all"} if tag == "quotation" else {}))
        for paragraph in paragraphs:
            _el(part, "p", paragraph)
    app_info = _el(enc, "appInfo")
    app = _el(app_info, "application", ident="pipeline", version=__version__)
    _el(app, "label", f"pipeline, converter {doc.kind}")


def editorial_declaration(doc: SourceDocument, ctx: Context, text) -> list[tuple[str, list[str]]]:
    """What this document's encoding does, part by part (TEI's editorialDecl parts)."""
    c = ctx.counts
    n = (lambda *tags: sum(len(text.findall(f".//{tei(t)}")) for t in tags)) if text is not None else (lambda *t: 0)
    out = [("correction", [
        "Converted automatically from a text capture of the source and open to correction by the editors. "
        "The source's text is kept in full: spelling (including errors), capitalisation and punctuation are "
        "as captured; an editor's correction keeps the source's reading (choice with sic and corr)."])]
    furniture = ["Site navigation and page furniture are left out of the text; the source's summary, "
                 "citation and terms of use are in this header."]
    if any(label in FURNITURE_NOTES for label, _ in doc.notes):
        furniture.append("The page repeats its masthead (date, page and column labels) above the original: "
                         "page furniture, left out of the text and described in the bibliographic description.")
    out.append(("normalization", furniture))
    brackets = []
    if c.get("gap"):
        brackets.append(f"{c['gap']} omission mark(s) of the source's editor are gap elements.")
    if c.get("supplied"):
        brackets.append(f"{c['supplied']} bracketed addition(s) of the source's editor are supplied elements.")
    if c.get("identification"):
        brackets.append(f"{c['identification']} bracketed identification(s) (a pseudonym or short form followed "
                        "by the name it stands for) are one name holding choice/orig/reg[@type='identification'].")
    if c.get("respelling"):
        brackets.append(f"{c['respelling']} bracketed respelling(s) are one name holding choice/orig/reg.")
    if n("figure"):
        brackets.append("A bracketed line describing the carrier (a letterhead) is a figure with figDesc, not text.")
    if brackets:
        out.append(("interpretation", ["Square brackets are the source editor's: every such element points to "
                                       "that editor with resp."] + brackets))
    quotes = ["Quotation marks stay in the text. They are paired only where they balance within a paragraph; "
              "pairs are marked q (quotations), soCalled (scare quotes, quoted names), title (a titled "
              "document) or label (a paragraph label); these are machine decisions (resp points to the "
              "pipeline, cert=\"medium\" for all but q)."]
    if c.get("unpaired"):
        quotes.append(f"In {c['unpaired']} paragraph(s) the marks do not pair and are left as text without markup.")
    out.append(("quotation", quotes))
    names = ["Persons, places and organisations point to the edition's registers; dates carry normalised "
             "ISO 8601 values, and a year or month taken from the document's own date is marked "
             "cert=\"medium\" evidence=\"internal\"."]
    out.append(("interpretation", names))
    if text is not None and len(text.findall(f"{tei('body')}/{tei('div')}")) > 1:
        out.append(("segmentation", ["Original and translation are parallel divisions; corresponding divisions, heads, "
                      "openers, closers, numbered points and paragraphs point to each other with corresp, "
                      "where numbering, numbers and lengths agree (one paragraph may answer two)."]))
    return out


def _mark_unsure(el: etree._Element | None, doc: SourceDocument, field: str, doc_id: str) -> None:
    """A value the converter guessed (a heading taken for the title, a dateline for the date)
    says so: the pipeline decided it, with medium certainty, until an editor checks it."""
    if el is not None and field in doc.unsure:
        if el.get("cert") not in {"low", "unknown"}:  # never more sure than the date's own reading
            el.set("cert", "medium")
        el.set("resp", f"#{doc_id}-pipeline")


def _profile_desc(header, doc: SourceDocument, languages: list[str], doc_when: str | None, doc_id: str) -> None:
    profile = _el(header, "profileDesc")
    if doc.summary:
        abstract = _lang(_el(profile, "abstract"), "en")
        _el(abstract, "p", doc.summary)
    creation = _el(profile, "creation")
    if doc.date_text:
        _mark_unsure(_date(creation, doc.date_text), doc, "date", doc_id)
    else:
        creation.text = "Date not stated in the source."
    lang_usage = _el(profile, "langUsage")
    used = ["en"] + [c for c in languages if c != "en"]  # the header is in English
    if len(set(languages)) > 1:
        used.append("mul")  # the text element of a bilingual document
    for code in used:
        _el(lang_usage, "language", LANGUAGE_NAMES.get(code, code), ident=code)
    if doc.sender or doc.addressee:
        corresp = _el(profile, "correspDesc")
        _action(corresp, "sent", doc.sender, doc.date_text)
        _action(corresp, "received", doc.addressee, None)
    if doc.genre:
        text_class = _el(profile, "textClass")
        keywords = _el(text_class, "keywords")
        _el(keywords, "term", doc.genre, type="genre")


def _action(corresp, type_: str, party: Party | None, date_text: str | None) -> None:
    if party is None:
        return
    action = _el(corresp, "correspAction", type=type_)
    # The recogniser links the name to the register later; until then it is a plain name.
    _el(action, "name", party.name)
    if party.place:
        _el(action, "placeName", party.place)
    if date_text:
        _date(action, date_text)
