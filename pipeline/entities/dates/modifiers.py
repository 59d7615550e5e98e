"""What stands beside a date and belongs to it: a time of day, a weekday, a qualifier.

"11 August 7:00", "14.00 22.10.1951 года", "0020 2 September", "20 o'clock on 1 August
1953", "四月二日上午十一时": the time joins the date, and the value becomes a dateTime when
the date is a whole day of a known year (an XSD gMonthDay cannot carry a time, so "12
August 4:00" of an unknown year stays --08-12). "Monday, April 20": the weekday joins the
span. "early October 1950", "spring of 1953", "весной 1953 года", "1950年10月初": the
qualifier joins the span and the value is the period it qualifies; the thirds of a month
(上旬, 中旬, 下旬) become a span of days.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime

from ..spans import Span

_ZH_NUM = "零〇○一二三四五六七八九十两"
_TIME_BEFORE = re.compile(
    r"(?:(?P<hh>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?: ?(?P<ampm>[ap]\.?m\.?))?|(?P<hhmm>(?:[01]\d|2[0-3])[0-5]\d)"
    r"|(?P<oclock>[01]?\d|2[0-3]) o['’]clock)"
    r",?[ \t](?:hours,?[ \t])?(?:on[ \t])?$")
_TIME_AFTER = re.compile(
    r"^,?[ \t](?:at[ \t]|в[ \t])?(?:(?P<hh>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?: ?(?P<ampm>[ap]\.?m\.?))?"
    r"|(?P<hhmm>(?:[01]\d|2[0-3])[0-5]\d)(?=[ \t]*(?:$|[.,;)\n])))")
_ZH_TIME_AFTER = re.compile(
    rf"^(?P<part>上午|下午|晚上|晚|早上|早晨|凌晨|中午|夜间|夜)?(?P<h>[{_ZH_NUM}\d]{{1,3}})[时点]"
    rf"(?:(?P<m>[{_ZH_NUM}\d]{{1,3}})分)?")
_WEEKDAY_BEFORE = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                             r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье),?[ \t]$", re.I)
_QUALIFIER_BEFORE = re.compile(
    r"(?:early|mid-|mid|late|(?:beginning|end|middle|first half|second half) of|"
    r"(?:spring|summer|autumn|fall|winter)(?: of)?|"
    r"начал[еоа]|конц[еа]|середин[еы]|весной|летом|осенью|зимой|весна|лето|осень|зима)[ \t]$", re.I)
# "中" alone is left out: "1953年中国…" is the year, then China.
_ZH_QUALIFIER_AFTER = re.compile(r"^(?P<q>上旬|中旬|下旬|上半年|下半年|春季|夏季|秋季|冬季|初|底|末|春|夏|秋|冬)")
_DAY_PRECISION = re.compile(r"^-?-?\d{0,4}-?\d\d-\d\d$")


def _zh_int(s: str) -> int:
    from .explicit import _zh_number

    return _zh_number(s.replace("两", "二").replace("○", "〇"))


def _with_time(value: str, hh: int, mi: int) -> str | None:
    """A dateTime for a whole date of a known year; None when the value cannot take a time."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return None
    try:
        return datetime.fromisoformat(value).replace(hour=hh, minute=mi).isoformat()
    except ValueError:
        return None


def _clock(m: re.Match) -> tuple[int, int] | None:
    g = m.groupdict()
    if g.get("hhmm"):
        hh, mi = int(g["hhmm"][:2]), int(g["hhmm"][2:])
    elif g.get("oclock"):
        hh, mi = int(g["oclock"]), 0
    else:
        hh, mi = int(g["hh"]), int(g["mi"])
    if g.get("ampm"):
        if not 1 <= hh <= 12:
            return (hh, mi) if hh > 12 else None  # "13:30 p.m.": a 24-hour time with a stray p.m.
        hh = hh % 12 + (12 if g["ampm"].lower().startswith("p") else 0)
    return (hh, mi) if hh < 24 and mi < 60 else None


def _set_time(span: Span, start: int, end: int, clock: tuple[int, int] | None) -> Span:
    attrib = dict(span.attrib)
    if clock and "when" in attrib:
        timed = _with_time(attrib["when"], *clock)
        if timed:
            attrib["when"] = timed
    return Span(start, end, span.tag, attrib, span.priority)


def extend(text: str, spans: list[Span], lang: str) -> list[Span]:
    """`spans` (dates, non-overlapping) with what stands beside each joined to it."""
    out = []
    bounds = [0] + [s.end for s in spans]
    ends = [s.start for s in spans[1:]] + [len(text)]
    for span, left_limit, right_limit in zip(spans, bounds, ends):
        value = span.attrib.get("when", "")
        has_time = "T" in value
        start, end = span.start, span.end
        before = text[left_limit:start]
        after = text[end:right_limit]
        if lang == "zh" or lang == "ko":
            if (m := _ZH_TIME_AFTER.match(after)) and not has_time and value.endswith(tuple("0123456789")):
                hh = _zh_int(m.group("h"))
                mi = _zh_int(m.group("m")) if m.group("m") else 0
                if m.group("part") in ("下午", "晚上", "晚", "夜间", "夜") and hh < 12:
                    hh += 12
                span = _set_time(span, start, end + m.end(), (hh, mi) if hh < 24 and mi < 60 else None)
                end = span.end
            elif (m := _ZH_QUALIFIER_AFTER.match(after)) and re.fullmatch(r"\d{4}(?:-\d\d)?", value):
                span = _third_of_month(span, m.group("q"), end + m.end())
                end = span.end
            out.append(span)
            continue
        if not has_time and _DAY_PRECISION.match(value):
            if m := _TIME_BEFORE.search(before):
                span = _set_time(span, left_limit + m.start(), end, _clock(m))
                start = span.start
            elif m := _TIME_AFTER.match(after):
                span = _set_time(span, start, end + m.end(), _clock(m))
                end = span.end
        if m := _WEEKDAY_BEFORE.search(text[left_limit:start]):
            start = left_limit + m.start()
        elif re.fullmatch(r"\d{4}(?:-\d\d)?", value) and (m := _QUALIFIER_BEFORE.search(text[left_limit:start])):
            start = left_limit + m.start()
        out.append(Span(start, end, span.tag, span.attrib, span.priority))
    return out


def _third_of_month(span: Span, qualifier: str, end: int) -> Span:
    value = span.attrib["when"]
    attrib = dict(span.attrib)
    if qualifier.endswith("旬") and len(value) == 7:
        y, m = int(value[:4]), int(value[5:7])
        first, last = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, calendar.monthrange(y, m)[1])}[qualifier]
        del attrib["when"]
        attrib = {"from": f"{value}-{first:02d}", "to": f"{value}-{last:02d}",
                  **{k: v for k, v in attrib.items() if k not in ("from", "to")}}
    return Span(span.start, end, span.tag, attrib, span.priority)
