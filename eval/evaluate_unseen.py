"""Measure the pipeline on real captures it was not built on.

    python eval/evaluate_unseen.py tune        # the pages the converters were tuned on
    python eval/evaluate_unseen.py dev         # the held-out pages: report these
    python eval/evaluate_unseen.py dev --keep /tmp/dev-project

Converts every capture in eval/pages/SET/ (git-ignored: eval/README.md says how to recreate
it) in a scratch copy of the project, exactly as `pipeline convert FILE` would, then prints:
how many captures gave valid TEI, which converter each one got, and precision and recall
per category against the gold key in eval/gold/SET/ (names by surface and kind, since a
key for unseen sources cannot name register entries; dates by surface and ISO value).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.convert import convert_all  # noqa: E402
from pipeline.evaluate import evaluate, format_table  # noqa: E402
from pipeline.project import REGISTER_FILES, Project  # noqa: E402
from pipeline.validate import validate_files  # noqa: E402


def scratch_project(dest: Path, pages: list[Path]) -> Project:
    for name in ("schema", "xslt"):
        shutil.copytree(ROOT / name, dest / name)
    (dest / "tei").mkdir()
    (dest / "seeds").mkdir()
    for name in REGISTER_FILES.values():
        shutil.copy(ROOT / "tei" / name, dest / "tei" / name)
    for page in pages:
        shutil.copy(page, dest / "seeds" / page.name)
    edition = ROOT / "edition.toml"
    if edition.exists():
        shutil.copy(edition, dest / "edition.toml")
    return Project(dest)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", choices=["tune", "dev"])
    parser.add_argument("--keep", type=Path, help="Keep the scratch project here (must not exist).")
    args = parser.parse_args()
    pages_dir = ROOT / "eval" / "pages" / args.set
    gold_dir = ROOT / "eval" / "gold" / args.set
    pages = sorted(pages_dir.glob("*.txt"))
    if not pages:
        print(f"no captures in {pages_dir}: see eval/README.md to recreate them", file=sys.stderr)
        return 1
    where = args.keep or Path(tempfile.mkdtemp(prefix=f"unseen-{args.set}-"))
    project = scratch_project(where, pages)
    t0 = time.perf_counter()
    outcomes = convert_all(project, sorted(project.seeds.glob("*.txt")))
    seconds = time.perf_counter() - t0
    state = json.loads((project.tei / ".converted.json").read_text(encoding="utf-8"))
    written = [o for o in outcomes if o.status != "failed"]
    invalid = [str(p) for p in validate_files(project, [o.target for o in written]) if p.severity == "error"]
    kinds = Counter(state[o.target.name]["converter"] for o in written)
    print(f"{args.set}: {len(pages)} captures, {len(written)} converted to TEI "
          f"({len(pages) - len(written)} refused), {len(invalid)} validation error(s), {seconds:.1f} s")
    print("converters: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    for o in outcomes:
        if o.status == "failed":
            print(f"  refused {o.source.name}: {o.warnings[-2].message if len(o.warnings) > 1 else o.warnings}")
    for o in written:
        print(f"  {state[o.target.name]['converter']:<14} {o.source.name}")
    scores = evaluate([o.target for o in written], gold_dir, ids=False)
    print(format_table(scores))
    if not args.keep:
        shutil.rmtree(where, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
