"""kill -9 at random moments, and runs at the same time: nothing half-written, nothing lost.

The moments are drawn from a seeded generator (reproducible) over each command's
own measured duration, a few cases per command, so the suite stays within seconds
per case.
"""

from __future__ import annotations

import random
import re
import time

import pytest

from faultkit import descendants, kill_after, leftovers, make_edition, run, start, wait_gone
from pipeline.lock import project_lock
from pipeline.xmlio import parse

CASES = 3


def _timed(project, *args):
    t0 = time.monotonic()
    done = run(project, *args)
    return done, time.monotonic() - t0


def _touch_sources(project, n: int) -> None:
    """Change every source a little, so that the next conversion rewrites every TEI file."""
    for seed in project.seeds.glob("*.txt"):
        seed.write_text(seed.read_text(encoding="utf-8").rstrip("\n") + f"\n\nNote {n} of the kill test.\n",
                        encoding="utf-8")


def test_faults_kill_convert_force_never_breaks_edit_protection(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=2, copies=4)
    first = run(project, "convert")
    assert first.returncode == 0, first.stderr
    _touch_sources(project, -1)
    forced, duration = _timed(project, "convert", "--force")
    assert forced.returncode == 0, forced.stderr
    rng = random.Random(11)
    killed = attempts = 0
    while killed < CASES and attempts < 3 * CASES:  # a kill that comes after the end does not count
        attempts += 1
        _touch_sources(project, attempts)
        state = project.tei / ".converted.json"
        mark = state.stat().st_mtime_ns
        proc = start(project, "convert", "--force")
        # from the first record written on: the moments when files and records change
        hit, _ = kill_after(proc, rng.uniform(0.0, 0.6) * duration,
                            ready=lambda: state.stat().st_mtime_ns != mark)
        killed += hit
        for tei in project.tei.glob("*.xml"):
            parse(tei)  # every file is whole: the old one or the new one
        again = run(project, "convert")
        assert again.returncode == 0, again.stdout + again.stderr
        assert "edited" not in again.stdout, again.stdout  # nothing the pipeline wrote is taken for an edit
        assert leftovers(project.tei) == []
    assert killed >= 2, f"only {killed} of {attempts} kills came before the conversion ended ({duration:.1f} s)"


def test_faults_kill_build_leaves_no_process_and_no_leftover(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=2, copies=6)
    formats = ("--format", "html", "--format", "txt", "--format", "fo", "-j", "2")
    first = run(project, "build", *formats)
    assert first.returncode == 0, first.stderr
    forced, duration = _timed(project, "build", "--force", *formats)
    assert forced.returncode == 0, forced.stderr
    rng = random.Random(23)
    killed = attempts = 0
    while killed < 3 and attempts < 8:  # a kill that comes after the end does not count
        attempts += 1
        proc = start(project, "build", "--force", *formats)
        # from the moment the worker pool is up: rendering, moving files into place, FOP
        hit, kids = kill_after(proc, rng.uniform(0.0, 0.5) * duration, ready=lambda: len(descendants(proc.pid)) > 1)
        killed += hit
        assert wait_gone(kids, timeout=10) == set(), "worker processes outlived the killed build"
        again = run(project, "build", *formats)
        assert again.returncode == 0, again.stdout + again.stderr
        assert leftovers(project.build) == [], leftovers(project.build)
        for html in (project.build / "html").glob("0*.html"):
            assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert killed >= 2, f"only {killed} of {attempts} kills came before the build ended"


def test_faults_kill_fop_dies_with_the_build(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=1)
    assert run(project, "build", "--format", "fo").returncode == 0
    proc = start(project, "build", "--format", "pdf", "--force", "-j", "1")
    deadline = time.monotonic() + 60
    java = set()
    while time.monotonic() < deadline and not java and proc.poll() is None:
        from pathlib import Path

        for pid in descendants(proc.pid):
            try:
                if b"java" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    java.add(pid)
            except OSError:
                pass
        time.sleep(0.05)
    assert java, "no FOP process was seen"
    hit, kids = kill_after(proc, 0)
    assert hit
    assert wait_gone(kids | java, timeout=10) == set()
    again = run(project, "build", "--format", "pdf")
    assert again.returncode == 0, again.stderr
    assert leftovers(project.build) == []


def test_faults_kill_package_leaves_only_whole_bags(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=2)
    assert run(project, "build", "--format", "txt").returncode == 0
    first, duration = _timed(project, "package", "--allow-placeholders")
    assert first.returncode == 0, first.stderr
    rng = random.Random(5)
    for case in range(3):
        proc = start(project, "package", "--allow-placeholders")
        folder = project.build / "package"
        kill_after(proc, rng.uniform(0.0, 0.6) * duration,
                   ready=lambda: any(p.name.startswith(".") for p in folder.iterdir()))
        for bag in (project.build / "package").iterdir():
            if bag.name.startswith("."):
                continue  # a staging folder: the next run removes it
            verified = run(project, "package", "--verify", str(bag))
            assert verified.returncode == 0, verified.stdout + verified.stderr
    again = run(project, "package", "--allow-placeholders")
    assert again.returncode == 0, again.stderr
    assert leftovers(project.build / "package") == []
    names = sorted(p.name for p in (project.build / "package").iterdir())
    assert len(names) == len(set(names)) >= 2  # every run made its own bag, none replaced another


def test_faults_concurrent_builds_are_serialised(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=2)
    procs = [start(project, "build", "--force", "--format", "txt", "-j", "1") for _ in range(3)]
    results = [p.communicate(timeout=240) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert "Traceback" not in out + err
        assert proc.returncode == 0, out + err
    assert any("waiting for the run that holds the project lock" in err for _, err in results)
    assert leftovers(project.build) == []
    for txt in (project.build / "txt").glob("*.txt"):
        assert txt.read_text(encoding="utf-8").strip()


def test_faults_concurrent_converts_keep_the_record(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=2, copies=3)
    assert run(project, "convert").returncode == 0
    _touch_sources(project, 99)
    procs = [start(project, "convert", "--force") for _ in range(2)]
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0 and "Traceback" not in out + err, out + err
    again = run(project, "convert")
    assert again.returncode == 0 and "edited" not in again.stdout, again.stdout


def test_faults_lock_timeout_is_a_message(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=1)
    with project_lock(project, "test"):
        done = run(project, "build", "--format", "txt", env={"PIPELINE_LOCK_TIMEOUT": "1"})
    assert done.returncode == 1
    assert re.search(r"still locked after 1 s by pid \d+, `pipeline test`", done.stderr), done.stderr
    assert not (project.build / "txt").exists()
