"""Names no register knows yet: proposed by statistical models and the texts' own cues.

The registers are authoritative (`recognize.name_spans`); this package finds the names they
cannot know, the first time a person, place or organisation appears. A proposal is a span
with the TEI element it should become and a certainty; `annotate` marks it with `@resp`
pointing at the recognisers' respStmt and `@cert`, and never with `@ref`: an editor
confirms it into a register (`pipeline entities --accept`).

Evidence, combined per span (one module per language):

- a statistical model: spaCy for English, natasha for Russian, jieba's part-of-speech
  dictionary for Chinese (`models`), each run on a view of the text in which telegram
  capitals are set in title case, since the models learnt from ordinary prose;
- cues the documents of the period give in their own shape: a title or role beside a name
  ("Comrade", "Cde.", "Marshal", "тов.", "同志", "元帅"), a clerk's "Typed by", a list of
  copies, an all-capitals or spaced-out signature line, an organisation's head word
  ("Ministry", "Committee", "Министерство", "委员会", "政府"), the shape of a Chinese name.

Certainty: "high" when a model and a cue agree, "medium" when one of them is clear on its
own. A span the model proposes that the text contradicts (a lone common word, an adjective
of nationality, a title, an office) is not proposed at all: a wrong name costs an editor
more than a missing one.
"""

from __future__ import annotations

from ..spans import Span
from . import chinese, english, russian
from .common import ORG, PERSON, PLACE, PROPOSAL_PRIORITY, Found

__all__ = ["ORG", "PERSON", "PLACE", "PROPOSAL_PRIORITY", "propose"]

_BY_LANGUAGE = {"en": english, "ru": russian, "zh": chinese}


def propose(texts: list[str], lang: str) -> list[list[Span]]:
    """Proposed name spans for each of `texts` (all in language `lang`), non-overlapping.

    Languages without a recogniser of their own (Korean, German…) get none: a model for
    another language would propose noise.
    """
    family = (lang or "en").split("-")[0].lower()
    recogniser = _BY_LANGUAGE.get(family)
    found_per_text = [Found() for _ in texts]
    if recogniser is not None:
        recogniser.propose(texts, found_per_text)
    return [found.spans() for found in found_per_text]
