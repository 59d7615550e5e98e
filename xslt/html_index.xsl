<?xml version="1.0" encoding="UTF-8"?>
<!--
  Corpus -> index.html (principal output) and {$out-dir}index.json.
  Source: build/.work/corpus.xml (no namespace):
    <corpus><document stem="…" href="file:///…/tei/….xml" card="file:///…/.work/cards/….xml"?/>…
            <register kind="person|place|org" href="file:///…"/></corpus>
  Each document is read from its card (html:card in html_common.xsl), never in
  full; a document without @card gets its card made here.

  The filter must work from file://, where fetch() of index.json is refused, so
  each row carries its persons, places, organisations and year in data-
  attributes and edition.js filters the rows in place; index.json is for other
  consumers (and a server-side search, should one come).
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
  <xsl:output name="json" method="json" encoding="UTF-8" indent="yes"/>

  <xsl:variable name="corpus" select="/Q{}corpus"/>

  <!-- The documents that can be read, in chronological order (undated last): {stem, card}. -->
  <xsl:variable name="docs" as="map(*)*" select="html:corpus-cards($corpus)"/>

  <xsl:variable name="register-docs" as="map(xs:string, document-node())">
    <xsl:map>
      <xsl:for-each select="$corpus/Q{}register[doc-available(resolve-uri(@href, base-uri(.)))]">
        <xsl:map-entry key="string(@kind)" select="doc(resolve-uri(@href, base-uri(.)))"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <!-- Register ids of one kind a document mentions (html:mentioned, kept on its card). -->
  <xsl:function name="html:card-mentions" as="xs:string*">
    <xsl:param name="card" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="tokenize($card/Q{}mentions[@kind = $kind])"/>
  </xsl:function>

  <!-- Label of a register id: its preferred name in the corpus's register. -->
  <xsl:function name="html:label" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="reg" select="$register-docs($kind)"/>
    <xsl:variable name="entry" select="if (exists($reg)) then key('html:id', $id, $reg) else ()"/>
    <xsl:sequence select="if ($entry) then html:preferred($entry) else $id"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:result-document href="{$out-dir}index.json" format="json">
      <xsl:sequence select="map {
        'title': $site-title,
        'documents': array { $docs ! html:json-entry(.) }
      }"/>
    </xsl:result-document>
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="'Documents'"/>
      <xsl:with-param name="page-class" select="'page index'"/>
      <xsl:with-param name="description" select="$site-title || ': list of documents'"/>
      <xsl:with-param name="content">
        <h1>Documents</h1>
        <p class="lead"><xsl:value-of select="count($docs)"/> documents in chronological order.
          Choose a person, place, organisation or year to narrow the list.</p>
        <xsl:call-template name="html:filters"/>
        <xsl:call-template name="html:table"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:function name="html:json-entry" as="map(*)">
    <xsl:param name="d" as="map(*)"/>
    <xsl:variable name="card" select="$d?card"/>
    <xsl:sequence select="map {
      'stem': $d?stem,
      'href': $d?stem || '.html',
      'id': string($card/@id),
      'title': string($card/Q{}title/@text),
      'date': string($card/Q{}date/@value),
      'dateText': string($card/Q{}date/@text),
      'year': $card/@year/string(),
      'genre': string($card/Q{}genre/@text),
      'sender': array { $card/Q{}sender/string() },
      'addressee': array { $card/Q{}addressee/string() },
      'languages': array { $card/Q{}language/string(@ident) },
      'archive': array { $card/Q{}archive/string() },
      'persons': array { html:card-mentions($card, 'person') },
      'places': array { html:card-mentions($card, 'place') },
      'orgs': array { html:card-mentions($card, 'org') }
    }"/>
  </xsl:function>

  <!-- ================================================================== -->

  <xsl:template name="html:filters">
    <form class="filters" id="filters" aria-label="Filter the documents" data-target="documents">
      <xsl:for-each select="('person', 'place', 'org')">
        <xsl:variable name="kind" select="."/>
        <xsl:variable name="ids" select="distinct-values($docs ! html:card-mentions(?card, $kind))"/>
        <!-- documents per id, counted once -->
        <!-- id -> one item per document that mentions it -->
        <xsl:variable name="counts" as="map(xs:string, xs:integer*)" select="map:merge(
            for $id in $docs ! distinct-values(html:card-mentions(?card, $kind)) return map { $id: 1 },
            map { 'duplicates': 'combine' })"/>
        <div class="field">
          <label for="filter-{$kind}"><xsl:value-of select="$html:registers($kind)?singular ! (upper-case(substring(., 1, 1)) || substring(., 2))"/></label>
          <select id="filter-{$kind}" name="{$kind}" data-filter="{$kind}">
            <option value="">All</option>
            <xsl:for-each select="$ids">
              <xsl:sort select="html:label($kind, .)" lang="en"/>
              <xsl:variable name="id" select="."/>
              <option value="{$id}">
                <xsl:value-of select="html:label($kind, $id)"/>
                <xsl:text> (</xsl:text>
                <xsl:value-of select="count($counts($id))"/>
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
          <xsl:for-each select="distinct-values($docs ! ?card/@year/string())">
            <xsl:sort select="."/>
            <option value="{.}"><xsl:value-of select="."/></option>
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
          select="count($docs)"/> of <xsl:value-of select="count($docs)"/> documents</output></p>
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
        <tbody>
          <xsl:for-each select="$docs">
            <xsl:variable name="card" select="?card"/>
            <xsl:variable name="stem" select="?stem"/>
            <tr data-stem="{$stem}"
                data-person="{$card/Q{}mentions[@kind = 'person']}"
                data-place="{$card/Q{}mentions[@kind = 'place']}"
                data-org="{$card/Q{}mentions[@kind = 'org']}"
                data-year="{$card/@year}">
              <td class="date" data-label="Date">
                <xsl:choose>
                  <xsl:when test="$card/Q{}date"><xsl:copy-of select="$card/Q{}date/node()"/></xsl:when>
                  <xsl:otherwise>undated</xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="title" data-label="Document">
                <a href="{$stem}.html"><xsl:copy-of select="$card/Q{}title/node()"/></a>
                <xsl:for-each select="$card/Q{}genre">
                  <span class="genre"><xsl:copy-of select="node()"/></span>
                </xsl:for-each>
              </td>
              <td class="corresp" data-label="From → To">
                <xsl:copy-of select="$card/Q{}corresp/node()"/>
              </td>
              <td class="langs" data-label="Languages">
                <xsl:value-of select="$card/Q{}language/@label" separator=", "/>
              </td>
              <td class="archive" data-label="Archive reference">
                <xsl:copy-of select="$card/Q{}source/node()"/>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
    <p class="no-results" id="no-results" hidden="hidden">No document matches this choice.</p>
  </xsl:template>

</xsl:stylesheet>
