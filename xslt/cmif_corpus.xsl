<?xml version="1.0" encoding="UTF-8"?>
<!--
  cmif_corpus.xsl: the edition corpus (tei/edition.xml, a teiCorpus of every
  document) -> a Correspondence Metadata Interchange Format file, CMIF 1.1.0
  (2025-02-26, https://github.com/TEI-Correspondence-SIG/CMIF), valid against the
  official schema/cmi-customization.rng and schema/cmif.sch (tests/test_cmif.py).

  What is a letter: every correspDesc of a document's profileDesc (letters and
  telegrams, and the letters an article or a report quotes), except drafts
  (correspDesc type="draft"): CMIF records letters that were sent, and a draft's
  sending is not attested. A correspDesc with no name and no date is left out.

  - sourceDesc: one bibl per document that contributes a letter, xml:id = the
    document's UUID (publicationStmt/idno[@type='UUID'], stable across builds and
    letter-initial, as an xml:id must be); correspDesc/@source points at it.
  - correspDesc/@ref: the document's page; for a letter that is part of a document
    (a letter or enclosure quoted in it) the page and the anchor of its division.
  - correspAction: always one "sent" and one "received" (CMIF's Schematron requires
    both), holding only persName, orgName, placeName and date. A side the source does
    not name is persName "Unknown", as the CMIF documentation asks.
  - Names: the register's preferred form ("Surname, Forename" when the preferred name
    marks a forename before the surname, "Mao Zedong" as it is); @ref only with an authority URI the register gives (Wikidata, VIAF,
    GND, GeoNames): the edition's own register URIs are not authority files. An
    unregistered name is given as the text has it.
  - @cert: CMIF allows only "low" (the attribution is uncertain): any certainty below
    "high" becomes "low". Dates: CMIF takes YYYY, YYYY-MM or YYYY-MM-DD; a date with a
    time keeps the day in @when and the source's words as its text.

  Parameters: base-url (ending in "/"), edition-title, editor-name, editor-email,
  date (of publication: xs:date or xs:dateTime), cmif-url (where this file is
  published), stems ("doc-id=stem …": the page of a document is
  base-url || "html/" || stem || ".html").
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-pipeline:cmif"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns="http://www.tei-c.org/ns/1.0"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:param name="base-url" as="xs:string" select="'https://armistice-edition.example.org/'"/>
  <xsl:param name="edition-title" as="xs:string" select="'Korean War Armistice Digital Edition'"/>
  <xsl:param name="editor-name" as="xs:string" select="$edition-title"/>
  <xsl:param name="editor-email" as="xs:string" select="'editors@armistice-edition.example.org'"/>
  <xsl:param name="date" as="xs:string" select="format-date(current-date(), '[Y0001]-[M01]-[D01]')"/>
  <xsl:param name="cmif-url" as="xs:string" select="$base-url || 'metadata/cmif.xml'"/>
  <!-- "doc-id=stem doc-id=stem": the HTML page of a document is html/<stem>.html -->
  <xsl:param name="stems" as="xs:string" select="''"/>

  <xsl:variable name="stem-of" as="map(xs:string, xs:string)" select="map:merge(
      tokenize($stems)[contains(., '=')] ! map{substring-before(., '='): substring-after(., '=')})"/>

  <!-- Divisions that are the document itself: a letter pointed at by one of them is the page. -->
  <xsl:variable name="whole-document" select="('original', 'translation', 'document')"/>

  <!-- Authority files CMIF consumers resolve, by register idno/@type, with their URI base. -->
  <xsl:variable name="authorities" as="map(xs:string, xs:string)" select="map{
      'wikidata': 'http://www.wikidata.org/entity/',
      'viaf': 'http://viaf.org/viaf/',
      'gnd': 'https://d-nb.info/gnd/',
      'geonames': 'https://www.geonames.org/'}"/>

  <xsl:template match="/">
    <xsl:variable name="letters" select="//TEI/teiHeader/profileDesc/correspDesc[f:exported(.)]"/>
    <xsl:variable name="documents" select="$letters/ancestor::TEI[1]"/>
    <TEI>
      <teiHeader>
        <fileDesc>
          <titleStmt>
            <title><xsl:value-of select="$edition-title"/>: letters and telegrams</title>
            <editor><xsl:value-of select="$editor-name"/><xsl:text> </xsl:text><email><xsl:value-of select="$editor-email"/></email></editor>
          </titleStmt>
          <publicationStmt>
            <publisher>
              <ref target="{$base-url}"><xsl:value-of select="$edition-title"/></ref>
            </publisher>
            <idno type="url"><xsl:value-of select="$cmif-url"/></idno>
            <date when="{$date}"/>
            <availability>
              <licence target="https://creativecommons.org/licenses/by/4.0/">This file is licensed under the terms of the Creative-Commons-License CC-BY 4.0</licence>
            </availability>
          </publicationStmt>
          <sourceDesc>
            <xsl:for-each select="$documents">
              <bibl type="online" xml:id="{f:bibl-id(.)}">
                <xsl:value-of select="f:title(.)"/>
                <xsl:text>. In: </xsl:text>
                <xsl:value-of select="$edition-title"/>
                <xsl:text>. </xsl:text>
                <ref target="{f:doc-url(.)}"><xsl:value-of select="f:doc-url(.)"/></ref>
              </bibl>
            </xsl:for-each>
            <xsl:if test="empty($documents)">
              <!-- CMIF requires a bibl even for an edition without letters (yet). -->
              <bibl type="online" xml:id="{f:edition-bibl-id()}">
                <xsl:value-of select="$edition-title"/>
                <xsl:text>. </xsl:text>
                <ref target="{$base-url}"><xsl:value-of select="$base-url"/></ref>
              </bibl>
            </xsl:if>
          </sourceDesc>
        </fileDesc>
        <profileDesc>
          <xsl:apply-templates select="$letters"/>
        </profileDesc>
      </teiHeader>
      <text>
        <body>
          <p/>
        </body>
      </text>
    </TEI>
  </xsl:template>

  <!-- ============================================================ letters -->

  <xsl:function name="f:exported" as="xs:boolean">
    <xsl:param name="desc" as="element(correspDesc)"/>
    <xsl:sequence select="not($desc/@type = 'draft')
        and exists($desc/correspAction/(persName | orgName | placeName | date[f:dated(.)]))"/>
  </xsl:function>

  <xsl:template match="correspDesc">
    <xsl:variable name="tei" select="ancestor::TEI[1]"/>
    <xsl:variable name="here" select="."/>
    <correspDesc ref="{f:letter-url($tei, .)}" source="#{f:bibl-id($tei)}">
      <xsl:for-each select="'sent', 'received'">
        <xsl:variable name="type" select="."/>
        <xsl:variable name="actions" select="$here/correspAction[@type = $type]"/>
        <correspAction type="{$type}">
          <xsl:variable name="agents" select="$actions/(persName | orgName)"/>
          <xsl:apply-templates select="$agents"/>
          <xsl:if test="empty($agents)">
            <persName>Unknown</persName>
          </xsl:if>
          <xsl:apply-templates select="$actions/placeName"/>
          <xsl:apply-templates select="($actions/date[f:dated(.)])[1]"/>
        </correspAction>
      </xsl:for-each>
    </correspDesc>
  </xsl:template>

  <xsl:template match="correspAction/persName | correspAction/orgName | correspAction/placeName">
    <xsl:element name="{local-name()}" namespace="http://www.tei-c.org/ns/1.0">
      <xsl:for-each select="f:authority(f:entry(@ref))">
        <xsl:attribute name="ref" select="."/>
      </xsl:for-each>
      <xsl:call-template name="cert"/>
      <xsl:value-of select="f:name(.)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="correspAction/date">
    <xsl:variable name="attrs" select="@when | @from | @to | @notBefore | @notAfter"/>
    <date>
      <xsl:for-each select="$attrs">
        <xsl:attribute name="{local-name()}" select="f:day(.)"/>
      </xsl:for-each>
      <xsl:call-template name="cert"/>
      <!-- Text only when the attributes lose something (a time of day). -->
      <xsl:if test="some $a in $attrs satisfies string-length($a) gt 10">
        <xsl:value-of select="normalize-space()"/>
      </xsl:if>
    </date>
  </xsl:template>

  <xsl:template name="cert">
    <xsl:if test="@cert and not(@cert = 'high')">
      <xsl:attribute name="cert" select="'low'"/>
    </xsl:if>
  </xsl:template>

  <xsl:function name="f:dated" as="xs:boolean">
    <xsl:param name="date" as="element(date)"/>
    <xsl:sequence select="exists(($date/@when, $date/@from, $date/@to, $date/@notBefore, $date/@notAfter)
        [matches(f:day(.), '^-?\d{4}(-\d{2}(-\d{2})?)?$')])"/>
  </xsl:function>

  <!-- "1951-07-03T13:55:00" -> "1951-07-03"; YYYY, YYYY-MM, YYYY-MM-DD stay as they are. -->
  <xsl:function name="f:day" as="xs:string">
    <xsl:param name="value" as="xs:string"/>
    <xsl:sequence select="replace(normalize-space($value), '^(-?\d{4}-\d{2}-\d{2})T.*$', '$1')"/>
  </xsl:function>

  <!-- ============================================================ registers -->

  <xsl:function name="f:entry" as="element()?">
    <xsl:param name="ptr" as="attribute()?"/>
    <xsl:variable name="target" select="tokenize(normalize-space($ptr))[1]"/>
    <xsl:variable name="file" select="substring-before($target, '#')"/>
    <xsl:variable name="id" select="substring-after($target, '#')"/>
    <xsl:variable name="uri" select="if ($file and not(contains($file, ':'))) then resolve-uri($file, base-uri($ptr/..)) else ()"/>
    <xsl:sequence select="if ($id and exists($uri) and doc-available($uri))
                          then doc($uri)//*[@xml:id = $id][1] else ()"/>
  </xsl:function>

  <xsl:function name="f:authority" as="xs:string?">
    <xsl:param name="entry" as="element()?"/>
    <xsl:variable name="idno" select="$entry/idno[map:contains($authorities, string(@type))][normalize-space()][1]"/>
    <xsl:sequence select="
        if (empty($idno)) then ()
        else if (matches($idno, '^https?://')) then normalize-space($idno)
        else $authorities(string($idno/@type)) || normalize-space($idno)"/>
  </xsl:function>

  <!-- The register's preferred form; "Surname, Forename" when the form puts a marked forename
       first ("Eisenhower, Dwight D."), as it stands when the surname comes first ("Mao Zedong"). -->
  <xsl:function name="f:name" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="entry" select="f:entry($el/@ref)"/>
    <xsl:variable name="names" select="$entry/(persName | placeName | orgName)"/>
    <xsl:variable name="preferred" select="($names[@type = 'preferred'], $names)[1]"/>
    <xsl:sequence select="
        if ($preferred/surname and $preferred/forename and $preferred/forename[1] &lt;&lt; $preferred/surname[1])
        then normalize-space(string-join($preferred/surname, ' ')) || ', '
             || normalize-space(string-join(($preferred/forename, $preferred/nameLink, $preferred/genName), ' '))
        else if ($preferred) then normalize-space($preferred)
        else normalize-space($el)"/>
  </xsl:function>

  <!-- ============================================================ documents -->

  <xsl:function name="f:bibl-id" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="uuid" select="normalize-space($tei/teiHeader/fileDesc/publicationStmt/idno[@type = 'UUID'][1])"/>
    <xsl:sequence select="if ($uuid castable as xs:NCName) then $uuid
                          else 'bibl-' || ($tei/@xml:id, generate-id($tei))[1]"/>
  </xsl:function>

  <xsl:function name="f:edition-bibl-id" as="xs:string">
    <xsl:sequence select="'bibl-edition'"/>
  </xsl:function>

  <xsl:function name="f:title" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="titles" select="$tei/teiHeader/fileDesc/titleStmt/title"/>
    <xsl:sequence select="normalize-space(($titles[@type = 'main'], $titles)[1])"/>
  </xsl:function>

  <xsl:function name="f:doc-url" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="stem" select="($stem-of(string($tei/@xml:id)), string($tei/@xml:id))[1]"/>
    <xsl:sequence select="$base-url || 'html/' || $stem || '.html'"/>
  </xsl:function>

  <!-- The page, or the page and the anchor of the division the letter is a part of. -->
  <xsl:function name="f:letter-url" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:param name="desc" as="element(correspDesc)"/>
    <xsl:variable name="ptr" select="'#' || $desc/@xml:id"/>
    <xsl:variable name="divs" select="$tei/text//div[@decls][$ptr = tokenize(@decls)]"/>
    <xsl:sequence select="
        if (empty($divs) or $divs/@type = $whole-document or empty($divs[1]/@xml:id)) then f:doc-url($tei)
        else f:doc-url($tei) || '#' || $divs[1]/@xml:id"/>
  </xsl:function>

</xsl:stylesheet>
