"""The encoding manual, docs/encoding.md, rendered from the prose of the edition's ODD.

schema/edition.odd is the one source of the guidelines (prose with examples) and of the
customisation (its schemaSpec); xslt/md_guidelines.xsl renders the prose as Markdown so that
it can be read on any forge. tests/test_odd.py checks that docs/encoding.md is the rendering.

    python -m pipeline.guidelines     rewrite docs/encoding.md from schema/edition.odd
"""

from __future__ import annotations

import sys
from pathlib import Path

from .transform import Stylesheets
from .xmlio import write_atomic

ROOT = Path(__file__).resolve().parents[1]
ODD = Path("schema") / "edition.odd"
MANUAL = Path("docs") / "encoding.md"


def render(root: Path = ROOT) -> str:
    """The Markdown of the ODD's prose."""
    return Stylesheets(root / "xslt").render_string("md_guidelines", root / ODD)


def main(argv: list[str] | None = None) -> int:
    root = Path((argv or sys.argv[1:] or [str(ROOT)])[0])
    changed = write_atomic(root / MANUAL, render(root).encode("utf-8"))
    print(f"{root / MANUAL}: {'written' if changed else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
