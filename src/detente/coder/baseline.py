"""The keyword baseline the coder is measured against: the first two states a sentence names are
source and target, and the first CAMEO root keyword found gives the root (01, a statement, if none)."""

from __future__ import annotations

import re

from detente.coder.actors import actor_table

# One keyword list per root, from the CAMEO root names (../shared/data/cameo).
ROOT_KEYWORDS = {
    "19": r"attack\w*|invad\w*|invasion|bomb\w*|war|fight\w*|strike\w*|shell\w*",
    "18": r"assault\w*|assassinat\w*",
    "17": r"coerc\w*|expel\w*|arrest\w*",
    "16": r"sanction\w*|embargo|reduc\w* relations|ban\w*|boycott\w*",
    "15": r"mobiliz\w*|troops|force posture",
    "14": r"protest\w*",
    "13": r"threat\w*|warn\w*|ultimatum",
    "12": r"reject\w*|refus\w*",
    "11": r"accus\w*|criticiz\w*|condemn\w*|disapprov\w*",
    "10": r"demand\w*",
    "09": r"investigat\w*",
    "08": r"yield\w*|withdr\w*|ceasefire|lift\w*|eas\w*",
    "07": r"aid|arms|weapons",
    "06": r"cooperat\w*|trade",
    "05": r"sign\w*|treaty|agreement|recogni\w*",
    "04": r"meet\w*|met|talks|summit|visit\w*|consult\w*",
    "03": r"intend\w*|promis\w*|pledg\w*|offer\w*",
    "02": r"appeal\w*|urg\w*|call\w* on|request\w*",
}
_PATTERNS = [(root, re.compile(rf"\b(?:{words})\b", re.I)) for root, words in ROOT_KEYWORDS.items()]


def baseline_sentence(text: str) -> list[tuple[str, str, str]]:
    """[(source, target, root)] for one sentence: at most one event."""
    states: list[str] = []
    for m in actor_table().find(text):
        if m.iso3 and m.iso3 not in states:
            states.append(m.iso3)
    if len(states) < 2:
        return []
    hits = [(m.start(), root) for root, pat in _PATTERNS if (m := pat.search(text))]
    root = min(hits)[1] if hits else "01"
    return [(states[0], states[1], root)]


def baseline(texts: list[str]) -> list[list[tuple[str, str, str]]]:
    """The baseline over many sentences."""
    return [baseline_sentence(t) for t in texts]
