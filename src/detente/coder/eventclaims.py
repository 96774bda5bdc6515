"""Who-did-what-when claims: a dated event the coder finds in a sentence, looked up among the dossier's
facts of the matching kind (a fight among conflicts, sanctions among sanctions, a meeting among
summits and talks, a signing among treaties, arms among arms supplies, a demand among positions)."""

from __future__ import annotations

from collections.abc import Callable

from detente.coder.event import CodedEvent
from detente.dossier.schema import ArmsSupply, Channel, Conflict, Fact, Position, Sanction, Treaty


def _opposed(f: Fact, s: str, t: str) -> bool:
    return isinstance(f, Conflict) and (
        (s in f.side_a and t in f.side_b) or (s in f.side_b and t in f.side_a))


def _sanction(f: Fact, s: str, t: str) -> bool:
    return isinstance(f, Sanction) and s in f.imposer and t in f.target


def _channel(kinds: set[str]) -> Callable[[Fact, str, str], bool]:
    def match(f: Fact, s: str, t: str) -> bool:
        return isinstance(f, Channel) and f.channel in kinds and (not f.parties or {s, t} <= set(f.parties))

    return match


def _treaty(f: Fact, s: str, t: str) -> bool:
    return isinstance(f, Treaty) and {s, t} <= set(f.parties)


def _arms(f: Fact, s: str, t: str) -> bool:
    return isinstance(f, ArmsSupply) and f.supplier == s and f.recipient == t


def _position(f: Fact, s: str, t: str) -> bool:
    return isinstance(f, Position) and f.holder == s


# CAMEO root (or code) → the facts that would record such an act
MATCHERS: dict[str, Callable[[Fact, str, str], bool]] = {
    "19": _opposed, "18": _opposed, "20": _opposed, "15": _opposed,
    "163": _sanction, "172": _sanction,
    "174": _channel({"expulsion"}),
    "161": _channel({"embassy", "consulate", "diplomatic_relations", "expulsion"}),
    "164": _channel({"talks", "back_channel"}),
    "04": _channel({"summit", "talks", "back_channel", "multilateral"}),
    "05": _treaty, "057": _treaty,
    "07": _arms, "072": _arms,
    "10": _position, "12": _position, "03": _position, "02": _position,
}


def matcher(event: CodedEvent) -> Callable[[Fact, str, str], bool] | None:
    """The fact test for an event's code: its own code first, then its root."""
    return MATCHERS.get(event.cameo) or MATCHERS.get(event.cameo[:3]) or MATCHERS.get(event.root)


def fact_dates(f: Fact) -> list:
    """The days a fact records an act on: its start, and a treaty's milestones."""
    days = [f.valid_from]
    if isinstance(f, Treaty):
        days += [m.date for m in f.milestones]
    return days
