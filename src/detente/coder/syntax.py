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
from detente.coder.triggers import NOUNS, Trigger

TARGET_PREPS = {"at", "on", "against", "with", "to", "toward", "towards", "into", "upon", "of", "from",
                "over", "onto"}
# Codes whose act is joint: coded in both directions.
JOINT_CODES = ("040", "044", "046", "050", "057", "06", "0871")
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
# A fight is joint: both sides act ("clashed with", "traded fire with", "a skirmish between"), as in CAMEO
# practice and the labelling conventions; an attack is one-sided.
_FIGHT = re.compile(
    r"(?i)(?:clash|skirmish|battl|fought|fighting|(?:exchang|trad)\w*\s+(?:[\w-]+\s+)?fire\b)")
_OBJECT_PREPS = frozenset({"of"})
_AMOUNTS = {"billion", "million", "trillion", "worth", "amount", "$", "dollars"}
# A verb carries a noun act through these ("erupted in outrage", "responded with strikes"), not through
# "despite", "after" or "amid", which name another act.
_CARRYING_PREPS = {"in", "with", "by", "through", "via"}
_SEATED = {"authorities", "government", "officials", "leadership", "regime", "leaders", "rulers"}
# Acts whose object is what they strike ("shot down a drone"), not a weapon ("fired missiles"): an
# indefinite object naming no state leaves no target to imply.
_PATIENT = re.compile(r"(?i)(?:shot|shoot|shoots|brought|bring|brings) down|down(?:ed|ing)\b|intercept")
# Nouns an act names the content of ("a military aid package", "arms shipments"): the act's roles are theirs.
_CONTAINERS = {"package", "packages", "shipment", "shipments", "delivery", "deliveries", "consignment",
               "tranche", "programme", "program"}
# Nouns of quantity between a verb and the act it carries ("a flurry of rebukes", "a wave of strikes").
_QUANTITIES = {"flurry", "wave", "waves", "series", "round", "rounds", "barrage", "spate", "string", "volley",
               "volleys", "salvo", "salvos", "number", "host", "set", "batch", "raft", "slew", "torrent"}
# People and units that act for the state they come from, as a subject ("troops from Pakistan clashed").
_MEMBERS = {"troops", "forces", "soldiers", "officials", "diplomats", "delegation", "delegations", "officers",
            "guards", "units", "personnel", "envoys", "representatives", "ministers", "leaders", "police"}
_RELATIVE = {"which", "who", "that", "whom"}
_VERBAL = {"01", "02", "03", "10", "11", "12", "13", "14"}
_PRONOUNS = {"it", "its", "they", "their", "them", "he", "his", "she", "her", "we", "our"}
_WHERE = {"in", "at", "near", "during", "after", "before", "since", "from"}
_PLURAL = {"they", "their", "them", "theirs"}
_FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
# Heads of a definite description that stands for a state named before it ("accusing its neighbour",
# "the Gulf state", "that country", "near the island").
_ANAPHORS = {"country", "countries", "state", "nation", "neighbor", "neighbour", "neighbors", "neighbours",
             "island", "kingdom", "republic", "regime", "government", "side", "sides", "capitals", "parties"}
# Nouns of acts with no object: their "of" phrase names who acts ("a buildup of Belarusian forces").
INTRANSITIVE_NOUNS = {"buildup", "build-up", "withdrawal", "mobilization", "mobilisation", "deployment",
                      "retreat", "presence", "drills", "exercises", "manoeuvres", "maneuvers", "pullout",
                      "visit", "trip", "tour", "arrival", "request", "invitation"}  # "at the request of X"
# Nouns of a reaction: their "from" phrase names who reacts ("condemnation from Israel").
REACTION_NOUNS = {"condemnation", "outrage", "criticism", "anger", "fury", "rebuke", "reaction", "protest",
                  "protests", "objections", "objection", "warning", "warnings"}
# Extra target prepositions by CAMEO root: a strike, a posture or a mission *in* or *near* a state
# targets it ("airstrikes against infrastructure in Georgia", "drills near Taiwan", "embassy in Addis").
PLACE_PREPS = {"15": {"in", "near", "around", "off", "along", "inside"}, "17": {"in"}, "18": {"in"},
               "19": {"in", "inside"}, "20": {"in"}, "07": {"in", "for"}}


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
    tops = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    # several heads ("missile and drone attack" split by a conjunct): the one nearest the root
    return min(tops, key=lambda t: sum(1 for _ in t.ancestors)) if tops else tokens[0]


# Heads of proper names that take a state's name without being the state ("the Taiwan Relations Act",
# "the Korean War", "the Cuban Missile Crisis", "the Formosa Resolution").
_NAMED_THINGS = {"act", "resolution", "war", "crisis", "strait", "sea", "gulf", "bay", "river", "peninsula",
                 "doctrine", "question", "issue", "problem", "conflict", "border", "frontier", "airport"}


def _names_a_thing(tok, mention: Mention) -> bool:
    """Whether `tok` (part of `mention`) modifies the proper name of a thing, not an actor."""
    head = tok
    while head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i and head.head.tag_[:2] == "NN":
        head = head.head
        if head.lower_ in _NAMED_THINGS and head.idx >= mention.end:
            return head.tag_ == "NNP" or head.lower_ in ("war", "crisis", "conflict")
    return False


class _Reader:
    """Mentions indexed by token, for one parsed sentence."""

    def __init__(self, tokens: list, mentions: list[Mention], *, places: bool = False) -> None:
        self.by_token: dict[int, Mention] = {}
        kept = [m for m in mentions if m.state is not None and m.kind != "non_state"
                and (m.kind != "place" or places)]
        for t in tokens if kept else ():
            m = next((m for m in kept if m.start <= t.idx < m.end), None)
            if m is not None and not _names_a_thing(t, m):
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
                seat = t.lower_ in _SEATED and c.lower_ == "in"  # "the authorities in Kyiv"
                member = (t.i == tok.i and tok.dep_ in ("nsubj", "nsubjpass") and t.lower_ in _MEMBERS
                          and c.lower_ == "from")  # "Troops from the Afghan border police … clashed"
                if c.dep_ == "prep" and c.lower_ not in with_preps and not (amount or seat or member):
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
        if t.dep_ == "advcl" and any(c.dep_ == "mark" for c in t.children):
            break  # "after the earthquake struck": a finite clause names its own subject
        if t.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep", "acl", "relcl", "acomp") and t.head.i != t.i:
            if t.dep_ in ("relcl", "acl") and t.head.tag_.startswith("NN"):
                return t.head, False
            t = t.head
            continue
        break
    return None, False


_TIME = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
         "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
         "day", "days", "week", "weeks", "month", "months", "year", "years", "night", "morning", "evening",
         "afternoon", "weekend", "occasion", "anniversary", "eve", "time", "hours"}


def _when(tok) -> bool:
    """A time, not a party ("on Friday", "on 6 June", "over the weekend")."""
    return tok.lower_ in _TIME or tok.tag_ == "CD"


def _agent(pred):
    for c in pred.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _objects(pred, span: tuple[int, int] = (0, 0), extra: frozenset | set = frozenset()) -> list:
    """Tokens heading the target phrases of `pred`: objects, datives and target prepositions (and
    `extra` ones, and any preposition inside the trigger's own words `span`: "called for", "arrived in")."""
    out = []
    for c in pred.children:
        if c.dep_ in ("dobj", "dative", "oprd", "attr") or (c.dep_ == "nsubj" and c.i > pred.i):
            out.append(c)
        elif c.dep_ == "prep" and (c.lower_ in TARGET_PREPS or c.lower_ in extra
                                   or (span[0] <= c.idx < span[1] and c.lower_ not in _WHERE)):
            out.extend(g for g in c.children if g.dep_ == "pobj" and not _when(g))
        elif c.dep_ == "prt":  # "shot down", "cut off from"
            continue
    return out


class RoleReader:
    """Roles of triggers in one parsed sentence."""

    def __init__(self, doc, mentions: list[Mention], *, previous: Mention | None = None) -> None:
        self.tokens = list(doc)
        self.previous = previous  # the state the sentence before opens with (a pronoun may refer to it)
        self.r = _Reader(self.tokens, mentions)
        self.places = _Reader(self.tokens, mentions, places=True)
        self.doc = doc
        # Triggers whose source the parse names but whose target it does not (see `implied_targets`).
        self.untargeted: list[tuple[Trigger, list[Mention]]] = []

    # -- actors of a predicate ------------------------------------------------------------------
    def _sources(self, pred, *, carried: bool = False) -> tuple[list[Mention], list[Mention]]:
        """(sources, targets from a passive subject); `carried`: `pred` only carries a noun act (the noun's
        "by" agent is then not read: "an attempt by X to approach … with artillery fire")."""
        agent = _agent(pred)
        if (pred.tag_ == "VBN" and pred.dep_ in ("advcl", "acl")
                and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in pred.children)):
            # "Praised for its role, Turkey …", "a plane shot down by X": the noun it hangs on undergoes it
            patient = pred.head if pred.dep_ == "acl" else _subject(pred.head)[0]
            return (self.r.phrase(agent) if agent is not None else []), (
                self.r.phrase(patient) if patient is not None else [])
        subj, passive = _subject(pred)
        if passive:
            targets = self.r.phrase(subj) if subj is not None else []
            if not targets and subj is not None and self._anaphor(subj):
                targets = self._prior(subj, set())
            return (self.r.phrase(agent) if agent is not None else []), targets
        if subj is None:
            return [], []
        found = self.r.phrase(subj)
        if not found and pred.dep_ == "acl" and subj.i == pred.head.i:
            by = next((g for c in subj.children if c.dep_ == "prep" and c.lower_ == "by"
                       for g in c.children if g.dep_ == "pobj"), None)
            if by is not None and not carried:  # "a move by China to impose tariffs": the noun's agent acts
                return self.r.phrase(by), []
            if subj.dep_ == "dobj":  # "Putin signed a law banning …", "Russia announced plans to expel …"
                return self._sources(subj.head)
        if not found:
            found = self._relative_head(subj)
        if not found and subj.lower_ in ("he", "she"):  # "… Modi” when he met …": the leader named last
            found = [m for i, m in sorted(self.r.by_token.items()) if i < subj.i and m.kind == "leaders"][-1:]
        if not found and self.r.pronoun(subj) and subj.lower_ not in _FIRST_PERSON:  # "we": a quote's speaker
            found = self._antecedent(pred, plural=subj.lower_ in _PLURAL
                                     or any(c.lower_ in _PLURAL for c in subj.children))
        if not found and self._anaphor(subj) and subj.lower_ not in ("it", "them"):  # "the two countries"
            found = self._prior(subj, set())
        return found, []

    def _relative_head(self, subj) -> list[Mention]:
        """ "the governments of A and B, all of whom expelled …": the noun the relative clause describes."""
        for c in subj.children:
            if c.dep_ == "prep" and c.lower_ == "of" and any(g.lower_ in _RELATIVE for g in c.children):
                clause = subj.head
                if clause.dep_ == "relcl":
                    return self.r.phrase(clause.head)
        return []

    def _group_before(self, tok) -> list[Mention]:
        """The last coordinated group of states before `tok` ("Ireland and Norway … their governments")."""
        for t in reversed([t for t in self.tokens[: tok.i] if t.i in self.r.by_token]):
            if t.dep_ == "conj":
                first = t
                while first.dep_ in ("conj", "appos") and first.head.i != first.i:
                    first = first.head
                group = self.r.phrase(first)
                if len(group) > 1:
                    return group
        return []

    def _antecedent(self, tok, *, plural: bool = False) -> list[Mention]:
        """The states of the nearest subject above `tok` that names one ("Israel said it had…"); for
        "they"/"their", a coordinated group of states named before it when there is one."""
        if plural:
            group = self._group_before(tok)
            if group:
                return group
        for anc in tok.ancestors:
            subj, passive = _subject(anc)
            if subj is not None and not passive:
                found = self.r.phrase(subj)
                if found:
                    return found
        if self.previous is not None and tok.sent.root.i in (tok.i, *(a.i for a in tok.ancestors)):
            top = _subject(tok.sent.root)[0]
            if top is not None and top.lower_ in _PRONOUNS:  # the sentence opens with "It …": the one before
                return [self.previous]
        first = sorted(self.r.by_token.values(), key=lambda m: m.start)
        return first[:1]

    def _anaphor(self, tok) -> bool:
        """A pronoun or definite description standing for a state named earlier ("it", "its neighbour",
        "the Gulf state", "that country") — and naming none itself."""
        if self.r.phrase(tok):
            return False
        if tok.lower_ in ("it", "them"):
            return True
        determined = any(c.lower_ in ("the", "its", "that", "this", "their", "both") for c in tok.children)
        return tok.lower_ in _ANAPHORS and determined

    def _prior(self, tok, exclude: set) -> list[Mention]:
        """The states an anaphor `tok` refers back to: the last state named before it and not excluded
        (a plural anaphor: that state's coordinated group)."""
        before = [(i, m) for i, m in self.r.by_token.items() if i < tok.i and m.iso3 not in exclude]
        if not before:
            return []
        i, last = max(before, key=lambda p: p[0])
        if any(c.lower_ in ("two", "both") for c in tok.children):  # "the two countries", "both sides"
            pair = unique_states([m for _, m in sorted(before, key=lambda p: -p[0])])[:2]
            if len(pair) == 2:
                return pair
        plural = tok.lower_ in ("them", "countries", "neighbors", "neighbours")
        if plural:
            group = [m for m in self._group_before(tok) if m.iso3 not in exclude]
            if group:
                return group
        return [last]

    def _targets(self, pred, exclude: set, span: tuple[int, int] = (0, 0),
                 extra: frozenset | set = frozenset()) -> list[Mention]:
        out: list[Mention] = []
        for o in _objects(pred, span, extra):
            found = [m for m in self.r.phrase(o, with_preps=_OBJECT_PREPS) if m.iso3 not in exclude]
            if not found:  # "sanctions on Russia", "a position on the Syrian side", "bases in Georgia"
                for c in o.children:
                    if c.dep_ == "prep" and (c.lower_ in TARGET_PREPS or c.lower_ in extra):
                        for g in c.children:
                            if g.dep_ == "pobj":
                                found += [m for m in self.r.phrase(g, with_preps=_OBJECT_PREPS)
                                          if m.iso3 not in exclude]
            if not found and self._anaphor(o):
                found = self._prior(o, exclude)
            if not found and self.r.pronoun(o) and o.lower_ in ("its", "their"):
                continue
            out += found
        return unique_states(out)

    def _noun_roles(self, noun, code: str) -> tuple[list[Mention], list[Mention]]:
        agents = unique_states([m for c in noun.children if c.dep_ in _AGENT_DEPS for m in self.r.phrase(c)])
        if not agents:  # "the latter's recognition of Kosovo": the state named last before it
            agents = [m for c in noun.children if c.dep_ == "poss" and c.lower_ in ("latter", "former")
                      for m in self._prior(c, set())[:1]]
        word = noun.lower_
        agent_preps = {"by"} | ({"of"} if word in INTRANSITIVE_NOUNS else set()) | (
            {"from"} if word in REACTION_NOUNS else set())
        if not agents:  # "the invasion of Kuwait by Iraq", "a buildup of Belarusian forces"
            agents = unique_states([m for c in noun.children if c.dep_ == "prep" and c.lower_ in agent_preps
                                    for g in c.children if g.dep_ == "pobj" for m in self.r.phrase(g)])
        if not agents:  # "clashes between Afghanistan and Pakistan", "talks between X and Y": both act
            between = unique_states([m for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"
                                     for g in c.children if g.dep_ == "pobj" for m in self.r.phrase(g)])
            if len(between) > 1:
                return between, []
        extra = PLACE_PREPS.get(code[:2], set())
        targets: list[Mention] = []
        for c in noun.children:
            if (c.dep_ == "prep" and (c.lower_ in TARGET_PREPS or c.lower_ in extra)
                    and c.lower_ not in agent_preps):
                for g in c.children:
                    if g.dep_ == "pobj":
                        targets += self.r.phrase(g)
                        if not targets and self._anaphor(g):
                            targets += self._prior(g, {m.iso3 for m in agents})
        if code.startswith("07") and not targets:  # "an aid package to support Ukraine": who it helps
            targets = [m for c in noun.children if c.dep_ in ("acl", "relcl") and c.tag_ == "VB"
                       for g in c.children if g.dep_ in ("dobj", "dative") for m in self.r.phrase(g)]
        for c in noun.children:  # "the weapons package provided to Ukraine by Germany"
            if c.dep_ == "acl" and c.tag_ == "VBN":
                by = _agent(c)
                if not agents and by is not None:
                    agents = self.r.phrase(by)
                targets = targets or self._targets(c, {m.iso3 for m in agents} | {None})
        carrier = _carrier(noun)
        if not agents and word in REACTION_NOUNS and carrier is not None:  # "drew condemnation from X"
            agents = unique_states([m for c in carrier.children if c.dep_ == "prep" and c.lower_ == "from"
                                    for g in c.children if g.dep_ == "pobj" for m in self.r.phrase(g)])
        light = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
        if not agents and light is not None and light.tag_.startswith("NN"):  # "X's imposition of sanctions"
            agents = unique_states([m for c in light.children if c.dep_ in _AGENT_DEPS
                                    for m in self.r.phrase(c)])
        if not agents and any(c.dep_ == "poss" and c.lower_ in _PRONOUNS for c in noun.children):
            agents = self._antecedent(noun, plural=any(c.lower_ in _PLURAL for c in noun.children))
        if not agents and carrier is not None:  # "imposed sanctions on X", "erupted in outrage"
            agents, passive_targets = self._sources(carrier, carried=True)
            targets = targets or passive_targets
            if not targets and noun.dep_ == "dobj":
                targets = self._targets(carrier, {m.iso3 for m in agents} | {None})
        return agents, unique_states(targets)

    # -- reported speech --------------------------------------------------------------------------
    def _speaker(self, pred) -> tuple[list[Mention], str] | None:
        """(speaker states, 'say' or 'deny') when `pred` is the content of a report or an accusation:
        a verb of saying above it ("Syria says Israel fired …") or hung on it ("Israel fired …, Syria
        said"; "…, according to Syria")."""
        child = pred
        for anc in pred.ancestors:
            word = anc.lower_
            link = child.dep_
            if word in SAY_VERBS and link in ("ccomp", "parataxis", "pcomp"):
                subj, passive = _subject(anc)
                if subj is not None and not passive:
                    return self._author(subj), "say"
            carried = child.i == pred.i or (child.lower_ in _QUANTITIES and child.i == pred.head.head.i)
            if word in DENY_VERBS and link in ("prep", "pcomp", "dobj", "ccomp", "pobj") and not (
                    carried and link == "dobj"):  # "exchanged a flurry of rebukes": the act itself
                subj, _ = _subject(anc)
                return (self.r.phrase(subj) if subj is not None else []), "deny"
            if word == "do" and link == "prep" and anc.head.lower_ == "nothing":  # "had nothing to do with"
                subj, _ = _subject(anc.head.head)
                return (self.r.phrase(subj) if subj is not None else []), "deny"
            if link == "relcl":  # a relative clause is the writer's aside
                break
            child = anc
        top = pred
        while top.dep_ in ("dobj", "pobj", "prep", "conj", "xcomp") and top.head.i != top.i:
            top = top.head
        for c in (*top.children, *pred.children):
            if c.dep_ in ("parataxis", "ccomp") and c.lower_ in SAY_VERBS and c.i > pred.i:
                subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
                if subj is not None:
                    return self.r.phrase(subj), "say"
            if c.dep_ == "prep" and c.lower_ == "according":  # "…, according to Syria"
                for g in c.subtree:
                    if g.dep_ == "pobj":
                        return self.r.phrase(g), "say"
        return None

    def _author(self, subj) -> list[Mention]:
        """The states a speaker phrase names, or those of its "by" phrase ("a statement by Pakistan's
        military said …")."""
        return self.r.phrase(subj) or [m for c in subj.children if c.dep_ == "prep" and c.lower_ == "by"
                                       for g in c.children if g.dep_ == "pobj" for m in self.r.phrase(g)]

    def _denied(self, noun) -> tuple[list[Mention], str] | None:
        found = self._speaker(noun)
        if found is None:
            return None
        clause = any(c.dep_ == "acl" and _agent(c) is not None for c in noun.children)  # "bombs fired by X"
        return found if found[1] == "deny" or clause or _carrier(noun) is not None else None

    def _with_conjuncts(self, found: list[Mention]) -> list[Mention]:
        """A mention and the states coordinated with it ("talks with the United States and Russia")."""
        for i, m in self.r.by_token.items():
            if found and m is found[0]:
                tok = self.tokens[i]
                while tok.dep_ == "compound" and tok.head.i != tok.i:
                    tok = tok.head
                return unique_states([m, *self.r.phrase(tok)])
        return found

    def _clause_states(self, pred) -> list[Mention]:
        """States in `pred`'s subtree, not inside another clause's subject or a locative phrase."""
        out = [self.r.by_token[t.i] for t in pred.subtree if t.i in self.r.by_token]
        return unique_states(sorted(out, key=lambda m: m.start))

    def _not_an_act(self, head, trigger: Trigger) -> bool:
        """Trigger words that do not report an act: a condition ("if Ukraine did not meet Moscow's
        demands"), a reason ("sanctions on Russia for violating …"), any act ("any further attacks"), a
        participle used as an adjective ("the occupied Golan"), a noun modifying another ("attack plans"),
        an infinitive's "to" read as a preposition ("missiles to strike"), or talks named as a purpose
        ("recalled for consultations")."""
        if head.tag_.startswith("VB") and any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether")
                                              for c in head.children):
            return True
        if head.tag_ == "VBG" and head.dep_ == "pcomp" and head.head.lower_ == "for":
            return True
        if head.tag_.startswith("NN") and any(c.dep_ == "det" and c.lower_ in ("any", "no")
                                              for c in head.children):
            return True  # "against any further attacks": no act in particular
        if head.dep_ == "amod" and head.tag_ in ("VBN", "VBD", "VBG"):
            return True
        if head.dep_ == "compound" and head.head.tag_.startswith("NN") and head.tag_.startswith("NN"):
            return True
        words = [t for t in self.tokens if trigger.start <= t.idx < trigger.end]
        if words and words[0].tag_.startswith("NN") and words[-1].lower_ == "to" and words[-1].dep_ == "aux":
            return True
        return trigger.code.startswith(("040", "046")) and head.dep_ == "pobj" and head.head.lower_ == "for"

    # -- public -----------------------------------------------------------------------------------
    def names_agent(self, trigger: Trigger) -> bool:
        """Whether a noun trigger's own phrase names the state that acts: a possessive or modifier, a "by"
        phrase ("the visit by the Speaker of the U.S. House"), or a participle's agent ("the aid package
        announced by the United States")."""
        head = _head_of(self.tokens, trigger.start, trigger.end)
        if head is None:
            return False
        if head.dep_ in ("compound", "amod") and head.head.lower_ in _CONTAINERS:
            head = head.head
        if not head.tag_.startswith("NN"):
            return False
        preps = ("by", "of") if head.lower_ in INTRANSITIVE_NOUNS else ("by",)  # "the state visit of X"
        by = [g for c in head.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children
              if g.dep_ == "pobj"]
        by += [a for c in head.children if c.dep_ == "acl" and (a := _agent(c)) is not None]
        return any(self.r.phrase(g) for g in by) or any(
            self.r.phrase(c) for c in head.children if c.dep_ in ("poss", "amod", "compound", "nmod"))

    def governs(self, earlier: Trigger, later: Trigger) -> bool:
        """Whether `later` hangs on `earlier` in the parse (is its object or inside it), as in "conceded to
        Russia's demands" — not "its bombardment targeted", where the first is the second's subject."""
        a = _head_of(self.tokens, earlier.start, earlier.end)
        b = _head_of(self.tokens, later.start, later.end)
        return a is not None and b is not None and any(t.i == a.i for t in b.ancestors)

    def conditional(self, trigger: Trigger) -> bool:
        """Whether the act is made conditional on another state's conduct ("would boycott the Olympics if
        the Soviets did not withdraw", "could take military action if Iran does not comply"): CAMEO codes
        such a coercive act as a threat."""
        head = _head_of(self.tokens, trigger.start, trigger.end)
        if head is None:
            return False
        pred = (_carrier(head) or head) if head.tag_.startswith("NN") else head
        for _ in range(3):  # the verb, and the verbs it is coordinated with or governed by
            for c in pred.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                             for m in c.children):
                    subj, _ = _subject(c)
                    return subj is not None and bool(self.r.phrase(subj))
            if pred.dep_ not in ("conj", "xcomp") or pred.head.i == pred.i:
                break
            pred = pred.head
        return False

    def roles(self, trigger: Trigger) -> list[Role] | None:
        """Roles of `trigger`; None when the parse does not name a source (the caller may fall back)."""
        head = _head_of(self.tokens, trigger.start, trigger.end)
        if head is None:
            return None
        if head.dep_ in ("compound", "amod") and head.head.lower_ in _CONTAINERS:  # "a military aid package"
            head = head.head
        if self._not_an_act(head, trigger):
            return []
        under = self._speaker(head)
        if under is not None and under[1] == "deny" and not trigger.code.startswith("112"):
            return []  # "accused X of shelling", "had nothing to do with" (a denied allegation was made)
        noun = head.tag_.startswith("NN")
        if noun:
            sources, targets = self._noun_roles(head, trigger.code)
            pred = head
        else:
            pred = head
            sources, targets = self._sources(pred)
        if trigger.code.startswith("174") and _subject(pred)[1] and _agent(pred) is None:
            # "diplomats were expelled from the country": the state they leave expels them
            expelled = {t.iso3 for t in targets}
            expellers = [m for c in pred.children if c.dep_ == "prep" and c.lower_ == "from"
                         for g in c.children if g.dep_ == "pobj"
                         for m in (self.r.phrase(g) or (self._prior(g, expelled) if self._anaphor(g) else []))
                         ]
            if expellers:
                sources, targets = expellers, targets or sources
        if trigger.code.startswith("161") and _subject(pred)[1] and _agent(pred) is None:
            # "the Turkish ambassador to Israel was recalled": his state recalls him from the one he is in
            subj = _subject(pred)[0]
            own = self.r.phrase(subj)
            posted = [m for c in subj.children if c.dep_ == "prep" and c.lower_ == "to"
                      for g in c.children if g.dep_ == "pobj" for m in self.r.phrase(g)]
            if own and posted:
                sources, targets = own, posted
        if (not sources and trigger.code.startswith("114") and _subject(pred)[1]
                and self.doc.text[trigger.start:trigger.end].lower().startswith("summon")):
            # "the ambassador was summoned to the Turkish foreign office": the state whose office it is
            sources = [m for c in pred.children if c.dep_ == "prep" and c.lower_ == "to"
                       for g in c.children if g.dep_ == "pobj" for m in self.r.phrase(g)]
        if not sources:
            carrier = _carrier(head) if noun else None
            if carrier is not None and (_subject(carrier)[0] is not None
                                        and _subject(carrier)[0].lower_ in _FIRST_PERSON):
                return []  # "we stand ready to impose sanctions": the speaker of a quotation
            return None if _subject(pred)[0] is None else []  # the caller may fall back
        src_states = {m.iso3 for m in sources}
        reciprocal = any(  # "accused each other", "India and China have each stationed"
            t.lower_ in ("each", "one", "other", "another") for t in pred.children
        ) or bool(_MUTUAL.match(self.doc.text, trigger.start)) or (  # "exchanged accusations"
            noun and any(c.lower_ == "between" for c in head.children)  # "talks between X and Y"
        ) or (noun and (carrier := _carrier(head)) is not None  # "exchanged a flurry of rebukes"
              and _MUTUAL.match(self.doc.text, carrier.idx) is not None)
        extra = PLACE_PREPS.get(trigger.code[:2], set())
        if not targets:
            targets = self._targets(pred, src_states | {None}, (trigger.start, trigger.end), extra)
        if trigger.code.startswith("042"):  # "flew from Pakistan to Beijing": where a trip starts is no party
            origin = {self.r.by_token.get(t.i) for c in pred.children
                      if c.dep_ == "prep" and c.lower_ == "from" for t in c.subtree}
            targets = [m for m in targets if m not in origin]
        placed = False
        if not targets and trigger.code.startswith(("042", "050")):  # "arrived in Beijing", "envoy in Bogota"
            preps = frozenset((TARGET_PREPS | {"in"}) - {"from"})
            targets = [m for o in _objects(pred) for m in self.places.phrase(o, with_preps=preps)]
            targets += [m for c in pred.children if c.dep_ == "prep" and c.lower_ == "in"
                        for g in c.children if g.dep_ == "pobj" for m in self.places.phrase(g)]
            placed = bool(targets)
        span = (trigger.start, trigger.end)
        if not targets and trigger.code[:2] in _VERBAL and not [  # "warned that … Seoul …"
            o for o in _objects(pred, span) if not span[0] <= o.idx < span[1]
        ]:
            after = [m for m in self._clause_states(pred) if m.start >= trigger.end]
            targets = self._with_conjuncts(after[:1])
        targets = unique_states([m for m in targets if m.iso3 not in src_states])
        reported = self._speaker(pred) if not noun else self._denied(pred)
        if reported is not None:
            speakers, kind = reported
            speaker_states = {m.iso3 for m in speakers}
            if kind == "deny":  # under an accusation or a denial: the accusation is the event
                if not trigger.code.startswith("112"):  # (an allegation denied was still made)
                    return []
            elif speakers and not speaker_states & src_states and int(trigger.code[:2]) >= 10:
                return [Role(s, a, "112") for s in speakers for a in sources if s.iso3 != a.iso3]
        joint = is_joint(trigger, self.doc.text)
        if len(sources) > 1 and (reciprocal or (not targets and (joint or trigger.code[:2] == "03"))):
            return [Role(a, b) for a in sources for b in sources if a.iso3 != b.iso3]
        if not targets:
            posture = noun and trigger.code.startswith("15")  # a buildup, drills: aimed at someone
            if posture or not self._slot_filled(pred, src_states, trigger):
                self.untargeted.append((trigger, sources))
            return []
        out = [Role(s, t) for s in sources for t in targets]
        if joint and not placed:
            out += [Role(t, s) for s in sources for t in targets]
        return out

    def _slot_filled(self, pred, exclude: set, trigger: Trigger | None = None) -> bool:
        """Whether `pred`'s target slot names something that is no state ("fired missiles into the sea",
        "pulled out of UNDOF", "shot down an unidentified drone"): then no target is implied."""
        if any(c.dep_ == "dobj" and c.lower_ in NOUNS for c in pred.children):
            return True  # "repel the invasion": the act's object is another act
        if trigger is not None and _PATIENT.match(self.doc.text, trigger.start) and any(
                c.dep_ in ("dobj", "nsubjpass") and not self.r.phrase(c)
                and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in c.children)
                for c in pred.children):
            return True  # "shot down a drone": something new to the text, and no state's
        preps = [c for c in pred.children if c.dep_ == "prep"]
        preps += [g for c in preps for g in c.children if g.dep_ == "prep"]  # "pull out of"
        content = trigger is not None and trigger.code.startswith("11")  # "allegation of firing": what
        for c in preps:
            if c.lower_ in TARGET_PREPS and c.lower_ != "with" and not (content and c.lower_ == "of"):
                for g in c.children:
                    if g.dep_ == "pobj" and not _when(g) and not self.r.phrase(g) and not self._anaphor(g):
                        return True
        return False

    def other_states(self, exclude: set) -> list[Mention]:
        """The states the sentence names as actors (not places), leaving out `exclude`."""
        return unique_states(sorted(self.r.by_token.values(), key=lambda m: m.start), exclude)


def is_joint(trigger: Trigger, text: str) -> bool:
    """Whether both sides do the act: talks, signing, cooperation (`JOINT_CODES`) and fights."""
    if trigger.code.startswith("063"):  # an extradition goes one way
        return False
    return trigger.code.startswith(JOINT_CODES) or bool(
        trigger.code.startswith("19") and _FIGHT.match(text, trigger.start))


def _carrier(noun):
    """The verb that carries a noun trigger: its object ("imposed sanctions") or the object of its
    preposition ("erupted in outrage", "responded with strikes"), also through a quantity ("exchanged a
    flurry of rebukes", "launched a wave of strikes")."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in _QUANTITIES:
        noun = noun.head.head
    if noun.dep_ == "dobj" and noun.head.tag_.startswith("VB"):
        return noun.head
    if (noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in _CARRYING_PREPS
            and noun.head.head.tag_.startswith("VB")):
        return noun.head.head
    return None
