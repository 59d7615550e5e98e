"""Bad sources: control characters, foreign encodings, reserved and clashing names.

One bad source is reported at file:line:col and never blocks the others or the build;
`decode` either returns NFC text XML can carry or raises a positioned PipelineError.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from faultkit import make_edition, run
from pipeline.errors import PipelineError
from pipeline.sources.lines import XML_ILLEGAL, decode

P = Path("seeds/x.txt")
RUSSIAN = "Совершенно секретно. Товарищу Сталину. Перемирие в Корее, 1953 год.\nВторая строка.\n"
CHINESE = "中国人民志愿军司令部关于朝鲜停战谈判的报告。\n第二行。\n"
ENGLISH = "Record of a conversation between Stalin and Zhou Enlai, 20 August 1952.\nSecond line.\n"


def test_faults_source_with_control_character_blocks_nothing(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=2)
    bad, good = sorted(project.seeds.glob("*.txt"))
    lines = bad.read_text(encoding="utf-8").split("\n")
    n = next(i for i, line in enumerate(lines) if len(line) > 10)
    lines[n] = lines[n][:3] + "\x01" + lines[n][3:]
    bad.write_text("\n".join(lines), encoding="utf-8")
    where = f"{bad}:{n + 1}:4:"

    converted = run(project, "convert")
    assert converted.returncode == 1
    assert f"{where} character U+0001" in converted.stderr + converted.stdout, converted.stdout
    assert (project.tei / f"{good.stem}.xml").is_file() and not (project.tei / f"{bad.stem}.xml").exists()
    for _ in range(2):  # and every later build too: the edition is never blocked by one source
        built = run(project, "build", "--format", "txt")
        assert built.returncode == 1
        assert where in built.stderr
        assert (project.build / "txt" / f"{good.stem}.txt").is_file()


def test_faults_source_named_like_a_register_is_refused(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=1)
    register = (project.tei / "persons.xml").read_bytes()
    fake = project.seeds / "persons.txt"
    fake.write_bytes(sorted(project.seeds.glob("0*.txt"))[0].read_bytes())
    done = run(project, "convert", "--force", str(fake))
    assert done.returncode == 1
    assert f"{fake}:0:0: the name 'persons' is reserved" in done.stderr + done.stdout
    assert (project.tei / "persons.xml").read_bytes() == register


def test_faults_two_sources_with_one_stem_are_refused_with_both_names(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=1)
    seed = sorted(project.seeds.glob("0*.txt"))[0]
    twin = project.seeds / "twin.md"
    twin.write_bytes(seed.read_bytes())
    other = project.seeds / "twin.txt"
    other.write_bytes(seed.read_bytes())
    done = run(project, "convert")
    out = done.stdout + done.stderr
    assert done.returncode == 1
    for path in (twin, other):
        assert re.search(rf"{re.escape(str(path))}:0:0: .*twin\.md and .*twin\.txt would all become tei/twin\.xml",
                         out), out
    assert not (project.tei / "twin.xml").exists()
    # one at a time does not get round it: the second is refused for the first's file
    other.unlink()
    assert run(project, "convert", str(twin)).returncode == 0
    other.write_bytes(seed.read_bytes())
    again = run(project, "convert", str(other))
    assert again.returncode == 1 and "twin.txt and twin.md would both become tei/twin.xml" in again.stdout + again.stderr


@pytest.mark.parametrize("text,encoding", [
    (ENGLISH, "utf-8-sig"), (RUSSIAN, "utf-16"), (CHINESE, "utf-16-be-bom"), (RUSSIAN, "utf-16-le-bom"),
    (ENGLISH, "utf-16-le"), (ENGLISH, "utf-16-be"), (RUSSIAN, "cp1251"), (CHINESE, "gb18030"),
    (RUSSIAN + CHINESE, "utf-32"),
])
def test_faults_decode_reads_the_encodings_of_the_material(text, encoding):
    if encoding.endswith("-bom"):
        codec = encoding[:-4]
        data = "\ufeff".encode(codec) + text.encode(codec)
    else:
        data = text.encode(encoding)
    assert decode(data, P) == text


@pytest.mark.parametrize("data,expected", [
    (b"abc\x00\x01\x02\xff", "binary file (NUL byte)"),
    ("caf\xe9 na\xefve, d\xe9j\xe0 vu".encode("latin-1"), "not valid UTF-8 (byte 0xE9), and not Windows-1251 or GB18030"),
    (b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8", "not valid UTF-16LE"),
    ("line one\nli\x0bne two\n".encode(), "x.txt:2:3: character U+000B"),
])
def test_faults_decode_refuses_with_what_it_found(data, expected):
    with pytest.raises(PipelineError) as e:
        decode(data, P)
    assert expected in str(e.value)


def test_faults_decode_utf16_with_nul_bytes_is_not_binary():
    data = "\ufeffWilson Center Digital Archive\n".encode("utf-16-le")
    assert b"\x00" in data and decode(data, P) == "Wilson Center Digital Archive\n"


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))
       | st.text(max_size=100).map(lambda t: t.encode("utf-16", "surrogatepass")))
def test_faults_decode_any_bytes_is_text_or_a_positioned_error(data):
    try:
        text = decode(data, P)
    except PipelineError as e:
        assert e.problems
        for p in e.problems:
            assert p.path == P and p.line >= 1 and p.col >= 1 and p.message
        return
    assert unicodedata.is_normalized("NFC", text)
    assert not XML_ILLEGAL.search(text)
    assert "\r" not in text
