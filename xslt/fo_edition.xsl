<?xml version="1.0" encoding="UTF-8"?>
<!--
  The whole edition → one XSL-FO document (edition.fo).

  Source: build/.work/corpus.xml, written by pipeline/build.py (no namespace):
    <corpus>
      <document stem="000_…" href="file:///…/tei/000_….xml"/> …
      <register kind="person|place|org" href="file:///…/tei/persons.xml"/> …
    </corpus>
  Output: title page, contents, the documents in date order (each formatted by
  the same templates as a single document, fo_common.xsl), then the registers
  with their name variants and the documents that mention each entry.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:fo="http://www.w3.org/1999/XSL/Format"
  xmlns:f="urn:x-armistice-edition:fo-functions"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="xs f map">

  <xsl:import href="fo_param.xsl"/>
  <xsl:include href="fo_common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- Entity references look like "persons.xml#pers-stalin"; the register
       entry is found by the part after '#'. -->
  <xsl:key name="references" match="*[@ref]" use="tokenize(@ref) ! replace(., '^.*#', '')"/>

  <xsl:variable name="register-headings" as="map(xs:string, xs:string)"
    select="map { 'person': 'Persons', 'place': 'Places', 'org': 'Organisations' }"/>

  <xsl:template match="/">
    <xsl:if test="not(*:corpus)">
      <xsl:message terminate="yes">fo_edition.xsl: the source is not a corpus file (root element <xsl:value-of select="name(*)"/>)</xsl:message>
    </xsl:if>
    <xsl:apply-templates select="*:corpus"/>
  </xsl:template>

  <xsl:template match="*:corpus">
    <xsl:variable name="base" select="base-uri(.)"/>
    <!-- Documents in date order; undated ones last, ties by file stem. The
         <document> elements are kept so that each carries its stem. -->
    <xsl:variable name="entries" as="element()*">
      <xsl:perform-sort select="*:document">
        <xsl:sort select="f:date-key(f:load(@href, $base))"/>
        <xsl:sort select="@stem"/>
      </xsl:perform-sort>
    </xsl:variable>
    <xsl:variable name="documents" as="element(TEI)*" select="$entries ! f:load(@href, $base)"/>
    <xsl:variable name="registers" as="element()*" select="*:register[@kind = map:keys($register-headings)]"/>
    <xsl:variable name="title" select="f:edition-title($documents[1])"/>

    <!-- disregard-shifts: a superscript footnote number must not widen the
         spacing of its line (and push it off its list label) -->
    <fo:root font-family="{$body-font}" font-size="{$body-size}" line-height="{$line-height}"
      line-height-shift-adjustment="disregard-shifts">
      <xsl:call-template name="layout-master-set"/>
      <fo:declarations>
        <xsl:call-template name="pdf-metadata">
          <xsl:with-param name="title" select="$title"/>
          <xsl:with-param name="publisher" select="$title"/>
        </xsl:call-template>
      </fo:declarations>

      <fo:bookmark-tree>
        <fo:bookmark internal-destination="contents">
          <fo:bookmark-title>Contents</fo:bookmark-title>
        </fo:bookmark>
        <xsl:for-each select="$entries">
          <xsl:variable name="i" select="position()"/>
          <fo:bookmark internal-destination="{f:anchor(.)}">
            <fo:bookmark-title><xsl:value-of select="$i || '. ' || f:title($documents[$i])"/></fo:bookmark-title>
          </fo:bookmark>
        </xsl:for-each>
        <xsl:for-each select="$registers">
          <fo:bookmark internal-destination="register-{@kind}">
            <fo:bookmark-title><xsl:value-of select="f:register-title(.)"/></fo:bookmark-title>
          </fo:bookmark>
        </xsl:for-each>
      </fo:bookmark-tree>

      <xsl:call-template name="title-page">
        <xsl:with-param name="title" select="$title"/>
        <xsl:with-param name="documents" select="$documents"/>
      </xsl:call-template>

      <xsl:call-template name="contents">
        <xsl:with-param name="title" select="$title"/>
        <xsl:with-param name="entries" select="$entries"/>
        <xsl:with-param name="documents" select="$documents"/>
        <xsl:with-param name="registers" select="$registers"/>
      </xsl:call-template>

      <xsl:for-each select="$entries">
        <xsl:variable name="i" select="position()"/>
        <xsl:apply-templates select="$documents[$i]" mode="document-sequence">
          <xsl:with-param name="number" select="$i || '. '"/>
          <xsl:with-param name="anchor" select="f:anchor(.)"/>
        </xsl:apply-templates>
      </xsl:for-each>

      <xsl:for-each select="$registers">
        <xsl:call-template name="register">
          <xsl:with-param name="title" select="$title"/>
          <xsl:with-param name="entries" select="$entries"/>
          <xsl:with-param name="documents" select="$documents"/>
        </xsl:call-template>
      </xsl:for-each>
    </fo:root>
  </xsl:template>

  <!-- ============================================================ helpers -->

  <xsl:function name="f:load" as="element(TEI)">
    <xsl:param name="href" as="xs:string"/>
    <xsl:param name="base" as="xs:string?"/>
    <xsl:variable name="uri" select="resolve-uri($href, $base)"/>
    <xsl:if test="not(doc-available($uri))">
      <xsl:message terminate="yes">fo_edition.xsl: cannot read <xsl:value-of select="$uri"/></xsl:message>
    </xsl:if>
    <xsl:sequence select="doc($uri)/TEI"/>
  </xsl:function>

  <xsl:function name="f:anchor" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <!-- stems start with a digit, which an XML id may not -->
    <xsl:sequence select="'doc-' || replace($entry/@stem, '[^A-Za-z0-9_.-]', '_')"/>
  </xsl:function>

  <xsl:function name="f:register-title" as="xs:string">
    <xsl:param name="register" as="element()"/>
    <xsl:sequence select="'Register of ' || lower-case($register-headings($register/@kind))"/>
  </xsl:function>

  <!-- ============================================================ title page -->

  <xsl:template name="title-page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="documents" as="element(TEI)*"/>
    <xsl:variable name="years" select="$documents ! f:date-key(.)[. != '9999'] ! substring(., 1, 4)"/>
    <fo:page-sequence master-reference="title-page" force-page-count="no-force">
      <fo:flow flow-name="xsl-region-body">
        <fo:block text-align="center" hyphenate="false" space-before="60mm">
          <fo:block font-family="{$heading-font}" font-size="26pt" font-weight="bold" line-height="1.2"
            space-after="14pt">
            <xsl:value-of select="$title"/>
          </fo:block>
          <xsl:for-each select="$documents[1]/teiHeader/encodingDesc/projectDesc/p">
            <fo:block font-size="12pt" font-style="italic" start-indent="15mm" end-indent="15mm"
              space-after="24pt">
              <xsl:apply-templates/>
            </fo:block>
          </xsl:for-each>
          <fo:block font-size="12pt">
            <xsl:value-of select="count($documents)"/>
            <xsl:value-of select="if (count($documents) = 1) then ' document' else ' documents'"/>
            <xsl:if test="exists($years)">
              <xsl:value-of select="', ' || min($years) || (if (max($years) != min($years)) then '–' || max($years) else '')"/>
            </xsl:if>
          </fo:block>
          <xsl:if test="normalize-space($edition-date)">
            <fo:block font-size="11pt" space-before="6pt"><xsl:value-of select="$edition-date"/></fo:block>
          </xsl:if>
        </fo:block>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <!-- ============================================================ contents -->

  <xsl:template name="contents">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="entries" as="element()*"/>
    <xsl:param name="documents" as="element(TEI)*"/>
    <xsl:param name="registers" as="element()*"/>
    <fo:page-sequence master-reference="two-sided">
      <xsl:call-template name="static-content">
        <xsl:with-param name="head-odd" select="'Contents'"/>
        <xsl:with-param name="head-even" select="$title"/>
      </xsl:call-template>
      <fo:flow flow-name="xsl-region-body">
        <fo:block hyphenate="false">
          <fo:block id="contents" font-family="{$heading-font}" font-size="16pt" font-weight="bold"
            space-after="12pt">Contents</fo:block>
          <xsl:for-each select="$entries">
            <xsl:variable name="i" select="position()"/>
            <xsl:variable name="tei" select="$documents[$i]"/>
            <xsl:variable name="date" select="$tei/teiHeader/profileDesc/creation/date[1]"/>
            <fo:list-block provisional-distance-between-starts="8mm" provisional-label-separation="2mm"
              space-after="5pt" keep-together.within-page="always">
              <fo:list-item>
                <fo:list-item-label end-indent="label-end()">
                  <fo:block><xsl:value-of select="$i"/>.</fo:block>
                </fo:list-item-label>
                <fo:list-item-body start-indent="body-start()">
                  <fo:block text-align-last="justify">
                    <fo:basic-link internal-destination="{f:anchor(.)}">
                      <xsl:value-of select="f:title($tei)"/>
                    </fo:basic-link>
                    <fo:leader leader-pattern="dots" leader-length.minimum="8mm"/>
                    <fo:page-number-citation ref-id="{f:anchor(.)}"/>
                  </fo:block>
                  <xsl:if test="$date">
                    <fo:block font-size="{$small-size}" font-style="italic">
                      <xsl:apply-templates select="$date"/>
                    </fo:block>
                  </xsl:if>
                </fo:list-item-body>
              </fo:list-item>
            </fo:list-block>
          </xsl:for-each>
          <xsl:if test="$registers">
            <fo:block font-weight="bold" space-before="10pt" space-after="4pt">Registers</fo:block>
            <xsl:for-each select="$registers">
              <fo:block text-align-last="justify" start-indent="8mm" space-after="3pt">
                <fo:basic-link internal-destination="register-{@kind}">
                  <xsl:value-of select="f:register-title(.)"/>
                </fo:basic-link>
                <fo:leader leader-pattern="dots" leader-length.minimum="8mm"/>
                <fo:page-number-citation ref-id="register-{@kind}"/>
              </fo:block>
            </xsl:for-each>
          </xsl:if>
        </fo:block>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <!-- ============================================================ registers -->

  <xsl:template name="register">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="entries" as="element()*"/>
    <xsl:param name="documents" as="element(TEI)*"/>
    <xsl:variable name="register" select="f:load(@href, base-uri(.))"/>
    <xsl:variable name="heading" select="f:register-title(.)"/>
    <fo:page-sequence master-reference="two-sided">
      <xsl:call-template name="static-content">
        <xsl:with-param name="head-odd" select="$heading"/>
        <xsl:with-param name="head-even" select="$title"/>
      </xsl:call-template>
      <fo:flow flow-name="xsl-region-body">
        <fo:block language="en" hyphenate="false">
          <fo:block id="register-{@kind}" font-family="{$heading-font}" font-size="16pt" font-weight="bold"
            space-after="12pt">
            <xsl:value-of select="$heading"/>
          </fo:block>
          <xsl:for-each select="$register/text/body//(person | place | org)">
            <xsl:sort select="lower-case(f:preferred-name(.))" lang="en"/>
            <xsl:apply-templates select="." mode="register">
              <xsl:with-param name="entries" select="$entries"/>
              <xsl:with-param name="documents" select="$documents"/>
            </xsl:apply-templates>
          </xsl:for-each>
        </fo:block>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <xsl:function name="f:preferred-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="names" select="$entry/(persName | placeName | orgName)"/>
    <xsl:sequence select="normalize-space(($names[@type = 'preferred'], $names)[1])"/>
  </xsl:function>

  <xsl:template match="person | place | org" mode="register">
    <xsl:param name="entries" as="element()*"/>
    <xsl:param name="documents" as="element(TEI)*"/>
    <xsl:variable name="id" select="string(@xml:id)"/>
    <xsl:variable name="names" select="persName | placeName | orgName"/>
    <xsl:variable name="preferred" select="($names[@type = 'preferred'], $names)[1]"/>
    <fo:block id="reg-{$id}" space-after="6pt" keep-together.within-page="always">
      <fo:block>
        <fo:inline font-weight="bold"><xsl:value-of select="normalize-space($preferred)"/></fo:inline>
        <xsl:if test="birth or death">
          <xsl:value-of select="' (' || (substring(birth/@when, 1, 4), '?')[1] || '–'
                                || (substring(death/@when, 1, 4), '')[1] || ')'"/>
        </xsl:if>
        <xsl:for-each select="occupation, country">
          <xsl:text>, </xsl:text>
          <xsl:apply-templates/>
        </xsl:for-each>
      </fo:block>
      <fo:block start-indent="6mm" font-size="9pt" line-height="1.3">
        <xsl:variable name="others" select="$names except $preferred"/>
        <xsl:if test="$others">
          <fo:block>
            <fo:inline font-style="italic">Also: </fo:inline>
            <xsl:for-each select="$others">
              <xsl:if test="position() gt 1">; </xsl:if>
              <xsl:value-of select="normalize-space(.)"/>
              <xsl:variable name="qualifiers" select="(
                  if (@xml:lang and @xml:lang != 'en') then f:language-name(@xml:lang, .) else (),
                  if (@type and @type != 'variant') then string(@type) else ())"/>
              <xsl:if test="exists($qualifiers)">
                <xsl:value-of select="' (' || string-join($qualifiers, ', ') || ')'"/>
              </xsl:if>
            </xsl:for-each>
          </fo:block>
        </xsl:if>
        <xsl:for-each select="note">
          <fo:block><xsl:apply-templates/></fo:block>
        </xsl:for-each>
        <xsl:for-each select="idno[@type = 'wikidata']">
          <fo:block>
            <xsl:text>Wikidata </xsl:text>
            <fo:basic-link external-destination="url('https://www.wikidata.org/wiki/{normalize-space()}')"
              color="#1a3c7a">
              <xsl:value-of select="normalize-space()"/>
            </fo:basic-link>
          </fo:block>
        </xsl:for-each>
        <!-- Documents that mention the entry, with the page of the first
             mention in the text (or of the document, for a mention only in
             the header, which has no anchor of its own). -->
        <xsl:variable name="cited" as="element()*">
          <xsl:for-each select="$entries">
            <xsl:variable name="i" select="position()"/>
            <xsl:variable name="refs" select="key('references', $id, root($documents[$i]))"/>
            <xsl:if test="$refs">
              <xsl:variable name="first" select="$refs[ancestor::text]
                  [self::persName | self::placeName | self::orgName | self::name | self::rs]
                  [not(ancestor::choice | ancestor::fw | ancestor::figure | ancestor::teiHeader)][1]"/>
              <fo:inline>
                <xsl:value-of select="$i"/>
                <xsl:text> (p. </xsl:text>
                <fo:page-number-citation ref-id="{if ($first) then f:name-anchor($first) else f:anchor(.)}"/>
                <xsl:text>)</xsl:text>
              </fo:inline>
            </xsl:if>
          </xsl:for-each>
        </xsl:variable>
        <xsl:if test="$cited">
          <fo:block>
            <fo:inline font-style="italic">Documents: </fo:inline>
            <xsl:for-each select="$cited">
              <xsl:if test="position() gt 1">, </xsl:if>
              <xsl:sequence select="."/>
            </xsl:for-each>
          </fo:block>
        </xsl:if>
      </fo:block>
    </fo:block>
  </xsl:template>
</xsl:stylesheet>
