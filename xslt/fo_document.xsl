<?xml version="1.0" encoding="UTF-8"?>
<!--
  One TEI document → XSL-FO (build/fo/<stem>.fo), rendered by FOP with
  xslt/fop.xconf. The layout and all TEI templates are in fo_common.xsl so that
  a document looks the same alone and inside the edition (fo_edition.xsl).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:fo="http://www.w3.org/1999/XSL/Format"
  xmlns:f="urn:x-armistice-edition:fo-functions"
  exclude-result-prefixes="f"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0">

  <xsl:import href="fo_param.xsl"/>
  <xsl:include href="fo_common.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <xsl:if test="not(TEI)">
      <xsl:message terminate="yes">fo_document.xsl: the source is not a TEI document (root element <xsl:value-of select="name(*)"/>)</xsl:message>
    </xsl:if>
    <!-- disregard-shifts: a superscript footnote number must not widen the
         spacing of its line (and push it off its list label) -->
    <fo:root font-family="{$body-font}" font-size="{$body-size}" line-height="{$line-height}"
      line-height-shift-adjustment="disregard-shifts">
      <xsl:call-template name="layout-master-set"/>
      <fo:declarations>
        <xsl:call-template name="pdf-metadata">
          <xsl:with-param name="title" select="f:title(TEI)"/>
          <xsl:with-param name="publisher" select="f:edition-title(TEI)"/>
        </xsl:call-template>
      </fo:declarations>
      <xsl:apply-templates select="TEI" mode="document-sequence"/>
    </fo:root>
  </xsl:template>
</xsl:stylesheet>
