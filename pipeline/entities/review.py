"""`pipeline entities`: the machine-proposed names of the edition, and their acceptance.

A proposed name is a persName/placeName/orgName that carries the recognisers' `@resp`
and no `@ref`. The review groups them by kind and normalised form (capitals, Russian case
endings and possessives set aside), with every variant as written, its languages, counts
and documents, and the register entry an editor would add for it.

Accepting a group adds it to its register (a new entry, or new variants of an entry the
editor names), records the change in the register's revisionDesc, and re-marks every
document: unedited documents are converted again (the register change makes them stale),
and in documents an editor has changed, the proposed mentions of that group become
confirmed ones (`@ref`, no `@resp`/`@cert`) in place, and nothing else changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree

from ..errors import PipelineError, Problem
from ..project import REGISTER_FILES, Project
from ..xmlio import NS, XML_NS, parse, serialize, tei, write_atomic
from .annotate import RECOGNISER_SUFFIX
from .registers import ENTRY_ELEMENTS, load_registers

KIND_OF_TAG = {"persName": "person", "placeName": "place", "orgName": "org"}
TAG_OF_KIND = {v: k for k, v in KIND_OF_TAG.items()}
ID_PREFIX = {"person": "pers", "place": "place", "org": "org"}
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
LIST_ELEMENTS = {"person": "listPerson", "place": "listPlace", "org": "listOrg"}


@dataclass
class ProposedName:
    kind: str
    form: str  # the normalised form the group is known by
    variants: Counter = field(default_factory=Counter)  # (surface, lang) -> mentions
    documents: Counter = field(default_factory=Counter)  # document file name -> mentions
    # The name's counterparts in the aligned translation (entities/parallel.py): register
    # entries they are marked as, and other proposed forms (surface, lang).
    counterparts: Counter = field(default_factory=Counter)
    translations: Counter = field(default_factory=Counter)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.form.casefold()}"

    @property
    def count(self) -> int:
        return sum(self.variants.values())

    @property
    def languages(self) -> list[str]:
        return sorted({lang for _, lang in self.variants})

    def proposed_id(self) -> str:
        return f"{ID_PREFIX[self.kind]}-{slug(self.form)}"

    def preferred(self) -> tuple[str, str]:
        """The preferred name of a new entry: the commonest Latin-script variant, else the commonest."""
        latin = [(n, s, l) for (s, l), n in self.variants.items() if _is_latin(s)]
        pool = latin or [(n, s, l) for (s, l), n in self.variants.items()]
        n, surface, lang = max(pool, key=lambda t: (t[0], not t[1].isupper(), t[1]))
        return (_display(surface) if surface.isupper() else surface), lang


def _is_latin(text: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text)


def _display(text: str) -> str:
    """"KIM IL SUNG" -> "Kim Il Sung": capitals are a telegram's style, not the name's."""
    return " ".join("-".join(p[:1] + p[1:].lower() for p in w.split("-")) for w in text.split())


def _russian_normal(word: str) -> str:
    from . import models

    parses = models.morphology().parse(word)
    # Prefer the reading as a name (first name, surname, place) over a common noun.
    named = [p for p in parses if {"Name", "Surn", "Geox", "Orgn", "Patr"} & set(p.tag.grammemes)]
    best = (named or parses)[0]
    normal = best.normal_form
    return normal[:1].upper() + normal[1:] if word[:1].isupper() else normal


def normalise(surface: str, lang: str) -> str:
    """The form a mention is grouped under."""
    text = unicodedata.normalize("NFKC", surface).replace("\u2019", "'")
    text = re.sub(r"'s$", "", " ".join(text.split()))
    if text.isupper() and len(text) > 3:
        text = _display(text)
    if lang.startswith("ru") and re.search("[а-яё]", text, re.I):
        text = " ".join(_russian_normal(w) if re.fullmatch(r"[А-ЯЁа-яё-]+", w) else w for w in text.split())
    return text


_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
                      "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"]))


def slug(text: str) -> str:
    """An xml:id-safe slug in Latin letters: Cyrillic transliterated, Chinese in pinyin."""
    out = []
    for ch in text.lower():
        if ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
        elif "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            from pypinyin import lazy_pinyin

            out.append(" " + lazy_pinyin(ch)[0])
        else:
            out.append(ch)
    ascii_text = unicodedata.normalize("NFKD", "".join(out)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


def _is_proposal(el: etree._Element) -> bool:
    return el.get("ref") is None and (el.get("resp") or "").endswith(RECOGNISER_SUFFIX)


def _mentions(root: etree._Element):
    for tag, kind in KIND_OF_TAG.items():
        for el in root.iterfind(f".//tei:text//tei:{tag}", NS):
            if _is_proposal(el):
                lang = el.xpath("string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)") or "en"
                yield el, kind, " ".join("".join(el.itertext()).split()), lang


def collect(project: Project, paths: list[Path] | None = None) -> list[ProposedName]:
    """Every machine-proposed name in the documents, grouped; most mentioned first."""
    groups: dict[str, ProposedName] = {}
    for path in paths or project.document_paths():
        root = parse(path).getroot()
        ids = None
        for el, kind, surface, lang in _mentions(root):
            form = normalise(surface, lang)
            group = groups.setdefault(f"{kind}:{form.casefold()}", ProposedName(kind, form))
            group.variants[(surface, lang)] += 1
            group.documents[Path(path).name] += 1
            if el.get("corresp"):
                ids = ids if ids is not None else {e.get(XML_ID): e for e in root.xpath("//*[@xml:id]")}
                other = ids.get(el.get("corresp").lstrip("#"))
                if other is None:
                    continue
                if other.get("ref"):
                    group.counterparts[other.get("ref").rsplit("#", 1)[-1]] += 1
                elif _is_proposal(other):
                    other_lang = other.xpath("string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)") or "en"
                    group.translations[(" ".join("".join(other.itertext()).split()), other_lang)] += 1
    return sorted(groups.values(), key=lambda g: (-g.count, g.kind, g.form.casefold()))


@dataclass
class Acceptance:
    entry_id: str
    register: Path
    new_entry: bool
    forms_added: list[str]
    edited_documents: list[Path]
    problems: list[Problem] = field(default_factory=list)


def accept(project: Project, form: str, *, kind: str | None = None, as_id: str | None = None,
           new_id: str | None = None, paths: list[Path] | None = None) -> Acceptance:
    """Add the proposed names grouped under `form` to a register and mark them confirmed.

    `kind` picks the group when one form is proposed as two kinds (and turns the mentions
    into that kind); `as_id` adds the forms as variants of that existing entry; `new_id`
    names a new entry's xml:id (default: from its preferred name).
    """
    groups = [g for g in collect(project, paths) if g.form.casefold() == normalise(form, "en").casefold()
              or g.form.casefold() == form.casefold()]
    if kind is not None:
        if kind not in ID_PREFIX:
            raise PipelineError(Problem("--kind", 0, 0, f"unknown kind {kind!r}; use person, place or org"))
        groups = [g for g in groups if g.kind == kind] or groups[:1]
    if not groups:
        raise PipelineError(Problem(form, 0, 0, "no machine-proposed name has this form; "
                                                "run `pipeline entities` to see the forms"))
    if len(groups) > 1:
        kinds = ", ".join(g.kind for g in groups)
        raise PipelineError(Problem(form, 0, 0, f"proposed as several kinds ({kinds}); choose one with --kind"))
    group = groups[0]
    registers = load_registers(project.tei)
    if as_id is not None:
        if as_id not in registers:
            raise PipelineError(Problem(as_id, 0, 0, "no register entry has this xml:id"))
        entry = registers[as_id]
        kind = entry.kind
    else:
        kind = kind or group.kind
    register_path = project.tei / REGISTER_FILES[kind]
    tree = parse(register_path)
    root = tree.getroot()
    if as_id is not None:
        entry_id, new_entry = as_id, False
        entry_el = root.xpath("//*[@xml:id = $i]", i=as_id)[0]
        known = {f.text for f in registers[as_id].forms}
    else:
        entry_id = new_id or group.proposed_id()
        if entry_id in registers or root.xpath("//*[@xml:id = $i]", i=entry_id):
            raise PipelineError(Problem(register_path, 0, 0, f"xml:id {entry_id!r} is taken; give another with "
                                                             "--id, or add the forms to it with --as"))
        entry_el = _new_entry(root, kind, entry_id, group)
        new_entry = True
        known = {group.preferred()[0]}
    name_tag = ENTRY_ELEMENTS[kind][1]
    added = []
    # The group's own forms, then its counterparts' in the aligned translation.
    for (surface, lang), _ in group.variants.most_common() + group.translations.most_common():
        form_text = _display(surface) if surface.isupper() else surface
        if lang.startswith("ru"):
            form_text = normalise(surface, lang)  # a register names a person in the nominative
        if form_text in known:
            continue
        known.add(form_text)
        variant = etree.Element(tei(name_tag), type="variant")
        variant.set(XML_LANG, lang)
        variant.text = form_text
        names = entry_el.findall(f"tei:{name_tag}", NS)
        if names:
            names[-1].addnext(variant)
        else:
            entry_el.insert(0, variant)
        added.append(form_text)
    _record_change(root, f"{'Added' if new_entry else 'Extended'} {entry_id} from the machine-proposed "
                         f"name {group.form!r} ({group.count} mention(s) in {len(group.documents)} document(s)); "
                         f"forms added: {', '.join(added) or 'none'}.")
    write_atomic(register_path, serialize(tree, _prolog(tree)))
    edited = _confirm_in_edited_documents(project, group, entry_id, kind, paths)
    # Unedited documents are stale now that a register changed: converting them again
    # marks the new entry everywhere, also where the recognisers had missed it.
    from ..convert import convert_all

    refreshed = convert_all(project, None, quiet_edited=True)
    problems = [p for o in refreshed if o.status == "failed" for p in o.warnings]
    return Acceptance(entry_id, register_path, new_entry, added, edited, problems)


def _new_entry(root: etree._Element, kind: str, entry_id: str, group: ProposedName) -> etree._Element:
    entry_tag, name_tag = ENTRY_ELEMENTS[kind]
    listing = root.find(f".//tei:{LIST_ELEMENTS[kind]}", NS)
    if listing is None:
        raise PipelineError(Problem(root.getroottree().docinfo.URL or "register", 0, 0,
                                    f"register has no {LIST_ELEMENTS[kind]}"))
    entry = etree.SubElement(listing, tei(entry_tag))
    entry.set(XML_ID, entry_id)
    preferred, lang = group.preferred()
    name = etree.SubElement(entry, tei(name_tag), type="preferred")
    name.set(XML_LANG, lang)
    name.text = preferred
    note = etree.SubElement(entry, tei("note"), type="provenance")
    note.text = (f"Accepted by the editors on {date.today().isoformat()} from a name proposed automatically in "
                 f"{', '.join(sorted(group.documents))}.")
    return entry


def _record_change(root: etree._Element, text: str) -> None:
    header = root.find("tei:teiHeader", NS)
    revision = header.find("tei:revisionDesc", NS)
    if revision is None:
        revision = etree.SubElement(header, tei("revisionDesc"))
    change = etree.SubElement(revision, tei("change"), when=date.today().isoformat())
    change.text = text


def _prolog(tree: etree._ElementTree) -> list[str]:
    pis = []
    node = tree.getroot().getprevious()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction):
            pis.insert(0, etree.tostring(node, encoding="unicode"))
        node = node.getprevious()
    return pis


def _confirm_in_edited_documents(project: Project, group: ProposedName, entry_id: str, kind: str,
                                 paths: list[Path] | None) -> list[Path]:
    """Turn the group's proposals into confirmed mentions in documents an editor has changed."""
    from ..convert import is_edited, load_state

    state = load_state(project)
    pointer = f"{REGISTER_FILES[kind]}#{entry_id}"
    changed = []
    for path in paths or project.document_paths():
        if Path(path).name not in group.documents or not is_edited(project, Path(path), state):
            continue
        tree = parse(path)
        hits = 0
        for el, mention_kind, surface, lang in list(_mentions(tree.getroot())):
            if mention_kind != group.kind or normalise(surface, lang).casefold() != group.form.casefold():
                continue
            el.tag = tei(TAG_OF_KIND[kind])
            el.set("ref", pointer)
            for attr in ("resp", "cert"):
                el.attrib.pop(attr, None)
            hits += 1
        if hits:
            write_atomic(Path(path), serialize(tree, _prolog(tree)))
            changed.append(Path(path))
    return changed
