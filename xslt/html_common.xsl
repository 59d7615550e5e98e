<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared by the HTML stylesheets: the page shell, lookups into the registers and
  the TEI -> HTML templates of the text (default mode).

  Conventions the other modules and the tests rely on:
  - every TEI element with an xml:id inside <text> keeps it as the HTML id, and
    the TEI root's xml:id is the id of the page's <article>; html:anchor() picks
    the same ids, so a register's "occurs in" links always land;
  - a name with @ref becomes <a class="name person|place|org"
    href="persons.html#pers-…" title="preferred name">, but only when the register
    has the entry (a dangling ref is shown as an unlinked name, never a broken link);
  - xml:lang becomes lang, and text in a script that the language in scope cannot
    be written in (Cyrillic, Han, Hangul inside English) gets a lang of its own,
    because the header fields of the sources carry no xml:lang.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:html="urn:x-edition:html"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!--
    Registers are found relative to the TEI file that cites them ("persons.xml#…"
    sits next to the document). A caller that parses the document from a string
    (no base URI) can name the directory instead: a file: URI ending in "/".
  -->
  <xsl:param name="register-base" as="xs:string" select="''"/>
  <!-- The registers, parsed once per process by the build (Stylesheets.preload) instead of
       once per document by doc(); when empty, the register files are read with doc(). -->
  <xsl:param name="preloaded-registers" as="document-node()*" select="()"/>

  <xsl:key name="html:id" match="*[@xml:id]" use="@xml:id"/>

  <!-- The preloaded registers by file name ("persons.xml"), the first one of a name winning:
       looked up once per name instead of filtering the sequence by base URI every time. -->
  <xsl:variable name="html:preloaded-by-name" as="map(xs:string, document-node())"
      select="map:merge($preloaded-registers ! map { tokenize(base-uri(.), '/')[last()]: . },
                        map { 'duplicates': 'use-first' })"/>

  <!-- Elements that point into a register; correspAction/name may stay unresolved. -->
  <xsl:variable name="html:name-elements" as="xs:string+"
      select="('persName', 'placeName', 'orgName', 'repository', 'name')"/>

  <!-- ================================================================== -->
  <!-- Page shell                                                          -->
  <!-- ================================================================== -->

  <xsl:template name="html:page">
    <xsl:param name="title" as="xs:string" required="yes"/>
    <xsl:param name="content" as="node()*" required="yes"/>
    <xsl:param name="page-class" as="xs:string" select="'page'"/>
    <xsl:param name="description" as="xs:string?" select="()"/>
    <!-- Extra head content, such as a page's JSON-LD description. -->
    <xsl:param name="head-extra" as="node()*" select="()"/>
    <!-- Path from the page to build/html/: '' for a top-level page, '../' for a register entry's page. -->
    <xsl:param name="root" as="xs:string" select="''"/>
    <html lang="{$site-lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:value-of select="$title"/>
          <xsl:if test="$title ne $site-title"> · <xsl:value-of select="$site-title"/></xsl:if>
        </title>
        <xsl:if test="exists($description)">
          <meta name="description" content="{normalize-space($description)}"/>
        </xsl:if>
        <link rel="stylesheet" href="{$root}{$assets}edition.css"/>
        <!-- defer: the scripts only enhance; every page works without them. -->
        <script src="{$root}{$assets}edition.js" defer="defer"></script>
        <xsl:sequence select="$head-extra"/>
      </head>
      <body class="{$page-class}">
        <a class="skip" href="#main">Skip to content</a>
        <header class="site-header">
          <p class="site-title"><a href="{$root}index.html"><xsl:value-of select="$site-title"/></a></p>
          <nav class="site-nav" aria-label="Edition">
            <ul>
              <li><a href="{$root}index.html">Documents</a></li>
              <xsl:for-each select="('person', 'place', 'org')">
                <li><a href="{$root}{$html:registers(.)?page}"><xsl:value-of select="$html:registers(.)?title"/></a></li>
              </xsl:for-each>
              <li><a href="{$root}search.html">Search</a></li>
            </ul>
          </nav>
        </header>
        <main id="main">
          <xsl:sequence select="$content"/>
        </main>
        <footer class="site-footer">
          <p><xsl:value-of select="$site-title"/>. TEI encoding and this site are available under
            <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>;
            the rights of each source are stated on its page.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Functions                                                           -->
  <!-- ================================================================== -->

  <!-- Language in scope for a TEI node; the site language when none is given. -->
  <xsl:function name="html:lang" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="string(($node/ancestor-or-self::*[@xml:lang][1]/@xml:lang, $site-lang)[1])"/>
  </xsl:function>

  <xsl:function name="html:language-name" as="xs:string">
    <xsl:param name="code" as="xs:string"/>
    <xsl:sequence select="($html:language-names(substring-before($code || '-', '-')), $code)[1]"/>
  </xsl:function>

  <!-- Register kind of a name element: by element, else by the id's prefix. -->
  <xsl:function name="html:kind" as="xs:string?">
    <xsl:param name="name" as="element()"/>
    <xsl:variable name="id" select="html:ref-id($name)"/>
    <xsl:sequence select="
      if ($name/self::persName) then 'person'
      else if ($name/self::placeName) then 'place'
      else if ($name/self::orgName or $name/self::repository) then 'org'
      else (map:keys($html:registers)[starts-with($id, $html:registers(.)?prefix)])[1]"/>
  </xsl:function>

  <!-- First pointer of @ref: its file part and its fragment. -->
  <xsl:function name="html:ref-id" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="substring-after(tokenize(normalize-space($name/@ref), ' ')[1], '#')"/>
  </xsl:function>

  <xsl:function name="html:ref-file" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="html:ref-file($name, html:kind($name))"/>
  </xsl:function>

  <!-- The same, with the name's kind (html:kind) already known. -->
  <xsl:function name="html:ref-file" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:param name="kind" as="xs:string?"/>
    <xsl:variable name="file" select="substring-before(tokenize(normalize-space($name/@ref), ' ')[1], '#')"/>
    <xsl:sequence select="if ($file) then $file else if ($kind) then $html:registers($kind)?file else ''"/>
  </xsl:function>

  <!-- The register entry a name points to, or () when it cannot be found. -->
  <xsl:function name="html:entry" as="element()?">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="html:entry($name, html:kind($name))"/>
  </xsl:function>

  <!-- The same, with the name's kind (html:kind) already known. -->
  <xsl:function name="html:entry" as="element()?">
    <xsl:param name="name" as="element()"/>
    <xsl:param name="kind" as="xs:string?"/>
    <xsl:variable name="id" select="html:ref-id($name)"/>
    <xsl:variable name="file" select="html:ref-file($name, $kind)"/>
    <xsl:if test="$id and $file">
      <xsl:variable name="preloaded" select="$html:preloaded-by-name(tokenize($file, '/')[last()])"/>
      <xsl:choose>
        <xsl:when test="exists($preloaded)">
          <xsl:sequence select="key('html:id', $id, $preloaded)"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="base" select="if ($register-base) then $register-base else base-uri($name)"/>
          <xsl:variable name="uri" select="resolve-uri($file, $base)"/>
          <xsl:if test="doc-available($uri)">
            <xsl:sequence select="key('html:id', $id, doc($uri))"/>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:function>

  <!-- The English preferred form of an entry: the hover title of every mention. -->
  <xsl:function name="html:preferred" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="names" select="$entry/(persName | placeName | orgName)"/>
    <xsl:sequence select="normalize-space(string(($names[@type = 'preferred'], $names)[1]))"/>
  </xsl:function>

  <!-- Page of a register file: persons.xml -> persons.html. -->
  <xsl:function name="html:register-page" as="xs:string">
    <xsl:param name="file" as="xs:string"/>
    <xsl:variable name="name" select="tokenize($file, '/')[last()]"/>
    <xsl:sequence select="($html:page-of-file($name), replace($name, '\.xml$', '.html'))[1]"/>
  </xsl:function>

  <!-- Register file name -> its page, from $html:registers (computed once per transformation). -->
  <xsl:variable name="html:page-of-file" as="map(xs:string, xs:string)"
      select="map:merge(map:keys($html:registers) ! map { $html:registers(.)?file: $html:registers(.)?page },
                        map { 'duplicates': 'use-first' })"/>

  <!--
    The id a link to this node should target: its nearest ancestor-or-self with
    an xml:id that the document page renders (inside <text>, or the TEI root).
  -->
  <xsl:function name="html:anchor" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="string(($node/ancestor-or-self::*[@xml:id]
        [ancestor-or-self::text or self::TEI])[last()]/@xml:id)"/>
  </xsl:function>

  <!--
    The @datetime for a TEI value, or () when HTML has no form for it. HTML takes
    a year, year-month, date, local or zoned date-time, and a yearless date
    written "12-14": the Nu checker rejects the XSD form "- -12-14" (gMonthDay).
  -->
  <xsl:function name="html:datetime" as="xs:string?">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:variable name="v" select="replace(string($value), '^--(\d{2}-\d{2})$', '$1')"/>
    <xsl:sequence select="$v[matches(.,
        '^(\d{4,}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?|\d{2}-\d{2})$')]"/>
  </xsl:function>

  <!-- "1953-07-08", "1953-02-04 – 1953-02-07", "before 1953" … for a TEI date. -->
  <xsl:function name="html:date-value" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:sequence select="string-join((
        $date/@when,
        if ($date/(@from | @to)) then string-join(($date/@from, $date/@to), ' – ') else (),
        if ($date/@notBefore) then 'not before ' || $date/@notBefore else (),
        if ($date/@notAfter) then 'not after ' || $date/@notAfter else ()), '; ')"/>
  </xsl:function>

  <!-- Sort key of a document: its creation date, undated ones last. -->
  <xsl:function name="html:sort-date" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="d" select="($tei/teiHeader/profileDesc/creation/date)[1]"/>
    <xsl:sequence select="string(($d/@when, $d/@from, $d/@notBefore, '9999')[1])"/>
  </xsl:function>

  <xsl:function name="html:title" as="element()?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="t" select="$tei/teiHeader/fileDesc/titleStmt/title"/>
    <xsl:sequence select="($t[@type = 'main'], $t)[1]"/>
  </xsl:function>

  <!-- The HTML element of a TEI block must be phrasing when it sits inside one. -->
  <xsl:function name="html:in-phrasing" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <!-- notes move to the footnotes, so only look below the nearest note -->
    <xsl:variable name="scope" select="$el/ancestor::* except $el/ancestor::note[1]/ancestor-or-self::*"/>
    <xsl:sequence select="exists($scope[
        self::p[not(html:p-as-div(.))] or self::ab[not(html:p-as-div(.))] or self::head
        or self::dateline or self::salute or self::signed or self::label or self::addrLine
        or self::l or self::seg or self::q or self::hi or self::date or self::title
        or self::persName or self::placeName or self::orgName or self::name or self::idno
        or self::supplied or self::foreign or self::ref])"/>
  </xsl:function>

  <!-- A TEI p holding a list or a quotation of paragraphs cannot be an HTML p. -->
  <xsl:function name="html:p-as-div" as="xs:boolean">
    <xsl:param name="p" as="element()"/>
    <xsl:sequence select="exists($p/(list | table | lg | floatingText | quote[p | lg | list] | cit[quote[p]]))
        and not(html:in-phrasing($p))"/>
  </xsl:function>

  <!-- Heading level of a div/head: one below the nearest enclosing headed div. -->
  <xsl:function name="html:head-level" as="xs:integer">
    <xsl:param name="head" as="element()"/>
    <xsl:sequence select="min((6, 2 + count($head/ancestor::div[head])))"/>
  </xsl:function>

  <!-- ================================================================== -->
  <!-- Cards: what the corpus pages need of one document                   -->
  <!-- ================================================================== -->

  <!--
    The index and the register pages read one small card per document instead of
    the documents: the build writes build/.work/cards/<stem>.xml while it renders
    the document's page (html_document.xsl, $card-href), so a changed document
    costs one card, and the corpus pages stay cheap. The parts shown on the
    corpus pages are rendered here, by the templates that render the document
    page, and each card carries them as the document's fragments of the corpus
    pages (html:card-fragments), which pipeline/corpus.py assembles.

    <card id stem sort-date year?>                 (no namespace)
      <title text>rendered title</title>
      <date value text>rendered date</date>?       profileDesc/creation/date[1]
      <genre text>rendered genre</genre>?
      <sender>text</sender>* <addressee>text</addressee>*
      <corresp>content of the index's "From → To" cell</corresp>
      <language ident label/>*
      <holder key>repository or publication</holder>?  (key: register id, else the name)
      <archive>reference</archive>* <source>content of the "Archive reference" cell</source>
      <mentions kind="person|place|org">ids, as html:mentioned gives them</mentions>
      <m keys anchor where where-lang? lang>name</m>*   every name with @ref, in document order
      <fragments>…</fragments>
    </card>
  -->
  <xsl:function name="html:card" as="document-node()">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="card" select="html:card-data($tei)/Q{}card"/>
    <xsl:document>
      <card>
        <xsl:sequence select="$card/@*, $card/node()"/>
        <xsl:call-template name="html:card-fragments">
          <xsl:with-param name="card" select="$card"/>
        </xsl:call-template>
      </card>
    </xsl:document>
  </xsl:function>

  <xsl:function name="html:card-data" as="document-node()">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="date" select="($tei/teiHeader/profileDesc/creation/date)[1]"/>
    <xsl:variable name="genre" select="($tei/teiHeader/profileDesc/textClass//term[@type = 'genre'])[1]"/>
    <xsl:variable name="title" select="html:title($tei)"/>
    <xsl:document>
      <card id="{$tei/@xml:id}" stem="{replace(tokenize(base-uri($tei), '/')[last()], '\.xml$', '')}"
            sort-date="{html:sort-date($tei)}">
        <xsl:for-each select="html:year($tei)">
          <xsl:attribute name="year" select="."/>
        </xsl:for-each>
        <title text="{normalize-space($title)}"><xsl:apply-templates select="$title" mode="html:plain"/></title>
        <xsl:for-each select="$date">
          <date value="{(@when, @from)[1]}" text="{normalize-space(.)}"><xsl:apply-templates select="."/></date>
        </xsl:for-each>
        <xsl:for-each select="$genre">
          <genre text="{string(.)}"><xsl:apply-templates select="." mode="html:plain"/></genre>
        </xsl:for-each>
        <xsl:for-each select="html:correspondents($tei, 'sent')">
          <sender><xsl:value-of select="normalize-space(.)"/></sender>
        </xsl:for-each>
        <xsl:for-each select="html:correspondents($tei, 'received')">
          <addressee><xsl:value-of select="normalize-space(.)"/></addressee>
        </xsl:for-each>
        <corresp>
          <xsl:call-template name="html:names">
            <xsl:with-param name="names" select="html:correspondents($tei, 'sent')"/>
          </xsl:call-template>
          <xsl:if test="$tei/teiHeader/profileDesc/correspDesc">
            <span class="arrow" aria-hidden="true"> → </span><span class="visually-hidden"> to </span>
          </xsl:if>
          <xsl:call-template name="html:names">
            <xsl:with-param name="names" select="html:correspondents($tei, 'received')"/>
          </xsl:call-template>
        </corresp>
        <xsl:for-each select="$tei/teiHeader/profileDesc/langUsage/language">
          <language ident="{@ident}" label="{if (normalize-space(.)) then normalize-space(.) else html:language-name(@ident)}"/>
        </xsl:for-each>
        <!-- the search's "archive or source" facet: the holding repository (by register id), else the publication -->
        <xsl:for-each select="($tei/teiHeader/fileDesc/sourceDesc/msDesc/msIdentifier/repository,
            $tei/teiHeader/fileDesc/sourceDesc/bibl/title[@level = ('j', 'm')])[1]">
          <holder key="{if (@ref) then html:ref-id(.) else normalize-space(.)}"><xsl:value-of select="normalize-space(.)"/></holder>
        </xsl:for-each>
        <xsl:variable name="archive" select="html:archive($tei)"/>
        <xsl:for-each select="$archive">
          <archive><xsl:value-of select="."/></archive>
        </xsl:for-each>
        <source>
          <xsl:choose>
            <xsl:when test="exists($archive)">
              <xsl:for-each select="$archive">
                <span class="archival-reference"><xsl:value-of select="."/></span>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise>
              <!-- newspapers have no archive: cite the issue instead -->
              <xsl:variable name="bibl" select="($tei/teiHeader/fileDesc/sourceDesc/bibl)[1]"/>
              <span class="source-ref">
                <xsl:value-of select="string-join((
                    ($bibl/title[@level = ('j', 'm')], $bibl/publisher)[1] ! normalize-space(),
                    $bibl/biblScope[@unit = 'page'] ! ('p. ' || normalize-space())), ', ')"/>
              </span>
            </xsl:otherwise>
          </xsl:choose>
        </source>
        <!-- one pass over the names for the three kinds (html:mentioned gives the same ids) -->
        <xsl:variable name="named" select="$tei//(persName | placeName | orgName | repository | name)[@ref]"/>
        <xsl:variable name="by-kind" as="map(xs:string, xs:string*)">
          <xsl:map>
            <xsl:for-each-group select="$named" group-by="string(html:kind(.))">
              <xsl:map-entry key="current-grouping-key()" select="distinct-values(current-group() ! html:ref-id(.)[.])"/>
            </xsl:for-each-group>
          </xsl:map>
        </xsl:variable>
        <xsl:for-each select="('person', 'place', 'org')">
          <mentions kind="{.}"><xsl:value-of select="$by-kind(.)"/></mentions>
        </xsl:for-each>
        <!-- every name with @ref, for the passage lists of the entries' pages (html:card-fragments) -->
        <xsl:for-each select="$named">
          <!-- the element html:anchor() picks, found once (its id is the anchor) -->
          <xsl:variable name="where" select="(ancestor-or-self::*[@xml:id][ancestor-or-self::text or self::TEI])[last()][string(@xml:id)]"/>
          <xsl:variable name="anchor" select="string($where/@xml:id)"/>
          <m keys="{tokenize(normalize-space(@ref)) ! substring-after(., '#')}" anchor="{$anchor}"
             where="{local-name($where)}" lang="{html:lang(.)}">
            <xsl:if test="$where/ancestor-or-self::*[@xml:lang][1]/@xml:lang">
              <xsl:attribute name="where-lang" select="html:lang($where)"/>
            </xsl:if>
            <xsl:value-of select="normalize-space(.)"/>
          </m>
        </xsl:for-each>
      </card>
    </xsl:document>
  </xsl:function>

  <!--
    The parts of the corpus pages that come from one document, rendered once,
    here, when the document's page is: pipeline/corpus.py assembles the index and
    the register entries' pages from them and from the page shells that
    html_index.xsl and html_registers.xsl make, so a changed document costs its
    own fragments, never a pass over every card.

    <fragments>
      <index-row>the document's tr in the index table</index-row>
      <json>the document's entry in index.json (without stem and href)</json>
      <occ entry="pers-…">the document's li on that entry's page</occ>*
    </fragments>
    Entry pages live one folder down (persons/pers-….html), hence the '../'.
  -->
  <xsl:template name="html:card-fragments">
    <xsl:param name="card" as="element()"/>
    <xsl:variable name="stem" select="string($card/@stem)"/>
    <fragments>
      <index-row>
        <tr data-stem="{$stem}"
            data-person="{$card/Q{}mentions[@kind = 'person']}"
            data-place="{$card/Q{}mentions[@kind = 'place']}"
            data-org="{$card/Q{}mentions[@kind = 'org']}"
            data-year="{$card/@year}">
          <td class="date" data-label="Date">
            <xsl:choose>
              <xsl:when test="$card/Q{}date"><xsl:copy-of select="$card/Q{}date/node()"/></xsl:when>
              <xsl:otherwise>undated</xsl:otherwise>
            </xsl:choose>
          </td>
          <td class="title" data-label="Document">
            <a href="{$stem}.html"><xsl:copy-of select="$card/Q{}title/node()"/></a>
            <xsl:for-each select="$card/Q{}genre">
              <span class="genre"><xsl:copy-of select="node()"/></span>
            </xsl:for-each>
          </td>
          <td class="corresp" data-label="From → To">
            <xsl:copy-of select="$card/Q{}corresp/node()"/>
          </td>
          <td class="langs" data-label="Languages">
            <xsl:value-of select="$card/Q{}language/@label" separator=", "/>
          </td>
          <td class="archive" data-label="Archive reference">
            <xsl:copy-of select="$card/Q{}source/node()"/>
          </td>
        </tr>
      </index-row>
      <json>
        <xsl:value-of select="serialize(map {
          'id': string($card/@id),
          'title': string($card/Q{}title/@text),
          'date': string($card/Q{}date/@value),
          'dateText': string($card/Q{}date/@text),
          'year': $card/@year/string(),
          'genre': string($card/Q{}genre/@text),
          'sender': array { $card/Q{}sender/string() },
          'addressee': array { $card/Q{}addressee/string() },
          'languages': array { $card/Q{}language/string(@ident) },
          'archive': array { $card/Q{}archive/string() },
          'persons': array { tokenize($card/Q{}mentions[@kind = 'person']) },
          'places': array { tokenize($card/Q{}mentions[@kind = 'place']) },
          'orgs': array { tokenize($card/Q{}mentions[@kind = 'org']) }
        }, map { 'method': 'json' })"/>
      </json>
      <!-- one link per passage (the nearest element with an id), labelled with the form(s) it uses -->
      <xsl:for-each-group select="$card/Q{}m" group-by="tokenize(@keys)">
        <occ entry="{current-grouping-key()}">
          <li>
            <a class="doc-link" href="../{$stem}.html"><xsl:copy-of select="$card/Q{}title/node()"/></a>
            <xsl:for-each select="$card/Q{}date">
              <xsl:text> (</xsl:text><xsl:copy-of select="node()"/><xsl:text>)</xsl:text>
            </xsl:for-each>
            <xsl:text>: </xsl:text>
            <span class="passages">
              <xsl:for-each-group select="current-group()" group-by="string(@anchor)">
                <xsl:variable name="anchor" select="current-grouping-key()"/>
                <xsl:if test="position() gt 1">, </xsl:if>
                <a class="passage" href="../{$stem}.html{$anchor[.] ! ('#' || .)}"
                   title="{($html:passage-labels(string(@where)), 'passage')[1]}{
                      @where-lang ! (' (' || html:language-name(.) || ')')}"
                   lang="{@lang}">
                  <xsl:value-of select="distinct-values(current-group()/string())" separator=" / "/>
                </a>
              </xsl:for-each-group>
            </span>
          </li>
        </occ>
      </xsl:for-each-group>
    </fragments>
  </xsl:template>

  <!-- What a passage link's hover says about where the name stands. -->
  <xsl:variable name="html:passage-labels" as="map(xs:string, xs:string)" select="map {
      'TEI': 'document description', 'p': 'paragraph', 'ab': 'paragraph', 'head': 'heading',
      'item': 'list item', 'list': 'list', 'div': 'section', 'opener': 'opening',
      'closer': 'closing', 'note': 'note', 'quote': 'quotation', 'lg': 'verse' }"/>

  <!-- Register ids of one kind mentioned anywhere in a document (text and header). -->
  <xsl:function name="html:mentioned" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="distinct-values($tei//*[local-name() = $html:name-elements][@ref]
        [html:kind(.) = $kind] ! html:ref-id(.)[.])"/>
  </xsl:function>

  <xsl:function name="html:year" as="xs:string?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="d" select="html:sort-date($tei)"/>
    <xsl:sequence select="substring($d, 1, 4)[matches($d, '^\d{4}')][. ne '9999']"/>
  </xsl:function>

  <xsl:function name="html:correspondents" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="$tei/teiHeader/profileDesc/correspDesc/correspAction[@type = $type]
        /(persName | orgName | name)"/>
  </xsl:function>

  <xsl:function name="html:archive" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:for-each select="$tei/teiHeader/fileDesc/sourceDesc/msDesc/msIdentifier/(., altIdentifier)">
      <xsl:sequence select="string-join((repository ! normalize-space(),
          idno ! normalize-space()), ', ')"/>
    </xsl:for-each>
  </xsl:function>

  <xsl:template name="html:names">
    <xsl:param name="names" as="element()*"/>
    <xsl:for-each select="$names">
      <xsl:if test="position() gt 1">; </xsl:if>
      <xsl:apply-templates select="."/>
    </xsl:for-each>
    <xsl:if test="empty($names)">—</xsl:if>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Attributes every rendered element carries                           -->
  <!-- ================================================================== -->

  <xsl:template name="html:attrs">
    <xsl:param name="class" as="xs:string*" select="()"/>
    <xsl:if test="@xml:id">
      <xsl:attribute name="id" select="@xml:id"/>
    </xsl:if>
    <xsl:if test="@xml:lang">
      <xsl:attribute name="lang" select="@xml:lang"/>
    </xsl:if>
    <xsl:variable name="classes" select="($class, @type ! ('type-' || replace(., '\W+', '-')),
        @rend ! tokenize(.) ! ('rend-' || replace(., '\W+', '-')))"/>
    <xsl:if test="exists($classes)">
      <xsl:attribute name="class" select="distinct-values($classes)" separator=" "/>
    </xsl:if>
    <xsl:if test="@corresp">
      <!-- only targets on this page: a corresp into another file is not a link -->
      <xsl:variable name="targets" select="tokenize(normalize-space(@corresp))[starts-with(., '#')]
          ! substring(., 2)[exists(key('html:id', ., root(current())))]"/>
      <xsl:if test="exists($targets)">
        <xsl:attribute name="data-corresp" select="$targets" separator=" "/>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!--
    A small link from an aligned passage to its counterpart, so the alignment
    works without script (and on a phone, where the columns are stacked).
  -->
  <xsl:template name="html:corresp-link">
    <xsl:variable name="target" select="(tokenize(normalize-space(@corresp))[starts-with(., '#')]
        ! substring(., 2)[exists(key('html:id', ., root(current())))])[1]"/>
    <xsl:if test="exists($target)">
      <xsl:variable name="other" select="key('html:id', $target, root(.))"/>
      <xsl:variable name="other-lang" select="html:lang($other)"/>
      <a class="corresp-link" href="#{$target}"
         title="Corresponding passage ({html:language-name($other-lang)})"
         aria-label="Corresponding passage ({html:language-name($other-lang)})">⇄</a>
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Text: structure                                                     -->
  <!-- ================================================================== -->

  <xsl:template match="text">
    <xsl:apply-templates select="front, body, back"/>
  </xsl:template>

  <xsl:template match="front | back">
    <div>
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="local-name()"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!--
    Originals and translations side by side: the top-level parts of that type go
    into one grid (two columns on a wide screen, stacked on a phone); any other
    top-level part follows in full width.
  -->
  <xsl:template match="body">
    <xsl:variable name="parts" select="child::div[@type = ('original', 'translation')]"/>
    <xsl:variable name="parallel" select="exists($parts[@type = 'original']) and exists($parts[@type = 'translation'])"/>
    <div class="body">
      <xsl:choose>
        <xsl:when test="$parallel">
          <xsl:apply-templates select="* except ($parts, $parts/following-sibling::*)"/>
          <div class="parallel" data-columns="{count($parts)}">
            <xsl:apply-templates select="$parts"/>
          </div>
          <xsl:apply-templates select="$parts[last()]/following-sibling::* except $parts"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates/>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <!-- A top-level part gets an h2 naming its role and language. Its id comes from its
       position, not generate-id(), so that a page is byte-identical on every rebuild. -->
  <xsl:template match="body/div">
    <xsl:variable name="lang" select="html:lang(.)"/>
    <xsl:variable name="label-id" select="'part' || count(preceding-sibling::div) + 1 || '-label'"/>
    <section aria-labelledby="{$label-id}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="('part', 'div')"/>
      </xsl:call-template>
      <h2 class="part-label" id="{$label-id}" lang="{$site-lang}">
        <xsl:value-of select="($html:div-labels(string(@type)), 'Text')[1]"/>
        <xsl:if test="@type = ('original', 'translation') or count(../child::div) gt 1">
          <xsl:text> </xsl:text>
          <span class="part-lang"><xsl:value-of select="html:language-name($lang)"/></span>
        </xsl:if>
      </h2>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <xsl:template match="div">
    <xsl:element name="{if (head) then 'section' else 'div'}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'div'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="div/head | body/head">
    <xsl:element name="h{html:head-level(.)}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'head'"/>
      </xsl:call-template>
      <xsl:call-template name="html:corresp-link"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Heads of lists, tables, figures are captions, not document headings. -->
  <xsl:template match="head">
    <xsl:element name="{if (html:in-phrasing(.)) then 'span' else 'p'}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'caption'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="p | ab">
    <xsl:param name="html:item-label" as="element()?" tunnel="yes" select="()"/>
    <xsl:element name="{if (html:in-phrasing(.)) then 'span' else if (html:p-as-div(.)) then 'div' else 'p'}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="if (self::ab or html:in-phrasing(.) or html:p-as-div(.)) then 'p' else ()"/>
      </xsl:call-template>
      <!-- the first paragraph of a labelled point opens with the point's label -->
      <xsl:if test="$html:item-label and parent::item and not(preceding-sibling::p)">
        <xsl:sequence select="$html:item-label"/>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:call-template name="html:corresp-link"/>
      <xsl:apply-templates>
        <xsl:with-param name="html:item-label" select="()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:element>
  </xsl:template>

  <xsl:template match="opener | closer | postscript | argument | epigraph | trailer | byline | docAuthor | docDate">
    <xsl:element name="{if (html:in-phrasing(.)) then 'span' else 'div'}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="local-name()"/>
      </xsl:call-template>
      <xsl:call-template name="html:corresp-link"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="dateline | salute | signed">
    <xsl:element name="{if (html:in-phrasing(.)) then 'span' else 'p'}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="local-name()"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="address">
    <xsl:element name="{if (html:in-phrasing(.)) then 'span' else 'div'}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'address'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="addrLine">
    <span>
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'addrLine'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!--
    TEI lists in these sources carry their own labels ("1.", "2)"): show them and
    suppress the browser's numbering, so the source's numbering is kept as is.
  -->
  <xsl:template match="list">
    <xsl:variable name="phrasing" select="html:in-phrasing(.)"/>
    <xsl:variable name="labelled" select="exists(label)"/>
    <xsl:variable name="list" as="element()">
      <xsl:element name="{if ($phrasing) then 'span' else if (@type = 'ordered' and not($labelled)) then 'ol' else 'ul'}">
        <xsl:call-template name="html:attrs">
          <xsl:with-param name="class" select="('list', if ($labelled) then 'labelled' else ())"/>
        </xsl:call-template>
        <xsl:for-each select="item | label[not(following-sibling::*[1][self::item])]">
          <xsl:element name="{if ($phrasing) then 'span' else 'li'}">
            <xsl:call-template name="html:attrs">
              <xsl:with-param name="class" select="if ($phrasing) then 'item' else ()"/>
            </xsl:call-template>
            <xsl:variable name="label" select="if (self::label) then . else preceding-sibling::*[1][self::label]"/>
            <!-- an item of paragraphs (a point with its commentary): the label opens the first
                 paragraph, which carries the link to its counterpart, so neither stands on a
                 line of its own -->
            <xsl:variable name="paragraphs" select="self::item and *[1][self::p] and not(normalize-space(string-join(text())))"/>
            <xsl:variable name="label-span" as="element()?">
              <xsl:if test="$label">
                <span class="label">
                  <xsl:apply-templates select="$label/node()"/>
                </span>
              </xsl:if>
            </xsl:variable>
            <xsl:if test="$label-span and not($paragraphs)">
              <xsl:sequence select="$label-span"/>
              <xsl:text> </xsl:text>
            </xsl:if>
            <xsl:if test="self::item">
              <xsl:if test="not($paragraphs)">
                <xsl:call-template name="html:corresp-link"/>
              </xsl:if>
              <xsl:apply-templates>
                <xsl:with-param name="html:item-label" select="if ($paragraphs) then $label-span else ()" tunnel="yes"/>
              </xsl:apply-templates>
            </xsl:if>
          </xsl:element>
        </xsl:for-each>
      </xsl:element>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="head and not($phrasing)">
        <div class="list-with-head">
          <xsl:apply-templates select="head"/>
          <xsl:sequence select="$list"/>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="$list"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="lg">
    <xsl:element name="{if (html:in-phrasing(.)) then 'span' else 'div'}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'lg'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="l">
    <span>
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'l'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="quote">
    <xsl:element name="{if (html:in-phrasing(.) or not(p | lg | list)) then 'span' else 'blockquote'}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'quote'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="table">
    <div class="table-wrap">
      <table>
        <xsl:call-template name="html:attrs"/>
        <xsl:if test="head">
          <caption><xsl:apply-templates select="head/node()"/></caption>
        </xsl:if>
        <tbody>
          <xsl:for-each select="row">
            <tr>
              <xsl:call-template name="html:attrs"/>
              <xsl:for-each select="cell">
                <xsl:element name="{if (../@role = 'label' or @role = 'label') then 'th' else 'td'}">
                  <xsl:call-template name="html:attrs"/>
                  <xsl:if test="@cols"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
                  <xsl:if test="@rows"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
                  <xsl:apply-templates/>
                </xsl:element>
              </xsl:for-each>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Text: inline                                                        -->
  <!-- ================================================================== -->

  <!--
    Names. Nested links are invalid HTML, so a name inside a linked name (or
    inside a link made from ref) is shown as a plain span.
  -->
  <xsl:template match="persName | placeName | orgName | repository | name">
    <xsl:variable name="kind" select="html:kind(.)"/>
    <xsl:variable name="entry" select="if (@ref) then html:entry(., $kind) else ()"/>
    <xsl:variable name="classes" select="('name', $kind ! $html:registers(.)?class)"/>
    <xsl:choose>
      <xsl:when test="exists($entry) and not(ancestor::*[self::ref[@target] or self::ptr][1]
          or ancestor::*[@ref][local-name() = $html:name-elements][exists(html:entry(.))])">
        <a href="{html:register-page(html:ref-file(., $kind))}#{$entry/@xml:id}" title="{html:preferred($entry)}">
          <xsl:call-template name="html:attrs">
            <xsl:with-param name="class" select="$classes"/>
          </xsl:call-template>
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <!-- A name the recogniser proposed (its @resp ends in -ner) is not an editor's
             decision: shown as a proposal, with how sure the recogniser was. -->
        <xsl:variable name="proposed" select="empty(@ref) and ends-with(@resp, '-ner')"/>
        <span>
          <xsl:call-template name="html:attrs">
            <xsl:with-param name="class" select="($classes, if (@ref) then 'unresolved' else (),
                if ($proposed) then 'proposed' else ())"/>
          </xsl:call-template>
          <xsl:if test="@ref and empty($entry)">
            <xsl:attribute name="title" select="'not in the register: ' || @ref"/>
          </xsl:if>
          <xsl:if test="$proposed">
            <xsl:attribute name="title" select="'proposed by the name recogniser'
                || (if (@cert) then ' (certainty: ' || @cert || ')' else '')
                || '; not yet checked by an editor'"/>
          </xsl:if>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Dates show their normalised value: <time datetime title>. -->
  <xsl:template match="date">
    <xsl:variable name="value" select="html:date-value(.)"/>
    <xsl:variable name="machine" select="(@when, @from, @notBefore, @notAfter)[1]"/>
    <xsl:variable name="inferred" select="@cert = ('low', 'medium') or @evidence"/>
    <xsl:variable name="title" select="string-join(($value[.],
        if ($inferred) then '(inferred from the date of the document)' else ()), ' ')"/>
    <xsl:variable name="datetime" select="html:datetime($machine)"/>
    <xsl:element name="{if (exists($datetime)) then 'time' else 'span'}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="('date', if ($inferred) then 'inferred' else (),
            if (@from or @to) then 'range' else ())"/>
      </xsl:call-template>
      <xsl:if test="exists($datetime)">
        <xsl:attribute name="datetime" select="$datetime"/>
      </xsl:if>
      <xsl:if test="$title">
        <xsl:attribute name="title" select="$title"/>
      </xsl:if>
      <xsl:if test="@to"><xsl:attribute name="data-to" select="@to"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- The sources keep their quotation marks, so q must not add the browser's. -->
  <xsl:template match="q | said">
    <span>
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'q'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="supplied">
    <span title="{string-join((if (@resp) then 'supplied by the source’s editor' else 'supplied by the editors', @reason[not(. = ('editorial', 'omitted-in-original'))] ! ('(' || . || ')')), ' ')}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'supplied'"/>
      </xsl:call-template>
      <span class="bracket">[</span>
      <xsl:apply-templates/>
      <span class="bracket">]</span>
    </span>
  </xsl:template>

  <xsl:template match="gap">
    <span title="{string-join(('omitted', @reason[. ne 'omitted'] ! ('(' || . || ')')), ' ')}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'gap'"/>
      </xsl:call-template>
      <xsl:text>[…]</xsl:text>
    </span>
  </xsl:template>

  <xsl:template match="unclear">
    <span title="unclear in the source">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'unclear'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- choice: the source's reading in the text; an identification or respelling the source's
       editor printed in brackets is shown so ("Filippov [Stalin]"), an edition's correction or
       regularisation is available on hover. -->
  <xsl:template match="choice">
    <xsl:variable name="source" select="(orig, sic, abbr, *)[1]"/>
    <xsl:variable name="edited" select="(reg, corr, expan)[1]"/>
    <span>
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'choice'"/>
      </xsl:call-template>
      <xsl:if test="$edited and not($edited/@resp)">
        <xsl:attribute name="title" select="(if ($edited/self::corr) then 'correction: ' else 'regularised: ') || normalize-space($edited)"/>
      </xsl:if>
      <xsl:apply-templates select="$source/node()"/>
      <xsl:if test="$edited/@resp">
        <xsl:text> </xsl:text>
        <span class="{local-name($edited)} supplied" title="{if ($edited/@type = 'identification') then 'identified by the source’s editor' else 'reading of the source’s editor'}">
          <span class="bracket">[</span><xsl:apply-templates select="$edited/node()"/><span class="bracket">]</span>
        </span>
      </xsl:if>
    </span>
  </xsl:template>

  <!-- A paragraph label quoted in the text ("b)"), a telegram's series letter. -->
  <xsl:template match="label[not(parent::list)]">
    <span>
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'label'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- A description of the carrier (a letterhead): the source editor's words, in brackets. -->
  <xsl:template match="figure[figDesc]">
    <xsl:element name="{if (html:in-phrasing(.)) then 'span' else 'p'}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'figure carrier'"/>
      </xsl:call-template>
      <span class="bracket">[</span><xsl:apply-templates select="figDesc/node()"/><span class="bracket">]</span>
    </xsl:element>
  </xsl:template>

  <xsl:template match="sic">
    <span title="sic">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'sic'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="del">
    <del><xsl:call-template name="html:attrs"/><xsl:apply-templates/></del>
  </xsl:template>

  <xsl:template match="add">
    <ins><xsl:call-template name="html:attrs"/><xsl:apply-templates/></ins>
  </xsl:template>

  <xsl:template match="hi">
    <xsl:variable name="rend" select="string(@rend)"/>
    <xsl:element name="{if (matches($rend, 'bold')) then 'strong'
        else if (matches($rend, 'sup')) then 'sup' else if (matches($rend, 'sub')) then 'sub' else 'em'}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'hi'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="foreign | term | num | measure | abbr | expan | orig | reg | corr | seg | emph | mentioned | soCalled">
    <span>
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="local-name()"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="title">
    <cite>
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'title'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </cite>
  </xsl:template>

  <!-- Inline idno (document and telegram numbers): marked, not altered. -->
  <xsl:template match="idno">
    <span title="{replace(string(@type), '-', ' ')}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'idno'"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- A link target the pages may render live: an http(s) or mailto: URL, or a reference
       relative to the edition; () for anything else (javascript:, data:, file:, //host, /path),
       which validation already refuses: this is the second line of defence. -->
  <xsl:function name="html:safe-href" as="xs:string?">
    <xsl:param name="uri" as="xs:string?"/>
    <xsl:variable name="u" select="normalize-space($uri)"/>
    <xsl:sequence select="if ($u = '') then ()
                          else if (matches($u, '^(https?://[^/\s]|mailto:)', 'i')) then $u
                          else if (matches($u, '^[A-Za-z][A-Za-z0-9+.\-]*:') or matches($u, '^[/\\]')
                                   or contains($u, '\')) then ()
                          else $u"/>
  </xsl:function>

  <xsl:template match="ref[@target] | ptr[@target]">
    <xsl:variable name="target" select="html:safe-href(tokenize(normalize-space(@target))[1])"/>
    <xsl:choose>
      <!-- a link inside a linked name would nest anchors; an unsafe target is no link -->
      <xsl:when test="empty($target) or ancestor::*[local-name() = $html:name-elements][@ref]">
        <span class="ref"><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <a href="{$target}">
          <xsl:call-template name="html:attrs">
            <xsl:with-param name="class" select="'ref'"/>
          </xsl:call-template>
          <xsl:apply-templates/>
          <xsl:if test="self::ptr"><xsl:value-of select="$target"/></xsl:if>
        </a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="ref">
    <span><xsl:call-template name="html:attrs"><xsl:with-param name="class" select="'ref'"/></xsl:call-template><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="lb">
    <br/>
  </xsl:template>

  <xsl:template match="pb">
    <span title="page break">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'pb'"/>
      </xsl:call-template>
      <xsl:value-of select="if (@n) then '[p. ' || @n || ']' else '|'"/>
    </span>
  </xsl:template>

  <!-- Notes of the text become numbered footnotes (see html:footnotes). -->
  <xsl:template match="text//note">
    <xsl:variable name="n" select="html:note-number(.)"/>
    <sup class="noteref"><a href="#{html:note-id(.)}" id="fnref-{$n}" role="doc-noteref"
        aria-label="Note {$n}"><xsl:value-of select="$n"/></a></sup>
  </xsl:template>

  <xsl:function name="html:note-number" as="xs:integer">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="count($note/preceding::note[ancestor::text]) + 1"/>
  </xsl:function>

  <xsl:function name="html:note-id" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="string(($note/@xml:id, 'fn-' || html:note-number($note))[1])"/>
  </xsl:function>

  <xsl:template name="html:footnotes">
    <xsl:param name="notes" as="element()*"/>
    <xsl:if test="exists($notes)">
      <section class="footnotes" aria-labelledby="footnotes-h" role="doc-endnotes">
        <h2 id="footnotes-h">Notes</h2>
        <ol>
          <xsl:for-each select="$notes">
            <xsl:variable name="n" select="html:note-number(.)"/>
            <li id="{html:note-id(.)}" value="{$n}" lang="{html:lang(.)}">
              <xsl:apply-templates/>
              <xsl:text> </xsl:text>
              <a class="backref" href="#fnref-{$n}" aria-label="Back to the text" title="Back to the text">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Unknown elements keep their content; block content gets a div. -->
  <xsl:template match="*">
    <xsl:element name="{if (not(html:in-phrasing(.)) and (p | child::div | list | table | lg | ab)) then 'div' else 'span'}">
      <xsl:call-template name="html:attrs">
        <xsl:with-param name="class" select="'tei-' || local-name()"/>
      </xsl:call-template>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Text nodes: language of a foreign script                            -->
  <!-- ================================================================== -->

  <!--
    The headers of the sources mix scripts without xml:lang (e.g. "People's Daily
    (人民日报)"). Screen readers and font selection need a lang, so a run of
    Cyrillic, Han or Hangul inside text of another language gets one. Han is
    taken as Chinese: the edition has no Japanese sources.
  -->
  <xsl:template match="text()" name="html:text">
    <xsl:param name="node" as="node()" select="."/>
    <xsl:variable name="lang" select="html:lang($node)"/>
    <xsl:choose>
      <xsl:when test="not(matches($node, '[&#x400;-&#x52F;&#x4E00;-&#x9FFF;&#xAC00;-&#xD7AF;]'))">
        <xsl:value-of select="$node"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:analyze-string select="$node"
            regex="([&#x400;-&#x52F;]([&#x400;-&#x52F;\s.,\-]*[&#x400;-&#x52F;])?)|([&#x4E00;-&#x9FFF;&#x3000;-&#x303F;&#xFF00;-&#xFFEF;]+)|([&#xAC00;-&#xD7AF;]([&#xAC00;-&#xD7AF;\s]*[&#xAC00;-&#xD7AF;])?)">
          <xsl:matching-substring>
            <xsl:variable name="script-lang" select="if (regex-group(1)) then 'ru' else if (regex-group(3)) then 'zh' else 'ko'"/>
            <xsl:choose>
              <xsl:when test="starts-with($lang, $script-lang)">
                <xsl:value-of select="."/>
              </xsl:when>
              <xsl:otherwise>
                <span lang="{$script-lang}"><xsl:value-of select="."/></span>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:matching-substring>
          <xsl:non-matching-substring>
            <xsl:value-of select="."/>
          </xsl:non-matching-substring>
        </xsl:analyze-string>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Text of a TEI node without its markup, but with the language spans. -->
  <xsl:template match="*" mode="html:plain">
    <xsl:apply-templates mode="html:plain"/>
  </xsl:template>

  <xsl:template match="note" mode="html:plain"/>

  <xsl:template match="text()" mode="html:plain">
    <xsl:call-template name="html:text"/>
  </xsl:template>

</xsl:stylesheet>
