"""Any pair, any date: the cracks read the datasets, say `unknown` where nothing is known, and
count a dossier fact and a dataset record of the same thing once. Real data (the mirror)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import TODAY
from detente.assess.engine import assess
from detente.assess.providers.merge import merge, same
from factories import fact


def _run(a: str, b: str, day: str):
    return assess(a, b, as_of=dt.date.fromisoformat(day), today=TODAY, history=False)


@pytest.mark.parametrize("a, b, day, war", [
    ("IND", "PAK", "1971-12-10", "COW Inter-State War"),
    ("GBR", "ARG", "1982-05-15", "UCDP"),
    ("USA", "IRQ", "2003-04-01", "UCDP"),
])
def test_a_war_closes_armed_conflict_with_the_war_named_and_sourced(a, b, day, war):
    result = _run(a, b, day)
    crack = result.crack("armed_conflict")
    assert crack.status == "closed"
    weighed = [e for e in crack.evidence if e.weight < 0 and e.fact_id]
    assert weighed, "no conflict record weighs on the crack"
    assert any(e.provider == "conflicts" and e.source and e.source.kind == "dataset"
               for e in weighed)
    named = " ".join(e.claim for e in crack.evidence)
    assert war in named


def test_a_pair_at_peace_reads_open_and_arms_control_is_not_applicable():
    result = _run("FRA", "DEU", "2005-06-01")
    assert result.crack("armed_conflict").status == "open"
    arms = result.crack("arms_control")
    assert arms.status == "unknown" and arms.score is None
    assert any("not applicable" in note for note in arms.coverage)


def test_unknown_cracks_are_left_out_of_the_overall_and_named_in_the_headline():
    result = _run("FRA", "DEU", "2005-06-01")
    known = [c for c in result.cracks if c.status != "unknown"]
    assert 0 < len(known) < 6
    assert result.overall == pytest.approx(sum(c.score for c in known) / len(known), abs=1e-3)
    assert f"{len(known)} of 6 cracks known" in result.headline
    for c in result.cracks:
        if c.status == "unknown":
            assert c.score is None and c.trend == "unknown"
        else:
            assert c.evidence, f"{c.id} is {c.status} without evidence"


def test_the_json_contract_says_unknown_with_a_null_score():
    doc = _run("FRA", "DEU", "2005-06-01").model_dump(mode="json")
    unknown = [c for c in doc["cracks"] if c["status"] == "unknown"]
    assert unknown and all(c["score"] is None for c in unknown)


def test_a_war_and_its_other_records_count_once():
    crack = _run("IND", "PAK", "1971-12-10").crack("armed_conflict")
    twins = [e for e in crack.evidence if e.same_as]
    assert twins and all(e.weight == 0 for e in twins)
    kept = {e.fact_id for e in crack.evidence if e.weight != 0 and e.fact_id}
    assert {e.same_as for e in twins} <= kept | {e.same_as for e in twins}


def test_a_war_the_records_carry_into_the_next_year_is_under_way_on_31_december():
    # UCDP conflict 324 and COW-MID 2115: the Iran–Iraq war ran from 1980 to August 1988; on
    # 31 December 1985 it is under way, not "ended on 31 Dec 1985" because the records are yearly
    crack = _run("IRN", "IRQ", "1985-12-31").crack("armed_conflict")
    weighed = [e.claim for e in crack.evidence if e.weight < 0]
    assert any("under way" in c for c in weighed), weighed
    assert not any("ended on 31 Dec 1985" in c for c in weighed)
    assert crack.indicators["active_conflicts"] >= 1
    after = _run("IRN", "IRQ", "1989-12-31").crack("armed_conflict")
    assert after.indicators["active_conflicts"] == 0 and after.score > crack.score


def test_a_dispute_coded_by_month_runs_to_the_latest_day_its_record_allows():
    # COW-MID 1074 (Goa): begun in August 1961 (day not coded), 125 days long. Counted from
    # 1 August it ended on 4 December, two weeks before India took Goa (18 December)
    crack = _run("IND", "PRT", "1961-12-18").crack("armed_conflict")
    assert crack.status == "closed"
    assert any("1074" in (e.record or e.claim) and e.weight < 0 and "under way" in e.claim
               for e in crack.evidence), [e.claim for e in crack.evidence]
    assert _run("IND", "PRT", "1963-12-31").crack("armed_conflict").score > crack.score


def test_a_short_dispute_in_the_data_s_last_year_ends_when_its_record_says():
    # COW-MID 4696: a South Korean attack on a Chinese fishing boat, October 2014, one day long,
    # in COW-MID's last coded year. It ended that autumn; on 31 Dec 2014 it is not under way
    crack = _run("CHN", "KOR", "2014-12-31").crack("armed_conflict")
    item = next(e for e in crack.evidence if "4696" in (e.record or e.claim))
    assert "under way" not in item.claim and item.weight < 0, item.claim
    assert crack.status != "closed"
    during = _run("CHN", "KOR", "2014-10-15").crack("armed_conflict")
    assert during.status == "closed" and during.score < crack.score


def test_records_that_weigh_nothing_on_the_day_leave_a_crack_unknown():
    # On 31 Dec 2025 no sanctions dataset covers India–United States (GSDB ends in 2022); the
    # only coercion record left is a SIPRI supply to China of the 1980s: shown, but it does not
    # make the crack known at 0.00
    crack = _run("IND", "USA", "2025-12-31").crack("coercion")
    assert crack.status == "unknown" and crack.score is None
    assert [e.weight for e in crack.evidence] == [0.0] and "SIPRI" in crack.evidence[0].claim
    assert any("GSDB" in note for note in crack.coverage)
    assert _run("IND", "USA", "2020-12-31").crack("coercion").status == "open"
    # China–France: the EU's arms embargo (GSDB case 431) is ongoing when GSDB ends, so it
    # keeps weighing after 2022
    assert _run("CHN", "FRA", "2025-12-31").crack("coercion").status != "unknown"


def test_a_state_that_joined_a_dispute_is_not_at_war_with_every_opponent():
    # COW-MID 611 (Vietnam): the United States waged war (hostility 5); the Soviet Union joined
    # with a threat (2). The pair's level is the joiner's, so USA–USSR reads no war in 1964
    from detente.assess.providers.base import Pair
    from detente.assess.providers.conflicts import derive
    from detente.core.countries import resolve

    day = dt.date(1964, 12, 31)
    out = derive(Pair.on(resolve("USA"), resolve("RUS"), day), day)
    assert not [f for f in out.facts if "611" in f.name]
    threats = [e.claim for e in out.items.get("coercion", []) if "dispute 611" in e.claim]
    assert threats and "threat to use force" in threats[0]
    war = derive(Pair.on(resolve("USA"), resolve(816), day), day)
    assert [f.form for f in war.facts if "611" in f.name] == ["war"]


def test_a_state_that_joined_a_dispute_late_is_in_it_from_the_day_it_joined():
    # COW-MID 3957 (Gulf war) begins in May 1990 (COW) or on 26 June (GML); the United States
    # joined on 24 July 1990 (GML participant record). Before that day the pair is not at war
    before = _run("USA", "IRQ", "1990-07-20").crack("armed_conflict")
    assert not [e for e in before.evidence if "3957" in (e.record or e.claim)]
    assert before.status != "closed"
    during = _run("USA", "IRQ", "1990-07-24").crack("armed_conflict")
    item = next(e for e in during.evidence if "3957" in (e.record or e.claim))
    assert "under way since 24 Jul 1990" in item.claim and during.status == "closed", item.claim
    # Iraq and Kuwait began it: from 26 June (GML), not from COW's 1 May
    assert not [e for e in _run("KWT", "IRQ", "1990-06-20").crack("armed_conflict").evidence
                if "3957" in (e.record or e.claim)]
    kuwait = _run("KWT", "IRQ", "1990-06-27").crack("armed_conflict")
    assert any("3957" in (e.record or e.claim) for e in kuwait.evidence)


def test_a_war_coded_by_year_takes_its_days_from_the_pair_s_mid_of_war():
    # COW war 139 (the Second World War) codes USA–Japan by year, 1941–1945; the pair's MID of
    # war (GML dispute 258, both states 'begin interstate war') runs 7 Dec 1941 to 14 Aug 1945
    def war(day: str):
        crack = _run("USA", "JPN", day).crack("armed_conflict")
        return next((e.claim for e in crack.evidence if "war 139" in e.claim), None)

    assert war("1941-12-01") is None
    assert "under way since 7 Dec 1941" in war("1941-12-08")
    assert "ended on 14 Aug 1945" in war("1945-09-02")


def test_matching_is_by_kind_sides_and_overlapping_dates():
    war = fact("conflict", "1971-12-03", "1971-12-16", name="War", form="war",
               side_a=["IND"], side_b=["PAK"])
    record = fact("conflict", "1971-01-01", "1971-12-31", name="Record", form="war",
                  side_a=["PAK"], side_b=["IND"], precision="year")
    later = fact("conflict", "1975-01-01", "1975-12-31", name="Later", form="armed_clash",
                 side_a=["PAK"], side_b=["IND"], precision="year")
    allies = fact("conflict", "1971-01-01", "1971-12-31", name="Allies", form="war",
                  side_a=["PAK", "IND"], side_b=["BGD"], precision="year")
    assert same(record, war, "IND", "PAK")
    assert not same(later, war, "IND", "PAK")
    assert not same(allies, war, "IND", "PAK")
    kept, dups = merge([war], [record, later], "IND", "PAK")
    assert [f.id for f in kept] == [war.id, later.id]
    assert [(d.fact.id, d.kept.id) for d in dups] == [(record.id, war.id)]


def test_two_cases_of_a_sanctions_dataset_are_two_sanctions():
    # GSDB: the United States' financial sanctions on Iraq (1990–2003) and its travel ban (from
    # 1997) are two cases; both weigh, neither is the other's duplicate
    crack = _run("USA", "IRQ", "2003-04-01").crack("coercion")
    weighed = [e.claim for e in crack.evidence if e.weight < 0 and "sanctions on IRQ" in e.claim]
    assert any("financial" in c for c in weighed) and any("travel" in c for c in weighed)
    assert crack.indicators["sanctions_in_force"] == 2


def test_a_sanction_of_the_eu_is_a_sanction_of_each_member_state():
    # GSDB names the EEC as the sender of the arms embargo on China after Tiananmen (case 359,
    # 1989-1992): France applied it as a member, so coercion between them worsens in 1989
    before = _run("FRA", "CHN", "1988-12-31").crack("coercion")
    after = _run("FRA", "CHN", "1990-06-01").crack("coercion")
    weighed = [e for e in after.evidence if e.weight < 0 and e.record == "359"]
    assert weighed and weighed[0].claim.startswith("FRA (as a member of the EEC) sanctions on CHN")
    assert before.indicators["sanctions_in_force"] == 0 and after.indicators["sanctions_in_force"] == 1
    assert after.score < before.score


def test_arms_a_dataset_records_as_still_delivered_weigh_in_full():
    # SIPRI: the United States delivered major arms to Iraq's adversaries through 2003; the
    # supply runs on the day, so it weighs (an open end in a dataset is not a one-off delivery)
    crack = _run("USA", "IRQ", "2003-04-01").crack("coercion")
    arms = [e for e in crack.evidence if e.claim.startswith("USA arms") and e.weight < 0]
    assert len(arms) == 1 and crack.indicators["arms_supplies_recent"] == 1
    twins = [e for e in crack.evidence if e.same_as and "SIPRI" in e.claim]
    assert twins and {e.same_as for e in twins} == {arms[0].fact_id}


def test_arms_an_ally_sells_to_the_other_s_rival_are_not_pressure():
    # SIPRI: Germany delivered major arms to China, a TSS rival of the United States, in 2005;
    # the two are NATO allies (ATOP defence pact), so it is trade, not coercion
    from detente.assess.providers.coercion import _supplies_to_foes, allied_years

    assert (710, 2005) in _supplies_to_foes(255, 2, (2, 255)) and allied_years(2, 255)(2005)
    crack = _run("USA", "DEU", "2006-06-01").crack("coercion")
    assert not [e for e in crack.evidence if "arms" in e.claim and e.weight != 0]
    assert crack.status == "open"


def test_states_that_no_longer_exist_can_be_asked():
    result = _run("DEU", "DDR", "1972-12-21")
    assert result.names == ["West Germany", "German Democratic Republic"] or \
        result.names[1] == "German Democratic Republic"
    assert sum(c.status != "unknown" for c in result.cracks) >= 2


def test_a_state_only_gleditsch_ward_counts_on_the_day_is_assessed_and_says_so():
    """Japan under occupation (COW: out from 15 Aug 1945 to 27 Apr 1952; GW: throughout): the San
    Francisco treaty day can be asked, and the result says the COW-coded datasets cannot speak."""
    occupied = _run("USA", "JPN", "1951-09-08")
    assert [w for w in occupied.warnings if w.startswith("Japan is not in the COW state list on 1951-09-08")]
    assert not [w for w in _run("USA", "JPN", "1960-01-19").warnings if "COW state list" in w]


def test_a_date_when_a_state_did_not_exist_is_a_clear_error():
    from detente.core.errors import UsageError

    with pytest.raises(UsageError, match="German Democratic Republic existed"):
        _run("DEU", "DDR", "2000-01-01")


def test_a_pax_agreement_weighs_as_talks_then_stops_being_read():
    """PA-X 531 (Shanghai agreement on confidence building, 26 April 1996) and PA-X 1742 (the
    Sino-Russian joint declaration of the day before): talks in 1996, nothing to say in 2010."""
    from detente.assess.providers.agreements import memory

    fresh = _run("CHN", "RUS", "1996-12-31").crack("negotiation")
    talks = [e for e in fresh.evidence if e.provider == "agreements" and "PA-X agreement 531" in e.claim]
    assert talks and talks[0].weight > 0 and fresh.status != "unknown"
    assert any("PA-X agreement 1742" in e.claim and "Counted once" in e.claim for e in fresh.evidence)
    later = dt.date(1996, 4, 26) + memory() + dt.timedelta(days=1)
    for day in (later.isoformat(), "2010-12-31"):
        crack = _run("CHN", "RUS", day).crack("negotiation")
        assert not any("PA-X" in e.claim for e in crack.evidence), day
        assert crack.status == "unknown" and crack.score is None, day


def test_un_votes_of_the_last_estimated_year_are_read_after_it():
    """The ideal-point file runs to 2024 but its all-votes estimate stops in 2023 (NA for every
    state in 2024): the end of 2024 reads the 2023 votes, not nothing."""
    crack = _run("CHN", "JPN", "2024-12-31").crack("diplomacy")
    votes = [e for e in crack.evidence if e.provider == "alignment" and "UN General Assembly" in e.claim]
    assert votes and votes[0].claim.startswith("UN General Assembly votes 2023:")
    assert crack.status != "unknown"


def test_an_alliance_in_force_when_atop_ends_is_read_as_in_force_after():
    """ATOP ends in 2018; NATO did not. In 2025 the pledge still weighs, flagged as the last
    year on record, as a war active when its data end keeps weighing."""
    crack = _run("USA", "GBR", "2025-06-01").crack("diplomacy")
    (pact,) = [e for e in crack.evidence if e.provider == "alignment" and e.claim.startswith("ATOP")]
    assert pact.claim.startswith("ATOP 2018: they are allied (defence pact")
    assert "in force when the data end (2018)" in pact.claim and pact.weight > 0


def test_trade_and_its_baseline_end_together_three_full_years_after_the_data():
    """COW trade ends in 2014. Mid-2018 the last full year is 2017, three after: the 2014 figures
    and the rule's baseline both count. On 31 December 2018 neither does (before, the figures
    still weighed there without the baseline: CHN–PAK read +0.52, then +0.27, then unknown)."""
    inside = _run("CHN", "PAK", "2018-06-01").crack("societal_ties")
    claims = [e.claim for e in inside.evidence]
    assert any(c.startswith("COW dyadic trade 2014") for c in claims)
    assert any(c.startswith("Baseline of the societal_ties rule") for c in claims)
    after = _run("CHN", "PAK", "2018-12-31").crack("societal_ties")
    assert after.status == "unknown" and after.score is None


def test_negotiation_reads_the_weis_talks_agreements_and_rejections():
    """WEIS out of the box: 1972 (SALT I and the Moscow summit) reads the talks and agreements
    as an open door; 1983 (talks broken off) about as many rejections as talks."""
    def item(day: str):
        crack = _run("USA", "RUS", day).crack("negotiation")
        (e,) = [e for e in crack.evidence if e.episode == "events-negotiation"]
        return e

    salt, walkout = item("1972-12-31"), item("1983-12-31")
    assert "Event data (WEIS)" in salt.claim and "agreements" in salt.claim
    assert salt.weight > 0.5 > walkout.weight


def _alignment(a: str, b: str, day: str, start: str) -> list:
    crack = _run(a, b, day).crack("diplomacy")
    return [e for e in crack.evidence if e.provider == "alignment" and e.claim.startswith(start)]


def test_a_strategic_rivalry_weighs_on_diplomacy_while_it_runs():
    """TSS codes China and the USSR as strategic rivals 1958–1989: the rivalry weighs in 1975, not
    in 1995; the Sino-Soviet alliance of 1950, still in ATOP in 1975, no longer speaks alone."""
    (rivalry,) = _alignment("CHN", "RUS", "1975-12-31", "TSS strategic rivalry")
    assert rivalry.record == "TSS rivalry 128" and rivalry.weight < 0
    assert "China-USSR since 1958" in rivalry.claim and rivalry.source.url
    assert not _alignment("CHN", "RUS", "1995-12-31", "TSS strategic rivalry")


def test_a_rivalry_running_when_the_data_end_is_read_as_running_after():
    """TSS stops in 2020; the China–US rivalry (since 1996) still weighs in 2025, flagged."""
    (rivalry,) = _alignment("USA", "CHN", "2025-06-01", "TSS strategic rivalry")
    assert "running when the data end (2020)" in rivalry.claim


def test_a_defence_pact_with_the_other_s_rival_weighs_on_diplomacy():
    """Japan's pact with the United States, China's rival until 1972, weighs against China–Japan
    in 1965 and no longer in 1980; two states in one pact (Egypt and Libya, 1995) are not read as
    aligned against each other through the other members."""
    (pact,) = _alignment("CHN", "JPN", "1965-12-31", "ATOP 1965: JPN holds a defence pact with USA")
    assert pact.weight < 0
    assert not _alignment("CHN", "JPN", "1980-12-31", "ATOP 1980: JPN holds")
    crack = _run("EGY", "LBY", "1995-06-01").crack("diplomacy")
    assert not [e for e in crack.evidence if "holds a defence pact with" in e.claim]


def test_a_crack_read_by_several_providers_says_what_they_sum_to():
    """China–USSR in 1975: the rivalry (datasets) and the WEIS events both read `diplomacy`; the
    explanation ends with the sum of every item and the score it reads, not one provider's net."""
    crack = _run("CHN", "RUS", "1975-12-31").crack("diplomacy")
    assert f"the crack sums to {crack.indicators['raw']:+.2f}, which reads {crack.score:+.2f}." \
        in crack.explanation
    assert "alignment" in crack.explanation and len(crack.evidence) >= 2


def test_a_territory_outside_the_state_system_is_not_vouched_for():
    """Macau in 1994 has no COW code: no conflict or sanctions dataset codes it, so their silence
    is not peace. `armed_conflict` and `coercion` are unknown, not open on the rule's baseline;
    Namibia with Angola, both coded, reads them as known."""
    territory = _run("MAC", "NAM", "1994-10-15")
    for crack_id in ("armed_conflict", "coercion"):
        crack = territory.crack(crack_id)
        assert crack.status == "unknown" and crack.score is None
        assert "Macau is not in the COW state system" in crack.explanation
    states = _run("AGO", "NAM", "1994-10-15")
    assert states.crack("armed_conflict").status != "unknown"
    assert states.crack("coercion").status != "unknown"
