"""Chinese: jieba's part-of-speech tags (nr person, ns place, nt organisation), kept only where
the word has the shape of a name or the text a cue for it.

jieba's dictionary tags many common words as names (毛巾 "towel" as a person, 长绳 "rope" as
a place), so a tag alone is never enough: a person's name opens with a surname or is spelt in
the characters used for foreign sounds, a place ends in a place word (省, 市, 岛, 村…), is a
foreign name, or stands after a preposition of place; a two-character name needs a title
beside it or a second mention in the document.
"""

from __future__ import annotations

import re
from collections import Counter

from .. import models
from .common import ORG, PERSON, PLACE, SPACED_SIGNATURE, Found

TITLES = ("同志", "元帅", "将军", "上将", "中将", "少将", "大将", "总统", "主席", "总理", "首相", "部长", "大使",
          "司令员", "司令官", "总司令", "先生", "参赞", "代表", "委员长", "书记", "外长", "议员", "夫人", "女士",
          "首席代表", "副总理", "副主席", "团长", "参谋长", "政委")
NOT_NAMES = frozenset(("司令官", "元帅", "将军", "同志", "主席", "总理", "代表", "首席", "令人", "中", "美", "苏",
                       "朝", "英", "法", "日", "国军", "人民", "军队", "政府", "委员会", "外国", "城镇", "中外",
                       "人民军队", "志愿军", "非军事区", "中立区", "国家通讯社"))
SURNAMES = frozenset(
    "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟"
    "汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文聂朴庞柴解廉宁荣"
    "洪严左鲁季施牛俞翁申温伍南卓车全玄池河桂薄粟陶谷倪柯邢骆阮裴甘詹蔺楚吉艾鲍童项祁滕岳封焦殷鄢尚霍邬"
    "覃晏柏窦蒲华麦韦蓝欧符葛包郎安乐管齐盛单纪祝凌饶揭房黄荆")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "司徒", "尉迟", "令狐", "宇文", "长孙")
SOUND_CHARS = frozenset(
    "阿埃艾爱安昂奥巴拔贝本比彼毕宾波伯博布查达戴丹道德登迪蒂丁东杜顿多俄厄恩尔法范菲费芬丰佛夫福弗盖甘冈高戈格葛根"
    "古哈海汉豪赫亨洪胡华霍基吉加贾杰金卡凯坎康柯科克肯库拉莱赖兰朗劳勒雷里理利莉连林琳隆卢鲁路伦罗洛马麦曼梅门蒙"
    "米密明莫墨默姆穆纳奈南内尼涅宁纽努诺欧帕派潘庞佩彭皮普齐奇恰乔切琴丘萨塞桑瑟森沙尚舍什史斯松苏索塔泰坦汤特"
    "提图托瓦万威韦维温沃乌西希谢辛休雅亚扬耶伊英尤约泽扎詹宗佐茨兹逊姆恩豪瑞丽勃琳娅娜妮娃柯久仁")
NUMERALS = frozenset("一二三四五六七八九十两")
PLACE_SUFFIXES = frozenset("省市县区镇村乡岛山河江湖海港湾州城道郡里洞峰岭关口线国洲庄屯堡寨川原坪沟岸峡半")
COMPASS = frozenset(("东北", "西南", "东南", "西北", "南北", "东西", "中东", "远东", "华北", "华南", "西方", "东方"))
COUNTRY_PAIRS = re.compile(r"^[中朝苏美英法日韩越][中朝苏美英法日韩越]$")
LOCATIVE_BEFORE = ("在", "到", "赴", "从", "至", "往", "抵", "经", "于", "驻", "离开", "飞抵", "进抵", "返回", "前往")
LOCATIVE_AFTER = ("以南", "以北", "以东", "以西", "附近", "一带", "地区", "前线", "城内", "境内", "上空", "市", "机场")
TREATY_AFTER = ("公约", "协定", "会议", "宣言", "条约", "会谈")
ORG_HEADS = frozenset(("委员会", "司令部", "指挥部", "大使馆", "领事馆", "政府", "外交部", "国防部", "中央委员会",
                       "政治局", "人民军", "志愿军", "军事委员会", "通讯社", "联合会", "总工会", "协会", "议会", "军区",
                       "红十字会", "电台", "理事会", "执行委员会", "访问团", "中央", "社"))
ZH_ORG_ENDINGS = ("政府", "司令部", "指挥部", "中央", "委员会", "党", "军", "部", "社", "局", "会", "团", "院", "处")
GENERIC_MODIFIERS = frozenset(("国家", "该", "本", "各", "我国", "我们", "他们", "这个", "那个", "各国", "全国"))
COMPLETE_ORG_NAMES = frozenset(("红十字会",))
# jieba cuts a transliterated name at its joiners: "安德烈·安德琳", "瓦扬—古久里".
_JOINED_NAME = re.compile(rf"[{''.join(sorted(SOUND_CHARS))}]{{2,}}(?:[·・•—－-][{''.join(sorted(SOUND_CHARS))}]{{2,}})+")


def _person_shape(word: str, flag: str) -> bool:
    if word[-1] in NUMERALS:
        return False  # "彭高二同志": "comrades Peng and Gao (the two)"
    if flag == "nrt" or (len(word) >= 3 and all(c in SOUND_CHARS for c in word)):
        return 2 <= len(word) <= 8 and all(c in SOUND_CHARS for c in word)
    surname = 2 if word[:2] in COMPOUND_SURNAMES else 1
    return 2 <= len(word) <= 4 and word[:surname] in (SURNAMES | set(COMPOUND_SURNAMES))


# Countries the period's texts name by one character before 国: 中国, 美国, 苏联's 苏 …
COUNTRY_CHARS = frozenset("中美英法德韩泰俄苏日意奥荷比瑞丹挪芬波捷匈罗保南朝越缅印巴蒙阿埃土希")
# Geographical common nouns jieba's dictionary tags as place names.
GEOGRAPHIC_NOUNS = frozenset(("城镇", "城市", "农村", "乡村", "边境", "前线", "后方", "地方", "城乡", "山区", "海岛",
                              "内地", "沿海", "海外", "国外", "国内", "全国", "本国", "各国", "两国", "大国", "小国",
                              "他国", "我国", "该国", "外国", "祖国", "异国", "邻国", "战区", "市区", "郊区", "无底洞"))


def _place_shape(text: str, s: int, e: int, word: str) -> bool:
    if word in COMPASS or COUNTRY_PAIRS.match(word) or word in NOT_NAMES or word in GEOGRAPHIC_NOUNS:
        return False
    if text[e:e + 2] in TREATY_AFTER or text[e:e + 3] in TREATY_AFTER:
        return False  # "日内瓦公约": the name of a treaty, not a mention of Geneva
    if len(word) == 2 and word[1] == "国" and word[0] not in COUNTRY_CHARS:
        return False  # 爱国 "patriotic", 立国 "to found a state"
    if len(word) == 4 and word[-1] == "国" and not word.endswith(("民国", "王国", "和国")):
        return False  # a four-character idiom (保家卫国), not a state's name (大韩民国)
    located = text[max(0, s - 2):s].endswith(LOCATIVE_BEFORE) or text[e:e + 2] in LOCATIVE_AFTER
    listed = text[e:e + 1] in "、和与及" or text[max(0, s - 1):s] in "、"
    if models.chinese().word_tag_tab.get(word) == "ns":
        return True  # the dictionary's own place names (匈牙利, 哥本哈根, 沈阳), common nouns set aside above
    if len(word) == 4 and word[-1] not in PLACE_SUFFIXES and not all(c in SOUND_CHARS for c in word):
        return False  # a four-character phrase the segmenter guessed
    # a word the segmenter guessed: only with the shape or the company of a place name
    return (word[-1] in PLACE_SUFFIXES and len(word) >= 3) or (len(word) >= 3 and all(c in SOUND_CHARS for c in word)) \
        or located or listed


def _tokens(text: str) -> list[tuple[int, int, str, str]]:
    tokens, pos = [], 0
    for pair in models.chinese().cut(text):
        start = text.find(pair.word, pos)
        if start < 0:
            continue
        tokens.append((start, start + len(pair.word), pair.word, pair.flag))
        pos = start + len(pair.word)
    return tokens


def _one(text: str, tokens: list, found: Found, mentions: Counter) -> None:
    for i, (s, e, word, flag) in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        prev = tokens[i - 1] if i else None
        titled = (nxt is not None and nxt[2] in TITLES) or (prev is not None and prev[2] in TITLES)
        tag = {"nr": PERSON, "nrt": PERSON, "nrfg": PERSON, "ns": PLACE, "nt": ORG}.get(flag)
        if tag is None and not (titled and 2 <= len(word) <= 4 and _person_shape(word, "nr")):
            continue
        if word in NOT_NAMES or any(t in word for t in TITLES) or len(word) < 2:
            continue
        tag = tag or PERSON
        if tag == PERSON and word[-1] in PLACE_SUFFIXES and len(word) >= 3:
            tag = PLACE  # jieba's dictionary: 石家庄 nr, 巨济岛 nr
        if tag == ORG:
            if word.endswith(("大会", "会议", "代表团")):
                continue  # a congress is an event, a delegation a group of people
            if word.endswith("区"):
                tag = PLACE
            # "国际民主妇女联合会": the name runs back over the nouns before its head
            k = i
            while k > 0 and tokens[k - 1][3][:1] == "n" and tokens[k - 1][1] == tokens[k][0] and \
                    tokens[k - 1][2] not in NOT_NAMES and not any(t in tokens[k - 1][2] for t in TITLES):
                k -= 1
            s = tokens[k][0]
            # "朝鲜政府", "中华人民共和国政府": a body named with its state takes the place of the
            # place within it; so does a body's part ("联合国军司令部")
            headed = word.endswith(ZH_ORG_ENDINGS)
            found.add(s, e, tag, model=True, outranks=frozenset({PLACE, ORG}) if headed else frozenset())
            continue
        if tag == PLACE:
            if nxt is not None and nxt[2] in ORG_HEADS and nxt[2] not in ("中央",):
                # "南朝鲜" + "政府": the government, an organisation, not the place
                found.add(s, nxt[1], ORG, cue=True, outranks=frozenset({PLACE}))
                continue
            if _place_shape(text, s, e, word):
                found.add(s, e, PLACE, model=True)
            continue
        # persons
        if all(c in SOUND_CHARS for c in word):
            # a transliteration cut by the segmenter: "杜鲁" + "门", "勃" + "里安"
            while nxt is not None and len(nxt[2]) == 1 and nxt[2] in SOUND_CHARS and nxt[0] == e:
                e = nxt[1]
                word += nxt[2]
                nxt = tokens[tokens.index(nxt) + 1] if tokens.index(nxt) + 1 < len(tokens) else None
            if prev is not None and len(prev[2]) == 1 and prev[2] in SOUND_CHARS and prev[1] == s:
                s, word = prev[0], prev[2] + word
        if not _person_shape(word, flag):
            continue
        if len(word) == 2 and not titled and mentions[word] < 2:
            continue  # two characters, no title, one mention: as likely a common word
        found.add(s, e, PERSON, model=True, cue=titled)
    # A body named by its head word: "中立国监察委员会", "联合国军司令部", "塔斯社".
    for i, (s, e, word, flag) in enumerate(tokens):
        if word not in ORG_HEADS:
            continue
        k = i
        while k > 0 and (tokens[k - 1][3][:1] in ("n", "j") or tokens[k - 1][3] == "vn") and \
                tokens[k - 1][1] == tokens[k][0] and not any(t in tokens[k - 1][2] for t in TITLES):
            k -= 1
        # "朝中红十字会": the country abbreviations jieba reads as a preposition and a place
        while k > 0 and len(tokens[k - 1][2]) == 1 and tokens[k - 1][2] in COUNTRY_CHARS and \
                tokens[k - 1][1] == tokens[k][0]:
            k -= 1
        run = tokens[k:i]
        words = [t[2] for t in run]
        proper = any(t[3] in ("ns", "nt", "nz", "nr", "nrt", "j") or all(c in SOUND_CHARS for c in t[2])
                     or t[2] in COUNTRY_CHARS for t in run) or (len(run) >= 2 and s - tokens[k][0] >= 3)
        generic = all(w in GENERIC_MODIFIERS for w in words)
        if run and proper and not generic and s - tokens[k][0] >= 2:
            found.add(tokens[k][0], e, ORG, cue=True, outranks=frozenset({PLACE, ORG}))
        elif not run and word in COMPLETE_ORG_NAMES:
            found.add(s, e, ORG, cue=True)
    for m in _JOINED_NAME.finditer(text):
        found.drop_within(m.start(), m.end())
        found.add(m.start(), m.end(), PERSON, cue=True)
    for m in SPACED_SIGNATURE.finditer(text):
        if "\u4e00" <= m.group("name")[:1] <= "\u9fff":
            found.add(m.start("name"), m.end("name"), PERSON, cue=True)


def propose(texts: list[str], found_per_text: list[Found]) -> None:
    # A two-character name mentioned twice in the document is a name; mentions are counted
    # over all the document's texts in this language.
    tokens_per_text = [_tokens(text) for text in texts]
    mentions: Counter = Counter(word for tokens in tokens_per_text for _, _, word, flag in tokens
                                if flag in ("nr", "nrt", "nrfg") and len(word) == 2)
    for text, tokens, found in zip(texts, tokens_per_text, found_per_text):
        _one(text, tokens, found, mentions)
