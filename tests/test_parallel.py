"""A name and its counterpart in the aligned translation (pipeline/entities/parallel.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.entities.parallel import corroborate, pinyin_syllables, same_name
from pipeline.xmlio import NS

RESP = "#doc-t-ner"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# Names of the period as English (pinyin) and Russian (Palladius) texts print them, declined
# as the Russian sentence needs: pairs from the documents and the reference literature.
SAME = [
    ("Zhou Enlai", "Чжоу Эньлай"), ("Zhou Enlai", "Чжоу Энь-лаю"), ("Peng Dehuai", "Пэн Дэ-хуая"),
    ("Peng Dehuai", "Пэн Дэхуаем"), ("Mao Zedong", "Мао Цзе-дун"), ("Mao Zedong", "Мао Цзэдуном"),
    ("Gao Gang", "Гао Гана"), ("Li Kenong", "Ли Кэ-нун"), ("Nie Rongzhen", "Не Жунчжэнь"), ("Xie Fang", "Се Фан"),
    ("Deng Hua", "Дэн Хуа"), ("Wu Xiuquan", "У Сюцюань"), ("Qiao Guanhua", "Цяо Гуаньхуа"),
    ("Ni Zhiliang", "Ни Чжилян"), ("Chai Chengwen", "Чай Чэнвэнь"), ("Liu Shaoqi", "Лю Шаоци"),
    ("Xu Xiangqian", "Сюй Сянцянь"), ("Huang Hua", "Хуан Хуа"), ("Hong Xuezhi", "Хун Сюэчжи"),
    ("Yang Dezhi", "Ян Дэчжи"), ("Jiang Jieshi", "Цзян Цзеши"), ("Xi'an", "Сиань"), ("Shenyang", "Шэньяне"),
    ("Clark", "Кларк"), ("Harrison", "Гаррисон"),
]
DIFFERENT = [
    ("Li", "Лю"), ("Zhou", "Чжу"), ("Gao Gang", "Гао Ши"), ("Liu Bocheng", "Лю Шаоци"), ("Deng Hua", "Дэн Хуань"),
    ("Nam Il", "Нам Ир"), ("Kim", "Ким"), ("Zhou Enlai", "Чжоу Эньлаевский"),
]


@pytest.mark.parametrize("english,russian", SAME)
def test_same_name_in_english_and_russian(english, russian):
    assert same_name(english, "en", russian, "ru")
    assert same_name(russian, "ru", english, "en")


@pytest.mark.parametrize("english,russian", DIFFERENT)
def test_different_names_in_english_and_russian(english, russian):
    assert not same_name(english, "en", russian, "ru")


@pytest.mark.parametrize("chinese,other,lang,same", [
    ("高岗", "Gao Gang", "en", True), ("周恩来", "Zhou Enlai", "en", True), ("彭德怀", "PENG DEHUAI", "en", True),
    ("高岗", "Гао Ган", "ru", True), ("聂荣臻", "Не Жунчжэня", "ru", True),
    ("高岗", "Gao Shi", "en", False), ("克拉克", "Clark", "en", False), ("周恩来", "Zhou Enlai", "zh", False),
])
def test_same_name_in_chinese_and_another_language(chinese, other, lang, same):
    assert same_name(chinese, "zh", other, lang) is same


@pytest.mark.parametrize("word,syllables", [
    ("Enlai", ["en", "lai"]), ("Kenong", ["ke", "nong"]), ("Xi'an", ["xi", "an"]), ("Dehuai", ["de", "huai"]),
    ("Clark", None), ("Panmunjom", None),
])
def test_pinyin_syllables(word, syllables):
    assert pinyin_syllables(word) == syllables


def _doc(zh_or_ru: str, en: str, lang: str = "zh") -> etree._Element:
    return etree.fromstring(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="doc-t"><text><body>
      <div type="original" xml:lang="{lang}" xml:id="t-{lang}" corresp="#t-en">
        <p xml:id="t-{lang}-p1" corresp="#t-en-p1">{zh_or_ru}</p></div>
      <div type="translation" xml:lang="en" xml:id="t-en" corresp="#t-{lang}">
        <p xml:id="t-en-p1" corresp="#t-{lang}-p1">{en}</p></div></body></text></TEI>""")


def _names(root, lang):
    return root.xpath(f"//tei:div[@xml:lang='{lang}']//*[self::tei:persName or self::tei:placeName "
                      "or self::tei:orgName or self::tei:name]", namespaces=NS)


def test_two_proposals_corroborate_each_other():
    root = _doc('<persName resp="#doc-t-ner" cert="medium">高岗</persName>同志今日到达沈阳。',
                'Comrade <persName resp="#doc-t-ner" cert="medium">Gao Gang</persName> arrived today.')
    corroborate(root, RESP)
    (zh,), (en,) = _names(root, "zh"), _names(root, "en")
    assert zh.get("cert") == en.get("cert") == "high"
    assert zh.get("corresp") == "#" + en.get(XML_ID) and en.get("corresp") == "#" + zh.get(XML_ID)
    assert zh.get("ref") is None and en.get("ref") is None


def test_an_unmarked_counterpart_is_proposed_and_never_gets_the_registers_ref():
    root = _doc("周恩来总理会见了高岗同志。",
                '<persName ref="persons.xml#pers-zhou-enlai">Zhou Enlai</persName> received '
                'Comrade <persName resp="#doc-t-ner" cert="medium">Gao Gang</persName>.')
    corroborate(root, RESP)
    zh = {"".join(n.itertext()): n for n in _names(root, "zh")}
    assert set(zh) == {"周恩来", "高岗"}
    assert zh["周恩来"].get("ref") is None and zh["周恩来"].get("resp") == RESP
    assert zh["周恩来"].get("cert") == "medium"  # the register's name in the other version: a proposal
    assert zh["高岗"].get("cert") == "high"
    assert zh["高岗"].tag.endswith("persName")


def test_a_russian_counterpart_is_found_declined():
    root = _doc("Передайте Чжоу Энь-лаю ответ.",
                'Give <persName resp="#doc-t-ner" cert="medium">Zhou Enlai</persName> the reply.', lang="ru")
    corroborate(root, RESP)
    (ru,) = _names(root, "ru")
    assert "".join(ru.itertext()) == "Чжоу Энь-лаю"
    assert ru.get("corresp") == "#" + _names(root, "en")[0].get(XML_ID)


def test_two_places_for_one_name_is_a_guess_and_nothing_is_marked():
    root = _doc("高岗同志和高岗同志的秘书。",
                'Comrade <persName resp="#doc-t-ner" cert="medium">Gao Gang</persName> and his secretary.')
    corroborate(root, RESP)
    assert _names(root, "zh") == []
    assert _names(root, "en")[0].get("cert") == "medium"


def test_a_bracketed_name_takes_the_kind_of_its_counterpart():
    root = _doc('致<persName resp="#doc-t-ner" cert="medium">倪志亮</persName>大使：',
                'Ambassador <name>Ni <supplied reason="omitted-in-original">Zhiliang</supplied></name>:')
    corroborate(root, RESP)
    (en,) = _names(root, "en")
    assert en.tag.endswith("persName") and en.get("resp") == RESP and en.get("ref") is None


def test_names_of_unaligned_versions_are_left_alone():
    root = _doc('<persName resp="#doc-t-ner" cert="medium">高岗</persName>同志',
                '<persName resp="#doc-t-ner" cert="medium">Gao Gang</persName>')
    for el in root.xpath("//*[@corresp]"):
        del el.attrib["corresp"]
    corroborate(root, RESP)
    assert all(n.get("cert") == "medium" and n.get("corresp") is None for n in _names(root, "zh") + _names(root, "en"))


NAMES_ZH = ["高岗", "周恩来", "彭德怀", "倪志亮", "沈阳", "北京"]
NAMES_EN = ["Gao Gang", "Zhou Enlai", "Peng Dehuai", "Ni Zhiliang", "Shenyang", "Beijing"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.booleans(), st.booleans()), max_size=6),
       st.lists(st.integers(0, 5), max_size=4))
def test_corroboration_keeps_every_pointer_resolving_and_is_stable(mentions, extra_zh):
    """Whatever the mix of marked and unmarked names: every @corresp a name gets points at a name
    of the same kind in the other language, none gets a @ref, and a second run changes nothing."""
    zh, en = [], []
    for k, mark_zh, mark_en in mentions:
        tag = "placeName" if k >= 4 else "persName"
        zh.append(f'<{tag} resp="#doc-t-ner" cert="medium">{NAMES_ZH[k]}</{tag}>' if mark_zh else NAMES_ZH[k])
        en.append(f'<{tag} resp="#doc-t-ner" cert="medium">{NAMES_EN[k]}</{tag}>' if mark_en else NAMES_EN[k])
    zh += [NAMES_ZH[k] for k in extra_zh]
    root = _doc("，".join(zh) + "。", ", ".join(en) + ".")
    refs_before = root.xpath("count(//*[@ref])")
    corroborate(root, RESP)
    once = etree.tostring(root)
    ids = {el.get(XML_ID): el for el in root.iter() if el.get(XML_ID)}
    for name in root.xpath("//*[@resp][@corresp]"):
        other = ids[name.get("corresp")[1:]]
        assert other.tag == name.tag
        assert other.xpath("string(ancestor::*[@xml:lang][1]/@xml:lang)") != \
            name.xpath("string(ancestor::*[@xml:lang][1]/@xml:lang)")
    assert root.xpath("count(//*[@ref])") == refs_before
    corroborate(root, RESP)
    assert etree.tostring(root) == once
