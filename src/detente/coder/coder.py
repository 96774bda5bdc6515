"""Text → events: sentences, the states they name, triggers, roles, modality, the embedding model's
check of the code, dates, and a confidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from detente.coder import embed as _embed
from detente.coder import parser as _parser
from detente.coder.actors import ActorTable, Mention, actor_table, unique_states
from detente.coder.codebook import Code, codebook
from detente.coder.dates import find_dates
from detente.coder.event import Actor, CodedEvent
from detente.coder.leaders import day_range
from detente.coder.modality import Governed, apply
from detente.coder.roles import _segment, assign
from detente.coder.sentences import Span, sentences
from detente.coder.syntax import Role, RoleReader, is_joint
from detente.coder.triggers import Lexicon, Trigger, lexicon, licensed, object_of
from detente.datasets.registry import home


@dataclass
class _Draft:
    span: Span
    source: Mention
    target: Mention
    code: str
    trigger: Trigger | None
    negated: bool
    modality: str | None
    clause: str


@dataclass
class EventCoder:
    """Codes events between states in text.

    `use_model`: code sentences no trigger covers with the embedding model's nearest CAMEO prototype
    (False, or the optional model not installed: rules only). `min_similarity`: how close such a
    sentence must be to a prototype to yield an event. `use_parser`: read roles from the dependency
    parse (`syntax.py`; False: the word-order rules of `roles.py` alone).
    """

    use_model: bool = True
    min_similarity: float = 0.55
    use_parser: bool = True
    _actors: ActorTable = field(init=False, repr=False)
    _lexicon: Lexicon = field(init=False, repr=False)
    _codes: dict[str, Code] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._actors = actor_table()
        self._lexicon = lexicon()
        self._codes = codebook()
        self._protos: tuple[np.ndarray, list[str]] | None = None

    # -- public -----------------------------------------------------------------------------------
    def code_text(self, text: str, *, doc: str | None = None, date: str | None = None) -> list[CodedEvent]:
        """Every event in `text` (a whole document); `date` ('2015', '2015-08' or '2015-08-24'): when
        it was published, which decides the state a dated leader's name stands for (`leaders.py`)."""
        return self.code_spans(text, sentences(text), doc=doc, date=date)

    def code_sentences(self, texts: list[str], dates: list[str | None] | None = None
                       ) -> list[list[CodedEvent]]:
        """Each text coded as one sentence (for evaluation), with its publication date when known."""
        spans = [Span(0, len(t), t) for t in texts]
        drafts = self._all_drafts(spans, [day_range(d) for d in dates] if dates else None)
        finished = self._finish([d for ds in drafts for d in ds])
        out: list[list[CodedEvent]] = [[] for _ in texts]
        k = 0
        for i, ds in enumerate(drafts):
            out[i] = [e for e in finished[k : k + len(ds)] if e is not None]
            k += len(ds)
        return [_dedupe(events) for events in out]

    def code_spans(self, text: str, spans: list[Span], *, doc: str | None = None, date: str | None = None
                   ) -> list[CodedEvent]:
        """Events in the given sentence spans of `text` (`date`: as in `code_text`)."""
        on = day_range(date)
        ons = [on] * len(spans) if on else None
        drafts = [d for ds in self._all_drafts(spans, ons, chained=True) for d in ds]
        events = [e for e in self._finish(drafts) if e is not None]
        if doc is not None:
            events = [e.model_copy(update={"doc": doc}) for e in events]
        return _dedupe(events)

    # -- steps ------------------------------------------------------------------------------------
    def _all_drafts(self, spans: list[Span], ons: list | None = None, *, chained: bool = False
                    ) -> list[list[_Draft]]:
        """Drafts per span; the sentences that name two states and have a trigger are parsed together.
        `ons`: per span, the first and last day of its date (or None). `chained` (the spans are one
        text's sentences in order): a sentence whose subject is a pronoun ("It lodged a protest with
        India") may take its actor from the state the sentence before opens with."""
        found = []
        before: dict[int, Mention] = {}
        previous: Mention | None = None
        for k, span in enumerate(spans):
            mentions = self._actors.find(span.text, on=ons[k] if ons else None)
            states = {m.iso3 for m in mentions if m.state is not None}
            refers_back = chained and previous is not None and _PRONOUN_START.match(span.text)
            if refers_back and previous.iso3 not in states:
                before[k] = previous
                states.add(previous.iso3)
            found.append((mentions, self._lexicon.find(span.text) if len(states) >= 2 else None))
            actors = [m for m in mentions if m.state is not None and m.kind not in ("place", "non_state")]
            previous = actors[0] if actors else None
        docs: dict[int, object] = {}
        if self.use_parser:
            todo = [i for i, (_, trigs) in enumerate(found) if trigs]
            docs = dict(zip(todo, _parser.parse([spans[i].text for i in todo]), strict=True))
        return [
            self._drafts(span, mentions, triggers, docs.get(i), before.get(i)) if triggers is not None else []
            for i, (span, (mentions, triggers)) in enumerate(zip(spans, found, strict=True))
        ]

    def _drafts(self, span: Span, mentions: list[Mention], triggers: list[Trigger], doc,
                previous: Mention | None = None) -> list[_Draft]:
        sentence = span.text
        reader = RoleReader(doc, mentions, previous=previous) if doc is not None else None
        consumed: set[int] = set()
        for i, trig in enumerate(triggers):
            # a criticised act, or a protested noun act ("protested China's drills"), still happened;
            # a complaint about a clause ("complained about warplanes violating its airspace") accuses
            criticised = i and (triggers[i - 1].code.startswith("111") or (
                triggers[i - 1].code.startswith("114") and trig.nominal(sentence)))
            if (i and object_of(sentence, triggers[i - 1], trig) and not criticised
                    and (reader is None or reader.governs(triggers[i - 1], trig))):
                consumed.add(id(trig))  # "concede to Russia's demands" (not "its bombardment targeted")
            if not licensed(
                sentence,
                trig,
                _agent_before(sentence, trig, mentions),
                next((m.start for m in mentions if m.start >= trig.end), None),
            ) and not (reader is not None and reader.names_agent(trig)):
                consumed.add(id(trig))
        drafts: list[_Draft] = []
        changes: dict[int, object] = {}
        for trig in triggers:
            if id(trig) in consumed:
                continue
            gov = self._lexicon.governed_by(sentence, trig)
            governed, gov_start = gov if gov else (None, trig.start)
            for other in triggers:
                if other is not trig and gov_start <= other.start and other.end <= trig.start:
                    consumed.add(id(other))
            changed = apply(trig.code, governed)
            if (reader is not None and int(trig.code[:2]) >= 15
                    and governed in (None, "intent", "hypothetical")
                    and reader.conditional(trig)):  # "would boycott … if the Soviets did not withdraw"
                changed = Governed("130" if trig.code[:2] in ("16", "17") else "138", False, "threat")
            if changed is None:
                consumed.add(id(trig))
                continue
            changes[id(trig)] = changed
            found = reader.roles(trig) if reader is not None else None
            if found is None:
                found = [Role(r.source, r.target) for r in assign(sentence, trig, mentions)]
                if found and is_joint(trig, sentence):  # "talks in …", "a clash with …": both sides act
                    found += [Role(r.target, r.source) for r in found]
            for roles in found:
                lo = min(roles.source.start, trig.start, roles.target.start)
                hi = max(roles.source.end, trig.end, roles.target.end)
                code, negated, modality = changed.code, changed.negated, changed.modality
                if roles.code is not None:  # a reported act: the speaker accuses the actor
                    code, negated, modality = roles.code, False, None
                drafts.append(
                    _Draft(span, roles.source, roles.target, code, trig, negated, modality, sentence[lo:hi])
                )
        if reader is not None:
            drafts += self._implied(span, reader, drafts, changes, consumed)
        drafts = [d for d in drafts if d.trigger is None or id(d.trigger) not in consumed]
        if any(not d.code.startswith("01") for d in drafts):
            drafts = [d for d in drafts if not d.code.startswith("01")]
        if not drafts and self.use_model and not triggers and _embed.available():
            drafts = self._untriggered(span, mentions)
        return drafts

    def _implied(self, span: Span, reader: RoleReader, drafts: list[_Draft], changes: dict, consumed: set
                 ) -> list[_Draft]:
        """Targets the parse leaves implied ("Tokyo erupted in outrage after North Korea launched
        missiles", "a U.S. drone strike killed Soleimani, Iran's general"): the states that act in the
        sentence's other events, else the one other state the sentence names."""
        out: list[_Draft] = []
        for trig, sources in reader.untargeted:
            if id(trig) in consumed or id(trig) not in changes:
                continue
            # the states acting in the sentence's other events; a material conflict act answers only
            # hostile ones ("Russia's attacks" in a sentence about U.S. aid do not target the U.S.)
            material = int(trig.code[:2]) >= 15
            acting = unique_states([d.source for d in drafts if not material or int(d.code[:2]) >= 10])
            own = {m.iso3 for m in sources}
            targets = [m for m in acting if m.iso3 not in own]
            if not targets:
                others = reader.other_states(own | {None})
                targets = others if len(others) == 1 else []
            changed = changes[id(trig)]
            for s in sources:
                for t in targets:
                    lo = min(s.start, trig.start, t.start)
                    hi = max(s.end, trig.end, t.end)
                    out.append(_Draft(span, s, t, changed.code, trig, changed.negated, changed.modality,
                                      span.text[lo:hi]))
        return out

    def _untriggered(self, span: Span, mentions: list[Mention]) -> list[_Draft]:
        """A sentence with two states and no trigger: left for the model to judge."""
        states = [m for m in mentions if m.state is not None]
        source = states[0]
        target = next(m for m in states if m.iso3 != source.iso3)
        return [_Draft(span, source, target, "", None, False, None, span.text)]

    def _finish(self, drafts: list[_Draft]) -> list[CodedEvent | None]:
        """Rule-coded drafts keep their code; drafts with no trigger go to the model, which codes them
        with the nearest CAMEO prototype when it is close enough and drops them otherwise."""
        codes = [d.code for d in drafts]
        conf = [_rule_confidence(d) for d in drafts]
        open_ = [i for i, d in enumerate(drafts) if d.trigger is None]
        if open_ and self.use_model and _embed.available():
            best_code, best_sim = self._nearest([drafts[i].clause for i in open_])
            for k, i in enumerate(open_):
                if best_sim[k] >= self.min_similarity:
                    codes[i], conf[i] = best_code[k], round(float(best_sim[k]) * 0.8, 3)
                else:
                    codes[i] = ""
        return [self._event(d, c, p) if c else None for d, c, p in zip(drafts, codes, conf, strict=True)]

    def _nearest(self, clauses: list[str]) -> tuple[list[str], np.ndarray]:
        if self._protos is None:
            self._protos = _embed.prototypes(self._codes, home() / "cache")
        vecs, labels = self._protos
        sims = _embed.embed(clauses) @ vecs.T
        return [labels[j] for j in sims.argmax(axis=1)], sims.max(axis=1)

    def _event(self, d: _Draft, code: str, confidence: float) -> CodedEvent:
        info = self._codes.get(code) or self._codes.get(code[:3]) or self._codes[code[:2]]
        date = _date_of(d.span.text, d.trigger.end if d.trigger else 0)
        return CodedEvent(
            sentence=d.span.text,
            start=d.span.start,
            end=d.span.end,
            source=Actor.of(d.source.text, d.source.state),
            target=Actor.of(d.target.text, d.target.state),
            cameo=info.code,
            root=info.root,
            plover=info.plover,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            negated=d.negated,
            modality=d.modality,
            date=date.iso() if date else None,
            date_precision=date.precision if date else None,
            trigger=d.span.text[d.trigger.start : d.trigger.end] if d.trigger else "",
            confidence=round(confidence, 3),
        )


# A sentence that opens with a pronoun subject refers back to the sentence before.
_PRONOUN_START = re.compile(r"^\s*(?:It|They|She|He)\s+(?!is\b|was\b|are\b|were\b|seems\b|appears\b)")
_CLAUSE_END = re.compile(r"[;:]|,\s+(?:and|but|while)\b|\s[-–—]\s")


def _date_of(sentence: str, at: int):
    """The date of the act at `at`: the first date after it in its clause ("attacked Ukraine in
    February 2022"), else the nearest one before it, else the first in its part of the sentence."""
    lo, hi = _segment(sentence, max(0, at - 1))
    dates = [f for f in find_dates(sentence) if lo <= f.start and f.end <= hi]  # not across ( ) ; —
    if not dates:
        return None
    stop = _CLAUSE_END.search(sentence, at)
    end = stop.start() if stop else len(sentence)
    after = [f for f in dates if at <= f.start < end]
    if after:
        return after[0]
    before = [f for f in dates if f.end <= at]
    return before[-1] if before else dates[0]


def _rule_confidence(d: _Draft) -> float:
    """How sure a rule-coded event is: lower for speech acts, governed verbs and guessed targets."""
    score = 0.85
    if d.code.startswith("01"):
        score -= 0.25
    if d.modality is not None:
        score -= 0.1
    if d.target.kind == "place" or d.source.kind == "place":
        score -= 0.2
    if d.source.kind == "demonyms" or d.target.kind == "demonyms":
        score -= 0.05
    return round(score, 3)


def _agent_before(text: str, trigger: Trigger, mentions: list[Mention]) -> bool:
    """A demonym or possessive state name right before the trigger ("Soviet invasion")."""
    before = [m for m in mentions if m.state is not None and m.end <= trigger.start]
    if not before:
        return False
    gap = text[before[-1].end : trigger.start]
    return (before[-1].kind == "demonyms" and len(gap.split()) <= 1) or gap.startswith(("'s", "’s"))


def _dedupe(events: list[CodedEvent]) -> list[CodedEvent]:
    """One event per sentence, source, target and root."""
    seen: set[tuple] = set()
    out = []
    for e in events:
        key = (e.start, e.source.iso3, e.target.iso3, e.root)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
