<?xml version="1.0" encoding="UTF-8"?>
<!--
  md_guidelines.xsl: the prose of the edition's ODD (schema/edition.odd) -> Markdown,
  the encoding manual docs/encoding.md (python -m pipeline.guidelines writes it;
  tests/test_odd.py checks the file is the rendering of the ODD, so the two never differ).

  A top-level div is a "##" section; p a paragraph wrapped at 100 characters; egXML an
  xml code block (the example as written, without the Examples namespace); list/item a
  bullet list; gi, att, code, title, emph, ref inline. The schemaSpec is summarised as
  the modules and elements it selects.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:md="urn:x-pipeline:markdown"
    xmlns:eg="http://www.tei-c.org/ns/Examples"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="nl" select="'&#10;'"/>

  <xsl:template match="/">
    <xsl:text># Encoding manual</xsl:text>
    <xsl:value-of select="$nl || $nl"/>
    <xsl:value-of select="md:wrap('Generated from schema/edition.odd (the edition''s ODD: these guidelines and its TEI customisation) by python -m pipeline.guidelines; edit the ODD, not this file.')"/>
    <xsl:value-of select="$nl"/>
    <xsl:apply-templates select="TEI/text/body/div"/>
  </xsl:template>

  <xsl:template match="body/div">
    <xsl:value-of select="$nl || '## ' || normalize-space(head) || $nl"/>
    <xsl:apply-templates select="* except head"/>
  </xsl:template>

  <xsl:template match="p">
    <xsl:value-of select="$nl"/>
    <xsl:value-of select="md:wrap(normalize-space(string-join(md:inline(node()))))"/>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="list">
    <xsl:value-of select="$nl"/>
    <xsl:for-each select="item">
      <xsl:value-of select="md:wrap('- ' || normalize-space(string-join(md:inline(node()))))
          => replace('&#10;(.)', '&#10;  $1')"/>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="eg:egXML">
    <xsl:variable name="plain" as="node()*">
      <xsl:apply-templates select="node()" mode="md:plain"/>
    </xsl:variable>
    <xsl:value-of select="$nl || '```xml' || $nl"/>
    <xsl:value-of select="serialize($plain, map{'method': 'xml', 'omit-xml-declaration': true()})"/>
    <xsl:value-of select="$nl || '```' || $nl"/>
  </xsl:template>

  <xsl:template match="schemaSpec">
    <xsl:value-of select="$nl || md:wrap('The modules and the elements the schema takes from each:') || $nl || $nl"/>
    <xsl:for-each select="moduleRef[@include]">
      <xsl:value-of select="md:wrap('- ' || @key || ': ' || string-join(tokenize(@include) ! ('`' || . || '`'), ', '))
          => replace('&#10;(.)', '&#10;  $1')"/>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="*"/>

  <!-- ============================================================ inline -->

  <xsl:function name="md:inline" as="xs:string*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:for-each select="$nodes">
      <xsl:choose>
        <xsl:when test=". instance of text()"><xsl:sequence select="string(.)"/></xsl:when>
        <xsl:when test="self::gi">`&lt;<xsl:value-of select="."/>&gt;`</xsl:when>
        <xsl:when test="self::att">`@<xsl:value-of select="."/>`</xsl:when>
        <xsl:when test="self::code">`<xsl:value-of select="."/>`</xsl:when>
        <xsl:when test="self::title | self::emph">*<xsl:value-of select="normalize-space(string-join(md:inline(node())))"/>*</xsl:when>
        <xsl:when test="self::ref[starts-with(@target, '#') or ends-with(@target, 'encoding.md')]">
          <xsl:sequence select="string-join(md:inline(node()))"/>
        </xsl:when>
        <xsl:when test="self::ref">[<xsl:value-of select="normalize-space(string-join(md:inline(node())))"/>](<xsl:value-of select="@target"/>)</xsl:when>
        <xsl:when test=". instance of element()"><xsl:sequence select="string-join(md:inline(node()))"/></xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- Words to lines of at most 100 characters (a longer word stands alone). -->
  <xsl:function name="md:wrap" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="replace(replace($text, '(.{1,100})(\s+|$)', '$1&#10;'), '&#10;$', '')"/>
  </xsl:function>

  <!-- An example as plain XML: elements out of the Examples namespace. -->
  <xsl:template match="eg:*" mode="md:plain">
    <xsl:element name="{local-name()}" namespace="">
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates select="node()" mode="md:plain"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="text() | comment()" mode="md:plain">
    <xsl:copy-of select="."/>
  </xsl:template>

</xsl:stylesheet>
