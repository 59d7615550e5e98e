<?xml version="1.0" encoding="UTF-8"?>
<!--
  The shell of index.html: everything but the table's rows, which
  pipeline/corpus.py fills in where the comment "slot:rows" stands, from the
  documents' cards (html:card-fragments in html_common.xsl), in chronological
  order. index.json is assembled there too.
  Source: build/.work/summary.xml (no namespace), which the build writes:
    <corpus documents="N">
      <register kind="person|place|org" href="file:///…"/>*
      <count kind="person|place|org" id="pers-…" docs="N"/>*   documents that mention the entry (html:mentioned)
      <occurs id="pers-…" docs="N"/>*                          documents with a passage for the entry's page
      <year value="1951" docs="N"/>*
      <document stem="…" href="…" card="…"/>*                   in chronological order
    </corpus>
  So the shell changes only when a count does; an edit that names no one new
  costs its row and nothing here.

  The filter must work from file://, where fetch() of index.json is refused, so
  each row carries its persons, places, organisations and year in data-
  attributes and edition.js filters the rows in place.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:html="urn:x-edition:html"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="html_param.xsl"/>
  <xsl:include href="html_common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
      include-content-type="no"/>

  <xsl:variable name="corpus" select="/Q{}corpus"/>
  <xsl:variable name="total" select="xs:integer(($corpus/@documents, 0)[1])"/>

  <xsl:variable name="register-docs" as="map(xs:string, document-node())">
    <xsl:map>
      <xsl:for-each select="$corpus/Q{}register[doc-available(resolve-uri(@href, base-uri(.)))]">
        <xsl:map-entry key="string(@kind)" select="doc(resolve-uri(@href, base-uri(.)))"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <!-- Label of a register id: its preferred name in the corpus's register. -->
  <xsl:function name="html:label" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="reg" select="$register-docs($kind)"/>
    <xsl:variable name="entry" select="if (exists($reg)) then key('html:id', $id, $reg) else ()"/>
    <xsl:sequence select="if ($entry) then html:preferred($entry) else $id"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="'Documents'"/>
      <xsl:with-param name="page-class" select="'page index'"/>
      <xsl:with-param name="description" select="$site-title || ': list of documents'"/>
      <xsl:with-param name="content">
        <h1>Documents</h1>
        <p class="lead"><xsl:value-of select="$total"/> documents in chronological order.
          Choose a person, place, organisation or year to narrow the list,
          or <a href="search.html">search the texts</a>.</p>
        <xsl:call-template name="html:filters"/>
        <xsl:call-template name="html:table"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================== -->

  <xsl:template name="html:filters">
    <form class="filters" id="filters" aria-label="Filter the documents" data-target="documents">
      <xsl:for-each select="('person', 'place', 'org')">
        <xsl:variable name="kind" select="."/>
        <div class="field">
          <label for="filter-{$kind}"><xsl:value-of select="$html:registers($kind)?singular ! (upper-case(substring(., 1, 1)) || substring(., 2))"/></label>
          <select id="filter-{$kind}" name="{$kind}" data-filter="{$kind}">
            <option value="">All</option>
            <xsl:for-each select="$corpus/Q{}count[@kind = $kind][xs:integer(@docs) gt 0]">
              <xsl:sort select="html:label($kind, @id)" lang="en"/>
              <option value="{@id}">
                <xsl:value-of select="html:label($kind, @id)"/>
                <xsl:text> (</xsl:text>
                <xsl:value-of select="@docs"/>
                <xsl:text>)</xsl:text>
              </option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:for-each>
      <div class="field">
        <label for="filter-year">Year</label>
        <select id="filter-year" name="year" data-filter="year">
          <option value="">All</option>
          <xsl:for-each select="$corpus/Q{}year">
            <xsl:sort select="@value"/>
            <option value="{@value}"><xsl:value-of select="@value"/></option>
          </xsl:for-each>
        </select>
      </div>
      <div class="field field-text">
        <label for="filter-text">Words</label>
        <input type="search" id="filter-text" name="q" data-filter="text" placeholder="title, name, archive…"/>
      </div>
      <div class="field field-actions">
        <button type="reset">Show all</button>
      </div>
      <p class="filter-count" aria-live="polite"><output id="filter-count" for="filter-person filter-place filter-org filter-year filter-text"><xsl:value-of
          select="$total"/> of <xsl:value-of select="$total"/> documents</output></p>
    </form>
  </xsl:template>

  <xsl:template name="html:table">
    <div class="table-wrap">
      <table class="documents" id="documents">
        <caption class="visually-hidden">Documents of the edition, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Document</th>
            <th scope="col">From → To</th>
            <th scope="col">Languages</th>
            <th scope="col">Archive reference</th>
          </tr>
        </thead>
        <tbody><xsl:comment>slot:rows</xsl:comment></tbody>
      </table>
    </div>
    <p class="no-results" id="no-results" hidden="hidden">No document matches this choice.</p>
  </xsl:template>

</xsl:stylesheet>
