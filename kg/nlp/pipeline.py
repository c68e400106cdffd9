"""The emkg spaCy pipeline: a blank Chinese pipeline (jieba segmentation) and the rule components.

    >>> nlp = load_pipeline()  # doctest: +SKIP
    >>> nlp.pipe_names[:3]  # doctest: +SKIP
    ['emkg_agencies', 'emkg_responsibilities', 'emkg_measures']

The pipeline is built once per process (building it loads jieba's dictionary, about a second).
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

#: component order: measures before hazards, deadlines and quantities, which read its past parts
COMPONENTS = ("emkg_agencies", "emkg_responsibilities", "emkg_measures", "emkg_hazards", "emkg_deadlines",
              "emkg_quantities")


@functools.cache
def load_pipeline() -> Language:
    """The pipeline, built on first use and shared afterwards."""
    import jieba
    import spacy

    # Registers the component factories (spaCy looks them up by name).
    import kg.nlp.components.agencies
    import kg.nlp.components.deadlines
    import kg.nlp.components.hazards
    import kg.nlp.components.measures
    import kg.nlp.components.quantities
    import kg.nlp.components.responsibilities  # noqa: F401
    from kg.nlp.tokenizer import JiebaTokenizer

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading at INFO to stderr
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.tokenizer = JiebaTokenizer(nlp.vocab)  # the same tokens as spaCy's jieba tokenizer, made faster
    # No lexical attributes (like_num, shape, is_punct ...): the components read characters, never a token's
    # attributes, and computing them for every new word cost a quarter of the segmentation's time.
    nlp.vocab.lex_attr_getters = {}
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
