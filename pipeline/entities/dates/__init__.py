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

* A day without a month ("on the 24th", "八日电") takes its month and year from
  the context, the document's own date or, in an undated text, the nearest date
  before it; so do relative days ("yesterday", "当日", "вчера") and telegraph day
  codes ("酉支"), and each such value is marked inferred.  Without a context
  there is no value and no date.  A month without day or year ("in June") is left
  alone: a bare month is too often a verb or a name ("March", "May").
* Bare years are dates only with a cue: a four-digit year 1850-2099 preceded
  by "of", "in", "since", "until", "till", "during", "from", "before",
  "after", "year", or "the" followed by a capitalised word ("the 1949 Geneva
  Convention"); in Russian followed by "г."/"год(а/у)"; in Chinese followed
  by "年".  So "27,000", "Article 109", "by 2000 men" are not dates.
  A year range "1950-53"/"1950–1953" is a from/to range of years.
* Dotted numeric dates are always day.month.year ("25.6.1950", "3.7.51"), as in
  the Russian documents; two-digit years mean 19YY.  Slash dates are recognised
  only where they cannot be read two ways ("10/14/50"); "7/3/51" is left alone.
* A time of day, a weekday or a qualifier beside a date joins its span
  (`modifiers`): "11 August 7:00", "0020 2 September", "Monday, April 20",
  "early October 1950", "spring of 1953", "1950年10月初"; a time makes a
  dateTime only for a whole date of a known year.
* Prepositions ("from", "of", "с") stay outside the span; Russian year words
  ("года", "г.") are part of it ("5.7.1951 г.").
* Every date is checked with `datetime` (no 31 June, no 29 February 1951);
  invalid dates yield no span, and a range whose end precedes its start yields
  no range.
* A year missing from "July 8th"/"七月八日" is the context year.
* Overlaps: the longest candidate wins, so "June 1951" beats the bare year and
  "March 11th to 21st" beats "March 11th".  Spans get priority 1 (names get 0)
  but the recogniser's longest-match rule still comes first.
"""

from __future__ import annotations

import re

from ..spans import Span
from .context import INFERRED, INFERRED_UNSURE, YEAR, DateContext
from .explicit import DATE_PRIORITY, _candidates
from .modifiers import extend
from .relative import find_relative

__all__ = ["DATE_PRIORITY", "INFERRED", "INFERRED_UNSURE", "YEAR", "DateContext", "date_value", "find_dates",
           "find_dates_reading_on"]


def _lang_family(lang: str | None) -> str | None:
    return lang.split("-")[0].lower() if lang else None


def find_dates(text: str, lang: str, context: "str | DateContext | None" = None,
               last: "str | DateContext | None" = None, quoted: bool = False) -> list[Span]:
    """Non-overlapping `date` spans in `text`, in text order.

    `lang` ("en", "ru", "zh", "ko"; subtags ignored) selects the word patterns;
    numeric and ISO dates are found in any language, and an unknown `lang` uses
    every family.  `context` is the date the text is read against (the document's
    own); `last` the day last named before the text, for "that day", "当日"; `quoted`
    for a text inside a quotation, whose "today" is not the document's.
    """
    family = _lang_family(lang)
    ctx = DateContext.of(context)
    candidates = list(_candidates(text, family, ctx))
    candidates += find_relative(text, family or "en", ctx, DateContext.of(last, from_document=False),
                                deictic=not quoted)
    chosen: list[Span] = []
    # at equal extent a real date beats an impossible reading of the same text
    for span in sorted(candidates, key=lambda s: (-s.length, s.start, not s.attrib)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    dates = sorted((s for s in chosen if s.attrib), key=lambda s: s.start)
    return extend(text, dates, family or "en")


def _day_of(span: Span) -> DateContext | None:
    """The day (or month) a date names, as a context for what follows."""
    value = span.attrib.get("when") or span.attrib.get("to") or ""
    m = re.match(r"^(\d{4})-(\d\d)(?:-(\d\d))?|^--(\d\d)-(\d\d)", value)
    if not m:
        return None
    if m.group(1):
        return DateContext(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None,
                           from_document=False)
    return DateContext(None, int(m.group(4)), int(m.group(5)), from_document=False)


def _later_or_same(new: DateContext, old: DateContext | None) -> bool:
    if old is None or new.year is None or old.year is None:
        return True
    return (new.year, new.month or 0, new.day or 0) >= (old.year, old.month or 0, old.day or 0)


def find_dates_reading_on(text: str, lang: str, running: list, document: "str | DateContext | None" = None,
                          quoted: bool = False) -> list[Span]:
    """Dates of the texts of one document, read in order, each in the light of the dates before it.

    `running` holds ([DateContext or None]) the day last named, from one call to the next.
    With `document` (the document's own date) a date leaving its year unsaid takes the
    document's; without, the day last named gives it ("On March 5 … on the 7th" is 7 March).
    A date with its own year moves the day last named only forward: "according to the
    agreement of 23 October 1951" in a chapter on July 1953 does not send "7月27日" back to
    1951; a date without one ("On March 5" after a quoted "April 18, 1953") always moves it.
    """
    document = DateContext.of(document)
    spans: list[Span] = []
    pos = 0
    while pos < len(text):
        base = document or running[0]
        found = find_dates(text[pos:], lang, base, running[0] or document, quoted)
        anchor = next((s for s in found if _day_of(s) and _day_of(s).month), None)
        spans += [Span(s.start + pos, s.end + pos, s.tag, s.attrib, s.priority) for s in found
                  if anchor is None or s.end <= anchor.end]
        if anchor is None:
            break
        day = _day_of(anchor)
        if day.year is None and running[0] is not None and running[0].year is not None and document is None:
            day = DateContext(running[0].year, day.month, day.day, from_document=False)
        # A date with a year of its own moves the narrative only forward (an earlier year is
        # a reference back); a date that took its year from the narrative always moves it.
        if "evidence" in anchor.attrib or _later_or_same(day, running[0]):
            running[0] = day
        pos += anchor.end
    return spans


def date_value(text: str, lang: str = "en", context: str | None = None) -> dict[str, str] | None:
    """Attributes for a string that is one date and nothing else (a header date).

    "March 19, 1953" -> {"when": "1953-03-19"}; "1953" -> {"when": "1953"};
    "sometime in 1953" or "" -> None.
    """
    # A date line in brackets ("(一九五○年十月八日)", "[June 7, 1953]") is the date within them.
    stripped = text.strip().strip("()（）[]【】").strip()
    if re.fullmatch(YEAR + r"\.?", stripped):
        return {"when": stripped.rstrip(".")}
    if lang == "en" and re.search(r"[\u4e00-\u9fff\u0400-\u04ff\uac00-\ud7af]", stripped):
        # a caller that does not know the language: the script tells it
        lang = "zh" if re.search(r"[\u4e00-\u9fff]", stripped) else "ko" if re.search(
            r"[\uac00-\ud7af]", stripped) else "ru"
    spans = find_dates(stripped, lang, context)
    # a closing full stop may follow the date ("July 3, 1951."); "г." keeps its own
    if len(spans) == 1 and spans[0].start == 0 and stripped[spans[0].end:] in ("", "."):
        return dict(spans[0].attrib)
    return None
