<?xml version="1.0" encoding="UTF-8"?>
<!--
  Corpus -> registers.html (principal output) and, via xsl:result-document into
  $out-dir, persons.html, places.html, organisations.html.
  Source: build/.work/corpus.xml (see html_index.xsl); the documents are read
  from their cards (html:card in html_common.xsl), never in full.

  Each entry: preferred name, life dates and facts, every other name form
  grouped by language, notes, external identifiers, and every passage where it
  occurs, linked to <stem>.html#<id of the nearest ancestor with an xml:id>
  (html:anchor, the same rule the document page follows when it writes ids).
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

  <!-- The mentions on a card (html:card): persName, placeName, orgName, repository, name with @ref. -->
  <xsl:key name="html:mention" match="Q{}m" use="tokenize(@keys)"/>

  <xsl:variable name="corpus" select="/Q{}corpus"/>

  <!-- The documents in chronological order: {stem, card}. -->
  <xsl:variable name="docs" as="map(*)*" select="html:corpus-cards($corpus)"/>

  <!-- Register id -> the documents (in order) whose cards mention it; one pass over the cards. -->
  <xsl:variable name="docs-by-id" as="map(xs:string, map(*)*)" select="map:merge(
      for $d in $docs, $id in distinct-values($d?card/Q{}m/tokenize(@keys)) return map { $id: $d },
      map { 'duplicates': 'combine' })"/>

  <!-- What a passage link's hover says about where the name stands. -->
  <xsl:variable name="html:passage-labels" as="map(xs:string, xs:string)" select="map {
      'TEI': 'document description', 'p': 'paragraph', 'ab': 'paragraph', 'head': 'heading',
      'item': 'list item', 'list': 'list', 'div': 'section', 'opener': 'opening',
      'closer': 'closing', 'note': 'note', 'quote': 'quotation', 'lg': 'verse' }"/>

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

  <!-- ================================================================== -->

  <xsl:template match="TEI" mode="html:register">
    <xsl:param name="kind" as="xs:string" tunnel="yes"/>
    <xsl:variable name="reg" select="$html:registers($kind)"/>
    <xsl:variable name="entries" as="element()*">
      <xsl:perform-sort select="text/body//*[@xml:id][persName | placeName | orgName]">
        <!-- persons by surname ("Eisenhower, Dwight D." under E), the rest by their preferred name -->
        <xsl:sort select="lower-case(normalize-space(if (persName[@type = 'preferred']/surname) then string-join((persName[@type = 'preferred']/surname, persName[@type = 'preferred']/forename), ' ') else html:preferred(.)))" lang="en"/>
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
            <xsl:for-each-group select="$entries" group-by="upper-case(substring(normalize-space(if (persName[@type = 'preferred']/surname) then string(persName[@type = 'preferred']/surname[1]) else html:preferred(.)), 1, 1))">
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
    <xsl:variable name="others" select="$names except $preferred"/>
    <article class="entry {$html:registers($kind)?class}" id="{$id}"
        data-search="{lower-case(string-join($names ! normalize-space(), ' | '))}">
      <h2>
        <xsl:if test="$preferred/@xml:lang"><xsl:attribute name="lang" select="$preferred/@xml:lang"/></xsl:if>
        <xsl:apply-templates select="$preferred/node()"/>
      </h2>
      <xsl:call-template name="html:facts"/>
      <dl class="entry-data">
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
        <div>
          <dt>Occurs in</dt>
          <dd>
            <xsl:call-template name="html:occurrences">
              <xsl:with-param name="id" select="$id"/>
            </xsl:call-template>
          </dd>
        </div>
      </dl>
    </article>
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

  <!--
    Documents in chronological order; in each, one link per passage (the
    nearest element with an id), labelled with the form(s) the passage uses.
  -->
  <xsl:template name="html:occurrences">
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="hits" as="map(*)*" select="$docs-by-id($id) ! map:put(., 'mentions', key('html:mention', $id, root(?card)))"/>
    <xsl:choose>
      <xsl:when test="empty($hits)">
        <p class="none">Not yet named in the edition's documents.</p>
      </xsl:when>
      <xsl:otherwise>
        <ul class="occurrences">
          <xsl:for-each select="$hits">
            <xsl:variable name="stem" select="?stem"/>
            <xsl:variable name="card" select="?card"/>
            <li>
              <a class="doc-link" href="{$stem}.html"><xsl:copy-of select="$card/Q{}title/node()"/></a>
              <xsl:for-each select="$card/Q{}date">
                <xsl:text> (</xsl:text><xsl:copy-of select="node()"/><xsl:text>)</xsl:text>
              </xsl:for-each>
              <xsl:text>: </xsl:text>
              <span class="passages">
                <xsl:for-each-group select="?mentions" group-by="string(@anchor)">
                  <xsl:variable name="anchor" select="current-grouping-key()"/>
                  <xsl:if test="position() gt 1">, </xsl:if>
                  <a class="passage" href="{$stem}.html{$anchor[.] ! ('#' || .)}"
                     title="{($html:passage-labels(string(@where)), 'passage')[1]}{
                        @where-lang ! (' (' || html:language-name(.) || ')')}"
                     lang="{@lang}">
                    <xsl:value-of select="distinct-values(current-group()/string())" separator=" / "/>
                  </a>
                </xsl:for-each-group>
              </span>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
