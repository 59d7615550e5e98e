<?xml version="1.0" encoding="UTF-8"?>
<!--
  Parameters and labels of the HTML edition. Every HTML stylesheet imports this
  file first, so a build can override a value with a stylesheet parameter and a
  project can override a label by importing this module in a later sheet.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:html="urn:x-edition:html"
    exclude-result-prefixes="#all">

  <!-- The edition's name in page titles and the site header. -->
  <xsl:param name="site-title" as="xs:string" select="'Korean War Armistice Digital Edition'"/>

  <!-- Language of the edition's own apparatus (labels, headings, metadata). -->
  <xsl:param name="site-lang" as="xs:string" select="'en'"/>

  <!--
    Where xsl:result-document writes the secondary pages (index.json, the three
    register pages): a file: URI ending in "/". Empty means "next to the
    principal output", which only works when the caller sets a base output URI.
  -->
  <xsl:param name="out-dir" as="xs:string" select="''"/>

  <!-- Relative URL of the assets directory the build copies next to the pages. -->
  <xsl:param name="assets" as="xs:string" select="'assets/'"/>

  <!-- Register file in tei/ -> page in build/html/; also the kind's labels. -->
  <xsl:variable name="html:registers" as="map(xs:string, map(xs:string, xs:string))"
      select="map {
        'person': map { 'file': 'persons.xml', 'page': 'persons.html', 'title': 'Persons',
                        'singular': 'person', 'prefix': 'pers-', 'class': 'person' },
        'place':  map { 'file': 'places.xml', 'page': 'places.html', 'title': 'Places',
                        'singular': 'place', 'prefix': 'place-', 'class': 'place' },
        'org':    map { 'file': 'organisations.xml', 'page': 'organisations.html',
                        'title': 'Organisations', 'singular': 'organisation',
                        'prefix': 'org-', 'class': 'org' }
      }"/>

  <!-- Names of languages met in the sources, for labels (ISO 639-1 codes). -->
  <xsl:variable name="html:language-names" as="map(xs:string, xs:string)"
      select="map {
        'en': 'English', 'ru': 'Russian', 'zh': 'Chinese', 'ko': 'Korean',
        'ja': 'Japanese', 'de': 'German', 'fr': 'French', 'pl': 'Polish',
        'cs': 'Czech', 'la': 'Latin'
      }"/>

  <!-- Labels for division types; the parallel view uses them as column headings. -->
  <xsl:variable name="html:div-labels" as="map(xs:string, xs:string)"
      select="map {
        'original': 'Original', 'translation': 'Translation',
        'attachment': 'Attachment', 'section': 'Section', 'letter': 'Letter'
      }"/>

  <!-- Name-form types of the registers, as shown next to a variant. -->
  <xsl:variable name="html:form-labels" as="map(xs:string, xs:string)"
      select="map {
        'variant': 'variant', 'pseudonym': 'pseudonym', 'misspelling': 'misspelling in a source',
        'abbreviation': 'abbreviation'
      }"/>

  <!-- Levels of an archival reference, in the order a citation gives them. -->
  <xsl:variable name="html:archival-labels" as="map(xs:string, xs:string)"
      select="map {
        'fond': 'Fond', 'opis': 'Opis', 'delo': 'Delo', 'papka': 'Papka',
        'folios': 'Folios', 'pages': 'Pages'
      }"/>

</xsl:stylesheet>
