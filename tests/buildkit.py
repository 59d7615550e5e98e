"""Helpers for the build and txt tests: a private copy of the project in tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.project import REGISTER_FILES, Project
from pipeline.xmlio import parse

ROOT = Path(__file__).resolve().parents[1]


def well_formed_only(project, paths):
    """Stand-in for pipeline.validate: tests of the build and the stylesheets must not depend on the schema's progress."""
    problems = []
    for path in paths:
        try:
            parse(path)
        except PipelineError as e:
            problems.extend(e.problems)
    return problems


def document_sources() -> list[Path]:
    docs = Project(ROOT).document_paths()
    assert docs, "tei/ has no documents"
    return docs


def make_project(dest: Path, docs: int | None = None) -> Project:
    """Copy tei/ (documents + registers), schema/, xslt/ and seeds/ into dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("schema", "xslt", "seeds"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name)
        else:
            (dest / name).mkdir()
    shutil.copy(ROOT / "edition.toml", dest / "edition.toml")
    (dest / "tei").mkdir()
    for name in REGISTER_FILES.values():
        if (ROOT / "tei" / name).exists():
            shutil.copy(ROOT / "tei" / name, dest / "tei" / name)
    sources = document_sources()[:docs]
    for path in sources:
        shutil.copy(path, dest / "tei" / path.name)
    # the build converts seeds without TEI; keep the copy to the documents chosen
    keep = {p.stem for p in sources}
    for seed in (dest / "seeds").glob("*"):
        if seed.stem not in keep:
            seed.unlink()
    return Project(dest)


STUB_COMMON = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0">
  <xsl:template name="title"><h1><xsl:value-of select="(//titleStmt/title)[1]"/></h1></xsl:template>
</xsl:stylesheet>
"""

# a page, and (when the build asks for it) a card with the fragments pipeline/corpus.py assembles
STUB_DOCUMENT = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0">
  <xsl:import href="html_common.xsl"/>
  <xsl:param name="card-href" select="''"/>
  <xsl:output method="html" html-version="5"/>
  <xsl:template match="/">
    <html><body><xsl:call-template name="title"/>
    <p><xsl:value-of select="count(//persName)"/></p></body></html>
    <xsl:if test="$card-href">
      <xsl:variable name="stem" select="replace(tokenize(base-uri(), '/')[last()], '[.]xml$', '')"/>
      <xsl:result-document href="{$card-href}" method="xml">
        <card stem="{$stem}" sort-date="{$stem}">
          <fragments>
            <index-row><tr><td><a href="{$stem}.html"><xsl:value-of select="(//titleStmt/title)[1]"/></a></td></tr></index-row>
            <json><xsl:value-of select="serialize(map { 'title': string((//titleStmt/title)[1]) }, map { 'method': 'json' })"/></json>
          </fragments>
        </card>
      </xsl:result-document>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
"""

# the index shell: pipeline/corpus.py puts the documents' rows where <!--slot:rows--> stands
STUB_INDEX = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0">
  <xsl:output method="html" html-version="5"/>
  <xsl:template match="/corpus">
    <html><body><ul><xsl:for-each select="document">
      <li><a href="{@stem}.html"><xsl:value-of select="(doc(@href)//tei:titleStmt/tei:title)[1]"/></a></li>
    </xsl:for-each></ul><table><tbody><xsl:comment>slot:rows</xsl:comment></tbody></table></body></html>
  </xsl:template>
</xsl:stylesheet>
"""

STUB_REGISTERS = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0">
  <xsl:param name="out-dir"/>
  <xsl:output method="html" html-version="5"/>
  <xsl:template match="/corpus">
    <xsl:for-each select="register">
      <xsl:variable name="name" select="replace(@href, '^.*/([^/]+)\\.xml$', '$1')"/>
      <xsl:result-document href="{$out-dir}{$name}.html" method="html" html-version="5">
        <html><body><p><xsl:value-of select="count(doc(@href)//tei:body//*[@xml:id])"/></p></body></html>
      </xsl:result-document>
    </xsl:for-each>
    <html><body><p>registers</p></body></html>
  </xsl:template>
</xsl:stylesheet>
"""


def install_html_stubs(project: Project) -> None:
    """Small, fixed HTML stylesheets, so that the build tests do not depend on the HTML edition's progress."""
    x = project.xslt
    for name in list(x.glob("html_*.xsl")):
        name.unlink()
    shutil.rmtree(x / "assets", ignore_errors=True)
    (x / "html_common.xsl").write_text(STUB_COMMON, encoding="utf-8")
    (x / "html_document.xsl").write_text(STUB_DOCUMENT, encoding="utf-8")
    (x / "html_index.xsl").write_text(STUB_INDEX, encoding="utf-8")
    (x / "html_registers.xsl").write_text(STUB_REGISTERS, encoding="utf-8")


STUB_FO = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format" xpath-default-namespace="http://www.tei-c.org/ns/1.0">
  <xsl:template match="/">
    <fo:root><fo:layout-master-set><fo:simple-page-master master-name="p" page-width="210mm" page-height="297mm" margin="20mm">
      <fo:region-body/></fo:simple-page-master></fo:layout-master-set>
      <fo:page-sequence master-reference="p"><fo:flow flow-name="xsl-region-body">
        <fo:block><xsl:value-of select="(//titleStmt/title)[1]"/></fo:block>
      </fo:flow></fo:page-sequence></fo:root>
  </xsl:template>
</xsl:stylesheet>
"""


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns
            for p in root.rglob("*") if p.is_file() and ".work" not in p.parts and p.name != ".state.json"}
