<?xml version="1.0" encoding="UTF-8"?>
<!--
  One TEI document -> build/html/<stem>.html.
  Source: the document; no required parameters (see html_param.xsl); with
  $card-href, also the document's card for the corpus pages.
  The page: title, metadata panel from the header, the text (originals and
  translations in parallel), footnotes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:html="urn:x-edition:html"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:jld="urn:x-pipeline:jsonld"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="html_param.xsl"/>
  <xsl:include href="html_common.xsl"/>
  <!-- schema.org JSON-LD in each page's head, for search engines and aggregators. -->
  <xsl:include href="jsonld_common.xsl"/>

  <!--
    html-version 5 gives <!DOCTYPE html>; the content-type meta is left out
    because the shell writes <meta charset>, and two declarations are an error
    for the Nu checker.
  -->
  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
      include-content-type="no"/>

  <!--
    Where to write the document's card for the corpus pages (html:card in
    html_common.xsl): an absolute file: URI, or '' for no card. The build sets it,
    so the index and the register pages never read the whole documents.
  -->
  <xsl:param name="card-href" as="xs:string" select="''"/>
  <!-- Where to write the page's JSON-LD as a file of its own (file: URI), or '' for none. -->
  <xsl:param name="jsonld-href" as="xs:string" select="''"/>

  <!-- Computed once: the page embeds it and, on request, it is also written as a file. -->
  <xsl:variable name="jsonld" as="xs:string?" select="/TEI ! jld:document(.)"/>

  <xsl:template match="/">
    <xsl:apply-templates select="TEI" mode="html:document"/>
    <xsl:if test="$card-href and TEI">
      <xsl:result-document href="{$card-href}" method="xml" encoding="UTF-8" indent="no">
        <xsl:sequence select="html:card(TEI)"/>
      </xsl:result-document>
    </xsl:if>
    <xsl:if test="$jsonld-href and TEI">
      <xsl:result-document href="{$jsonld-href}" method="text" encoding="UTF-8">
        <xsl:value-of select="$jsonld"/>
      </xsl:result-document>
    </xsl:if>
  </xsl:template>

  <xsl:template match="TEI" mode="html:document">
    <xsl:variable name="title" select="html:title(.)"/>
    <xsl:call-template name="html:page">
      <xsl:with-param name="title" select="normalize-space($title)"/>
      <xsl:with-param name="page-class" select="'page document'"/>
      <xsl:with-param name="description" select="(teiHeader/profileDesc/abstract, $title)[1]"/>
      <xsl:with-param name="head-extra">
        <script type="application/ld+json"><xsl:value-of select="$jsonld"/></script>
      </xsl:with-param>
      <xsl:with-param name="content">
        <article>
          <xsl:if test="@xml:id">
            <xsl:attribute name="id" select="@xml:id"/>
          </xsl:if>
          <header class="doc-header">
            <p class="doc-kicker">
              <xsl:value-of select="string-join((
                  teiHeader/profileDesc/textClass//term[@type = 'genre'] ! normalize-space(),
                  (teiHeader/profileDesc/creation/date)[1] ! normalize-space()), ' · ')"/>
            </p>
            <h1><xsl:apply-templates select="$title/node()"/></h1>
          </header>
          <xsl:apply-templates select="teiHeader" mode="html:metadata"/>
          <section class="text" aria-labelledby="text-h">
            <h2 id="text-h" class="visually-hidden">Text</h2>
            <xsl:if test="count(text/body/div[@type = ('original', 'translation')]) gt 1">
              <div class="view-switch" role="group" aria-label="Show" hidden="hidden">
                <!-- filled and wired by edition.js; hidden without script -->
              </div>
            </xsl:if>
            <xsl:apply-templates select="text"/>
          </section>
          <xsl:call-template name="html:footnotes">
            <xsl:with-param name="notes" select="text//note"/>
          </xsl:call-template>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Metadata panel                                                      -->
  <!-- ================================================================== -->

  <xsl:template match="teiHeader" mode="html:metadata">
    <xsl:variable name="file" select="fileDesc"/>
    <xsl:variable name="profile" select="profileDesc"/>
    <xsl:variable name="bibl" select="($file/sourceDesc/bibl)[1]"/>
    <xsl:variable name="ms" select="($file/sourceDesc/msDesc/msIdentifier)[1]"/>
    <section class="metadata" aria-labelledby="metadata-h">
      <h2 id="metadata-h">About this document</h2>
      <dl>
        <xsl:for-each select="($profile/creation/date)[1]">
          <div><dt>Date</dt><dd><xsl:apply-templates select="."/></dd></div>
        </xsl:for-each>
        <xsl:for-each select="$profile/correspDesc/correspAction">
          <div>
            <dt><xsl:value-of select="if (@type = 'sent') then 'From' else if (@type = 'received') then 'To' else 'Correspondence'"/></dt>
            <dd>
              <xsl:for-each select="*">
                <xsl:if test="position() gt 1">
                  <xsl:value-of select="if (self::date or self::placeName) then ', ' else '; '"/>
                </xsl:if>
                <xsl:apply-templates select="."/>
              </xsl:for-each>
            </dd>
          </div>
        </xsl:for-each>
        <xsl:for-each select="$profile/textClass//term[@type = 'genre'][1]">
          <div><dt>Genre</dt><dd><xsl:apply-templates/></dd></div>
        </xsl:for-each>
        <!-- The languages of the text, not of the header (always English) nor 'mul'. -->
        <xsl:variable name="text-langs" select="distinct-values(/TEI/text/(@xml:lang, body/div/@xml:lang))"/>
        <xsl:variable name="languages" select="($profile/langUsage/language[@ident = $text-langs][not(@ident = 'mul')],
            $profile/langUsage/language[empty($text-langs)])"/>
        <xsl:if test="$languages">
          <div>
            <dt>Languages</dt>
            <dd>
              <xsl:for-each select="$languages">
                <xsl:if test="position() gt 1">, </xsl:if>
                <xsl:value-of select="if (normalize-space(.)) then normalize-space(.) else html:language-name(@ident)"/>
              </xsl:for-each>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="$bibl">
          <div>
            <dt>Source</dt>
            <dd><xsl:apply-templates select="$bibl" mode="html:metadata"/></dd>
          </div>
        </xsl:if>
        <xsl:for-each select="$bibl/note[@type = 'citation']">
          <div><dt>Citation</dt><dd class="citation"><xsl:apply-templates/></dd></div>
        </xsl:for-each>
        <!-- one entry per archival object: the original's archive, then copies elsewhere -->
        <xsl:for-each select="$file/sourceDesc/msDesc">
          <div>
            <dt><xsl:value-of select="if (@type = 'copy') then 'Copy' else 'Archive'"/></dt>
            <dd>
              <xsl:apply-templates select="msIdentifier" mode="html:metadata"/>
              <xsl:for-each select="msContents/msItem/locus">
                <xsl:text>, </xsl:text><span class="locus"><xsl:apply-templates/></span>
              </xsl:for-each>
              <xsl:for-each select="msContents/msItem/note[@type = 'conflict']">
                <span class="conflict"> (<xsl:apply-templates/>)</span>
              </xsl:for-each>
            </dd>
          </div>
          <xsl:for-each select="msIdentifier/altIdentifier">
            <div>
              <dt>Also identified as</dt>
              <dd><xsl:apply-templates select="." mode="html:metadata"/></dd>
            </div>
          </xsl:for-each>
        </xsl:for-each>
        <xsl:for-each select="$file/notesStmt/note">
          <div>
            <dt><xsl:value-of select="('Note', @type ! ('(' || replace(., '-', ' ') || ')'))" separator=" "/></dt>
            <dd><xsl:call-template name="html:attrs"/><xsl:apply-templates/></dd>
          </div>
        </xsl:for-each>
        <xsl:for-each select="$profile/abstract">
          <div class="summary">
            <dt>Summary</dt>
            <dd>
              <xsl:call-template name="html:attrs"/>
              <xsl:apply-templates/>
            </dd>
          </div>
        </xsl:for-each>
        <xsl:for-each select="$file/publicationStmt/availability">
          <div class="rights-row">
            <dt>Rights</dt>
            <dd class="rights">
              <xsl:for-each select="licence">
                <p class="licence">
                  <xsl:choose>
                    <xsl:when test="exists(html:safe-href(@target))">
                      <a href="{html:safe-href(@target)}" rel="license"><xsl:apply-templates/></a>
                    </xsl:when>
                    <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
                  </xsl:choose>
                </p>
              </xsl:for-each>
              <!-- the sources' rights statements run long: folded, one click away -->
              <xsl:if test="p">
                <details>
                  <summary>Rights of the source<xsl:value-of select="@status ! (' (' || . || ')')"/></summary>
                  <xsl:for-each select="p">
                    <p><xsl:call-template name="html:attrs"/><xsl:apply-templates/></p>
                  </xsl:for-each>
                </details>
              </xsl:if>
            </dd>
          </div>
        </xsl:for-each>
        <xsl:for-each select="($file/publicationStmt/idno[@type = 'edition'])[1]">
          <div>
            <dt>Edition ID</dt>
            <dd><code><xsl:value-of select="."/></code>
              <xsl:for-each select="../date[1]"> (encoded <xsl:apply-templates select="."/>)</xsl:for-each>
            </dd>
          </div>
        </xsl:for-each>
      </dl>
    </section>
  </xsl:template>

  <!-- Source: title, publisher, date, scope, record id, link to the source. -->
  <xsl:template match="bibl" mode="html:metadata">
    <xsl:variable name="parts" as="item()*">
      <xsl:for-each select="title">
        <cite><xsl:call-template name="html:attrs"/><xsl:apply-templates/></cite>
      </xsl:for-each>
      <xsl:for-each select="author | editor | publisher | pubPlace">
        <span class="{local-name()}"><xsl:apply-templates/></span>
      </xsl:for-each>
      <xsl:for-each select="date">
        <xsl:apply-templates select="."/>
      </xsl:for-each>
      <xsl:for-each select="biblScope">
        <span class="biblScope">
          <xsl:value-of select="if (@unit = 'page' and not(matches(., '\D'))) then 'p. ' else ''"/>
          <xsl:apply-templates/>
        </span>
      </xsl:for-each>
      <xsl:for-each select="idno">
        <span class="idno" title="{replace(string(@type), '-', ' ')}">
          <xsl:value-of select="if (@type = 'record-id') then 'record ' else ''"/>
          <xsl:apply-templates/>
        </span>
      </xsl:for-each>
    </xsl:variable>
    <xsl:for-each select="$parts">
      <xsl:if test="position() gt 1">, </xsl:if>
      <xsl:sequence select="."/>
    </xsl:for-each>
    <xsl:text>.</xsl:text>
    <xsl:for-each select="ref[exists(html:safe-href(@target))]">
      <xsl:text> </xsl:text>
      <a class="source-link" href="{@target}">View the source<span class="visually-hidden">: <xsl:value-of select="@target"/></span></a>
    </xsl:for-each>
  </xsl:template>

  <!-- Repository (linked to the register) and the archival reference. -->
  <!-- Repository (linked to the register), its place, the collection levels and the file. -->
  <xsl:template match="msIdentifier | altIdentifier" mode="html:metadata">
    <xsl:for-each select="(repository, settlement, institution)">
      <xsl:if test="position() gt 1"><xsl:text>, </xsl:text></xsl:if>
      <xsl:apply-templates select="."/>
    </xsl:for-each>
    <xsl:for-each select="collection | idno">
      <xsl:text>, </xsl:text>
      <span class="archival-level {@type}"><xsl:apply-templates mode="html:metadata"/></span>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="idno" mode="html:metadata">
    <span class="archival-reference">
      <xsl:apply-templates mode="html:metadata"/>
    </span>
  </xsl:template>

  <!-- "Fond 3": the level's name on hover, the value as the source writes it. -->
  <xsl:template match="idno/idno" mode="html:metadata">
    <span class="idno idno-{@type}" title="{string-join((($html:archival-labels(string(@type)), @type)[1], @n), ' ')}">
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="text()" mode="html:metadata">
    <xsl:call-template name="html:text"/>
  </xsl:template>

</xsl:stylesheet>
