"""The build: incremental plan, parallel render, state, failures, PDF and the CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from buildkit import ROOT, STUB_FO, install_html_stubs, make_project, mtimes, well_formed_only
from pipeline.build import build, cited_registers
from pipeline.cli import main
from pipeline.errors import PipelineError
from lxml import etree

from pipeline.xmlio import parse

HTML_TXT = {"html", "txt"}
POSITION = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): ")


@pytest.fixture
def proj(tmp_path, monkeypatch):
    import pipeline.validate

    monkeypatch.setattr(pipeline.validate, "validate_files", well_formed_only)
    p = make_project(tmp_path / "edition")
    install_html_stubs(p)
    return p


def state(p):
    return json.loads((p.build / ".state.json").read_text(encoding="utf-8"))


def stems(p):
    return [d.stem for d in p.document_paths()]


def page_keys(stem):
    return {f"html/{stem}.html", f"txt/{stem}.txt"}


def doc_keys(stem):
    return page_keys(stem)


# The index and register pages: their shells (rendered from the summary of the cards when a count
# changes) and the index assembled from the documents' rows (see pipeline/corpus.py).
CORPUS_KEYS = {"html/index-shell", "html/index.html", "html/registers.html"}
# The DTS collections change only when a document's title, summary or citation structure does.
DTS_COLLECTIONS = "dts/collections"


def test_build_first_build_makes_every_output(proj):
    r = build(proj, formats=HTML_TXT, jobs=2, progress=False)
    assert r.ok, [str(p) for p in r.problems]
    expected = set().union(*(doc_keys(s) for s in stems(proj))) | CORPUS_KEYS
    assert set(r.built) == expected
    assert not r.skipped and not r.failed
    out = proj.build
    for s in stems(proj):
        assert (out / "html" / f"{s}.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
        assert (out / "txt" / f"{s}.json").exists()
    # the index is assembled from every document's row; result-documents land next to the principal output
    assert [d["stem"] for d in json.loads((out / "html" / "index.json").read_text())["documents"]] == stems(proj)
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert "slot:rows" not in index and all(index.count(f'href="{s}.html"') == 2 for s in stems(proj))
    for name in ("persons", "places", "organisations"):
        assert (out / "html" / f"{name}.html").exists()
    assert not list((out / "html").glob(".stage-*"))
    manifest = (out / ".work" / "corpus.xml").read_text(encoding="utf-8")
    assert manifest.count("<document ") == len(stems(proj)) and 'kind="person"' in manifest


def test_build_second_build_with_nothing_changed_transforms_nothing(proj):
    build(proj, formats=HTML_TXT, jobs=2, progress=False)
    before = mtimes(proj.build)
    r = build(proj, formats=HTML_TXT, jobs=2, progress=False)
    assert r.built == [] and r.failed == []
    assert len(r.skipped) == len(stems(proj)) * 2 + len(CORPUS_KEYS)
    last = state(proj)["last_run"]
    assert last["built"] == [] and set(last["skipped"]) == set(r.skipped)
    assert mtimes(proj.build) == before


def test_build_one_file_change_rebuilds_that_document_only(proj):
    build(proj, formats=HTML_TXT, jobs=2, progress=False)
    before = mtimes(proj.build)
    target = proj.document_paths()[0]
    data = target.read_text(encoding="utf-8")
    target.write_text(data.replace("</TEI>", "<!-- edited --></TEI>"), encoding="utf-8")
    r = build(proj, formats=HTML_TXT, jobs=2, progress=False)
    # its card (and so its index row) did not change: no corpus page is assembled again
    assert set(r.built) == doc_keys(target.stem)
    after = mtimes(proj.build)
    changed = {k for k in after if after[k] != before.get(k)}
    # a comment changes neither the text nor the stub page: the rebuilt files keep their bytes and mtimes
    others = [s for s in stems(proj) if s != target.stem]
    assert not any(k.endswith(tuple(f"{s}{e}" for e in (".html", ".txt", ".json"))) for s in others for k in changed)


def test_build_one_file_text_change_rewrites_only_its_files(proj):
    build(proj, formats=HTML_TXT, jobs=2, progress=False)
    before = mtimes(proj.build)
    target = proj.document_paths()[-1]
    data = target.read_text(encoding="utf-8")
    new = re.sub(r"(<p xml:id=\"[^\"]*\"[^>]*>)", r"\1Inserted words. ", data, count=1)
    assert new != data
    target.write_text(new, encoding="utf-8")
    r = build(proj, formats=HTML_TXT, jobs=2, progress=False)
    assert set(r.built) == doc_keys(target.stem)
    after = mtimes(proj.build)
    changed = {k for k in after if after[k] != before.get(k)}
    assert {f"txt/{target.stem}.txt", f"txt/{target.stem}.json"} <= changed
    doc_id = parse(target).getroot().get("{http://www.w3.org/XML/1998/namespace}id")
    data_files = {k for k in changed if k.startswith("dts/") and doc_id in k} | {f"html/{target.stem}.jsonld"}
    assert changed <= {f"txt/{target.stem}.txt", f"txt/{target.stem}.json", f"html/{target.stem}.html",
                       "html/index.html", "html/index.json", "html/registers.html",
                       "html/persons.html", "html/places.html", "html/organisations.html"} | data_files
    assert "Inserted words." in (proj.build / "txt" / f"{target.stem}.txt").read_text(encoding="utf-8")


def test_build_imported_stylesheet_change_rebuilds_what_imports_it(proj):
    build(proj, formats=HTML_TXT, jobs=2, progress=False)
    common = proj.xslt / "html_common.xsl"
    common.write_text(common.read_text().replace("<h1>", "<h1 class='t'>"), encoding="utf-8")
    r = build(proj, formats=HTML_TXT, jobs=2, progress=False)
    assert set(r.built) == {f"html/{s}.html" for s in stems(proj)}
    assert "class=\"t\"" in (proj.build / "html" / f"{stems(proj)[0]}.html").read_text()


def test_build_txt_stylesheet_change_rebuilds_txt_only(proj):
    build(proj, formats=HTML_TXT, jobs=2, progress=False)
    sheet = proj.xslt / "txt_document.xsl"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("<!-- lists:", "<!-- changed. lists:"), encoding="utf-8")
    r = build(proj, formats=HTML_TXT, jobs=2, progress=False)
    assert set(r.built) == {f"txt/{s}.txt" for s in stems(proj)}


def test_build_register_change_rebuilds_documents_that_cite_it(proj):
    build(proj, formats=HTML_TXT, jobs=2, progress=False)
    persons = proj.tei / "persons.xml"
    persons.write_text(persons.read_text(encoding="utf-8").replace("</TEI>", "<!-- new --></TEI>"), encoding="utf-8")
    citing = {d.stem for d in proj.document_paths() if persons.resolve() in cited_registers(d)}
    r = build(proj, formats=HTML_TXT, jobs=2, progress=False)
    assert set(r.built) == set().union(*(page_keys(s) for s in citing), set()) | CORPUS_KEYS


def test_build_force_rebuilds_all_but_keeps_identical_files(proj):
    build(proj, formats={"txt"}, jobs=2, progress=False)
    before = mtimes(proj.build)
    r = build(proj, formats={"txt"}, jobs=2, force=True, progress=False)
    assert set(r.built) == {f"txt/{s}.txt" for s in stems(proj)}
    assert mtimes(proj.build) == before


def test_build_invalid_tei_gets_no_output_and_reports_position(proj):
    build(proj, formats=HTML_TXT, jobs=2, progress=False)
    bad = proj.document_paths()[1]
    good = [s for s in stems(proj) if s != bad.stem]
    text = bad.read_text(encoding="utf-8")
    # an unclosed element in the body: not well-formed
    bad.write_text(text.replace("</body>", "<p>unclosed</body>", 1), encoding="utf-8")
    r = build(proj, formats=HTML_TXT, jobs=2, progress=False)
    assert not r.ok and r.exit_code == 1
    assert any(bad.name in f for f in r.failed)
    msgs = [str(p) for p in r.errors]
    hits = [POSITION.match(m) for m in msgs if bad.name in m]
    assert hits and all(h and int(h["line"]) > 0 for h in hits), msgs
    assert not (proj.build / "txt" / f"{bad.stem}.txt").exists()
    assert not (proj.build / "html" / f"{bad.stem}.html").exists()
    for s in good:
        assert (proj.build / "txt" / f"{s}.txt").exists()
    # the corpus pages list only valid documents
    assert [d["stem"] for d in json.loads((proj.build / "html" / "index.json").read_text())["documents"]] == good


def test_build_stylesheet_error_is_a_positioned_problem(proj):
    (proj.xslt / "html_document.xsl").write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n'
        '<xsl:template match="/">\n  <xsl:value-of select="1 + \'a\'"/>\n</xsl:template>\n</xsl:stylesheet>\n')
    r = build(proj, formats={"html"}, jobs=2, progress=False)
    assert {f"html/{s}.html" for s in stems(proj)} == set(r.failed)
    assert "html/index.html" in r.built
    assert len(r.errors) == 1  # one broken stylesheet, reported once
    p = r.errors[0]
    assert str(p.path).endswith("html_document.xsl") and p.line == 3 and "XPTY0004" in p.message


def test_build_missing_stylesheet_is_a_note_not_a_failure(proj):
    for p in proj.xslt.glob("html_*.xsl"):
        p.unlink()
    r = build(proj, formats=HTML_TXT, jobs=2, progress=False)
    assert r.ok and set(r.built) == {f"txt/{s}.txt" for s in stems(proj)}
    assert sum("html_document.xsl" in n for n in r.notes) == 1


def test_build_copies_assets(proj):
    (proj.xslt / "assets").mkdir(exist_ok=True)
    (proj.xslt / "assets" / "edition.css").write_text("body{margin:0}")
    build(proj, formats={"html"}, jobs=2, progress=False)
    assert (proj.build / "html" / "assets" / "edition.css").read_text() == "body{margin:0}"
    r = build(proj, formats={"html"}, jobs=2, progress=False)
    assert "html/assets" in r.skipped and not r.built


def test_build_other_formats_keep_their_state(proj):
    build(proj, formats=HTML_TXT, jobs=2, progress=False)
    build(proj, formats={"txt"}, jobs=2, progress=False)
    r = build(proj, formats=HTML_TXT, jobs=2, progress=False)
    assert r.built == []


def test_build_pdf_with_fop(tmp_path, monkeypatch):
    import pipeline.validate

    monkeypatch.setattr(pipeline.validate, "validate_files", well_formed_only)
    assert shutil.which("fop"), "fop is not installed (Debian package fop): PDF output cannot be tested"
    p = make_project(tmp_path / "edition", docs=1)
    if not (p.xslt / "fo_document.xsl").exists():
        (p.xslt / "fo_document.xsl").write_text(STUB_FO, encoding="utf-8")
    (p.xslt / "fo_edition.xsl").unlink(missing_ok=True)  # one document is enough here
    r = build(p, formats={"pdf"}, jobs=2, progress=False)
    assert r.ok, [str(x) for x in r.problems]
    stem = p.document_paths()[0].stem
    pdf = p.build / "pdf" / f"{stem}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (p.build / "fo" / f"{stem}.fo").exists()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert len(text.split()) > 3
    before = mtimes(p.build)
    r2 = build(p, formats={"pdf"}, jobs=2, progress=False)
    assert r2.built == [] and f"pdf/{stem}.pdf" in r2.skipped
    assert mtimes(p.build) == before


def test_cli_build_prints_summary_and_exit_status(proj):
    runner = CliRunner()
    res = runner.invoke(main, ["--project", str(proj.root), "build", "--format", "txt", "--jobs", "2"])
    assert res.exit_code == 0, res.output
    n = len(stems(proj))
    assert re.search(rf"^{n} built, 0 unchanged, 0 failed in \d+\.\d\d s$", res.output, re.M), res.output
    res = runner.invoke(main, ["--project", str(proj.root), "build", "--format", "txt"])
    assert re.search(rf"^0 built, {n} unchanged, 0 failed in", res.output, re.M), res.output
    bad = proj.document_paths()[0]
    bad.write_text("<TEI", encoding="utf-8")
    res = runner.invoke(main, ["--project", str(proj.root), "build", "--format", "txt", "--out", str(proj.root / "out")])
    assert res.exit_code == 1
    assert re.search(rf"{re.escape(bad.name)}:\d+:\d+: ", res.output), res.output
    assert (proj.root / "out" / ".state.json").exists()


def test_build_schema_invalid_document_stops_its_outputs(tmp_path):
    """The real validator: an element the schema does not allow stops that document, at its line."""
    p = make_project(tmp_path / "edition")
    bad = p.document_paths()[0]
    lines = bad.read_text(encoding="utf-8").split("\n")
    at = next(i for i, ln in enumerate(lines) if "<body>" in ln)
    lines.insert(at + 1, "<bogusElement/>")
    bad.write_text("\n".join(lines), encoding="utf-8")
    r = build(p, formats={"txt"}, jobs=2, progress=False)
    assert r.exit_code == 1 and f"tei/{bad.name}: invalid" in r.failed
    assert not (p.build / "txt" / f"{bad.stem}.txt").exists()
    assert any(str(x.path).endswith(bad.name) and x.line in (at + 1, at + 2) for x in r.errors), [str(x) for x in r.errors]


def test_build_with_the_real_stylesheets(tmp_path, monkeypatch):
    """Integration with the HTML and FO stylesheets of the edition, where they exist already."""
    import pipeline.validate

    monkeypatch.setattr(pipeline.validate, "validate_files", well_formed_only)
    p = make_project(tmp_path / "edition")
    r = build(p, formats={"html", "fo", "txt"}, jobs=2, progress=False)
    assert r.ok, [str(x) for x in r.problems]
    out = p.build
    for s in stems(p):
        assert (out / "txt" / f"{s}.txt").exists()
        assert (out / "html" / f"{s}.html").stat().st_size > 0
        assert (out / "fo" / f"{s}.fo").stat().st_size > 0
    assert (out / "html" / "index.html").stat().st_size > 0
    for name in ("persons", "places", "organisations"):
        assert (out / "html" / f"{name}.html").exists()
    assert (out / "fo" / "edition.fo").stat().st_size > 0
    assets = {a.name for a in (p.xslt / "assets").iterdir()}
    assert assets and assets <= {a.name for a in (out / "html" / "assets").iterdir()}
    assert build(p, formats={"html", "fo", "txt"}, jobs=2, progress=False).built == []


def test_build_removed_document_loses_its_outputs(proj):
    build(proj, formats=HTML_TXT, jobs=2, progress=False)
    gone = proj.document_paths()[0]
    gone.unlink()
    for seed in proj.seeds.glob(f"{gone.stem}.*"):  # or the build converts it again
        seed.unlink()
    r = build(proj, formats=HTML_TXT, jobs=2, progress=False)
    assert set(r.built) == CORPUS_KEYS
    assert not (proj.build / "txt" / f"{gone.stem}.txt").exists()
    assert not (proj.build / "txt" / f"{gone.stem}.json").exists()
    assert not (proj.build / "html" / f"{gone.stem}.html").exists()
    assert not any(gone.stem in k for k in state(proj)["outputs"])


def test_build_converts_seeds_without_tei(proj):
    seeds = sorted(proj.seeds.glob("*.txt"))
    target = proj.tei / f"{seeds[0].stem}.xml"
    target.unlink(missing_ok=True)
    r = build(proj, formats={"txt"}, jobs=2, progress=False)
    assert target.exists() and f"txt/{target.stem}.txt" in r.built


def test_build_validates_in_parallel_for_many_files(tmp_path, monkeypatch):
    import pipeline.build

    monkeypatch.setattr(pipeline.build, "PARALLEL_VALIDATION", 1)
    p = make_project(tmp_path / "edition")
    bad = p.document_paths()[-1]
    bad.write_text(bad.read_text(encoding="utf-8").replace("</body>", "<p>open</body>", 1), encoding="utf-8")
    r = build(p, formats={"txt"}, jobs=2, progress=False)
    assert f"tei/{bad.name}: invalid" in r.failed
    assert any(str(x.path).endswith(bad.name) and x.line > 0 for x in r.errors), [str(x) for x in r.errors]
    assert not (p.build / "txt" / f"{bad.stem}.txt").exists()


def _html_files(out):
    """The pages and data (the search index, made afresh each time, is tested in test_search)."""
    return {q.relative_to(out).as_posix(): q.read_bytes() for q in out.rglob("*")
            if q.is_file() and q.relative_to(out).parts[0] != "pagefind"}


def test_build_incremental_corpus_pages_equal_a_full_build(tmp_path, monkeypatch):
    """Edited, renamed and removed: the assembled index and entry pages are those a fresh build makes."""
    import pipeline.validate

    monkeypatch.setattr(pipeline.validate, "validate_files", well_formed_only)
    p = make_project(tmp_path / "edition")
    r = build(p, formats={"html"}, jobs=2, progress=False)
    assert r.ok, [str(x) for x in r.problems]
    work = p.build / ".work"
    for s in stems(p):
        assert f".work/cards/{s}.xml" in state(p)["outputs"][f"html/{s}.html"]["files"]
    before = {c.name: c.stat().st_mtime_ns for c in (work / "cards").glob("*.xml")}
    pages_before = mtimes(p.build / "html")

    # a name form changes in one document: its page, its card and the pages of the entries it names
    target = p.document_paths()[0]
    text = target.read_text(encoding="utf-8")
    m = re.search(r'(<persName ref="persons.xml#(pers-[\w-]+)"[^>]*>)([^<]+)<', text[text.index("<body"):])
    form, person = m.group(3), m.group(2)
    start = text.index("<body") + m.start(3)
    target.write_text(text[:start] + form + " Jr." + text[start + len(form):], encoding="utf-8")
    r = build(p, formats={"html"}, jobs=2, progress=False)
    assert r.ok and {f"html/{target.stem}.html", "html/entries"} <= set(r.built) <= (
        {f"html/{target.stem}.html", "html/entries"} | CORPUS_KEYS)
    after = {c.name: c.stat().st_mtime_ns for c in (work / "cards").glob("*.xml")}
    assert {n for n in after if after[n] != before.get(n)} == {f"{target.stem}.xml"}
    pages_after = mtimes(p.build / "html")
    changed = {k for k in pages_after if pages_after[k] != pages_before.get(k)}
    assert f"persons/{person}.html" in changed and f"{target.stem}.html" in changed
    assert not {k for k in changed if k.startswith("persons/")} - {
        f"persons/{i}.html" for i in re.findall(r'ref="persons.xml#(pers-[\w-]+)"', text)}
    assert f"{form} Jr." in (p.build / "html" / "persons" / f"{person}.html").read_text(encoding="utf-8")

    # a document goes: its rows leave the index and the entries' pages
    gone = p.document_paths()[-1]
    gone.unlink()
    for seed in p.seeds.glob(f"{gone.stem}.*"):
        seed.unlink()
    assert build(p, formats={"html"}, jobs=2, progress=False).ok

    fresh = make_project(tmp_path / "fresh")
    for d in fresh.document_paths():
        if d.name == gone.name:
            d.unlink()
        elif d.name == target.name:
            d.write_bytes(target.read_bytes())
    for seed in fresh.seeds.glob(f"{gone.stem}.*"):
        seed.unlink()
    assert build(fresh, formats={"html"}, jobs=2, progress=False).ok
    got, want = _html_files(p.build / "html"), _html_files(fresh.build / "html")
    assert set(got) == set(want)
    assert [k for k in want if got[k] != want[k]] == []
    assert gone.stem not in (p.build / "html" / "index.html").read_text(encoding="utf-8")


def test_build_removed_document_loses_its_card(tmp_path, monkeypatch):
    import pipeline.validate

    monkeypatch.setattr(pipeline.validate, "validate_files", well_formed_only)
    p = make_project(tmp_path / "edition")
    build(p, formats={"html"}, jobs=2, progress=False)
    gone = p.document_paths()[0]
    assert (p.build / ".work" / "cards" / f"{gone.stem}.xml").exists()
    gone.unlink()
    for seed in p.seeds.glob(f"{gone.stem}.*"):
        seed.unlink()
    build(p, formats={"html"}, jobs=2, progress=False)
    assert not (p.build / ".work" / "cards" / f"{gone.stem}.xml").exists()
    assert f'stem="{gone.stem}"' not in (p.build / ".work" / "summary.xml").read_text(encoding="utf-8")


def test_build_publishes_linked_data_and_dts(tmp_path):
    from conftest import copy_project

    p = copy_project(tmp_path / "edition", with_documents=True)
    r = build(p, formats={"html", "dts"}, jobs=2, progress=False)
    assert r.ok, [str(x) for x in r.problems]
    out = p.build
    for s in stems(p):
        text = (out / "html" / f"{s}.jsonld").read_text(encoding="utf-8")
        record = json.loads(text)
        assert record["@context"] == "https://schema.org" and record["@type"] in ("ArchiveComponent", "CreativeWork")
        assert record["name"] and record["isPartOf"]["name"] and "<" not in text
        page = (out / "html" / f"{s}.html").read_text(encoding="utf-8")
        embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert embedded and json.loads(embedded.group(1)) == record
    graph = json.loads((out / "html" / "persons.jsonld").read_text(encoding="utf-8"))["@graph"]
    stalin = next(e for e in graph if e["@id"].endswith("#pers-stalin"))
    assert stalin["@type"] == "Person" and stalin["sameAs"] == ["http://www.wikidata.org/entity/Q855"]
    assert "sameAs" not in next(e for e in graph if e["@id"].endswith("#pers-zhou-enlai"))
    page = (out / "html" / "persons.html").read_text(encoding="utf-8")
    embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(embedded.group(1))["@graph"] == graph
    entry = json.loads((out / "dts" / "index.json").read_text(encoding="utf-8"))
    assert entry["@type"] == "EntryPoint"
    assert {f"dts/{s}" for s in stems(p)} | {"dts/collections"} <= set(r.built)
    again = build(p, formats={"html", "dts"}, jobs=2, progress=False)
    assert again.built == [] and "dts/collections" in again.skipped


def test_build_dts_follows_a_shortened_document(tmp_path):
    from conftest import copy_project

    p = copy_project(tmp_path / "edition", with_documents=True)
    build(p, formats={"html", "dts"}, jobs=2, progress=False)
    target = p.tei / "004_09fa97ecc98cb470.xml"
    tree = parse(target)
    last = tree.getroot().xpath("(//*[local-name()='p'][@*[local-name()='id']])[last()]")[0]
    gone = last.get("{http://www.w3.org/XML/1998/namespace}id")
    last.getparent().remove(last)
    target.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    assert list((p.build / "dts" / "document").glob(f"*/{gone}.xml"))
    r = build(p, formats={"html", "dts"}, jobs=2, progress=False)
    assert r.ok, [str(x) for x in r.problems]
    own = {"html/004_09fa97ecc98cb470.html", "dts/004_09fa97ecc98cb470"}
    assert own <= set(r.built) - {DTS_COLLECTIONS} <= own | CORPUS_KEYS | {"html/entries"}
    assert not list((p.build / "dts").rglob(f"{gone}.*"))


def test_build_refreshes_stale_tei_but_never_an_edited_one(tmp_path):
    from conftest import copy_project

    p = copy_project(tmp_path / "edition", with_documents=True)
    edited = p.tei / "003_258a02fb508c896b.xml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("MAO ZEDONG", "MAO ZEDONG (signed)"),
                      encoding="utf-8")
    before = edited.read_bytes()
    persons = p.tei / "persons.xml"
    text = persons.read_text(encoding="utf-8").replace(
        '<persName type="preferred" xml:lang="en">Korobov</persName>',
        '<persName type="preferred" xml:lang="en">Korobov (old)</persName>')
    entry = ('<person xml:id="pers-test-gromov"><persName type="preferred" xml:lang="en">Gromov</persName>'
             '<persName type="variant" xml:lang="en">Korobov</persName></person>')
    persons.write_text(text.replace("</listPerson>", entry + "</listPerson>", 1), encoding="utf-8")
    r = build(p, formats={"txt"}, jobs=2, progress=False)
    assert r.ok, [str(x) for x in r.problems]
    assert edited.read_bytes() == before
    assert not any("003_258a02fb508c896b" in str(x) for x in r.problems)
    refreshed = parse(p.tei / "004_09fa97ecc98cb470.xml").getroot()
    assert refreshed.xpath("//*[local-name()='text']//*[local-name()='persName'][. = 'Korobov']/@ref") == ["persons.xml#pers-test-gromov"]


def test_build_preloaded_registers_give_the_same_pages(tmp_path):
    """The build passes the registers parsed once per worker; doc() must give the same pages."""
    from pipeline.project import Project
    from pipeline.transform import Stylesheets

    project = Project(ROOT)
    plain, preloaded = Stylesheets(project.xslt), Stylesheets(project.xslt)
    preloaded.preload("preloaded-registers", list(project.register_paths().values()))
    for doc in project.document_paths():
        assert preloaded.render_string("html_document", doc) == plain.render_string("html_document", doc), doc.name


def test_build_recorded_hashes_still_see_a_same_size_edit(proj):
    """A new process trusts a file's recorded hash only while its size and mtime are unchanged."""
    build(proj, formats={"txt"}, jobs=2, progress=False)
    assert state(proj)["hashes"]
    import pipeline.build as b

    b._SEEN.clear()  # as in a new process: only the state's record is known
    target = proj.document_paths()[0]
    data = target.read_text(encoding="utf-8")
    m = re.search(r'(<p xml:id="[^"]+"[^>]*>)([a-z])', data) or re.search(r"(<p[^>]*>)([A-Za-z])", data)
    swapped = data[:m.start(2)] + ("x" if m.group(2) != "x" else "y") + data[m.end(2):]
    assert len(swapped.encode()) == len(data.encode())
    target.write_text(swapped, encoding="utf-8")
    b._SEEN.clear()
    r = build(proj, formats={"txt"}, jobs=2, progress=False)
    assert r.built == [f"txt/{target.stem}.txt"]
