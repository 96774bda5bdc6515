"""Texts for the coder: real sentences of the essay damaged at random, made-up text, and files of
random bytes. The coder gives events that point into the text it was given (or none) — never an
exception — within a bounded peak RSS. Few examples: the parse is slow (the rules-only coder)."""

from __future__ import annotations

import re

import pytest
from fuzzing import bounded_memory
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import ESSAY, TODAY
from detente.coder import code_files, coder
from detente.coder.check import check_text
from detente.core.countries import resolve
from detente.dossier.load import load_dossier

FEW = settings(max_examples=max(2, settings.default.max_examples // 3))
SENTENCES = [s for s in re.split(r"(?<=[.!?])\s+", ESSAY.read_text(encoding="utf-8"))
             if 40 < len(s) < 400][:60]
WORDS = st.sampled_from(["Russia", "the United States", "Moscow", "Washington", "China", "sanctions",
                         "attacked", "met", "signed", "treaty", "not", "may", "on 3 March 2022",
                         "in 1987", "the Kremlin", "NATO", "Ukraine", ",", ".", "\n\n", "“", "”",
                         "New START", "the INF Treaty", "inspections per year", "was extended by",
                         "years", "until 2026", "18", "²", "٣", "eighteen", "is no longer in force"])


@pytest.fixture(scope="module")
def rules_coder():
    """The rules-only coder (what `detente code --no-model` runs), built once."""
    c = coder(use_model=False)
    c.code_text("Russia and the United States met in Geneva.")  # loads the parser
    return c


@st.composite
def texts(draw) -> str:
    """A few essay sentences with edits, or words and noise strung together."""
    if draw(st.booleans()):
        parts = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3))
        text = " ".join(parts)
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.text(max_size=8) | WORDS) + text[at + draw(st.integers(0, 5)):]
        return text
    return " ".join(draw(st.lists(WORDS | st.text(max_size=10), max_size=40)))


def check_events(events: list, text: str) -> None:
    for e in events:
        assert 0 <= e.start <= e.end <= len(text)
        assert e.sentence and e.sentence in text
        assert resolve(e.source.iso3).iso3 == e.source.iso3 != e.target.iso3
        assert re.fullmatch(r"[0-9]{2,4}", e.cameo) and e.root == e.cameo[:2]
        assert -10 <= e.goldstein <= 10 and 1 <= e.quad_class <= 4


@FEW
@given(texts())
def test_texts_give_events_that_point_into_them(rules_coder, text):
    with bounded_memory():
        events = rules_coder.code_text(text)
    check_events(events, text)


@FEW
@given(st.binary(max_size=4096), st.sampled_from([".txt", ".md", ".html"]))
def test_files_of_any_bytes_are_coded_or_skipped_with_a_reason(rules_coder, tmp_path_factory,
                                                               raw, suffix):
    path = tmp_path_factory.mktemp("coder") / f"input{suffix}"
    path.write_bytes(raw)
    with bounded_memory():
        events, skipped, docs = code_files([path], use_model=False)
    assert len(skipped) + len(docs) == 1
    assert all(s.reason for s in skipped)
    for doc in docs:
        check_events([e for e in events], doc.text)


@FEW
@example("New START allows ² inspections per year.")  # was a ValueError: int("²")
@example("New START was extended by ² years until 2026.")
@given(texts())
def test_the_fact_check_gives_claims_that_point_into_the_text(text):
    """`detente code --check`'s claims against the USA–RUS dossier."""
    dossier = load_dossier("USA", "RUS", today=TODAY)
    with bounded_memory():
        claims = check_text(text, dossier, TODAY)
    for claim in claims:
        assert 0 <= claim.start <= claim.end <= len(text) and claim.verdict
