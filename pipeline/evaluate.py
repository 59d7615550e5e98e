"""Precision and recall of the annotation against the hand-made gold files.

Gold files live in tests/gold, one set per seed stem:

- `<stem>.names.json`: {"person"|"place"|"org": [[surface, register id], ...]};
- `<stem>.dates.json` (optional): {"date": [[surface, value], ...],
  "archival": [{"repository": ..., "levels": [[type, value], ...]}, ...],
  "docnum": [[surface, idno type], ...]}.

Each category compares multisets of (surface, value) pairs, so a name found twice
where the gold has it three times counts two true positives and one miss. The
surface is the element's text with whitespace normalised; the value is the
register id (names), @when or "@from/@to" (dates), or the idno @type (document
numbers). Names, dates and numbers are taken from tei:text; archival citations,
which sit in the header's msIdentifier, from the whole document and compared by
repository and levels only.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple, TextIO

from lxml import etree

from .xmlio import NS, parse

NAME_CATEGORIES = {"person": "persName", "place": "placeName", "org": "orgName"}
CATEGORIES = ("person", "place", "org", "date", "archival", "docnum")
DOCNUM_TYPES = ("document-number", "telegram-number", "minutes-number")

Pair = tuple[str, str]


class Score(NamedTuple):
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _normalise(text: str) -> str:
    # Square brackets are the source editor's marks, which the TEI turns into elements
    # ("Kim [Il Sung]" is persName with supplied): surfaces compare without them.
    return " ".join(text.replace("[", "").replace("]", "").split())


def _text_of(el: etree._Element) -> str:
    """The text as the source has it: a regularisation or correction inside a name is the editor's."""
    parts = []

    def walk(e):
        if e.tag in EDITORIAL_READINGS:
            return
        parts.append(e.text or "")
        for child in e:
            walk(child)
            parts.append(child.tail or "")

    walk(el)
    return _normalise("".join(parts))


EDITORIAL_READINGS = {f"{{{NS['tei']}}}{t}" for t in ("reg", "corr", "expan")}
LEVEL_ORDER = ("fond", "opis", "delo", "papka", "folios", "pages")


def _levels(pairs: list[tuple[str, str]]) -> str:
    ranked = sorted(pairs, key=lambda p: LEVEL_ORDER.index(p[0]) if p[0] in LEVEL_ORDER else len(LEVEL_ORDER))
    return ";".join(f"{t}={n}" for t, n in ranked)


def _repository_key(repository: str) -> str:
    # "AVP RF", "AVPRF" and "АВП РФ"-style spacing variants are the same archive
    return "".join(repository.split()).upper()


def found_pairs(root: etree._Element, ids: bool = True) -> dict[str, list[Pair]]:
    """Every annotation of a TEI document as (surface, value) pairs per category.

    With `ids` False, names are compared by surface and category only (value ""): the
    measure for sources whose names no register knows yet, where a gold key cannot
    name register entries.
    """
    found: dict[str, list[Pair]] = {c: [] for c in CATEGORIES}
    texts = root.xpath("//tei:text[not(ancestor::tei:text)]", namespaces=NS)
    for text in texts:
        for category, tag in NAME_CATEGORIES.items():
            for el in text.iterfind(f".//tei:{tag}", NS):
                value = el.get("ref", "").rsplit("#", 1)[-1] if ids else ""
                found[category].append((_text_of(el), value))
                # "FILIPPOV [Stalin]", "Panmunjeom [Panmunjom]": the archive's identification or
                # respelling names the entity a second time, and a gold key counts it as a
                # mention of its own.
                for reg in el.iterfind(".//tei:choice/tei:reg", NS):
                    found[category].append((_normalise("".join(reg.itertext())), value))
        for el in text.iterfind(".//tei:date", NS):
            value = el.get("when") or (
                f"{el.get('from')}/{el.get('to')}" if el.get("from") or el.get("to") else ""
            )
            found["date"].append((_text_of(el), value))
        for el in text.iterfind(".//tei:idno", NS):
            if el.get("type") in DOCNUM_TYPES:
                found["docnum"].append((_text_of(el), el.get("type")))
    # msDesc: collection levels and the shelfmark in msIdentifier, leaves or pages as msItem/locus.
    for ms in root.iterfind(".//tei:sourceDesc/tei:msDesc", NS):
        ident = ms.find("tei:msIdentifier", NS)
        repository = ident.findtext("tei:repository", default="", namespaces=NS)
        pairs = [(e.get("type"), e.get("n")) for e in ident if e.tag in (f"{{{NS['tei']}}}collection", f"{{{NS['tei']}}}idno")]
        for locus in ms.iterfind("tei:msContents/tei:msItem/tei:locus", NS):
            span = locus.get("from") if locus.get("from") == locus.get("to") else f"{locus.get('from')}-{locus.get('to')}"
            pairs.append((locus.get("type"), span))
        found["archival"].append((_repository_key(repository), _levels(pairs)))
    return found


def gold_pairs(gold_dir: Path, stem: str, ids: bool = True) -> dict[str, list[Pair]] | None:
    """The gold pairs of one seed; None when it has no names file. Absent dates gold = no categories."""
    names_path = Path(gold_dir) / f"{stem}.names.json"
    if not names_path.exists():
        return None
    gold: dict[str, list[Pair]] = {}
    names = json.loads(names_path.read_text(encoding="utf-8"))
    for category in NAME_CATEGORIES:
        gold[category] = [(_normalise(s), v if ids else "") for s, v in names.get(category, [])]
    dates_path = Path(gold_dir) / f"{stem}.dates.json"
    if dates_path.exists():
        dates = json.loads(dates_path.read_text(encoding="utf-8"))
        if "date" in dates:
            gold["date"] = [(_normalise(s), v) for s, v in dates["date"]]
        if "docnum" in dates:
            gold["docnum"] = [(_normalise(s), v) for s, v in dates["docnum"]]
        if "archival" in dates:
            gold["archival"] = [
                (
                    _repository_key(c.get("repository", "")),
                    _levels([(t, v) for t, v in c.get("levels", [])]),
                )
                for c in dates["archival"]
            ]
    return gold


def score(found: Iterable[Pair], gold: Iterable[Pair]) -> Score:
    f, g = Counter(found), Counter(gold)
    tp = sum((f & g).values())
    fp = sum(f.values()) - tp
    fn = sum(g.values()) - tp
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return Score(tp, fp, fn, precision, recall)


def gold_has_ids(gold_dir: Path) -> bool:
    """Whether every name of a gold folder names its register entry (else names match by surface)."""
    values = [v for p in Path(gold_dir).glob("*.names.json")
              for pairs in json.loads(p.read_text(encoding="utf-8")).values() for _, v in pairs]
    return bool(values) and all(values)


def evaluate(
    tei_paths: Iterable[Path],
    gold_dir: Path,
    gold_stem: Callable[[Path], str] = lambda p: p.stem,
    ids: bool | None = None,
) -> dict[str, Score]:
    """Scores per category over all `tei_paths` that have gold (found by `gold_stem(path)`).

    A category is scored only over the documents whose gold covers it, so a
    missing dates file does not turn every found date into a false positive.
    `ids`: compare names with their register ids (default: when the gold gives them all).
    """
    ids = gold_has_ids(gold_dir) if ids is None else ids
    found_all: dict[str, list[Pair]] = {c: [] for c in CATEGORIES}
    gold_all: dict[str, list[Pair]] = {c: [] for c in CATEGORIES}
    covered: set[str] = set()
    for path in tei_paths:
        gold = gold_pairs(gold_dir, gold_stem(Path(path)), ids)
        if gold is None:
            continue
        found = found_pairs(parse(Path(path)).getroot(), ids)
        for category, pairs in gold.items():
            covered.add(category)
            gold_all[category].extend(pairs)
            found_all[category].extend(found[category])
    return {c: score(found_all[c], gold_all[c]) for c in CATEGORIES if c in covered}


def format_table(results: dict[str, Score]) -> str:
    rows = [f"{'category':<10} {'tp':>5} {'fp':>5} {'fn':>5} {'precision':>9} {'recall':>7} {'f1':>6}"]
    for category, s in results.items():
        rows.append(
            f"{category:<10} {s.tp:>5} {s.fp:>5} {s.fn:>5} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f}"
        )
    return "\n".join(rows)


def print_table(results: dict[str, Score], file: TextIO | None = None) -> None:
    print(format_table(results), file=file or sys.stdout)
