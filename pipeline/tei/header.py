"""The TEI header: everything a repository needs to know about a document."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree

from .. import __version__, edition
from ..entities.archival import citations_to_msidentifier, parse_citations
from ..entities.dates import date_value
from ..sources.model import Party, SourceDocument
from ..sources.structure import LANGUAGE_CODES
from ..xmlio import XML_NS, tei

EDITION = edition.TITLE
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "zh": "Chinese", "ko": "Korean"}
PRINCIPLES = (
    "Converted automatically from a text capture of the source and then open to correction by the "
    "editors. The text of the source is kept in full and unaltered: spelling (including errors), "
    "capitalisation and punctuation are as captured. Site navigation, page furniture and duplicated "
    "metadata are left out of the text; the source's summary, citation and rights statement are "
    "recorded in this header.",
    "Square brackets of the source are encoded as editorial interventions: an omission mark as gap, "
    "words the translator or archive added as supplied. Quotation marks stay in the text and the "
    "quoted words are marked q. Persons, places and organisations point to the edition's registers; "
    "dates carry normalised ISO 8601 values, and a year taken from the document's own date is "
    "marked cert=\"medium\" evidence=\"internal\". Originals and translations are parallel "
    "divisions whose corresponding parts point to each other with corresp.",
)


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


def build_header(doc: SourceDocument, doc_id: str, languages: list[str], converted: date) -> etree._Element:
    header = etree.Element(tei("teiHeader"))
    doc_when = (date_value(doc.date_text or "", "en") or {}).get("when")
    _file_desc(header, doc, doc_id, converted)
    _encoding_desc(header, doc)
    _profile_desc(header, doc, languages, doc_when)
    revision = _el(header, "revisionDesc")
    change = _el(revision, "change", when=converted.isoformat(), who=f"#{doc_id}-pipeline")
    change.text = (
        f"Converted from {Path(doc.path).name} by pipeline {__version__} "
        f"(converter {doc.kind})."
    )
    return header


def _file_desc(header, doc: SourceDocument, doc_id: str, converted: date) -> None:
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", doc.title, type="main")
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
    for funder in doc.funders:
        _el(title_stmt, "funder", funder)

    pub = _el(file_desc, "publicationStmt")
    _el(pub, "publisher", edition.PUBLISHER)
    _el(pub, "date", converted.isoformat(), when=converted.isoformat())
    _el(pub, "idno", doc_id, type="edition")
    availability = _el(pub, "availability", status="restricted" if doc.rights else "unknown")
    if doc.rights:
        for text in doc.rights:
            _el(availability, "p", text)
    else:
        _el(availability, "p", "The source states no rights; ask its publisher before reuse.")
    _el(availability, "licence", "The TEI encoding is available under Creative Commons Attribution 4.0.",
        target=edition.LICENCE_URL)

    if doc.notes:
        notes = _el(file_desc, "notesStmt")
        for label, value in doc.notes:
            note = _el(notes, "note", value, type=label.replace(" ", "-"))
            if any("\u4e00" <= c <= "\u9fff" for c in value):
                _lang(note, "zh")

    source = _el(file_desc, "sourceDesc")
    _source_bibl(source, doc)
    citations = parse_citations(doc.citation or "") + parse_citations(doc.archive_source or "")
    seen, unique = set(), []
    for c in citations:
        key = (c.repository, tuple((l.type, l.value) for l in c.levels))
        if key not in seen:
            seen.add(key)
            unique.append(c)
    if unique:
        ms = _el(source, "msDesc")
        ms.append(citations_to_msidentifier(unique))
        contents = _el(ms, "msContents")
        _el(contents, "p", f"Archival original of: {doc.title}")
    elif doc.archive_source:
        # A source line no parser understood still reaches the header unaltered.
        _el(_el(source, "bibl", type="archival-source"), "note", doc.archive_source)


def _source_bibl(source, doc: SourceDocument) -> None:
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
    _date(bibl, doc.date_text)
    if doc.page:
        _el(bibl, "biblScope", doc.page, unit="chapter" if doc.kind == "book-chapter" else "page")
    for role, contributor in doc.contributors:
        resp = _el(bibl, "respStmt")
        _el(resp, "resp", role)
        _el(resp, "persName", contributor)
    if doc.record_id:
        _el(bibl, "idno", doc.record_id, type="record-id")
    if doc.uploaded:
        _date(_el(bibl, "note", type="uploaded"), doc.uploaded)
    if doc.original_language:
        # The language the archive says the document was written in, which the
        # edition's text may not include (an English translation only).
        code = LANGUAGE_CODES.get(doc.original_language.strip().lower())
        _el(bibl, "textLang", doc.original_language, mainLang=code)
    if doc.url:
        _el(bibl, "ref", doc.url, target=doc.url)
    if doc.citation:
        _el(bibl, "note", doc.citation, type="citation")
    _el(bibl, "note", f"Captured as {Path(doc.path).name}.", type="capture")


def _encoding_desc(header, doc: SourceDocument) -> None:
    enc = _el(header, "encodingDesc")
    project = _el(enc, "projectDesc")
    _el(project, "p", f"{edition.TITLE}: documents on the negotiation of the Korean War armistice, 1950-1953, "
                      "from Soviet, Chinese and American sources, in original and translation.")
    decl = _el(enc, "editorialDecl")
    for text in PRINCIPLES:
        _el(decl, "p", text)
    app_info = _el(enc, "appInfo")
    app = _el(app_info, "application", ident="pipeline", version=__version__)
    _el(app, "label", f"pipeline, converter {doc.kind}")


def _profile_desc(header, doc: SourceDocument, languages: list[str], doc_when: str | None) -> None:
    profile = _el(header, "profileDesc")
    if doc.summary:
        abstract = _lang(_el(profile, "abstract"), "en")
        _el(abstract, "p", doc.summary)
    creation = _el(profile, "creation")
    if doc.date_text:
        _date(creation, doc.date_text)
    else:
        creation.text = "Date not stated in the source."
    lang_usage = _el(profile, "langUsage")
    for code in languages:
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
