<?xml version="1.0" encoding="UTF-8"?>
<!--
  Corpus -> index.html (principal output) and {$out-dir}index.json.
  Source: build/.work/corpus.xml (no namespace):
    <corpus><document stem="…" href="file:///…/tei/….xml"/>…
            <register kind="person|place|org" href="file:///…"/></corpus>

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

  <!-- The documents that can be read, in chronological order (undated last). -->
  <xsl:variable name="docs" as="map(*)*">
    <xsl:for-each select="$corpus/Q{}document[doc-available(resolve-uri(@href, base-uri(.)))]">
      <xsl:sort select="html:sort-date(doc(resolve-uri(@href, base-uri(.)))/TEI)"/>
      <xsl:sort select="@stem"/>
      <xsl:sequence select="map { 'stem': string(@stem),
          'tei': doc(resolve-uri(@href, base-uri(.)))/TEI }"/>
    </xsl:for-each>
  </xsl:variable>

  <xsl:variable name="register-docs" as="map(xs:string, document-node())">
    <xsl:map>
      <xsl:for-each select="$corpus/Q{}register[doc-available(resolve-uri(@href, base-uri(.)))]">
        <xsl:map-entry key="string(@kind)" select="doc(resolve-uri(@href, base-uri(.)))"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <!-- Register ids of one kind mentioned anywhere in a document (text and header). -->
  <xsl:function name="html:mentioned" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="distinct-values($tei//*[local-name() = $html:name-elements][@ref]
        [html:kind(.) = $kind] ! html:ref-id(.)[.])"/>
  </xsl:function>

  <!-- Label of a register id: its preferred name in the corpus's register. -->
  <xsl:function name="html:label" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="reg" select="$register-docs($kind)"/>
    <xsl:variable name="entry" select="if (exists($reg)) then key('html:id', $id, $reg) else ()"/>
    <xsl:sequence select="if ($entry) then html:preferred($entry) else $id"/>
  </xsl:function>

  <xsl:function name="html:year" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="d" select="html:sort-date($tei)"/>
    <xsl:sequence select="substring($d, 1, 4)[matches($d, '^\d{4}')][. ne '9999']"/>
  </xsl:function>

  <xsl:function name="html:correspondents" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="$tei/teiHeader/profileDesc/correspDesc/correspAction[@type = $type]
        /(persName | orgName | name)"/>
  </xsl:function>

  <xsl:function name="html:archive" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:for-each select="$tei/teiHeader/fileDesc/sourceDesc/msDesc/msIdentifier/(., altIdentifier)">
      <xsl:sequence select="string-join((repository ! normalize-space(),
          idno ! normalize-space()), ', ')"/>
    </xsl:for-each>
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
    <xsl:variable name="tei" select="$d?tei"/>
    <xsl:variable name="date" select="($tei/teiHeader/profileDesc/creation/date)[1]"/>
    <xsl:sequence select="map {
      'stem': $d?stem,
      'href': $d?stem || '.html',
      'id': string($tei/@xml:id),
      'title': normalize-space(html:title($tei)),
      'date': string(($date/@when, $date/@from)[1]),
      'dateText': normalize-space($date),
      'year': html:year($tei),
      'genre': string(($tei/teiHeader/profileDesc/textClass//term[@type = 'genre'])[1]),
      'sender': array { html:correspondents($tei, 'sent') ! normalize-space() },
      'addressee': array { html:correspondents($tei, 'received') ! normalize-space() },
      'languages': array { $tei/teiHeader/profileDesc/langUsage/language/string(@ident) },
      'archive': array { html:archive($tei) },
      'persons': array { html:mentioned($tei, 'person') },
      'places': array { html:mentioned($tei, 'place') },
      'orgs': array { html:mentioned($tei, 'org') }
    }"/>
  </xsl:function>

  <!-- ================================================================== -->

  <xsl:template name="html:filters">
    <form class="filters" id="filters" aria-label="Filter the documents" data-target="documents">
      <xsl:for-each select="('person', 'place', 'org')">
        <xsl:variable name="kind" select="."/>
        <xsl:variable name="ids" select="distinct-values($docs ! html:mentioned(?tei, $kind))"/>
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
                <xsl:value-of select="count($docs[html:mentioned(?tei, $kind) = $id])"/>
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
          <xsl:for-each select="distinct-values($docs ! html:year(?tei))">
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
            <xsl:variable name="tei" select="?tei"/>
            <xsl:variable name="stem" select="?stem"/>
            <xsl:variable name="date" select="($tei/teiHeader/profileDesc/creation/date)[1]"/>
            <tr data-stem="{$stem}"
                data-person="{html:mentioned($tei, 'person')}"
                data-place="{html:mentioned($tei, 'place')}"
                data-org="{html:mentioned($tei, 'org')}"
                data-year="{html:year($tei)}">
              <td class="date" data-label="Date">
                <xsl:choose>
                  <xsl:when test="$date"><xsl:apply-templates select="$date"/></xsl:when>
                  <xsl:otherwise>undated</xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="title" data-label="Document">
                <a href="{$stem}.html"><xsl:apply-templates select="html:title($tei)" mode="html:plain"/></a>
                <xsl:for-each select="($tei/teiHeader/profileDesc/textClass//term[@type = 'genre'])[1]">
                  <span class="genre"><xsl:apply-templates select="." mode="html:plain"/></span>
                </xsl:for-each>
              </td>
              <td class="corresp" data-label="From → To">
                <xsl:call-template name="html:names">
                  <xsl:with-param name="names" select="html:correspondents($tei, 'sent')"/>
                </xsl:call-template>
                <xsl:if test="$tei/teiHeader/profileDesc/correspDesc">
                  <span class="arrow" aria-hidden="true"> → </span><span class="visually-hidden"> to </span>
                </xsl:if>
                <xsl:call-template name="html:names">
                  <xsl:with-param name="names" select="html:correspondents($tei, 'received')"/>
                </xsl:call-template>
              </td>
              <td class="langs" data-label="Languages">
                <xsl:value-of select="$tei/teiHeader/profileDesc/langUsage/language
                    ! (if (normalize-space(.)) then normalize-space(.) else html:language-name(@ident))"
                    separator=", "/>
              </td>
              <td class="archive" data-label="Archive reference">
                <xsl:variable name="archive" select="html:archive($tei)"/>
                <xsl:choose>
                  <xsl:when test="exists($archive)">
                    <xsl:for-each select="$archive">
                      <span class="archival-reference"><xsl:value-of select="."/></span>
                    </xsl:for-each>
                  </xsl:when>
                  <xsl:otherwise>
                    <!-- newspapers have no archive: cite the issue instead -->
                    <xsl:variable name="bibl" select="($tei/teiHeader/fileDesc/sourceDesc/bibl)[1]"/>
                    <span class="source-ref">
                      <xsl:value-of select="string-join((
                          ($bibl/title[@level = ('j', 'm')], $bibl/publisher)[1] ! normalize-space(),
                          $bibl/biblScope[@unit = 'page'] ! ('p. ' || normalize-space())), ', ')"/>
                    </span>
                  </xsl:otherwise>
                </xsl:choose>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
    <p class="no-results" id="no-results" hidden="hidden">No document matches this choice.</p>
  </xsl:template>

  <xsl:template name="html:names">
    <xsl:param name="names" as="element()*"/>
    <xsl:for-each select="$names">
      <xsl:if test="position() gt 1">; </xsl:if>
      <xsl:apply-templates select="."/>
    </xsl:for-each>
    <xsl:if test="empty($names)">—</xsl:if>
  </xsl:template>

</xsl:stylesheet>
