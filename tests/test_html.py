"""The HTML edition: xslt/html_*.xsl run on the TEI of tei/ (plus two small
documents defined here, so every feature is covered even while tei/ holds only
the registers), checked with the Nu HTML checker, for links, names, languages,
headings, and in headless Chromium from file://.

Needs Java and the Nu checker: `npm install --ignore-scripts` at the repository
root (the jar comes from the vnu-jar package in package.json; --ignore-scripts
skips its postinstall, which would fetch a JRE). A missing checker is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree
from lxml import html as lhtml

ROOT = Path(__file__).resolve().parents[1]
XSLT = ROOT / "xslt"
# EDITION_TEI_DIR lets a run point at another set of TEI files (e.g. a conversion under review)
TEI_DIR = Path(os.environ.get("EDITION_TEI_DIR", ROOT / "tei"))
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REGISTERS = {"person": "persons.xml", "place": "places.xml", "org": "organisations.xml"}
PAGES = {"persons.xml": "persons.html", "places.xml": "places.html", "organisations.xml": "organisations.html"}
T = "{http://www.tei-c.org/ns/1.0}"
NAME_TAGS = {f"{T}persName", f"{T}placeName", f"{T}orgName", f"{T}repository", f"{T}name"}
SHOT = Path("/tmp/html-shot.png")

CYRILLIC = re.compile(r"[\u0400-\u052f]")
HAN = re.compile(r"[\u4e00-\u9fff]")

# Two documents that use every construct the stylesheets handle. The file names
# sort after the real documents; their dates put one first and one last.
FIXTURE_PARALLEL = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="doc-test-parallel" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">Test telegram, Mao Zedong to Filippov [Stalin]</title></titleStmt>
      <publicationStmt>
        <publisher>Korean War Armistice Digital Edition</publisher>
        <idno type="edition">doc-test-parallel</idno>
        <availability status="restricted"><p>For tests only.</p>
          <licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability>
      </publicationStmt>
      <sourceDesc>
        <bibl type="source">
          <title level="m">Test telegram</title>
          <publisher>History and Public Policy Program Digital Archive, Wilson Center</publisher>
          <date when="1950-01-02">January 2, 1950</date>
          <ref target="http://digitalarchive.wilsoncenter.org/document/1">http://digitalarchive.wilsoncenter.org/document/1</ref>
          <idno type="record-id">1</idno>
          <note type="citation">"Test telegram," January 2, 1950, APRF, Fond 45, Opis 1, Delo 331, Listy 1-2</note>
        </bibl>
        <msDesc>
          <msIdentifier>
            <repository ref="organisations.xml#org-aprf">APRF</repository>
            <idno type="archival-reference"><idno type="fond" n="45">Fond 45</idno>, <idno type="opis" n="1">Opis 1</idno>, <idno type="delo" n="331">Delo 331</idno>, <idno type="folios" n="1-2">Listy 1-2</idno></idno>
          </msIdentifier>
        </msDesc>
      </sourceDesc>
    </fileDesc>
    <profileDesc>
      <abstract xml:lang="en"><p><persName ref="persons.xml#pers-mao-zedong">Mao</persName> asks <persName ref="persons.xml#pers-stalin">Stalin</persName> about <placeName ref="places.xml#place-korea">Korea</placeName>.</p></abstract>
      <creation><date when="1950-01-02">January 2, 1950</date></creation>
      <langUsage><language ident="ru">Russian</language><language ident="en">English</language></langUsage>
      <correspDesc>
        <correspAction type="sent"><persName ref="persons.xml#pers-mao-zedong">Mao Zedong</persName><placeName ref="places.xml#place-beijing">Beijing</placeName><date when="1950-01-02">January 2, 1950</date></correspAction>
        <correspAction type="received"><persName ref="persons.xml#pers-stalin">Filippov [Stalin]</persName></correspAction>
      </correspDesc>
      <textClass><keywords><term type="genre">telegram</term></keywords></textClass>
    </profileDesc>
  </teiHeader>
  <text xml:lang="ru">
    <body>
      <div type="original" xml:lang="ru" xml:id="t1-ru" corresp="#t1-en">
        <head xml:id="t1-ru-head1" corresp="#t1-en-head1">ШИФРТЕЛЕГРАММА</head>
        <opener xml:id="t1-ru-opener1"><salute>Товарищ <persName ref="persons.xml#pers-stalin">Филиппов</persName>!</salute></opener>
        <p xml:id="t1-ru-p1" corresp="#t1-en-p1">Из <placeName ref="places.xml#place-kaesong">Кэсона</placeName> <date when="1950-01-01" cert="medium" evidence="internal">1 января</date> <gap reason="omitted"/> сообщает <orgName ref="organisations.xml#org-un">ООН</orgName>.</p>
        <list type="ordered" xml:id="t1-ru-list1">
          <label>1.</label>
          <item n="1" xml:id="t1-ru-item1" corresp="#t1-en-item1">«<q>Прекратить огонь</q>».</item>
        </list>
        <closer xml:id="t1-ru-closer1"><signed><persName ref="persons.xml#pers-mao-zedong">МАО ЦЗЭДУН</persName></signed><dateline><date when="1950-01-02">2.1.50</date></dateline></closer>
      </div>
      <div type="translation" xml:lang="en" xml:id="t1-en" corresp="#t1-ru">
        <head xml:id="t1-en-head1" corresp="#t1-ru-head1">CIPHERED TELEGRAM</head>
        <address><addrLine>To Comrade <persName ref="persons.xml#pers-stalin">FILIPPOV</persName> <supplied reason="editorial">Stalin</supplied></addrLine></address>
        <p xml:id="t1-en-p1" corresp="#t1-ru-p1">From <placeName ref="places.xml#place-kaesong">Kaesong</placeName> on <date when="1950-01-01" cert="medium" evidence="internal">January 1</date> <gap reason="omitted"/> the <orgName ref="organisations.xml#org-un">UN</orgName> reports, between <date from="1950-01-04" to="1950-01-07">January 4th and 7th</date>, telegram <idno type="telegram-number">21405</idno>, says <persName resp="#doc-test-parallel-ner" cert="medium">Gao Gang</persName>.<note place="foot" xml:id="t1-note1">The editors checked this against <title>the archive's register</title>.</note></p>
        <div type="attachment" xml:id="t1-en-div1">
          <head xml:id="t1-en-head2">Attachment</head>
          <list type="ordered" xml:id="t1-en-list1">
            <label>1.</label>
            <item n="1" xml:id="t1-en-item1" corresp="#t1-ru-item1">"<q>Cease fire</q>".</item>
          </list>
        </div>
        <closer xml:id="t1-en-closer1"><signed><persName ref="persons.xml#pers-mao-zedong">MAO ZEDONG</persName></signed><dateline><date when="1950-01-02">2.1.50</date></dateline></closer>
      </div>
    </body>
  </text>
</TEI>
"""

FIXTURE_ZH = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="doc-test-zh" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">Test article on the armistice</title></titleStmt>
      <publicationStmt><publisher>Korean War Armistice Digital Edition</publisher></publicationStmt>
      <sourceDesc>
        <bibl type="source"><title level="j">People's Daily</title><publisher>People's Daily (人民日报)</publisher>
          <date when="1953-07-28">1953-07-28</date><biblScope unit="page">1</biblScope></bibl>
      </sourceDesc>
    </fileDesc>
    <profileDesc>
      <creation><date when="1953-07-28">1953-07-28</date></creation>
      <langUsage><language ident="zh">Chinese</language><language ident="en">English</language></langUsage>
      <textClass><keywords><term type="genre">article</term></keywords></textClass>
    </profileDesc>
  </teiHeader>
  <text xml:lang="zh">
    <body>
      <div type="original" xml:lang="zh" xml:id="t2-zh" corresp="#t2-en">
        <p xml:id="t2-zh-p1" corresp="#t2-en-p1"><persName ref="persons.xml#pers-peng-dehuai">彭德怀</persName>将军在<placeName ref="places.xml#place-kaesong">开城</placeName>。</p>
      </div>
      <div type="translation" xml:lang="en" xml:id="t2-en" corresp="#t2-zh">
        <p xml:id="t2-en-p1" corresp="#t2-zh-p1">General <persName ref="persons.xml#pers-peng-dehuai">Peng Dehuai</persName> in <placeName ref="places.xml#place-kaesong">Kaesong</placeName>.</p>
      </div>
    </body>
  </text>
</TEI>
"""

FIXTURES = {"zz900_test_parallel": FIXTURE_PARALLEL, "zz901_test_zh": FIXTURE_ZH}


# --------------------------------------------------------------------- build


def _tei_documents() -> list[Path]:
    names = set(REGISTERS.values())
    return sorted(p for p in TEI_DIR.glob("*.xml") if p.name not in names)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The built site: tei/ documents + fixtures, rendered by pipeline.build (pages, cards, corpus pages)."""
    import pipeline.validate
    from buildkit import well_formed_only
    from pipeline.build import build
    from pipeline.project import Project

    base = tmp_path_factory.mktemp("html")
    tei = base / "tei"
    tei.mkdir()
    for name in ("schema", "xslt"):
        shutil.copytree(ROOT / name, base / name)
    for p in _tei_documents():
        shutil.copy2(p, tei / p.name)
    for name in REGISTERS.values():
        shutil.copy2(TEI_DIR / name, tei / name)
    for stem, text in FIXTURES.items():
        (tei / f"{stem}.xml").write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline.validate, "validate_files", well_formed_only)
        report = build(Project(base), formats={"html"}, jobs=2, progress=False)
    assert report.ok, [str(p) for p in report.problems]
    return base / "build" / "html"


@pytest.fixture(scope="session")
def tei_docs(site) -> dict[str, etree._ElementTree]:
    return {p.stem: etree.parse(str(p)) for p in sorted((site.parent.parent / "tei").glob("*.xml"))
            if p.name not in REGISTERS.values()}


def _page(path: Path):
    return lhtml.parse(str(path)).getroot()


def _pages(site: Path) -> list[Path]:
    """Every page: the top level and the register entries' pages (persons/…)."""
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


# ---------------------------------------------------------------- validity


def test_html_site_has_every_page(site, tei_docs):
    expected = {f"{s}.html" for s in tei_docs} | {
        "index.html", "registers.html", "persons.html", "places.html", "organisations.html"}
    assert expected <= {p.name for p in _pages(site)}
    assert (site / "index.json").is_file()
    assert (site / "assets" / "edition.css").is_file() and (site / "assets" / "edition.js").is_file()


def test_html_nu_checker_reports_no_errors(site):
    java = shutil.which("java")
    assert java, "java is needed for the Nu HTML checker"
    assert VNU_JAR.is_file(), f"{VNU_JAR} missing: run `npm install --ignore-scripts` in {ROOT}"
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", "--also-check-css", str(site)],
        capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and not run.stderr.strip(), run.stderr + run.stdout


def test_html_pages_have_viewport_lang_and_ordered_headings(site):
    for path in _pages(site):
        page = _page(path)
        assert page.get("lang"), path.name
        assert page.xpath("//meta[@name='viewport']"), path.name
        levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[:1] == [1] and levels.count(1) == 1, (path.name, levels)
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{path.name}: h{before} followed by h{after}"


def test_html_internal_links_resolve(site):
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(_page(path).xpath("//@id")) if path.suffix == ".html" else set()
        return ids[path]

    broken = []
    for path in _pages(site):
        page = _page(path)
        for el in page.xpath("//a[@href] | //link[@href] | //script[@src]"):
            url = el.get("href") or el.get("src")
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file():
                broken.append(f"{path.name}: {url} (no file)")
            elif parts.fragment and unquote(parts.fragment) not in ids_of(target):
                broken.append(f"{path.name}: {url} (no id)")
    assert not broken, "\n".join(broken[:30])


def test_html_ids_are_unique(site):
    for path in _pages(site):
        counts = Counter(_page(path).xpath("//@id"))
        assert not [i for i, n in counts.items() if n > 1], path.name


# ---------------------------------------------------------------- document


def _register_href(ref: str) -> str:
    file, _, frag = ref.split()[0].partition("#")
    return f"{PAGES.get(file, file)}#{frag}"


def test_html_every_name_is_linked_to_its_register(site, tei_docs):
    for stem, tree in tei_docs.items():
        wanted = Counter(
            _register_href(el.get("ref")) for el in tree.iter(*NAME_TAGS)
            if el.get("ref") and (el.xpath("ancestor::tei:text or ancestor::tei:profileDesc or ancestor::tei:sourceDesc",
                                           namespaces={"tei": T[1:-1]})))
        page = _page(site / f"{stem}.html")
        got = Counter(a.get("href") for a in page.xpath("//a[contains(concat(' ', @class, ' '), ' name ')]"))
        missing = wanted - got
        assert not missing, f"{stem}: names without a link: {dict(missing)}"
        for a in page.xpath("//a[contains(concat(' ', @class, ' '), ' name ')]"):
            assert a.get("title"), f"{stem}: {a.get('href')} has no hover title"


def test_html_names_title_is_the_preferred_form(site):
    page = _page(site / "zz900_test_parallel.html")
    titles = {a.text_content(): a.get("title") for a in page.xpath("//a[@href='persons.html#pers-stalin']")}
    assert titles["Филиппов"] == "Joseph Stalin"


def test_html_foreign_script_carries_its_lang(site):
    """Every Cyrillic or Han text sits in an element whose language is ru or zh."""
    wrong = []
    for path in _pages(site):
        page = _page(path)
        for node in page.xpath("//body//text()[normalize-space()]"):
            script = "ru" if CYRILLIC.search(node) else "zh" if HAN.search(node) else None
            if script:
                parent = node.getparent()
                lang = (parent.xpath("ancestor-or-self::*[@lang][1]/@lang") or [""])[0]
                if not lang.startswith(script):
                    wrong.append(f"{path.name}: {node.strip()[:30]!r} lang={lang!r}")
    assert not wrong, "\n".join(wrong[:20])
    page = _page(site / "zz900_test_parallel.html")
    assert page.get_element_by_id("t1-ru").get("lang") == "ru"
    assert _page(site / "zz901_test_zh.html").get_element_by_id("t2-zh").get("lang") == "zh"


def test_html_dates_show_normalised_value(site):
    page = _page(site / "zz900_test_parallel.html")
    times = page.xpath("//time")
    assert times and all(t.get("datetime") and t.get("title") for t in times)
    inferred = page.xpath("//p[@id='t1-en-p1']/time[@datetime='1950-01-01']")[0]
    assert "inferred" in inferred.get("class") and inferred.get("title").startswith("1950-01-01")
    rng = page.xpath("//time[contains(@class, 'range')]")[0]
    assert rng.get("datetime") == "1950-01-04" and rng.get("title") == "1950-01-04 – 1950-01-07"


def test_html_editorial_markup_and_footnotes(site):
    page = _page(site / "zz900_test_parallel.html")
    supplied = page.xpath("//span[contains(@class, 'supplied')]")[0]
    assert supplied.text_content() == "[Stalin]" and supplied.get("title")
    gaps = page.xpath("//span[contains(@class, 'gap')]")
    assert gaps and all(g.text_content() == "[…]" and g.get("title") == "omitted" for g in gaps)
    ref = page.xpath("//sup[@class='noteref']/a")[0]
    note = page.get_element_by_id(ref.get("href")[1:])
    assert "archive's register" in note.text_content()
    assert note.xpath(".//a[@href='#%s']" % ref.get("id"))
    # q keeps the source's own quotation marks: it must not become <q>
    assert not page.xpath("//q")


def test_html_parallel_parts_are_aligned(site):
    page = _page(site / "zz900_test_parallel.html")
    parallel = page.xpath("//div[@class='parallel']")[0]
    assert [s.get("id") for s in parallel.xpath("./section")] == ["t1-ru", "t1-en"]
    p = page.get_element_by_id("t1-ru-p1")
    assert p.get("data-corresp") == "t1-en-p1"
    assert p.xpath("./a[@class='corresp-link']/@href") == ["#t1-en-p1"]


def test_html_metadata_panel(site):
    meta = _page(site / "zz900_test_parallel.html").xpath("//section[@class='metadata']")[0]
    text = meta.text_content()
    for expected in ("Date", "From", "To", "Source", "Archive", "Fond 45", "Rights", "Summary"):
        assert expected in text
    assert meta.xpath(".//a[@href='http://digitalarchive.wilsoncenter.org/document/1']")
    assert meta.xpath(".//a[@href='organisations.html#org-aprf']")


# ------------------------------------------------------- index and registers


def test_html_index_is_chronological_and_json_matches(site, tei_docs):
    page = _page(site / "index.html")
    rows = page.xpath("//table[@id='documents']/tbody/tr")
    assert [r.get("data-stem") for r in rows][:1] == ["zz900_test_parallel"]
    dates = [r.xpath("string(.//td[@class='date']/time/@datetime)") for r in rows]
    dated = [d for d in dates if d]
    assert dated == sorted(dated)
    data = json.loads((site / "index.json").read_text(encoding="utf-8"))
    assert [d["stem"] for d in data["documents"]] == [r.get("data-stem") for r in rows]
    assert {d["stem"] for d in data["documents"]} == set(tei_docs)
    first = data["documents"][0]
    assert "pers-stalin" in first["persons"] and first["year"] == "1950"


def test_html_registers_link_back_to_every_passage(site, tei_docs):
    """Every name with @ref is linked from its entry's page (persons/<id>.html …), passage by passage."""
    hrefs = {name: {h for p in (site / name.removesuffix(".html")).glob("*.html") for h in _page(p).xpath("//a/@href")}
             for name in PAGES.values()}
    for stem, tree in tei_docs.items():
        for el in tree.iter(*NAME_TAGS):
            if not el.get("ref"):
                continue
            anchor = el.xpath("ancestor-or-self::*[@xml:id][ancestor-or-self::tei:text or self::tei:TEI][1]/@xml:id",
                              namespaces={"tei": T[1:-1]})
            page = _register_href(el.get("ref")).split("#")[0]
            want = f"../{stem}.html#{anchor[0]}" if anchor else f"../{stem}.html"
            assert want in hrefs[page], f"{page} lacks {want} for {el.get('ref')}"


def test_html_register_entry_lists_variants_by_language(site):
    entry = _page(site / "persons.html").get_element_by_id("pers-stalin")
    assert entry.xpath(".//*[@lang='ru'][.='Филиппов']")
    assert "pseudonym" in entry.text_content()
    assert entry.xpath(".//a[@href='persons/pers-stalin.html']")
    own = _page(site / "persons" / "pers-stalin.html")
    assert own.xpath("//h1[.='Joseph Stalin']") and own.xpath(".//*[@lang='ru'][.='Филиппов']")
    assert own.xpath("//ul[@class='occurrences']/li//a[@class='passage'][@href='../zz900_test_parallel.html#t1-ru-opener1']")


# ------------------------------------------------------------------ browser


def _severe(driver) -> list:
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_html_pages_load_without_console_errors(site, browser, tei_docs):
    browser.get_log("browser")  # drain
    for name in ["index.html", "registers.html", *PAGES.values(), *(f"{s}.html" for s in tei_docs)]:
        browser.get((site / name).as_uri())
        assert browser.execute_script("return document.readyState") == "complete"
        assert not _severe(browser), (name, _severe(browser))


def test_html_index_filter_narrows_rows(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get((site / "index.html").as_uri())

    def visible():
        return [r for r in browser.find_elements(By.CSS_SELECTOR, "#documents tbody tr") if r.is_displayed()]

    total = len(visible())
    assert total >= 2
    select = Select(browser.find_element(By.ID, "filter-person"))
    select.select_by_value("pers-peng-dehuai")
    rows = visible()
    assert 0 < len(rows) < total
    assert all("pers-peng-dehuai" in r.get_attribute("data-person").split() for r in rows)
    assert browser.find_element(By.ID, "filter-count").text.startswith(f"{len(rows)} of {total}")
    select.select_by_value("")

    Select(browser.find_element(By.ID, "filter-year")).select_by_value("1950")
    assert 0 < len(visible()) < total
    Select(browser.find_element(By.ID, "filter-year")).select_by_value("")

    box = browser.find_element(By.ID, "filter-text")
    box.send_keys("Test telegram")
    assert len(visible()) == 1
    box.clear()
    box.send_keys("no such words anywhere")
    assert not visible() and browser.find_element(By.ID, "no-results").is_displayed()
    assert not _severe(browser)


def test_html_alignment_highlights_the_counterpart(site, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    browser.get((site / "zz900_test_parallel.html").as_uri())
    ActionChains(browser).move_to_element(browser.find_element(By.ID, "t1-ru-p1")).perform()
    assert "is-aligned" in browser.find_element(By.ID, "t1-en-p1").get_attribute("class")
    left = browser.find_element(By.ID, "t1-ru").rect
    right = browser.find_element(By.ID, "t1-en").rect
    assert right["x"] > left["x"] + left["width"] / 2, "parts are not side by side on a wide screen"


def test_html_document_fits_a_phone(site, browser):
    from selenium.webdriver.common.by import By

    try:
        browser.set_window_size(390, 844)
        browser.get((site / "zz900_test_parallel.html").as_uri())
        width = browser.execute_script("return document.documentElement.clientWidth")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1
        left = browser.find_element(By.ID, "t1-ru").rect
        right = browser.find_element(By.ID, "t1-en").rect
        assert right["y"] >= left["y"] + left["height"] - 1, "parts are not stacked on a phone"
    finally:
        browser.set_window_size(1400, 1000)


def test_html_screenshot_of_a_document(site, browser, tmp_path):
    # a real parallel document when tei/ has one, else the fixture
    parallel = [p for p in _pages(site) if 'class="parallel"' in p.read_text(encoding="utf-8")]
    real = [p for p in parallel if not p.stem.startswith("zz9")]
    page = max(real or parallel, key=lambda p: p.read_text(encoding="utf-8").count("data-corresp"))
    browser.set_window_size(1400, 1300)
    browser.get(page.as_uri())
    shot = tmp_path / f"{page.stem}.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 20_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    browser.save_screenshot(str(SHOT))
    browser.set_window_size(1400, 1000)


def test_html_shows_a_recognisers_proposal_as_a_proposal(site):
    """A name the recogniser proposed (no register entry, @resp …-ner) is marked apart from the
    editors' names and says who proposed it and how sure it was."""
    page = _page(site / "zz900_test_parallel.html")
    (proposal,) = page.xpath("//span[contains(concat(' ', @class, ' '), ' proposed ')]")
    assert proposal.text_content() == "Gao Gang"
    assert "name recogniser" in proposal.get("title") and "medium" in proposal.get("title")
    assert "person" in proposal.get("class").split()
    linked = page.xpath("//a[contains(concat(' ', @class, ' '), ' name ')]")
    assert linked and not any("proposed" in a.get("class").split() for a in linked)


def test_html_lists_the_languages_of_the_text_not_of_the_header(site, tei_docs):
    """The header is always in English; a Russian-only document's page must not say "English"."""
    ns = {"tei": T.strip("{}")}
    for stem, tree in tei_docs.items():
        text_langs = {l for l in tree.xpath("/tei:TEI/tei:text/tei:body/tei:div/@xml:lang", namespaces=ns)}
        meta = _page(site / f"{stem}.html").xpath("//dt[.='Languages']/following-sibling::dd[1]")
        assert meta, stem
        listed = [l.strip() for l in meta[0].text_content().split(",")]
        assert len(listed) == len(text_langs), (stem, listed, text_langs)
        assert ("English" in listed) == ("en" in text_langs), (stem, listed)
