"""schema.org JSON-LD for the documents and the registers (xslt/jsonld_*.xsl).

    write_jsonld(project, out_dir) -> [out_dir/<stem>.jsonld …, out_dir/registers.jsonld]

Each output is parsed as JSON before it is written (atomically, unchanged files
are left alone), so a stylesheet bug cannot publish broken JSON-LD.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import PipelineError, Problem
from .project import Project
from .xmlio import write_atomic


def _checked(text: str, source: Path) -> bytes:
    try:
        json.loads(text)
    except ValueError as e:
        raise PipelineError(Problem(source, 0, 0, f"JSON-LD is not valid JSON: {e}")) from None
    return (text.rstrip("\n") + "\n").encode("utf-8")


def write_jsonld(project: Project, out_dir: Path, base_url: str | None = None,
                 documents: list[Path] | None = None) -> list[Path]:
    from .transform import Stylesheets

    out_dir = Path(out_dir)
    sheets = Stylesheets(project.xslt)
    params = {"jsonld-base-url": base_url} if base_url else {}
    written = []
    for doc in documents if documents is not None else project.document_paths():
        out = out_dir / f"{doc.stem}.jsonld"
        write_atomic(out, _checked(sheets.render_string("jsonld_document", doc, params), doc))
        written.append(out)
    registers = [p for p in project.register_paths().values() if p.exists()]
    if registers:
        out = out_dir / "registers.jsonld"
        reg_params = {**params, "registers": " ".join(p.resolve().as_uri() for p in registers)}
        write_atomic(out, _checked(sheets.render_string("jsonld_registers", registers[0], reg_params), registers[0]))
        written.append(out)
    return written
