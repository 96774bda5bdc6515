"""The arms-control treaty timeline: phases and inspections from dated milestones, cut at the
as-of date, and in step with the arms_control crack's own reading."""

import datetime as dt

import detente
from detente.assess.treaties import lifecycle, treaty_lifecycles
from factories import dossier, fact

D = dt.date.fromisoformat


def _treaty(**extra):
    milestones = [
        {"date": "2000-01-01", "event": "signed"},
        {"date": "2001-06-01", "event": "in_force"},
        {"date": "2002-03-01", "event": "inspections_held", "count": 10},
        {"date": "2002-09-01", "event": "inspections_held", "count": 4},
        {"date": "2004-01-01", "event": "inspections_halted"},
        {"date": "2005-01-01", "event": "suspended"},
        {"date": "2007-01-01", "event": "withdrawn"},
    ]
    return fact("treaty", "2000-01-01", name="Test Arms Treaty", category="strategic_arms",
                parties=["AAA", "BBB"], inspections_allowed_per_year=12, milestones=milestones,
                **extra)


def test_phases_follow_the_milestones():
    life = lifecycle(_treaty(), "AAA", "BBB", D("2010-01-01"))
    assert [(p.status, str(p.start), p.end and str(p.end)) for p in life.phases] == [
        ("signed", "2000-01-01", "2001-06-01"),
        ("in_force", "2001-06-01", "2005-01-01"),
        ("suspended", "2005-01-01", "2007-01-01"),
        ("ended", "2007-01-01", None),
    ]
    assert life.status == "ended"
    assert [(p.status, str(p.start), p.end and str(p.end)) for p in life.inspection_phases] == [
        ("active", "2001-06-01", "2004-01-01"),
        ("halted", "2004-01-01", "2007-01-01"),
    ]


def test_inspections_per_year_allowed_while_running_and_held_as_reported():
    life = lifecycle(_treaty(), "AAA", "BBB", D("2010-01-01"))
    years = {y.year: (y.allowed, y.held, y.events) for y in life.inspections_by_year}
    # allowed in each year the regime ran (2001 through 2004, whose 1 January it reached)
    assert {y: v[0] for y, v in years.items()} == {2001: 12, 2002: 12, 2003: 12, 2004: 12}
    # held: the counts reported in 2002 add up (hand sum 10 + 4)
    assert years[2002][1] == 14 and years[2002][2] == ["inspections held", "inspections held"]
    assert years[2004][2] == ["halted"]


def test_nothing_after_the_as_of_date_is_known():
    life = lifecycle(_treaty(), "AAA", "BBB", D("2002-06-01"))
    assert [p.status for p in life.phases] == ["signed", "in_force"]
    assert life.phases[-1].end is None
    assert [y.held for y in life.inspections_by_year if y.year == 2002] == [10]
    d = dossier(_treaty())
    assert treaty_lifecycles(d, D("1999-12-31")) == []


def test_only_arms_control_treaties_of_both_states_are_listed():
    d = dossier(_treaty(),
                fact("treaty", "2000-01-01", name="Trade Pact", category="trade",
                     parties=["AAA", "BBB"]),
                fact("treaty", "2000-01-01", name="Someone Else's Treaty",
                     category="strategic_arms", parties=["AAA", "CCC"]))
    assert [t.name for t in treaty_lifecycles(d, D("2010-01-01"))] == ["Test Arms Treaty"]


def test_usa_russia_arms_control_1987_to_2026_can_be_read_off_the_timeline():
    a = detente.assess("USA", "RUS", as_of="2026-11-24", history=False)
    by_name = {t.name: t for t in a.treaties}
    inf = by_name["Intermediate-Range Nuclear Forces Treaty"]
    assert [(p.status, str(p.start)) for p in inf.phases] == [
        ("signed", "1987-12-08"), ("in_force", "1988-06-01"), ("suspended", "2019-02-01"),
        ("ended", "2019-08-02")]
    new_start = by_name["New START"]
    assert [p.status for p in new_start.phases] == ["signed", "in_force", "suspended", "ended"]
    assert [p.status for p in new_start.inspection_phases] == ["active", "paused", "halted"]
    assert new_start.inspections_by_year[0].allowed == 18
    # the timeline and the arms_control crack read the treaties alike
    crack = a.crack("arms_control").indicators["treaties"]
    assert {t.name: t.status for t in a.treaties} == {n: s["status"] for n, s in crack.items()}


def test_in_1988_the_timeline_stops_in_1988():
    a = detente.assess("USA", "RUS", as_of="1988-12-31", history=False)
    names = [t.name for t in a.treaties]
    assert "New START" not in names and "Strategic Arms Reduction Treaty I" not in names
    inf = next(t for t in a.treaties if t.name.startswith("Intermediate-Range"))
    assert inf.status == "in_force" and inf.phases[-1].end is None
