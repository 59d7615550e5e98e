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

  <xsl:variable name="corpus" select="/Q{}corpus"/>

  <!-- Register id -> preferred name, for the facets' labels (the index stores the ids). -->
  <xsl:variable name="labels" as="map(*)">
    <xsl:map>
      <xsl:for-each select="$corpus/Q{}register[doc-available(resolve-uri(@href, base-uri(.)))]">
        <xsl:for-each select="doc(resolve-uri(@href, base-uri(.)))/TEI/text/body//*[@xml:id][persName | placeName | orgName]">
          <xsl:map-entry key="string(@xml:id)" select="html:preferred(.)"/>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <xsl:template match="/">
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="'Search'"/>
      <xsl:with-param name="page-class" select="'page search'"/>
      <xsl:with-param name="description" select="'Search the texts of the ' || $site-title"/>
      <xsl:with-param name="head-extra">
        <script src="{$assets}search.js" defer="defer"></script>
        <script type="application/json" id="search-labels"><xsl:value-of select="serialize($labels, map { 'method': 'json' })"/></script>
      </xsl:with-param>
      <xsl:with-param name="content">
        <h1>Search</h1>
        <p class="lead">Search the <xsl:value-of select="($corpus/@documents, 0)[1]"/> documents and the
          registers. English words search the translations and the descriptions, Russian words the
          Russian texts, Chinese words the Chinese texts (each with its own rules: <span lang="ru">«Корея»</span> also finds
          <span lang="ru">«Кореи»</span>). Narrow the results by person, place, organisation, year, genre, language or archive.</p>
        <noscript><p class="notice">The search runs in your browser and needs JavaScript.
          The <a href="index.html">list of documents</a> and the registers work without it.</p></noscript>
        <p class="notice" id="search-needs-server" hidden="hidden">Search needs a web server. This page was
          opened from the file system, where browsers do not let a page load its search index. Serve the
          folder <code>build/html</code> (for example with <code>pipeline serve</code>, or any static web
          server) and open <code>search.html</code> from there. The rest of the edition works from the
          file system.</p>
        <form class="search-form" id="search-form" role="search" action="search.html" method="get"
            aria-label="Search the edition">
          <div class="field field-text">
            <label for="search-q">Words</label>
            <input type="search" id="search-q" name="q" autocomplete="off" spellcheck="false"
                placeholder="Panmunjom, Корея, 停战 …"/>
          </div>
          <div class="field">
            <label for="search-sort">Order</label>
            <select id="search-sort" name="sort">
              <option value="">Best match</option>
              <option value="date">Date, oldest first</option>
              <option value="date-desc">Date, newest first</option>
            </select>
          </div>
          <div class="field field-actions">
            <button type="submit">Search</button>
          </div>
        </form>
        <div class="search-layout">
          <section class="results" aria-labelledby="results-h">
            <h2 id="results-h">Results</h2>
            <p class="search-status" id="search-status" role="status" aria-live="polite"></p>
            <ol class="search-results" id="search-results"></ol>
            <button type="button" class="search-more" id="search-more" hidden="hidden">More results</button>
          </section>
          <section class="facets" aria-labelledby="facets-h">
            <h2 id="facets-h">Narrow the results</h2>
            <div id="search-facets"></div>
          </section>
        </div>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
