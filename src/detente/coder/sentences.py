"""Split text into paragraphs and sentences, keeping each one's character span in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that end in a full stop without ending the sentence.
_ABBREVIATIONS = {
    "u.s",
    "u.n",
    "u.k",
    "u.s.s.r",
    "u.s.a",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "gen",
    "adm",
    "col",
    "lt",
    "sgt",
    "gov",
    "sen",
    "rep",
    "pres",
    "prof",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "nos",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "approx",
    "inc",
    "corp",
    "ltd",
    "jr",
    "sr",
    "p.l",
    "fig",
    "vol",
    "pp",
    "ca",
    "cf",
    "al",
}
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"\n[ \t\xa0]*\n")
MAX_SENTENCE = 2000


@dataclass(frozen=True)
class Span:
    """A piece of the text and where it is: text[start:end] == span.text."""

    start: int
    end: int
    text: str


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end]) if end > start else None


def paragraphs(text: str) -> list[Span]:
    """Blocks separated by blank lines."""
    out, pos = [], 0
    for m in _PARAGRAPH.finditer(text):
        if (span := _trimmed(text, pos, m.start())) is not None:
            out.append(span)
        pos = m.end()
    if (span := _trimmed(text, pos, len(text))) is not None:
        out.append(span)
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[:dot])
    if word is None:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of text[start:end] (one paragraph or the whole text). Line breaks inside a paragraph
    do not end a sentence; very long runs without an end are cut every MAX_SENTENCE characters."""
    end = len(text) if end is None else end
    out: list[Span] = []
    for para in paragraphs(text[start:end]):
        base = start + para.start
        chunk = para.text
        pos = 0
        for m in _END.finditer(chunk):
            if chunk[m.start()] == "." and _is_abbreviation(chunk, m.start()):
                continue
            out.extend(_pieces(text, base + pos, base + m.end()))
            pos = m.end()
        out.extend(_pieces(text, base + pos, base + len(chunk)))
    return out


def _pieces(text: str, start: int, end: int) -> list[Span]:
    spans = []
    while end - start > MAX_SENTENCE:
        if (span := _trimmed(text, start, start + MAX_SENTENCE)) is not None:
            spans.append(span)
        start += MAX_SENTENCE
    if (span := _trimmed(text, start, end)) is not None:
        spans.append(span)
    return spans
