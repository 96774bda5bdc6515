"""No traceback on any real pair and date: 500 random (pair, date) of states that existed on the
date, each assessed in-process. A model that cannot be fitted gives its reason; a crack nothing
covers is unknown. DETENTE_RANDOM_PAIRS sets how many (default 500)."""

from __future__ import annotations

import datetime as dt
import os
import random

import pytest

from conftest import TODAY
from detente.assess.engine import assess
from detente.core.countries import all_states, resolve

N = int(os.environ.get("DETENTE_RANDOM_PAIRS", "500"))


def _draws(n: int, seed: int = 20261206) -> list[tuple[str, str, dt.date]]:
    """n (a, b, day): a day 1946–2026 and two states in the state system on that day."""
    states = [s for s in all_states() if s.spells]
    rng = random.Random(seed)
    span = (TODAY - dt.date(1946, 1, 1)).days
    out = []
    while len(out) < n:
        day = dt.date(1946, 1, 1) + dt.timedelta(days=rng.randrange(span))
        alive = [s for s in states if s.exists_on(day)]
        a, b = rng.sample(alive, 2)
        if a.iso3 != b.iso3:
            out.append((a.iso3, b.iso3, day))
    return out


def test_the_draws_are_states_of_their_day():
    draws = _draws(50)
    assert len(draws) == 50 and len({(a, b) for a, b, _ in draws}) > 40
    assert all(resolve(a).exists_on(day) and resolve(b).exists_on(day) for a, b, day in draws)


@pytest.mark.slow
def test_random_pairs_and_dates_assess_without_a_traceback():
    failures = []
    for a, b, day in _draws(N):
        try:
            result = assess(a, b, as_of=day, today=TODAY, history=False)
        except Exception as exc:  # noqa: BLE001 - the test counts every kind
            failures.append(f"{a}–{b} {day}: {type(exc).__name__}: {exc}")
            continue
        for c in result.cracks:
            assert (c.status == "unknown") == (c.score is None), f"{a}–{b} {day} {c.id}"
        for kind in ("escalation", "reciprocity", "ripeness"):
            finding = getattr(result.dynamics, kind)
            assert finding.verdict is not None or finding.reason, f"{a}–{b} {day} {kind}"
    assert failures == []
