"""Check a text's claims against the dossier: treaty names, their status and dates, inspection counts,
and who did what when.

A claim is *supported* when a dossier fact says the same (the fact and its source are given),
*contradicted* when a fact says otherwise (the fact is given), and *unknown* when the dossier has
nothing on it. A numbered treaty the dossier does not know while it knows the series ("START III"
beside START I, START II and New START) is contradicted: the dossier lists every treaty of the pair.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pydantic import BaseModel

from detente.coder.dates import FoundDate, find_dates
from detente.coder.sentences import Span, sentences
from detente.dossier.load import Dossier
from detente.dossier.schema import Fact, Treaty

_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eighteen": 18,
    "twenty": 20,
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_SERIES = re.compile(r"\b(?P<new>New\s+)?(?P<stem>START|SALT)(?:[\s-]+(?P<num>III|II|IV|I|V|[1-5])\b)?")
_LAPSED = re.compile(
    r"\b(?:no longer in (?:effect|force)|lapsed|expired|defunct|no longer valid|"
    r"have collapsed|are dead|ended)\b",
    re.I,
)
_IN_FORCE = re.compile(r"\b(?:(?:is|are|remains?|still) in (?:effect|force)|still (?:valid|binding))\b", re.I)
_EXTENDED = re.compile(
    r"\bextended\b(?:\s+by\s+(?P<n>\w+)\s+years?)?(?:[^.]*?\buntil\s+(?P<until>[^,.;]+))?", re.I
)
_SET_TO_EXPIRE = re.compile(r"\b(?:set|due|scheduled) to expire\b", re.I)
_PER_YEAR = re.compile(r"\b(?P<n>\d+|\w+)\s+(?:on-site\s+)?inspections?\s+(?:per|a|each)\s+year\b", re.I)
_INSPECTIONS = re.compile(r"\binspections?\b", re.I)
_HALT_WORDS = {
    "inspections_paused": re.compile(r"\b(?:suspend\w*|paus\w*|postpon\w*)\b", re.I),
    "inspections_halted": re.compile(r"\b(?:halt\w*|barred|exempt\w*|stopp?\w*|refus\w*)\b", re.I),
}
_EVENT_WORDS = {
    "signed": re.compile(r"\bsign(?:ed|ing)\b", re.I),
    "in_force": re.compile(r"\b(?:entered|came) into force\b", re.I),
    "suspended": re.compile(r"\bsuspend(?:ed|s|ing)\b(?! (?:\w+ )?inspections)", re.I),
    "withdrawn": re.compile(r"\bwithdr(?:ew|awn|awal)\b", re.I),
    "expired": re.compile(r"\bexpir(?:ed|es)\b", re.I),
}
_MUTUAL = re.compile(r"\b(?:mutually|both sides|jointly|together)\b", re.I)


class FactRef(BaseModel):
    """A dossier fact a verdict rests on."""

    id: str
    kind: str
    summary: str
    date: str | None = None
    detail: str | None = None
    source_title: str
    source_publisher: str
    source_url: str


class Claim(BaseModel):
    """One checkable claim: its words and span in the text, the verdict and the facts behind it."""

    text: str
    start: int
    end: int
    claim: str
    verdict: str
    facts: list[FactRef]
    note: str = ""


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    text: str
    treaty: Treaty | None


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _ref(fact: Fact, date: dt.date | None = None, detail: str | None = None, source=None) -> FactRef:
    src = source or fact.source
    return FactRef(
        id=fact.id,
        kind=fact.kind,
        summary=fact.summary,
        date=date.isoformat() if date else None,
        detail=detail,
        source_title=src.title,
        source_publisher=src.publisher,
        source_url=str(src.url),
    )


class Checker:
    """Finds and checks the claims of a text against one pair's dossier, as of a date."""

    def __init__(self, dossier: Dossier, as_of: dt.date) -> None:
        self.dossier = dossier
        self.as_of = as_of
        self.treaties = dossier.of_kind(Treaty)
        names: dict[str, Treaty] = {}
        for t in self.treaties:
            for n in [t.name, *t.aliases]:
                names.setdefault(_norm(n), t)
        self.names = names
        alternation = "|".join(
            sorted((re.escape(n) for t in self.treaties for n in [t.name, *t.aliases]), key=len, reverse=True)
        )
        self.pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I) if alternation else None

    # -- treaty mentions ----------------------------------------------------------------------------
    def mentions(self, text: str) -> list[_Mention]:
        """Treaty names in `text`: the dossier's names and aliases, and numbered series names."""
        found: list[_Mention] = []
        if self.pattern is not None:
            for m in self.pattern.finditer(text):
                found.append(_Mention(m.start(), m.end(), m.group(0), self.names.get(_norm(m.group(0)))))
        for m in _SERIES.finditer(text):
            if m["new"] and not m["num"]:
                continue  # "New START" is a name of its own
            name = m.group(0)
            treaty = self.names.get(_norm(name)) or (
                self.names.get(_norm(f"{m['stem']} I")) if not m["num"] else None
            )
            overlap = [f for f in found if f.start < m.end() and m.start() < f.end]
            if any(f.end - f.start >= len(name) for f in overlap):
                continue
            found = [f for f in found if f not in overlap]
            found.append(_Mention(m.start(), m.end(), name, treaty))
        return sorted(found, key=lambda f: f.start)

    def _series(self, stem: str) -> list[Treaty]:
        return [
            t for t in self.treaties if any(re.search(rf"\b{stem}\b", n, re.I) for n in [t.name, *t.aliases])
        ]

    # -- claims -------------------------------------------------------------------------------------
    def check(self, text: str) -> list[Claim]:
        """Every claim found in `text`, in order."""
        claims: list[Claim] = []
        current: Treaty | None = None
        for s in sentences(text):
            ms = self.mentions(s.text)
            named = [m for m in ms if m.treaty is not None]
            if named:
                current = named[-1].treaty
            found = self._treaty_claims(s, ms, current)
            claims.extend(found or self._event_claims(s))
        return claims

    def _event_claims(self, s: Span) -> list[Claim]:
        """Dated events between states in the sentence, looked up in the dossier."""
        from detente.coder import coder
        from detente.coder.eventclaims import fact_dates, matcher

        out = []
        seen: set[tuple] = set()
        for e in coder(False).code_spans(s.text, [Span(0, len(s.text), s.text)]):
            test = matcher(e)
            if e.date is None or test is None or e.negated:
                continue
            pair = (frozenset((e.source.iso3, e.target.iso3)), e.cameo, e.date)
            if pair in seen:  # a joint act coded both ways is one claim
                continue
            seen.add(pair)
            found = find_dates(s.text)
            when = next((d for d in found if d.iso() == e.date), None)
            if when is None:
                continue
            claim = f"{e.source.iso3} → {e.target.iso3}: CAMEO {e.cameo} in {e.date}"
            candidates = [f for f in self.dossier.facts if test(f, e.source.iso3, e.target.iso3)]
            dated = [(f, day) for f in candidates for day in fact_dates(f) if _same(when, day)]
            if dated:
                f, day = dated[0]
                out.append(self._claim(s, 0, len(s.text), claim, "supported", [_ref(f, day)]))
            elif candidates:
                near = min(candidates, key=lambda f: min(abs((d - when.date).days) for d in fact_dates(f)))
                out.append(self._claim(s, 0, len(s.text), claim, "unknown", [_ref(near, near.valid_from)],
                                       "the dossier has such facts for the pair, but none on that date"))
            else:
                out.append(self._claim(s, 0, len(s.text), claim, "unknown", [],
                                       "the dossier has no fact of this kind for the pair"))
        return out

    def _treaty_claims(self, s: Span, ms: list[_Mention], current: Treaty | None) -> list[Claim]:
        out: list[Claim] = []
        dates = find_dates(s.text)
        unknown = [m for m in ms if m.treaty is None]
        lapsed = _LAPSED.search(s.text)
        in_force = _IN_FORCE.search(s.text)
        for m in unknown:
            out.append(self._unknown_name(s, m, "lapsed" if lapsed else None))
        if lapsed or in_force:
            for m in ms:
                if m.treaty is not None:
                    out.append(self._status_claim(s, m, lapsed is not None))
            return out
        treaty = next((m.treaty for m in ms if m.treaty is not None), None) or (
            current if _INSPECTIONS.search(s.text) or _EXTENDED.search(s.text) else None
        )
        if treaty is None:
            return out
        anchor = next((m for m in ms if m.treaty is treaty), None)
        if (per_year := _PER_YEAR.search(s.text)) is not None:
            out.append(self._count_claim(s, treaty, per_year))
        elif _INSPECTIONS.search(s.text):
            claim = self._inspection_claim(s, treaty, dates)
            if claim is not None:
                out.append(claim)
        if (ext := _EXTENDED.search(s.text)) is not None:
            out.append(self._extension_claim(s, treaty, ext, dates, anchor))
        elif not _INSPECTIONS.search(s.text):
            for event, pattern in _EVENT_WORDS.items():
                if (hit := pattern.search(s.text)) is not None:
                    out.append(self._milestone_claim(s, treaty, event, hit, dates))
        return out

    def _claim(
        self, s: Span, lo: int, hi: int, claim: str, verdict: str, facts: list[FactRef], note: str = ""
    ) -> Claim:
        return Claim(
            text=s.text[lo:hi],
            start=s.start + lo,
            end=s.start + hi,
            claim=claim,
            verdict=verdict,
            facts=facts,
            note=note,
        )

    def _unknown_name(self, s: Span, m: _Mention, predicate: str | None) -> Claim:
        series = _SERIES.match(m.text)
        stem = series["stem"] if series else None
        members = self._series(stem) if stem else []
        what = f"{m.text} is a treaty" + (" that is no longer in effect" if predicate else "")
        if members:
            names = "; ".join(f"{t.name} (signed {t.valid_from.year})" for t in members)
            return self._claim(
                s,
                m.start,
                m.end,
                what,
                "contradicted",
                [_ref(t, t.valid_from) for t in members],
                f"the dossier has no treaty named {m.text!r} between {self.dossier.a} and "
                f"{self.dossier.b}; the {stem} treaties it knows are: {names}",
            )
        return self._claim(
            s, m.start, m.end, what, "unknown", [], f"no treaty named {m.text!r} in the dossier"
        )

    def _status_claim(self, s: Span, m: _Mention, says_lapsed: bool) -> Claim:
        t = m.treaty
        assert t is not None
        on_day = t.status_on(self.as_of)
        status, when = on_day.ended_by or on_day.status, on_day.since
        never = not any(x.event == "in_force" for x in t.milestones)
        ended = on_day.status in ("ended", "superseded", "abandoned") or (
            never and on_day.status != "in_force"
        )
        claim = f"{t.name} is {'no longer' if says_lapsed else 'still'} in effect (as of {self.as_of})"
        verdict = "supported" if ended == says_lapsed else "contradicted"
        note = f"dossier status on {self.as_of}: {status}" + (f" since {when}" if when else "")
        if never:
            note += "; it never entered into force"
        return self._claim(s, m.start, m.end, claim, verdict, [_ref(t, when, status)], note)

    def _count_claim(self, s: Span, t: Treaty, hit: re.Match) -> Claim:
        raw = hit["n"].lower()
        n = int(raw) if raw.isdecimal() else _NUMBERS.get(raw)
        claim = f"{t.name} allows {n} inspections per year"
        if t.inspections_allowed_per_year is None or n is None:
            return self._claim(
                s,
                hit.start(),
                hit.end(),
                claim,
                "unknown",
                [],
                "the dossier gives no yearly inspection quota",
            )
        verdict = "supported" if n == t.inspections_allowed_per_year else "contradicted"
        return self._claim(
            s,
            hit.start(),
            hit.end(),
            claim,
            verdict,
            [_ref(t, None, f"inspections_allowed_per_year: {t.inspections_allowed_per_year}")],
        )

    def _inspection_claim(self, s: Span, t: Treaty, dates: list[FoundDate]) -> Claim | None:
        kinds = [k for k, p in _HALT_WORDS.items() if p.search(s.text)]
        if not kinds:
            return None
        hit = _INSPECTIONS.search(s.text)
        assert hit is not None
        lo = min(hit.start(), *(d.start for d in dates)) if dates else hit.start()
        comma = s.text.find(",", hit.end())
        hi = comma if comma > 0 else len(s.text.rstrip("."))
        ms = [m for m in t.milestones if m.event in ("inspections_paused", "inspections_halted")]
        claim = f"{t.name} inspections were " + ("paused" if kinds[0] == "inspections_paused" else "halted")
        if dates:
            claim += f" in {dates[0].iso()}"
        if not ms:
            return self._claim(s, lo, hi, claim, "unknown", [], "the dossier records no halt of inspections")
        by_both = bool(_MUTUAL.search(s.text))
        actor = None if by_both else _first_party(s.text, t.parties)
        if actor:
            claim += f" by {actor}"
        for m in ms:
            if dates and not _same(dates[0], m.date):
                continue
            if by_both and set(m.by) != set(t.parties):
                continue
            if actor and m.by and actor not in m.by:
                continue
            if not dates and not by_both and m.event not in kinds:
                continue
            return self._claim(s, lo, hi, claim, "supported", [_ref(t, m.date, _milestone_text(m), m.source)])
        near = min(ms, key=lambda m: abs((m.date - (dates[0].date if dates else m.date)).days))
        return self._claim(
            s,
            lo,
            hi,
            claim,
            "contradicted",
            [_ref(t, near.date, _milestone_text(near), near.source)],
            "the dossier dates or attributes this step differently",
        )

    def _extension_claim(
        self, s: Span, t: Treaty, ext: re.Match, dates: list[FoundDate], anchor: _Mention | None
    ) -> Claim:
        lo = anchor.start if anchor else ext.start()
        hi = ext.end()
        years = _NUMBERS.get((ext["n"] or "").lower()) or (
            int(ext["n"]) if (ext["n"] or "").isdecimal() else None
        )
        until = next((d for d in dates if d.start >= ext.start()), None)
        claim = (
            f"{t.name} was extended"
            + (f" by {years} years" if years else "")
            + (f" until {until.iso()}" if until else "")
        )
        extended = [m for m in t.milestones if m.event == "extended"]
        if not extended:
            return self._claim(
                s,
                lo,
                hi,
                claim,
                "contradicted" if t.valid_to else "unknown",
                [_ref(t)],
                "the dossier records no extension",
            )
        facts = [_ref(t, m.date, _milestone_text(m), m.source) for m in extended]
        problems = []
        if until and t.valid_to and not _same(until, t.valid_to):
            problems.append(f"the dossier's end date is {t.valid_to}")
        original = next((d for d in dates if d.start < ext.start()), None)
        if original and years and _SET_TO_EXPIRE.search(s.text) and t.valid_to:
            expected = original.date.replace(year=original.date.year + years)
            claim += f", from an expiry on {original.iso()}"
            if expected != t.valid_to:
                problems.append(
                    f"{original.iso()} + {years} years is {expected}, not the dossier's {t.valid_to}"
                )
        if problems:
            return self._claim(s, lo, hi, claim, "contradicted", facts, "; ".join(problems))
        return self._claim(
            s, lo, hi, claim, "supported", facts, f"extended on {extended[-1].date}; ends {t.valid_to}"
        )

    def _milestone_claim(
        self, s: Span, t: Treaty, event: str, hit: re.Match, dates: list[FoundDate]
    ) -> Claim:
        claim = f"{t.name}: {event.replace('_', ' ')}" + (f" in {dates[0].iso()}" if dates else "")
        ms = [m for m in t.milestones if m.event == event]
        lo, hi = hit.start(), (dates[0].end if dates and dates[0].end > hit.end() else hit.end())
        if not ms:
            return self._claim(s, lo, hi, claim, "unknown", [], f"the dossier records no {event} step")
        if not dates:
            return self._claim(s, lo, hi, claim, "supported", [_ref(t, ms[0].date, _milestone_text(ms[0]))])
        actor = _first_party(s.text, t.parties)
        match = next(
            (m for m in ms if _same(dates[0], m.date) and (not actor or not m.by or actor in m.by)), None
        )
        if match is not None:
            return self._claim(
                s, lo, hi, claim, "supported", [_ref(t, match.date, _milestone_text(match), match.source)]
            )
        return self._claim(
            s,
            lo,
            hi,
            claim,
            "contradicted",
            [_ref(t, m.date, _milestone_text(m), m.source) for m in ms],
            "the dossier dates it " + ", ".join(str(m.date) for m in ms),
        )


def _first_party(text: str, parties: list[str]) -> str | None:
    """The first of the treaty's parties the sentence names as a state."""
    from detente.coder.actors import actor_table

    for m in actor_table().find(text):
        if m.iso3 in parties and m.kind != "place":
            return m.iso3
    return None


def _same(found: FoundDate, day: dt.date) -> bool:
    if found.precision == "day":
        return found.date == day
    if found.precision == "month":
        return (found.date.year, found.date.month) == (day.year, day.month)
    return found.date.year == day.year


def _milestone_text(m) -> str:
    by = f" by {', '.join(m.by)}" if m.by else ""
    return f"{m.event}{by} on {m.date}" + (f" ({m.note})" if m.note else "")


def check_text(text: str, dossier: Dossier, as_of: dt.date) -> list[Claim]:
    """The checkable claims in `text` and their verdicts against `dossier` as it stood on `as_of`."""
    return Checker(dossier.as_of(as_of), as_of).check(text)
