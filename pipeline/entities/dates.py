"""Date expressions in English, Russian and Chinese text -> `<date>` spans.

Encoding (checked with jing against tei_all.rng; `<date>` is a member of
att.datable.w3c, att.global.responsibility and att.editLike):

* a single date: ``when`` as an ISO 8601 / XSD value: ``1953`` (gYear),
  ``1953-07`` (gYearMonth), ``1953-07-09`` (date), ``1951-07-03T13:55:00``
  (dateTime), or ``--07-08`` (gMonthDay) when the text gives month and day but
  neither the text nor the caller gives a year;
* a range ("February 4th to 7th", "三月十一日至二十一日"): ``from`` and ``to``;
* a year taken from ``context`` (the document's own date): additionally
  ``cert="medium" evidence="internal"``.  ``evidence`` comes from att.editLike;
  its suggested value ``internal`` ("there is internal evidence to support the
  interpretation") fits better than ``conjecture`` ("on the basis of their
  expertise"), because the year is read from the document's own dateline.

Rules:

* Only explicit expressions are annotated.  A day without a month ("on the
  7th", "八日电") and a month without day or year ("in June") are left alone:
  we never invent a month, and a bare month is too often a verb or a name
  ("March", "May").
* Bare years are dates only with a cue: a four-digit year 1850-2099 preceded
  by "of", "in", "since", "until", "till", "during", "from", "before",
  "after", "year", or "the" followed by a capitalised word ("the 1949 Geneva
  Convention"); in Russian followed by "г."/"год(а/у)"; in Chinese followed
  by "年".  So "27,000", "Article 109", "by 2000 men" are not dates.
  A year range "1950-53"/"1950–1953" is a from/to range of years.
* Dotted numeric dates are always day.month.year ("25.6.1950", "3.7.51"), as in
  the Russian documents; two-digit years mean 19YY.  Slash dates ("7/3/51")
  are ambiguous between D/M and M/D and are not recognised.
* Prepositions ("from", "of", "с") stay outside the span; Russian year words
  ("года", "г.") are part of it ("5.7.1951 г.").
* Every date is checked with `datetime` (no 31 June, no 29 February 1951);
  invalid dates yield no span, and a range whose end precedes its start yields
  no range.
* A year missing from "July 8th"/"七月八日" is the context year.  Only the year
  is ever inferred; a day-less or month-less expression never gets one.
* Overlaps: the longest candidate wins, so "June 1951" beats the bare year and
  "March 11th to 21st" beats "March 11th".  Spans get priority 1 (names get 0)
  but the recogniser's longest-match rule still comes first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from .spans import Span

DATE_PRIORITY = 1
INFERRED = {"cert": "medium", "evidence": "internal"}
# A day-only reference later in the month than the document's own date may as well mean
# the month before ("the 29th" in a telegram of 3 July): the month is taken, but as unsure.
INFERRED_UNSURE = {"cert": "low", "evidence": "internal"}


@dataclass(frozen=True)
class DateContext:
    """What a date that leaves its year (or month and year) unsaid takes them from.

    `from_document`: the document's own date; otherwise the nearest preceding explicit
    date of an undated text.
    """

    year: int
    month: int | None = None
    day: int | None = None
    from_document: bool = True

    @classmethod
    def of(cls, value: "str | DateContext | None", from_document: bool = True) -> "DateContext | None":
        if value is None or isinstance(value, DateContext):
            return value
        found = re.match(rf"^({YEAR})(?:-(\d\d)(?:-(\d\d))?)?", value.strip())
        if not found:
            raise ValueError(f"context must be an ISO date such as 1953-07-09, got {value!r}")
        y, m, d = found.groups()
        return cls(int(y), int(m) if m else None, int(d) if d else None, from_document)

_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_RU_MONTH_STEMS = [  # genitive, nominative, prepositional
    (1, ("января", "январь", "январе")), (2, ("февраля", "февраль", "феврале")),
    (3, ("марта", "март", "марте")), (4, ("апреля", "апрель", "апреле")),
    (5, ("мая", "май", "мае")), (6, ("июня", "июнь", "июне")),
    (7, ("июля", "июль", "июле")), (8, ("августа", "август", "августе")),
    (9, ("сентября", "сентябрь", "сентябре")), (10, ("октября", "октябрь", "октябре")),
    (11, ("ноября", "ноябрь", "ноябре")), (12, ("декабря", "декабрь", "декабре")),
]
_RU_GENITIVE = {forms[0]: m for m, forms in _RU_MONTH_STEMS}
_RU_ANY = {f: m for m, forms in _RU_MONTH_STEMS for f in forms}


def _alternation(words) -> str:
    # Longest first so "September" is not cut to "Sep".
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _en_month_pattern(name: str) -> str:
    # Title case or capitals only: lower-case "may"/"march" are verbs.
    forms = []
    for w in _EN_MONTHS:
        abbreviated = len(w) <= 4 and w not in ("may", "june", "july")
        suffix = r"\.?" if abbreviated else ""
        forms.append(f"(?:{w.capitalize()}|{w.upper()}){suffix}")
    forms.sort(key=len, reverse=True)
    return f"(?P<{name}>{'|'.join(forms)})(?![A-Za-z])"


YEAR = r"(?:18[5-9]\d|19\d\d|20\d\d)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
_NOT_NUM_BEFORE = r"(?<![\d.,/-])"
_NOT_NUM_AFTER = r"(?![\d]|[.,/-]\d)"


def _en_patterns() -> list[re.Pattern]:
    m1, m2 = _en_month_pattern("m"), _en_month_pattern("m2")
    d1 = rf"{_NOT_NUM_BEFORE}(?P<d>{_DAY}){_ORD}\b"
    d2 = rf"(?P<d2>{_DAY}){_ORD}\b"
    y1 = rf"(?P<y>{YEAR})\b"
    y2 = rf"(?P<y2>{YEAR})\b"
    time = (r"(?:(?:(?P<hh>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?: ?(?P<ampm>[ap]\.?m\.?))?"
            r"|(?P<hhmm>(?:[01]\d|2[0-3])[0-5]\d)(?= \d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+,? \d{4}))"
            r",? (?:hours,? )?(?:on )?)?")
    dash = r"(?: ?[-–—] ?| to | through | until | till )"
    return [re.compile(p) for p in (
        # July 3, 1951 / July 8th / March 19,1953
        rf"{time}\b{m1} {d1}(?:,? ?{y1})?",
        # March 11th to 21st(, 1953)
        rf"\b{m1} {d1}{dash}{d2}(?:,? ?{y1})?",
        # March 11 to April 2(, 1953)
        rf"\b{m1} {d1}(?:,? {y2})?{dash}{m2} {d2}(?:,? ?{y1})?",
        # 19 March 1953 / 19th of March / 13:55, 3 July 1951
        rf"{time}{d1}(?: of)? {m1}(?:,? {y1})?",
        # 4-7 February 1953 / 4 to 7 February
        rf"{d1}{dash}{d2} {m1}(?:,? {y1})?",
        # June 1951 / June, 1951
        rf"\b{m1},? {y1}",
    )]


# "on the 24th", "of the 19th": a day whose month and year the context gives. Not before a
# noun it counts ("the 38th parallel", "the 24th Army", "the 19th Congress").
_EN_DAY_ONLY = re.compile(
    rf"(?<=\b[Tt]he )(?P<d>{_DAY})(?:st|nd|rd|th)\b"
    r"(?! ?(?:[A-Z]|parallel|century|anniversary|army|division|corps|regiment|congress|session|plenum|"
    r"meeting|article|point|paragraph|day|year|time|floor|group|battalion|brigade|fleet|birthday|"
    r"part|chapter|section|item|round|item|place|edition|issue|volume|week|month|hour|minute|line|"
    r"degree|kilometer|kilometre|mile|km|of (?!this month|the month|the same month|[A-Z])))"
)
_RU_DAY_ONLY = re.compile(rf"(?<![\d.])(?P<d>{_DAY})-?го(?: числа)?(?![а-яё])|(?<![\d.])(?P<d2x>{_DAY}) числа(?![а-яё])")


_RU_GEN = f"(?P<m>{_alternation(_RU_GENITIVE)})"
_RU_MONTH_ANY = f"(?P<m>{_alternation(_RU_ANY)})"
_RU_YEAR_WORD = r"(?: ?(?:года|году|год|гг?\.))?"


def _ru_patterns() -> list[re.Pattern]:
    d1 = rf"{_NOT_NUM_BEFORE}(?P<d>{_DAY})"
    d2 = rf"(?P<d2>{_DAY})"
    y1 = rf"(?P<y>{YEAR})(?!\d){_RU_YEAR_WORD}"
    dash = r"(?: ?[-–—] ?| по | до )"
    flags = re.IGNORECASE
    return [re.compile(p, flags) for p in (
        rf"{d1} {_RU_GEN}(?![а-яё])(?: {y1})?",
        rf"{d1}{dash}{d2} {_RU_GEN}(?![а-яё])(?: {y1})?",
        rf"(?<![а-яё]){_RU_MONTH_ANY}(?![а-яё]) {y1}",
    )]


_ZH_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_YEAR = r"(?P<y>[〇○零一二三四五六七八九]{4}|(?<!\d)\d{4})"
_ZH_MONTH = r"(?P<m>十[一二]?|[一二三四五六七八九]|1[0-2]|0?[1-9])"
_ZH_DAY = r"三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]|[12]\d|3[01]|0?[1-9]"
_ZH_NO_NUM_BEFORE = r"(?<![〇○零一二三四五六七八九十\d])"


def _zh_patterns() -> list[re.Pattern]:
    month = _ZH_NO_NUM_BEFORE + _ZH_MONTH
    day = rf"(?P<d>{_ZH_DAY})"
    day2 = rf"(?P<d2>{_ZH_DAY})"
    month2 = _ZH_MONTH.replace("?P<m>", "?P<m2>")
    to = r"(?:至|到|—|–|-|~|～)"
    return [re.compile(p) for p in (
        rf"(?:{_ZH_YEAR}年)?{month}月{day}[日号]",
        rf"(?:{_ZH_YEAR}年)?{month}月{day}[日号]?{to}(?:{month2}月)?{day2}[日号]",
        rf"{_ZH_YEAR}年{month}月",
        rf"{_ZH_YEAR}年",
    )]


# "八日电", "本月十九日": a day whose month the context gives; not "第三日" (the third day),
# "三日内" (within three days), "日本", "日内瓦".
_ZH_DAY_ONLY = re.compile(
    rf"(?<![〇○零一二三四五六七八九十\d月第几每数同前后这那])(?:本月)?(?P<d>{_ZH_DAY})[日号](?![内间之以本后前])")


_NEUTRAL_PATTERNS = [re.compile(p) for p in (
    # ISO 8601: 1953-07-09, 1953-07-09T13:55(:00)
    rf"(?<![\d-])(?P<y>{YEAR})-(?P<mnum>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?:T(?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<ss>[0-5]\d))?)?(?![\d-])",
    # Day.month.year, optionally preceded by a time: 25.6.1950, 3.7.51, 13:55 3.7.1951
    r"(?<![\d.:])(?:(?P<hh>[01]?\d|2[0-3]):(?P<mi>[0-5]\d) )?"
    r"(?P<d>3[01]|[12]\d|0?[1-9])\.(?P<mnum>1[0-2]|0?[1-9])\.(?P<y>\d{4}|\d{2})"
    rf"(?!\d|\.\d){_RU_YEAR_WORD}",
    # Roman-numeral months, as Soviet offices wrote them: 3.VII.51, 3.VII.1951 г.
    r"(?<![\d.:])(?P<d>3[01]|[12]\d|0?[1-9])\. ?(?P<mroman>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\. ?"
    rf"(?P<y>\d{{4}}|\d{{2}})(?!\d|\.\d){_RU_YEAR_WORD}",
)]
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11,
          "XII": 12}

_EN_BARE_YEAR = re.compile(
    r"\b(?:(?i:of|in|since|until|till|during|from|before|after|year)"
    rf"|(?i:the)(?= {YEAR} [A-Z])) (?P<y>{YEAR})(?![\d]|[.,]\d|s\b|'s\b|[-–]\d)"
)
_YEAR_RANGE = re.compile(
    rf"(?<![\d./-])(?P<y>{YEAR})[-–](?P<y2>{YEAR}|\d\d)(?![\d]|[.,/-]\d)"
)
_RU_BARE_YEAR = re.compile(rf"(?<![\d.])(?P<y>{YEAR}) ?(?:года|году|год|гг?\.)")

_PATTERNS = {
    "en": _en_patterns() + [_EN_BARE_YEAR],
    "ru": _ru_patterns() + [_RU_BARE_YEAR],
    "zh": _zh_patterns(),
}
_DAY_ONLY = {"en": _EN_DAY_ONLY, "ru": _RU_DAY_ONLY, "zh": _ZH_DAY_ONLY}


def _zh_number(s: str) -> int:
    """Chinese or Arabic numeral -> int: 二十九, 三十一, 十, 十二, 一九五三, 29."""
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(c in _ZH_DIGITS for c in s):  # years are read digit by digit
        return int("".join(str(_ZH_DIGITS[c]) for c in s))
    if "十" in s:
        tens, _, units = s.partition("十")
        return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[units] if units else 0)
    return _ZH_DIGITS[s]


def _month_number(word: str) -> int:
    low = word.lower().rstrip(".")
    if low in _EN_MONTHS:
        return _EN_MONTHS[low]
    if low in _RU_ANY:
        return _RU_ANY[low]
    return _zh_number(word)


def _year_number(s: str) -> int:
    n = _zh_number(s)
    # source convention: "3.7.51" in a 1951 telegram; the edition covers 1950-53
    return 1900 + n if len(s) == 2 else n


def _iso(y: int | None, m: int | None, d: int | None, hh=None, mi=None, ss=None) -> str | None:
    """XSD value for the given parts, or None when the date does not exist."""
    try:
        if d is not None and m is not None:
            # 2000 is a leap year, so --02-29 passes when the year is unknown
            date(y if y is not None else 2000, m, d)
        elif m is not None and not 1 <= m <= 12:
            return None
    except ValueError:
        return None
    if y is None:
        return f"--{m:02d}-{d:02d}" if d is not None else None
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    if hh is not None:
        return datetime(y, m, d, hh, mi or 0, ss or 0).isoformat()
    return f"{y:04d}-{m:02d}-{d:02d}"


def _attrib_for(match: re.Match, ctx: DateContext | None, day_only: bool = False) -> dict[str, str] | None:
    """Turn a match into TEI date attributes, or None if it is not a real date."""
    g = match.groupdict().get
    context_year = ctx.year if ctx else None
    if day_only:
        d = _zh_number(g("d") or g("d2x"))
        if ctx is None or ctx.month is None:
            return None  # "the 24th" with nothing to say which month: not a date we can give
        when = _iso(ctx.year, ctx.month, d)
        unsure = ctx.from_document and ctx.day is not None and d > ctx.day
        return {"when": when, **(INFERRED_UNSURE if unsure else INFERRED)} if when else None
    y = _year_number(g("y")) if g("y") else None
    y2 = _year_number(g("y2")) if g("y2") else None
    month_text = g("mnum") or g("m")
    m = _ROMAN[g("mroman")] if g("mroman") else (_month_number(month_text) if month_text else None)
    m2 = _month_number(g("m2")) if g("m2") else None
    d = _zh_number(g("d")) if g("d") else None
    d2 = _zh_number(g("d2")) if g("d2") else None
    hh = int(g("hh")) if g("hh") else None
    mi = int(g("mi")) if g("mi") else None
    if g("hhmm"):
        hh, mi = int(g("hhmm")[:2]), int(g("hhmm")[2:])
    if g("ampm") and hh is not None:
        if not 1 <= hh <= 12:
            return None
        hh = hh % 12 + (12 if g("ampm").lower().startswith("p") else 0)
    ss = int(g("ss")) if g("ss") else None

    if m is None and d is None:  # year or year range
        if y2 is None:
            return {"when": f"{y:04d}"}
        if g("y2") and len(g("y2")) == 2:  # "1950-53"
            y2 = y // 100 * 100 + int(g("y2"))
        return {"from": f"{y:04d}", "to": f"{y2:04d}"} if y2 > y else None

    is_range = d2 is not None
    if y is None and y2 is not None:  # "March 11, 1953 to April 2"
        y = y2
    inferred = {}
    if y is None and y2 is None and context_year is not None and d is not None:
        y = context_year
        inferred = dict(INFERRED)
    if not is_range:
        when = _iso(y, m, d, hh, mi, ss)
        return {"when": when, **inferred} if when else None

    # Range: a year written once at the end applies to both ends ("March 11 to April 2, 1953").
    start_year = y2 if y2 is not None else y
    end_month = m2 if m2 is not None else m
    start = _iso(start_year, m, d)
    end = _iso(y, end_month, d2)
    if start is None or end is None:
        return None
    if y is not None and start_year is not None:
        if end < start and inferred and start_year == y:  # "December 28 to January 3"
            end = _iso(y + 1, end_month, d2)
        elif end <= start:
            return None
    elif (end_month, d2) <= (m, d):
        return None
    return {"from": start, "to": end, **inferred}


def _candidates(text: str, lang: str | None, ctx: DateContext | None):
    families = [lang] if lang in _PATTERNS else list(_PATTERNS)
    patterns = [p for fam in families for p in _PATTERNS[fam]]
    patterns += _NEUTRAL_PATTERNS + [_YEAR_RANGE]
    for pattern in patterns:
        for match in pattern.finditer(text):
            # Bare-year patterns match their cue word too; only the year is the date.
            start, end = match.span("y") if pattern is _EN_BARE_YEAR else match.span()
            # An impossible date still yields a candidate, without attributes, so that
            # it blocks its own fragments: "31 June 1953" must not become "June 1953".
            yield Span(start, end, "date", _attrib_for(match, ctx) or {}, priority=DATE_PRIORITY)
    for fam in families:
        for match in _DAY_ONLY[fam].finditer(text):
            attrib = _attrib_for(match, ctx, day_only=True)
            if attrib:  # a day-only reference with no month to give is simply not a date
                yield Span(match.start(), match.end(), "date", attrib, priority=DATE_PRIORITY)


def _lang_family(lang: str | None) -> str | None:
    return lang.split("-")[0].lower() if lang else None


def find_dates(text: str, lang: str, context: "str | DateContext | None" = None) -> list[Span]:
    """Non-overlapping `date` spans in `text`, in text order.

    `lang` ("en", "ru", "zh"; subtags ignored) selects the word patterns;
    numeric and ISO dates are found in any language, and an unknown `lang`
    uses every family.  `context` is the document's ISO date and only ever
    supplies a missing year.
    """
    chosen: list[Span] = []
    candidates = sorted(
        _candidates(text, _lang_family(lang), DateContext.of(context)),
        # at equal extent a real date beats an impossible reading of the same text
        key=lambda s: (-s.length, s.start, not s.attrib),
    )
    for span in candidates:
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted((s for s in chosen if s.attrib), key=lambda s: s.start)


def _month_of(span: Span) -> str | None:
    value = span.attrib.get("when") or span.attrib.get("to") or ""
    return value[:10] if re.match(r"^\d{4}-\d\d", value) else None


def find_dates_reading_on(text: str, lang: str, running: list) -> list[Span]:
    """Dates of an undated text, each read in the context of the nearest date before it.

    `running` holds that context ([DateContext or None]) from one call to the next, so
    that the texts of a document are read in order. The text is cut after each date with
    a year and a month, and what follows is read with that date as its context ("On
    March 5 … on the 7th" is 7 March).
    """
    spans: list[Span] = []
    pos = 0
    while pos < len(text):
        found = find_dates(text[pos:], lang, running[0])
        anchor = next((s for s in found if _month_of(s)), None)
        shifted = [Span(s.start + pos, s.end + pos, s.tag, s.attrib, s.priority) for s in found
                   if anchor is None or s.end <= anchor.end]
        spans += shifted
        if anchor is None:
            break
        running[0] = DateContext.of(_month_of(anchor), from_document=False)
        pos += anchor.end
    return spans


def date_value(text: str, lang: str = "en", context: str | None = None) -> dict[str, str] | None:
    """Attributes for a string that is one date and nothing else (a header date).

    "March 19, 1953" -> {"when": "1953-03-19"}; "1953" -> {"when": "1953"};
    "sometime in 1953" or "" -> None.
    """
    stripped = text.strip()
    if re.fullmatch(YEAR + r"\.?", stripped):
        return {"when": stripped.rstrip(".")}
    spans = find_dates(stripped, lang, context)
    # a closing full stop may follow the date ("July 3, 1951."); "г." keeps its own
    if len(spans) == 1 and spans[0].start == 0 and stripped[spans[0].end:] in ("", "."):
        return dict(spans[0].attrib)
    return None
