"""Names no register knows yet: proposed by statistical models and the texts' own cues.

The registers are authoritative (`recognize.name_spans`); this module finds the names they
cannot know, the first time a person, place or organisation appears. A proposal is a span
with the TEI element it should become and a certainty; `annotate` marks it with `@resp`
pointing at the recogniser's respStmt and `@cert`, and never with `@ref`: an editor
confirms it into a register (`pipeline entities --accept`).

Evidence, combined per span:

- a statistical model per language (`models`): spaCy for English, natasha for Russian,
  jieba's part-of-speech dictionary for Chinese;
- cues the documents of the period give in their own shape: a title or role before a name
  ("Comrade", "Cde.", "Marshal", "тов.", "маршал"; "同志", "元帅" after or before it), an
  all-capitals signature line, the head word of an organisation ("Ministry", "Committee",
  "Embassy", "Army", "Министерство", "委员会", "政府"…).

Certainty: "high" when a model and a cue agree, "medium" when one of them is clear on its
own. Spans a model proposes without any support that the text contradicts (a lone common
word, an adjective of nationality, a role noun) are not proposed at all: a wrong name costs
an editor more than a missing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import models
from .spans import Span

PERSON, PLACE, ORG = "persName", "placeName", "orgName"
PROPOSAL_PRIORITY = -1  # below register names (0) and dates (1) when spans overlap

# ---------------------------------------------------------------------------
# Cues

EN_TITLES = (
    "Comrades?", "Cdes?\\.?", "Comr\\.", "Marshal", "Generalissimo", "General", "Lieutenant General", "Major General",
    "Lieutenant", "Colonel", "Major", "Captain", "Admiral", "Vice Admiral", "Ambassador", "President",
    "Vice President", "Premier", "Chairman", "Vice Chairman", "Prime Minister", "Minister", "Deputy Minister",
    "Foreign Minister", "Secretary", "Secretary of State", "Senator", "Mr\\.", "Mrs\\.", "Ms\\.", "Dr\\.",
    "Mister", "Sir", "Chargé d'Affaires", "Envoy", "Counsellor", "Counselor", "Attaché", "Commander",
    "Commissar", "Chief", "Delegate",
)
RU_TITLES = (
    "[Тт]оварищ(?:а|у|ем|е|и|ей|ам)?", "[Тт]ов\\.", "ТОВАРИЩ[А-Я]*", "ТОВ\\.", "[Мм]аршал(?:а|у|ом)?",
    "[Гг]енерал(?:а|у|ом)?", "[Пп]олковник(?:а|у|ом)?", "[Аа]дмирал(?:а|у|ом)?", "[Пп]осл(?:а|у|ом)",
    "[Пп]осол", "[Пп]редседател(?:ь|я|ю|ем)", "[Пп]ремьер(?:а|у|ом)?", "[Мм]инистр(?:а|у|ом)?",
    "[Гг]осподин(?:а|у|ом)?", "г-н(?:а|у|ом)?",
)
# Chinese titles follow the name ("彭德怀将军", "金日成元帅") or precede it in signatures
# ("司令员彭德怀", "元帅金日成").
ZH_TITLES = ("同志", "元帅", "将军", "上将", "中将", "少将", "大将", "总统", "主席", "总理", "首相", "部长",
             "大使", "司令员", "司令官", "总司令", "先生", "参赞", "代表", "委员长", "书记", "外长", "议员")

EN_ORG_HEADS = (
    "Ministry", "Ministries", "Department", "Committee", "Commission", "Council", "Embassy", "Legation",
    "Consulate", "Army", "Armies", "Command", "Headquarters", "Party", "Agency", "Bureau", "Directorate",
    "Administration", "Delegation", "Government", "Presidium", "Politburo", "Secretariat", "Staff",
    "Division", "Corps", "Navy", "Air Force", "Volunteers", "Office", "Assembly", "Congress", "Cabinet",
    "Section", "Service", "Forces", "Front", "Group", "Association", "Federation", "League", "Organization",
    "Organisation", "Institute", "Academy", "Bank", "Court", "Tribunal", "Mission", "Soviet", "Conference",
    "Board", "Union of Soviet Writers", "News Agency", "Press", "Radio", "Station", "Police", "Guard",
    "Brigade", "Regiment", "Battalion", "Fleet", "Squadron", "Team",
)
RU_ORG_HEADS = (
    "Министерств", "Министр", "ЦК", "Комитет", "Комисси", "Совет", "Посольств", "Арми", "арми",
    "Командовани", "командовани", "Штаб", "штаб", "Парти", "парти", "Агентств", "Управлени", "Делегаци",
    "делегаци", "Правительств", "правительств", "Президиум", "Политбюро", "Секретариат", "Отдел", "отдел",
    "Бюро", "Департамент", "Дивизи", "Корпус", "Флот", "Миссия", "Миссии",
)
ZH_ORG_SUFFIXES = ("委员会", "代表团", "司令部", "大使馆", "领事馆", "政府", "部", "军", "党", "社", "局", "处",
                   "院", "署", "厅", "会", "团", "组", "队", "师", "旅", "兵团", "中央", "总部", "机关")

# Words a model takes for names that are none in these documents.
EN_NOT_NAMES = frozenset("""
    pow pows ceasefire armistice communique communiqué telegram cipher ciphered top secret urgent
    copy copies series special draft resolution minutes protocol excerpt translation original
    attachment appendix enclosure note memo memorandum letter report record conversation meeting
    summary source rights citation comrade comrades cde cdes the a an article point points paragraph
    government army party committee commission ministry council delegation command
    """.split())
_NORP = re.compile(r"^(?:[A-Z][a-z]+(?:ese|ean|ian|an|ish|ic|i|ch|ss))$")  # Korean, Chinese, Soviet-like adjectives
EN_CAPS_NOT_NAMES = frozenset("""
    SECRET TOP URGENT COPY SPECIAL IMMEDIATE CIPHERED TELEGRAM CABLE PRIORITY PERSONAL CONFIDENTIAL STRICTLY
    RESOLUTION DRAFT MINUTES EXCERPT ATTACHMENT APPENDIX NOTE MEMORANDUM DECISION PROTOCOL ORDER DIRECTIVE
    DIRECTIVES REPORT INFORMATION RECEIVED SENT OUTGOING INCOMING FROM TO FOR OF THE AND IN ON BY WITH
    SERIES RETURN SUBJECT DEPARTMENT COPIES ONLY EYES HANDWRITTEN DIRECTIVES INSTRUCTIONS STATEMENT
    SECRETARY CHAIRMAN MINISTER AMBASSADOR COMMANDER PRESIDENT DEPUTY CHIEF HEAD PREMIER CC CPSU CCP
    TASS UN USSR USA PRC DPRK GENERAL MARSHAL COMRADE ENCLOSURE ANNEX
    """.split())
ZH_NOT_NAMES = frozenset(("司令官", "元帅", "将军", "同志", "主席", "总理", "代表", "首席", "令人", "中", "美",
                          "苏", "朝", "英", "法", "日", "中立国", "国军", "人民", "军队", "政府", "委员会"))

_UP, _LOW = "A-ZА-ЯЁ", "a-zа-яё"
_EN_NAME_WORD = r"(?:[A-Z][a-z'’]+(?:-[A-Za-z][a-z]*)*|[A-Z]{2,}(?:-[A-Z]+)*|[A-Z]\.(?:\s?[A-Z]\.)*)"
_EN_TITLED = re.compile(
    rf"(?<![\w.])(?:{'|'.join(sorted(EN_TITLES, key=len, reverse=True))})\s+"
    rf"(?P<name>{_EN_NAME_WORD}(?:[ \t]+{_EN_NAME_WORD}){{0,3}})"
)
_RU_NAME_WORD = rf"(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]*)*|[А-ЯЁ]{{2,}}(?:-[А-ЯЁ]+)*|[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.)*)"
_RU_TITLED = re.compile(
    rf"(?<![\w.])(?:{'|'.join(RU_TITLES)})\s+(?P<name>{_RU_NAME_WORD}(?:[ \t]+{_RU_NAME_WORD}){{0,3}})"
)
_CAPS_LINE = re.compile(rf"^[ \t]*(?P<name>[{_UP}]{{2,}}(?:-[{_UP}]+)?(?:[ \t]+[{_UP}]{{2,}}(?:-[{_UP}]+)?){{0,2}})"
                        rf"[.,]?[ \t]*(?:\[[^\]]*\])?[.”\"]?[ \t]*$", re.M)
_EN_ORG_HEAD_ALTERNATION = "|".join(sorted((h.replace(" ", r"\s+") for h in EN_ORG_HEADS), key=len, reverse=True))
_PROPER = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’-]*)"
_EN_ORG = re.compile(
    rf"(?<![\w.])(?P<org>(?:(?:{_PROPER}|of|the|for|on|and|de)\s+)*?"
    rf"(?:{_EN_ORG_HEAD_ALTERNATION})"
    rf"(?:\s+(?:of|for|on)(?:\s+the)?(?:\s+{_PROPER})+)*)(?![\w])"
)
# Lower-case heads name a body only with a proper modifier: "the South Korean government",
# "the government of the PRC", "the Republic of Korea army"; "the delegation" names nothing.
_EN_LOWER_ORG_HEADS = ("government", "army")
_EN_LOWER_ORG = re.compile(
    rf"(?<![\w.])(?P<org>(?:{_PROPER}\s+){{1,4}}(?:{'|'.join(_EN_LOWER_ORG_HEADS)})"
    rf"|(?:{'|'.join(_EN_LOWER_ORG_HEADS)})\s+of\s+the\s+(?:{_PROPER}\s?)+)(?![\w])"
)
# Sentence-initial words that a capitalised modifier pattern would otherwise take in.
_EN_FUNCTION = frozenset("""
    to the a an in on at of for from by with as and or but if when while since after before during
    this that these those it its their our his her also however thus moreover then so we you
    they he she i
    """.split())
ROLE_WORDS = frozenset("""
    minister ministers president chairman secretary ambassador commander chief head deputy premier
    representative envoy director leader member members delegate delegates general marshal
    commander-in-chief supreme
    """.split())
_LEADING_NOISE = re.compile(r"^(?:(?:the|The|THE|a|A|an|An|and|of)\s+)+")
_TRAILING_NOISE = re.compile(r"(?:['’]s|(?<!\b[A-ZА-ЯЁ])[.]|[,;:])+$")


@dataclass
class _Candidate:
    start: int
    end: int
    tag: str
    model: bool = False
    cue: bool = False

    def span(self) -> Span:
        cert = "high" if self.model and self.cue else "medium"
        return Span(self.start, self.end, self.tag, {"cert": cert}, priority=PROPOSAL_PRIORITY)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A name without leading articles or trailing possessive and punctuation."""
    piece = text[start:end]
    lead = _LEADING_NOISE.match(piece)
    if lead:
        start += lead.end()
        piece = piece[lead.end():]
    trail = _TRAILING_NOISE.search(piece)
    if trail:
        end -= len(trail.group())
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_EN_TITLE_PREFIX = re.compile(rf"^(?:(?:{'|'.join(sorted(EN_TITLES, key=len, reverse=True))})\s+)+")
_RU_TITLE_PREFIX = re.compile(rf"^(?:(?:{'|'.join(RU_TITLES)})\s+)+")


def _strip_title(text: str, start: int, end: int, prefix: re.Pattern) -> tuple[int, int]:
    """"General Clark" -> "Clark": titles stay outside the name (the edition's policy)."""
    m = prefix.match(text[start:end])
    return (start + m.end(), end) if m and start + m.end() < end else (start, end)


def _strip_function_words(text: str, start: int, end: int) -> tuple[int, int]:
    while True:
        m = re.match(r"(\S+)\s+", text[start:end])
        if not m or m.group(1).lower().strip(".,") not in _EN_FUNCTION:
            return start, end
        start += m.end()


def _add(found: dict[tuple[int, int], _Candidate], start: int, end: int, tag: str, *, model=False, cue=False):
    key = (start, end)
    cand = found.get(key)
    if cand is None:
        found[key] = _Candidate(start, end, tag, model, cue)
        return
    cand.model |= model
    cand.cue |= cue
    if cue and tag != cand.tag:
        cand.tag = tag  # the text's own cue (a title, an org head) outranks the model's label


# ---------------------------------------------------------------------------
# English


def _en_cues(text: str, found: dict) -> None:
    for m in _EN_TITLED.finditer(text):
        words = m.group("name").split()
        # "General Assembly": a title followed by an organisation's head is no person.
        if words[0].rstrip(".,") in EN_ORG_HEADS:
            continue
        cut = next((i for i, w in enumerate(words) if w.lower().rstrip(".,") in EN_NOT_NAMES), len(words))
        if cut:
            s = m.start("name")
            e = s + len(" ".join(words[:cut]))
            s, e = _trim(text, s, e)
            if e > s:
                _add(found, s, e, PERSON, cue=True)
    for m in _CAPS_LINE.finditer(text):
        words = m.group("name").split()
        if any(w.strip("-") in EN_CAPS_NOT_NAMES for w in words) or not re.search("[A-Z]", m.group("name")):
            continue
        _add(found, m.start("name"), m.end("name"), PERSON, cue=True)
    for pattern in (_EN_ORG, _EN_LOWER_ORG):
        for m in pattern.finditer(text):
            s, e = _strip_function_words(text, *_trim(text, *m.span("org")))
            words = text[s:e].split()
            if len(words) < 2 and not text[s:e].isupper():
                continue  # a head word alone ("Committee") names nothing in particular
            if any(w.lower() in ROLE_WORDS for w in words[:2]):
                continue  # "Minister of Foreign Affairs" is a person's office, not a body
            _add(found, s, e, ORG, cue=True)


_SPACY_TAGS = {"PERSON": PERSON, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE, "ORG": ORG}


def _en_model(texts: list[str], found_per_text: list[dict]) -> None:
    nlp = models.english()
    for text, found, doc in zip(texts, found_per_text, nlp.pipe(texts, batch_size=64)):
        for ent in doc.ents:
            tag = _SPACY_TAGS.get(ent.label_)
            if tag is None:
                continue
            s, e = _trim(text, ent.start_char, ent.end_char)
            if tag == PERSON:
                s, e = _strip_title(text, s, e, _EN_TITLE_PREFIX)
            piece = text[s:e]
            if not _plausible_en(piece, tag):
                continue
            following = text[e:e + 40].split()[:1]
            if following and following[0].lower().strip(".,") in ROLE_WORDS:
                continue  # "CC SECRETARY", "Soviet Ambassador": part of an office's name
            _add(found, s, e, tag, model=True)


def _plausible_en(piece: str, tag: str) -> bool:
    if not piece or not piece[0].isupper() or "\n" in piece:
        return False
    words = piece.split()
    if all(w.lower().strip(".,'’") in EN_NOT_NAMES for w in words):
        return False
    if tag == PERSON and len(words) == 1 and _NORP.match(piece):
        return False
    if any(c.isdigit() for c in piece):
        return False
    if tag == ORG and any(w.lower() in ROLE_WORDS for w in words[:2]):
        return False
    if tag == ORG and len(words) == 1 and not piece.isupper():
        return False  # a lone common word taken for a body ("State")
    if piece.isupper() and any(w in EN_CAPS_NOT_NAMES for w in words):
        return False
    if tag == PLACE and re.search(r"(?:ans|ese|ians|ish)$", words[-1]) and not piece.isupper():
        return False  # "South Koreans": people of a country, not the country
    if len(words) > 3 and tag != ORG and sum(w[0].isupper() for w in words) < len(words) - 1:
        return False  # a title-cased phrase ("Signing of the Armistice Agreement"), not a name
    return len(piece) <= 120


# ---------------------------------------------------------------------------
# Russian


def _ru_cues(text: str, found: dict) -> None:
    for m in _RU_TITLED.finditer(text):
        s, e = _trim(text, *m.span("name"))
        if e > s:
            _add(found, s, e, PERSON, cue=True)
    for m in _CAPS_LINE.finditer(text):
        if re.search("[А-ЯЁ]", m.group("name")):
            _add(found, m.start("name"), m.end("name"), PERSON, cue=True)


_NATASHA_TAGS = {"PER": PERSON, "LOC": PLACE, "ORG": ORG}


def _ru_model(texts: list[str], found_per_text: list[dict]) -> None:
    from natasha import Doc

    segmenter, tagger = models.russian()
    for text, found in zip(texts, found_per_text):
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        spans = [(span.start, span.stop, _NATASHA_TAGS.get(span.type)) for span in doc.spans]
        for i, (start, stop, tag) in enumerate(spans):
            if tag is None:
                continue
            # "Министерства иностранных дел" + "СССР": the state completes the body's name.
            while tag == ORG and i + 1 < len(spans) and spans[i + 1][2] == PLACE and \
                    text[stop:spans[i + 1][0]].strip() == "":
                stop = spans[i + 1][1]
                spans[i + 1] = (spans[i + 1][0], spans[i + 1][1], None)
                i += 1
            s, e = _trim(text, start, stop)
            if tag == PERSON:
                s, e = _strip_title(text, s, e, _RU_TITLE_PREFIX)
            piece = text[s:e]
            if not piece or not piece[0].isupper() or "\n" in piece:
                continue
            if any(head in piece for head in RU_ORG_HEADS) and tag != PERSON:
                tag = ORG
            elif tag == ORG and " " not in piece and not piece.isupper():
                continue  # a lone capitalised word taken for an organisation ("Члены")
            _add(found, s, e, tag, model=True)


# ---------------------------------------------------------------------------
# Chinese

_ZH_TAGS = {"nr": PERSON, "nrt": PERSON, "nrfg": PERSON, "ns": PLACE, "nt": ORG}
# The shape of a name: a Chinese or Korean personal name opens with a surname; a
# transliterated foreign name is made of the characters used to spell sounds.
ZH_SURNAMES = frozenset(
    "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟"
    "汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文聂朴庞柴解廉宁荣"
    "洪严左鲁季施牛聶俞翁申温伍朱南卓车全玄池河桂薄粟陶谷")
ZH_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "司徒", "尉迟", "令狐")
ZH_SOUND_CHARS = frozenset(
    "阿埃艾爱安昂奥巴拔贝本比彼毕宾波伯博布查达戴丹道德登迪蒂丁东杜顿多俄厄恩尔法范菲费芬丰佛夫福弗盖甘冈高戈格葛根"
    "古哈海汉豪赫亨洪胡华霍基吉加贾杰金卡凯坎康柯科克肯库拉莱赖兰朗劳勒雷里理利莉连林琳隆卢鲁路伦罗洛马麦曼梅门蒙"
    "米密明莫墨默姆穆纳奈南内尼涅宁纽努诺欧帕派潘庞佩彭皮普齐奇恰乔切琴丘萨塞桑瑟森沙尚舍什史斯松苏索塔泰坦汤特"
    "提图托瓦万威韦维温沃乌西希谢辛休雅亚扬耶伊英尤约泽扎詹宗佐茨兹逊姆恩豪瑞丽")


def _zh_name_shape(word: str, flag: str) -> bool:
    if flag == "nrt" or (word and all(c in ZH_SOUND_CHARS for c in word) and len(word) >= 3):
        return 2 <= len(word) <= 8 and all(c in ZH_SOUND_CHARS for c in word)
    surname = 2 if word[:2] in ZH_COMPOUND_SURNAMES else 1
    return 2 <= len(word) <= 4 and (word[:surname] in ZH_SURNAMES or word[:2] in ZH_COMPOUND_SURNAMES)


def _zh(text: str, found: dict) -> None:
    tokenizer = models.chinese()
    tokens = []
    pos = 0
    for pair in tokenizer.cut(text):
        word, flag = pair.word, pair.flag
        start = text.find(word, pos)
        if start < 0:
            continue
        tokens.append((start, start + len(word), word, flag))
        pos = start + len(word)
    for i, (s, e, word, flag) in enumerate(tokens):
        tag = _ZH_TAGS.get(flag)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        prev = tokens[i - 1] if i else None
        titled = (nxt is not None and nxt[2] in ZH_TITLES) or (prev is not None and prev[2] in ZH_TITLES)
        if tag is None and not (titled and flag.startswith("n") and 2 <= len(word) <= 4):
            continue
        if word in ZH_NOT_NAMES or any(t in word for t in ZH_TITLES) or len(word) < 2:
            continue
        if tag is None:
            tag = PERSON
        if tag == ORG:
            # jieba cuts "国际民主妇女联合会" into its words and tags only the last: the body's
            # name runs back over the nouns before its head.
            k = i
            while k > 0 and tokens[k - 1][3][:1] == "n" and tokens[k - 1][1] == tokens[k][0] and \
                    tokens[k - 1][2] not in ZH_NOT_NAMES and not any(t in tokens[k - 1][2] for t in ZH_TITLES):
                k -= 1
            s = tokens[k][0]
        if tag == PLACE and nxt is not None and nxt[2] in ZH_ORG_SUFFIXES and nxt[2] not in ("部",):
            # "南朝鲜" + "政府": the government, an organisation, not the place
            _add(found, s, nxt[1], ORG, cue=True)
            continue
        if tag == PERSON and not _zh_name_shape(word, flag):
            continue
        _add(found, s, e, tag, model=True, cue=titled)


    # A body named by its head word: "中立国监察委员会", "联合国军司令部", "朝中代表团".
    for i, (s, e, word, flag) in enumerate(tokens):
        if word not in ZH_ORG_HEADS:
            continue
        k = i
        while k > 0 and (tokens[k - 1][3][:1] in ("n", "j") or tokens[k - 1][3] == "vn") and \
                tokens[k - 1][1] == tokens[k][0] and not any(t in tokens[k - 1][2] for t in ZH_TITLES):
            k -= 1
        run = tokens[k:i]
        if run and any(t[3] in ("ns", "nt", "nz", "nr", "j") for t in run) and s - tokens[k][0] >= 2:
            _add(found, tokens[k][0], e, ORG, cue=True)


ZH_ORG_HEADS = frozenset(("委员会", "代表团", "司令部", "大使馆", "领事馆", "政府", "外交部", "国防部", "中央委员会",
                          "政治局", "人民军", "志愿军", "军事委员会", "通讯社", "联合会", "总工会", "协会", "议会"))


# ---------------------------------------------------------------------------


def propose(texts: list[str], lang: str) -> list[list[Span]]:
    """Proposed name spans for each of `texts` (all in language `lang`), non-overlapping."""
    family = (lang or "en").split("-")[0].lower()
    found_per_text: list[dict] = [{} for _ in texts]
    if family == "zh":
        for text, found in zip(texts, found_per_text):
            _zh(text, found)
    elif family == "ru":
        for text, found in zip(texts, found_per_text):
            _ru_cues(text, found)
        _ru_model(texts, found_per_text)
    else:
        for text, found in zip(texts, found_per_text):
            _en_cues(text, found)
        _en_model(texts, found_per_text)
    out = []
    for found in found_per_text:
        chosen: list[Span] = []
        # Longest first: "Ministry of Foreign Affairs of the USSR" over its "USSR".
        for cand in sorted(found.values(), key=lambda c: (-(c.end - c.start), c.start)):
            if all(cand.end <= s.start or cand.start >= s.end for s in chosen):
                chosen.append(cand.span())
        out.append(sorted(chosen, key=lambda s: s.start))
    return out
