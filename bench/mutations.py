"""Damaged captures at scale: N mutations of the seeds, the test fixtures and (if present) the
real captures in eval/pages/, each converted as `pipeline convert` would.

    python bench/mutations.py [--count 1200] [--seed 1]

Every run must end in a clear refusal (a PipelineError naming the file) or in TEI that is
valid and keeps every word of the source; anything else (a traceback, invalid TEI, a lost
word) is counted and shown. The mutations: lines shuffled, all lines joined into one,
truncation at a random byte, CRLF line ends, a BOM, a NUL byte, and re-encodings in UTF-16,
cp1251 and GB18030.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_project  # noqa: E402
from pipeline.completeness import missing_words  # noqa: E402
from pipeline.convert import convert_source  # noqa: E402
from pipeline.errors import PipelineError  # noqa: E402
from pipeline.sources.lines import decode  # noqa: E402
from pipeline.validate import validate_tree  # noqa: E402
from pipeline.xmlio import parse_bytes  # noqa: E402
from test_damaged_sources import MUTATIONS  # noqa: E402


def reencode(codec):
    def mutate(data: bytes, seed: int) -> bytes:
        try:
            return data.decode("utf-8").encode(codec)
        except (UnicodeDecodeError, UnicodeEncodeError):
            return data.decode("utf-8", "replace").encode(codec, "replace")
    mutate.__name__ = f"reencode_{codec}"
    return mutate


ALL = MUTATIONS + [reencode("utf-16"), reencode("cp1251"), reencode("gb18030")]


def _reason(message: str) -> str:
    """A refusal's message with its numbers, quoted words and examples taken out, to count alike ones."""
    message = re.sub(r"'[^']*'|\"[^\"]*\"|\(.*?\)", "…", message)
    return re.sub(r"\d+", "N", message)[:110]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sources = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        p for p in (ROOT / "tests" / "fixtures" / "sources").glob("*.txt") if p.stem != "unknown_format")
    sources += sorted((ROOT / "eval" / "pages").glob("*/*.txt"))
    rng = random.Random(args.seed)
    outcomes: Counter = Counter()
    reasons: Counter = Counter()  # (mutation, first problem's message without its particulars)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "edition")
        work = Path(tmp) / "mutated"
        work.mkdir()
        t0 = time.perf_counter()
        for n in range(args.count):
            source, mutation, seed = rng.choice(sources), rng.choice(ALL), rng.randrange(10**6)
            path = work / f"{n:05d}-{source.stem}.txt"
            path.write_bytes(mutation(source.read_bytes(), seed))
            key = f"{mutation.__name__}"
            try:
                conversion = convert_source(path, project)
            except PipelineError as e:
                outcomes[(key, "refused")] += 1
                reasons[(key, _reason(e.problems[0].message))] += 1
                continue
            except Exception:  # noqa: BLE001 - this is what the benchmark counts
                outcomes[(key, "TRACEBACK")] += 1
                failures.append((path.name, traceback.format_exc(limit=3)))
                continue
            target = project.tei / f"{path.stem}.xml"
            tree = parse_bytes(conversion.data, target)
            errors = [p for p in validate_tree(project, tree, target) if p.severity == "error"]
            lost = missing_words(decode(path.read_bytes(), path), [], [d.text for d in conversion.doc.dropped],
                                 tree.getroot())
            if errors or lost:
                outcomes[(key, "INVALID" if errors else "LOST WORDS")] += 1
                failures.append((path.name, "; ".join(str(e) for e in errors[:2]) or str(lost.most_common(5))))
            else:
                outcomes[(key, "converted")] += 1
        seconds = time.perf_counter() - t0
    bad = sum(n for (k, o), n in outcomes.items() if o.isupper())
    print(f"{args.count} mutations of {len(sources)} sources in {seconds:.0f} s: "
          f"{sum(n for (k, o), n in outcomes.items() if o == 'converted')} converted whole, "
          f"{sum(n for (k, o), n in outcomes.items() if o == 'refused')} refused, {bad} bad")
    for (kind, outcome), n in sorted(outcomes.items()):
        print(f"  {kind:<20} {outcome:<11} {n}")
    print("refusals, by their first reason:")
    for (kind, reason), n in sorted(reasons.items()):
        print(f"  {kind:<20} {n:>4}  {reason}")
    for name, detail in failures[:20]:
        print(f"--- {name}\n{detail}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
