"""Archival citations ("APRF, Fond 3, Opis 65, Delo 830, Listy 60-71") and document numbers.

Citations become `<msIdentifier>`/`<altIdentifier>` that keep the citation as
written and add its structure (valid against tei_all, checked with jing):

    <msIdentifier>
      <repository ref="organisations.xml#org-aprf">APRF</repository>
      <idno type="archival-reference"><idno type="fond" n="3">Fond 3</idno>, ...
        <idno type="folios" n="60-71">Listy 60-71</idno></idno>
    </msIdentifier>

Rules:

* Repositories: the six Russian archives the edition cites are recognised by
  Latin or Cyrillic abbreviation, spaced or not ("AVP RF", "АВП РФ"), or by
  their full English or transliterated name, optionally followed by the
  abbreviation in brackets.  Their former names (RTsKhIDNI -> RGASPI,
  TsKhSD -> RGANI) point at the same register entry.  Any other upper-case
  abbreviation counts as a repository only when a fond marker follows it; it
  keeps its spelling and has no register id.
* Level markers (case-insensitive): fond ("Fond", "F.", "f.", "ф.", "fund"),
  opis ("Opis", "Op.", "оп.", "inventory"), delo ("Delo", "D.", "д.", "file"),
  papka ("Papka", "pap.", "п.", "folder"), folios ("Listy", "List", "ll.",
  "l.", "лл.", "л.", "folio(s)", "sheet(s)") and pages ("pp.", "стр.",
  "page(s)").  Folios and pages stay distinct: a folio number counts leaves
  (with "ob." for versos) and a page number counts sides, so "ll. 60-71" and
  "pp. 60-71" are different extents of the file.
* "p."/"P." is ambiguous: in Russian archival style it abbreviates papka
  ("d. 4, p. 11, ll. 54-65"), in English style a page.  It is a papka when
  another level follows it and its value is a single number; otherwise a page.
* Values: en dashes become hyphens and an abbreviated range end is expanded
  ("170-71" -> "170-171"); letters stay as written ("059a", "5a", "R-5446",
  "12ob").
* Document numbers: an `idno` span wraps the number only ("858-372cc" in "No.
  858-372cc"); the "No."/"Nº"/"№" label and the noun before it stay outside
  and choose the type: "telegram-number" after "telegram", "minutes-number"
  after "minutes"/"protocol"/"протокол", otherwise "document-number".  Labels
  of parts of a document ("Attachment No. 1", "point 60", "Article 109") are
  not document numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..xmlio import tei
from .spans import Span

REGISTER_FILE = "organisations.xml"

# Where the six archives are (all in Moscow): msIdentifier's settlement and country.
SETTLEMENTS = {abbr: ("Moscow", "Russia") for abbr in ("APRF", "AVPRF", "RGASPI", "TsAMO", "GARF", "RGANI")}
# Levels of an archive's arrangement above the file: TEI's collection; the file (delo) is the shelfmark.
COLLECTION_LEVELS = ("fond", "opis", "papka")
EXTENT_LEVELS = ("folios", "pages")

# abbreviation -> (register id, ways of writing it)
REPOSITORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "APRF": ("org-aprf", (
        "APRF", "AP RF", "АПРФ", "АП РФ",
        "Archive of the President of the Russian Federation",
        "Arkhiv Prezidenta Rossiiskoi Federatsii", "Arkhiv Prezidenta RF",
    )),
    "AVPRF": ("org-avprf", (
        "AVPRF", "AVP RF", "АВПРФ", "АВП РФ",
        "Archive of Foreign Policy of the Russian Federation",
        "Foreign Policy Archive of the Russian Federation",
        "Arkhiv vneshnei politiki Rossiiskoi Federatsii",
    )),
    "RGASPI": ("org-rgaspi", (
        "RGASPI", "РГАСПИ", "RTsKhIDNI", "РЦХИДНИ",
        "Russian State Archive of Socio-Political History",
        "Rossiiskii gosudarstvennyi arkhiv sotsial'no-politicheskoi istorii",
    )),
    "TsAMO": ("org-tsamo", (
        "TsAMO RF", "TsAMO", "ЦАМО РФ", "ЦАМО",
        "Central Archive of the Ministry of Defence of the Russian Federation",
        "Central Archive of the Ministry of Defense of the Russian Federation",
        "Central Archive of the Ministry of Defence",
        "Central Archive of the Ministry of Defense",
        "Tsentral'nyi arkhiv Ministerstva oborony",
    )),
    "GARF": ("org-garf", (
        "GARF", "ГАРФ",
        "State Archive of the Russian Federation",
        "Gosudarstvennyi arkhiv Rossiiskoi Federatsii",
    )),
    "RGANI": ("org-rgani", (
        "RGANI", "РГАНИ", "TsKhSD", "ЦХСД",
        "Russian State Archive of Contemporary History",
        "Rossiiskii gosudarstvennyi arkhiv noveishei istorii",
    )),
}
_BY_SPELLING = {
    spelling.casefold(): abbr for abbr, (_, spellings) in REPOSITORIES.items() for spelling in spellings
}

LEVEL_MARKERS: dict[str, tuple[str, ...]] = {
    "fond": ("fond", "fonds", "fund", "f.", "ф.", "фонд"),
    "opis": ("opis'", "opis’", "opis", "op.", "inventory", "оп.", "опись"),
    "delo": ("delo", "d.", "file", "д.", "дело"),
    "papka": ("papka", "pap.", "folder", "п.", "папка"),
    "folios": ("listy", "listok", "list", "ll.", "l.", "folios", "folio", "ff.", "fol.",
               "sheets", "sheet", "лл.", "л.", "листы", "лист"),
    "pages": ("pp.", "pages", "page", "стр.", "с."),
    "page-or-papka": ("p.",),
}
_MARKER_TYPE = {m: t for t, ms in LEVEL_MARKERS.items() for m in ms}


def _word_alternation(words) -> str:
    parts = []
    for w in sorted(words, key=len, reverse=True):
        # a marker without its own period must end at a word boundary ("f" is not "fond")
        parts.append(re.escape(w) + ("" if w.endswith(".") else r"(?![\w'’])"))
    return "|".join(parts)


_MARKER = rf"(?i:{_word_alternation(_MARKER_TYPE)})"
_NUMBER = r"(?:[A-ZА-Я]-?)?\d+[a-zа-я]?(?: ?(?:ob|об)\.?)?"
_VALUE = rf"{_NUMBER}(?: ?[-–—] ?{_NUMBER})?(?:, ?{_NUMBER}(?: ?[-–—] ?{_NUMBER})?(?![\w.]))*"
_LEVEL = re.compile(rf"(?<![\w.])(?P<marker>{_MARKER}) ?(?P<value>{_VALUE})(?![\w-])")
_LEVEL_SEP = re.compile(r"[,;]? ?")

_KNOWN_NAME = "|".join(
    re.escape(s) for s in sorted(_BY_SPELLING.keys() | {
        sp for _, sps in REPOSITORIES.values() for sp in sps}, key=len, reverse=True)
)
_REPOSITORY = re.compile(
    rf"(?<![\w])(?P<repo>(?i:{_KNOWN_NAME})(?: \((?P<abbr>[^()\n]{{2,12}})\))?"
    rf"|(?P<unknown>[A-ZА-Я][A-Za-zА-Яа-я]{{1,7}}(?: [A-ZА-Я]{{1,3}})?))"
    r"(?P<sep>,? )(?=" + _MARKER + ")"
)


@dataclass(frozen=True)
class Level:
    type: str  # fond, opis, delo, papka, folios, pages
    value: str  # normalised: "170-171", "059a"
    as_written: str  # "Listy 60-71"
    start: int = field(default=-1, compare=False)
    end: int = field(default=-1, compare=False)


@dataclass(frozen=True)
class ArchivalCitation:
    repository: str  # APRF, AVPRF, ... or the unknown abbreviation as written
    repository_ref: str | None  # org-aprf, ... or None
    as_written: str
    start: int
    end: int
    levels: list[Level] = field(default_factory=list)
    repository_as_written: str = ""


def _expand_range_end(start: str, end: str) -> str:
    # "170-71" -> "171": an end shorter than the start repeats the start's leading digits
    if start.isdigit() and end.isdigit() and len(end) < len(start):
        return start[: len(start) - len(end)] + end
    return end


def normalise_value(value: str) -> str:
    value = re.sub(r" ?[-–—] ?", "-", value)
    value = re.sub(r" ?(ob|об)\.?$", r"\1", value)
    parts = []
    for piece in re.split(r", ?", value):
        start, dash, end = piece.partition("-")
        if dash and re.fullmatch(r"\d+", start):
            parts.append(f"{start}-{_expand_range_end(start, end)}")
        else:
            parts.append(piece)
    return ", ".join(parts)


def _levels_after(text: str, pos: int) -> list[Level]:
    levels: list[Level] = []
    while True:
        found = _LEVEL.match(text, pos)
        if not found:
            break
        marker = found.group("marker").lower()
        value = found.group("value")
        levels.append(Level(_MARKER_TYPE[marker], normalise_value(value), found.group(),
                            found.start(), found.end()))
        sep = _LEVEL_SEP.match(text, found.end())
        pos = sep.end()
        if not _LEVEL.match(text, pos):
            break
    # "p." is a papka between other levels, a page at the end or with a range
    resolved = []
    for i, level in enumerate(levels):
        if level.type == "page-or-papka":
            is_papka = i < len(levels) - 1 and re.fullmatch(r"\d+[a-zа-я]?", level.value)
            level = Level("papka" if is_papka else "pages", level.value, level.as_written,
                          level.start, level.end)
        resolved.append(level)
    return resolved


def parse_citations(text: str) -> list[ArchivalCitation]:
    """Archival citations in `text`, in order; each needs a repository and a level."""
    citations: list[ArchivalCitation] = []
    pos = 0
    while True:
        found = _REPOSITORY.search(text, pos)
        if not found:
            return citations
        levels = _levels_after(text, found.end())
        unknown = found.group("unknown")
        # an unknown repository must look like an abbreviation and start at the fond
        if not levels or (unknown and (levels[0].type != "fond"
                                       or sum(c.isupper() for c in unknown) < 2)):
            pos = found.start() + 1
            continue
        repo_text = found.group("repo")
        key = (found.group("abbr") or "").casefold()
        abbr = _BY_SPELLING.get(repo_text.casefold()) or _BY_SPELLING.get(key)
        if found.group("unknown"):
            repository, ref = repo_text, None
        elif abbr:
            repository, ref = abbr, REPOSITORIES[abbr][0]
        else:
            repository, ref = repo_text, None
        start, end = found.start(), levels[-1].end
        citations.append(ArchivalCitation(
            repository=repository, repository_ref=ref, as_written=text[start:end],
            start=start, end=end, levels=levels, repository_as_written=repo_text,
        ))
        pos = end


def _identifier(cit: ArchivalCitation, tag: str) -> etree._Element:
    element = etree.Element(tei(tag))
    repository = etree.SubElement(element, tei("repository"))
    repository.text = cit.repository_as_written or cit.repository
    if cit.repository_ref:
        repository.set("ref", f"{REGISTER_FILE}#{cit.repository_ref}")
    reference = etree.SubElement(element, tei("idno"), type="archival-reference")
    if not cit.levels:
        return element
    # Separators between levels are kept as tails so the text reads as written.
    offset = cit.start
    previous = None
    for level in cit.levels:
        if level.start < 0:  # levels built by hand: join with the usual separator
            gap = ", " if previous is not None else ""
        else:
            gap = cit.as_written[previous.end - offset: level.start - offset] if previous else ""
        if previous is not None:
            prev_el = reference[-1]
            prev_el.tail = gap
        child = etree.SubElement(reference, tei("idno"), type=level.type, n=level.value)
        child.text = level.as_written
        previous = level
    return element


def citation_to_tei(cit: ArchivalCitation, *, primary: bool) -> etree._Element:
    """`<msIdentifier>` for the primary citation, `<altIdentifier>` for any other."""
    return _identifier(cit, "msIdentifier" if primary else "altIdentifier")


def citations_to_msidentifier(cits: list[ArchivalCitation]) -> etree._Element:
    """The first citation as `<msIdentifier>`, the rest as its `<altIdentifier>` children."""
    if not cits:
        raise ValueError("an msIdentifier needs at least one citation")
    main = citation_to_tei(cits[0], primary=True)
    for cit in cits[1:]:
        main.append(citation_to_tei(cit, primary=False))
    return main


def citation_to_msdesc(cit: ArchivalCitation, title: str, ms_id: str) -> etree._Element:
    """One archival object as the Guidelines' manuscript chapter describes it:

        <msDesc xml:id="…-ms1">
          <msIdentifier>
            <settlement>Moscow</settlement>  <repository ref="…#org-aprf">APRF</repository>
            <collection type="fond" n="3">Fond 3</collection> <collection type="opis" n="65">Opis 65</collection>
            <idno type="delo" n="830">Delo 830</idno>
          </msIdentifier>
          <msContents><msItem><locus type="folios" from="60" to="71">Listy 60-71</locus><title>…</title></msItem></msContents>
        </msDesc>

    Levels are written as the citation writes them; the leaves or pages are a locus of
    the item, not part of the shelfmark. msContents is given only when the citation
    names leaves or pages.
    """
    ms = etree.Element(tei("msDesc"))
    ms.set("{http://www.w3.org/XML/1998/namespace}id", ms_id)
    ident = etree.SubElement(ms, tei("msIdentifier"))
    if cit.repository in SETTLEMENTS:
        settlement, country = SETTLEMENTS[cit.repository]
        etree.SubElement(ident, tei("country")).text = country
        etree.SubElement(ident, tei("settlement")).text = settlement
    repository = etree.SubElement(ident, tei("repository"))
    repository.text = cit.repository_as_written or cit.repository
    if cit.repository_ref:
        repository.set("ref", f"{REGISTER_FILE}#{cit.repository_ref}")
    for level in cit.levels:
        if level.type in COLLECTION_LEVELS:
            etree.SubElement(ident, tei("collection"), type=level.type, n=level.value).text = level.as_written
    shelf = [level for level in cit.levels if level.type not in COLLECTION_LEVELS + EXTENT_LEVELS]
    for level in shelf:
        etree.SubElement(ident, tei("idno"), type=level.type, n=level.value).text = level.as_written
    extents = [level for level in cit.levels if level.type in EXTENT_LEVELS]
    if extents:
        item = etree.SubElement(etree.SubElement(ms, tei("msContents")), tei("msItem"))
        for level in extents:
            first, _, last = level.value.partition("-")
            locus = etree.SubElement(item, tei("locus"), type=level.type, **{"from": first, "to": last or first})
            locus.text = level.as_written
        etree.SubElement(item, tei("title")).text = title
    return ms


_NUMBER_LABEL = r"(?:No\.|NO\.|Nº|N°|№|Nr\.)"
_DOC_NUMBER = re.compile(
    rf"(?<![\w])(?P<label>{_NUMBER_LABEL}) ?"
    r"(?P<number>\d[\w/-]*(?<=[\w]))"
)
_PART_LABELS = re.compile(
    r"(?i:attachment|appendix|annex|enclosure|item|point|paragraph|article|page|section|"
    r"chapter|part|copy|приложение|пункт|статья)\s*$"
)
_TELEGRAM = re.compile(r"(?i:telegram|телеграмма|шифртелеграмма|cable)\s*$")
_MINUTES = re.compile(r"(?i:minutes|protocol|протокол|протокола)\s*$")


def find_document_numbers(text: str) -> list[Span]:
    """`idno` spans around document, telegram and minutes numbers."""
    spans = []
    for found in _DOC_NUMBER.finditer(text):
        before = text[max(0, found.start() - 40): found.start()]
        if _PART_LABELS.search(before):
            continue
        if _TELEGRAM.search(before):
            kind = "telegram-number"
        elif _MINUTES.search(before):
            kind = "minutes-number"
        else:
            kind = "document-number"
        start, end = found.span("number")
        spans.append(Span(start, end, "idno", {"type": kind}, priority=1))
    return spans
