<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared TEI → XSL-FO templates: page layout, the page sequence of one document
  (running heads, metadata block, original and translation), and the text-level
  elements. Included by fo_document.xsl and fo_edition.xsl, which import
  fo_param.xsl first.

  FO ids are never copied from TEI xml:ids: the edition puts every document into
  one FO tree, and ids such as "pipeline" repeat in every header.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:fo="http://www.w3.org/1999/XSL/Format"
  xmlns:f="urn:x-armistice-edition:fo-functions"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="xs f">

  <!-- ============================================================ functions -->

  <!-- Fallback names for xml:lang codes a document's langUsage does not list. -->
  <xsl:variable name="f:language-names" as="map(xs:string, xs:string)" select="map {
      'en': 'English', 'ru': 'Russian', 'zh': 'Chinese', 'ko': 'Korean',
      'ja': 'Japanese', 'de': 'German', 'fr': 'French', 'pl': 'Polish',
      'cs': 'Czech', 'hu': 'Hungarian', 'ro': 'Romanian', 'bg': 'Bulgarian' }"/>

  <xsl:function name="f:language-name" as="xs:string">
    <xsl:param name="code" as="xs:string?"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="declared"
      select="root($context)//profileDesc/langUsage/language[@ident = $code][normalize-space()][1]"/>
    <xsl:sequence select="if ($declared) then normalize-space($declared)
      else if (empty($code) or $code = '') then 'unspecified language'
      else ($f:language-names(substring-before($code || '-', '-')), $code)[1]"/>
  </xsl:function>

  <xsl:function name="f:title" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="t" select="$tei/teiHeader/fileDesc/titleStmt/title"/>
    <xsl:sequence select="normalize-space(($t[@type = 'main'], $t)[1])"/>
  </xsl:function>

  <!-- The running head has room for about two lines at the small size; longer
       titles are cut at a word boundary rather than left to overflow the region. -->
  <xsl:function name="f:short-title" as="xs:string">
    <xsl:param name="title" as="xs:string"/>
    <xsl:variable name="max" select="110"/>
    <xsl:sequence select="if (string-length($title) le $max) then $title
      else replace(substring($title, 1, $max), '\s+\S*$', '') || ' …'"/>
  </xsl:function>

  <xsl:function name="f:edition-title" as="xs:string">
    <xsl:param name="tei" as="element(TEI)?"/>
    <xsl:sequence select="if (normalize-space($edition-title)) then normalize-space($edition-title)
      else (normalize-space($tei/teiHeader/fileDesc/publicationStmt/publisher[1])[. != ''],
            'Digital Edition')[1]"/>
  </xsl:function>

  <!-- Sort key of a document: its creation date; undated documents go last. -->
  <xsl:function name="f:date-key" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="d" select="$tei/teiHeader/profileDesc/creation/date[1]"/>
    <xsl:sequence select="(($d/@when, $d/@from, $d/@notBefore)[normalize-space()][1], '9999')[1]"/>
  </xsl:function>

  <!-- The element's position in its document, not generate-id(): Saxon numbers nodes by
       how many documents the process has read, and the FO must not change when its TEI
       did not. -->
  <xsl:function name="f:name-anchor" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="'name-' || ($name/ancestor::TEI[1]/@xml:id, replace(base-uri($name), '^.*/', ''))[1] || '-'
      || string-join(for $a in $name/ancestor-or-self::* return string(count($a/preceding-sibling::*) + 1), '.')"/>
  </xsl:function>

  <!-- ============================================================ page layout -->

  <!-- Two-sided layout: the inner margin is on the left of odd pages.
       Odd pages carry the document title, even pages the edition title. -->
  <xsl:template name="layout-master-set">
    <fo:layout-master-set>
      <fo:simple-page-master master-name="odd" page-width="{$page-width}" page-height="{$page-height}"
        margin-top="{$margin-top}" margin-bottom="{$margin-bottom}"
        margin-left="{$margin-inner}" margin-right="{$margin-outer}">
        <fo:region-body margin-top="{$head-extent}" margin-bottom="{$foot-extent}"/>
        <fo:region-before region-name="head-odd" extent="{$head-extent}"/>
        <fo:region-after region-name="foot" extent="{$foot-extent}"/>
      </fo:simple-page-master>
      <fo:simple-page-master master-name="even" page-width="{$page-width}" page-height="{$page-height}"
        margin-top="{$margin-top}" margin-bottom="{$margin-bottom}"
        margin-left="{$margin-outer}" margin-right="{$margin-inner}">
        <fo:region-body margin-top="{$head-extent}" margin-bottom="{$foot-extent}"/>
        <fo:region-before region-name="head-even" extent="{$head-extent}"/>
        <fo:region-after region-name="foot" extent="{$foot-extent}"/>
      </fo:simple-page-master>
      <fo:simple-page-master master-name="title-page" page-width="{$page-width}" page-height="{$page-height}"
        margin-top="{$margin-top}" margin-bottom="{$margin-bottom}"
        margin-left="{$margin-inner}" margin-right="{$margin-outer}">
        <fo:region-body/>
      </fo:simple-page-master>
      <fo:page-sequence-master master-name="two-sided">
        <fo:repeatable-page-master-alternatives>
          <fo:conditional-page-master-reference master-reference="odd" odd-or-even="odd"/>
          <fo:conditional-page-master-reference master-reference="even" odd-or-even="even"/>
        </fo:repeatable-page-master-alternatives>
      </fo:page-sequence-master>
    </fo:layout-master-set>
  </xsl:template>

  <!-- Running heads, page number and footnote rule of a two-sided sequence. -->
  <xsl:template name="static-content">
    <xsl:param name="head-odd" as="xs:string"/>
    <xsl:param name="head-even" as="xs:string"/>
    <fo:static-content flow-name="head-odd">
      <fo:block font-size="{$small-size}" font-style="italic" text-align="end" hyphenate="false"
        border-bottom="0.4pt solid #808080" padding-bottom="1.5pt">
        <xsl:value-of select="$head-odd"/>
      </fo:block>
    </fo:static-content>
    <fo:static-content flow-name="head-even">
      <fo:block font-size="{$small-size}" font-style="italic" text-align="start" hyphenate="false"
        border-bottom="0.4pt solid #808080" padding-bottom="1.5pt">
        <xsl:value-of select="$head-even"/>
      </fo:block>
    </fo:static-content>
    <fo:static-content flow-name="foot">
      <fo:block font-size="{$small-size}" text-align="center" space-before="4mm">
        <fo:page-number/>
      </fo:block>
    </fo:static-content>
    <fo:static-content flow-name="xsl-footnote-separator">
      <fo:block space-before="6pt" space-after="3pt">
        <fo:leader leader-pattern="rule" leader-length="40mm" rule-thickness="0.4pt"/>
      </fo:block>
    </fo:static-content>
  </xsl:template>

  <!-- hyphenate/language for an xml:lang: only where FOP has patterns, and
       explicitly off otherwise so that e.g. a zh division inside an en text does
       not inherit hyphenation. -->
  <xsl:template name="language-attributes">
    <xsl:param name="lang" as="xs:string?" select="@xml:lang"/>
    <xsl:if test="$lang">
      <xsl:variable name="base" select="lower-case(substring-before($lang || '-', '-'))"/>
      <xsl:choose>
        <xsl:when test="$base = tokenize($hyphenate-languages)">
          <xsl:attribute name="language" select="$base"/>
          <xsl:attribute name="hyphenate" select="'true'"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:attribute name="hyphenate" select="'false'"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- PDF document information (title, creator), read by FOP from XMP. -->
  <xsl:template name="pdf-metadata">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="publisher" as="xs:string"/>
    <x:xmpmeta xmlns:x="adobe:ns:meta/">
      <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <dc:title><xsl:value-of select="$title"/></dc:title>
          <dc:creator><xsl:value-of select="$publisher"/></dc:creator>
        </rdf:Description>
      </rdf:RDF>
    </x:xmpmeta>
  </xsl:template>

  <!-- ============================================================ one document -->

  <!-- One document as one page sequence. $number prefixes the heading in the
       edition ("3. "); $anchor is the FO id the edition's contents cite. -->
  <xsl:template match="TEI" mode="document-sequence">
    <xsl:param name="number" as="xs:string" select="''"/>
    <xsl:param name="anchor" as="xs:string" select="'document'"/>
    <xsl:variable name="title" select="f:title(.)"/>
    <fo:page-sequence master-reference="two-sided" id="{$anchor}-sequence">
      <xsl:call-template name="static-content">
        <xsl:with-param name="head-odd" select="f:short-title($number || $title)"/>
        <xsl:with-param name="head-even" select="f:edition-title(.)"/>
      </xsl:call-template>
      <fo:flow flow-name="xsl-region-body">
        <fo:block>
          <!-- the header is written in English whatever the text's language -->
          <xsl:call-template name="language-attributes">
            <xsl:with-param name="lang" select="'en'"/>
          </xsl:call-template>
          <xsl:apply-templates select="teiHeader" mode="metadata">
            <xsl:with-param name="number" select="$number"/>
            <xsl:with-param name="anchor" select="$anchor"/>
          </xsl:apply-templates>
          <xsl:apply-templates select="text"/>
        </fo:block>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <!-- ============================================================ metadata block -->

  <xsl:template match="teiHeader" mode="metadata">
    <xsl:param name="number" as="xs:string" select="''"/>
    <xsl:param name="anchor" as="xs:string" select="'document'"/>
    <xsl:variable name="file" select="fileDesc"/>
    <xsl:variable name="profile" select="profileDesc"/>
    <xsl:variable name="bibl" select="$file/sourceDesc/bibl[1]"/>
    <xsl:variable name="main-title" select="f:title(root(.)/TEI)"/>

    <fo:block id="{$anchor}" font-family="{$heading-font}" font-size="16pt" font-weight="bold"
      line-height="1.2" space-after="8pt" hyphenate="false" keep-with-next.within-page="always">
      <xsl:value-of select="$number || $main-title"/>
    </fo:block>

    <fo:block font-size="9pt" line-height="1.3" space-after="14pt" hyphenate="false"
      border-top="0.6pt solid #404040" border-bottom="0.6pt solid #404040"
      padding-top="4pt" padding-bottom="4pt">
      <fo:table table-layout="fixed" width="100%">
        <fo:table-column column-width="30mm"/>
        <fo:table-column column-width="proportional-column-width(1)"/>
        <fo:table-body>
          <xsl:call-template name="metadata-row">
            <xsl:with-param name="label" select="'Date'"/>
            <xsl:with-param name="value">
              <xsl:choose>
                <xsl:when test="$profile/creation/date">
                  <xsl:apply-templates select="$profile/creation/date[1]"/>
                </xsl:when>
                <xsl:when test="normalize-space($profile/creation)">
                  <xsl:apply-templates select="$profile/creation/node()"/>
                </xsl:when>
              </xsl:choose>
            </xsl:with-param>
          </xsl:call-template>
          <!-- one row per letter: the document's own, a letter it quotes, a draft it holds -->
          <xsl:for-each select="$profile/correspDesc">
            <xsl:call-template name="metadata-row">
              <xsl:with-param name="label" select="if (@type = 'draft') then 'Draft: From → To' else 'From → To'"/>
              <xsl:with-param name="value">
                <xsl:call-template name="correspondents">
                  <xsl:with-param name="action" select="correspAction[@type = 'sent']"/>
                </xsl:call-template>
                <xsl:text> → </xsl:text>
                <xsl:call-template name="correspondents">
                  <xsl:with-param name="action" select="correspAction[@type = 'received']"/>
                </xsl:call-template>
              </xsl:with-param>
            </xsl:call-template>
          </xsl:for-each>
          <xsl:call-template name="metadata-row">
            <xsl:with-param name="label" select="'Source'"/>
            <xsl:with-param name="value">
              <xsl:apply-templates select="$bibl" mode="metadata">
                <xsl:with-param name="main-title" select="$main-title"/>
              </xsl:apply-templates>
            </xsl:with-param>
          </xsl:call-template>
          <xsl:for-each select="$bibl/ref[@target]">
            <xsl:call-template name="metadata-row">
              <xsl:with-param name="label" select="'URL'"/>
              <xsl:with-param name="value">
                <xsl:call-template name="external-link">
                  <xsl:with-param name="target" select="@target"/>
                </xsl:call-template>
              </xsl:with-param>
            </xsl:call-template>
          </xsl:for-each>
          <xsl:for-each select="$bibl/note[@type = 'citation']">
            <xsl:call-template name="metadata-row">
              <xsl:with-param name="label" select="'Citation'"/>
              <xsl:with-param name="value"><xsl:apply-templates/></xsl:with-param>
            </xsl:call-template>
          </xsl:for-each>
          <!-- one row per archival object; a copy held in another archive is its own row -->
          <xsl:for-each select="$file/sourceDesc/msDesc">
            <xsl:call-template name="metadata-row">
              <xsl:with-param name="label" select="if (@type = 'copy') then 'Copy' else 'Archive'"/>
              <xsl:with-param name="value">
                <xsl:apply-templates select="." mode="metadata"/>
              </xsl:with-param>
            </xsl:call-template>
          </xsl:for-each>
          <xsl:if test="$profile/langUsage/language[normalize-space()]">
            <xsl:call-template name="metadata-row">
              <xsl:with-param name="label" select="'Languages'"/>
              <xsl:with-param name="value"
                select="string-join($profile/langUsage/language[not(@ident = ('mul', 'und', 'zxx'))]/normalize-space()[. != ''], ', ')"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:call-template name="metadata-row">
            <xsl:with-param name="label" select="'Rights'"/>
            <xsl:with-param name="value">
              <xsl:for-each select="$file/publicationStmt/availability/(p | licence)">
                <fo:block>
                  <xsl:apply-templates/>
                  <xsl:if test="self::licence[@target]">
                    <xsl:text> (</xsl:text>
                    <xsl:call-template name="external-link">
                      <xsl:with-param name="target" select="@target"/>
                    </xsl:call-template>
                    <xsl:text>)</xsl:text>
                  </xsl:if>
                </fo:block>
              </xsl:for-each>
            </xsl:with-param>
          </xsl:call-template>
          <xsl:call-template name="metadata-row">
            <xsl:with-param name="label" select="'Summary'"/>
            <xsl:with-param name="value">
              <xsl:for-each select="$profile/abstract/p">
                <fo:block><xsl:apply-templates/></fo:block>
              </xsl:for-each>
            </xsl:with-param>
          </xsl:call-template>
        </fo:table-body>
      </fo:table>
    </fo:block>
  </xsl:template>

  <!-- A label/value row; rows without a value are left out rather than
       printed empty. -->
  <xsl:template name="metadata-row">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="value" as="item()*"/>
    <xsl:if test="exists($value) and normalize-space(string-join($value ! string(.), '')) != ''">
      <fo:table-row>
        <fo:table-cell padding-after="2pt">
          <fo:block font-weight="bold"><xsl:value-of select="$label"/></fo:block>
        </fo:table-cell>
        <fo:table-cell padding-after="2pt">
          <fo:block><xsl:sequence select="$value"/></fo:block>
        </fo:table-cell>
      </fo:table-row>
    </xsl:if>
  </xsl:template>

  <!-- "MAO ZEDONG (BEIJING)": the persons or bodies of one side, then where they wrote or received. -->
  <xsl:template name="correspondents">
    <xsl:param name="action" as="element(correspAction)*"/>
    <xsl:variable name="names" select="$action/(persName | name | orgName | roleName)"/>
    <xsl:variable name="places" select="$action/placeName"/>
    <xsl:choose>
      <xsl:when test="$names">
        <xsl:value-of select="string-join($names ! normalize-space(), '; ')"/>
      </xsl:when>
      <xsl:otherwise>unknown</xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$places">
      <xsl:value-of select="' (' || string-join($places ! normalize-space(), '; ') || ')'"/>
    </xsl:if>
  </xsl:template>

  <!-- Source: the parts of the bibliographic record joined by commas. A title
       that repeats the document title (the usual case for archive captures) is
       not printed twice. -->
  <xsl:template match="bibl" mode="metadata">
    <xsl:param name="main-title" as="xs:string"/>
    <xsl:variable name="parts" as="element()*"
      select="(title[normalize-space() != $main-title], publisher, date, biblScope,
               respStmt, idno[@type = 'record-id'])"/>
    <xsl:for-each select="$parts">
      <xsl:if test="position() gt 1">, </xsl:if>
      <xsl:apply-templates select="." mode="bibl-part"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="title[@level = ('a', 'u')]" mode="bibl-part">
    <xsl:text>“</xsl:text><xsl:apply-templates/><xsl:text>”</xsl:text>
  </xsl:template>
  <xsl:template match="title" mode="bibl-part">
    <fo:inline font-style="italic"><xsl:apply-templates/></fo:inline>
  </xsl:template>
  <xsl:template match="biblScope" mode="bibl-part">
    <xsl:value-of select="(map { 'page': 'p.', 'chapter': 'chapter', 'volume': 'vol.' }(string(@unit)), @unit)[1]"/>
    <xsl:text> </xsl:text>
    <xsl:apply-templates/>
  </xsl:template>
  <xsl:template match="respStmt" mode="bibl-part">
    <xsl:value-of select="normalize-space(resp)"/>
    <xsl:text> </xsl:text>
    <xsl:for-each select="* except resp">
      <xsl:if test="position() gt 1"> and </xsl:if>
      <xsl:apply-templates/>
    </xsl:for-each>
  </xsl:template>
  <xsl:template match="idno" mode="bibl-part">
    <xsl:text>record </xsl:text><xsl:apply-templates/>
  </xsl:template>
  <xsl:template match="*" mode="bibl-part">
    <xsl:apply-templates/>
  </xsl:template>

  <!-- An archival object: where and what ("Moscow, APRF, Fond 3, Opis 65, Delo 830, Listy 60-71"),
       and a note where the edition's documents disagree on it. -->
  <xsl:template match="msDesc" mode="metadata">
    <xsl:apply-templates select="msIdentifier" mode="metadata"/>
    <xsl:for-each select="msContents/msItem/locus">
      <xsl:text>, </xsl:text>
      <xsl:apply-templates/>
    </xsl:for-each>
    <xsl:if test="msIdentifier/repository/@cert = ('low', 'unknown')">
      <xsl:text> (archive uncertain)</xsl:text>
    </xsl:if>
    <xsl:for-each select="msContents/msItem/note[@type = 'conflict']">
      <fo:block font-style="italic" space-before="1pt"><xsl:apply-templates/></fo:block>
    </xsl:for-each>
  </xsl:template>

  <!-- Archival identifiers as written: "APRF, Fond 3, Opis 65, …"; the nested
       idno elements already hold the separators as text. -->
  <xsl:template match="msIdentifier" mode="metadata">
    <xsl:call-template name="archival-identifier"/>
    <xsl:for-each select="altIdentifier">
      <fo:block>
        <xsl:text>also </xsl:text>
        <xsl:call-template name="archival-identifier"/>
      </fo:block>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="archival-identifier">
    <xsl:variable name="parts" select="(settlement, institution, repository, collection, idno)"/>
    <xsl:for-each select="$parts">
      <xsl:if test="position() gt 1">, </xsl:if>
      <xsl:apply-templates/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="external-link">
    <xsl:param name="target" as="xs:string"/>
    <!-- no hyphenation inside a URL: a hyphen added at a line break would read
         as part of the address -->
    <fo:basic-link external-destination="url('{$target}')" color="#1a3c7a" hyphenate="false">
      <xsl:value-of select="$target"/>
    </fo:basic-link>
  </xsl:template>

  <!-- ============================================================ text -->

  <xsl:template match="text">
    <xsl:apply-templates select="front, body, back"/>
  </xsl:template>

  <xsl:template match="body | front | back">
    <fo:block>
      <xsl:call-template name="language-attributes"/>
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <!-- Original and translation follow each other, each under a heading that
       names its language. -->
  <xsl:template match="div[@type = ('original', 'translation')]">
    <xsl:variable name="lang" select="(ancestor-or-self::*/@xml:lang)[last()]"/>
    <fo:block space-before="6pt" space-after="6pt">
      <xsl:if test="preceding-sibling::div[@type = ('original', 'translation')]">
        <xsl:attribute name="space-before" select="'18pt'"/>
      </xsl:if>
      <xsl:call-template name="language-attributes"/>
      <fo:block font-family="{$heading-font}" font-size="13pt" font-weight="bold" hyphenate="false"
        space-after="8pt" keep-with-next.within-page="always"
        border-bottom="0.4pt solid #808080" padding-bottom="2pt">
        <xsl:value-of select="if (@type = 'original') then 'Original' else 'Translation'"/>
        <xsl:text> (</xsl:text>
        <xsl:value-of select="f:language-name($lang, .)"/>
        <xsl:text>)</xsl:text>
      </fo:block>
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <xsl:template match="div">
    <fo:block space-before="10pt">
      <xsl:call-template name="language-attributes"/>
      <!-- an attachment without a head would otherwise run on unmarked -->
      <xsl:if test="@type = 'attachment' and not(head)">
        <fo:block font-weight="bold" space-after="4pt" keep-with-next.within-page="always">Attachment</fo:block>
      </xsl:if>
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <xsl:template match="div/head">
    <xsl:variable name="depth" select="count(ancestor::div)"/>
    <fo:block font-family="{$heading-font}" font-weight="bold" hyphenate="false"
      font-size="{if ($depth le 1) then '11.5pt' else '11pt'}"
      font-style="{if ($depth le 1) then 'normal' else 'italic'}"
      space-before="6pt" space-after="4pt" keep-with-next.within-page="always">
      <xsl:call-template name="language-attributes"/>
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <xsl:template match="head">
    <fo:block font-weight="bold" space-after="3pt" keep-with-next.within-page="always">
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <xsl:template match="p | ab">
    <fo:block space-after="5pt" text-align="justify">
      <xsl:call-template name="language-attributes"/>
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <!-- Lists: the TEI label precedes its item as a sibling. -->
  <xsl:template match="list">
    <fo:list-block space-before="2pt" space-after="5pt"
      provisional-distance-between-starts="{if (max((label ! string-length(normalize-space(.)), 0)) gt 3) then '14mm' else '8mm'}"
      provisional-label-separation="2mm">
      <xsl:call-template name="language-attributes"/>
      <xsl:apply-templates select="item"/>
    </fo:list-block>
  </xsl:template>

  <xsl:template match="list/item">
    <xsl:variable name="label" select="preceding-sibling::*[1][self::label]"/>
    <fo:list-item space-after="3pt">
      <fo:list-item-label end-indent="label-end()">
        <fo:block>
          <xsl:choose>
            <xsl:when test="$label"><xsl:apply-templates select="$label/node()"/></xsl:when>
            <xsl:when test="../@type = 'ordered'">
              <xsl:value-of select="(@n, count(preceding-sibling::item) + 1)[1]"/>
              <xsl:text>.</xsl:text>
            </xsl:when>
            <xsl:otherwise>•</xsl:otherwise>
          </xsl:choose>
        </fo:block>
      </fo:list-item-label>
      <fo:list-item-body start-indent="body-start()">
        <fo:block text-align="justify">
          <xsl:call-template name="language-attributes"/>
          <xsl:apply-templates/>
        </fo:block>
      </fo:list-item-body>
    </fo:list-item>
  </xsl:template>

  <xsl:template match="list/head">
    <fo:block font-weight="bold" space-after="3pt" keep-with-next.within-page="always">
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <!-- Letter furniture: datelines and signatures to the right, salutations
       and addresses on lines of their own. -->
  <xsl:template match="opener | closer">
    <fo:block space-before="{if (self::closer) then '8pt' else '2pt'}" space-after="6pt"
      keep-together.within-page="always">
      <xsl:call-template name="language-attributes"/>
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <xsl:template match="dateline">
    <fo:block text-align="end" font-style="italic">
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <xsl:template match="signed">
    <fo:block text-align="end" space-before="2pt">
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <xsl:template match="salute">
    <fo:block space-before="3pt" space-after="3pt">
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <xsl:template match="opener/seg | closer/seg">
    <fo:block text-align="{if (parent::closer) then 'end' else 'start'}" font-size="{$small-size}">
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <xsl:template match="address">
    <fo:block space-after="5pt" start-indent="8mm">
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <xsl:template match="addrLine">
    <fo:block><xsl:apply-templates/></fo:block>
  </xsl:template>

  <xsl:template match="quote[not(ancestor::p | ancestor::item)] | lg">
    <fo:block start-indent="8mm" end-indent="8mm" space-after="5pt">
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <xsl:template match="l">
    <fo:block><xsl:apply-templates/></fo:block>
  </xsl:template>

  <!-- ============================================================ phrase level -->

  <!-- Editorial interventions, printed as the source's square brackets. -->
  <xsl:template match="supplied">
    <xsl:text>[</xsl:text><xsl:apply-templates/><xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="gap">
    <xsl:text>[…]</xsl:text>
  </xsl:template>

  <!-- Names are plain text. The inline carries an id so that the edition's
       registers can cite the page of a name's first mention in each document. -->
  <xsl:template match="text//*[self::persName | self::placeName | self::orgName | self::name | self::rs][@ref]">
    <fo:inline id="{f:name-anchor(.)}"><xsl:apply-templates/></fo:inline>
  </xsl:template>

  <!-- The quotation marks are part of the transcribed text; q only marks them. -->
  <xsl:template match="q | seg | date | idno | persName | placeName | orgName | name | rs
                       | foreign | choice/expan | choice/reg | choice/corr">
    <xsl:apply-templates/>
  </xsl:template>

  <!-- choice: the source's reading. An identification or respelling its editor printed in
       brackets stays so ("FILIPPOV [Stalin]"); the edition's own correction or regularisation
       goes to a footnote ("Peng Dehaui" in the text, "Peng Dehuai" below). -->
  <xsl:template match="choice">
    <xsl:variable name="source" select="(orig, sic, abbr, *)[1]"/>
    <xsl:variable name="edited" select="(reg, corr, expan)[1]"/>
    <xsl:apply-templates select="$source/node()"/>
    <xsl:choose>
      <xsl:when test="$edited/@resp">
        <xsl:text> [</xsl:text><xsl:apply-templates select="$edited/node()"/><xsl:text>]</xsl:text>
      </xsl:when>
      <xsl:when test="$edited and ancestor::text">
        <xsl:call-template name="footnote">
          <xsl:with-param name="content">
            <xsl:value-of select="if ($edited/self::corr) then 'Corrected: ' else if ($edited/self::expan) then 'Expanded: ' else 'Regularised: '"/>
            <fo:inline font-style="italic"><xsl:apply-templates select="$edited/node()"/></fo:inline>
            <xsl:text>; the source reads </xsl:text>
            <fo:inline font-style="italic"><xsl:apply-templates select="$source/node()"/></fo:inline>
            <xsl:text>.</xsl:text>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- An error the edition leaves in place, uncorrected. -->
  <xsl:template match="sic[not(parent::choice)]">
    <xsl:apply-templates/><xsl:text> [sic]</xsl:text>
  </xsl:template>

  <xsl:template match="unclear">
    <xsl:apply-templates/><xsl:text> [?]</xsl:text>
  </xsl:template>

  <xsl:template match="del">
    <fo:inline text-decoration="line-through"><xsl:apply-templates/></fo:inline>
  </xsl:template>

  <!-- A description of the carrier (a letterhead, a stamp): the source editor's words, in brackets,
       on a line of its own between blocks, inline within a paragraph. -->
  <xsl:template match="figure[figDesc]">
    <xsl:variable name="description">
      <xsl:text>[</xsl:text><xsl:apply-templates select="figDesc/node()"/><xsl:text>]</xsl:text>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="parent::*[self::p or self::item or self::head or self::seg or self::salute or self::signed
                      or self::dateline or self::addrLine or self::note or self::q]">
        <fo:inline font-style="italic"><xsl:sequence select="$description"/></fo:inline>
      </xsl:when>
      <xsl:otherwise>
        <fo:block font-style="italic" font-size="{$small-size}" space-after="4pt" keep-with-next.within-page="always">
          <xsl:sequence select="$description"/>
        </fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A date with no text of its own is shown by its normalised value. -->
  <xsl:template match="date[not(normalize-space())]">
    <xsl:value-of select="if (@when) then @when else string-join((@from, @to), '–')"/>
  </xsl:template>

  <xsl:template match="title | emph | hi[@rend = 'italic']">
    <fo:inline font-style="italic"><xsl:apply-templates/></fo:inline>
  </xsl:template>

  <xsl:template match="hi[@rend = 'bold']">
    <fo:inline font-weight="bold"><xsl:apply-templates/></fo:inline>
  </xsl:template>

  <xsl:template match="hi[@rend = ('sup', 'superscript')]">
    <fo:inline baseline-shift="super" font-size="70%"><xsl:apply-templates/></fo:inline>
  </xsl:template>

  <xsl:template match="hi[@rend = ('underline')]">
    <fo:inline text-decoration="underline"><xsl:apply-templates/></fo:inline>
  </xsl:template>

  <xsl:template match="ref[starts-with(@target, 'http')]">
    <fo:basic-link external-destination="url('{@target}')" color="#1a3c7a">
      <xsl:apply-templates/>
    </fo:basic-link>
  </xsl:template>

  <xsl:template match="lb">
    <fo:block/>
  </xsl:template>

  <xsl:template match="pb | fw | figure | graphic" priority="-0.5"/>

  <!-- Notes in the text become footnotes, numbered per document; the edition's corrections
       (choice without the source editor's @resp) are footnotes in the same sequence. -->
  <xsl:template match="text//note">
    <xsl:call-template name="footnote">
      <xsl:with-param name="content"><xsl:apply-templates/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="footnote">
    <xsl:param name="content" as="item()*"/>
    <xsl:variable name="n">
      <xsl:number level="any" from="TEI"
        count="note[ancestor::text] | choice[ancestor::text][(reg | corr | expan)[1][not(@resp)]]"/>
    </xsl:variable>
    <fo:footnote>
      <fo:inline baseline-shift="super" font-size="70%">
        <xsl:value-of select="$n"/>
      </fo:inline>
      <fo:footnote-body>
        <fo:list-block font-size="8.5pt" line-height="1.25" font-style="normal" font-weight="normal"
          text-align="start" start-indent="0pt" end-indent="0pt" space-after="2pt"
          provisional-distance-between-starts="6mm" provisional-label-separation="1mm">
          <xsl:call-template name="language-attributes">
            <xsl:with-param name="lang" select="(ancestor-or-self::*/@xml:lang)[last()]"/>
          </xsl:call-template>
          <fo:list-item>
            <fo:list-item-label end-indent="label-end()">
              <fo:block><xsl:value-of select="$n"/>.</fo:block>
            </fo:list-item-label>
            <fo:list-item-body start-indent="body-start()">
              <fo:block><xsl:sequence select="$content"/></fo:block>
            </fo:list-item-body>
          </fo:list-item>
        </fo:list-block>
      </fo:footnote-body>
    </fo:footnote>
  </xsl:template>
</xsl:stylesheet>
