import pytest

import detente
from detente.assess.scenarios import resolve_scenario, shipped_scenarios
from detente.core.errors import DataError, UsageError

REQUIRED = {"ceasefire", "arms-control-restored", "sanctions-eased", "exchanges-restored"}


def test_required_scenarios_ship():
    assert set(shipped_scenarios()) >= REQUIRED


@pytest.fixture(scope="module")
def usa_rus():
    return detente.assess("USA", "RUS", as_of="2024-06-01", history=False,
                          scenarios=sorted(shipped_scenarios()))


def test_ceasefire_raises_armed_conflict_and_the_outlook(usa_rus):
    s = next(s for s in usa_rus.scenarios if s.name == "ceasefire")
    assert s.delta["cracks"]["armed_conflict"]["score"] > 0
    assert all(v > 0 for v in s.delta["outlook"].values())
    assert s.assessment.crack("armed_conflict").score > usa_rus.crack("armed_conflict").score


@pytest.mark.parametrize("name, crack", [("arms-control-restored", "arms_control"),
                                         ("sanctions-eased", "coercion"),
                                         ("exchanges-restored", "societal_ties"),
                                         ("talks-resumed", "diplomacy")])
def test_each_scenario_opens_its_own_crack(usa_rus, name, crack):
    s = next(s for s in usa_rus.scenarios if s.name == name)
    assert s.delta["cracks"][crack]["score"] > 0
    assert s.assessment.crack(crack).score == pytest.approx(
        usa_rus.crack(crack).score + s.delta["cracks"][crack]["score"], abs=1e-3)


def test_doors_point_to_shipped_scenarios(usa_rus):
    shipped = set(shipped_scenarios())
    for c in usa_rus.cracks:
        assert c.door.scenario is None or c.door.scenario in shipped


def test_a_users_scenario_file(tmp_path):
    path = tmp_path / "embargo.yaml"
    path.write_text("""name: embargo
description: The first side imposes a comprehensive embargo.
steps:
  - add:
      - {id: embargo, kind: sanction, imposer: ["{a}"], target: ["{b}"], scope: [comprehensive],
         summary: "{a} embargoes all trade with {b}."}
""")
    a = detente.assess("USA", "CHN", as_of="1985-01-01", history=False, scenarios=[str(path)])
    assert a.scenarios[0].delta["cracks"]["coercion"]["score"] < 0


def test_unknown_scenario_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown scenario 'peace-now'; shipped: "):
        resolve_scenario("peace-now")


@pytest.mark.parametrize("body, line, field", [
    ("name: x\ndescription: y\nsteps:\n  - explode: {kind: conflict}\n", 4, "steps.0"),
    ("name: x\nsteps: []\n", 1, "description"),
    ("name: x\ndescription: y\nsteps:\n  - add:\n      - {id: a, kind: channel, channel: talks,"
     " status: maybe, summary: Talks of some kind.}\n", None, "status"),
    ("name: x\ndescription: [y\n", 3, None),
])
def test_bad_scenario_files_are_located(tmp_path, body, line, field):
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(DataError) as info:
        detente.assess("USA", "RUS", as_of="2024-06-01", history=False, scenarios=[str(path)])
    assert info.value.file == str(path)
    if line is not None:
        assert info.value.line == line
    if field is not None:
        assert info.value.field.endswith(field)
