"""Conversion time against source size: is converting a one-line source linear in its length?

    python bench/bench_scale.py [--small 0.5] [--large 5] [--timeout 600]

A one-line source (a capture whose line breaks were lost) is made from the Wilson
Center seed's text repeated to SMALL and LARGE megabytes, converted with
`pipeline convert --kind generic` in a scratch project (never in the repository's
tei/), and timed side by side. The target of issue 11 (point 8): the large source in
under 10x the time of one ten times smaller. Exits 1 when the ratio is over 10 or the
large run exceeds --timeout (then the ratio is at least timeout/small).

Not a unit test: on this 2-core machine it takes a few minutes. Measured 2026-12-01
(load ~5): 0.5 MB 16.4 s, 5 MB 125.7 s, ratio 7.7 (before the Schematron's ids were
collected once and overlong lines cut into paragraphs: 18.1 s, 306.8 s, ratio 16.9).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_line_source(megabytes: float) -> bytes:
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    unit = " ".join(seed.split()) + " "
    n = int(megabytes * 1_000_000 / len(unit.encode("utf-8"))) + 1
    return (unit * n).encode("utf-8")[: int(megabytes * 1_000_000)].rsplit(b" ", 1)[0] + b"\n"


def timed_convert(workdir: Path, megabytes: float, timeout: float) -> float | None:
    project = workdir / f"p{megabytes}"
    for name in ("schema", "xslt"):
        shutil.copytree(ROOT / name, project / name)
    (project / "tei").mkdir()
    for name in ("persons.xml", "places.xml", "organisations.xml"):
        shutil.copy(ROOT / "tei" / name, project / "tei" / name)
    shutil.copy(ROOT / "edition.toml", project / "edition.toml")
    (project / "seeds").mkdir()
    source = project / "seeds" / "one-line.txt"
    source.write_bytes(one_line_source(megabytes))
    t0 = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", "--project", str(project), "convert", "--kind",
                               "generic", str(source)], capture_output=True, text=True, timeout=timeout, cwd=project)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise SystemExit(f"{megabytes} MB: convert failed (exit {done.returncode}): {done.stderr[-2000:]}")
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--small", type=float, default=0.5, help="megabytes of the small source")
    ap.add_argument("--large", type=float, default=5.0, help="megabytes of the large source")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds the large conversion may take")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = timed_convert(Path(tmp), args.small, args.timeout)
        large = timed_convert(Path(tmp), args.large, args.timeout)
    if small is None:
        print(f"{args.small} MB: over {args.timeout:.0f} s")
        return 1
    size_ratio = args.large / args.small
    if large is None:
        print(f"{args.small} MB: {small:.1f} s; {args.large} MB: over {args.timeout:.0f} s "
              f"(ratio over {args.timeout / small:.1f} for {size_ratio:.0f}x the text)")
        return 1
    ratio = large / small
    print(f"{args.small} MB: {small:.1f} s; {args.large} MB: {large:.1f} s; ratio {ratio:.1f} "
          f"for {size_ratio:.0f}x the text (target: under {size_ratio:.0f})")
    return 0 if ratio < size_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
