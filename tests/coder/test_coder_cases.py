"""Hard cases of actor resolution and of roles, as data (tests/data/coder/actor_cases.csv and
role_cases.csv): who a name stands for, and who did what to whom."""

from __future__ import annotations

import csv

import pytest

from conftest import DATA
from detente.coder.actors import actor_table
from detente.coder.coder import EventCoder

CASES = DATA / "coder"


def _rows(name: str) -> list[dict]:
    with (CASES / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def rules():
    return EventCoder(use_model=False)


@pytest.mark.parametrize("case", _rows("actor_cases.csv"), ids=lambda c: f"{c['name']}: {c['why']}")
def test_actor_resolution(case):
    found = [m for m in actor_table().find(case["text"]) if m.text == case["name"]]
    assert found, f"{case['name']!r} not found in {case['text']!r}"
    state = found[0].iso3 if found[0].kind != "place" else None
    assert state == (None if case["expected"] == "-" else case["expected"]), case["why"]


@pytest.mark.parametrize("case", _rows("role_cases.csv"), ids=lambda c: c["why"])
def test_roles(rules, case):
    events = rules.code_sentences([case["text"]])[0]
    got = {f"{e.source.iso3}>{e.target.iso3}:{e.root}" for e in events}
    assert got == set(filter(None, case["events"].split(";"))), case["why"]
