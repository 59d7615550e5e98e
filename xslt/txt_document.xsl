<?xml version="1.0" encoding="UTF-8"?>
<!--
  txt_document.xsl: one TEI document -> plain text with layout markers.

  The stylesheet decides WHAT goes into the text; pipeline/standoff.py decides
  the layout and computes offsets. The output therefore carries characters from
  the Private Use Area that standoff.py removes:

    U+E000 type U+E005 key U+E005 value U+E001  opens an entity (persName, placeName,
                                                orgName, date, idno); key is "ref" or "value"
    U+E002                                      closes the innermost open entity
    U+E003                                      block break (blank line)
    U+E004                                      line break inside a block

  Whitespace is passed through raw; standoff.py collapses it, so the pretty-printed
  indentation of the TEI never reaches the text. Any PUA marker character in the
  source itself is removed here so that it cannot be mistaken for markup.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:t="urn:x-pipeline:txt"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="OPEN" select="'&#xE000;'"/>
  <xsl:variable name="PAYLOAD-END" select="'&#xE001;'"/>
  <xsl:variable name="CLOSE" select="'&#xE002;'"/>
  <xsl:variable name="BLOCK" select="'&#xE003;'"/>
  <xsl:variable name="LINE" select="'&#xE004;'"/>
  <xsl:variable name="SEP" select="'&#xE005;'"/>

  <xsl:variable name="language-names" as="map(xs:string, xs:string)" select="map{
      'en':'English', 'ru':'Russian', 'zh':'Chinese', 'ko':'Korean', 'ja':'Japanese',
      'fr':'French', 'de':'German', 'pl':'Polish', 'cs':'Czech', 'hu':'Hungarian',
      'ro':'Romanian', 'bg':'Bulgarian', 'mn':'Mongolian', 'vi':'Vietnamese', 'sv':'Swedish'}"/>

  <xsl:function name="t:clean" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="replace(string($s), '[&#xE000;-&#xE005;]', '')"/>
  </xsl:function>

  <xsl:function name="t:language" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:param name="code" as="xs:string?"/>
    <xsl:variable name="declared" select="root($doc)//teiHeader/profileDesc/langUsage/language[@ident = $code][1]"/>
    <xsl:sequence select="if (normalize-space($declared)) then normalize-space($declared)
                          else if (map:contains($language-names, string($code))) then $language-names(string($code))
                          else if ($code) then string($code) else 'unknown language'"
                  xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
  </xsl:function>

  <!-- ============================ document ============================ -->

  <xsl:template match="/">
    <xsl:apply-templates select="TEI/teiHeader" mode="header"/>
    <xsl:apply-templates select="TEI/text"/>
  </xsl:template>

  <!-- ============================= header ============================= -->

  <xsl:template match="teiHeader" mode="header">
    <xsl:variable name="fd" select="fileDesc"/>
    <xsl:variable name="bibl" select="($fd/sourceDesc/bibl[@type = 'source'], $fd/sourceDesc/bibl)[1]"/>
    <xsl:variable name="title" select="($fd/titleStmt/title[@type = 'main'], $fd/titleStmt/title)[1]"/>
    <xsl:variable name="date" select="(profileDesc/creation/date, $bibl/date)[1]"/>
    <xsl:variable name="url" select="($bibl//ref/@target, $bibl//ptr/@target)[1]"/>
    <xsl:variable name="citation" select="$bibl/note[@type = 'citation'][1]"/>

    <xsl:value-of select="$BLOCK"/>
    <xsl:apply-templates select="$title"/>
    <xsl:if test="$date">
      <xsl:value-of select="$LINE"/>Date: <xsl:apply-templates select="$date"/>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$url">
        <xsl:value-of select="$LINE"/>Source: <xsl:value-of select="t:clean($url)"/>
      </xsl:when>
      <xsl:when test="not($citation) and $bibl">
        <xsl:value-of select="$LINE"/>Source: <xsl:apply-templates select="$bibl" mode="citation"/>
      </xsl:when>
    </xsl:choose>
    <xsl:if test="$citation">
      <xsl:value-of select="$LINE"/>Citation: <xsl:apply-templates select="$citation/node()"/>
    </xsl:if>
    <xsl:for-each select="$fd/sourceDesc/msDesc/msIdentifier">
      <xsl:value-of select="$LINE"/>Archive: <xsl:apply-templates select="repository"/>
      <xsl:for-each select="idno">, <xsl:apply-templates select="."/></xsl:for-each>
      <xsl:for-each select="altIdentifier">; <xsl:apply-templates select="repository"/>
        <xsl:for-each select="idno">, <xsl:apply-templates select="."/></xsl:for-each>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <!-- "Title. Journal. Publisher, date, page 1." for sources without URL or citation -->
  <xsl:template match="bibl" mode="citation">
    <xsl:for-each select="title">
      <xsl:if test="position() > 1">. </xsl:if>
      <xsl:apply-templates select="."/>
    </xsl:for-each>
    <xsl:if test="publisher and not(title[@level = 'j'] = publisher)">. <xsl:apply-templates select="publisher[1]"/></xsl:if>
    <xsl:for-each select="biblScope">, <xsl:value-of select="@unit"/><xsl:text> </xsl:text><xsl:apply-templates/></xsl:for-each>
  </xsl:template>

  <!-- ============================== body ============================== -->

  <xsl:template match="text">
    <xsl:apply-templates select="front, body, back"/>
  </xsl:template>

  <xsl:template match="front | back">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <xsl:template match="body">
    <xsl:choose>
      <xsl:when test="div[@type = ('original', 'translation')]">
        <xsl:apply-templates select="*"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$BLOCK"/>
        <xsl:text>== Text (</xsl:text>
        <xsl:value-of select="t:language(., ancestor-or-self::*[@xml:lang][1]/@xml:lang)"/>
        <xsl:text>) ==</xsl:text>
        <xsl:apply-templates select="*"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="body/div[@type = ('original', 'translation')]" priority="2">
    <xsl:value-of select="$BLOCK"/>
    <xsl:text>== </xsl:text>
    <xsl:value-of select="if (@type = 'original') then 'Original' else 'Translation'"/>
    <xsl:text> (</xsl:text>
    <xsl:value-of select="t:language(., ancestor-or-self::*[@xml:lang][1]/@xml:lang)"/>
    <xsl:text>) ==</xsl:text>
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <!-- containers: their children are the blocks -->
  <xsl:template match="div | div1 | div2 | div3 | div4 | lg | table | listBibl | floatingText | postscript | figure" priority="1">
    <xsl:value-of select="$BLOCK"/>
    <xsl:apply-templates select="*"/>
    <xsl:value-of select="$BLOCK"/>
  </xsl:template>

  <!-- blocks -->
  <xsl:template match="p | ab | head | l | quote[parent::div] | bibl[ancestor::text] | trailer | byline | docAuthor | epigraph" priority="1">
    <xsl:value-of select="$BLOCK"/>
    <xsl:apply-templates/>
    <xsl:value-of select="$BLOCK"/>
  </xsl:template>

  <!-- openers, closers, addresses: one block, each part on its own line -->
  <xsl:template match="opener | closer | address | argument | dateline[parent::div] | salute[parent::div] | signed[parent::div]" priority="1">
    <xsl:value-of select="$BLOCK"/>
    <xsl:for-each-group select="node()" group-adjacent="boolean(self::addrLine | self::dateline | self::salute | self::signed | self::seg | self::address | self::byline | self::docAuthor)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:for-each select="current-group()">
            <xsl:value-of select="$LINE"/>
            <xsl:apply-templates select="."/>
            <xsl:value-of select="$LINE"/>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="current-group()"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each-group>
    <xsl:value-of select="$BLOCK"/>
  </xsl:template>

  <xsl:template match="address[ancestor::opener or ancestor::closer]" priority="2">
    <xsl:for-each select="addrLine">
      <xsl:value-of select="$LINE"/>
      <xsl:apply-templates/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="addrLine" priority="1">
    <xsl:value-of select="$LINE"/>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- lists: each item a block, prefixed with its label -->
  <xsl:template match="list" priority="1">
    <xsl:value-of select="$BLOCK"/>
    <xsl:apply-templates select="head"/>
    <xsl:for-each select="item">
      <xsl:variable name="label" select="preceding-sibling::*[1][self::label]"/>
      <xsl:value-of select="$BLOCK"/>
      <xsl:choose>
        <xsl:when test="$label">
          <xsl:apply-templates select="$label/node()"/>
          <xsl:text> </xsl:text>
        </xsl:when>
        <xsl:otherwise>- </xsl:otherwise>
      </xsl:choose>
      <xsl:choose>
        <!-- a point with commentary: its first paragraph follows the label, the others are blocks -->
        <xsl:when test="p">
          <xsl:apply-templates select="p[1]/node()"/>
          <xsl:apply-templates select="p[1]/following-sibling::node()"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:value-of select="$BLOCK"/>
    </xsl:for-each>
    <!-- a label that labels no item still carries text -->
    <xsl:for-each select="label[not(following-sibling::*[1][self::item])]">
      <xsl:value-of select="$BLOCK"/>
      <xsl:apply-templates/>
      <xsl:value-of select="$BLOCK"/>
    </xsl:for-each>
    <xsl:value-of select="$BLOCK"/>
  </xsl:template>

  <xsl:template match="row">
    <xsl:value-of select="$LINE"/>
    <xsl:for-each select="cell">
      <xsl:if test="position() > 1"> | </xsl:if>
      <xsl:apply-templates/>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================= inline ============================= -->

  <!-- A name a register confirms carries its ref; one the recognisers proposed carries its
       status and certainty instead; a name the converter marked from the text's structure
       (a place of writing) and no register knows is "unlinked". The fourth field holds
       key=value pairs. -->
  <xsl:template match="persName | placeName | orgName" priority="1">
    <xsl:variable name="status" select="if (@ref) then 'status=confirmed'
        else if (ends-with(@resp, '-ner')) then string-join(('status=proposed', @cert/concat('cert=', t:clean(.))), ';')
        else 'status=unlinked'"/>
    <xsl:value-of select="$OPEN, local-name(), $SEP, 'ref', $SEP, t:clean(@ref), $SEP, $status, $PAYLOAD-END"
                  separator=""/>
    <xsl:apply-templates/>
    <xsl:value-of select="$CLOSE"/>
  </xsl:template>

  <xsl:template match="date" priority="1">
    <xsl:variable name="value" select="if (@when) then @when
        else if (@from or @to) then concat(@from, '/', @to)
        else if (@notBefore or @notAfter) then concat(@notBefore, '/', @notAfter)
        else normalize-space(.)"/>
    <xsl:value-of select="$OPEN, 'date', $SEP, 'value', $SEP, t:clean($value), $PAYLOAD-END" separator=""/>
    <xsl:apply-templates/>
    <xsl:value-of select="$CLOSE"/>
  </xsl:template>

  <xsl:template match="idno" priority="1">
    <xsl:variable name="value" select="if (@n) then string(@n) else normalize-space(.)"/>
    <xsl:value-of select="$OPEN, 'idno', $SEP, 'value', $SEP, t:clean($value), $SEP, t:clean(@type), $PAYLOAD-END" separator=""/>
    <xsl:apply-templates/>
    <xsl:value-of select="$CLOSE"/>
  </xsl:template>

  <xsl:template match="gap">[…]</xsl:template>

  <xsl:template match="supplied">[<xsl:apply-templates/>]</xsl:template>

  <!-- the quotation marks are in the text already, outside q -->
  <xsl:template match="q | quote | said | hi | foreign | emph | term | title | name | rs | seg | abbr | sic | orig | num | measure | roleName | forename | surname | unclear | add">
    <xsl:apply-templates/>
  </xsl:template>

  <!-- the source's reading, then the editor's in brackets, as the source prints an identification -->
  <xsl:template match="choice">
    <xsl:apply-templates select="(orig, sic, abbr, *)[1]"/>
    <xsl:for-each select="(reg, corr, expan)[1]">
      <xsl:text> [</xsl:text>
      <xsl:apply-templates/>
      <xsl:text>]</xsl:text>
    </xsl:for-each>
  </xsl:template>

  <!-- a description of the carrier ("[CPSU CC letterhead]") or an editorial note of the source -->
  <xsl:template match="figure[figDesc] | div/note[@type = 'editorial']" priority="4">
    <xsl:value-of select="$BLOCK"/>
    <xsl:text>[</xsl:text>
    <xsl:apply-templates select="if (self::figure) then figDesc/node() else node()"/>
    <xsl:text>]</xsl:text>
    <xsl:value-of select="$BLOCK"/>
  </xsl:template>

  <xsl:template match="soCalled | label | corr | reg | expan | locus">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="lb"><xsl:value-of select="$LINE"/></xsl:template>

  <!-- outside the flow of the text -->
  <xsl:template match="note | pb | cb | milestone | fw | del | figDesc | desc | interp | interpGrp | link | linkGrp | anchor | index" priority="3"/>

  <xsl:template match="text()">
    <xsl:value-of select="t:clean(.)"/>
  </xsl:template>

</xsl:stylesheet>
