"""Captures cut off anywhere still convert to valid TEI without losing a word."""

from __future__ import annotations

import pytest

from conftest import SEEDS, jing
from pipeline.convert import convert_all
from pipeline.validate import validate_files
from pipeline.xmlio import parse
from test_convert import missing_source_lines

FRACTIONS = (0.15, 0.35, 0.55, 0.8, 0.97)


@pytest.fixture(scope="module")
def truncated(tmp_path_factory):
    """Every seed cut at several points, mid-line, as a failed page save leaves it."""
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("truncated"))
    sources = []
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for fraction in FRACTIONS:
            cut = project.seeds / f"{seed.stem}-cut{int(fraction * 100)}.txt"
            cut.write_text(text[: int(len(text) * fraction)], encoding="utf-8")
            sources.append(cut)
    outcomes = {o.source: o for o in convert_all(project, sources)}
    return project, sources, outcomes


def test_truncated_sources_convert_without_failure(truncated):
    project, sources, outcomes = truncated
    failed = {s.name: [str(p) for p in outcomes[s].warnings] for s in sources if outcomes[s].status == "failed"}
    assert failed == {}


def test_truncated_sources_lose_no_text(truncated):
    project, sources, outcomes = truncated
    for source in sources:
        root = parse(outcomes[source].target).getroot()
        assert missing_source_lines(source.read_text(encoding="utf-8"), root) == [], source.name


def test_truncated_sources_are_valid_tei(truncated):
    project, sources, outcomes = truncated
    targets = [outcomes[s].target for s in sources]
    errors = [str(p) for p in validate_files(project, targets) if p.severity == "error"]
    assert errors == []
    result = jing(targets)
    assert result.returncode == 0, result.stdout
