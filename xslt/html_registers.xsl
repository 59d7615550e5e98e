<?xml version="1.0" encoding="UTF-8"?>
<!--
  Summary -> registers.html (principal output) and, via xsl:result-document into
  $out-dir, persons.html, places.html, organisations.html (with their JSON-LD);
  into $shell-dir, the shells of the entries' own pages.
  Source: build/.work/summary.xml (see html_index.xsl): the registers and, per
  entry, the number of documents that name it. Nothing here reads a document.

  A register page describes every entry (preferred name, life dates and facts,
  the other forms by language, notes, external identifiers) and links to the
  entry's page, persons/<id>.html, which lists the passages where it occurs, in
  chronological order, $entry-page-size documents a page (persons/<id>-2.html …),
  so no page grows without bound with the edition. Those lists are filled in by
  pipeline/corpus.py where the comment "slot:rows" stands, from the documents'
  fragments (html:card-fragments); $shell-dir/entries.xml says which documents
  go on which page:
    <entries><page entry="pers-…" href="persons/pers-….html" first="1" last="100"/>…</entries>
  A register page keeps an element with the entry's id, so links to
  persons.html#pers-… keep landing.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:html="urn:x-edition:html"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:jld="urn:x-pipeline:jsonld"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="html_param.xsl"/>
  <xsl:include href="html_common.xsl"/>
  <!-- Each register page describes its entries as schema.org JSON-LD in its head. -->
  <xsl:include href="jsonld_common.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
      include-content-type="no"/>

  <!-- Where the shells of the entries' pages go (file: URI ending in '/'); '' writes none. -->
  <xsl:param name="shell-dir" as="xs:string" select="''"/>
  <!-- Documents listed on one page of an entry. -->
  <xsl:param name="entry-page-size" as="xs:integer" select="100"/>

  <xsl:variable name="corpus" select="/Q{}corpus"/>

  <!-- Register id -> number of documents that name it (a pointer with @ref, text or header). -->
  <xsl:variable name="counts" as="map(xs:string, xs:integer)" select="map:merge(
      $corpus/Q{}occurs ! map { string(@id): xs:integer(@docs) })"/>

  <xsl:template match="/">
    <xsl:variable name="kinds" select="$corpus/Q{}register[doc-available(resolve-uri(@href, base-uri(.)))]"/>
    <xsl:for-each select="$kinds">
      <xsl:variable name="kind" select="string(@kind)"/>
      <xsl:result-document href="{$out-dir}{$html:registers($kind)?page}">
        <xsl:apply-templates select="doc(resolve-uri(@href, base-uri(.)))/TEI" mode="html:register">
          <xsl:with-param name="kind" select="$kind" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:result-document>
    </xsl:for-each>
    <xsl:if test="$shell-dir">
      <xsl:result-document href="{$shell-dir}entries.xml" method="xml" indent="yes">
        <entries>
          <xsl:for-each select="$kinds">
            <xsl:apply-templates select="doc(resolve-uri(@href, base-uri(.)))/TEI/text/body//*[@xml:id][persName | placeName | orgName]" mode="html:entry-pages">
              <xsl:with-param name="kind" select="string(@kind)" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:for-each>
        </entries>
      </xsl:result-document>
    </xsl:if>
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="'Registers'"/>
      <xsl:with-param name="page-class" select="'page registers'"/>
      <xsl:with-param name="content">
        <h1>Registers</h1>
        <p class="lead">Every person, place and organisation named in the documents, with the forms
          of the name found in the sources and links to each passage.</p>
        <ul class="register-list">
          <xsl:for-each select="$kinds">
            <xsl:variable name="reg" select="$html:registers(string(@kind))"/>
            <xsl:variable name="tei" select="doc(resolve-uri(@href, base-uri(.)))/TEI"/>
            <li>
              <a href="{$reg?page}"><xsl:value-of select="$reg?title"/></a>
              <span class="count"><xsl:value-of select="count($tei/text/body//*[@xml:id][persName | placeName | orgName])"/> entries</span>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The folder of a kind's entry pages, and an entry's n-th page (from build/html/). -->
  <xsl:function name="html:entry-href" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="replace($html:registers($kind)?page, '\.html$', '') || '/' || $id
        || (if ($n gt 1) then '-' || $n else '') || '.html'"/>
  </xsl:function>

  <!-- ================================================================== -->

  <xsl:template match="TEI" mode="html:register">
    <xsl:param name="kind" as="xs:string" tunnel="yes"/>
    <xsl:variable name="reg" select="$html:registers($kind)"/>
    <xsl:variable name="entries" as="element()*">
      <xsl:perform-sort select="text/body//*[@xml:id][persName | placeName | orgName]">
        <xsl:sort select="lower-case(html:preferred(.))" lang="en"/>
      </xsl:perform-sort>
    </xsl:variable>
    <xsl:variable name="graph" select="jld:json(map{'@context': 'https://schema.org',
        '@graph': array{$entries ! jld:entry-map(.)}})"/>
    <!-- The same description as a file, for harvesters that do not read HTML. -->
    <xsl:result-document href="{$out-dir}{replace($reg?page, '\.html$', '.jsonld')}" method="text" encoding="UTF-8">
      <xsl:value-of select="$graph"/>
    </xsl:result-document>
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="$reg?title"/>
      <xsl:with-param name="page-class" select="'page register register-' || $kind"/>
      <xsl:with-param name="description" select="'Register of ' || lower-case($reg?title) || ' of the ' || $site-title"/>
      <xsl:with-param name="head-extra">
        <script type="application/ld+json">
          <xsl:value-of select="$graph"/>
        </script>
      </xsl:with-param>
      <xsl:with-param name="content">
        <h1><xsl:value-of select="$reg?title"/></h1>
        <p class="lead"><xsl:value-of select="count($entries)"/> entries.
          Each lists the forms of the name in the sources and the passages where it occurs.</p>
        <nav class="alphabet" aria-label="Initial letters">
          <ul>
            <xsl:for-each-group select="$entries" group-by="upper-case(substring(html:preferred(.), 1, 1))">
              <li><a href="#{current-group()[1]/@xml:id}"><xsl:value-of select="current-grouping-key()"/></a></li>
            </xsl:for-each-group>
          </ul>
        </nav>
        <form class="filters entry-filter" aria-label="Filter the entries">
          <div class="field field-text">
            <label for="filter-entries">Find a name</label>
            <input type="search" id="filter-entries" data-filter-entries="entries" placeholder="any form, any language"/>
          </div>
        </form>
        <div class="entries" id="entries">
          <xsl:apply-templates select="$entries" mode="html:register"/>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="*[@xml:id][persName | placeName | orgName]" mode="html:register">
    <xsl:param name="kind" as="xs:string" tunnel="yes"/>
    <xsl:variable name="id" select="string(@xml:id)"/>
    <xsl:variable name="names" select="persName | placeName | orgName"/>
    <xsl:variable name="preferred" select="($names[@type = 'preferred'], $names)[1]"/>
    <xsl:variable name="docs" select="($counts($id), 0)[1]"/>
    <article class="entry {$html:registers($kind)?class}" id="{$id}"
        data-search="{lower-case(string-join($names ! normalize-space(), ' | '))}">
      <h2>
        <xsl:if test="$preferred/@xml:lang"><xsl:attribute name="lang" select="$preferred/@xml:lang"/></xsl:if>
        <xsl:apply-templates select="$preferred/node()"/>
      </h2>
      <xsl:call-template name="html:facts"/>
      <dl class="entry-data">
        <xsl:call-template name="html:entry-data"/>
        <div>
          <dt>Occurs in</dt>
          <dd>
            <xsl:choose>
              <xsl:when test="$docs eq 0">
                <p class="none">Not yet named in the edition's documents.</p>
              </xsl:when>
              <xsl:otherwise>
                <a class="occurrences-link" href="{html:entry-href($kind, $id, 1)}">
                  <xsl:value-of select="$docs, if ($docs eq 1) then 'document' else 'documents'"/>
                </a>
              </xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
      </dl>
    </article>
  </xsl:template>

  <!-- Other forms, notes, identifiers of an entry (dl rows), on the register page and the entry's page. -->
  <xsl:template name="html:entry-data">
    <xsl:variable name="names" select="persName | placeName | orgName"/>
    <xsl:variable name="preferred" select="($names[@type = 'preferred'], $names)[1]"/>
    <xsl:variable name="others" select="$names except $preferred"/>
        <xsl:if test="$others">
          <div>
            <dt>Other forms</dt>
            <dd>
              <ul class="forms">
                <xsl:for-each-group select="$others" group-by="html:lang(.)">
                  <xsl:sort select="if (current-grouping-key() = $site-lang) then 0 else 1"/>
                  <xsl:sort select="html:language-name(current-grouping-key())"/>
                  <li>
                    <span class="form-lang"><xsl:value-of select="html:language-name(current-grouping-key())"/>:</span>
                    <xsl:text> </xsl:text>
                    <xsl:for-each select="current-group()">
                      <xsl:if test="position() gt 1">, </xsl:if>
                      <span class="form" lang="{html:lang(.)}"><xsl:apply-templates/></span>
                      <xsl:if test="@type and @type ne 'variant'">
                        <xsl:text> </xsl:text>
                        <span class="form-type">(<xsl:value-of select="($html:form-labels(string(@type)), @type)[1]"/>)</span>
                      </xsl:if>
                    </xsl:for-each>
                  </li>
                </xsl:for-each-group>
              </ul>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="note">
          <div>
            <dt>Notes</dt>
            <dd>
              <xsl:for-each select="note">
                <p><xsl:call-template name="html:attrs"/><xsl:apply-templates/></p>
              </xsl:for-each>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="idno">
          <div>
            <dt>Identifiers</dt>
            <dd>
              <xsl:for-each select="idno">
                <xsl:if test="position() gt 1">, </xsl:if>
                <xsl:choose>
                  <xsl:when test="@type = 'wikidata'">
                    <a href="https://www.wikidata.org/wiki/{normalize-space(.)}">Wikidata <xsl:value-of select="normalize-space(.)"/></a>
                  </xsl:when>
                  <xsl:when test="@type = 'geonames'">
                    <a href="https://www.geonames.org/{normalize-space(.)}">GeoNames <xsl:value-of select="normalize-space(.)"/></a>
                  </xsl:when>
                  <xsl:when test="matches(., '^https?://')">
                    <a href="{normalize-space(.)}"><xsl:value-of select="(@type, 'link')[1]"/></a>
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:value-of select="string-join((@type, normalize-space(.)), ' ')"/>
                  </xsl:otherwise>
                </xsl:choose>
              </xsl:for-each>
            </dd>
          </div>
        </xsl:if>
  </xsl:template>

  <!--
    The shells of an entry's pages: one per $entry-page-size documents, each with
    the comment slot:rows where its list goes; returns their <page/> records.
  -->
  <xsl:template match="*[@xml:id][persName | placeName | orgName]" mode="html:entry-pages">
    <xsl:param name="kind" as="xs:string" tunnel="yes"/>
    <xsl:variable name="id" select="string(@xml:id)"/>
    <xsl:variable name="entry" select="."/>
    <xsl:variable name="reg" select="$html:registers($kind)"/>
    <xsl:variable name="names" select="persName | placeName | orgName"/>
    <xsl:variable name="preferred" select="($names[@type = 'preferred'], $names)[1]"/>
    <xsl:variable name="docs" select="($counts($id), 0)[1]"/>
    <xsl:variable name="pages" select="max((1, xs:integer(ceiling($docs div $entry-page-size))))"/>
    <xsl:for-each select="1 to $pages">
      <xsl:variable name="n" select="."/>
      <xsl:variable name="href" select="html:entry-href($kind, $id, $n)"/>
      <xsl:variable name="first" select="($n - 1) * $entry-page-size + 1"/>
      <xsl:variable name="last" select="min(($n * $entry-page-size, $docs))"/>
      <page entry="{$id}" href="{$href}" first="{$first}" last="{$last}"/>
      <xsl:result-document href="{$shell-dir}{$href}">
        <xsl:for-each select="$entry">
          <xsl:call-template name="html:page">
            <xsl:with-param name="root" select="'../'"/>
            <xsl:with-param name="title" select="html:preferred(.) || (if ($pages gt 1) then ' (' || $n || '/' || $pages || ')' else '')"/>
            <xsl:with-param name="page-class" select="'page entry-page register-' || $kind"/>
            <xsl:with-param name="description" select="html:preferred(.) || ': where the ' || $reg?singular || ' is named in the documents of the ' || $site-title"/>
            <xsl:with-param name="content">
              <p class="breadcrumb"><a href="../{$reg?page}#{$id}"><xsl:value-of select="$reg?title"/></a></p>
              <article class="entry {$reg?class}" id="{$id}">
                <h1>
                  <xsl:if test="$preferred/@xml:lang"><xsl:attribute name="lang" select="$preferred/@xml:lang"/></xsl:if>
                  <xsl:apply-templates select="$preferred/node()"/>
                </h1>
                <xsl:call-template name="html:facts"/>
                <dl class="entry-data">
                  <xsl:call-template name="html:entry-data"/>
                </dl>
                <section class="occurs" aria-labelledby="occurs-h">
                  <h2 id="occurs-h">
                    <xsl:value-of select="'Named in', $docs, if ($docs eq 1) then 'document' else 'documents'"/>
                    <xsl:if test="$pages gt 1">
                      <xsl:value-of select="' (' || $first || '–' || $last || ')'"/>
                    </xsl:if>
                  </h2>
                  <xsl:if test="$pages gt 1">
                    <nav class="pages" aria-label="Pages of this list">
                      <ul>
                        <xsl:for-each select="1 to $pages">
                          <li>
                            <a href="../{html:entry-href($kind, $id, .)}">
                              <xsl:if test=". eq $n"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                              <xsl:value-of select="."/>
                            </a>
                          </li>
                        </xsl:for-each>
                      </ul>
                    </nav>
                  </xsl:if>
                  <xsl:choose>
                    <xsl:when test="$docs eq 0">
                      <p class="none">Not yet named in the edition's documents.</p>
                    </xsl:when>
                    <xsl:otherwise>
                      <ul class="occurrences"><xsl:comment>slot:rows</xsl:comment></ul>
                    </xsl:otherwise>
                  </xsl:choose>
                </section>
              </article>
            </xsl:with-param>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:result-document>
    </xsl:for-each>
  </xsl:template>

  <!-- Life dates, occupation, country: one line under the name. -->
  <xsl:template name="html:facts">
    <xsl:variable name="life" as="node()*">
      <xsl:if test="birth or death">
        <span class="life">
          <xsl:apply-templates select="birth" mode="html:life"/>
          <xsl:text>–</xsl:text>
          <xsl:apply-templates select="death" mode="html:life"/>
        </span>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="facts" as="node()*">
      <xsl:sequence select="$life"/>
      <xsl:for-each select="occupation | country | region | settlement[not(placeName)] | location/country">
        <span class="{local-name()}"><xsl:call-template name="html:attrs"/><xsl:apply-templates/></span>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="exists($facts)">
      <p class="facts">
        <xsl:for-each select="$facts">
          <xsl:if test="position() gt 1"> · </xsl:if>
          <xsl:sequence select="."/>
        </xsl:for-each>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:template match="birth | death" mode="html:life">
    <xsl:variable name="value" select="(@when, @notBefore, @notAfter)[1]"/>
    <xsl:variable name="datetime" select="html:datetime($value)"/>
    <xsl:choose>
      <xsl:when test="exists($datetime)">
        <time datetime="{$datetime}" title="{local-name()} {$value}">
          <xsl:value-of select="if (normalize-space(.)) then normalize-space(.) else substring($value, 1, 4)"/>
        </time>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
