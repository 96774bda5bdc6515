"""Who did it to whom, read from a dependency parse (see `parser.py`).

For a trigger's predicate: the source is the states named in its subject (a conjunct or controlled verb
takes the subject of the verb it hangs on; "it"/"its" is the nearest state subject above it); in a
passive, the "by" phrase is the source and the subject the target. The target is the states named in
its object, its dative, or a phrase after one of `TARGET_PREPS` ("fired at", "sanctions on", "invasion
of"). A noun trigger takes its agent from a possessive or modifier ("Russia's invasion", "Soviet
invasion", "U.S. sanctions"), else from the verb that carries it ("imposed sanctions on Russia").

A phrase names the states of its head, its modifiers, appositions, conjuncts and "of" phrases — never
those of its other prepositional phrases, relative clauses or complements ("Japan's ambassador to
China" names Japan only).

Reported speech: an act reported by a state that did not do it ("Syria says Israeli forces fired …",
"Azerbaijan said that Armenia had struck …") is the speaker accusing (112) the actor, not the act; an
act under an accusation or a denial ("accused Moscow of attacking", "denied the attack") is no event of
its own. A state reporting its own act ("Israel says it has hit …") is the act.

Several parties: every source with every target; a joint act ("X and Y met", "X signed with Y") is coded
in both directions (as is an agreement of a coordinated subject), and a reciprocal ("accused each
other") between every pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from detente.coder.actors import Mention, unique_states
from detente.coder.triggers import Trigger

TARGET_PREPS = {"at", "on", "against", "with", "to", "toward", "towards", "into", "upon", "of", "from",
                "over", "onto"}
# Codes whose act is joint: coded in both directions.
JOINT_CODES = ("040", "044", "046", "050", "057", "06", "087")
SAY_VERBS = {"say", "says", "said", "saying", "claim", "claims", "claimed", "claiming", "report", "reports",
             "reported", "state", "states", "stated", "tell", "tells", "told", "add", "adds", "added",
             "allege", "alleges", "alleged", "insist", "insists", "insisted", "assert", "asserted",
             "announce", "announced", "announces", "confirm", "confirmed", "write", "wrote", "cited",
             "cite", "cites", "argue", "argued", "maintained", "describing", "described"}
DENY_VERBS = {"accuse", "accuses", "accused", "accusing", "blame", "blames", "blamed", "blaming",
              "deny", "denies", "denied", "denying", "charge", "charged", "exchanged", "traded"}
_PHRASE_DEPS = {"amod", "compound", "poss", "appos", "conj", "cc", "det", "nmod", "nummod", "quantmod",
                "case", "prep", "pobj", "npadvmod", "advmod", "nsubj", "punct"}
_AGENT_DEPS = {"poss", "amod", "compound", "nmod"}
_MUTUAL = re.compile(r"(?i)(?:exchang|trad)\w*\s")
_OBJECT_PREPS = frozenset({"of"})
_AMOUNTS = {"billion", "million", "trillion", "worth", "amount", "$", "dollars"}
_RELATIVE = {"which", "who", "that", "whom"}
_VERBAL = {"01", "02", "03", "10", "11", "12", "13", "14"}
_PRONOUNS = {"it", "its", "they", "their", "them", "he", "his", "she", "her", "we", "our"}


@dataclass(frozen=True)
class Role:
    """A source and target of one trigger; `code` replaces the trigger's code (112 for reported acts)."""

    source: Mention
    target: Mention
    code: str | None = None


def _head_of(doc: list, start: int, end: int):
    tokens = [t for t in doc if start <= t.idx < end] or [t for t in doc if t.idx <= start][-1:]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return tokens[0]


class _Reader:
    """Mentions indexed by token, for one parsed sentence."""

    def __init__(self, tokens: list, mentions: list[Mention], *, places: bool = False) -> None:
        self.by_token: dict[int, Mention] = {}
        kept = [m for m in mentions if m.state is not None and m.kind != "non_state"
                and (m.kind != "place" or places)]
        for t in tokens if kept else ():
            m = next((m for m in kept if m.start <= t.idx < m.end), None)
            if m is not None:
                self.by_token.setdefault(t.i, m)

    def phrase(self, tok, *, with_preps: frozenset = frozenset({"of"})) -> list[Mention]:
        """The states a noun phrase headed by `tok` names (see the module docstring)."""
        out: list[Mention] = []
        stack = [tok]
        seen = set()
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            if t.i in self.by_token:
                out.append(self.by_token[t.i])
            for c in t.children:
                amount = (t.tag_ == "CD" or t.lower_ in _AMOUNTS) and c.lower_ == "in"  # "$34 billion in …"
                if c.dep_ == "prep" and c.lower_ not in with_preps and not amount:
                    continue
                if c.dep_ in _PHRASE_DEPS:
                    stack.append(c)
        out.sort(key=lambda m: m.start)
        return unique_states(out)

    def pronoun(self, tok) -> bool:
        own = tok.lower_ in _PRONOUNS or any(c.dep_ == "poss" and c.lower_ in _PRONOUNS for c in tok.children)
        return own and not self.phrase(tok)


def _subject(pred):
    """(subject token, passive) of `pred`, looking up through conjuncts, controlled and adverbial verbs."""
    t = pred
    for _ in range(5):
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "csubj", "nsubjpass") and c.i < t.i]
        if subjects:  # the nearest before the verb (a parse may give a dateline or an object as nsubj)
            c = subjects[-1]
            if c.lower_ in _RELATIVE and t.dep_ == "relcl":  # "…, which expelled": the noun it describes
                return t.head, False
            return c, c.dep_ == "nsubjpass"
        if t.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep", "acl", "relcl") and t.head.i != t.i:
            if t.dep_ in ("relcl", "acl") and t.head.tag_.startswith("NN"):
                return t.head, False
            t = t.head
            continue
        break
    return None, False


def _agent(pred):
    for c in pred.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _objects(pred) -> list:
    """Tokens heading the target phrases of `pred`: objects, datives and target prepositions."""
    out = []
    for c in pred.children:
        if c.dep_ in ("dobj", "dative", "oprd", "attr") or (c.dep_ == "nsubj" and c.i > pred.i):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
            out.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ == "prt":  # "shot down", "cut off from"
            continue
    return out


class RoleReader:
    """Roles of triggers in one parsed sentence."""

    def __init__(self, doc, mentions: list[Mention]) -> None:
        self.tokens = list(doc)
        self.r = _Reader(self.tokens, mentions)
        self.places = _Reader(self.tokens, mentions, places=True)
        self.doc = doc

    # -- actors of a predicate ------------------------------------------------------------------
    def _sources(self, pred) -> tuple[list[Mention], list[Mention]]:
        """(sources, targets from a passive subject)."""
        subj, passive = _subject(pred)
        agent = _agent(pred)
        if passive:
            targets = self.r.phrase(subj) if subj is not None else []
            return (self.r.phrase(agent) if agent is not None else []), targets
        if subj is None:
            return [], []
        found = self.r.phrase(subj)
        if not found and self.r.pronoun(subj):
            found = self._antecedent(pred)
        return found, []

    def _antecedent(self, tok) -> list[Mention]:
        """The states of the nearest subject above `tok` that names one ("Israel said it had…")."""
        for anc in tok.ancestors:
            subj, passive = _subject(anc)
            if subj is not None and not passive:
                found = self.r.phrase(subj)
                if found:
                    return found
        first = sorted(self.r.by_token.values(), key=lambda m: m.start)
        return first[:1]

    def _targets(self, pred, exclude: set) -> list[Mention]:
        out: list[Mention] = []
        for o in _objects(pred):
            found = [m for m in self.r.phrase(o, with_preps=_OBJECT_PREPS) if m.iso3 not in exclude]
            if not found:  # "sanctions on Russia", "a position on the Syrian side"
                for c in o.children:
                    if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                        for g in c.children:
                            if g.dep_ == "pobj":
                                found += [m for m in self.r.phrase(g, with_preps=_OBJECT_PREPS)
                                          if m.iso3 not in exclude]
            if not found and self.r.pronoun(o) and o.lower_ in ("its", "their"):
                continue
            out += found
        return unique_states(out)

    def _noun_roles(self, noun) -> tuple[list[Mention], list[Mention]]:
        agents = unique_states([m for c in noun.children if c.dep_ in _AGENT_DEPS for m in self.r.phrase(c)])
        if not agents:  # "the invasion of Kuwait by Iraq"
            agents = unique_states([m for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"
                              for g in c.children if g.dep_ == "pobj" for m in self.r.phrase(g)])
        targets: list[Mention] = []
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                for g in c.children:
                    if g.dep_ == "pobj":
                        targets += self.r.phrase(g)
        if not agents and any(c.dep_ == "poss" and c.lower_ in _PRONOUNS for c in noun.children):
            agents = self._antecedent(noun)
        if not agents and noun.dep_ == "dobj" and noun.head.tag_.startswith("VB"):
            agents, passive_targets = self._sources(noun.head)
            targets = targets or passive_targets
            if not targets:
                targets = self._targets(noun.head, {m.iso3 for m in agents} | {None})
        return agents, unique_states(targets)

    # -- reported speech --------------------------------------------------------------------------
    def _speaker(self, pred) -> tuple[list[Mention], str] | None:
        """(speaker states, 'say' or 'deny') when `pred` is the content of a report or an accusation."""
        child = pred
        for anc in pred.ancestors:
            word = anc.lower_
            link = child.dep_
            if word in SAY_VERBS and link in ("ccomp", "parataxis", "pcomp"):
                subj, passive = _subject(anc)
                if subj is not None and not passive:
                    return self.r.phrase(subj), "say"
            if word in DENY_VERBS and link in ("prep", "pcomp", "dobj", "ccomp", "pobj"):
                subj, _ = _subject(anc)
                return (self.r.phrase(subj) if subj is not None else []), "deny"
            if link in ("nsubj", "nsubjpass"):
                break
            child = anc
        for c in pred.children:  # "…, according to Syria"
            if c.dep_ == "prep" and c.lower_ == "according":
                for g in c.subtree:
                    if g.dep_ == "pobj":
                        return self.r.phrase(g), "say"
        return None

    def _denied(self, noun) -> tuple[list[Mention], str] | None:
        found = self._speaker(noun)
        return found if found is not None and found[1] == "deny" else None

    def _clause_states(self, pred) -> list[Mention]:
        """States in `pred`'s subtree, not inside another clause's subject or a locative phrase."""
        out = [self.r.by_token[t.i] for t in pred.subtree if t.i in self.r.by_token]
        return unique_states(sorted(out, key=lambda m: m.start))

    # -- public -----------------------------------------------------------------------------------
    def roles(self, trigger: Trigger) -> list[Role] | None:
        """Roles of `trigger`; None when the parse does not name a source (the caller may fall back)."""
        head = _head_of(self.tokens, trigger.start, trigger.end)
        if head is None:
            return None
        if head.tag_.startswith("NN"):
            sources, targets = self._noun_roles(head)
            pred = head
        else:
            pred = head
            sources, targets = self._sources(pred)
        if not sources:
            return None if _subject(pred)[0] is None else []  # no subject at all: the caller may fall back
        src_states = {m.iso3 for m in sources}
        reciprocal = any(  # "accused each other", "India and China have each stationed"
            t.lower_ in ("each", "one", "other", "another") for t in pred.children
        ) or bool(_MUTUAL.match(self.doc.text, trigger.start))  # "exchanged accusations"
        if not targets:
            targets = self._targets(pred, src_states | {None})
        if not targets and trigger.code.startswith("042"):  # "arrived in Beijing", "a trip to the capital"
            preps = frozenset(TARGET_PREPS)
            targets = [m for o in _objects(pred) for m in self.places.phrase(o, with_preps=preps)]
            targets += [m for c in pred.children if c.dep_ == "prep" and c.lower_ == "in"
                        for g in c.children if g.dep_ == "pobj" for m in self.places.phrase(g)]
        if not targets and trigger.code[:2] in _VERBAL:  # "warned that … Seoul …": a state in its clause
            targets = [m for m in self._clause_states(pred) if m.start >= trigger.end][:1]
        targets = unique_states([m for m in targets if m.iso3 not in src_states])
        reported = self._speaker(pred) if pred.tag_.startswith("VB") else self._denied(pred)
        if reported is not None:
            speakers, kind = reported
            speaker_states = {m.iso3 for m in speakers}
            if speakers and not speaker_states & src_states:
                if kind == "deny" or int(trigger.code[:2]) < 10 and trigger.code[:2] != "19":
                    return []
                return [Role(s, a, "112") for s in speakers for a in sources if s.iso3 != a.iso3]
        joint = trigger.code.startswith(JOINT_CODES)
        if len(sources) > 1 and (reciprocal or (not targets and (joint or trigger.code[:2] == "03"))):
            return [Role(a, b) for a in sources for b in sources if a.iso3 != b.iso3]
        out = [Role(s, t) for s in sources for t in targets]
        if joint:
            out += [Role(t, s) for s in sources for t in targets]
        return out
