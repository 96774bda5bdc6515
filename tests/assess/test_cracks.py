"""Each evaluator on small hand-built dossiers: does the evidence move the score the right way?"""

import datetime as dt
import math

import pytest

from detente.assess import cracks
from factories import dossier, fact, run


def war(form="war", side_a=("AAA",), side_b=("BBB",), sup_a=(), sup_b=(), start="2020-01-01",
        end=None, **kw):
    return fact("conflict", start, end, name="Test war", form=form, side_a=list(side_a),
                side_b=list(side_b), supporters_a=list(sup_a), supporters_b=list(sup_b), **kw)


# armed_conflict ──────────────────────────────────────────────────────────────────────────
def test_no_conflict_is_open():
    c = run(cracks.armed_conflict, dossier(), "2021-01-01")
    assert c.status == "open" and c.indicators["active_conflicts"] == 0


def test_direct_war_is_worse_than_proxy_war_which_is_worse_than_peace():
    direct = run(cracks.armed_conflict, dossier(war()), "2021-01-01")
    proxy = run(cracks.armed_conflict, dossier(war(side_a=("AAA",), side_b=("CCC",),
                                                   sup_b=("BBB",))), "2021-01-01")
    none = run(cracks.armed_conflict, dossier(war(side_a=("AAA",), side_b=("CCC",))),
               "2021-01-01")
    assert direct.score < proxy.score < none.score
    assert direct.status == "closed" and direct.door.scenario == "ceasefire"
    assert proxy.evidence[0].claim.count("proxy") == 1 and proxy.evidence[0].source is not None


def test_an_ended_war_fades_over_ten_years():
    w = war(end="2020-06-01", ended_by="ceasefire")
    during = run(cracks.armed_conflict, dossier(w), "2020-03-01").score
    after = run(cracks.armed_conflict, dossier(w), "2021-06-01").score
    later = run(cracks.armed_conflict, dossier(w), "2035-01-01").score
    assert during < after < later


def test_a_war_not_yet_begun_is_invisible():
    assert run(cracks.armed_conflict, dossier(war(start="2030-01-01")), "2021-01-01").score > 0.5


# negotiation ─────────────────────────────────────────────────────────────────────────────
def position(holder, camp=None, start="2021-01-01", **claims):
    return fact("position", start, holder=holder, camp=camp,
                **{k: [{"issue": i, "text": f"{k} on {i}"} for i in v] for k, v in claims.items()})


def test_demand_met_by_rejection_leaves_no_zone_of_agreement():
    d = dossier(position("AAA", demands=["neutrality"]),
                position("BBB", rejects=["neutrality"]))
    c = run(cracks.negotiation, d, "2022-01-01")
    assert c.indicators["zone_of_agreement"] is False
    assert c.indicators["blocked_issues"] == ["neutrality"] and c.score < 0


def test_acceptance_bridges_a_demand():
    d = dossier(position("AAA", demands=["neutrality"]),
                position("BBB", rejects=["neutrality"]),
                position("BBB", start="2021-06-01", accepts=["neutrality"]))
    c = run(cracks.negotiation, d, "2022-01-01")
    assert c.indicators["zone_of_agreement"] is True and c.score > 0


def test_a_proxys_position_counts_for_its_camp_and_opposite_demands_block():
    d = dossier(position("AAA", demands=["territory"]),
                position("CCC", camp="BBB", demands=["territory"]))
    c = run(cracks.negotiation, d, "2022-01-01")
    assert c.indicators["blocked"] == 2 and c.status == "closed"


def test_talks_improve_negotiation():
    talks = fact("channel", "2021-06-01", "2021-06-02", channel="talks", status="held")
    base = dossier(position("AAA", demands=["x"]))
    assert run(cracks.negotiation, dossier(*base.facts, talks), "2021-09-01").score > \
        run(cracks.negotiation, base, "2021-09-01").score


# coercion ────────────────────────────────────────────────────────────────────────────────
def sanction(scope, imposer="AAA", target="BBB", start="2020-01-01", end=None, direction="impose"):
    return fact("sanction", start, end, imposer=[imposer], target=[target], scope=scope,
                direction=direction)


def test_broader_sanctions_press_harder_and_lifting_them_relieves():
    light = run(cracks.coercion, dossier(sanction(["individuals"])), "2021-01-01")
    heavy = run(cracks.coercion, dossier(sanction(["financial", "energy"]),
                                         sanction(["trade"], "BBB", "AAA")), "2021-01-01")
    lifted = run(cracks.coercion, dossier(sanction(["financial"], end="2020-06-01")),
                 "2021-01-01")
    assert heavy.score < light.score < lifted.score
    assert heavy.indicators["sanctions_in_force"] == 2


def test_arms_to_the_others_adversary_is_coercion_and_third_party_sanctions_are_not():
    arms = fact("arms_supply", "2020-06-01", supplier="AAA", recipient="CCC", against="BBB",
                items="rockets")
    other = sanction(["comprehensive"], "AAA", "CCC")
    c = run(cracks.coercion, dossier(arms, other), "2021-01-01")
    assert c.indicators["arms_supplies_recent"] == 1 and c.indicators["sanctions_in_force"] == 0


def test_an_ongoing_supply_weighs_in_full_and_a_package_fades():
    package = fact("arms_supply", "2015-06-01", supplier="AAA", recipient="CCC", against="BBB",
                   items="one package of rifles")
    ongoing = package.model_copy(update={"ongoing": True})
    day = "2021-01-01"  # five years on: past the memory of a single package
    faded = run(cracks.coercion, dossier(package), day)
    running = run(cracks.coercion, dossier(ongoing), day)
    assert faded.indicators["arms_supplies_recent"] == 0
    assert running.indicators["arms_supplies_recent"] == 1 and running.score < faded.score


# arms_control ────────────────────────────────────────────────────────────────────────────
def treaty(*milestones, category="strategic_arms", inspections=None, start="2000-01-01"):
    return fact("treaty", start, name="Test treaty", category=category, parties=["AAA", "BBB"],
                inspections_allowed_per_year=inspections,
                milestones=[{"date": d, "event": e} for d, e in milestones])


def test_treaty_lifecycle_moves_arms_control():
    t = treaty(("2001-01-01", "in_force"), ("2010-01-01", "inspections_halted"),
               ("2012-01-01", "suspended"), ("2015-01-01", "expired"), inspections=18)
    scores = {day: run(cracks.arms_control, dossier(t), day).score
              for day in ("2000-06-01", "2005-01-01", "2011-01-01", "2013-01-01", "2016-01-01",
                          "2030-01-01")}
    assert scores["2005-01-01"] > scores["2011-01-01"] > scores["2013-01-01"]
    assert scores["2005-01-01"] > scores["2000-06-01"]  # in force beats signed
    assert scores["2016-01-01"] < scores["2030-01-01"]  # a lapse hurts most when recent
    state = t.status_on(dt.date(2011, 1, 1))
    assert (state.status, state.inspections) == ("in_force", "halted")


def test_treaties_with_third_parties_only_do_not_count():
    t = fact("treaty", "2000-01-01", name="Other", category="strategic_arms",
             parties=["AAA", "CCC"], milestones=[{"date": "2001-01-01", "event": "in_force"}])
    c = run(cracks.arms_control, dossier(t), "2005-01-01")
    assert c.indicators["treaties"] == {} and c.status == "closed"
    assert c.door.scenario == "arms-control-restored"


# societal_ties ───────────────────────────────────────────────────────────────────────────
def test_restrictions_close_and_falling_flows_worsen_ties():
    closed = fact("exchange", "2020-01-01", domain="flights", effect="closes")
    base = run(cracks.societal_ties, dossier(), "2021-01-01")
    shut = run(cracks.societal_ties, dossier(closed), "2021-01-01")
    flows = [fact("exchange", f"{y}-01-01", domain="students", effect="measure", value=v,
                  unit="students", year=y) for y, v in ((2015, 5000), (2020, 2500))]
    falling = run(cracks.societal_ties, dossier(*flows), "2021-01-01")
    assert shut.score < base.score and falling.score < base.score
    assert falling.indicators["latest_measures"]
    assert "-50%" in falling.evidence[0].claim


# diplomacy ───────────────────────────────────────────────────────────────────────────────
def test_relations_closed_versus_embassies_and_summits():
    no_relations = fact("channel", "1950-01-01", "1979-01-01", channel="diplomatic_relations",
                        status="closed")
    embassy = fact("channel", "1979-03-01", channel="embassy", status="open")
    summit = fact("channel", "1979-02-01", "1979-02-03", channel="summit", status="held")
    d = dossier(no_relations, embassy, summit)
    before = run(cracks.diplomacy, d, "1969-01-01")
    after = run(cracks.diplomacy, d, "1979-06-01")
    assert before.status == "closed" and after.status == "open"
    assert {e.fact_id for e in after.evidence} == {embassy.id, summit.id}


def test_meetings_of_one_kind_count_as_one_capped_signal():
    """Two summits and two rounds of talks a month apart, and a back channel (USA–CHN 2023–24
    in the shipped dossier has two summits and five talks): each kind adds at most its own full
    weight, and the items still add up to the crack's sum."""
    relations = fact("channel", "1979-01-01", channel="diplomatic_relations", status="open")
    meetings = [fact("channel", f"2024-0{m}-01", f"2024-0{m}-02", channel=kind, status="held")
                for m, kind in enumerate(("summit", "talks", "summit", "talks", "back_channel"), start=1)]
    one = run(cracks.diplomacy, dossier(relations, meetings[2]), "2024-06-01")
    many = run(cracks.diplomacy, dossier(relations, *meetings), "2024-06-01")
    weights = cracks._DIPLOMACY["channel_weight"]
    kind = {m.id: m.channel for m in meetings}
    for k in ("summit", "talks"):
        items = [e for e in many.evidence if kind.get(e.fact_id) == k]
        assert len(items) == 2 and all(e.weight > 0 and "capped" in e.claim for e in items)
        assert sum(e.weight for e in items) == pytest.approx(max(weights[k].values()), abs=1e-3)
    (back,) = [e for e in many.evidence if kind.get(e.fact_id) == "back_channel"]
    assert "capped" not in back.claim  # one of its kind: under the cap
    assert not any("capped" in e.claim for e in one.evidence)
    assert one.score < many.score == pytest.approx(math.tanh(sum(e.weight for e in many.evidence)),
                                                   abs=1e-3)


def test_every_evaluator_returns_a_door_and_question():
    for fn in cracks.EVALUATORS.values():
        c = run(fn, dossier(), "2021-01-01")
        assert c.question and c.door.step and -1 <= c.score <= 1


@pytest.mark.parametrize("name, step", [
    ("Russia's full-scale war against Ukraine", "A ceasefire in Russia's full-scale war against Ukraine"),
    ("UCDP conflict 13243", "A ceasefire in the UCDP conflict 13243"),
])
def test_the_door_out_of_a_war_reads_as_english(name, step):
    war = fact("conflict", "2022-02-24", name=name, form="war", side_a=["AAA"], side_b=["BBB"])
    assert run(cracks.armed_conflict, dossier(war), "2023-01-01").door.step == step
