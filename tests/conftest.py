"""Shared fixtures: a throw-away copy of the project, and the seeds converted once per worker."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.convert import convert_all
from pipeline.project import REGISTER_FILES, Project

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"
TEI_ALL = ROOT / "schema" / "tei_all.rng"


def copy_project(dest: Path, with_documents: bool = False) -> Project:
    """Seeds, schema, stylesheets and registers; the TEI documents only on request."""
    for name in ("seeds", "schema", "xslt"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "edition.toml", dest / "edition.toml")
    (dest / "tei").mkdir()
    for name in REGISTER_FILES.values():
        shutil.copy(ROOT / "tei" / name, dest / "tei" / name)
    if with_documents:
        for path in Project(ROOT).document_paths():
            shutil.copy(path, dest / "tei" / path.name)
        if (ROOT / "tei" / ".converted.json").exists():
            shutil.copy(ROOT / "tei" / ".converted.json", dest / "tei" / ".converted.json")
    return Project(dest)


@pytest.fixture
def project(tmp_path) -> Project:
    return copy_project(tmp_path / "edition")


@pytest.fixture(scope="session")
def converted(tmp_path_factory) -> Project:
    """The five seeds converted afresh into a private project (once per xdist worker)."""
    proj = copy_project(tmp_path_factory.mktemp("converted"))
    outcomes = convert_all(proj)
    failed = [o for o in outcomes if o.status == "failed"]
    assert not failed, [str(p) for o in failed for p in o.warnings]
    return proj


def jing(paths: list[Path]) -> subprocess.CompletedProcess:
    """Validate against the official tei_all.rng; jing missing is a failure, not a skip."""
    exe = shutil.which("jing")
    assert exe, "jing is not installed (Debian package jing)"
    assert TEI_ALL.exists(), f"reference schema missing: {TEI_ALL}"
    return subprocess.run([exe, str(TEI_ALL), *map(str, paths)], capture_output=True, text=True)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Debian Chromium (as root: no sandbox), a fresh profile per session."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    yield driver
    driver.quit()
