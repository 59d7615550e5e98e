"""Conversion time with recognition: each seed (and each source fixture) converted in one
process, as `pipeline convert` does it, with the statistical models loaded once.

    python bench/convert.py [--repeat 3] [--fixtures]

Reports, per source: its size, the first conversion in the process (which loads the models
of its languages), and the best of `--repeat` further ones (models loaded). Then whether
`pipeline build` runs any recognition when no source changed: it must convert nothing.
Target (issue 10): a seed-sized source converts in ≤ 2 s with its models loaded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_project  # noqa: E402
from pipeline.convert import convert_source  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fixtures", action="store_true", help="also the fixtures in tests/fixtures/sources")
    args = parser.parse_args()
    project = copy_project(Path(tempfile.mkdtemp()) / "edition")
    sources = sorted(project.seeds.glob("*.txt"))
    if args.fixtures:
        sources += sorted(p for p in (ROOT / "tests" / "fixtures" / "sources").glob("*.txt") if p.stem != "unknown_format")
    print(f"{'source':<48} {'chars':>7} {'first s':>8} {'warm s':>7}")
    worst = 0.0
    for path in sources:
        chars = len(path.read_text(encoding="utf-8"))
        start = time.perf_counter()
        convert_source(path, project)
        first = time.perf_counter() - start
        warm = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            convert_source(path, project)
            warm.append(time.perf_counter() - start)
        worst = max(worst, min(warm))
        print(f"{path.name:<48} {chars:>7} {first:>8.2f} {min(warm):>7.2f}")
    print(f"slowest warm conversion: {worst:.2f} s (target ≤ 2 s for a seed-sized source)")

    from pipeline.build import build
    from pipeline.convert import convert_all

    convert_all(project)
    build(project, formats={"txt"}, jobs=1, progress=False)
    import pipeline.convert as conversion

    def conversions_in_a_build() -> int:
        calls = []
        original = conversion.convert_source
        conversion.convert_source = lambda *a, **k: calls.append(a) or original(*a, **k)
        try:
            build(project, formats={"txt"}, jobs=1, progress=False)
        finally:
            conversion.convert_source = original
        return len(calls)

    unchanged = conversions_in_a_build()
    print(f"`pipeline build` with no source changed converted {unchanged} source(s) (must be 0)")
    seed = sorted(project.seeds.glob("*.txt"))[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = conversions_in_a_build()
    print(f"`pipeline build` after one source changed converted {changed} source(s) (must be 1)")
    return 0 if (unchanged, changed) == (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())
