"""English: spaCy's entities checked against the shape of the period's documents, and cues."""

from __future__ import annotations

import re

from .. import models
from .common import ORG, PERSON, PLACE, SPACED_SIGNATURE, Found, chunks, model_view, strip_prefix, trim

TITLES = (
    "Comrades?", "Cdes?\\.?", "Comr\\.", "Marshal", "Generalissimo", "General", "Lieutenant General", "Major General",
    "Rear Admiral", "Lieutenant", "Colonel", "Major", "Captain", "Admiral", "Vice Admiral", "Ambassador",
    "Ambassador-Designate", "President", "Vice President", "Premier", "Chairman", "Vice Chairman", "Prime Minister",
    "Minister", "Deputy Minister", "Foreign Minister", "Secretary", "Secretary of State", "Senator", "Mr\\.",
    "Mrs\\.", "Ms\\.", "Dr\\.", "Mister", "Sir", "Chargé d['’]Affaires", "Chargé", "Envoy", "Counsellor",
    "Counselor", "Attaché", "Commander", "Commissar", "Chief", "Delegate", "Sen\\.", "Gen\\.", "Adm\\.", "Col\\.",
)
_TITLE_ALTERNATION = "|".join(sorted(TITLES, key=len, reverse=True))
TITLE_PREFIX = re.compile(rf"^(?:(?:{_TITLE_ALTERNATION})\s+)+")
TITLE_ONLY = re.compile(rf"^(?:{_TITLE_ALTERNATION})$", re.I)

ORG_HEADS = (
    "Ministry", "Ministries", "Department", "Committee", "Commission", "Council", "Embassy", "Legation",
    "Consulate", "Army", "Armies", "Command", "Headquarters", "Party", "Agency", "Bureau", "Directorate",
    "Administration", "Government", "Presidium", "Politburo", "Secretariat", "Staff",
    "Division", "Corps", "Navy", "Air Force", "Volunteers", "Office", "Assembly", "Congress", "Cabinet",
    "Section", "Service", "Forces", "Front", "Association", "Federation", "League", "Organization",
    "Organisation", "Institute", "Academy", "Bank", "Court", "Tribunal", "Mission", "Conference",
    "Board", "News Agency", "Press", "Radio", "Police", "Guard", "Brigade", "Regiment", "Battalion", "Fleet",
    "Squadron", "Red Cross",
)
# What ends a document's or an event's name, not an organisation's.
NOT_ORG_ENDS = frozenset("pact treaty agreement convention accord accords act law plan release resolution "
                         "declaration charter protocol proposal statement line zone parallel".split())
NOT_NAMES = frozenset("""
    pow pows ceasefire armistice communique communiqué telegram cipher ciphered top secret urgent
    copy copies series special draft resolution minutes protocol excerpt translation original
    attachment appendix enclosure note memo memorandum letter report record conversation meeting
    summary source rights citation comrade comrades cde cdes the a an article point points paragraph
    government army party committee commission ministry council delegation command embassy
    headquarters department office staff
    """.split())
CAPS_NOT_NAMES = frozenset("""
    SECRET TOP URGENT COPY SPECIAL IMMEDIATE CIPHERED TELEGRAM CABLE PRIORITY PERSONAL CONFIDENTIAL STRICTLY
    RESOLUTION DRAFT MINUTES EXCERPT ATTACHMENT APPENDIX NOTE MEMORANDUM DECISION PROTOCOL ORDER DIRECTIVE
    DIRECTIVES REPORT INFORMATION RECEIVED SENT OUTGOING INCOMING FROM TO FOR OF THE AND IN ON BY WITH
    SERIES RETURN SUBJECT DEPARTMENT COPIES ONLY EYES HANDWRITTEN INSTRUCTIONS STATEMENT
    SECRETARY CHAIRMAN MINISTER AMBASSADOR COMMANDER PRESIDENT DEPUTY CHIEF HEAD PREMIER CC CPSU CCP
    TASS UN USSR USA PRC DPRK GENERAL MARSHAL COMRADE ENCLOSURE ANNEX RESTRICTED NIACT PLAIN
    """.split())
ROLE_WORDS = frozenset("""
    minister ministers president chairman secretary ambassador commander chief head deputy premier
    representative envoy director leader member members delegate delegates marshal
    commander-in-chief supreme admiral colonel captain lieutenant chargé attaché counsellor counselor
    """.split())
# Sentence-initial words that a capitalised-modifier pattern would otherwise take in.
FUNCTION_WORDS = frozenset("""
    to the a an in on at of for from by with as and or but if when while since after before during
    this that these those it its their our his her also however thus moreover then so we you
    they he she i p
    """.split())
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ese|ean|ian|an|ish|ic|i|ch|ss)$")
_PLURAL_PEOPLE = re.compile(r"(?:ans|ians|eks|rks|ts|ese|ards|ards|ers)['’]?$")

_NAME_WORD = r"(?:[A-Z][a-z'’]+(?:-[A-Za-z][a-z]*)*|[A-Z]{2,}(?:-[A-Z]+)*|[A-Z]\.(?:\s?[A-Z]\.)*)"
_TITLED = re.compile(rf"(?<![\w.])(?:{_TITLE_ALTERNATION})\s+(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})")
# Clerks of a telegram office and the people a copy goes to: "Typed by Plyvkina",
# "Deciphered by Morozov", "Verified by Shift Chief Sadov".
_BY = re.compile(r"\b(?:[Tt]yped|[Dd]eciphered|[Ee]nciphered|[Vv]erified|[Tt]ranslated|[Ss]igned|[Cc]opied|"
                 rf"[Pp]rinted|[Pp]repared|[Cc]ompiled|[Dd]rafted|[Ww]ritten) by (?:(?:Shift )?Chief\s+)?(?P<name>{_NAME_WORD}"
                 rf"(?:\s+{_NAME_WORD}){{0,2}})")
_COPIES_LINE = re.compile(r"^(?:Copies|Distribution(?: list)?|copies|Copy)\b[^:\n]*:(?P<list>[^\n]+)$", re.M)
_LIST_NAME = re.compile(rf"(?:Cde\.?\s+|Comr\.?\s+|Comrade\s+)?(?P<name>{_NAME_WORD})(?=\s*(?:\(\d+\)|-\s*\d|,|$|\s+and\b))")
_CAPS_LINE = re.compile(r"^[ \t]*(?P<name>[A-Z]{2,}(?:-[A-Z]+)?(?:[ \t]+[A-Z]{2,}(?:-[A-Z]+)?){0,2})"
                        r"[.,]?[ \t]*(?:\[[^\]]*\])?[.”\"]?[ \t]*$", re.M)
# "Huang (Kecheng)", "Su (Yu)": a surname with the given name in brackets.
_GIVEN_IN_BRACKETS = re.compile(r"^\s*\((?:[A-Z][a-z]+)(?:[ -][A-Z][a-z]+)?\)")

_ORG_HEAD_ALTERNATION = "|".join(sorted((h.replace(" ", r"\s+") for h in ORG_HEADS), key=len, reverse=True))
_PROPER = r"(?:(?:[A-Z]\.){2,}|[A-Z]{2,}\([a-z]\)|\d+(?:st|nd|rd|th)|[A-Z][\w'’-]*)"
# In the words after "of", a capitalised verb of a resolution ("…of the USSR RESOLVES") ends the name.
_TAIL_PROPER = r"(?:(?:[A-Z]\.){2,}|[A-Z]{2,5}(?:\([a-z]\))?(?![A-Za-z])|[A-Z][a-z][\w'’-]*|\d+(?:st|nd|rd|th))"
_ORG = re.compile(
    rf"(?<![\w.])(?P<org>(?:(?:{_PROPER}|of|for|on|de)\s+)*?"
    rf"(?:{_ORG_HEAD_ALTERNATION})"
    rf"(?:\s+(?:of|for|on)(?:\s+the)?(?:\s+{_TAIL_PROPER})+)*)(?![\w])"
)
# A lower-case "government" names a body only with a proper modifier: "the South Korean
# government", "the government of the PRC"; "the army" or "the delegation" names nothing.
_LOWER_ORG = re.compile(
    rf"(?<![\w.])(?P<org>(?:{_PROPER}\s+){{1,4}}(?:government|news agency)|government\s+of\s+the\s+(?:{_PROPER}\s?)+)(?![\w])"
)
_PLACE_ENDS = frozenset("house hall palace building square station airfield airport port bridge".split())
# A state's abbreviation completing a body's name: "MFA USSR", "Council of Ministers USSR".
_STATE_AFTER = re.compile(r"^[ \t]+(?:[A-Z]{2,5}|SSSR)(?![\w])")
# Geographical features with a lower-case head: "the Korean peninsula", "the Taiwan Strait".
_FEATURE = re.compile(r"(?<![\w])(?P<place>(?:[A-Z][a-z]+\s+){1,2}(?:peninsula|Peninsula|Strait|strait|Sea|River|"
                      r"Island|Islands|Mountains|Bay|Gulf|Straits|Valley))(?![\w])")
_COMPASS = re.compile(r"(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest|Central|Northern|Southern|"
                      r"Eastern|Western)\s+$")


def _strip_function_words(text: str, start: int, end: int) -> tuple[int, int]:
    while True:
        m = re.match(r"(\S+)\s+", text[start:end])
        if not m or m.group(1).lower().strip(".,:") not in FUNCTION_WORDS:
            return start, end
        start += m.end()


def _office(words: list[str]) -> bool:
    """"Minister of Foreign Affairs", "Supreme Commander of the Army": a person's office."""
    for i, w in enumerate(words[:2]):
        if w.lower().strip(".,") in ROLE_WORDS and (i + 1 == len(words) or words[i + 1].lower() in ("of", "for", "in")):
            return True
    return False


def cues(text: str, found: Found) -> None:
    for m in _TITLED.finditer(text):
        words = m.group("name").split()
        if words[0].rstrip(".,") in ORG_HEADS or TITLE_ONLY.match(words[0].rstrip(".,:")):
            continue  # "General Assembly", "General Staff"; "Mr. President"
        cut = next((i for i, w in enumerate(words) if w.lower().rstrip(".,") in NOT_NAMES), len(words))
        if cut:
            s = m.start("name")
            s, e = trim(text, s, s + len(" ".join(words[:cut])))
            found.add(s, e, PERSON, cue=True)
    for m in _BY.finditer(text):
        found.add(*trim(text, *m.span("name")), PERSON, cue=True)
    for line in _COPIES_LINE.finditer(text):
        for m in _LIST_NAME.finditer(line.group("list")):
            name = m.group("name")
            if name.lower() in NOT_NAMES or name.upper() in CAPS_NOT_NAMES:
                continue
            s = line.start("list") + m.start("name")
            found.add(s, s + len(name), PERSON, cue=True)
    for m in _CAPS_LINE.finditer(text):
        start, words = m.start("name"), m.group("name").split()
        while words and words[0] in ("TO", "FOR", "FROM", "CDE.", "COMRADE"):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else m.end("name")
            words = words[1:]  # "TO KRASOVSKY": the addressee's line
        if not words or any(w.strip("-") in CAPS_NOT_NAMES for w in words):
            continue
        found.add(start, m.end("name"), PERSON, cue=True)
    for m in SPACED_SIGNATURE.finditer(text):
        if m.group("name")[:1].isascii():
            found.add(m.start("name"), m.end("name"), PERSON, cue=True)
    for pattern in (_ORG, _LOWER_ORG):
        for m in pattern.finditer(text):
            s, e = _strip_function_words(text, *trim(text, *m.span("org")))
            words = text[s:e].split()
            if len(words) < 2 and not text[s:e].isupper():
                continue  # a head word alone ("Committee") names nothing in particular
            if _office(words) or words[-1].lower() in NOT_ORG_ENDS:
                continue
            titled = TITLE_PREFIX.match(text[s:e])
            if titled and not re.match(_ORG_HEAD_ALTERNATION, text[s + titled.end():e]):
                continue  # "General Van Fleet": a person whose surname is a head word
            if state := _STATE_AFTER.match(text, e):
                e = state.end()
            # the body named by its head takes the place of the register names within it:
            # "North Korea People's Army" over the place and the army it contains
            found.add(s, e, ORG, cue=True, outranks=frozenset({PLACE, ORG}))
    for m in _FEATURE.finditer(text):
        s, e = _strip_function_words(text, *m.span("place"))
        if e > s:
            found.add(s, e, PLACE, cue=True)


_SPACY_TAGS = {"PERSON": PERSON, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE, "ORG": ORG}


def model(texts: list[str], found_per_text: list[Found]) -> None:
    nlp = models.english()
    pieces = [(i, offset, piece) for i, t in enumerate(texts) for offset, piece in chunks(model_view(t))]
    for (i, offset, _), doc in zip(pieces, nlp.pipe([p for _, _, p in pieces], batch_size=64)):
        text, found = texts[i], found_per_text[i]
        for ent in doc.ents:
            tag = _SPACY_TAGS.get(ent.label_)
            if tag is None:
                continue
            s, e = trim(text, ent.start_char + offset, ent.end_char + offset)
            if tag == PERSON:
                s, e = _strip_function_words(text, *strip_prefix(text, s, e, TITLE_PREFIX))
            if tag == ORG:
                # "Political Consultative Conference in BEIPING": the place is not the body's name
                cut = re.search(r"\s+(?:in|at)\s+", text[s:e])
                if cut:
                    e = s + cut.start()
                s, e = _strip_function_words(text, s, e)
            if tag == ORG:
                if state := _STATE_AFTER.match(text, e):
                    e = state.end()  # "MFA USSR"
                last = text[s:e].split()[-1:] or [""]
                if last[0].lower() in _PLACE_ENDS:
                    tag = PLACE  # "Spaso House": a building, not a body
                elif text[s:e].isupper() and not re.search(_ORG_HEAD_ALTERNATION, text[s:e], re.I) and \
                        all(re.search("[AEIOUY]", w) for w in text[s:e].replace("-", " ").split()) and \
                        max(len(w) for w in text[s:e].replace("-", " ").split()) >= 4:
                    tag = PERSON  # a telegram's capitals ("TEREBIN", "PAK HEON-YEONG"): a name, no body
            if not plausible(text[s:e], tag):
                continue
            if tag == ORG and len(text[s:e].split()) > 1 and _title_cased(text) and \
                    not re.search(_ORG_HEAD_ALTERNATION, text[s:e]):
                continue  # a heading's capitals ("… on the Exchange of Sick Prisoners"): no body's name
            following = text[e:e + 40].split()[:1]
            if following and following[0].lower().strip(".,") in ROLE_WORDS:
                continue  # "CC SECRETARY", "Soviet Ambassador": part of an office's name
            if tag == PLACE and following and following[0].lower().strip(".,") in NOT_ORG_ENDS | {"conference"}:
                continue  # "the Geneva Convention": the name of a treaty, not a mention of the city
            if tag == PERSON and (m := _GIVEN_IN_BRACKETS.match(text[e:])):
                e += m.end()
            if tag == PLACE and (m := _COMPASS.search(text[max(0, s - 12):s])) and text[s - 1] == " ":
                s -= len(m.group())  # "Northeast China"
            found.add(s, e, tag, model=True)


def _title_cased(text: str) -> bool:
    """A heading in title case: most of its longer words capitalised, so capitals tell nothing."""
    words = [w for w in re.findall(r"[A-Za-z][a-z]+", text) if len(w) >= 4]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) * 4 >= len(words) * 3


def plausible(piece: str, tag: str) -> bool:
    if not piece or not piece[0].isupper() or "\n" in piece or len(piece) > 120:
        return False
    words = piece.split()
    if all(w.lower().strip(".,'’") in NOT_NAMES for w in words):
        return False
    if any(c.isdigit() for c in piece.replace("8th", "").replace("10th", "")) and tag != ORG:
        return False
    if TITLE_ONLY.match(piece) or all(TITLE_ONLY.match(w.strip(".,")) for w in words):
        return False  # "President", "Rear Admiral": a title, no one in particular
    if tag == PERSON and (len(words) == 1 and (_DEMONYM.match(piece) or piece in ORG_HEADS)):
        return False
    if tag == ORG and (_office(words) or words[-1].lower().strip(".,") in NOT_ORG_ENDS):
        return False
    if tag == ORG and re.search(r"\s-\s*\d", piece):
        return False  # "Kaganovich - 1": a list of copies
    if tag == ORG and len(words) == 1 and not piece.isupper():
        return False  # a lone common word taken for a body ("State")
    if piece.isupper() and any(w in CAPS_NOT_NAMES for w in words):
        return False
    if tag == PLACE and len(words) == 1 and _PLURAL_PEOPLE.search(piece) and not piece.isupper():
        return False  # "South Koreans", "Greeks": people of a country, not the country
    if tag == PLACE and len(words) > 1 and _PLURAL_PEOPLE.search(words[-1]):
        return False
    if len(words) > 3 and tag != ORG and sum(w[0].isupper() for w in words) < len(words) - 1:
        return False  # a title-cased phrase ("Signing of the Armistice Agreement"), not a name
    return True


def propose(texts: list[str], found_per_text: list[Found]) -> None:
    for text, found in zip(texts, found_per_text):
        cues(text, found)
    model(texts, found_per_text)
