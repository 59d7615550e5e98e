"""What the encoding decides once names, places and dates are marked (annotation runs between).

* `before_annotation`: names built from the source editor's brackets get their register
  entry (inline.link_readings), so the recogniser skips them and counts each once.
* `after_annotation`:
  - names the text gives by ellipsis get their own entry: in "North and South Korea" (or
    "Северной и Южной Кореи") "North" is North Korea, since "North Korea" is a name the
    registers know, and "South Korea" stays South Korea; in "the Government of the PRC
    (DPRK)" the bracketed "DPRK" stands for the Government of the DPRK, an organisation,
    since the body's name with the bracketed state put in is a register name (the
    registers' policy on kinds, tei/*.xml encodingDesc);
  - the place of writing in a dateline is a placeName ("At the Headquarters of …",
    "一九五三年六月二十九日于" / "联合国军总司令部");
  - every letter or telegram (the document itself, a letter it quotes, an enclosure,
    a draft an enclosure holds) gets a correspDesc built from its own parts: senders
    from the signatures, addressees from the salutation or address, places and dates
    from the datelines ("From BEIJING Received 13:55 3.7.1951"), falling back on a
    heading or the covering text ("draft letters of the Government of the USSR to
    Comrades Mao Zedong and Kim Il Sung (Attachment No. 1)"); the division points to
    it with @decls;
  - an archival unit that another document of the edition places in a different
    archive is flagged (a note in msItem, cert="low" on the repository).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from lxml import etree

from ..xmlio import NS, XML_NS, parse, tei
from .inline import link_readings

XML_ID = f"{{{XML_NS}}}id"
NAMES = ("persName", "orgName")
SENT_CUE = re.compile(r"(?:^|\s)(?:From|Из|Sent|Отправлено|发自)\s*$", re.I)
RECEIVED_CUE = re.compile(r"(?:^|\s)(?:Received|Получено|Поступила|收到)\s*$", re.I)
LOCATIVE = re.compile(r"^\s*(?:At|In|В|Во)\s+(?:the\s+)?", re.I)
PARTIES = re.compile(r"\bfrom\s+(?:the\s+)?(.+?)\s+to\s+(?:the\s+)?(.+?)(?:\s+(?:with|concerning|on|regarding|about)\b.*)?$",
                     re.I)
COVER = re.compile(r"(draft\s+)?(?:letters?|telegrams?|messages?)\s+(?:of|from)\s+(?:the\s+)?(.+?)\s+to\s+(.+?)\s*"
                   r"\((?:Attachment|Enclosure|Appendix|Приложение)\s+(?:No\.?|Nº|№)?\s*(\d+)\)", re.I)
LETTER_GENRES = {"letter", "telegram"}


def before_annotation(root: etree._Element, registers) -> None:
    link_readings(root, registers)


def after_annotation(root: etree._Element, registers) -> None:
    complete_elliptic_names(root, registers)
    place_datelines(root)
    describe_correspondence(root)
    directory = getattr(registers, "directory", None)
    if directory is not None:
        flag_archival_conflicts(root, Path(directory))


# ---------------------------------------------------------------------------- elliptic names

REGISTER_NAMES = ("persName", "placeName", "orgName")
# "North and South Korea", "Северной и Южной Кореи": a modifier, a conjunction, then the name.
COORDINATED = re.compile(r"(?<![\w-])(?P<mod>[^\W\d_][\w-]*)\s+(?:and|or|и|или|&)\s+$")
# "Government of the PRC (DPRK)": a name, then a bracketed alternative to part of it.
BRACKETED = re.compile(r"^\s*\(\s*$")


def _plain_name(el) -> bool:
    return (isinstance(el.tag, str) and etree.QName(el).localname in REGISTER_NAMES
            and el.get("ref") and len(el) == 0 and bool((el.text or "").strip()))


def _lang(el) -> str:
    for a in el.iterancestors():
        if a.get(f"{{{XML_NS}}}lang"):
            return a.get(f"{{{XML_NS}}}lang")
    return el.get(f"{{{XML_NS}}}lang") or "en"


def _whole_name(text: str, lang: str, registers):
    """The (tag, ref) of `text` when the registers know it as one name, all of it."""
    from ..entities.recognize import name_spans

    spans = name_spans(text, lang, registers)
    if len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(text):
        return spans[0].tag, spans[0].attrib["ref"]
    return None


def _pipeline_resp(root) -> dict:
    resp = f"{root.get(XML_ID) or 'doc'}-pipeline"
    return {"resp": "#" + resp} if root.xpath("//tei:respStmt[@xml:id = $r]", namespaces=NS, r=resp) else {}


def complete_elliptic_names(root: etree._Element, registers) -> None:
    """Give a name the text leaves elliptic the register entry it stands for (see the module doc)."""
    resp = _pipeline_resp(root)
    for el in list(root.iterfind(".//tei:text//*[@ref]", NS)):
        if not _plain_name(el):
            continue
        lang = _lang(el)
        _coordinated(el, lang, registers, resp)
        _bracketed(el, lang, registers, resp)


def _text_before(el) -> tuple[str, object, bool]:
    prev = el.getprevious()
    if prev is not None:
        return prev.tail or "", prev, True
    return el.getparent().text or "", el.getparent(), False


def _unwrap(el) -> None:
    """Put an element's text back into its parent's text, where it stood."""
    text = (el.text or "") + (el.tail or "")
    prev, parent = el.getprevious(), el.getparent()
    if prev is not None:
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(el)


def _proposal(el) -> bool:
    """A name a recogniser proposed (no register entry): the modifier may sit in one ("North and")."""
    return (el is not None and isinstance(el.tag, str) and etree.QName(el).localname in REGISTER_NAMES
            and not el.get("ref") and len(el) == 0 and (el.get("resp") or "").endswith("-ner"))


def _coordinated(el, lang: str, registers, resp: dict) -> None:
    words = (el.text or "").split(None, 1)
    if len(words) != 2:
        return
    prev = el.getprevious()
    if _proposal(prev) and COORDINATED.search((prev.text or "") + (prev.tail or "")):
        _unwrap(prev)
    before, holder, is_tail = _text_before(el)
    m = COORDINATED.search(before)
    if not m:
        return
    mod = m.group("mod")
    if not mod[:1].isupper() or mod == words[0]:
        return
    found = _whole_name(f"{mod} {words[1]}", lang, registers)
    own = etree.QName(el).localname
    if not found or found[0] != own or found[1] == el.get("ref"):
        return
    # The modifier alone names its own entry: <placeName ref="…north-korea">North</placeName>
    new = etree.Element(tei(own), {"ref": found[1], **resp})
    new.text = mod
    new.tail = before[m.start("mod") + len(mod):]
    if is_tail:
        holder.tail = before[:m.start("mod")]
        holder.addnext(new)
    else:
        holder.text = before[:m.start("mod")]
        holder.insert(0, new)


def _bracketed(el, lang: str, registers, resp: dict) -> None:
    """<orgName>Government of the PRC</orgName> (<placeName>DPRK</placeName>) -> the second an org."""
    nxt = el.getnext()
    if nxt is None or not _plain_name(nxt) or not BRACKETED.match(el.tail or ""):
        return
    if not (nxt.tail or "").lstrip().startswith(")"):
        return
    own, alt = etree.QName(el).localname, etree.QName(nxt).localname
    if own == alt:
        return
    text, inner = el.text, nxt.text.strip()
    from ..entities.registers import MENTION_TAGS

    # every register name inside the first one, overlapping ones included ("PRC" in it)
    for start, end, entry_id in registers.matcher.find(text, lang):
        if MENTION_TAGS[registers[entry_id].kind] != alt or (start, end) == (0, len(text)):
            continue
        found = _whole_name(text[:start] + inner + text[end:], lang, registers)
        if found and found[0] == own and found[1] != el.get("ref"):
            nxt.tag = tei(own)
            nxt.set("ref", found[1])
            for k, v in resp.items():
                nxt.set(k, v)
            return


# ---------------------------------------------------------------------------- places of writing

def place_datelines(root: etree._Element) -> None:
    for dateline in root.iterfind(".//tei:text//tei:dateline", NS):
        if dateline.find("tei:date", NS) is not None or dateline.find("tei:placeName", NS) is not None:
            continue
        prev = dateline.getprevious()
        after_locative = (prev is not None and prev.tag == tei("dateline")
                          and "".join(prev.itertext()).rstrip().endswith(("于", " в", " at", " in")))
        lead = LOCATIVE.match(dateline.text or "")
        if not (after_locative or lead):
            continue
        place = etree.Element(tei("placeName"))
        place.text = (dateline.text or "")[lead.end() if lead else 0:]
        dateline.text = (dateline.text or "")[:lead.end()] if lead else None
        for child in list(dateline):
            place.append(child)
        place.tail = None
        dateline.append(place)


# ---------------------------------------------------------------------------- correspondence

def _genre(root) -> str:
    return root.xpath("string(tei:teiHeader//tei:textClass//tei:term[@type='genre'])", namespaces=NS).strip().lower()


def _own(div, path: str) -> list:
    return [e for e in div.xpath(path, namespaces=NS) if next(e.iterancestors(tei("div"))) is div]


def _parties(els: list) -> list:
    """Copies of the persons named in `els`, or of the organisations if no person is named."""
    found = {name: [e for el in els for e in el.iter(tei(name)) if not _inside_name(e, el)] for name in NAMES}
    chosen = found["persName"] or found["orgName"]
    out, seen = [], set()
    for e in chosen:
        key = e.get("ref") or " ".join("".join(e.itertext()).split())
        if key in seen:
            continue
        seen.add(key)
        c = etree.Element(e.tag, {k: v for k, v in e.attrib.items() if k in ("ref",)})
        c.text = _reading(e)
        out.append(c)
    return out


def _reading(e) -> str:
    """The text as written: a name's original reading, without the editor's regularisation."""
    parts = []

    def walk(el):
        if el.tag in (tei("reg"), tei("corr"), tei("expan")):
            return
        parts.append(el.text or "")
        for child in el:
            walk(child)
            parts.append(child.tail or "")

    walk(e)
    return " ".join("".join(parts).split())


def _inside_name(e, top) -> bool:
    """True when `e` is part of a larger name below `top` (an orgName inside a placeName…)."""
    for a in e.iterancestors():
        if a is top:
            return False
        if a.tag in (tei("persName"), tei("orgName"), tei("placeName")):
            return True
    return False


def _role(text: str) -> etree._Element:
    """A party named by office only ("CC SECRETARY"): a person by role, as the text gives it."""
    pers = etree.Element(tei("persName"))
    role = etree.SubElement(pers, tei("roleName"))
    role.text = " ".join(text.split())
    return pers


def _dateline_parts(datelines: list) -> dict:
    """{'sent': [...], 'received': [...]} of placeName/date found in datelines, by their cue words."""
    out = {"sent": [], "received": []}
    for dl in datelines:
        cue = "sent"
        text = dl.text or ""
        if RECEIVED_CUE.search(text):
            cue = "received"
        for child in dl:
            if child.tag in (tei("placeName"), tei("date")):
                if child.tag == tei("date") and not child.get("when") and not child.get("from"):
                    pass
                else:
                    out[cue].append(child)
            tail = child.tail or ""
            if RECEIVED_CUE.search(tail):
                cue = "received"
            elif SENT_CUE.search(tail):
                cue = "sent"
    return out


def _letter_units(root) -> list[tuple[etree._Element, str | None]]:
    """(division, how it was found) of every letter-like part, in the first version."""
    versions = root.xpath("tei:text/tei:body/tei:div", namespaces=NS)
    if not versions:
        return []
    # The translation carries the names in the header's language; else the first version.
    version = next((v for v in versions if v.get(f"{{{XML_NS}}}lang") == "en"), versions[0])
    units = []
    parts = version.xpath(".//tei:div", namespaces=NS)
    whole_is_letter = _genre(root) in LETTER_GENRES
    if not parts:
        if whole_is_letter:
            units.append((version, "document"))
        return units
    for div in parts:
        # A letter has a salutation or an address; a signature alone (a resolution) does not make one.
        letter_like = _own(div, "tei:opener/tei:salute | tei:salute | tei:address | tei:opener/tei:address")
        if div.get("type") == "letter" or letter_like:
            units.append((div, div.get("type")))
        elif div.get("type") == "attachment" and (_heading_parties(div) or _cover_parties(root, div)[0]):
            units.append((div, "attachment"))
    if whole_is_letter and not units:
        units.append((parts[0], "document"))
    return units


def _heading_parties(div):
    for head in _own(div, "tei:head"):
        text = " ".join("".join(head.itertext()).split())
        if re.search(r"\b(?:telegram|letter|message|cable)\b", text, re.I) and (m := PARTIES.search(text)):
            return m, head
    return None


def _from_heading(div) -> tuple[list, list]:
    found = _heading_parties(div)
    if not found:
        return [], []
    m, _ = found
    return [_role(m.group(1))], [_role(m.group(2))]


def _covered_as_draft(root) -> bool:
    """The covering document calls what it encloses a draft ("Approve the attached draft of the telegram")."""
    first = root.find("tei:text/tei:body/tei:div/tei:div", NS)
    text = " ".join("".join(p.itertext()) for p in first.iterfind(".//tei:p", NS)) if first is not None else ""
    return bool(re.search(r"\battached\s+draft|\bdraft\s+(?:letters?|telegrams?|messages?)\b", text, re.I))


def _cover_parties(root, div) -> tuple[list, list, bool]:
    """Parties of enclosure n named by the covering text: "draft letters of X to Y (Attachment No. n)"."""
    n = div.get("n")
    if not n:
        return [], [], False
    for p in root.xpath(".//tei:text//tei:p | .//tei:text//tei:item", namespaces=NS):
        text = "".join(p.itertext())
        for m in COVER.finditer(text):
            if m.group(4) != n:
                continue
            senders, addressees = [], []
            pos = len(p.text or "")
            for child in p:
                start = pos
                pos += len("".join(child.itertext())) + len(child.tail or "")
                if child.tag not in (tei("persName"), tei("orgName")):
                    continue
                if m.start(2) <= start < m.end(2):
                    senders.append(child)
                elif m.start(3) <= start < m.end(3):
                    addressees.append(child)
            if senders or addressees:
                return _parties(senders), _parties(addressees), bool(m.group(1))
    return [], [], False


def describe_correspondence(root: etree._Element) -> None:
    profile = root.find("tei:teiHeader/tei:profileDesc", NS)
    if profile is None:
        return
    existing = profile.findall("tei:correspDesc", NS)
    units = _letter_units(root)
    if not units:
        return
    doc_id = root.get(XML_ID) or "doc"
    fallback = existing[0] if existing else None
    descs = []
    for k, (div, how) in enumerate(units, start=1):
        salute = _own(div, "tei:opener/tei:salute | tei:salute")
        address = _own(div, "tei:address/tei:addrLine | tei:opener/tei:address/tei:addrLine")
        signed = _own(div, "tei:closer/tei:signed | tei:signed")
        datelines = _own(div, "tei:opener/tei:dateline | tei:closer/tei:dateline | tei:dateline")
        senders = _parties(signed) or ([_role(" ".join("".join(s.itertext()).split())) for s in signed[:1]]
                                       if signed else [])
        addressees = _parties(address) or _parties(salute)
        draft = div.get("type") == "attachment" and _covered_as_draft(root)
        if not senders or not addressees:
            h_send, h_recv = _from_heading(div)
            c_send, c_recv, cover_draft = _cover_parties(root, div)
            draft = draft or cover_draft
            senders = senders or c_send or h_send
            addressees = addressees or c_recv or h_recv
        places = _dateline_parts(datelines)
        # A place in the address ("NORTH KOREA / TO THE SOVIET AMBASSADOR") is where it goes.
        places["received"] += [p for line in address for p in line.iter(tei("placeName"))]
        if how == "document" and fallback is not None:
            # The title's parties stand in where the text names none.
            if not senders:
                senders = [copy.deepcopy(e) for e in fallback.xpath("tei:correspAction[@type='sent']/*[not(self::tei:date)]", namespaces=NS)]
            if not addressees:
                addressees = [copy.deepcopy(e) for e in fallback.xpath("tei:correspAction[@type='received']/*[not(self::tei:date)]", namespaces=NS)]
            if not places["sent"] or not any(e.tag == tei("date") for e in places["sent"]):
                places["sent"] += [copy.deepcopy(e) for e in fallback.xpath("tei:correspAction[@type='sent']/tei:date", namespaces=NS)]
        if not senders and not addressees:
            continue
        desc = etree.Element(tei("correspDesc"))
        desc.set(XML_ID, f"{doc_id}-corresp{k}")
        if draft:
            desc.set("type", "draft")
        for type_, names in (("sent", senders), ("received", addressees)):
            extra = places[type_]
            if not names and not extra:
                continue
            action = etree.SubElement(desc, tei("correspAction"), type=type_)
            for e in names:
                action.append(copy.deepcopy(e))
            for e in sorted(extra, key=lambda e: e.tag != tei("placeName")):
                c = etree.SubElement(action, e.tag, {a: v for a, v in e.attrib.items() if a in ("ref", "when", "from", "to", "cert", "evidence")})
                c.text = " ".join("".join(e.itertext()).split())
        descs.append((div, desc))
    if not descs:
        return
    for old in existing:
        profile.remove(old)
    anchor = profile.find("tei:textClass", NS)
    for div, desc in descs:
        if anchor is not None:
            anchor.addprevious(desc)
        else:
            profile.append(desc)
        for d in [div] + _counterparts(root, div):
            d.set("decls", " ".join(((d.get("decls") or "").split()) + ["#" + desc.get(XML_ID)]))


def _counterparts(root, div) -> list:
    """The same division in the other language versions (paired by @corresp)."""
    out = []
    for token in (div.get("corresp") or "").split():
        found = root.xpath("//*[@xml:id=$i]", i=token[1:])
        out += [f for f in found if f.tag == tei("div")]
    return out


# ---------------------------------------------------------------------------- archival conflicts

def _unit(ms) -> tuple:
    ident = ms.find("tei:msIdentifier", NS)
    levels = tuple((c.get("type"), c.get("n")) for c in ident if c.tag in (tei("collection"), tei("idno")))
    return levels


def _repository_key(repo) -> str:
    return repo.get("ref") or " ".join((repo.text or "").split())


def _documents(directory: Path):
    """(path, root) of every readable TEI file of `directory`."""
    for path in sorted(directory.glob("*.xml")):
        try:
            yield path, parse(path).getroot()
        except Exception:  # an unreadable neighbour is validation's business, not ours
            continue


def _archival_objects(documents) -> dict[tuple, list[tuple[str, str, etree._Element, tuple]]]:
    """{unit: [(how to name its document, the document's xml:id, repository, unit)]} of the documents."""
    others: dict[tuple, list] = {}
    for path, other in documents:
        for ms in other.iterfind("tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:msDesc", NS):
            repo = ms.find("tei:msIdentifier/tei:repository", NS)
            if repo is not None:
                title = " ".join(other.xpath("string(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])",
                                             namespaces=NS).split())
                others.setdefault(_unit(ms), []).append((f"“{title}” ({other.get(XML_ID)}, {path.name})" if title else
                                                         f"{path.name} ({other.get(XML_ID)})", other.get(XML_ID), repo,
                                                         _unit(ms)))
    return others


def _conflicting(ms, objects, own_id: str | None):
    """The first object of another document with this object's fond, opis and file in another
    archive, or None."""
    repo = ms.find("tei:msIdentifier/tei:repository", NS)
    unit = _unit(ms)
    if repo is None or len(unit) < 3:
        return None
    for other in objects.get(unit, ()):
        if other[1] != own_id and _repository_key(other[2]) != _repository_key(repo):
            return other
    return None


def stale_archival_flags(directory: Path) -> list[Path]:
    """Documents of `directory` whose conflict flags are not what the other documents now call for.

    A document converted before its counterpart existed (or after it was corrected) has
    them wrong: `pipeline convert` converts it again, so the flags do not depend on the
    order in which sources were converted.
    """
    documents = list(_documents(directory))  # each file parsed once
    docs = [(path, root, mine) for path, root in documents
            if (mine := root.findall("tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:msDesc", NS))]
    if not docs:
        return []
    objects = _archival_objects((path, root) for path, root, _ in docs)
    stale = []
    for path, root, mine in docs:
        for ms in mine:
            flagged = ms.find("tei:msContents/tei:msItem/tei:note[@type='conflict']", NS) is not None
            if flagged != (_conflicting(ms, objects, root.get(XML_ID)) is not None):
                stale.append(path)
                break
    return stale


def flag_archival_conflicts(root: etree._Element, directory: Path) -> None:
    """An archival unit (fond, opis, file) another document places in another archive: flagged."""
    mine = root.findall("tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:msDesc", NS)
    if not mine:
        return
    objects = _archival_objects(_documents(directory))
    for ms in mine:
        found = _conflicting(ms, objects, root.get(XML_ID))
        if found is None:
            continue
        name, _, other_repo, _ = found
        repo = ms.find("tei:msIdentifier/tei:repository", NS)
        repo.set("cert", "low")
        contents = ms.find("tei:msContents", NS)
        if contents is None:
            contents = etree.SubElement(ms, tei("msContents"))
        item = contents.find("tei:msItem", NS)
        if item is None:
            item = etree.SubElement(contents, tei("msItem"))
            etree.SubElement(item, tei("title")).text = root.xpath(
                "string(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])", namespaces=NS)
        note = etree.SubElement(item, tei("note"), type="conflict")
        note.text = (f"The source places this unit in {repo.text}; the edition's document {name} cites the same "
                     f"fond, opis and file in {other_repo.text}. Both are recorded as given; "
                     "one of them is probably mistaken.")
