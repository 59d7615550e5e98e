"""The corpus pages (index, register entries' pages) assembled from per-document fragments.

Rendering a document's page also writes its card (build/.work/cards/<stem>.xml,
html:card in xslt/html_common.xsl), and the card carries the document's
fragments of the corpus pages, rendered by XSLT: its row of the index table,
its entry of index.json, and for every register entry it names, its item on
that entry's page. `CorpusStore` keeps those fragments in a small SQLite
database (build/.work/corpus.sqlite), one row per document and one per
(entry, document), so that

- a changed document replaces its own rows, and only the pages whose rows
  changed are assembled again (a page is its XSLT-made shell with the rows put
  where the comment `<!--slot:rows-->` stands);
- nothing holds every fragment of the edition in memory: a page's rows are
  read in order from the database, one page at a time;
- the numbers the shells show (documents per entry, per year) come from the
  database too (`summary`), so the shells are rendered again only when a
  number changes.

The database is a cache of the cards: each document's row records the card's
size and mtime, and a card that differs is read again, so the store cannot
drift from the cards whatever happened to an earlier build.
"""

from __future__ import annotations

import filecmp
import itertools
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lxml import etree
from lxml import html as lhtml

from .xmlio import make_parser, write_atomic

SLOT = "<!--slot:rows-->"
_UMASK = os.umask(0)
os.umask(_UMASK)
SCHEMA_VERSION = 2
KINDS = ("person", "place", "org")


def card_signature(card: Path) -> str:
    st = card.stat()
    return f"{st.st_mtime_ns}:{st.st_size}"


def _html(el: etree._Element) -> str:
    return "".join(lhtml.tostring(child, encoding="unicode", method="html", with_tail=True)
                   for child in el) if len(el) else (el.text or "")


def card_record(card: Path) -> dict:
    """What the store keeps of one card (read where the card is written: in the render worker)."""
    root = etree.parse(str(card), make_parser()).getroot()
    frag = root.find("fragments")
    if frag is None:
        raise ValueError(f"{card}: card without fragments")
    row = frag.find("index-row")
    return {
        "sig": card_signature(card),
        "sort": root.get("sort-date", "9999"),
        "year": root.get("year", ""),
        "row": _html(row) if row is not None else "",
        "json": (frag.findtext("json") or "{}").strip(),
        "mentions": {m.get("kind"): (m.text or "").split() for m in root.findall("mentions")},
        "occ": {o.get("entry"): _html(o) for o in frag.findall("occ")},
    }


class CorpusStore:
    """The fragments of every document, by document and by register entry."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.touched = set()
        self.index_changed = False
        try:
            self.db = self._open()
        except sqlite3.DatabaseError:  # a damaged cache is rebuilt from the cards
            self.path.unlink(missing_ok=True)
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path))
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            db.executescript("""
                DROP TABLE IF EXISTS docs; DROP TABLE IF EXISTS occ; DROP TABLE IF EXISTS mention;
                CREATE TABLE docs (stem TEXT PRIMARY KEY, sig TEXT, sort TEXT, year TEXT, row TEXT, json TEXT);
                CREATE TABLE occ (entry TEXT, stem TEXT, sort TEXT, html TEXT, PRIMARY KEY (entry, stem));
                CREATE INDEX occ_by_stem ON occ (stem);
                CREATE TABLE mention (kind TEXT, id TEXT, stem TEXT, PRIMARY KEY (kind, id, stem));
                CREATE INDEX mention_by_stem ON mention (stem);
            """)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.commit()
        # a cache: a lost write is repaired by the next sync, so no fsync per build
        db.execute("PRAGMA synchronous = OFF")
        return db

    def close(self) -> None:
        self.db.close()

    # -- keeping up with the cards ----------------------------------------------------

    def sync(self, cards: dict[str, Path]) -> tuple[set[str], bool]:
        """Bring the store up to the cards; return (entries whose pages change, whether the index does).

        Records already given with `put` in this build count as well.
        """
        known = dict(self.db.execute("SELECT stem, sig FROM docs"))
        with self.db:
            for stem in set(known) - set(cards):
                self.touched |= {e for (e,) in self.db.execute("SELECT entry FROM occ WHERE stem = ?", (stem,))}
                self._delete(stem)
                self.index_changed = True
            for stem, card in cards.items():
                try:
                    sig = card_signature(card)
                except OSError:
                    continue
                if known.get(stem) != sig:
                    self._put(stem, card_record(card))
        return self.touched, self.index_changed

    def put(self, stem: str, rec: dict) -> None:
        """One document's record, as soon as its card is written (nothing is held for the whole build)."""
        with self.db:
            self._put(stem, rec)

    def _put(self, stem: str, rec: dict) -> None:
        old = self.db.execute("SELECT sig, sort, row, json FROM docs WHERE stem = ?", (stem,)).fetchone()
        if old is not None and old[0] == rec["sig"]:
            return
        old_occ = dict(self.db.execute("SELECT entry, html FROM occ WHERE stem = ?", (stem,)))
        if old is None or old[1:] != (rec["sort"], rec["row"], rec["json"]):
            self.index_changed = True
        moved = old is not None and old[1] != rec["sort"]
        self.touched |= {e for e in set(old_occ) | set(rec["occ"]) if moved or old_occ.get(e) != rec["occ"].get(e)}
        self._delete(stem)
        self.db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)",
                        (stem, rec["sig"], rec["sort"], rec["year"], rec["row"], rec["json"]))
        self.db.executemany("INSERT INTO occ VALUES (?, ?, ?, ?)",
                            [(e, stem, rec["sort"], h) for e, h in rec["occ"].items()])
        self.db.executemany("INSERT OR IGNORE INTO mention VALUES (?, ?, ?)",
                            [(k, i, stem) for k, ids in rec["mentions"].items() for i in ids])

    def _delete(self, stem: str) -> None:
        for table in ("docs", "occ", "mention"):
            self.db.execute(f"DELETE FROM {table} WHERE stem = ?", (stem,))

    # -- what the shells need ------------------------------------------------------------

    def summary(self, registers: dict[str, Path], documents: dict[str, tuple[Path, Path | None]]) -> bytes:
        """build/.work/summary.xml: the input of the shells (see xslt/html_index.xsl)."""
        order = [s for (s,) in self.db.execute("SELECT stem FROM docs ORDER BY sort, stem")]
        order += sorted(set(documents) - set(order))
        lines = [f'<corpus documents="{len(documents)}">']
        for kind, r in registers.items():
            lines.append(f"  <register kind={quoteattr(kind)} href={quoteattr(r.resolve().as_uri())}/>")
        for kind, id_, n in self.db.execute(
                "SELECT kind, id, count(*) FROM mention GROUP BY kind, id ORDER BY kind, id"):
            lines.append(f"  <count kind={quoteattr(kind)} id={quoteattr(id_)} docs=\"{n}\"/>")
        for id_, n in self.db.execute("SELECT entry, count(*) FROM occ GROUP BY entry ORDER BY entry"):
            lines.append(f"  <occurs id={quoteattr(id_)} docs=\"{n}\"/>")
        for year, n in self.db.execute("SELECT year, count(*) FROM docs WHERE year != '' GROUP BY year ORDER BY year"):
            lines.append(f"  <year value={quoteattr(year)} docs=\"{n}\"/>")
        for stem in order:
            if stem in documents:
                tei, card = documents[stem]
                extra = f" card={quoteattr(card.resolve().as_uri())}" if card is not None else ""
                lines.append(f"  <document stem={quoteattr(stem)} href={quoteattr(tei.resolve().as_uri())}{extra}/>")
        lines.append("</corpus>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(lines) + "\n").encode("utf-8")

    # -- assembly ------------------------------------------------------------------------

    def entry_rows(self, entry: str) -> list[str]:
        return [h for (h,) in self.db.execute("SELECT html FROM occ WHERE entry = ? ORDER BY sort, stem", (entry,))]

    def write_index(self, shell: Path, page: Path, data: Path, title: str) -> list[Path]:
        """index.html from its shell and the rows; index.json from the documents' entries.

        Both are written row by row from the database (`write_streamed`): the parent never holds
        the whole index of a large edition at once.
        """
        before, _, after = shell.read_text(encoding="utf-8").partition(SLOT)
        rows = (r for (r,) in self.db.execute("SELECT row FROM docs ORDER BY sort, stem"))
        write_streamed(page, itertools.chain([before], rows, [after]))
        write_streamed(data, index_json(title, ({"stem": s, "href": f"{s}.html", **json.loads(j)} for s, j in
                                                self.db.execute("SELECT stem, json FROM docs ORDER BY sort, stem"))))
        return [page, data]

    def write_entries(self, shells: Path, html: Path, only: set[str] | None = None) -> list[str]:
        """The entries' pages listed in shells/entries.xml (only those of `only`, if given).

        Returns every page the shells list (relative to html/), written now or not.
        """
        listing = shells / "entries.xml"
        if not listing.exists():
            return []
        pages = etree.parse(str(listing), make_parser()).getroot().findall("page")
        rows_of: dict[str, list[str]] = {}
        for p in pages:
            entry, href = p.get("entry"), p.get("href")
            if only is not None and entry not in only and (html / href).exists():
                continue
            if entry not in rows_of:
                rows_of = {entry: self.entry_rows(entry)}  # one entry's rows in memory at a time
            first, last = int(p.get("first")), int(p.get("last"))
            before, _, after = (shells / href).read_text(encoding="utf-8").partition(SLOT)
            write_atomic(html / href, (before + "".join(rows_of[entry][first - 1:last]) + after).encode("utf-8"))
        return [p.get("href") for p in pages]


def index_json(title: str, docs) -> Iterator[str]:
    """The text of json.dumps({"title": title, "documents": [docs]}, ensure_ascii=False, indent=2) + "\\n",
    one document at a time (a JSON string never holds a raw newline, so each document's own dump is
    indented as a whole)."""
    head = '{\n  "title": ' + json.dumps(title, ensure_ascii=False) + ',\n  "documents": ['
    first = True
    for doc in docs:
        body = json.dumps(doc, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield (head + "\n    " if first else ",\n    ") + body
        first = False
    yield (head + "]" if first else "\n  ]") + "\n}\n"


def write_streamed(path: Path, pieces) -> bool:
    """Write text given in pieces atomically (a temp file next to `path`, then rename), as
    xmlio.write_atomic does for bytes; an unchanged file is left alone (and its mtime with it).
    Returns True if the file was replaced."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            for piece in pieces:
                f.write(piece)
        if path.is_file() and filecmp.cmp(tmp, path, shallow=False):
            os.unlink(tmp)
            return False
        os.replace(tmp, path)
        return True
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def first_pages(shells: Path) -> list[str]:
    """The first page of every entry (relative to html/): the one the search indexes."""
    listing = shells / "entries.xml"
    if not listing.exists():
        return []
    return [p.get("href") for p in etree.parse(str(listing), make_parser()).getroot().findall("page")
            if p.get("first") == "1"]


def remove_pages(html: Path, old: list[str], new: list[str]) -> None:
    """Entry pages the shells no longer list (an entry removed, a list grown shorter)."""
    for href in set(old) - set(new):
        (html / href).unlink(missing_ok=True)
        try:
            os.rmdir((html / href).parent)
        except OSError:
            pass
