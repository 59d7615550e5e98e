"""Search (Pagefind, one bundle per language) on the built seeds, in headless Chromium,
served from a local port; and from file://, where the page says it needs a server."""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlsplit

import pytest
from lxml import html as lhtml
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import copy_project
from pipeline.build import build

RU_DOC = "003_258a02fb508c896b"
ZH_DOC = "002_0e84e50726ad85b5"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("search") / "edition", with_documents=True)
    report = build(project, formats={"html", "search"}, jobs=2, progress=False)
    assert report.ok, [str(p) for p in report.problems]
    assert "html/pagefind" in report.built
    html = project.build / "html"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield project, html, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _search(browser, url: str) -> list[dict]:
    browser.get(url)
    status = WebDriverWait(browser, 20, poll_frequency=0.2).until(
        lambda d: (t := d.find_element(By.ID, "search-status").text) and not t.startswith("Searching") and t)
    assert "could not start" not in status, status
    results = []
    for li in browser.find_elements(By.CSS_SELECTOR, "#search-results > li"):
        a = li.find_element(By.CSS_SELECTOR, "h3 a")
        results.append({"href": a.get_attribute("href"), "title": a.text, "text": li.text,
                        "marks": [m.text for m in li.find_elements(By.TAG_NAME, "mark")]})
    return results


def _page_of(href: str) -> str:
    """The page a result links to, relative to build/html ("persons/pers-x.html", "003_….html")."""
    return urlsplit(href).path.lstrip("/")


def _passage_text(html, href: str) -> str:
    page = lhtml.parse(str(html / _page_of(href))).getroot()
    anchor = href.split("#", 1)[1]
    return page.get_element_by_id(anchor).text_content()


def test_search_english_lists_documents_with_marked_excerpts_linking_to_the_paragraph(site, browser):
    project, html, url = site
    results = _search(browser, url + "search.html?q=Panmunjom")
    having = {d.stem for d in project.document_paths() if "Panmunjom" in d.read_text(encoding="utf-8")}
    docs = {_page_of(r["href"]).removesuffix(".html") for r in results}
    assert having and having <= docs
    for r in results:
        assert r["marks"] and all("panmunjom" in m.lower() for m in r["marks"]), r
        assert r["title"]
    # the hits in a document's text link to the very paragraph
    paragraph = [r for r in results if "#" in r["href"] and "Panmunjom" in _passage_text(html, r["href"])]
    assert len(paragraph) >= 2
    first = next(r for r in results if _page_of(r["href"]).startswith("0"))
    assert re.search(r"\d{4}", first["text"]) and "telegram" in " ".join(r["text"] for r in results)


def test_search_russian_finds_other_case_forms(site, browser):
    project, html, url = site
    tei = (project.tei / f"{RU_DOC}.xml").read_text(encoding="utf-8")
    assert "Корея" not in tei and "Кореи" in tei and "Корею" in tei
    results = _search(browser, url + "search.html?q=" + quote("Корея"))
    hit = [r for r in results if _page_of(r["href"]) == f"{RU_DOC}.html"]
    assert hit, results
    assert set(hit[0]["marks"]) & {"Кореи", "Корею", "Кореи,", "Корею."} or any(
        m.startswith("Коре") for m in hit[0]["marks"]), hit[0]
    assert "Russian" in browser.find_element(By.ID, "search-status").text
    assert re.search(r"[\u0400-\u04ff]", _passage_text(html, hit[0]["href"]))


def test_search_chinese_word_inside_a_longer_run(site, browser):
    project, html, url = site
    assert "停战谈判" in (project.tei / f"{ZH_DOC}.xml").read_text(encoding="utf-8")
    results = _search(browser, url + "search.html?q=" + quote("停战"))
    hit = [r for r in results if _page_of(r["href"]) == f"{ZH_DOC}.html"]
    assert hit and "停战" in hit[0]["marks"], results
    assert "停战" in _passage_text(html, hit[0]["href"])


def test_search_facet_narrows_with_its_count_and_the_url_keeps_it(site, browser):
    _, _, url = site
    everything = _search(browser, url + "search.html?q=Panmunjom")
    boxes = browser.find_elements(By.CSS_SELECTOR, "fieldset.facet-genre input[type=checkbox]")
    assert boxes
    box = next(b for b in boxes if b.get_attribute("value") == "telegram")
    label = browser.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']").text
    count = int(re.search(r"\((\d+)\)$", label).group(1))
    assert 0 < count < len(everything)
    box.click()
    WebDriverWait(browser, 20, poll_frequency=0.2).until(
        lambda d: "genre=telegram" in d.current_url and len(d.find_elements(By.CSS_SELECTOR, "#search-results > li")) == count)
    narrowed = [li.find_element(By.CSS_SELECTOR, "h3 a").get_attribute("href")
                for li in browser.find_elements(By.CSS_SELECTOR, "#search-results > li")]
    cited = browser.current_url
    # the same URL opened again gives the same results, and the back button the earlier ones
    again = _search(browser, cited)
    assert [r["href"] for r in again] == narrowed
    assert browser.find_element(By.CSS_SELECTOR, "fieldset.facet-genre input[value=telegram]").is_selected()
    browser.back()
    WebDriverWait(browser, 20, poll_frequency=0.2).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#search-results > li")) == len(everything))


def test_search_facets_work_without_a_query(site, browser):
    _, _, url = site
    results = _search(browser, url + "search.html?person=pers-stalin&sort=date")
    assert results
    dates = [re.search(r"\b(1950|1951|1952|1953)\b", r["text"]) for r in results]
    assert all(dates)
    assert [d.group(1) for d in dates] == sorted(d.group(1) for d in dates)


def test_search_no_results(site, browser):
    _, _, url = site
    assert _search(browser, url + "search.html?q=zzqxjvw") == []
    assert browser.find_element(By.ID, "search-status").text.startswith("No results for")


def test_search_query_with_markup_is_shown_as_text(site, browser):
    _, _, url = site
    query = "<script>window.__pwned = 1</script><img src=x onerror='window.__pwned = 2'>"
    _search(browser, url + "search.html?q=" + quote(query))
    assert query in browser.find_element(By.ID, "search-status").text
    assert browser.execute_script("return window.__pwned") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img")


def test_search_by_keyboard_with_labelled_controls(site, browser):
    _, _, url = site
    browser.get(url + "search.html")
    for control in browser.find_elements(By.CSS_SELECTOR, "#search-form input, #search-form select"):
        assert browser.find_elements(By.CSS_SELECTOR, f"label[for='{control.get_attribute('id')}']")
    field = browser.find_element(By.ID, "search-q")
    field.click()
    field.send_keys("Kaesong", Keys.ENTER)
    WebDriverWait(browser, 20, poll_frequency=0.2).until(
        lambda d: "q=Kaesong" in d.current_url and d.find_elements(By.CSS_SELECTOR, "#search-results > li"))
    # the first facet is reachable with the keyboard and toggles with space
    box = browser.find_element(By.CSS_SELECTOR, "fieldset.facet input[type=checkbox]")
    box.send_keys(Keys.SPACE)
    WebDriverWait(browser, 20, poll_frequency=0.2).until(lambda d: "&" in d.current_url)


def test_search_fits_a_narrow_screen(site, browser):
    _, _, url = site
    browser.set_window_size(400, 900)
    try:
        _search(browser, url + "search.html?q=Panmunjom")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= browser.execute_script("return window.innerWidth") + 1
    finally:
        browser.set_window_size(1400, 1000)


def test_search_from_the_file_system_says_it_needs_a_server(site, browser):
    _, html, _ = site
    browser.get((html / "search.html").as_uri())
    notice = browser.find_element(By.ID, "search-needs-server")
    WebDriverWait(browser, 10).until(lambda d: notice.is_displayed())
    assert "web server" in notice.text
    assert not browser.find_element(By.ID, "search-form").is_displayed()


def test_search_every_page_links_to_it(site):
    _, html, _ = site
    for page in [*html.glob("*.html"), *html.glob("persons/*.html")]:
        root = lhtml.parse(str(page)).getroot()
        assert root.xpath("//nav[@class='site-nav']//a[substring(@href, string-length(@href) - 10) = 'search.html']"), page.name


def test_search_a_build_with_no_changed_page_does_not_reindex(site):
    project, html, _ = site
    before = {p: p.stat().st_mtime_ns for p in (html / "pagefind").rglob("*") if p.is_file()}
    report = build(project, formats={"html", "search"}, jobs=2, progress=False)
    assert "html/pagefind" in report.skipped and "html/pagefind" not in report.built
    assert {p: p.stat().st_mtime_ns for p in (html / "pagefind").rglob("*") if p.is_file()} == before


def test_search_follows_a_changed_page_and_keeps_its_state_when_not_asked(site):
    """An HTML-only build leaves the index (and its state) alone; the next search build re-indexes the change."""
    project, html, _ = site
    tei = project.tei / f"{RU_DOC}.xml"
    text = tei.read_text(encoding="utf-8")
    changed = re.sub(r'(<p xml:id="[^"]+"[^>]*>)', r"\1Qwertyuiopword ", text, count=1)
    assert changed != text
    tei.write_text(changed, encoding="utf-8")
    try:
        only_html = build(project, formats={"html"}, jobs=2, progress=False)
        assert only_html.ok and "html/pagefind" not in only_html.built + only_html.skipped
        again = build(project, formats={"html", "search"}, jobs=2, progress=False)
        assert again.ok and "html/pagefind" in again.built
    finally:
        tei.write_text(text, encoding="utf-8")
        build(project, formats={"html", "search"}, jobs=2, progress=False)
