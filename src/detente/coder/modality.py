"""What negation and modality do to an event's code.

CAMEO codes what was done, so a governed verb changes the code rather than being dropped:
"refused to meet" is a rejection (12), "threatened to attack" a threat (13), "promised to send arms" an
intent to cooperate (03), "promised not to invade" too; an announced conflict act ("would withdraw") keeps
its code. A hypothetical ("could sign", "must negotiate")
is no event at all, and neither is a conflict act that did not happen ("did not attack").
"""

from __future__ import annotations

from dataclasses import dataclass

# refusing a cooperative act → the REJECT sub-code that names it
_REFUSE = {"02": "120", "03": "120", "04": "125", "05": "127", "06": "121", "07": "122", "08": "124"}
# intending a cooperative act → the EXPRESS INTENT sub-code
_INTENT = {"02": "030", "03": None, "04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}


@dataclass(frozen=True)
class Governed:
    """The code after modality, whether the act was negated, and the modality's name."""

    code: str
    negated: bool
    modality: str | None


def apply(code: str, governed: str | None) -> Governed | None:
    """The event `code` becomes under `governed` ('refuse', 'intent', 'threat', 'not_to',
    'hypothetical' or None); None when no event remains."""
    root = code[:2]
    cooperative = int(root) <= 8
    if governed is None:
        return Governed(code, False, None)
    if governed == "hypothetical":
        return None
    if governed == "not_to":  # "promised not to invade": a pledge of restraint
        return Governed("030", True, "intent")
    if governed == "refuse":
        if root == "01":
            return None
        if root in _REFUSE:
            return Governed(_REFUSE[root], True, "refuse")
        if root == "12":  # "did not reject"
            return None
        return None if not cooperative else Governed(code, True, "refuse")
    if governed == "intent":
        if cooperative:
            intent = _INTENT.get(root, "030")
            return Governed(intent or code, False, "intent")
        return Governed(code, False, "intent")  # "said it would withdraw": the announced act
    if governed == "threat":
        return Governed("138" if int(root) >= 15 else "130", False, "threat")
    return Governed(code, False, governed)
