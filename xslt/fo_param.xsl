<?xml version="1.0" encoding="UTF-8"?>
<!--
  Parameters of the TEI → XSL-FO stylesheets (fo_document.xsl, fo_edition.xsl).
  The build passes overrides as strings, so every parameter is a plain string.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  exclude-result-prefixes="xs">

  <!-- Empty: the title is taken from publicationStmt/publisher of the TEI, so a
       single document and the edition carry the same running head. -->
  <xsl:param name="edition-title" as="xs:string" select="''"/>
  <!-- Shown on the edition's title page only when given; not a build date,
       because a date that changes on every run would defeat the build's hashing. -->
  <xsl:param name="edition-date" as="xs:string" select="''"/>

  <!-- A4 -->
  <xsl:param name="page-width" as="xs:string" select="'210mm'"/>
  <xsl:param name="page-height" as="xs:string" select="'297mm'"/>
  <xsl:param name="margin-top" as="xs:string" select="'18mm'"/>
  <xsl:param name="margin-bottom" as="xs:string" select="'15mm'"/>
  <xsl:param name="margin-inner" as="xs:string" select="'25mm'"/>
  <xsl:param name="margin-outer" as="xs:string" select="'20mm'"/>
  <!-- Space between the page margin and the body, taken by the running head/foot. -->
  <xsl:param name="head-extent" as="xs:string" select="'12mm'"/>
  <xsl:param name="foot-extent" as="xs:string" select="'10mm'"/>

  <!-- Font families are lists: FOP picks, character by character, the first
       family that has the glyph. Noto Serif covers Latin and Cyrillic, UMing
       the CJK ideographs and full-width punctuation, Nanum Myeongjo the Hangul
       of Korean name forms in the registers (names as in fop.xconf). -->
  <xsl:param name="body-font" as="xs:string" select="'NotoSerif,UMing,NanumMyeongjo'"/>
  <xsl:param name="heading-font" as="xs:string" select="'NotoSerif,UMing,NanumMyeongjo'"/>
  <xsl:param name="body-size" as="xs:string" select="'10.5pt'"/>
  <xsl:param name="small-size" as="xs:string" select="'8.5pt'"/>
  <xsl:param name="line-height" as="xs:string" select="'1.35'"/>

  <!-- Languages for which FOP ships hyphenation patterns (libfop-java's
       fop-hyph.jar has en and ru, not zh); others are set without hyphenation,
       because a missing pattern makes FOP warn on every paragraph. -->
  <xsl:param name="hyphenate-languages" as="xs:string" select="'en ru'"/>
</xsl:stylesheet>
