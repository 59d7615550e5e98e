"""Explicit date expressions: the words and numbers that name a day, a month, a year or a span.

The patterns of each language, and the reading of a match into TEI attributes. What a date
takes from its context is in `context`; times, qualifiers and weekdays that extend a date's
span are in `modifiers`; dates said relative to another (yesterday, 当日, a telegraph day
code) are in `relative`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ..spans import Span
from .context import INFERRED, INFERRED_UNSURE, YEAR, DateContext

DATE_PRIORITY = 1

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


_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
_NOT_NUM_BEFORE = r"(?<![\d.,/-])"
_NOT_NUM_AFTER = r"(?![\d]|[.,/-]\d)"


def _en_patterns() -> list[re.Pattern]:
    m1, m2 = _en_month_pattern("m"), _en_month_pattern("m2")
    # "April l7": a capture's letter l for the digit 1 (read as 1 in _day_number)
    d1 = rf"{_NOT_NUM_BEFORE}(?P<d>{_DAY}|l\d){_ORD}\b"
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
# the year's word, whole: "года", "г.", "гг." — not the "год" of "годов" (which makes a range)
_RU_YEAR_WORD = r"(?: ?(?:года|году|годах|годов|годы|год(?![а-яё])|гг?\.))?"


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


_ZH_DIGITS = {"〇": 0, "○": 0, "零": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A year in Chinese numerals may carry a digit zero: "一九五0年".
_ZH_YEAR = r"(?P<y>[〇○零0一二三四五六七八九]{4}|(?<!\d)\d{4})"
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
    # Slash dates only where they cannot be read two ways: "10/14/50" (M/D/YY, a translator's
    # American style) or "14/10/50" (D/M/YY); "7/3/51" could be either and is left alone.
    r"(?<![\d/])(?P<mnum>1[0-2]|0?[1-9])/(?P<d>1[3-9]|2\d|3[01])/(?P<y>\d{4}|\d{2})(?![\d/])",
    r"(?<![\d/])(?P<d>1[3-9]|2\d|3[01])/(?P<mnum>1[0-2]|0?[1-9])/(?P<y>\d{4}|\d{2})(?![\d/])",
    # "13.June.1951": a month's name between dots
    rf"(?<![\d.:])(?P<d>3[01]|[12]\d|0?[1-9])\.{_en_month_pattern('m')}\.(?P<y>\d{{4}})(?!\d)",
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
    rf"(?<![\d./-])(?P<y>{YEAR}) ?[-–—] ?(?P<y2>{YEAR}|\d\d)(?![\d]|[.,/-]\d)(?: ?(?:годов|годах|годы|гг\.))?"
)
_RU_BARE_YEAR = re.compile(rf"(?<![\d.])(?P<y>{YEAR}) ?(?:года|году|год(?![а-яё])|гг?\.)")

# "the 1950s", "50年代", "1950年代": a decade, as a span of years.
_DECADES = [re.compile(r"(?<![\w])(?P<dec>(?:18|19|20)\d0)s(?![\w])"),
            re.compile(r"(?<![\d〇○零一二三四五六七八九十])(?P<dec>(?:19)?[1-9]0)年代")]


def _ko_patterns() -> list[re.Pattern]:
    return [re.compile(p) for p in (
        rf"(?<!\d)(?P<y>{YEAR})년 ?(?P<mnum>1[0-2]|0?[1-9])월(?: ?(?P<d>3[01]|[12]\d|0?[1-9])일)?",
        r"(?<!\d)(?P<mnum>1[0-2]|0?[1-9])월 ?(?P<d>3[01]|[12]\d|0?[1-9])일",
    )]


_PATTERNS = {
    "en": _en_patterns() + [_EN_BARE_YEAR],
    "ru": _ru_patterns() + [_RU_BARE_YEAR],
    "zh": _zh_patterns(),
    "ko": _ko_patterns(),
}
_DAY_ONLY = {"en": _EN_DAY_ONLY, "ru": _RU_DAY_ONLY, "zh": _ZH_DAY_ONLY, "ko": re.compile(r"(?!x)x")}


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
    d = _zh_number(g("d").replace("l", "1")) if g("d") else None
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
    for pattern in _DECADES:
        for match in pattern.finditer(text):
            first = int(match.group("dec")) if len(match.group("dec")) == 4 else 1900 + int(match.group("dec"))
            yield Span(match.start(), match.end(), "date", {"from": f"{first:04d}", "to": f"{first + 9:04d}"},
                       priority=DATE_PRIORITY)
    for fam in families:
        for match in _DAY_ONLY[fam].finditer(text):
            attrib = _attrib_for(match, ctx, day_only=True)
            if attrib:  # a day-only reference with no month to give is simply not a date
                yield Span(match.start(), match.end(), "date", attrib, priority=DATE_PRIORITY)
