"""PDF output: TEI -> XSL-FO (xslt/fo_document.xsl, xslt/fo_edition.xsl, run with
saxonche) -> PDF (Apache FOP with xslt/fop.xconf).

Independent of pipeline/build.py: the stylesheets and FOP are run here directly,
for every document in tei/ (EDITION_TEI_DIR overrides the folder), for a small
fixture document that uses every element the stylesheets handle (so the
templates are exercised even before tei/ holds converted documents), and for
the edition of all of them. FOP is slow to start, so all PDFs are made once per
module, in parallel, and the tests only inspect the results.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
XSLT = ROOT / "xslt"
FOP_CONF = XSLT / "fop.xconf"
TEI_DIR = Path(os.environ.get("EDITION_TEI_DIR", ROOT / "tei"))
REGISTERS = {"person": "persons.xml", "place": "places.xml", "org": "organisations.xml"}
DOCUMENTS = sorted(p for p in TEI_DIR.glob("*.xml") if p.name not in REGISTERS.values())
NS = {"tei": "http://www.tei-c.org/ns/1.0"}
FIXTURE_STEM = "900_fixture"
EDITION = "edition"

# Debian's java-wrappers print this for every run; it is not FOP's.
WRAPPER_NOISE = re.compile(r"JVM flavor '.*' not understood")
GLYPH_PROBLEM = re.compile(r"glyph|not available", re.I)
FOP_PROBLEM = re.compile(r"\b(WARN|WARNING|SEVERE|ERROR|FATAL)\b")

# Every element the stylesheets format, in the shape of the converted documents:
# a Russian original with a Chinese passage, an English translation with notes,
# entity references into the real registers, a header with all metadata fields.
FIXTURE_TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="doc-900-fixture" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">Fixture Telegram, Filippov to Mao Zedong</title></titleStmt>
      <publicationStmt>
        <publisher>Korean War Armistice Digital Edition</publisher>
        <availability status="restricted">
          <p>Reuse for research and education only.</p>
          <licence target="https://creativecommons.org/licenses/by/4.0/">The TEI encoding is available under Creative Commons Attribution 4.0.</licence>
        </availability>
      </publicationStmt>
      <sourceDesc>
        <bibl type="source">
          <title level="m">Fixture Telegram, Filippov to Mao Zedong</title>
          <publisher>History and Public Policy Program Digital Archive, Wilson Center</publisher>
          <date when="1951-07-10">July 10, 1951</date>
          <ref target="http://digitalarchive.wilsoncenter.org/document/900">http://digitalarchive.wilsoncenter.org/document/900</ref>
          <note type="citation">"Fixture Telegram," July 10, 1951, APRF, Fond 45, Opis 1, Delo 339</note>
        </bibl>
        <msDesc>
          <msIdentifier>
            <repository ref="organisations.xml#org-aprf">APRF</repository>
            <idno type="archival-reference"><idno type="fond" n="45">Fond 45</idno>, <idno type="opis" n="1">Opis 1</idno>, <idno type="delo" n="339">Delo 339</idno></idno>
            <altIdentifier>
              <repository ref="organisations.xml#org-avprf">AVPRF</repository>
              <idno type="archival-reference"><idno type="fond" n="059a">Fond 059a</idno>, <idno type="papka" n="11">Papka 11</idno></idno>
            </altIdentifier>
          </msIdentifier>
        </msDesc>
      </sourceDesc>
    </fileDesc>
    <profileDesc>
      <abstract><p>Stalin answers Mao on the ceasefire proposals.</p></abstract>
      <creation><date when="1951-07-10">July 10, 1951</date></creation>
      <langUsage>
        <language ident="ru">Russian</language>
        <language ident="zh">Chinese</language>
        <language ident="en">English</language>
      </langUsage>
      <correspDesc>
        <correspAction type="sent"><persName ref="persons.xml#pers-stalin">Filippov</persName></correspAction>
        <correspAction type="received"><persName ref="persons.xml#pers-mao-zedong">Mao Zedong</persName></correspAction>
      </correspDesc>
    </profileDesc>
  </teiHeader>
  <text xml:lang="ru">
    <body>
      <div type="original" xml:lang="ru">
        <opener><dateline>Москва, 10.7.1951</dateline><salute>Товарищ <persName ref="persons.xml#pers-mao-zedong">Мао Цзэдун</persName>!</salute></opener>
        <p><gap reason="omitted"/> Мы согласны с <q>пятью пунктами</q> <supplied reason="editorial">предложения</supplied>.</p>
        <list type="ordered"><label>1.</label><item n="1">Прекращение огня в <placeName ref="places.xml#place-korea">Корее</placeName>.</item></list>
        <closer><signed><persName ref="persons.xml#pers-stalin">ФИЛИППОВ</persName></signed></closer>
        <div type="attachment" xml:lang="zh">
          <head>附：<persName ref="persons.xml#pers-kim-il-sung">金日成</persName>元帅的意见</head>
          <p>我方同意双方代表团定期会晤。</p>
        </div>
      </div>
      <div type="translation" xml:lang="en">
        <address><addrLine>To Comrade MAO ZEDONG <supplied reason="editorial">Beijing</supplied></addrLine></address>
        <opener><seg type="ref">No. 3306</seg><salute>Comrade Mao Zedong!</salute></opener>
        <p><gap reason="omitted"/> We agree with the "<q>five points</q>"<note>The five points of telegram No. 21405.</note> of the <supplied reason="editorial">proposal</supplied> of <date from="1951-07-10" to="1951-07-11"/>.</p>
        <list type="ordered"><label>1)</label><item n="1">A ceasefire in <placeName ref="places.xml#place-korea">Korea</placeName>, supervised by <orgName ref="organisations.xml#org-government-ussr">the Soviet Government</orgName>.<note>Point 1 was accepted on <date when="1951-07-26">26 July</date>.</note></item>
          <label>2)</label><item n="2">An exchange of prisoners, idno <idno type="record-id">117427</idno>.</item></list>
        <div type="attachment"><p>Attached: the opinion of Comrade Kim Il Sung.</p></div>
        <closer><signed>FILIPPOV <supplied reason="editorial">Stalin</supplied></signed><dateline>10.7.51</dateline></closer>
      </div>
    </body>
  </text>
</TEI>
"""


@dataclass
class Rendered:
    pdf: Path
    returncode: int
    stderr: str
    pages: int
    text: str  # pdftotext of the whole file, reading order

    def page_text(self, n: int) -> str:
        return _run(["pdftotext", "-f", str(n), "-l", str(n), str(self.pdf), "-"]).stdout


def _run(cmd: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def _flat(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _title(path: Path) -> str:
    tree = etree.parse(str(path))
    titles = tree.xpath("//tei:titleStmt/tei:title[@type='main']", namespaces=NS) or tree.xpath(
        "//tei:titleStmt/tei:title", namespaces=NS
    )
    return _flat(titles[0].xpath("string()"))


def _date_key(path: Path) -> str:
    dates = etree.parse(str(path)).xpath("//tei:profileDesc/tei:creation/tei:date[1]", namespaces=NS)
    return next((d.get(a) for d in dates for a in ("when", "from", "notBefore") if d.get(a)), "9999")


def _check_tools() -> None:
    for tool in ("fop", "pdfinfo", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed (apt-get install fop poppler-utils)")
    conf = etree.parse(str(FOP_CONF))
    missing = [u for u in conf.xpath("//font/@embed-url") if not Path(u.removeprefix("file://")).exists()]
    if missing:
        pytest.fail(
            "fonts named in xslt/fop.xconf are missing (apt-get install fonts-noto-core "
            "fonts-arphic-uming fonts-nanum): " + ", ".join(missing)
        )


def _fop(fo: Path, pdf: Path) -> dict:
    proc = _run(["fop", "-c", str(FOP_CONF), "-fo", str(fo), "-pdf", str(pdf)])
    pages, text = 0, ""
    if proc.returncode == 0 and pdf.exists():
        info = _run(["pdfinfo", str(pdf)]).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        text = _run(["pdftotext", str(pdf), "-"]).stdout
    return {"pdf": str(pdf), "returncode": proc.returncode, "stderr": proc.stderr, "pages": pages, "text": text}


def _render_all(work: Path, sources: dict[str, Path]) -> dict[str, dict]:
    """Every document and the edition: TEI -> FO with saxonche, FO -> PDF with FOP."""
    from saxonche import PySaxonProcessor

    proc = PySaxonProcessor(license=False)
    xslt = proc.new_xslt30_processor()
    document_xsl = xslt.compile_stylesheet(stylesheet_file=str(XSLT / "fo_document.xsl"))
    edition_xsl = xslt.compile_stylesheet(stylesheet_file=str(XSLT / "fo_edition.xsl"))

    jobs: dict[str, Path] = {}
    for stem, src in sources.items():
        fo = work / f"{stem}.fo"
        document_xsl.transform_to_file(source_file=str(src), output_file=str(fo))
        jobs[stem] = fo

    # Registers come from tei/ even when EDITION_TEI_DIR points elsewhere.
    register_dir = TEI_DIR if (TEI_DIR / REGISTERS["person"]).exists() else ROOT / "tei"
    corpus = etree.Element("corpus")
    for stem, src in sources.items():
        etree.SubElement(corpus, "document", stem=stem, href=src.resolve().as_uri())
    for kind, name in REGISTERS.items():
        etree.SubElement(corpus, "register", kind=kind, href=(register_dir / name).resolve().as_uri())
    corpus_xml = work / "corpus.xml"
    etree.ElementTree(corpus).write(str(corpus_xml), xml_declaration=True, encoding="UTF-8")
    edition_fo = work / f"{EDITION}.fo"
    edition_xsl.transform_to_file(source_file=str(corpus_xml), output_file=str(edition_fo))
    jobs[EDITION] = edition_fo

    # Each FOP run is a JVM of its own; run them side by side.
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {stem: pool.submit(_fop, fo, fo.with_suffix(".pdf")) for stem, fo in jobs.items()}
        return {stem: f.result() for stem, f in futures.items()}


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[dict[str, Path], dict[str, Rendered]]:
    """(stem -> TEI file, stem -> Rendered), made once per test session.

    Under pytest-xdist every worker would otherwise run FOP for every PDF again:
    the first worker renders into the session's shared temporary folder and
    the others wait on the lock and read its results.
    """
    _check_tools()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        work = tmp_path_factory.getbasetemp().parent / "pdf-build"
        work.mkdir(exist_ok=True)
    else:
        work = tmp_path_factory.mktemp("pdf-build")
    fixture = work / f"{FIXTURE_STEM}.xml"
    sources = {**{p.stem: p for p in DOCUMENTS}, FIXTURE_STEM: fixture}
    with open(work / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        results = work / "results.json"
        if not results.exists():
            fixture.write_text(FIXTURE_TEI, encoding="utf-8")
            data = _render_all(work, sources)
            results.write_text(json.dumps(data), encoding="utf-8")
        data = json.loads(results.read_text(encoding="utf-8"))
    rendered = {stem: Rendered(**{**d, "pdf": Path(d["pdf"])}) for stem, d in data.items()}
    return sources, rendered


@pytest.fixture(scope="module")
def sources(build) -> dict[str, Path]:
    return build[0]


@pytest.fixture(scope="module")
def rendered(build) -> dict[str, Rendered]:
    return build[1]


ALL = [p.stem for p in DOCUMENTS] + [FIXTURE_STEM, EDITION]


def _doc(stem_prefix: str, sources) -> str:
    stem = next((s for s in sources if s.startswith(stem_prefix)), None)
    if stem is None:
        pytest.skip(f"no {stem_prefix}* document in {TEI_DIR}")
    return stem


@pytest.mark.parametrize("stem", ALL)
def test_pdf_fop_succeeds(rendered, stem):
    r = rendered[stem]
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.pdf.exists() and r.pages >= 1


@pytest.mark.parametrize("stem", ALL)
def test_pdf_fonts_cover_all_glyphs(rendered, stem):
    problems = [
        line
        for line in rendered[stem].stderr.splitlines()
        if GLYPH_PROBLEM.search(line) and not WRAPPER_NOISE.search(line)
    ]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("stem", ALL)
def test_pdf_fop_reports_no_warnings(rendered, stem):
    # overflowing lines, unresolved page citations, font substitutions, ...
    problems = [
        line
        for line in rendered[stem].stderr.splitlines()
        if FOP_PROBLEM.search(line) and not WRAPPER_NOISE.search(line)
    ]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("stem", [p.stem for p in DOCUMENTS] + [FIXTURE_STEM])
def test_pdf_document_has_title_running_heads_and_page_numbers(rendered, sources, stem):
    r = rendered[stem]
    title = _title(sources[stem])
    assert title in _flat(r.text)
    first = r.page_text(1)
    # the title twice on page 1: running head (odd pages, cut short when long) and heading
    assert _flat(first).count(title[:30]) >= 2
    for n in range(1, r.pages + 1):
        # pdftotext joins a word hyphenated at the foot of a page with the number below it ("agree-" + "1")
        assert re.search(rf"(?:^\s*|[^\W\d]){n}\s*$", r.page_text(n), re.M), f"page number {n} missing"
    if r.pages >= 2:
        # running head (even pages): the edition title
        assert "Korean War Armistice Digital Edition" in r.page_text(2)


def test_pdf_document_shows_cyrillic(rendered, sources):
    stem = _doc("003_", sources)
    assert "Товарищ" in rendered[stem].text
    assert "Original (Russian)" in rendered[stem].text


def test_pdf_document_shows_chinese(rendered, sources):
    stem = _doc("002_", sources)
    assert "金日成" in rendered[stem].text
    assert "Original (Chinese)" in rendered[stem].text


def test_pdf_fixture_formats_every_element(rendered):
    text = _flat(rendered[FIXTURE_STEM].text)
    for expected in (
        "Original (Russian)",
        "Translation (English)",
        "Товарищ Мао Цзэдун!",
        "金日成元帅的意见",
        "我方同意双方代表团定期会晤",
        "[…] We agree with",
        "[proposal]",
        "[Beijing]",
        "FILIPPOV [Stalin]",
        "1951-07-10–1951-07-11",
        # metadata block
        "Filippov → Mao Zedong",
        "http://digitalarchive.wilsoncenter.org/document/900",
        "APRF, Fond 45, Opis 1, Delo 339",
        "also AVPRF, Fond 059a, Papka 11",
        "Reuse for research and education only.",
        "Stalin answers Mao on the ceasefire proposals.",
        # list labels and footnotes
        "1) A ceasefire in Korea",
        "2) An exchange of prisoners",
        "The five points of telegram No. 21405.",
        "Point 1 was accepted on 26 July.",
        "Attachment",
    ):
        assert expected in text, expected


def test_pdf_edition_has_all_documents_in_date_order(rendered, sources):
    r = rendered[EDITION]
    assert r.pages > len(sources)
    text = _flat(r.text)
    ordered = sorted(sources, key=lambda s: (_date_key(sources[s]), s))
    # the contents come first, so first occurrences follow the contents' order
    positions = [text.find(_title(sources[s])) for s in ordered]
    assert -1 not in positions, [s for s, p in zip(ordered, positions) if p == -1]
    assert positions == sorted(positions)
    assert "Contents" in r.page_text(2)


def test_pdf_edition_has_registers_with_variants(rendered):
    text = _flat(rendered[EDITION].text)
    for heading in ("Register of persons", "Register of places", "Register of organisations"):
        assert text.count(heading) >= 2, heading  # contents and the register itself
    assert "Joseph Stalin (1878–1953)" in text
    assert "Филиппов (Russian, pseudonym)" in text
    assert "金日成 (Chinese)" in text
    assert "김일성 (Korean)" in text
    # the fixture document mentions Stalin: the register cites it with a page
    assert re.search(r"Joseph Stalin.*?Documents: (\d+ \(p\. \d+\)(, )?)+", text)


def test_pdf_edition_has_running_heads_and_page_numbers(rendered, sources):
    r = rendered[EDITION]
    last = r.page_text(r.pages)
    assert re.search(rf"^\s*{r.pages}\s*$", last, re.M)
    assert "Register of" in last or "Korean War Armistice Digital Edition" in last
