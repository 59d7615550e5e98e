"""The project carries what it validates with: the official tei_all.rng, checked by sha256,
`pipeline validate --tei-all` over it, and no path that reaches outside the repository."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, TEI_ALL, copy_project
from pipeline.cli import main
from pipeline.conformance import check_tei_all

TEI_ALL_SHA256 = "b0f115095ead2ccc6933aa3365c6f4a82cba3b2ec7eee7f76bb616d7a63b7e48"

INVALID = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>t</title></titleStmt>
      <publicationStmt><p>p</p></publicationStmt>
      <sourceDesc><p>s</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <p>ok</p>
      <p><bogus>not TEI</bogus></p>
    </body>
  </text>
</TEI>
"""


def test_tei_all_is_the_official_release_file():
    data = TEI_ALL.read_bytes()
    assert hashlib.sha256(data).hexdigest() == TEI_ALL_SHA256
    # The release header names the version (with a no-break space) and the licence.
    assert "P5 Version\u00a04.12.0".encode() in data[:2000]
    assert b"CC+BY and BSD-2" in data[:3000]


def test_schema_readme_states_version_and_checksum():
    readme = (ROOT / "schema" / "README.md").read_text(encoding="utf-8")
    assert TEI_ALL_SHA256 in readme
    assert "4.12.0" in readme and "BSD-2" in readme


@pytest.mark.parametrize("engine", ["jing", "lxml"])
def test_tei_all_check_finds_a_non_tei_element_at_its_line(tmp_path, engine):
    project = copy_project(tmp_path / "edition")
    bad = project.tei / "bad.xml"
    bad.write_text(INVALID, encoding="utf-8")
    problems = check_tei_all(project, [bad], engine)
    assert problems, "an unknown element must be reported"
    assert all(p.path == bad for p in problems)
    assert any(p.line == 13 and "bogus" in p.message for p in problems), [str(p) for p in problems]


def test_tei_all_engines_agree_on_the_edition(tmp_path):
    project = copy_project(tmp_path / "edition", with_documents=True)
    paths = sorted(project.tei.glob("*.xml"))
    assert len(paths) >= 8
    assert check_tei_all(project, paths, "jing") == []
    assert check_tei_all(project, paths, "lxml") == []


def test_tei_all_check_never_hands_a_doctype_to_jing(tmp_path):
    project = copy_project(tmp_path / "edition")
    evil = project.tei / "evil.xml"
    evil.write_text('<!DOCTYPE TEI SYSTEM "http://127.0.0.1:9/x.dtd">\n' + INVALID.split("\n", 1)[1],
                    encoding="utf-8")
    problems = check_tei_all(project, [evil], "jing")
    assert [p.message for p in problems] == [
        "a DOCTYPE declaration names an external DTD (http://127.0.0.1:9/x.dtd), which is never fetched; "
        "remove the DOCTYPE (the edition is validated against schema/)"]


def test_validate_tei_all_option_reports_file_line_col_and_exit_status(tmp_path):
    project = copy_project(tmp_path / "edition", with_documents=True)
    runner = CliRunner()
    ok = runner.invoke(main, ["--project", str(project.root), "validate", "--tei-all"])
    assert ok.exit_code == 0, ok.output
    assert "tei_all" in ok.output
    bad = project.tei / "bad.xml"
    bad.write_text(INVALID, encoding="utf-8")
    result = runner.invoke(main, ["--project", str(project.root), "validate", "--tei-all", str(bad)])
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(str(bad))}:13:\d+: tei_all: .*bogus", result.output), result.output


def test_validate_tei_all_works_without_jing(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "edition")
    bad = project.tei / "bad.xml"
    bad.write_text(INVALID, encoding="utf-8")
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "jing" else real_which(name, *a, **k))
    problems = check_tei_all(project, [bad], "auto")
    assert any("bogus" in p.message for p in problems)


# Paths of this machine or of folders beside the clone: a fresh clone has neither.
OUTSIDE = re.compile(r"/work/|/root/|/home/\w|\.\./shared|parent\s*/\s*[\"']shared[\"']|parents?\[\d\]\s*/\s*[\"']shared")


def test_nothing_names_a_path_outside_the_repository():
    tracked = subprocess.run(["git", "ls-files", "tests", "pipeline", "bench", ".ci", "README.md", "docs"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    offenders = []
    for name in tracked:
        path = ROOT / name
        if path.suffix not in {".py", ".md", ".sh", ""} or not path.is_file() or path.name == Path(__file__).name:
            continue
        for no, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{name}:{no}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
