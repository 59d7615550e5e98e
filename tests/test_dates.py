"""Date recognition: seed forms, other wordings, impossible dates, context, TEI validity.

Expected values were worked out by hand from the calendar, not copied from output.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from pipeline.entities.dates import date_value, find_dates, find_dates_reading_on
from pipeline.xmlio import TEI_NS, tei

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"
from conftest import TEI_ALL as TEI_RNG  # noqa: E402
INFERRED = {"cert": "medium", "evidence": "internal"}


def only_date(text, lang, context=None):
    spans = find_dates(text, lang, context)
    assert len(spans) == 1, [(text[s.start:s.end], s.attrib) for s in spans]
    span = spans[0]
    return text[span.start:span.end], span.attrib


CASES = [
    # (text, lang, context, surface, attributes)
    # -- English, as in the seeds
    ("signed on March 19, 1953 in Moscow", "en", None, "March 19, 1953", {"when": "1953-03-19"}),
    ("RESOLUTION Of 19 March 1953 No. 858-372cc.", "en", None, "19 March 1953", {"when": "1953-03-19"}),
    ("(Xinhua News Agency, Kaesong, July 8th) The", "en", "1953-07-09", "July 8th",
     {"when": "1953-07-08", **INFERRED}),
    ("your reply of June 29th, you", "en", "1953-07-09", "June 29th", {"when": "1953-06-29", **INFERRED}),
    ("appeal of General Clark on February 22 on the question", "en", "1953-03-19", "February 22",
     {"when": "1953-02-22", **INFERRED}),
    ("Clarke sent a letter on February 22 recommending", "en", None, "February 22", {"when": "--02-22"}),
    ("From March 11th to 21st, Soviet leaders", "en", "1953-03-30", "March 11th to 21st",
     {"from": "1953-03-11", "to": "1953-03-21", **INFERRED}),
    ("held from February 4th to 7th, Mao", "en", None, "February 4th to 7th",
     {"from": "--02-04", "to": "--02-07"}),
    ("were begun in Gaeseong in June 1951 for a ceasefire", "en", None, "June 1951", {"when": "1951-06"}),
    ("you reported in April 1952, plus", "en", "1953-07-09", "April 1952", {"when": "1952-04"}),
    ("Date: 1953-07-09", "en", None, "1953-07-09", {"when": "1953-07-09"}),
    ("From BEIJING Received 13:55 3.7.1951\nSERIES", "en", None, "13:55 3.7.1951",
     {"when": "1951-07-03T13:55:00"}),
    ("as it was before 25.6.1950, in other words", "en", None, "25.6.1950", {"when": "1950-06-25"}),
    ("MAO ZEDONG\nNo. 3305\n3.7.51\n###", "en", None, "3.7.51", {"when": "1951-07-03"}),
    ("the Geneva Convention of 1949, which demands", "en", None, "1949", {"when": "1949"}),
    ("Article 109 of the 1949 Geneva Convention.", "en", None, "1949", {"when": "1949"}),
    # -- English, other wordings
    ("on Sept. 3, 1951 the talks", "en", None, "Sept. 3, 1951", {"when": "1951-09-03"}),
    ("on the 27th of July, 1953 at", "en", None, "27th of July, 1953", {"when": "1953-07-27"}),
    ("SIGNED JULY 27, 1953 AT PANMUNJOM", "en", None, "JULY 27, 1953", {"when": "1953-07-27"}),
    ("the talks of 4-7 February 1953 ended", "en", None, "4-7 February 1953",
     {"from": "1953-02-04", "to": "1953-02-07"}),
    ("from March 11 to April 2, 1953 the", "en", None, "March 11 to April 2, 1953",
     {"from": "1953-03-11", "to": "1953-04-02"}),
    ("on 29 February 1952 the", "en", None, "29 February 1952", {"when": "1952-02-29"}),
    ("at 10:00, 27 July 1953 the armistice", "en", None, "10:00, 27 July 1953",
     {"when": "1953-07-27T10:00:00"}),
    ("the Korean War 1950-53 ended", "en", None, "1950-53", {"from": "1950", "to": "1953"}),
    ("relations since 1945 were", "en", None, "1945", {"when": "1945"}),
    ("a letter of October 16, 1952 (this", "en", "1953-03-19", "October 16, 1952", {"when": "1952-10-16"}),
    # -- Russian
    ("Резолюция от 19 марта 1953 года принята", "ru", None, "19 марта 1953 года", {"when": "1953-03-19"}),
    ("такой, какой она была до 25.6.1950 года, то есть", "ru", None, "25.6.1950 года",
     {"when": "1950-06-25"}),
    ("Примерно 5.7.1951 г. он прибудет", "ru", None, "5.7.1951 г.", {"when": "1951-07-05"}),
    ("Получена 13:55 3.7.1951", "ru", None, "13:55 3.7.1951", {"when": "1951-07-03T13:55:00"}),
    ("переговоры начались в июне 1951 года в Кэсоне", "ru", None, "июне 1951 года", {"when": "1951-06"}),
    ("совещание с 11 по 21 марта 1953 г. в Москве", "ru", None, "11 по 21 марта 1953 г.",
     {"from": "1953-03-11", "to": "1953-03-21"}),
    ("письмо от 7 ноября о пленных", "ru", "1952-11-20", "7 ноября", {"when": "1952-11-07", **INFERRED}),
    ("Женевской конвенции 1949 года", "ru", None, "1949 года", {"when": "1949"}),
    ("Шифртелеграмма 3.7.51", "ru", None, "3.7.51", {"when": "1951-07-03"}),
    # -- Chinese
    ("金日成 一九五三年七月七日", "zh", None, "一九五三年七月七日", {"when": "1953-07-07"}),
    ("你在一九五三年六月二十九日复信中", "zh", None, "一九五三年六月二十九日", {"when": "1953-06-29"}),
    ("朝中代表团七月八日发表公报", "zh", "1953-07-09", "七月八日", {"when": "1953-07-08", **INFERRED}),
    ("哈利逊将军六月十八日来信", "zh", "1953-07-09", "六月十八日", {"when": "1953-06-18", **INFERRED}),
    ("日期：1953-07-09 第1版", "zh", None, "1953-07-09", {"when": "1953-07-09"}),
    ("1953年7月9日发表", "zh", None, "1953年7月9日", {"when": "1953-07-09"}),
    ("于十月三十一日出发", "zh", "1952-12-01", "十月三十一日", {"when": "1952-10-31", **INFERRED}),
    ("十二月十日的声明", "zh", None, "十二月十日", {"when": "--12-10"}),
    ("一九五〇年六月二十五日战争爆发", "zh", None, "一九五〇年六月二十五日", {"when": "1950-06-25"}),
    ("会谈三月十一日至二十一日举行", "zh", "1953-03-30", "三月十一日至二十一日",
     {"from": "1953-03-11", "to": "1953-03-21", **INFERRED}),
    ("你们在一九五二年四月所报道", "zh", None, "一九五二年四月", {"when": "1952-04"}),
    ("一九四九年日内瓦公约", "zh", None, "一九四九年", {"when": "1949"}),
    ("二月二十九日", "zh", None, "二月二十九日", {"when": "--02-29"}),
    ("十一月三日", "zh", None, "十一月三日", {"when": "--11-03"}),
    # -- day-only references: month and year from the context
    ("China sent a delegation to Moscow on the 7th to attend", "en", "1953-03-19", "7th",
     {"when": "1953-03-07", **INFERRED}),
    ("【新华社开城八日电】", "zh", "1953-07-09", "八日", {"when": "1953-07-08", **INFERRED}),
    ("本月十九日来信", "zh", "1953-07-25", "本月十九日", {"when": "1953-07-19", **INFERRED}),
    ("прибудет 5-го числа", "ru", "1951-07-03", "5-го числа", {"when": "1951-07-05", "cert": "low",
                                                                "evidence": "internal"}),
    # -- other conventions of the period
    ("Received on 4:10 am, 14 May 1950", "en", None, "4:10 am, 14 May 1950", {"when": "1950-05-14T04:10:00"}),
    ("Sent on 5:30 pm, 14 May 1950", "en", None, "5:30 pm, 14 May 1950", {"when": "1950-05-14T17:30:00"}),
    ("my telegram of 0530 18 October 1951 for", "en", None, "0530 18 October 1951",
     {"when": "1951-10-18T05:30:00"}),
    ("Шифртелеграмма от 3.VII.51 г.", "ru", None, "3.VII.51 г.", {"when": "1951-07-03"}),
    ("dated 18.X.1951", "en", None, "18.X.1951", {"when": "1951-10-18"}),
    # -- times beside a date: a dateTime only for a whole date of a known year
    ("I received your telegram of 11 August 7:00.", "en", "1951-08-13", "11 August 7:00",
     {"when": "1951-08-11T07:00:00", **INFERRED}),
    ("Вашу телеграмму от 12 августа 4.00 получил", "ru", None, "12 августа 4.00", {"when": "--08-12"}),
    ("В 14.00 22.10.1951 года офицер связи", "ru", None, "14.00 22.10.1951 года", {"when": "1951-10-22T14:00:00"}),
    ("received at 0020 2 September", "en", "1949-09-02", "0020 2 September",
     {"when": "1949-09-02T00:20:00", **INFERRED}),
    ("at 20 o'clock on 1 August 1953 the", "en", None, "20 o'clock on 1 August 1953", {"when": "1953-08-01T20:00:00"}),
    ("13.6.51 at 22:00 Beijing time", "en", None, "13.6.51 at 22:00", {"when": "1951-06-13T22:00:00"}),
    ("Received 19:55 13.June.1951", "en", None, "19:55 13.June.1951", {"when": "1951-06-13T19:55:00"}),
    ("Sent by wire on 10/14/50 at 03:15 a.m.", "en", None, "10/14/50 at 03:15 a.m.", {"when": "1950-10-14T03:15:00"}),
    ("已在四月二日上午十一时交给对方", "zh", "1953-04-03", "四月二日上午十一时",
     {"when": "1953-04-02T11:00:00", **INFERRED}),
    ("7月27日晚10时起", "zh", "1953-07-27", "7月27日晚10时", {"when": "1953-07-27T22:00:00", **INFERRED}),
    # -- weekdays and qualifiers join the span; the value is the period qualified
    ("on Monday, April 20, the exchange", "en", "1953-04-20", "Monday, April 20", {"when": "1953-04-20", **INFERRED}),
    ("crossed the parallel in early October 1950, frantically", "en", None, "early October 1950", {"when": "1950-10"}),
    ("an attack in the spring of 1953 reflects", "en", None, "spring of 1953", {"when": "1953"}),
    ("наступления американцев весной 1953 года отражают", "ru", None, "весной 1953 года", {"when": "1953"}),
    ("于1950年10月初越过", "zh", None, "1950年10月初", {"when": "1950-10"}),
    ("今年三月下旬", "zh", "1952-06-10", "今年三月下旬",
     {"from": "1952-03-21", "to": "1952-03-31", **INFERRED}),
    ("armistice talks in the 1950s were", "en", None, "1950s", {"from": "1950", "to": "1959"}),
    ("50年代的朝鲜停战谈判", "zh", None, "50年代", {"from": "1950", "to": "1959"}),
    ("Telegram of April l7", "en", "1954-04-20", "April l7", {"when": "1954-04-17", **INFERRED}),
    # -- relative days, against the day of writing or the day last named
    ("Yesterday I received Panikkar in Beijing", "en", "1950-12-13", "Yesterday", {"when": "1950-12-12", **INFERRED}),
    ("Примерно завтра он прибудет", "ru", "1951-07-03", "завтра", {"when": "1951-07-04", **INFERRED}),
    ("彭高二同志本日由北京去沈阳", "zh", "1950-10-08", "本日", {"when": "1950-10-08", **INFERRED}),
    ("酉支电悉", "zh", "1950-10-05", "酉支", {"when": "1950-10-04", **INFERRED}),
    ("1953년 7월 27일 판문점에서", "ko", None, "1953년 7월 27일", {"when": "1953-07-27"}),
    ("一九五0年十月五日", "zh", None, "一九五0年十月五日", {"when": "1950-10-05"}),
    ("1953年中国人民", "zh", None, "1953年", {"when": "1953"}),  # the year, then China: no "middle of"
]


@pytest.mark.parametrize("text, lang, context, surface, attrib", CASES, ids=[c[3] for c in CASES])
def test_find_dates_recognises_form(text, lang, context, surface, attrib):
    assert only_date(text, lang, context) == (surface, attrib)


NO_DATE = [
    ("China sent a delegation to Moscow on the 7th to attend", "en", None),  # day only, no month to give
    ("in our statement in today's meeting we", "en", "1951-08-13"),  # an adjective of time
    ("yesterday we sent", "en", None),  # relative, with nothing to be relative to
    ("the telegram of 7/3/51", "en", None),  # D/M or M/D: cannot tell
    ("午饭后", "zh", "1950-10-05"),  # a branch and a word, not a telegraph day code
    ("north of the 38th parallel", "en", "1953-03-19"),
    ("the 24th Army crossed", "en", "1953-03-19"),
    ("the 19th Congress of the party", "en", "1953-03-19"),
    ("第三日", "zh", "1953-07-09"),
    ("三日内答复", "zh", "1953-07-09"),
    ("日内瓦公约", "zh", "1953-07-09"),
    ("reached more than 27,000, including", "en", None),
    ("in accordance with Article 109 of the Geneva Convention", "en", None),
    ("sent by 2000 men", "en", None),
    ("fulfillment of points 1, 2 and 3.", "en", None),
    ("No. 858-372cc", "en", None),
    ("March forward", "en", None),
    ("in June the talks", "en", None),  # month without day or year
    ("三年前的侵略", "zh", None),
    ("第五十九款的规定", "zh", None),
    ("10 английских миль от 38 параллели", "ru", None),
    # impossible dates: no span, and no fragment such as "June 1953" either
    ("on June 31, 1953 the", "en", None),
    ("on 31 June 1953 the", "en", None),
    ("on 29 February 1951 the", "en", None),
    ("on February 30 the", "en", None),
    ("before 31.6.1950 the", "en", None),
    ("一九五三年六月三十一日", "zh", None),
    ("二月二十九日", "zh", "1953-07-09"),  # 1953 is not a leap year
    ("31 июня 1953 года", "ru", None),
    ("from March 21st to 11th", "en", None),  # reversed range
]


@pytest.mark.parametrize("text, lang, context", NO_DATE, ids=[c[0] for c in NO_DATE])
def test_find_dates_rejects(text, lang, context):
    got = find_dates(text, lang, context)
    assert [text[s.start:s.end] for s in got] == []


def test_running_context_reads_an_undated_text_in_order():
    # "On March 5 … on the 7th" after a quoted later date: the narrative's own month
    running = [None]
    text = "He spoke on April 18, 1953. On March 5, Stalin died. A delegation left on the 7th."
    spans = find_dates_reading_on(text, "en", running)
    assert [(text[s.start:s.end], s.attrib["when"]) for s in spans] == [
        ("April 18, 1953", "1953-04-18"), ("March 5", "1953-03-05"), ("7th", "1953-03-07")]
    # a dated reference back does not send the narrative to its year
    running = [None]
    text = "1953年7月26日双方达成谅解。根据1951年10月23日的协议。7月27日签字。"
    spans = find_dates_reading_on(text, "zh", running)
    assert [(text[s.start:s.end], s.attrib["when"]) for s in spans][-1] == ("7月27日", "1953-07-27")


def test_relative_days_inside_a_quotation_are_left_alone():
    assert find_dates("today I received", "en", "1951-08-13", quoted=True) == []
    assert [s.attrib["when"] for s in find_dates("the next day", "en", "1951-08-13", quoted=True)] == ["1951-08-14"]


def test_day_only_references_after_the_documents_own_day_are_unsure():
    text = "Zhou Enlai set off on the 24th. On the 26th, he"
    spans = find_dates(text, "en", "1953-03-19")
    assert [(text[s.start:s.end], s.attrib) for s in spans] == [
        ("24th", {"when": "1953-03-24", "cert": "low", "evidence": "internal"}),
        ("26th", {"when": "1953-03-26", "cert": "low", "evidence": "internal"})]


def test_find_dates_context_supplies_only_the_year():
    # June 29th in a 1953 document: day and month are read, the year is inferred
    [span] = find_dates("reply of June 29th", "en", "1953-07-09")
    assert span.attrib == {"when": "1953-06-29", "cert": "medium", "evidence": "internal"}
    # an explicit year is never marked as inferred, whatever the context
    [span] = find_dates("reply of June 29, 1951", "en", "1953-07-09")
    assert span.attrib == {"when": "1951-06-29"}


def test_find_dates_longest_match_wins():
    text = "In your reply of June 29, 1953, you"
    spans = find_dates(text, "en", "1953-07-09")
    assert [(text[s.start:s.end], s.attrib) for s in spans] == [("June 29, 1953", {"when": "1953-06-29"})]


def test_find_dates_spans_are_dates_with_priority_one():
    spans = find_dates("On March 28, Kim Il Sung and on April 1, Molotov", "en", "1953-04-02")
    assert [(s.tag, s.priority) for s in spans] == [("date", 1), ("date", 1)]
    assert [s.attrib["when"] for s in spans] == ["1953-03-28", "1953-04-01"]


def test_find_dates_rejects_malformed_context():
    with pytest.raises(ValueError):
        find_dates("July 8th", "en", "8 July 1953")


@pytest.mark.parametrize("text, context, expected", [
    ("March 19, 1953", None, {"when": "1953-03-19"}),
    ("July 24, 1953", None, {"when": "1953-07-24"}),
    ("  1953-07-09\n", None, {"when": "1953-07-09"}),
    ("July 3, 1951", None, {"when": "1951-07-03"}),
    ("1953", None, {"when": "1953"}),
    ("July 8th", "1953-07-09", {"when": "1953-07-08", **INFERRED}),
    ("sometime in 1953", None, None),
    ("March 19, 1953 and April 2, 1953", None, None),
    ("June 31, 1953", None, None),
    ("", None, None),
])
def test_date_value_normalises_header_date(text, context, expected):
    assert date_value(text, "en", context) == expected


def test_date_value_reads_chinese_and_russian():
    assert date_value("一九五三年七月九日", "zh") == {"when": "1953-07-09"}
    assert date_value("19 марта 1953 г.", "ru") == {"when": "1953-03-19"}


def jing(document: etree._Element, tmp_path: Path) -> subprocess.CompletedProcess:
    assert shutil.which("jing"), "jing is required to validate TEI output"
    path = tmp_path / "doc.xml"
    path.write_bytes(etree.tostring(document, xml_declaration=True, encoding="UTF-8"))
    return subprocess.run(["jing", str(TEI_RNG), str(path)], capture_output=True, text=True)


def minimal_tei(body_p: etree._Element) -> etree._Element:
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    file_desc = etree.SubElement(etree.SubElement(root, tei("teiHeader")), tei("fileDesc"))
    etree.SubElement(etree.SubElement(file_desc, tei("titleStmt")), tei("title")).text = "t"
    etree.SubElement(etree.SubElement(file_desc, tei("publicationStmt")), tei("p")).text = "p"
    etree.SubElement(etree.SubElement(file_desc, tei("sourceDesc")), tei("p")).text = "s"
    etree.SubElement(etree.SubElement(root, tei("text")), tei("body")).append(body_p)
    return root


def test_find_dates_attributes_are_valid_tei(tmp_path):
    # one of each encoding: gYear, gYearMonth, date, dateTime, gMonthDay, ranges, inferred
    p = etree.Element(tei("p"))
    for text, lang, context, *_ in CASES:
        for span in find_dates(text, lang, context):
            etree.SubElement(p, tei("date"), span.attrib).text = text[span.start:span.end]
    assert {k for d in p for k in d.attrib} == {"when", "from", "to", "cert", "evidence"}
    result = jing(minimal_tei(p), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_jing_catches_an_invalid_date_attribute(tmp_path):
    # the validation harness itself must be able to fail
    p = etree.Element(tei("p"))
    etree.SubElement(p, tei("date"), when="19 March 1953").text = "19 March 1953"
    assert jing(minimal_tei(p), tmp_path).returncode != 0


def gold_files():
    return sorted(GOLD.glob("*.dates.json"))


def seed_bodies(stem: str, gold: dict):
    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    for start_marker, end_marker, lang in gold["body"]:
        start = text.index(start_marker)
        end = text.index(end_marker, start) if end_marker else len(text)
        yield text[start:end], lang


def test_gold_covers_every_seed():
    stems = {p.name.split(".")[0] for p in gold_files()}
    assert stems == {p.stem for p in SEEDS.glob("*.txt")}


@pytest.mark.parametrize("gold_path", gold_files(), ids=lambda p: p.name.split(".")[0])
def test_find_dates_matches_gold(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    stem = gold_path.name.split(".")[0]
    got = []
    running = [None]  # an undated text reads each date in the light of the one before it
    for body, lang in seed_bodies(stem, gold):
        spans = (find_dates(body, lang, gold["context"]) if gold["context"]
                 else find_dates_reading_on(body, lang, running))
        for span in spans:
            a = span.attrib
            value = a["when"] if "when" in a else f"{a['from']}/{a['to']}"
            got.append([body[span.start:span.end], value])
    assert got == gold["date"]
