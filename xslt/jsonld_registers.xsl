<?xml version="1.0" encoding="UTF-8"?>
<!-- jsonld_registers.xsl: the registers -> one schema.org JSON-LD graph (build/jsonld/registers.jsonld).
     The source is any one register; parameter "registers" lists all of them as
     space-separated URIs (default: the source alone). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:jld="urn:x-pipeline:jsonld"
    exclude-result-prefixes="#all">
  <xsl:include href="jsonld_common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="registers" as="xs:string" select="''"/>
  <xsl:template match="/">
    <xsl:variable name="docs" select="if (normalize-space($registers)) then tokenize($registers) ! doc(.) else /"/>
    <xsl:variable name="entries" select="$docs//(tei:person | tei:place | tei:org)[@xml:id]"/>
    <xsl:value-of select="jld:json(map{'@context': 'https://schema.org',
                                       '@graph': array{$entries ! jld:entry-map(.)}})"/>
  </xsl:template>
</xsl:stylesheet>
