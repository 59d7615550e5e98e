"""Hostile TEI and hostile stylesheets: nothing outside the project is read, fetched or published.

One project holds two good documents and every hostile variant at once; `validate`,
`build` and `package` run on it as real processes. Each variant must be refused by
name, the good documents still built, no request reach the local web servers, no
secret from outside the project appear in any output, and no command hang or
print a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from buildkit import install_html_stubs
from faultkit import (HTTP_SECRET, SECRET, SilentServer, WebServer, make_edition, outside_secret, run,
                      tree_text)

XI = "http://www.w3.org/2001/XInclude"


@pytest.fixture
def servers():
    web, silent = WebServer(), SilentServer()
    yield web, silent
    web.close()
    silent.close()


def _first_ref(text: str) -> str:
    m = re.search(r'ref="persons\.xml#pers-[^"]+"', text)
    assert m, "the document has no person pointer"
    return m.group(0)


def hostile_variants(good: str, secret: Path, web: WebServer, silent: SilentServer) -> dict[str, tuple[str, str]]:
    """name -> (TEI text, a word the refusal must contain)."""
    ref = _first_ref(good)
    first_p = re.search(r"<p\b[^>]*>", good).group(0)
    licence = re.search(r'<licence target="[^"]+"', good).group(0)
    decl, rest = good.split("\n", 1)
    v = {
        "ref-file-url": (good.replace(ref, f'ref="{secret.as_uri()}#pers-x"', 1), "file:"),
        "ref-dotdot": (good.replace(ref, 'ref="../../secret/evil.xml#pers-x"', 1), "outside"),
        "ref-absolute": (good.replace(ref, f'ref="{secret}#pers-x"', 1), "absolute"),
        "ref-http-xml": (good.replace(ref, f'ref="{web.url("evil.xml")}#pers-x"', 1), "fetch"),
        "corresp-http-fragment": (good.replace(first_p, first_p[:-1] + f' corresp="{web.url("doc")}#x">', 1),
                                  "fetch"),
        "source-escape": (good.replace(first_p, first_p[:-1] + ' source="../../secret/evil.xml#x">', 1), "outside"),
        "xml-base": (re.sub(r"<text(?=[\s>])", f'<text xml:base="{secret.parent.as_uri()}/"', good, count=1),
                     "xml:base"),
        "ref-javascript": (good.replace(first_p, first_p + '<ref target="javascript:alert(1)">click</ref>', 1),
                           "javascript:"),
        "ptr-file": (good.replace(first_p, first_p + '<ptr target="file:///etc/hostname"/>', 1), "file:"),
        "licence-data": (good.replace(licence, '<licence target="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="', 1),
                         "data:"),
        "doctype-http": (decl + f'\n<!DOCTYPE TEI SYSTEM "{web.url("tei.dtd")}">\n' + rest, "DOCTYPE"),
        "doctype-never-answers": (decl + f'\n<!DOCTYPE TEI SYSTEM "{silent.url("tei.dtd")}">\n' + rest, "DOCTYPE"),
        "doctype-file": (decl + f'\n<!DOCTYPE TEI SYSTEM "{secret.with_name("evil.dtd").as_uri()}">\n'
                         + rest.replace(first_p, first_p + "&secret;", 1), "DOCTYPE"),
        "xxe": (decl + f'\n<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{secret.with_name("secret.txt").as_uri()}">]>\n'
                + rest.replace(first_p, first_p + "&xxe;", 1), "entit"),
        "undeclared-entity": (decl + f'\n<!DOCTYPE TEI PUBLIC "-//X//DTD X//EN" "{web.url("x.dtd")}">\n'
                              + rest.replace(first_p, first_p + "&nbsp;", 1), "DOCTYPE"),
        "xinclude": (good.replace(first_p, first_p + f'<xi:include xmlns:xi="{XI}" href="{secret.with_name("secret.txt").as_uri()}" parse="text"/>', 1),
                     "include"),
        "deep-nesting": (good.replace(first_p, first_p + "<hi>" * 400 + "deep" + "</hi>" * 400, 1), "depth"),
        "huge-text-node": (good.replace(first_p, first_p + "word " * 2_200_000, 1), "huge"),
        "control-character": (good.replace(first_p, first_p + "&#1;", 1), "xmlChar"),
    }
    return v


@pytest.fixture
def hostile_edition(tmp_path, servers):
    web, silent = servers
    project = make_edition(tmp_path / "edition", seeds=2)
    secret = outside_secret(tmp_path)
    done = run(project, "convert")
    assert done.returncode == 0, done.stdout + done.stderr
    good = sorted(project.tei.glob("0*.xml"))[0].read_text(encoding="utf-8")
    names = {}
    for n, (name, (text, word)) in enumerate(hostile_variants(good, secret, web, silent).items()):
        # own document id, so that each file is refused for its own fault
        text = re.sub(r'(<TEI\b[^>]*xml:id=")[^"]+"', rf'\g<1>doc-hostile-{n}"', text, count=1)
        path = project.tei / f"hostile-{name}.xml"
        path.write_text(text, encoding="utf-8")
        names[path] = word
    return project, names, secret, web, silent


def test_faults_hostile_tei_is_refused_and_nothing_outside_is_read(hostile_edition):
    project, names, secret, web, silent = hostile_edition
    before = {p.name: p.read_bytes() for p in secret.parent.iterdir()}

    validated = run(project, "validate", timeout=120)
    assert validated.returncode == 1
    for path, word in names.items():
        lines = [ln for ln in validated.stdout.splitlines() + validated.stderr.splitlines()
                 if ln.startswith(f"{path}:")]
        assert lines, f"{path.name} was not refused:\n{validated.stdout}"
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", lines[0])
        assert any(word.lower() in ln.lower() for ln in lines), (path.name, lines)

    built = run(project, "build", "--format", "html", "--format", "txt", timeout=240)
    assert built.returncode == 1
    for path in names:
        assert f"tei/{path.name}: invalid" in built.stderr + built.stdout or path.name in built.stderr
        assert not (project.build / "html" / f"{path.stem}.html").exists()
        assert not (project.build / "txt" / f"{path.stem}.txt").exists()
    for good in sorted(project.tei.glob("0*.xml")):
        assert (project.build / "html" / f"{good.stem}.html").is_file()
        assert (project.build / "txt" / f"{good.stem}.txt").is_file()

    packaged = run(project, "package", "--allow-placeholders", timeout=180)
    assert packaged.returncode == 1
    assert not (project.build / "package").exists() or not any((project.build / "package").iterdir())

    published = tree_text(project.build) + tree_text(project.tei)
    assert SECRET not in published.replace(f"{SECRET}</p>", "")  # (the hostile TEI itself names no secret)
    assert HTTP_SECRET not in published
    assert web.requests == [], web.requests
    assert silent.accepted == 0
    assert {p.name: p.read_bytes() for p in secret.parent.iterdir()} == before  # nothing written outside


HOSTILE_READER = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" html-version="5"/>
  <xsl:template match="/">
    <html><body>
      <p class="etc"><xsl:value-of select="if (unparsed-text-available('file:///etc/hostname'))
                                              then 'READ:' || unparsed-text('file:///etc/hostname') else 'DENIED'"/></p>
      <p class="file"><xsl:value-of select="if (doc-available('{secret}')) then 'READ:' || string(doc('{secret}')) else 'DENIED'"/></p>
      <p class="dotdot"><xsl:value-of select="let $u := resolve-uri('../../secret/secret.txt', base-uri(/))
          return if (unparsed-text-available($u)) then 'READ:' || unparsed-text($u) else 'DENIED'"/></p>
      <p class="http"><xsl:value-of select="if (doc-available('{http}')) then 'READ:' || string(doc('{http}')) else 'DENIED'"/></p>
      <p class="http-text"><xsl:value-of select="if (unparsed-text-available('{http}')) then 'READ' else 'DENIED'"/></p>
      <p class="own"><xsl:value-of select="if (doc-available(resolve-uri('persons.xml', base-uri(/)))) then 'OWN' else 'NO-OWN'"/></p>
    </body></html>
  </xsl:template>
</xsl:stylesheet>
"""

HOSTILE_WRITER = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" html-version="5"/>
  <xsl:template match="/">
    <xsl:result-document href="{target}" method="text">{secret}</xsl:result-document>
    <html><body><p>page</p></body></html>
  </xsl:template>
</xsl:stylesheet>
"""


def test_faults_hostile_stylesheet_reads_nothing_outside_the_project(tmp_path, servers):
    web, silent = servers
    project = make_edition(tmp_path / "edition", seeds=1)
    secret = outside_secret(tmp_path)
    install_html_stubs(project)
    (project.xslt / "html_document.xsl").write_text(
        HOSTILE_READER.replace("{secret}", secret.as_uri()).replace("{http}", web.url("evil.xml")), encoding="utf-8")
    built = run(project, "build", "--format", "html", timeout=240)
    assert built.returncode == 0, built.stdout + built.stderr
    pages = [p for p in (project.build / "html").glob("0*.html")]
    assert pages
    page = pages[0].read_text(encoding="utf-8")
    for cls in ("etc", "file", "dotdot", "http", "http-text"):
        assert re.search(rf'<p class="{cls}">DENIED</p>', page), page
    # the project's own files stay readable: confinement is not a broken build
    assert '<p class="own">OWN</p>' in page
    assert "READ" not in page and SECRET not in page and HTTP_SECRET not in page
    assert web.requests == []


def test_faults_hostile_stylesheet_publishes_nothing_outside_the_output(tmp_path):
    project = make_edition(tmp_path / "edition", seeds=1)
    target = tmp_path / "secret" / "published.txt"
    target.parent.mkdir()
    install_html_stubs(project)
    (project.xslt / "html_document.xsl").write_text(
        HOSTILE_WRITER.replace("{target}", target.as_uri()).replace("{secret}", "PUBLISHED"), encoding="utf-8")
    built = run(project, "build", "--format", "html", timeout=240)
    assert built.returncode == 1
    assert not target.exists()
    assert re.search(r"^\S+:\d+:\d+: ", built.stderr, re.M), built.stderr


@pytest.mark.parametrize("attr,token,allowed", [
    ("ref", "#pers-x", True),
    ("ref", "persons.xml#pers-x", True),
    ("ref", "https://www.wikidata.org/entity/Q5383", True),     # an authority identifier, never fetched
    ("ref", "http://viaf.org/viaf/95216565", True),
    ("ref", "https://sws.geonames.org/1835848/", True),
    ("ref", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", True),
    ("target", "https://digitalarchive.wilsoncenter.org/document/113649#page2", True),  # a reader's link
    ("target", "mailto:editors@example.edu", True),
    ("target", "000_x.html", True),
    ("ref", "https://example.org/registers/persons.xml#pers-x", False),
    ("ref", "https://example.org/page#pers-x", False),
    ("ref", "file:///etc/hostname", False),
    ("ref", "../escape.xml#x", False),
    ("ref", "%2e%2e/%2e%2e/escape.xml#x", False),
    ("ref", "/etc/passwd#x", False),
    ("ref", "mailto:x@y.org", False),
    ("target", "JavaScript:alert(1)", False),
    ("target", "vbscript:x", False),
    ("target", "data:text/html,x", False),
    ("target", "//evil.example/x", False),
    ("facs", "file:///tmp/page.png", False),
    ("url", "ftp://host/x", False),
])
def test_faults_uri_rules(tmp_path, attr, token, allowed):
    from pipeline.validate import uri_problem

    tei = tmp_path / "edition" / "tei"
    tei.mkdir(parents=True)
    why = uri_problem(token, attr, tei / "doc.xml", tei)
    assert (why is None) == allowed, why
    if why:
        assert token in why
