<?xml version="1.0" encoding="UTF-8"?>
<!--
  mets_package.xsl: the package manifest written by pipeline/package.py -> METS 1.12
  (validated against schema/mets.xsd).

  The manifest (namespace urn:x-pipeline:manifest) lists every payload file with
  its path relative to the METS file, size, SHA-256 and media type:

    <manifest id="…" title="…" created="2026-…T…Z" agent="…">
      <document id="doc-…" stem="000_…" title="…">
        <file use="TEI" href="../tei/000_….xml" size="…" sha256="…" mimetype="application/tei+xml"/>
        <file use="text" …/>  <file use="metadata" role="dc" …/>
      </document>
      <file use="TEI" href="../tei/persons.xml" …/>   (files that belong to no one document)
    </manifest>

  Output: one dmdSec per document referencing its oai_dc record (mdRef LOCTYPE="URL",
  MDTYPE="DC"), a fileSec with fileGrps USE="TEI", "text", "metadata" (and
  "schema" when the manifest lists schema files), and a structMap with a div per
  document pointing to its files (fptr) and to its DC record (DMDID).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:m="urn:x-pipeline:manifest"
    xmlns:mets="http://www.loc.gov/METS/"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="xs m">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:variable name="groups" select="('TEI', 'text', 'metadata', 'schema')"/>

  <!-- xs:ID values: the file path made into an NCName. -->
  <xsl:function name="m:file-id" as="xs:string">
    <xsl:param name="file" as="element(m:file)"/>
    <xsl:sequence select="'file-' || replace(replace($file/@href, '^(\.\./)+', ''), '[^A-Za-z0-9._-]', '_')"/>
  </xsl:function>

  <xsl:function name="m:dmd-id" as="xs:string">
    <xsl:param name="doc" as="element(m:document)"/>
    <xsl:sequence select="'dmd-' || replace($doc/@stem, '[^A-Za-z0-9._-]', '_')"/>
  </xsl:function>

  <xsl:template match="/m:manifest">
    <mets:mets OBJID="{@id}" LABEL="{@title}" TYPE="edition"
        xsi:schemaLocation="http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/mets.xsd">
      <mets:metsHdr CREATEDATE="{@created}" RECORDSTATUS="complete">
        <mets:agent ROLE="CREATOR" TYPE="ORGANIZATION">
          <mets:name><xsl:value-of select="@agent"/></mets:name>
        </mets:agent>
        <mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">
          <mets:name><xsl:value-of select="@software"/></mets:name>
        </mets:agent>
      </mets:metsHdr>

      <xsl:for-each select="m:document">
        <xsl:variable name="dc" select="m:file[@role = 'dc'][1]"/>
        <mets:dmdSec ID="{m:dmd-id(.)}">
          <mets:mdRef LOCTYPE="URL" MDTYPE="DC" MIMETYPE="text/xml" LABEL="oai_dc record of {@id}"
              xlink:type="simple" xlink:href="{$dc/@href}"
              CHECKSUM="{$dc/@sha256}" CHECKSUMTYPE="SHA-256" SIZE="{$dc/@size}"/>
        </mets:dmdSec>
      </xsl:for-each>

      <xsl:variable name="files" select="//m:file"/>
      <mets:fileSec>
        <xsl:for-each select="$groups[. = $files/@use]">
          <xsl:variable name="use" select="."/>
          <mets:fileGrp USE="{$use}">
            <xsl:for-each select="$files[@use = $use]">
              <mets:file ID="{m:file-id(.)}" MIMETYPE="{@mimetype}" SIZE="{@size}"
                  CHECKSUM="{@sha256}" CHECKSUMTYPE="SHA-256">
                <xsl:if test="parent::m:document and @role = 'dc'">
                  <xsl:attribute name="DMDID" select="m:dmd-id(..)"/>
                </xsl:if>
                <mets:FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="{@href}"/>
              </mets:file>
            </xsl:for-each>
          </mets:fileGrp>
        </xsl:for-each>
      </mets:fileSec>

      <mets:structMap TYPE="logical" LABEL="{@title}">
        <mets:div TYPE="edition" LABEL="{@title}">
          <xsl:for-each select="m:document">
            <mets:div ID="div-{replace(@stem, '[^A-Za-z0-9._-]', '_')}" TYPE="document" ORDER="{position()}"
                LABEL="{@title}" DMDID="{m:dmd-id(.)}">
              <xsl:for-each select="m:file">
                <mets:fptr FILEID="{m:file-id(.)}"/>
              </xsl:for-each>
            </mets:div>
          </xsl:for-each>
          <xsl:if test="m:file">
            <mets:div TYPE="edition-files" LABEL="Registers, corpus file and metadata of the edition">
              <xsl:for-each select="m:file">
                <mets:fptr FILEID="{m:file-id(.)}"/>
              </xsl:for-each>
            </mets:div>
          </xsl:if>
        </mets:div>
      </mets:structMap>
    </mets:mets>
  </xsl:template>

</xsl:stylesheet>
