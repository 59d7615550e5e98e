"""Dates said against another: yesterday, 当日, "this year", a telegraph's day code.

Each takes its value from the context: the day the text was written (the document's own
date, or the nearest date before it in an undated text) for "yesterday", "today",
"tomorrow", "вчера", "今天"; the day last named for "that day", "the next day", "当日",
"次日". Every such value is marked as inferred (`cert`, `evidence="internal"`); without a
context there is no value, and no date.

Chinese telegrams of the period date themselves by the 韵目代日 code: an earthly branch for
the month (子 = January … 亥 = December) and a rhyme character for the day (东 = 1, 冬 = 2,
江 = 3, 支 = 4 … 世 = 31), "酉支电" being the telegram of 4 October.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..spans import Span
from .context import INFERRED, DateContext

DATE_PRIORITY = 1

# offset in days from the day of writing
_DEICTIC = {
    "en": [(r"the day before yesterday", -2), (r"yesterday", -1), (r"today", 0), (r"tonight", 0),
           (r"the day after tomorrow", 2), (r"tomorrow", 1)],
    "ru": [(r"позавчера", -2), (r"вчера", -1), (r"сегодня", 0), (r"послезавтра", 2), (r"завтра", 1)],
    "zh": [(r"前天|前日", -2), (r"昨天|昨日", -1), (r"今天|今日|本日", 0), (r"后天", 2), (r"明天|明日", 1)],
}
# offset in days from the day last named
_ANAPHORIC = {
    "en": [(r"the same day|that day|that same day", 0), (r"the next day|the following day", 1)],
    "ru": [(r"в тот же день|в тот день", 0), (r"на следующий день", 1)],
    "zh": [(r"当日|当天|同日|是日", 0), (r"次日|翌日|第二天", 1)],
}
_ZH_RELATIVE_YEAR = re.compile(r"(?P<rel>今年|本年|同年|去年|上年|明年|次年)(?P<m>十[一二]?|[一二三四五六七八九]|1[0-2]|0?[1-9])月"
                               r"(?:(?P<d>三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]|[12]\d|3[01]|0?[1-9])[日号])?")
_KO_SAME_YEAR = re.compile(r"같은 해 (?P<m>1[0-2]|0?[1-9])월")
_YEAR_OFFSET = {"今年": 0, "本年": 0, "同年": 0, "去年": -1, "上年": -1, "明年": 1, "次年": 1}
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_RHYMES = [("东",), ("冬",), ("江",), ("支",), ("微",), ("鱼",), ("虞",), ("齐",), ("佳",), ("灰",), ("真",), ("文",),
           ("元",), ("寒",), ("删",), ("铣", "先"), ("筱", "篠"), ("巧",), ("皓",), ("号", "哿"), ("马",), ("养",),
           ("漾",), ("敬",), ("有",), ("宥",), ("感",), ("俭", "勘"), ("艳",), ("卅", "陷"), ("世", "引")]
_RHYME_DAY = {c: i + 1 for i, chars in enumerate(_RHYMES) for c in chars}
_TELEGRAPH_CODE = re.compile(rf"(?P<b>[{_BRANCHES}])(?P<r>[{''.join(_RHYME_DAY)}])(?=电)")


def _shift(ctx: DateContext, days: int) -> str | None:
    if ctx is None or ctx.month is None or ctx.day is None:
        return None
    year = ctx.year if ctx.year is not None else 2000  # a leap year: 29 February survives the arithmetic
    try:
        day = date(year, ctx.month, ctx.day) + timedelta(days=days)
    except ValueError:
        return None
    if ctx.year is None:
        return f"--{day.month:02d}-{day.day:02d}"
    return day.isoformat()


def find_relative(text: str, lang: str, ctx: DateContext | None, last: DateContext | None,
                  deictic: bool = True) -> list[Span]:
    """Relative dates in `text`: deictic ones against `ctx`, anaphoric ones against `last`
    (the day last named before the text, or `ctx`). `deictic` False inside a quotation,
    whose "today" is its own writer's and not the document's."""
    family = (lang or "en").split("-")[0].lower()
    spans = []
    for table, base in (((_DEICTIC, ctx),) if deictic else ()) + ((_ANAPHORIC, last or ctx),):
        for pattern, offset in table.get(family, []):
            flags = re.I if family != "zh" else 0
            boundary = (r"(?<![\w])", r"(?![\w])") if family != "zh" else ("", "")
            # "today's meeting": an adjective of time, not a date
            for m in re.finditer(boundary[0] + f"(?:{pattern})" + boundary[1] + r"(?!['’]s)", text, flags):
                value = _shift(base, offset)
                if value:
                    spans.append(Span(m.start(), m.end(), "date", {"when": value, **INFERRED}, DATE_PRIORITY))
    if family == "zh":
        for m in _ZH_RELATIVE_YEAR.finditer(text):
            base = (last or ctx) if m.group("rel") == "同年" else ctx
            if base is None or base.year is None:
                continue
            from .explicit import _zh_number

            y = base.year + _YEAR_OFFSET[m.group("rel")]
            month = _zh_number(m.group("m"))
            day = _zh_number(m.group("d")) if m.group("d") else None
            try:
                value = date(y, month, day).isoformat() if day else f"{y:04d}-{month:02d}"
            except ValueError:
                continue
            spans.append(Span(m.start(), m.end(), "date", {"when": value, **INFERRED}, DATE_PRIORITY))
        for m in _TELEGRAPH_CODE.finditer(text):
            month, day = _BRANCHES.index(m.group("b")) + 1, _RHYME_DAY[m.group("r")]
            year = ctx.year if ctx is not None else None
            try:
                date(year or 2000, month, day)
            except ValueError:
                continue
            value = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
            spans.append(Span(m.start(), m.end(), "date", {"when": value, **INFERRED}, DATE_PRIORITY))
    same_year = last or ctx  # "같은 해": the year last named
    if family == "ko" and same_year is not None and same_year.year is not None:
        for m in _KO_SAME_YEAR.finditer(text):
            spans.append(Span(m.start(), m.end(), "date", {"when": f"{same_year.year:04d}-{int(m.group('m')):02d}",
                                                           **INFERRED}, DATE_PRIORITY))
    return spans
