"""The corpus store's streamed writers: the same bytes as writing the whole file at once."""

from __future__ import annotations

import json
import os

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.corpus import index_json, write_streamed

# what index.json entries hold: strings (any characters, newlines and quotes included), numbers,
# lists and small maps of them
_scalars = st.one_of(st.text(), st.integers(), st.none(), st.booleans())
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                             max_size=3), max_leaves=8)
_docs = st.lists(st.dictionaries(st.text(max_size=8), _values, max_size=5), max_size=4)


@settings(max_examples=200, deadline=None)
@given(title=st.text(), docs=_docs)
def test_index_json_is_the_whole_dump(title, docs):
    expected = json.dumps({"title": title, "documents": docs}, ensure_ascii=False, indent=2) + "\n"
    assert "".join(index_json(title, iter(docs))) == expected


def test_write_streamed_is_atomic_and_keeps_an_unchanged_file(tmp_path):
    target = tmp_path / "sub" / "index.html"
    assert write_streamed(target, iter(["<p>", "ü", "</p>\n"]))
    assert target.read_bytes() == "<p>ü</p>\n".encode("utf-8")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    assert not write_streamed(target, iter(["<p>ü", "</p>\n"]))  # same bytes: left alone
    assert target.stat().st_mtime_ns == 1_000_000_000
    assert write_streamed(target, iter(["<p>x</p>\n"]))
    assert target.read_text(encoding="utf-8") == "<p>x</p>\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["index.html"]  # no temp file left


def test_write_streamed_leaves_the_old_file_when_a_piece_fails(tmp_path):
    target = tmp_path / "index.json"
    target.write_text("old\n", encoding="utf-8")

    def pieces():
        yield "new"
        raise RuntimeError("the database went away")

    try:
        write_streamed(target, pieces())
    except RuntimeError:
        pass
    else:  # pragma: no cover - the error must come through
        raise AssertionError("the error was swallowed")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.json"]
