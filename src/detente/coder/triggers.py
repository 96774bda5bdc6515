"""Event triggers and the words that govern them (negation, modality), from `triggers.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from detente.core.errors import DataError

TRIGGERS_FILE = Path(__file__).with_name("triggers.yaml")
_MODAL_KINDS = ("intent", "threat", "refuse", "hypothetical")
# Words that may stand between a governing word and its verb ("was unwilling to concede",
# "did not formally agree", "refused to even meet").
_FILLER = (r"(?:\s+(?:it|they|he|she|the|also|formally|even|first|then|now|not|be|been|to|a|an|its|their"
           r"|further|\w+ly))*")


# Triggers that are nouns: they make an event only with an agent ("Soviet invasion", "Russia's
# demands"), a named target ("sanctions on Russia") or a verb that carries them ("imposed sanctions").
NOUNS = {
    "invasion",
    "attack",
    "attacks",
    "offensive",
    "sanction",
    "sanctions",
    "embargo",
    "ceasefire",
    "expulsion",
    "annexation",
    "occupation",
    "threat",
    "ultimatum",
    "talks",
    "summit",
    "invitation",
    "demand",
    "demands",
    "recognition",
    "precondition",
    "deconfliction",
    "hotline",
    "boycott",
    "blockade",
    "quarantine",
    "offer",
    "offers",
    "air strikes",
    "airstrikes",
    "strikes",
    "military aid",
    "arms sales",
    "fighting",
    "visit",
    "peace summit",
    "accusation",
    "accusations",
    "allegation",
    "allegations",
    "drills",
    "manoeuvres",
    "maneuvers",
    "war games",
}
_LIGHT_VERB = re.compile(
    r"\b(?:impos\w*|launch\w*|held|hold\w*|gave|give\w*|issu\w*|made|make\w*|began|begin\w*|announc\w*|"
    r"declar\w*|sign\w*|deliver\w*|sent|send\w*|agree\w*|offer\w*|order\w*|present\w*|propos\w*|"
    r"accept\w*|extend\w*|lift\w*|eas\w*|tighten\w*|expand\w*|introduc\w*|approv\w*|pledg\w*|provid\w*|"
    r"paid|pay\w*|conduct\w*|open\w*|carr\w*|answer\w*|respond\w*|end\w*|halt\w*|start\w*|resum\w*)"
    r"\s+(?:\S+\s+){0,5}$",
    re.I,
)
_NAMED_TARGET = re.compile(r"^\s+(?:on|against|of|to|with|toward|towards)\s+(?:the\s+)?$", re.I)
_CLOSE_OBJECT = re.compile(r"^\s*(?:[\w'’.-]+\s+){0,3}$")
_JOINER = re.compile(r"\b(?:and|but|or)\b|[,;:]")


@dataclass(frozen=True)
class Trigger:
    """One trigger in a sentence: span and the CAMEO code its words mean."""

    start: int
    end: int
    code: str

    @property
    def root(self) -> int:
        return int(self.code[:2])

    @property
    def speech(self) -> bool:
        return self.code.startswith("01")

    def nominal(self, text: str) -> bool:
        """True when the trigger is a bare noun ("sanctions", "invasion")."""
        return text[self.start : self.end].lower() in NOUNS


def licensed(text: str, trigger: Trigger, agent_before: bool, next_mention_start: int | None) -> bool:
    """Whether a noun trigger makes an event: an agent right before it, a state named right after it
    ("sanctions on Russia"), or a verb that carries it ("imposed sanctions")."""
    if not trigger.nominal(text) or agent_before:
        return True
    if next_mention_start is not None and _NAMED_TARGET.match(text[trigger.end : next_mention_start]):
        return True
    return bool(_LIGHT_VERB.search(text[max(0, trigger.start - 60) : trigger.start]))


def object_of(text: str, earlier: Trigger, later: Trigger) -> bool:
    """True when `later` is the object of the verb `earlier` ("concede to Russia's demands", "accused
    Moscow of violating"): at most three words apart, with no 'and', 'but' or comma between; after a
    noun only as its 'to' complement ("offer to observe")."""
    gap = text[earlier.end : later.start]
    if earlier.nominal(text):  # "Putin's offer to observe", "the threat to attack"
        return gap.strip().lower() == "to"
    if earlier.speech:
        return False
    return bool(_CLOSE_OBJECT.match(gap)) and not _JOINER.search(gap)


@dataclass(frozen=True)
class Lexicon:
    """Compiled trigger patterns and governing words."""

    patterns: list[tuple[str, re.Pattern]]
    modals: dict[str, re.Pattern]

    def find(self, text: str) -> list[Trigger]:
        """Triggers in `text`, left to right, without overlaps (the longest match at a place wins)."""
        lower = text.lower()
        found = [
            Trigger(m.start(), m.end(), code) for code, pat in self.patterns for m in pat.finditer(lower)
        ]
        found.sort(key=lambda t: (t.start, -(t.end - t.start)))
        kept: list[Trigger] = []
        for t in found:
            if kept and t.start < kept[-1].end:
                if t.end - t.start > kept[-1].end - kept[-1].start and t.start == kept[-1].start:
                    kept[-1] = t
                continue
            kept.append(t)
        return kept

    def governed_by(self, text: str, trigger: Trigger) -> tuple[str, int] | None:
        """How the words right before `trigger` govern it — 'not_to' (a promise not to act), 'threat',
        'refuse', 'intent' or 'hypothetical' — and where those words start; None when nothing does."""
        offset = max(0, trigger.start - 80)
        before = text[offset : trigger.start].lower()
        for kind in ("not_to", *_MODAL_KINDS):
            if (m := self.modals[kind].search(before)) is not None:
                return kind, offset + m.start()
        return None


def _compile(path: Path, data: dict) -> Lexicon:
    patterns: list[tuple[str, re.Pattern]] = []
    for code, pats in (data.get("codes") or {}).items():
        code = str(code)
        if not code.isdigit() or not 1 <= int(code[:2]) <= 20:
            raise DataError(f"not a CAMEO code: {code!r}", file=path, field=f"codes.{code}")
        for pat in pats or []:
            try:
                re.compile(pat)
            except re.error as exc:
                raise DataError(f"bad pattern {pat!r}: {exc}", file=path, field=f"codes.{code}") from None
        if pats:  # one expression per code (fewer passes over the sentence)
            body = "|".join(f"(?:{p})" for p in pats)
            patterns.append((code, re.compile(rf"(?<![\w-])(?:{body})(?![\w])")))
    modals = data.get("modals") or {}
    compiled: dict[str, re.Pattern] = {}
    for kind in _MODAL_KINDS:
        words = modals.get(kind)
        if not words:
            raise DataError(f"missing modal list {kind!r}", file=path, field=f"modals.{kind}")
        body = "|".join(sorted(words, key=len, reverse=True))
        compiled[kind] = re.compile(rf"(?<![\w'])(?:{body}){_FILLER}\s*$")
    compiled["not_to"] = re.compile(rf"(?<![\w'])(?:promised|pledged|vowed|agreed) not to{_FILLER}\s*$")
    return Lexicon(patterns, compiled)


@lru_cache(maxsize=2)
def lexicon(path: Path = TRIGGERS_FILE) -> Lexicon:
    """The trigger lexicon (compiled once)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", file=path) from None
    if not isinstance(data, dict):
        raise DataError("expected a mapping with `codes:` and `modals:`", file=path)
    return _compile(path, data)
