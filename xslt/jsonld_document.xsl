<?xml version="1.0" encoding="UTF-8"?>
<!-- jsonld_document.xsl: one TEI document -> its schema.org JSON-LD (build/jsonld/<stem>.jsonld). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:jld="urn:x-pipeline:jsonld"
    exclude-result-prefixes="#all">
  <xsl:include href="jsonld_common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/">
    <xsl:value-of select="jld:document(tei:TEI)"/>
  </xsl:template>
</xsl:stylesheet>
