"""Russian: natasha's entities, checked against pymorphy3's dictionary, and the texts' cues."""

from __future__ import annotations

import re

from .. import models
from .common import ORG, PERSON, PLACE, SPACED_SIGNATURE, Found, chunks, model_view, strip_prefix, trim

TITLES = (
    "[Тт]оварищ(?:а|у|ем|е|и|ей|ам)?", "[Тт]ов\\.", "ТОВАРИЩ[А-Я]*", "ТОВ\\.", "[Мм]аршал(?:а|у|ом)?",
    "[Гг]енерал(?:а|у|ом)?(?:-[а-я]+)?", "[Пп]олковник(?:а|у|ом)?", "[Аа]дмирал(?:а|у|ом)?", "[Пп]осл(?:а|у|ом)",
    "[Пп]осол", "[Пп]редседател(?:ь|я|ю|ем)", "[Пп]ремьер(?:а|у|ом)?", "[Мм]инистр(?:а|у|ом)?",
    "[Гг]осподин(?:а|у|ом)?", "г-н(?:а|у|ом)?", "[Сс]оветник(?:а|у|ом)?",
)
# ALL-CAPS titles too: "ГЕНЕРАЛ-ПОЛКОВНИКУ С. А. КРАСОВСКОМУ"
TITLE_PREFIX = re.compile(rf"^(?:(?:{'|'.join(TITLES)})\s+)+", re.I)
# Heads of the bodies the documents name, as stems that every case shares.
ORG_HEADS = (
    "Министерств", "ЦК", "Комитет", "Комисси", "Совет", "Посольств", "Арми", "Командовани", "Штаб",
    "Парти", "Агентств", "Управлени", "Делегаци", "Правительств", "Президиум", "Политбюро", "Секретариат",
    "Отдел", "Бюро", "Департамент", "Дивизи", "Корпус", "Флот", "Мисси", "Войск", "Сил", "Конференци",
    "Ассамбле", "Организаци", "Союз", "Фронт", "Академи",
)
_HEAD = "|".join(ORG_HEADS)
# "Корейское правительство", "Советскими Вооруженными силами": a capitalised adjective and a
# body's head; "Совета Министров Польши", "Военно-Морских Сил СССР": the head and its genitives.
_CAP_ADJ = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?(?:ий|ый|ой|ая|ое|ые|ого|ому|ым|ом|ых|ую|ей|ими|ыми|ой|ие|ским|ских|ских)"
# The lower-case phrases inside bodies' names ("Министерство иностранных дел СССР"); any other
# lower-case word ends the name ("…Рабочей Партии членов ВКП(б)").
_NAME_PHRASE = r"(?:иностранных\s+дел|внутренних\s+дел|национальной\s+обороны|государственной\s+безопасности|" \
               r"вооруж[её]нных\s+сил|по\s+[а-яё]+)"
_CAP_WORD = r"(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?|[А-ЯЁ]{2,}(?:\([а-я]\))?)"
_ORG = re.compile(
    rf"(?<![\w])(?P<org>(?:{_CAP_ADJ}\s+)*(?:(?:{_HEAD})[а-яё]*|(?:правительств|арми|флот|парти)[а-яё]*|"
    rf"[Вв]ооруж[её]нн[а-я]+\s+[Сс]ил[а-я]*)"
    rf"(?:\s+(?:{_NAME_PHRASE}\s+)?{_CAP_WORD})*)(?![\w])"
)
_TRAILING_ADJ = re.compile(rf"\s+{_CAP_ADJ}$")
_ABBREVIATION = re.compile(r"(?<![\w])(?P<abbr>[А-ЯЁ]{2,}\([а-я]\))(?![\w])")  # "ВКП(б)"
_NAME_WORD = r"(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]*)*|[А-ЯЁ]{2,}(?:-[А-ЯЁ]+)*|[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.)*)"
_TITLED = re.compile(rf"(?<![\w.])(?:{'|'.join(TITLES)})\s+(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})")
_CAPS_LINE = re.compile(r"^[ \t]*(?P<name>[А-ЯЁ]{2,}(?:-[А-ЯЁ]+)?(?:[ \t]+[А-ЯЁ]{2,}(?:-[А-ЯЁ]+)?){0,2})"
                        r"[.,]?[ \t]*(?:\[[^\]]*\])?[.”\"»]?[ \t]*$", re.M)
CAPS_NOT_NAMES = frozenset("СЕКРЕТНО СОВЕРШЕННО ШИФРТЕЛЕГРАММА ТЕЛЕГРАММА КОПИЯ СРОЧНО ВНЕ ОЧЕРЕДИ ИЗ ТОВАРИЩУ "
                           "ТОВАРИЩ ПОСЛУ ГЛАВНОМУ ВОЕННОМУ СОВЕТНИКУ ГЕНЕРАЛ ДИРЕКТИВА ПРИЛОЖЕНИЕ ПРОТОКОЛ СПРАВКА "
                           "БИБЛИОГРАФИЧЕСКАЯ ВОЙНА КОНФЛИКТ".split())
_INITIALS_BEFORE = re.compile(r"(?:[А-ЯЁ]\.\s?){1,2}$")


def _proper_reading(word: str, tag: str) -> bool:
    """A word pymorphy3 reads as a name (or does not know, as most foreign names), not as a
    common noun or an adjective: "Соглашением" and "Корейская" are not names by themselves."""
    parses = models.morphology().parse(word.lower())
    if not parses or any("UNKN" in p.tag for p in parses[:1]):
        return True
    best = parses[0]
    grammemes = set(best.tag.grammemes)
    if {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"} & grammemes:
        return True
    return best.tag.POS == "NOUN" and best.score < 0.5 and tag == PERSON


def cues(text: str, found: Found) -> None:
    for m in _TITLED.finditer(text):
        s, e = trim(text, *m.span("name"))
        found.add(s, e, PERSON, cue=True)
    for m in _CAPS_LINE.finditer(text):
        words = m.group("name").split()
        if any(w in CAPS_NOT_NAMES for w in words):
            continue
        found.add(m.start("name"), m.end("name"), PERSON, cue=True)
    for m in SPACED_SIGNATURE.finditer(text):
        if "\u0400" <= m.group("name")[:1] <= "\u04ff":
            found.add(m.start("name"), m.end("name"), PERSON, cue=True)
    for m in _ORG.finditer(text):
        s, e = trim(text, *m.span("org"))
        while (adj := _TRAILING_ADJ.search(text[s:e])) and adj.start() > 0:
            e = s + adj.start()  # "…силами Квантунской": the next body's adjective
        piece = text[s:e]
        if len(piece.split()) < 2 and not re.match(r"^(?:ЦК|Политбюро|Президиум)", piece):
            continue
        if not piece[:1].isupper():
            continue  # "армии США" without a capital: a country's army, said in passing
        found.add(s, e, ORG, cue=True, outranks=frozenset({PLACE}))
    for m in _ABBREVIATION.finditer(text):
        found.add(m.start("abbr"), m.end("abbr"), ORG, cue=True)


_NATASHA_TAGS = {"PER": PERSON, "LOC": PLACE, "ORG": ORG}


def model(texts: list[str], found_per_text: list[Found]) -> None:
    from natasha import Doc

    segmenter, tagger = models.russian()
    for text, found in zip(texts, found_per_text):
        spans = []
        for offset, piece in chunks(model_view(text)):
            doc = Doc(piece)
            doc.segment(segmenter)
            doc.tag_ner(tagger)
            spans += [[span.start + offset, span.stop + offset, _NATASHA_TAGS.get(span.type)] for span in doc.spans]
        # Adjacent pieces of one body: "Политбюро" + "ЦК ПОРП", "Командование" + "Организации
        # Объединенных Наций", "Министерства иностранных дел" + "СССР".
        for i in range(len(spans) - 1, 0, -1):
            a, b = spans[i - 1], spans[i]
            if a[2] == ORG and b[2] in (ORG, PLACE) and text[a[1]:b[0]].strip() == "":
                a[1], b[2] = b[1], None
        for start, stop, tag in spans:
            if tag is None:
                continue
            s, e = trim(text, start, stop)
            if tag == PERSON:
                s, e = strip_prefix(text, s, e, TITLE_PREFIX)
                if m := _INITIALS_BEFORE.search(text[max(0, s - 8):s]):
                    s -= len(m.group())  # "К. К. Рокоссовскому"
            # "(ПВА)" after a body's name is its abbreviation, a mention of its own
            if m := re.search(r"\s*\([А-ЯЁA-Z]{2,}\)$", text[s:e]):
                abbr_start = s + m.start() + m.group().index("(") + 1
                found.add(abbr_start, s + m.end() - 1, ORG, model=True)
                e = s + m.start()
            piece = text[s:e]
            if not piece or not piece[0].isupper() or "\n" in piece:
                continue
            words = piece.split()
            if tag == ORG and len(words) > 2:
                # A body's name ends at the first lower-case word after its capitalised ones
                # ("…Рабочей Партии членов ВКП(б)"); a capitalised common noun that opens a
                # sentence is no part of it ("Шифром ЦК").
                capitals = 0
                for k, w in enumerate(words):
                    if w[:1].isupper():
                        capitals += 1
                    elif capitals >= 2:
                        e = s + len(" ".join(words[:k]))
                        break
            if tag == ORG and len(text[s:e].split()) >= 2:
                first = text[s:e].split()[0]
                if not first.isupper() and not any(first.startswith(h) for h in ORG_HEADS) and \
                        not _proper_reading(first, ORG) and not re.match(_CAP_ADJ + "$", first):
                    s += len(first) + 1
            piece = text[s:e]
            words = piece.split()
            if any(piece.startswith(h) or f" {h}" in piece for h in ORG_HEADS) and tag != PERSON:
                tag = ORG
            elif tag == ORG and len(words) == 1 and not piece.isupper():
                continue  # a lone capitalised word taken for an organisation ("Члены")
            if len(words) == 1 and not piece.isupper() and not _proper_reading(piece, tag):
                continue
            if piece.isupper() and any(w in CAPS_NOT_NAMES for w in words):
                continue
            found.add(s, e, tag, model=True, outranks=frozenset({PLACE}) if tag == ORG and len(words) > 1 else frozenset())


def propose(texts: list[str], found_per_text: list[Found]) -> None:
    for text, found in zip(texts, found_per_text):
        cues(text, found)
    model(texts, found_per_text)
