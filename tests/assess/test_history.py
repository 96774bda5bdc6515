"""History reads right from the dossier alone, with no special cases in the code."""

import shutil

import pytest
import yaml

import detente
from detente.dossier.load import FACTS_ROOT


def score(a, b, day, crack):
    return detente.assess(a, b, as_of=day, history=False).crack(crack).score


@pytest.mark.parametrize("treaty_day", ["1988-06-01", "2011-06-01"])
@pytest.mark.parametrize("bad_day", ["1984-01-01", "2024-01-01"])
def test_usa_rus_arms_control_peaks_with_inf_and_new_start(treaty_day, bad_day):
    assert score("USA", "RUS", treaty_day, "arms_control") > score("USA", "RUS", bad_day,
                                                                   "arms_control")


def test_usa_rus_armed_conflict_worse_in_2023_than_2010():
    assert score("USA", "RUS", "2023-06-01", "armed_conflict") < \
        score("USA", "RUS", "2010-06-01", "armed_conflict")


def test_usa_chn_better_after_normalisation():
    before = detente.assess("USA", "CHN", as_of="1969-01-01", history=False)
    after = detente.assess("USA", "CHN", as_of="1979-06-01", history=False)
    assert after.overall > before.overall
    assert after.crack("diplomacy").score > before.crack("diplomacy").score


def test_egy_isr_peace_treaty_opens_arms_control_and_armed_conflict():
    war = detente.assess("EGY", "ISR", as_of="1973-10-15", history=False)
    peace = detente.assess("EGY", "ISR", as_of="1982-06-01", history=False)
    assert peace.crack("arms_control").score > war.crack("arms_control").score
    assert peace.crack("armed_conflict").score > war.crack("armed_conflict").score
    assert peace.overall > war.overall


def test_usa_rus_json_contract():
    a = detente.assess("USA", "RUS", as_of="2026-11-24", history=False)
    assert [c.id for c in a.cracks] == ["armed_conflict", "negotiation", "coercion",
                                        "arms_control", "societal_ties", "diplomacy"]
    for c in a.cracks:
        sourced = [e for e in c.evidence if e.source is not None]
        assert len(sourced) >= 2, c.id
        assert c.door.step
    assert a.bridges, "cooperation facts still alive are bridges"


def test_the_order_of_the_pair_does_not_matter():
    ab = detente.assess("USA", "RUS", as_of="2024-01-01", history=False)
    ba = detente.assess("RUS", "USA", as_of="2024-01-01", history=False)
    assert [c.score for c in ab.cracks] == [c.score for c in ba.cracks]


def test_changing_a_fact_moves_the_conclusion(tmp_path, monkeypatch):
    """Nothing is hard-coded: end the Ukraine war in a copy of the dossier and the
    armed_conflict crack moves."""
    copy = tmp_path / "USA-RUS"
    shutil.copytree(FACTS_ROOT / "USA-RUS", copy)
    path = copy / "conflicts.yaml"
    facts = yaml.safe_load(path.read_text())
    wars = [f for f in facts if f.get("form") == "war" and f.get("valid_to") is None
            and "USA" in f.get("supporters_b", []) + f.get("supporters_a", [])]
    assert wars
    for f in wars:
        f["valid_to"] = "2023-01-01"
    path.write_text(yaml.safe_dump(facts, sort_keys=False))
    before = score("USA", "RUS", "2024-01-01", "armed_conflict")
    monkeypatch.setenv("DETENTE_DOSSIER", str(tmp_path))
    after = score("USA", "RUS", "2024-01-01", "armed_conflict")
    assert after > before


def test_history_rows_are_as_of_each_year():
    a = detente.assess("EGY", "ISR", as_of="1982-06-01")
    years = [row["date"][:4] for row in a.history]
    assert years[0] == "1948" and years[-1] == "1982" and len(years) == 35
    row_1975 = next(r for r in a.history if r["date"].startswith("1975"))
    past = detente.assess("EGY", "ISR", as_of=row_1975["date"], history=False)
    assert row_1975["arms_control"] == past.crack("arms_control").score
