"""Who did it to whom: pick the source and target states of a trigger from the names around it.

Rules, in order: a demonym or possessive right before a trigger is its agent ("Soviet invasion",
"Russia's decisions to attack"); a passive "by X" after the trigger names the source; otherwise the
source is the first name in the trigger's clause that is not the object of a preposition (an opening
"After …," or "Under …," phrase is skipped), and the target the first other state after the trigger.
Names joined by "and" act together ("Egypt and Syria attacked"); before a joint act ("X and Y signed",
"X and Y met") they are source and target. A capital used as a place ("opened an office in Washington")
is the target only when nothing else is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from detente.coder.actors import Mention, unique_states
from detente.coder.triggers import Trigger

_SEGMENT_BREAK = re.compile(r"[;(){}\[\]]|—|–|\s-\s")
_CLAUSE_BREAK = re.compile(
    r"\b(?:that|which|who|whom|because|while|whereas|although|after|when|since|"
    r"so that|before|until)\b|:|,\s+(?:and|but|yet|while)\b"
)
_INTRO = re.compile(
    r"^\s*(?:after|when|since|as|although|while|before|until|if|because|under|in|despite|"
    r"following|during|with|a day after|days after|weeks after|on)\b[^,]*,",
    re.I,
)
_OBJECT_OF = re.compile(
    r"\b(?:of|on|against|to|with|from|for|toward|towards|in|into|at|near|over|between|"
    r"about|than|like|under|by|among|beside|upon)\s+(?:the\s+|its\s+|their\s+|an?\s+)?$",
    re.I,
)
_PASSIVE_BY = re.compile(r"^\s*(?:\w+\s+){0,2}?by\s+(?:the\s+)?$", re.I)
_DEMONYM_GAP = re.compile(r"^\s*(?:[\w-]+\s+)?$")
_POSSESSIVE_GAP = re.compile(r"^(?:'s|’s)\s*(?:[\w-]+\s+){0,2}(?:to\s+)?$")
_AND = re.compile(r"^\s*(?:and|,|, and)\s*(?:the\s+)?$", re.I)
# Joint acts: the two sides act together, so "X and Y <act>" is an event between them.
JOINT_ROOTS = {"03", "04", "05", "06", "08"}


@dataclass(frozen=True)
class Roles:
    """Source and target of one trigger."""

    source: Mention
    target: Mention


def _segment(text: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in _SEGMENT_BREAK.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _clause_starts(text: str, seg_start: int, pos: int) -> list[int]:
    """Where the clauses before `pos` start, nearest first (an opening "After …," phrase skipped)."""
    start = seg_start
    intro = _INTRO.match(text[seg_start:pos])
    if intro:
        start = seg_start + intro.end()
    starts = [start] + [m.end() for m in _CLAUSE_BREAK.finditer(text, start, pos)]
    return starts[::-1]


def _eligible(text: str, m: Mention) -> bool:
    return m.kind != "place" and not _OBJECT_OF.search(text[max(0, m.start - 16) : m.start])


def _group(text: str, states: list[Mention], first: Mention) -> list[Mention]:
    """`first` and the names joined to it by 'and' or commas right after it."""
    group = [first]
    for m in states:
        if m.start <= group[-1].start:
            continue
        if _AND.match(text[group[-1].end : m.start]) and m.kind != "place":
            group.append(m)
        else:
            break
    return group


def _agent(text: str, before: list[Mention], trigger: Trigger) -> Mention | None:
    if not before or before[-1].kind == "place":
        return None
    last = before[-1]
    gap = text[last.end : trigger.start]
    if last.kind == "demonyms" and _DEMONYM_GAP.match(gap):
        return last
    if _POSSESSIVE_GAP.match(gap):
        return last
    return None


def assign(text: str, trigger: Trigger, mentions: list[Mention]) -> list[Roles]:
    """The (source, target) pairs of `trigger` in `text`; empty when the text does not name both."""
    seg_start, seg_end = _segment(text, trigger.start)
    states = [m for m in mentions if m.state is not None and seg_start <= m.start and m.end <= seg_end]
    actors = [m for m in states if m.kind != "place"]
    before = [m for m in actors if m.end <= trigger.start]
    after = [m for m in actors if m.start >= trigger.start]  # "give Moscow a guarantee" names its target
    by = next((m for m in after if _PASSIVE_BY.match(text[trigger.end : m.start])), None)
    if by is not None:
        subject = next((m for m in before if _eligible(text, m)), None)
        if subject is not None and subject.iso3 != by.iso3:
            return [Roles(by, subject)]
    agent = _agent(text, before, trigger)
    if agent is not None:
        head = agent
        for m in reversed(before):  # "American and Soviet negotiators signed"
            if m.end <= head.start and _AND.match(text[m.end : head.start]) and m.kind != "place":
                head = m
            elif m.end <= head.start:
                break
        sources = unique_states(_group(text, before, head), set())
    else:
        first, end = None, trigger.start
        for clause in _clause_starts(text, seg_start, trigger.start):  # this clause, else the one before
            first = next((m for m in before if clause <= m.start < end and _eligible(text, m)), None)
            if first is not None:
                break
            end = clause
        if first is None:
            return []
        sources = unique_states(_group(text, before, first), set())
    joint = trigger.code[:2] in JOINT_ROOTS
    if joint and len(sources) > 1:
        return [Roles(sources[0], t) for t in sources[1:]]
    source_states = {m.iso3 for m in sources}
    first_target = next((m for m in after if m.iso3 not in source_states), None)
    targets = unique_states(_group(text, after, first_target), source_states) if first_target else []
    if not targets:
        fallback = next(
            (m for m in reversed(before) if m.iso3 not in source_states and m.start > sources[0].start), None
        )
        fallback = fallback or next((m for m in actors if m.iso3 not in source_states), None)
        fallback = fallback or next(
            (
                m
                for m in states
                if m.kind == "place" and m.iso3 not in source_states and m.start > trigger.start
            ),
            None,
        )
        targets = [fallback] if fallback else []
    return [Roles(s, t) for s in sources for t in targets if s.iso3 != t.iso3]
