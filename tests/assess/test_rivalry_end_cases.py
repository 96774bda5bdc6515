"""The history backtest's cases drawn from the TSS rivalry ends, none written by hand: every end
since 1950 becomes "the overall three years after reads better than two years before"; ends
whose states left the system are set aside with the reason. Real data (the mirror)."""

from __future__ import annotations

from conftest import TODAY
from detente.assess.backtest import rivalry_end_cases, run


def test_every_rivalry_end_since_1950_is_a_case_or_set_aside_with_its_reason():
    cases, skipped = rivalry_end_cases(TODAY)
    bases = [c.basis for c in cases]
    assert len(cases) >= 100
    assert all(c.better_than < c.date <= TODAY for c in cases)
    # Sino-Soviet rivalry, ended 1989: 1992 against 1987
    sino = next(c for c in cases if "TSS rivalry 128," in c.basis)
    assert (sino.date.isoformat(), sino.better_than.isoformat()) == ("1992-06-01", "1987-06-01")
    # rivalries TSS codes as running when coding stopped (2020) are not ends
    assert not any("Russia-Ukraine" in b for b in bases)
    # South Vietnam was gone by 1978: set aside, not counted as a miss
    assert any("N. Vietnam-S. Vietnam" in s and "Republic of Vietnam" in s for s in skipped)
    assert not any("N. Vietnam-S. Vietnam" in b for b in bases)


def test_rivalry_end_cases_run_like_the_shipped_ones():
    cases, _ = rivalry_end_cases(TODAY)
    pick = [c for c in cases if "TSS rivalry 128," in c.basis or "Egypt-Syria" in c.basis]
    outcomes = list(run(pick, TODAY))
    assert len(outcomes) == len(pick) >= 2
    assert all(o.right for o in outcomes), [(o.case.basis, o.got) for o in outcomes]


def test_a_rivalry_end_case_leaves_its_own_record_out_of_the_reading():
    """The cases are drawn from TSS, and TSS feeds diplomacy: each case reads the overall without
    its own rivalry's record, which otherwise would make it right by construction."""
    import datetime as dt

    from detente.assess.backtest import overall_without
    from detente.assess.engine import assess

    cases, _ = rivalry_end_cases(TODAY)
    sino = next(c for c in cases if "TSS rivalry 128," in c.basis)
    assert sino.unread == "TSS rivalry 128"
    assert sino.expects == "overall (without TSS rivalry 128) better than on 1987-06-01"
    during = assess("CHN", "RUS", as_of=dt.date(1987, 6, 1), today=TODAY, history=False)
    assert any(e.record == "TSS rivalry 128" for e in during.crack("diplomacy").evidence)
    assert overall_without(during, "TSS rivalry 128") > during.overall
    assert overall_without(during, "no such record") == during.overall
