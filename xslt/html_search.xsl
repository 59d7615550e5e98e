<?xml version="1.0" encoding="UTF-8"?>
<!--
  build/html/search.html: full-text search over the edition with facets, run in
  the browser on the static index Pagefind writes to build/html/pagefind/
  (pipeline/search.py). The page's state lives in its URL
  (search.html?q=…&person=…&sort=date), so a search can be cited and the back
  button works; assets/search.js does the searching.
  Source: build/.work/summary.xml (only for the number of documents).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:html="urn:x-edition:html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="html_param.xsl"/>
  <xsl:include href="html_common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
      include-content-type="no"/>

  <xsl:template match="/">
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="'Search'"/>
      <xsl:with-param name="page-class" select="'page search'"/>
      <xsl:with-param name="description" select="'Search the texts of the ' || $site-title"/>
      <xsl:with-param name="content">
        <h1>Search</h1>
        <p class="lead">Search the <xsl:value-of select="(/Q{}corpus/@documents, 0)[1]"/> documents
          in English, Russian and Chinese, then narrow the results by person, place,
          organisation, year, genre, language or archive.</p>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
