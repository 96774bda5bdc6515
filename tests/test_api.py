import datetime as dt

import detente
from detente.assess.result import Assessment


def test_assess_returns_a_typed_assessment_with_frames():
    a = detente.assess("United States", "Soviet Union", as_of=dt.date(1988, 6, 1),
                       scenarios=["talks-resumed"], history=False)
    assert isinstance(a, Assessment)
    assert a.names == ["United States", "Soviet Union"] and a.dyad == ["USA", "RUS"]
    frame = a.to_frame()
    assert list(frame["crack"]) == [c.id for c in a.cracks] and len(frame) == 6
    ev = a.evidence_frame()
    assert len(ev) == sum(len(c.evidence) for c in a.cracks)
    # every item has a source, or (dynamics) the command that reruns its computation, or (a
    # rule's baseline) the rules table it comes from
    computed = ev["computation"].fillna("")
    assert (ev["source_url"].notna() | computed.str.startswith("detente models")
            | computed.str.contains("rules.toml")).all()
    assert ev["computation"].notna().any()
    again = Assessment.model_validate_json(a.model_dump_json())
    assert again == a


def test_dossier_api_cuts_by_date():
    whole = detente.dossier("EGY", "ISR")
    early = detente.dossier("EGY", "ISR", as_of="1967-01-01")
    assert 0 < len(early) < len(whole)
    assert early.to_frame()["valid_from"].max() <= dt.date(1967, 1, 1)


def test_a_pair_without_dossier_still_runs_and_warns():
    a = detente.assess("BRA", "ARG", as_of="2000-01-01", history=False)
    assert len(a.cracks) == 6 and any("No dossier" in w for w in a.warnings)
