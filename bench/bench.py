"""Build benchmark on a synthetic corpus made from the edition's own documents.

    python bench/bench.py [--docs 1000] [--jobs N] [--formats html,txt]
                          [--compare-teic DIR] [--memory-at 10000]
                          [--keep] [--write docs/benchmark.md]
    python bench/bench.py --corpus-only DIR [--docs 1000]

Each synthetic document is a copy of one of tei/*.xml with fresh xml:ids (and
the pointers to them) and its dates moved by a few days; the registers are the
edition's. Three builds are timed: full, no-op (nothing changed), one file
changed. The floor is lxml parsing and serialising the same corpus in one
process: the least any build has to do.

--compare-teic DIR times the TEI Consortium's Stylesheets (a checkout of
TEIC/Stylesheets, never part of this repository) on the same files in the same
run: profiles/default/html5/to.xsl and txt/tei-to-text.xsl in saxonche, with as
many worker processes as the build uses, each compiling the stylesheet once.

Save-to-disk latency: one document is changed (a word of its text) and the
time until the new bytes of its page and of the register pages it affects are
on disk is measured, through `pipeline build` (a new process, as an editor
runs it) and through `pipeline serve` (a running server that watches tei/).

--memory-at N builds a second corpus of N documents (full build only) and
reports its peak memory beside the first one's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from concurrent.futures import ProcessPoolExecutor  # noqa: E402

from pipeline.build import build  # noqa: E402
from pipeline.project import REGISTER_FILES, Project  # noqa: E402
from pipeline.xmlio import XML_NS  # noqa: E402

XML_ID = f"{{{XML_NS}}}id"
# local pointers ("#id", in any attribute: corresp, who, resp, decls, source, target...) follow their
# renamed ids; a token that is not "#" plus an id of the document is left as it is
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
        for attr, v in el.attrib.items():
            if "#" in v and attr != XML_ID:
                tokens = v.split()
                if any(t.startswith("#") and t[1:] in ids for t in tokens):
                    el.set(attr, " ".join("#" + ids[t[1:]] if t.startswith("#") and t[1:] in ids else t
                                          for t in tokens))
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


# -- the TEI Consortium's stylesheets on the same files ------------------------------

TEIC_SHEETS = {"TEIC html5": "profiles/default/html5/to.xsl", "TEIC txt": "txt/tei-to-text.xsl"}
_TEIC = None


def _teic_init(sheet: str) -> None:
    global _TEIC
    from saxonche import PySaxonProcessor

    proc = PySaxonProcessor(license=False)
    _TEIC = (proc, proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=sheet))


def _teic_chunk(files: list[str], out_dir: str, ext: str) -> int:
    _, exe = _TEIC
    for f in files:
        exe.transform_to_file(source_file=f, output_file=str(Path(out_dir) / (Path(f).stem + ext)))
    return len(files)


def time_teic(teic: Path, files: list[Path], jobs: int) -> dict[str, float]:
    """Seconds per TEIC stylesheet over `files`, `jobs` processes, each compiling once (included)."""
    import multiprocessing

    times = {}
    for label, rel in TEIC_SHEETS.items():
        sheet = teic / rel
        if not sheet.is_file():
            raise SystemExit(f"{sheet}: not found (give a TEIC/Stylesheets checkout to --compare-teic)")
        ext = ".html" if "html" in rel else ".txt"
        out = Path(tempfile.mkdtemp(prefix="teic-"))
        try:
            chunks = [[str(f) for f in files[i::jobs * 8]] for i in range(jobs * 8)]
            t = time.perf_counter()
            ctx = multiprocessing.get_context("forkserver")
            with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_teic_init, initargs=(str(sheet),)) as pool:
                done = sum(pool.map(_teic_chunk, chunks, [str(out)] * len(chunks), [ext] * len(chunks)))
            times[label] = time.perf_counter() - t
            assert done == len(files)
        finally:
            shutil.rmtree(out, ignore_errors=True)
    return times


# -- save-to-disk latency ---------------------------------------------------------------

def edit_one(project: Project) -> Path:
    """Change one name form in the middle document, so its page and its register pages change."""
    docs = project.document_paths()
    doc = docs[len(docs) // 2]
    text = doc.read_text(encoding="utf-8")
    m = re.search(r"(<persName ref=\"[^\"]+\"[^>]*>)([^<]+)(</persName>)", text[text.index("<body"):])
    start = text.index("<body") + m.start(2)
    stamp = f"{m.group(2)} {int(time.time() * 1000) % 100000}"
    doc.write_text(text[:start] + stamp + text[start + len(m.group(2)):], encoding="utf-8")
    return doc


def html_state(out: Path) -> dict[str, tuple[int, int]]:
    html = out / "html"
    return {p.relative_to(html).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in html.rglob("*.html") if "pagefind" not in p.parts}


def changed_since(out: Path, before: dict, t_save: float) -> tuple[float, int, bool]:
    """(seconds from save to the last changed page on disk, pages changed, doc page among them)."""
    after = html_state(out)
    changed = [k for k, v in after.items() if before.get(k) != v]
    if not changed:
        return float("nan"), 0, False
    last = max(after[k][0] for k in changed) / 1e9
    return last - t_save, len(changed), any(k.endswith("_bench.html") for k in changed)


def latency_build(project: Project, formats: set[str], jobs: int | None) -> tuple[float, float, int]:
    """Through `pipeline build` in a new process: (save->pages s, process s, pages changed)."""
    before = html_state(project.build)
    doc = edit_one(project)
    t_save = doc.stat().st_mtime_ns / 1e9
    cmd = [sys.executable, "-m", "pipeline.cli", "build", *sum((["--format", f] for f in sorted(formats)), [])]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    t = time.perf_counter()
    subprocess.run(cmd, cwd=project.root, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    lat, n, _ = changed_since(project.build, before, t_save)
    return lat, wall, n


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def latency_serve(project: Project, tries: int = 3) -> list[tuple[float, int]]:
    """Through a running `pipeline serve`: save -> new page bytes, for `tries` saves."""
    import urllib.request

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port)],
                            cwd=project.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    try:
        deadline = time.time() + 600
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1.0)  # let the watcher settle
        for _ in range(tries):
            before = html_state(project.build)
            doc = edit_one(project)
            t_save = doc.stat().st_mtime_ns / 1e9
            page = project.build / "html" / f"{doc.stem}.html"
            t_end = time.time() + 30
            while time.time() < t_end and page.stat().st_mtime_ns / 1e9 < t_save:
                time.sleep(0.01)
            time.sleep(1.5)  # the register pages are written in the same rebuild
            lat, n, _ = changed_since(project.build, before, t_save)
            results.append((lat, n))
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return results


def fresh_build_memory(n: int, formats: set[str], jobs: int | None) -> tuple[float, float]:
    """full_build_memory in a new interpreter: the peak is the build's processes only, not what this
    benchmark process already holds from the runs before it (corpus, floor, TEIC, serve)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--memory-child", str(n), "--formats", ",".join(sorted(formats))]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    seconds, peak = json.loads(out.strip().splitlines()[-1])
    return seconds, peak


def full_build_memory(n: int, formats: set[str], jobs: int | None) -> tuple[float, float]:
    """(seconds, peak MB of the process tree) of a full build of a fresh n-document corpus."""
    tmp = tempfile.mkdtemp(prefix=f"bench-{n}-")
    try:
        project = make_corpus(Path(tmp) / "corpus", n)
        watcher = TreeRSS()
        watcher.start()
        r = build(project, formats=formats, jobs=jobs, progress=False)
        watcher.stop()
        return r.seconds, watcher.peak_mb
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--formats", default="html,txt")
    ap.add_argument("--keep", action="store_true", help="build in bench/corpus/ and leave it there")
    ap.add_argument("--write", type=Path, help="write the results as Markdown to this file")
    ap.add_argument("--corpus-only", type=Path, metavar="DIR",
                    help="write the synthetic corpus (tei/ with its registers, schema/, xslt/) to DIR and build nothing")
    ap.add_argument("--compare-teic", type=Path, metavar="DIR",
                    help="a TEIC/Stylesheets checkout: time its html5 and txt stylesheets on the same files")
    ap.add_argument("--memory-at", type=int, metavar="N", help="also a full build of N documents, for its peak memory")
    ap.add_argument("--memory-child", type=int, metavar="N", help=argparse.SUPPRESS)
    ap.add_argument("--no-serve", action="store_true", help="skip the latency through pipeline serve")
    ap.add_argument("--repeat", type=int, default=1,
                    help="full builds (and TEIC runs, alternating with them) to take the best of")
    args = ap.parse_args(argv)
    formats = set(args.formats.split(","))
    jobs = args.jobs or os.cpu_count() or 1

    if args.memory_child:  # one full build in this new process (fresh_build_memory): its seconds and peak MB
        print(json.dumps(full_build_memory(args.memory_child, formats, args.jobs)))
        return 0

    if args.corpus_only:
        project = make_corpus(args.corpus_only.resolve(), args.docs)
        print(f"{len(project.document_paths())} documents and the registers in {project.tei}")
        return 0

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
        files = sorted(project.tei.glob("*.xml"))  # documents and registers, as TEIC would get them
        # the machine is shared and noisy: TEIC and the full build alternate, --repeat times, best of each
        teic: dict[str, float] = {}
        full = None
        watcher = TreeRSS()
        for i in range(max(1, args.repeat)):
            if args.compare_teic:
                for label, sec in time_teic(args.compare_teic.resolve(), files, jobs).items():
                    teic[label] = min(sec, teic.get(label, sec))
            shutil.rmtree(project.build, ignore_errors=True)
            if i == 0:
                watcher.start()
            r = build(project, formats=formats, jobs=args.jobs, progress=False)
            if i == 0:
                watcher.stop()
            if full is None or r.seconds < full.seconds:
                full = r
        runs = [("full build" + (f" (best of {args.repeat})" if args.repeat > 1 else ""), full)]
        # the search index (its own format, off in an html+txt build): time, size, memory
        search_watch = TreeRSS()
        search_watch.start()
        search = build(project, formats={"search"}, jobs=args.jobs, progress=False)
        search_watch.stop()
        index_entry = json.loads((project.build / ".state.json").read_text(encoding="utf-8"))["outputs"].get(
            "html/pagefind", {})
        runs.append(("no-op rebuild", build(project, formats=formats, jobs=args.jobs, progress=False)))
        before = html_state(project.build)
        doc = edit_one(project)
        t_save = doc.stat().st_mtime_ns / 1e9
        runs.append(("one file changed", build(project, formats=formats, jobs=args.jobs, progress=False)))
        lat_call, n_call, _ = changed_since(project.build, before, t_save)
        lat_cli, wall_cli, n_cli = latency_build(project, formats, args.jobs)
        serve = [] if args.no_serve else latency_serve(project)
        mem_self, mem_children = peak_mb()
        # both sizes in a new process each, the same way, so that the ratio compares the builds alone
        small = fresh_build_memory(args.docs, formats, args.jobs) if args.memory_at else None
        big = fresh_build_memory(args.memory_at, formats, args.jobs) if args.memory_at else None

        invalid = sum(1 for x in full.failed if x.endswith(": invalid"))
        lines = [
            f"Corpus: {n} documents generated from {len(templates())} in tei/ ({gen:.1f} s), formats {','.join(sorted(formats))}, "
            f"jobs {jobs} on {os.cpu_count()} CPU(s), Python {platform.python_version()}.",
            "",
            "| run | seconds | built | unchanged | failed | docs/s | × floor | validate s | render s | corpus s | search s |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, r in runs:
            rate = n / r.seconds if r.seconds else float("inf")
            lines.append(f"| {name} | {r.seconds:.2f} | {len(r.built)} | {len(r.skipped)} | {len(r.failed)} | "
                         f"{rate:.0f} | {r.seconds / f:.1f} | {r.timings.get('validate', 0):.2f} | "
                         f"{r.timings.get('render', 0):.2f} | {r.timings.get('corpus', 0):.2f} | "
                         f"{r.timings.get('search', 0):.2f} |")
        lines += ["", f"Floor (lxml parse + serialise, one process): {f:.2f} s = {n / f:.0f} docs/s."]
        records = index_entry.get("records", {})
        lines += ["", f"Search index (`pipeline build --format search` after the full build, Pagefind extended): "
                      f"{search.timings.get('search', 0):.2f} s, {sum(records.values())} records "
                      f"({', '.join(f'{k} {v}' for k, v in sorted(records.items()))}), "
                      f"{index_entry.get('bytes', 0) / 1e6:.1f} MB in {len(index_entry.get('files', []))} files; "
                      f"peak memory {search_watch.peak_mb:.0f} MB (the Pagefind binary holds the index it writes)."]
        if teic:
            total = sum(teic.values())
            lines += ["", f"Same files ({len(files)}: the documents and the registers), same run, {jobs} worker processes each"
                      + (f", best of {args.repeat} alternating runs" if args.repeat > 1 else "") + ":", "",
                      "| method | seconds | × floor | × TEIC html5 + txt |", "|---|---:|---:|---:|"]
            for label, sec in teic.items():
                lines.append(f"| {label} (`{TEIC_SHEETS[label]}`) | {sec:.2f} | {sec / f:.1f} | {sec / total:.2f} |")
            lines.append(f"| TEIC html5 + txt | {total:.2f} | {total / f:.1f} | 1.00 |")
            lines.append(f"| `pipeline build` ({'+'.join(sorted(formats))}: validation, pages, cards, JSON-LD, "
                         f"index, register and entry pages, search page, plain text and standoff) | {full.seconds:.2f} | "
                         f"{full.seconds / f:.1f} | **{full.seconds / total:.2f}** |")
            both = full.seconds + search.seconds
            lines.append(f"| the same and the search index | {both:.2f} | {both / f:.1f} | {both / total:.2f} |")
        lines += ["", "Save to disk (one name form changed in one document; seconds from the save to the last "
                      "changed page on disk — the document's page and the register pages it affects):", "",
                  "| through | save → pages on disk s | pages changed |", "|---|---:|---:|",
                  f"| `build()` in this process | {lat_call:.2f} | {n_call} |",
                  f"| `pipeline build` (new process; it exits after {wall_cli:.2f} s) | {lat_cli:.2f} | {n_cli} |"]
        for i, (lat, k) in enumerate(serve, 1):
            lines.append(f"| `pipeline serve` (running), save {i} | {lat:.2f} | {k} |")
        lines += ["", f"Peak memory of the full build ({n} documents): {watcher.peak_mb:.0f} MB summed RSS of this process "
                      f"and all its descendants (sampled every 0.1 s); ru_maxrss self {mem_self:.0f} MB, waited-for children "
                      f"{mem_children:.0f} MB (pool workers are children of the forkserver, so getrusage does not see them)."]
        if big:
            lines.append(f"Memory flat in N, each build in a new process (`--memory-at`): {n} documents "
                         f"{small[0]:.1f} s, peak {small[1]:.0f} MB; {args.memory_at} documents {big[0]:.1f} s, "
                         f"peak {big[1]:.0f} MB = **{big[1] / small[1]:.2f}×** the peak at {n}.")
        if invalid:
            lines.append(f"{invalid} document(s) were invalid (copies of invalid tei/ documents) and got no output.")
        lines += [f"Note: {x}" for x in sorted(set(full.notes))]
        cmd = "python bench/bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
        text = "\n".join(lines)
        print(text)
        if args.write:
            args.write.write_text(
                "# Build benchmark\n\nMade by `bench/bench.py` (see bench/README.md):\n\n    " + cmd.replace(
                    str(args.compare_teic or "\0"), "TEIC") + "\n\n" + text + "\n", encoding="utf-8")
        return 0
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
