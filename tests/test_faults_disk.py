"""Read-only, full and mistyped output locations: one line naming the path, exit status 1.

Real faults where the machine allows them (the tests run as root, which chmod does not
stop): a read-only tmpfs (EROFS), a tiny tmpfs (ENOSPC), `chattr +i` (EPERM); and an
in-process ENOSPC on the TEI write path.
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from faultkit import leftovers, make_edition, run
from pipeline.cli import main


@pytest.fixture
def mounts():
    made = []

    def mount(path: Path, options: str) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, f"cannot mount a tmpfs (the fault suite runs as root): {done.stderr}"
        made.append(path)
        return path

    yield mount
    for path in reversed(made):
        subprocess.run(["umount", str(path)], capture_output=True)


@pytest.fixture
def immutable():
    made = []

    def freeze(path: Path) -> Path:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, f"chattr +i failed: {done.stderr}"
        made.append(path)
        return path

    yield freeze
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def one_line_naming(output: str, path: Path, reason: str) -> None:
    lines = [ln for ln in output.splitlines() if str(path) in ln and reason in ln]
    assert lines, output
    assert re.match(r"^\S+:\d+:\d+: ", lines[0]), lines[0]


def test_faults_disk_read_only_output(tmp_path, mounts):
    project = make_edition(tmp_path / "edition", seeds=1)
    out = mounts(tmp_path / "ro", "ro,size=1m")
    done = run(project, "build", "--format", "txt", "--out", str(out / "site"))
    assert done.returncode == 1
    one_line_naming(done.stderr, out / "site", "Read-only file system")


def test_faults_disk_full_output(tmp_path, mounts):
    project = make_edition(tmp_path / "edition", seeds=2)
    out = mounts(tmp_path / "full", "size=64k")
    done = run(project, "build", "--format", "txt", "--format", "html", "--out", str(out))
    assert done.returncode == 1
    full = [ln for ln in done.stderr.splitlines() if "No space left on device" in ln or "disk is full" in ln]
    assert full and str(out) in full[0] and re.match(r"^\S+:\d+:\d+: ", full[0]), done.stderr
    assert len(full) <= 3  # no wall of Java errors
    assert leftovers(out) == []
    # the same build where there is room succeeds
    assert run(project, "build", "--format", "txt", "--format", "html").returncode == 0


def test_faults_disk_output_is_a_file(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=1)
    project.build.write_text("not a folder\n")
    done = run(project, "build", "--format", "txt")
    assert done.returncode == 1
    one_line_naming(done.stderr, project.build, "is a file")


def test_faults_disk_output_subfolder_is_a_file(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=1)
    project.build.mkdir()
    (project.build / "txt").write_text("not a folder\n")
    done = run(project, "build", "--format", "txt", "--format", "html")
    assert done.returncode == 1
    assert str(project.build / "txt") in done.stderr, done.stderr
    assert list((project.build / "html").glob("0*.html"))  # the other format is still built


def test_faults_disk_package_out_is_a_file(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=1)
    target = tmp_path / "bag"
    target.write_text("x")
    done = run(project, "package", "--allow-placeholders", "--out", str(target))
    assert done.returncode == 2  # a usage error: click names the option and the file
    assert "bag" in done.stderr and "file" in done.stderr.lower()


def test_faults_disk_immutable_tei_folder(tmp_path, immutable):
    project = make_edition(tmp_path / "edition", seeds=2)
    assert run(project, "convert").returncode == 0
    before = {p.name: p.read_bytes() for p in project.tei.iterdir()}
    for seed in project.seeds.glob("*.txt"):
        seed.write_text(seed.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    immutable(project.tei)
    done = run(project, "convert")
    assert done.returncode == 1
    one_line_naming(done.stderr + done.stdout, project.tei, "Operation not permitted")
    assert {p.name: p.read_bytes() for p in project.tei.iterdir()} == before


def test_faults_disk_immutable_package_folder(tmp_path, immutable):
    project = make_edition(tmp_path / "edition", seeds=1)
    assert run(project, "build", "--format", "txt").returncode == 0
    (project.build / "package").mkdir()
    immutable(project.build / "package")
    done = run(project, "package", "--allow-placeholders")
    assert done.returncode == 1
    one_line_naming(done.stderr, project.build / "package", "Operation not permitted")


def test_faults_disk_full_while_writing_tei(tmp_path, monkeypatch):
    """ENOSPC in the middle of the TEI write: the old file stays, no temp file, nothing taken for an edit."""
    import pipeline.xmlio

    project = make_edition(tmp_path / "edition", seeds=2)
    runner = CliRunner()
    assert runner.invoke(main, ["--project", str(project.root), "convert"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in project.tei.glob("0*.xml")}
    for seed in project.seeds.glob("*.txt"):
        seed.write_text(seed.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pipeline.xmlio.os, "fdopen", lambda fd, mode="r": Full(real_fdopen(fd, mode)))
    res = runner.invoke(main, ["--project", str(project.root), "convert"])
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "No space left on device" in res.output and str(project.tei) in res.output, res.output
    assert {p.name: p.read_bytes() for p in project.tei.glob("0*.xml")} == before
    assert leftovers(project.tei) == []
    monkeypatch.undo()
    res = runner.invoke(main, ["--project", str(project.root), "convert"])
    assert res.exit_code == 0 and "edited" not in res.output, res.output
