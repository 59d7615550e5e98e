"""`pipeline serve` in a real browser: a saved correction appears without a reload, a broken
file shows its error over the last good page, Ctrl-C stops the server cleanly."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import copy_project

DOC = "003_258a02fb508c896b"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(project):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "--project", str(project.root), "serve",
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 180
    while True:
        try:
            urllib.request.urlopen(url + "index.html", timeout=2).read()
            break
        except OSError:
            assert proc.poll() is None and time.time() < deadline, proc.stdout.read() if proc.poll() is not None else "no answer"
            time.sleep(0.3)
    return url, proc


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("serve") / "edition", with_documents=True)
    url, proc = _start(project)
    yield project, url, proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _first_paragraph_word(path) -> str:
    text = path.read_text(encoding="utf-8")
    m = re.search(r'<p xml:id="[^"]+"[^>]*>([A-Za-z]{4,})\b', text)
    assert m, "no paragraph starting with a word"
    return m.group(1)


def test_serve_listens_on_loopback_only(server):
    project, url, proc = server
    assert url.startswith("http://127.0.0.1:")
    page = urllib.request.urlopen(url + f"{DOC}.html", timeout=5).read().decode("utf-8")
    assert "/__serve/client.js" in page
    # the page on disk is the published one, without the reload script
    assert "/__serve/" not in (project.build / "html" / f"{DOC}.html").read_text(encoding="utf-8")


def test_serve_serves_the_search(server, browser):
    """The index is made beside the pages (not before them); search.html works through the server."""
    _, url, _ = server
    deadline = time.time() + 120
    while True:
        try:
            urllib.request.urlopen(url + "pagefind/languages.json", timeout=2).read()
            break
        except OSError:
            assert time.time() < deadline, "no search index"
            time.sleep(0.3)
    browser.get(url + "search.html?q=Panmunjom")
    WebDriverWait(browser, 20, poll_frequency=0.2).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results > li"))
    wasm = urllib.request.urlopen(url + "pagefind/en/wasm.en.pagefind", timeout=5)
    assert wasm.status == 200


def test_serve_saved_correction_shows_without_reload(server, browser):
    project, url, _ = server
    tei = project.tei / f"{DOC}.xml"
    word = _first_paragraph_word(tei)
    browser.get(url + f"{DOC}.html")
    browser.execute_script("window.__sameDocument = true")
    assert "Correctedword" not in browser.find_element(By.TAG_NAME, "main").text
    _edit(tei, f">{word}", ">Correctedword")
    WebDriverWait(browser, 20, poll_frequency=0.2).until(
        lambda d: "Correctedword" in d.find_element(By.TAG_NAME, "main").text)
    # the server reloaded the page (nobody else did)
    assert browser.execute_script("return window.__sameDocument === undefined")


def test_serve_broken_file_shows_error_and_keeps_last_good_page(server, browser):
    project, url, proc = server
    tei = project.tei / f"{DOC}.xml"
    browser.get(url + f"{DOC}.html")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    good = browser.find_element(By.TAG_NAME, "main").text
    text = tei.read_text(encoding="utf-8")
    # half saved: the file ends in the middle of the body
    tei.write_text(text[: text.index("</body>") - 5], encoding="utf-8")
    overlay = WebDriverWait(browser, 20, poll_frequency=0.2).until(
        lambda d: d.find_elements(By.ID, "pipeline-serve-overlay"))[0]
    where = overlay.find_element(By.CSS_SELECTOR, "code.where").text
    assert re.fullmatch(rf"tei/{DOC}\.xml:\d+:\d+", where), where
    assert "malformed XML" in overlay.text
    assert browser.find_element(By.TAG_NAME, "main").text == good
    assert (project.build / "html" / f"{DOC}.html").exists()
    assert urllib.request.urlopen(url + f"{DOC}.html", timeout=5).status == 200
    # fixed again: the overlay goes with the reload
    tei.write_text(text, encoding="utf-8")
    WebDriverWait(browser, 20, poll_frequency=0.2).until(
        lambda d: not d.find_elements(By.ID, "pipeline-serve-overlay"))


def test_serve_stops_cleanly_on_sigint(tmp_path, browser):
    """With a page open (its event stream connected), SIGINT stops the server at once, exit status 0."""
    project = copy_project(tmp_path / "edition", with_documents=True)
    url, proc = _start(project)
    browser.get(url + "index.html")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    t = time.time()
    assert proc.wait(timeout=10) == 0
    assert time.time() - t < 10
    out = proc.stdout.read()
    assert "Traceback" not in out and "stopped" in out, out
