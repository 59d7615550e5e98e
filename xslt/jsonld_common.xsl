<?xml version="1.0" encoding="UTF-8"?>
<!--
  jsonld_common.xsl: schema.org JSON-LD for TEI documents and register entries.

    jld:document($tei as element(tei:TEI)) as xs:string
        an ArchiveComponent (name, dateCreated, inLanguage, about, mentions,
        isPartOf the edition, holdingArchive, identifier, license, url)
    jld:entry($entry as element()) as xs:string
        a Person / Place / Organization (name, alternateName, sameAs)
    jld:entry-map($entry) / jld:document-map($tei)   the same as XPath maps

  Register entries are found through the pointers ("persons.xml#pers-x",
  resolved against the document), and get sameAs only where the register has a
  Wikidata or VIAF idno. The strings are JSON that is safe inside an HTML
  <script> element: "<", ">" and "&" are written as \u003c, \u003e, \u0026.

  Parameters (override in the including stylesheet): jsonld-base-url (ending "/"),
  jsonld-edition-title.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:jld="urn:x-pipeline:jsonld"
    xmlns:html="urn:x-edition:html"
    exclude-result-prefixes="#all">

  <!-- Included beside html_common.xsl, whose $preloaded-registers (the registers parsed once per
       process by the build, looked up by file name in $html:preloaded-by-name) it uses; without
       them the register files are read with doc(). -->
  <xsl:param name="jsonld-base-url" as="xs:string" select="'https://armistice-edition.example.org/'"/>
  <xsl:param name="jsonld-edition-title" as="xs:string" select="'Korean War Armistice Digital Edition'"/>

  <xsl:key name="jld:id" match="*[@xml:id]" use="@xml:id"/>

  <xsl:function name="jld:target" as="element()?">
    <xsl:param name="ptr" as="attribute()?"/>
    <xsl:variable name="file" select="substring-before($ptr, '#')"/>
    <xsl:variable name="id" select="substring-after($ptr, '#')"/>
    <xsl:variable name="preloaded" select="if ($file) then $html:preloaded-by-name(tokenize($file, '/')[last()]) else ()"/>
    <xsl:variable name="uri" select="if ($file and empty($preloaded)) then resolve-uri($file, base-uri($ptr/..)) else ()"/>
    <xsl:sequence select="if (exists($preloaded)) then key('jld:id', $id, $preloaded)[1]
                          else if ($ptr and $id and $uri and doc-available($uri))
                          then key('jld:id', $id, doc($uri))[1] else ()"/>
  </xsl:function>

  <xsl:function name="jld:same-as" as="xs:string*">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="(
        $entry/tei:idno[@type = 'wikidata'][normalize-space()] ! (if (starts-with(., 'http')) then normalize-space(.) else 'http://www.wikidata.org/entity/' || normalize-space(.)),
        $entry/tei:idno[@type = 'viaf'][normalize-space()] ! (if (starts-with(., 'http')) then normalize-space(.) else 'http://viaf.org/viaf/' || normalize-space(.)))"/>
  </xsl:function>

  <xsl:function name="jld:entry-map" as="map(*)">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="names" select="$entry/(tei:persName | tei:placeName | tei:orgName)"/>
    <xsl:variable name="name" select="normalize-space(($names[@type = 'preferred'], $names)[1])"/>
    <xsl:variable name="file" select="tokenize(base-uri($entry), '/')[last()]"/>
    <xsl:variable name="same" select="jld:same-as($entry)"/>
    <xsl:sequence select="map:merge((
        map{'@type': if ($entry/self::tei:person) then 'Person' else if ($entry/self::tei:place) then 'Place' else 'Organization',
            '@id': $jsonld-base-url || 'tei/' || $file || '#' || $entry/@xml:id,
            'name': $name},
        let $alt := distinct-values($names ! normalize-space(.))[. != $name]
        return if (exists($alt)) then map{'alternateName': array{$alt}} else (),
        if (exists($same)) then map{'sameAs': array{$same}} else (),
        $entry/tei:note[1] ! map{'description': normalize-space(.)}))"/>
  </xsl:function>

  <xsl:function name="jld:document-map" as="map(*)">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <xsl:variable name="stem" select="replace(tokenize(base-uri($tei), '/')[last()], '\.xml$', '')"/>
    <xsl:variable name="url" select="$jsonld-base-url || 'html/' || $stem || '.html'"/>
    <xsl:variable name="refs" select="($h/tei:profileDesc, $tei/tei:text)//(tei:persName | tei:placeName | tei:orgName)/@ref"/>
    <xsl:variable name="entries" as="element()*">
      <xsl:for-each-group select="$refs" group-by="string(.)">
        <xsl:sequence select="jld:target(.)"/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:variable name="about-refs" select="$h/tei:profileDesc/(tei:abstract, tei:correspDesc)//@ref ! string(.)"/>
    <xsl:variable name="bibl" select="$h/tei:fileDesc/tei:sourceDesc/tei:bibl[1]"/>
    <xsl:variable name="ms" select="$h/tei:fileDesc/tei:sourceDesc/tei:msDesc/tei:msIdentifier"/>
    <xsl:variable name="date" select="($h/tei:profileDesc/tei:creation/tei:date/@when)[1]"/>
    <xsl:variable name="langs" select="distinct-values(($h/tei:profileDesc/tei:langUsage/tei:language/@ident, $tei/tei:text/@xml:lang))"/>
    <xsl:variable name="ids" select="($h/tei:fileDesc/tei:publicationStmt/tei:idno, $bibl/tei:idno, $ms/tei:idno) ! normalize-space(.)"/>
    <xsl:sequence select="map:merge((
        map{'@context': 'https://schema.org',
            '@type': if ($ms) then 'ArchiveComponent' else 'CreativeWork',
            '@id': $url,
            'url': $url,
            'name': normalize-space(($h/tei:fileDesc/tei:titleStmt/tei:title[@type = 'main'], $h/tei:fileDesc/tei:titleStmt/tei:title)[1]),
            'isPartOf': map{'@type': 'Collection', 'name': $jsonld-edition-title, 'url': $jsonld-base-url},
            'publisher': map{'@type': 'Organization', 'name': normalize-space(($h/tei:fileDesc/tei:publicationStmt/tei:publisher, $jsonld-edition-title)[1])},
            'encodingFormat': 'application/tei+xml'},
        if ($date) then map{'dateCreated': string($date)} else (),
        if (exists($langs)) then map{'inLanguage': array{$langs}} else (),
        if (exists($ids)) then map{'identifier': array{$ids}} else (),
        $h/tei:profileDesc/tei:abstract[1] ! map{'abstract': normalize-space(string-join(.//tei:p ! string(.), ' '))},
        $h/tei:profileDesc/tei:textClass//tei:term[@type = 'genre'][1] ! map{'genre': normalize-space(.)},
        ($h/tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence/@target)[1] ! map{'license': string(.)},
        ($bibl/tei:ref/@target)[1] ! map{'sameAs': string(.)},
        $ms[1] ! map{'holdingArchive': map{'@type': 'ArchiveOrganization',
            'name': normalize-space((jld:target(tei:repository/@ref)/tei:orgName[@type = 'preferred'], tei:repository)[1])},
            'itemLocation': normalize-space(string-join((tei:repository, tei:idno) ! normalize-space(.), ', '))},
        let $about := $entries[some $r in $about-refs satisfies ends-with($r, '#' || @xml:id)]
        return if (exists($about)) then map{'about': array{$about ! jld:entry-map(.)}} else (),
        if (exists($entries)) then map{'mentions': array{$entries ! jld:entry-map(.)}} else ()))"/>
  </xsl:function>

  <xsl:function name="jld:json" as="xs:string">
    <xsl:param name="value" as="item()"/>
    <!-- three regular-expression passes over the whole text only when one of the characters is there -->
    <xsl:variable name="json" select="serialize($value, map{'method': 'json', 'indent': true()})"/>
    <xsl:sequence select="if (contains($json, '&lt;') or contains($json, '&gt;') or contains($json, '&amp;'))
        then ($json => replace('&lt;', '\\u003c') => replace('&gt;', '\\u003e') => replace('&amp;', '\\u0026'))
        else $json"/>
  </xsl:function>

  <xsl:function name="jld:document" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="jld:json(jld:document-map($tei))"/>
  </xsl:function>

  <xsl:function name="jld:entry" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="jld:json(map:merge((map{'@context': 'https://schema.org'}, jld:entry-map($entry))))"/>
  </xsl:function>


</xsl:stylesheet>
