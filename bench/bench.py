"""Build benchmark on a synthetic corpus made from the edition's own documents.

    python bench/bench.py [--docs 1000] [--jobs N] [--formats html,txt]
                                          [--keep] [--write docs/benchmark.md]

Each synthetic document is a copy of one of tei/*.xml with fresh xml:ids (and
the pointers to them) and its dates moved by a few days; the registers are the
edition's. Three builds are timed: full, no-op (nothing changed), one file
changed. The floor is lxml parsing and serialising the same corpus in one
process: the least any build has to do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.build import build  # noqa: E402
from pipeline.project import REGISTER_FILES, Project  # noqa: E402
from pipeline.xmlio import XML_NS  # noqa: E402

XML_ID = f"{{{XML_NS}}}id"
POINTERS = ("corresp", "target", "who", "sameAs", "prev", "next")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def templates() -> list[Path]:
    docs = Project(ROOT).document_paths()
    return docs or sorted(Path("/tmp/samples").glob("*.xml"))


def shift(value: str, days: int) -> str:
    if not DAY.match(value):
        return value
    try:
        return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return value


def synthesise(template: bytes, i: int) -> bytes:
    root = etree.fromstring(template, etree.XMLParser(resolve_entities=False, no_network=True))
    suffix = f"-b{i:05d}"
    ids = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        xid = el.get(XML_ID)
        if xid:
            ids[xid] = xid + suffix
            el.set(XML_ID, xid + suffix)
    days = i % 28
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in POINTERS:
            v = el.get(attr)
            if v:
                el.set(attr, " ".join("#" + ids.get(t[1:], t[1:]) if t.startswith("#") else t for t in v.split()))
        if etree.QName(el).localname == "date":
            for attr in ("when", "from", "to", "notBefore", "notAfter"):
                if el.get(attr):
                    el.set(attr, shift(el.get(attr), days))
    head = template[: template.index(b"<TEI")]
    return head + etree.tostring(root, encoding="utf-8")


def make_corpus(dest: Path, n: int) -> Project:
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "tei").mkdir(parents=True)
    for name in ("schema", "xslt"):
        shutil.copytree(ROOT / name, dest / name)
    for name in REGISTER_FILES.values():
        shutil.copy(ROOT / "tei" / name, dest / "tei" / name)
    sources = [p.read_bytes() for p in templates()]
    for i in range(n):
        (dest / "tei" / f"{i:05d}_bench.xml").write_bytes(synthesise(sources[i % len(sources)], i))
    return Project(dest)


def floor(project: Project) -> float:
    t = time.perf_counter()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    for p in project.document_paths():
        etree.tostring(etree.parse(str(p), parser), encoding="utf-8")
    return time.perf_counter() - t


def peak_mb() -> tuple[float, float]:
    kb = 1024 if sys.platform == "darwin" else 1
    self_ = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kb / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kb / 1024
    return self_, children


class TreeRSS(threading.Thread):
    """Peak of the summed resident memory of this process and its descendants (Linux /proc)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0
        self._halt = threading.Event()

    @staticmethod
    def sample() -> int:
        parent, rss = {}, {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open(f"/proc/{d}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                parent[int(d)] = int(fields[1])
                rss[int(d)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        me = os.getpid()
        total = 0
        for pid in rss:
            p = pid
            while p and p != me:
                p = parent.get(p, 0)
            if p == me:
                total += rss[pid]
        return total

    def run(self):
        while not self._halt.wait(0.1):
            self.peak = max(self.peak, self.sample())

    def stop(self):
        self._halt.set()
        self.join()

    @property
    def peak_mb(self) -> float:
        return self.peak / 1024 / 1024


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--formats", default="html,txt")
    ap.add_argument("--keep", action="store_true", help="build in bench/corpus/ and leave it there")
    ap.add_argument("--write", type=Path, help="write the results as Markdown to this file")
    args = ap.parse_args(argv)
    formats = set(args.formats.split(","))

    tmp = None
    if args.keep:
        where = ROOT / "bench" / "corpus"
    else:
        tmp = tempfile.mkdtemp(prefix="bench-")
        where = Path(tmp) / "corpus"
    try:
        t = time.perf_counter()
        project = make_corpus(where, args.docs)
        gen = time.perf_counter() - t
        n = len(project.document_paths())
        f = floor(project)

        watcher = TreeRSS()
        watcher.start()
        runs = []
        r = build(project, formats=formats, jobs=args.jobs, progress=False)
        runs.append(("full build", r))
        r = build(project, formats=formats, jobs=args.jobs, progress=False)
        runs.append(("no-op rebuild", r))
        built = [d for d in project.document_paths() if (project.build / "txt" / f"{d.stem}.txt").exists()]
        one = built[len(built) // 2] if built else project.document_paths()[n // 2]
        one.write_text(one.read_text(encoding="utf-8").replace("</body>", "<!-- bench --></body>", 1), encoding="utf-8")
        r = build(project, formats=formats, jobs=args.jobs, progress=False)
        runs.append(("one file changed", r))
        watcher.stop()
        mem_self, mem_children = peak_mb()

        full = runs[0][1]
        invalid = sum(1 for x in full.failed if x.endswith(": invalid"))
        lines = [
            f"Corpus: {n} documents generated from {len(templates())} in tei/ ({gen:.1f} s), formats {','.join(sorted(formats))}, "
            f"jobs {args.jobs or os.cpu_count()} on {os.cpu_count()} CPU(s), Python {platform.python_version()}.",
            "",
            "| run | seconds | built | unchanged | failed | docs/s | × floor | validate s | render s | corpus s |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, r in runs:
            rate = n / r.seconds if r.seconds else float("inf")
            lines.append(f"| {name} | {r.seconds:.2f} | {len(r.built)} | {len(r.skipped)} | {len(r.failed)} | "
                         f"{rate:.0f} | {r.seconds / f:.1f} | {r.timings.get('validate', 0):.2f} | "
                         f"{r.timings.get('render', 0):.2f} | {r.timings.get('corpus', 0):.2f} |")
        lines += [
            "",
            f"Floor (lxml parse + serialise, one process): {f:.2f} s = {n / f:.0f} docs/s.",
            f"Peak memory: {watcher.peak_mb:.0f} MB summed RSS of this process and all its descendants (sampled every 0.1 s); "
            f"ru_maxrss self {mem_self:.0f} MB, waited-for children {mem_children:.0f} MB "
            "(pool workers are children of the forkserver, so getrusage does not see them).",
        ]
        if invalid:
            lines.append(f"{invalid} document(s) were invalid (copies of invalid tei/ documents) and got no output.")
        notes = sorted(set(full.notes))
        lines += [f"Note: {x}" for x in notes]
        text = "\n".join(lines)
        print(text)
        if args.write:
            args.write.write_text(
                "# Build benchmark\n\nMade by `bench/bench.py` (see bench/README.md).\n\n" + text + "\n", encoding="utf-8")
        return 0
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
