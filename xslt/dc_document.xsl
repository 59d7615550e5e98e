<?xml version="1.0" encoding="UTF-8"?>
<!--
  dc_document.xsl: the teiHeader of one TEI document -> an oai_dc record
  (OAI-PMH unqualified Dublin Core, validated against schema/oai_dc.xsd).

  Names of persons, places and organisations are the registers' preferred forms
  (the pointer "persons.xml#pers-x" is resolved against the document), so a
  harvester sees "Joseph Stalin" and not "Filippov [Stalin]". Source citations
  and archival identifiers are given as written in the header.

  Parameters: base-url (the edition's web address, ending in "/"; when given,
  the record gets the document's page as an identifier), edition-title.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:f="urn:x-pipeline:dc"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="xs tei f">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:param name="base-url" as="xs:string" select="''"/>
  <xsl:param name="edition-title" as="xs:string" select="'Korean War Armistice Digital Edition'"/>

  <!-- The register entry a pointer such as "persons.xml#pers-stalin" names, or (). -->
  <xsl:function name="f:entry" as="element()?">
    <xsl:param name="ptr" as="attribute()?"/>
    <xsl:variable name="file" select="substring-before($ptr, '#')"/>
    <xsl:variable name="id" select="substring-after($ptr, '#')"/>
    <xsl:variable name="uri" select="if ($file) then resolve-uri($file, base-uri($ptr/..)) else ()"/>
    <xsl:sequence select="if ($ptr and $id and $uri and doc-available($uri))
                          then doc($uri)//*[@xml:id = $id][1] else ()"/>
  </xsl:function>

  <!-- Preferred name of the entry the element points at, else its own text. -->
  <xsl:function name="f:name" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="entry" select="f:entry($el/@ref)"/>
    <xsl:variable name="names" select="$entry/(persName | placeName | orgName)"/>
    <xsl:sequence select="normalize-space(($names[@type = 'preferred'], $names, $el)[1])"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:apply-templates select="TEI"/>
  </xsl:template>

  <xsl:template match="TEI">
    <xsl:variable name="h" select="teiHeader"/>
    <xsl:variable name="bibl" select="$h/fileDesc/sourceDesc/bibl[1]"/>
    <xsl:variable name="lang" select="(@xml:lang, 'en')[1]"/>
    <oai_dc:dc xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <dc:title xml:lang="{$lang}">
        <xsl:value-of select="normalize-space(($h/fileDesc/titleStmt/title[@type = 'main'], $h/fileDesc/titleStmt/title)[1])"/>
      </dc:title>

      <!-- creator: the sender(s) of a letter or telegram, and authors of the source -->
      <xsl:for-each-group group-by="."
          select="($h/profileDesc/correspDesc/correspAction[@type = 'sent']/(persName | orgName),
                   $h/fileDesc/titleStmt/author, $bibl/author) ! f:name(.)">
        <dc:creator><xsl:value-of select="current-grouping-key()"/></dc:creator>
      </xsl:for-each-group>

      <!-- subject: genre, then everyone and everything the document names -->
      <xsl:for-each select="distinct-values($h/profileDesc/textClass//term ! normalize-space())">
        <dc:subject><xsl:value-of select="."/></dc:subject>
      </xsl:for-each>
      <xsl:for-each-group group-by="."
          select="(($h/profileDesc, text)//(persName | placeName | orgName)[@ref]) ! f:name(.)">
        <dc:subject><xsl:value-of select="current-grouping-key()"/></dc:subject>
      </xsl:for-each-group>

      <xsl:for-each select="$h/profileDesc/abstract">
        <dc:description xml:lang="{(@xml:lang, $lang)[1]}">
          <xsl:value-of select="normalize-space(string-join(.//p ! string(), ' '))"/>
        </dc:description>
      </xsl:for-each>

      <xsl:for-each select="$h/fileDesc/publicationStmt/publisher">
        <dc:publisher><xsl:value-of select="normalize-space()"/></dc:publisher>
      </xsl:for-each>

      <xsl:for-each-group group-by="."
          select="($bibl/respStmt/(persName | orgName | name), $h/fileDesc/titleStmt/(editor | funder)) ! normalize-space()">
        <dc:contributor><xsl:value-of select="current-grouping-key()"/></dc:contributor>
      </xsl:for-each-group>

      <xsl:for-each select="($h/profileDesc/creation/date/(@when, @from, @notBefore))[1]">
        <dc:date><xsl:value-of select="."/></dc:date>
      </xsl:for-each>

      <dc:type>Text</dc:type>
      <dc:format>application/tei+xml</dc:format>

      <xsl:for-each select="$h/fileDesc/publicationStmt/idno[normalize-space()]">
        <dc:identifier><xsl:value-of select="normalize-space()"/></dc:identifier>
      </xsl:for-each>
      <xsl:if test="$base-url and @xml:id">
        <dc:identifier><xsl:value-of select="$base-url || 'html/' || replace(tokenize(base-uri(.), '/')[last()], '\.xml$', '.html')"/></dc:identifier>
      </xsl:if>
      <xsl:for-each select="distinct-values($bibl/ref/@target)">
        <dc:identifier><xsl:value-of select="."/></dc:identifier>
      </xsl:for-each>
      <xsl:for-each select="$bibl/idno[normalize-space()]">
        <dc:identifier><xsl:value-of select="string-join((@type, normalize-space()), ':')"/></dc:identifier>
      </xsl:for-each>

      <!-- source: the citation as the source gives it, else one built from the bibl;
           archival identifiers as written -->
      <xsl:choose>
        <xsl:when test="$bibl/note[@type = 'citation']">
          <dc:source><xsl:value-of select="normalize-space($bibl/note[@type = 'citation'][1])"/></dc:source>
        </xsl:when>
        <xsl:when test="$bibl">
          <dc:source>
            <xsl:value-of select="string-join((
                $bibl/title ! normalize-space(),
                $bibl/biblScope ! normalize-space(),
                $bibl/publisher ! normalize-space(),
                $bibl/date ! normalize-space()), ', ')"/>
          </dc:source>
        </xsl:when>
      </xsl:choose>
      <xsl:for-each select="$h/fileDesc/sourceDesc/msDesc/msIdentifier/(., altIdentifier)">
        <dc:source>
          <xsl:value-of select="string-join((repository ! normalize-space(), idno ! normalize-space()), ', ')"/>
        </dc:source>
      </xsl:for-each>

      <xsl:for-each select="distinct-values(($h/profileDesc/langUsage/language/@ident, text/@xml:lang))">
        <dc:language><xsl:value-of select="."/></dc:language>
      </xsl:for-each>

      <dc:relation><xsl:value-of select="$edition-title"/></dc:relation>
      <xsl:for-each select="$bibl/title[@level = ('m', 'j', 's')][../title[@level = 'a']]">
        <dc:relation><xsl:value-of select="normalize-space()"/></dc:relation>
      </xsl:for-each>

      <xsl:for-each select="$h/fileDesc/publicationStmt/availability">
        <xsl:for-each select="p">
          <dc:rights><xsl:value-of select="normalize-space()"/></dc:rights>
        </xsl:for-each>
        <xsl:for-each select="licence">
          <dc:rights><xsl:value-of select="normalize-space(string-join((normalize-space(), @target), ' '))"/></dc:rights>
        </xsl:for-each>
      </xsl:for-each>
    </oai_dc:dc>
  </xsl:template>

</xsl:stylesheet>
