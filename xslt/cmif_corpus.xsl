<?xml version="1.0" encoding="UTF-8"?>
<!--
  cmif_corpus.xsl: the edition corpus (tei/edition.xml, a teiCorpus of every
  document) -> a Correspondence Metadata Interchange Format file (CMIF v2,
  https://github.com/TEI-Correspondence-SIG/CMIF), valid against tei_all.

  Only letters and telegrams (textClass genre "letter" or "telegram") that have a
  correspDesc become a correspDesc here. Persons and organisations get @ref: the
  Wikidata or VIAF URI of their register entry when the register has one, else the
  edition's own URI of the entry (base-url || "tei/persons.xml#pers-…"); places
  likewise. Names are the register's preferred forms. A correspAction part that
  is not a name of a person, organisation or place (e.g. a bare <name>) is left
  out rather than guessed at.

  Parameters: base-url (ending in "/"), edition-title, editor-name, editor-email,
  date (YYYY-MM-DD of publication), cmif-url (where this file is published),
  stems ("doc-id=stem …": the page of a letter is base-url || "html/" || stem || ".html").
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

  <xsl:variable name="letter-genres" select="('letter', 'telegram')"/>

  <xsl:function name="f:entry" as="element()?">
    <xsl:param name="ptr" as="attribute()?"/>
    <xsl:variable name="file" select="substring-before($ptr, '#')"/>
    <xsl:variable name="id" select="substring-after($ptr, '#')"/>
    <xsl:variable name="uri" select="if ($file) then resolve-uri($file, base-uri($ptr/..)) else ()"/>
    <xsl:sequence select="if ($ptr and $id and $uri and doc-available($uri))
                          then doc($uri)//*[@xml:id = $id][1] else ()"/>
  </xsl:function>

  <!-- Authority URI of a name: Wikidata/VIAF if the register has it, else the register entry. -->
  <xsl:function name="f:uri" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="entry" select="f:entry($el/@ref)"/>
    <xsl:variable name="wd" select="$entry/idno[@type = 'wikidata'][normalize-space()][1]"/>
    <xsl:variable name="viaf" select="$entry/idno[@type = 'viaf'][normalize-space()][1]"/>
    <xsl:sequence select="
        if ($wd) then (if (starts-with($wd, 'http')) then normalize-space($wd) else 'http://www.wikidata.org/entity/' || normalize-space($wd))
        else if ($viaf) then (if (starts-with($viaf, 'http')) then normalize-space($viaf) else 'http://viaf.org/viaf/' || normalize-space($viaf))
        else if ($entry) then $base-url || 'tei/' || substring-before($el/@ref, '#') || '#' || $entry/@xml:id
        else ()"/>
  </xsl:function>

  <xsl:function name="f:name" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="names" select="f:entry($el/@ref)/(persName | placeName | orgName)"/>
    <xsl:sequence select="normalize-space(($names[@type = 'preferred'], $names, $el)[1])"/>
  </xsl:function>

  <!-- "doc-id=stem doc-id=stem": the HTML page of a document is html/<stem>.html -->
  <xsl:param name="stems" as="xs:string" select="''"/>
  <xsl:variable name="stem-of" as="map(xs:string, xs:string)" select="map:merge(
      tokenize($stems)[contains(., '=')] ! map{substring-before(., '='): substring-after(., '=')})"/>

  <xsl:function name="f:doc-url" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="stem" select="($stem-of(string($tei/@xml:id)), string($tei/@xml:id))[1]"/>
    <xsl:sequence select="$base-url || 'html/' || $stem || '.html'"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:variable name="letters" select="//TEI[teiHeader/profileDesc/correspDesc/correspAction[f:usable(.)]]
        [teiHeader/profileDesc/textClass//term[@type = 'genre'][lower-case(normalize-space()) = $letter-genres]]"/>
    <TEI>
      <teiHeader>
        <fileDesc>
          <titleStmt>
            <title><xsl:value-of select="$edition-title"/>: letters and telegrams</title>
            <editor><xsl:value-of select="$editor-name"/> <email><xsl:value-of select="$editor-email"/></email></editor>
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
            <xsl:for-each select="$letters">
              <bibl type="online" xml:id="{f:bibl-id(.)}">
                <xsl:value-of select="normalize-space((teiHeader/fileDesc/titleStmt/title[@type = 'main'], teiHeader/fileDesc/titleStmt/title)[1])"/>
                <xsl:text>. </xsl:text>
                <xsl:value-of select="$edition-title"/>
                <xsl:text>. </xsl:text>
                <ref target="{f:doc-url(.)}"><xsl:value-of select="f:doc-url(.)"/></ref>
              </bibl>
            </xsl:for-each>
            <xsl:if test="empty($letters)">
              <bibl type="online"><xsl:value-of select="$edition-title"/>. <ref target="{$base-url}"><xsl:value-of select="$base-url"/></ref></bibl>
            </xsl:if>
          </sourceDesc>
        </fileDesc>
        <profileDesc>
          <xsl:for-each select="$letters">
            <xsl:variable name="tei" select="."/>
            <xsl:for-each select="teiHeader/profileDesc/correspDesc">
              <correspDesc ref="{f:doc-url($tei)}" source="#{f:bibl-id($tei)}">
                <xsl:apply-templates select="correspAction[f:usable(.)]"/>
              </correspDesc>
            </xsl:for-each>
          </xsl:for-each>
        </profileDesc>
      </teiHeader>
      <text>
        <body>
          <p/>
        </body>
      </text>
    </TEI>
  </xsl:template>

  <xsl:function name="f:bibl-id" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:sequence select="'bibl-' || ($tei/@xml:id, generate-id($tei))[1]"/>
  </xsl:function>

  <!-- An action with nothing CMIF can carry (only a bare <name>, say) is left out. -->
  <xsl:function name="f:usable" as="xs:boolean">
    <xsl:param name="action" as="element(correspAction)"/>
    <xsl:sequence select="exists($action/(persName | orgName | placeName | date[@when | @from | @to | @notBefore | @notAfter]))"/>
  </xsl:function>

  <xsl:template match="correspAction">
    <correspAction type="{@type}">
      <xsl:for-each select="persName | orgName | placeName">
        <xsl:element name="{local-name()}" namespace="http://www.tei-c.org/ns/1.0">
          <xsl:for-each select="f:uri(.)">
            <xsl:attribute name="ref" select="."/>
          </xsl:for-each>
          <xsl:value-of select="f:name(.)"/>
        </xsl:element>
      </xsl:for-each>
      <xsl:for-each select="date[@when | @from | @to | @notBefore | @notAfter]">
        <date>
          <xsl:copy-of select="@when | @from | @to | @notBefore | @notAfter"/>
          <xsl:value-of select="normalize-space()"/>
        </date>
      </xsl:for-each>
    </correspAction>
  </xsl:template>

</xsl:stylesheet>
