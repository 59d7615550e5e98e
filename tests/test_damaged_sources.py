"""Damaged captures: every run ends in a clear refusal or in valid TEI that keeps every word.

The mutations are those that real captures suffer: lines shuffled, a whole page run onto one
line, a file cut off at any byte, Windows line ends, a byte-order mark, stray NUL bytes.
bench/mutations.py runs the same property over a thousand and more of them.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, SEEDS, copy_project
from pipeline.completeness import missing_words
from pipeline.convert import convert_source
from pipeline.errors import PipelineError
from pipeline.sources.lines import decode
from pipeline.validate import validate_tree
from pipeline.xmlio import parse_bytes

SOURCES = sorted(SEEDS.glob("*.txt")) + sorted(p for p in (FIXTURES / "sources").glob("*.txt")
                                              if p.stem != "unknown_format")


def shuffle_lines(data: bytes, seed: int) -> bytes:
    lines = data.split(b"\n")
    random.Random(seed).shuffle(lines)
    return b"\n".join(lines)


def join_lines(data: bytes, seed: int) -> bytes:
    return b" ".join(l.strip() for l in data.split(b"\n"))


def truncate(data: bytes, seed: int) -> bytes:
    return data[: random.Random(seed).randrange(1, max(2, len(data)))]


def crlf(data: bytes, seed: int) -> bytes:
    return data.replace(b"\n", b"\r\n")


def bom(data: bytes, seed: int) -> bytes:
    return b"\xef\xbb\xbf" + data


def nul(data: bytes, seed: int) -> bytes:
    at = random.Random(seed).randrange(0, max(1, len(data)))
    return data[:at] + b"\x00" + data[at:]


MUTATIONS = [shuffle_lines, join_lines, truncate, crlf, bom, nul]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("damaged"))


def check(project, path: Path) -> str:
    """'refused' or 'converted'; fails the test on anything else."""
    try:
        conversion = convert_source(path, project)
    except PipelineError as e:
        assert all(str(p.path) == str(path) or p.path == path for p in e.problems), [str(p) for p in e.problems]
        return "refused"
    tree = parse_bytes(conversion.data, project.tei / f"{path.stem}.xml")
    errors = [p for p in validate_tree(project, tree, project.tei / f"{path.stem}.xml") if p.severity == "error"]
    assert errors == [], [str(p) for p in errors]
    text = decode(path.read_bytes(), path)
    assert missing_words(text, [], [d.text for d in conversion.doc.dropped], tree.getroot()) == {}, conversion.doc.kind
    return "converted"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(source=st.sampled_from(SOURCES), mutation=st.sampled_from(MUTATIONS), seed=st.integers(0, 10**6))
def test_a_damaged_capture_is_refused_or_converted_whole(project, tmp_path_factory, source, mutation, seed):
    damaged = tmp_path_factory.mktemp("m") / f"{source.stem}-{mutation.__name__}.txt"
    damaged.write_bytes(mutation(source.read_bytes(), seed))
    outcome = check(project, damaged)
    assert outcome in ("refused", "converted")


@pytest.mark.parametrize("source", SOURCES[:5], ids=lambda p: p.stem)
def test_a_seed_on_one_line_still_converts_whole(project, tmp_path, source):
    damaged = tmp_path / f"{source.stem}.txt"
    damaged.write_bytes(join_lines(source.read_bytes(), 0))
    assert check(project, damaged) == "converted"


_PROSE = st.lists(st.sampled_from(["Kim Il Sung", "agreed.", "Panmunjom,", "the 24th!", "«Да».", "Корея?", "停战谈判。",
                                   "”", "(1951).", "P.S.", "and", "\u00a0", "…"]), min_size=1, max_size=4000)


@settings(max_examples=60, deadline=None)
@given(words=_PROSE)
def test_an_overlong_line_is_cut_at_sentence_ends_and_keeps_every_character(words):
    from pipeline.sources.lines import OVERLONG, overlong_pieces

    line = " ".join(words)
    pieces = overlong_pieces(line)
    assert "".join(pieces).replace(" ", "") == line.replace(" ", "")
    assert all(p and p == p.strip() or i == 0 for i, p in enumerate(pieces))
    assert all(len(p) >= 2_000 and p[-1] in ".!?…\"”»)]。！？」』）" for p in pieces[:-1])
    if line.find(". K", 2_000) > 0:  # a sentence's end after the first 2,000 characters
        assert len(pieces) > 1
    assert OVERLONG > 11_666  # the seeds' longest paragraph is never cut


def test_a_page_on_one_line_becomes_paragraphs_and_says_so(project, tmp_path):
    one_line = tmp_path / "one-line.txt"
    # every seed, one after the other: more than any real paragraph (the seeds' longest has 11,666 characters)
    seed = " ".join(" ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))).split())
    one_line.write_text(seed, encoding="utf-8")
    conversion = convert_source(one_line, project)
    tree = parse_bytes(conversion.data, project.tei / "one-line.xml")
    paragraphs = tree.xpath("//tei:body//tei:p", namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    assert len(paragraphs) >= len(seed) // 5_000
    assert max(len("".join(p.itertext())) for p in paragraphs) < 50_000
    assert any("no line break" in p.message and p.line == 1 for p in conversion.warnings)
    assert check(project, one_line) == "converted"


@pytest.mark.parametrize("cut", [1, 2])
def test_a_capture_cut_inside_its_last_character_converts_and_says_where(project, tmp_path, cut):
    source = max(SEEDS.glob("*.txt"), key=lambda p: p.read_bytes().count("。".encode()))  # a Chinese text
    data = source.read_bytes()
    end = data.rindex("。".encode())
    damaged = tmp_path / "cut.txt"
    damaged.write_bytes(data[: end + cut])  # the first bytes of a three-byte character
    conversion = convert_source(damaged, project)
    warning = [p for p in conversion.warnings if "ends inside a character" in p.message]
    assert len(warning) == 1 and f"{cut} byte(s)" in warning[0].message
    assert warning[0].line == data[:end].count(b"\n") + 1
    assert check(project, damaged) == "converted"


@given(st.text(min_size=1, max_size=30), st.integers(0, 3))
def test_cut_character_counts_only_the_bytes_of_an_unfinished_last_character(text, extra):
    from pipeline.sources.lines import cut_character

    data = text.encode("utf-8")
    assert cut_character(data) == 0
    last = text[-1].encode("utf-8")
    if 0 < extra < len(last):
        assert cut_character(data[: len(data) - len(last) + extra]) == extra
    assert cut_character(b"\xff" + data[:-1] if len(last) > 1 else b"\xff\xe6") == 0  # invalid before: no cut


@pytest.mark.parametrize("name", ["zh_reading_site_chapter_furniture", "peoples_daily_forum_repost"])
def test_a_page_on_one_line_that_opens_with_its_trail_keeps_its_text(project, tmp_path, name):
    # "您的位置:… > 第二十章 …" or a forum's "• 88阅读 • 0回复 …" then the whole text: not a breadcrumb.
    damaged = tmp_path / f"{name}.txt"
    damaged.write_bytes(join_lines((FIXTURES / "sources" / f"{name}.txt").read_bytes(), 0))
    assert check(project, damaged) == "converted"
