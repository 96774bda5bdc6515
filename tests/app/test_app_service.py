"""The dashboard's service layer without a server: cached answers equal detente.assess(), the
timeline is computed once, dossier edits are picked up, uploads are checked, URLs round-trip."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

import detente
from app_fixtures import SCENARIO
from conftest import TODAY
from detente.app.server import is_loopback
from detente.app.service import Service
from detente.app.uploads import MAX_UPLOAD_BYTES, UploadStore, UploadTooLarge, check_filename
from detente.app.view import View, read_view
from detente.core.errors import DataError, UsageError
from detente.dossier.load import FACTS_ROOT

pytestmark = pytest.mark.slow  # real processes and servers: run by scripts/test


@pytest.fixture
def service(tmp_path):
    return Service(UploadStore(tmp_path / "uploads"), today=lambda: TODAY)


def test_answers_equal_the_python_api(service):
    day = dt.date(1988, 6, 1)
    got = service.assess("USA", "RUS", day, ["ceasefire"])
    want = detente.assess("USA", "RUS", as_of=day, scenarios=["ceasefire"], history=False)
    assert got.cracks == want.cracks and got.outlook == want.outlook
    assert got.scenarios == want.scenarios and got.treaties == want.treaties


def test_the_timeline_is_computed_once_and_cut_at_the_as_of_date(service):
    first = service.timeline("USA", "RUS")
    assert service.timeline("United States", "Russia") is first
    assert first == detente.assess("USA", "RUS", as_of=TODAY).history
    a = service.assess("USA", "RUS", dt.date(1990, 3, 1))
    assert a.history[:-1] == [r for r in first if r["date"] < "1990-03-01"]
    assert a.history[-1] == {"date": "1990-03-01", **{c.id: c.score for c in a.cracks}}
    assert service.timeline("USA", "RUS") is first


def test_a_pair_with_a_former_state_has_a_timeline_to_the_day_it_ended(service):
    """East Germany ended on 2 October 1990: the timeline stops there instead of asking for
    today, when the state no longer exists (the dashboard answered 400 for every date)."""
    rows = service.timeline("DDR", "PRY")
    assert rows[-1]["date"] == "1990-10-02" and rows[0]["date"] < "1960"
    a = service.assess("DDR", "PRY", dt.date(1957, 10, 15))
    assert a.history[-1]["date"] == "1957-10-15" and a.history[:-1] == [
        r for r in rows if r["date"] < "1957-10-15"]


def test_repeated_views_come_from_the_cache(service):
    day = dt.date(2000, 1, 1)
    assert service.assess("USA", "CHN", day) is service.assess("USA", "CHN", day)
    assert service.assess("USA", "CHN", day) is not service.assess("USA", "CHN", day, ["ceasefire"])


def test_an_edited_dossier_is_reloaded(service, tmp_path, monkeypatch):
    root = tmp_path / "dossiers"
    shutil.copytree(FACTS_ROOT / "EGY-ISR", root / "EGY-ISR")
    monkeypatch.setenv("DETENTE_DOSSIER", str(root))
    day = dt.date(1980, 1, 1)
    before = service.assess("EGY", "ISR", day)
    extra = root / "EGY-ISR" / "extra.yaml"
    extra.write_text("""- id: extra-summit
  kind: channel
  channel: summit
  status: held
  parties: [EGY, ISR]
  valid_from: 1979-12-01
  valid_to: 1979-12-02
  summary: An extra summit added while the server runs.
  source: {title: Test page, publisher: Test, date: 2020-01-01, url: 'https://example.org/'}
""")
    after = service.assess("EGY", "ISR", day)
    assert after.dossier["facts"] == before.dossier["facts"] + 1
    assert after.crack("diplomacy").score > before.crack("diplomacy").score


def test_an_upload_is_kept_by_content_and_usable_by_reference(service):
    ref, sc = service.uploads.save("summit.yaml", SCENARIO, TODAY)
    assert ref.startswith("upload:") and sc.name == "summit-now"
    assert service.uploads.save("again.yaml", SCENARIO, TODAY)[0] == ref
    a = service.assess("USA", "RUS", dt.date(2024, 1, 1), [ref])
    assert a.scenarios[0].name == "summit-now" and a.scenarios[0].delta["overall"] > 0


def test_only_the_most_recently_used_uploads_are_kept(tmp_path):
    store = UploadStore(tmp_path / "uploads", keep=2)
    refs = []
    for n, name in enumerate(("first", "second")):
        refs.append(store.save(f"{name}.yaml", SCENARIO.replace(b"summit-now", name.encode()),
                               TODAY)[0])
        path = store.folder / f"{refs[-1].split(':')[1]}.yaml"
        os.utime(path, (1_000_000 + n, 1_000_000 + n))  # saved long ago, in this order
    assert store.load(refs[0]).name == "first"  # used again: now the most recent
    third, _ = store.save("third.yaml", SCENARIO.replace(b"summit-now", b"third"), TODAY)
    assert sorted(p.stem for p in store.folder.glob("*.yaml")) == sorted(
        r.split(":")[1] for r in (refs[0], third))
    with pytest.raises(UsageError, match="upload it again"):
        store.load(refs[1])


def test_an_invalid_upload_names_the_file_line_and_field(service):
    bad = SCENARIO.replace(b"status: held", b"status: sometimes")
    with pytest.raises(DataError) as err:
        service.uploads.save("mine.yaml", bad, TODAY)
    assert err.value.file == "mine.yaml" and err.value.line is not None
    assert "status" in str(err.value)
    assert list(service.uploads.folder.iterdir()) == []


@pytest.mark.parametrize("name", ["../evil.yaml", "..\\evil.yaml", "/etc/evil.yaml",
                                  "a/b.yaml", "evil.txt", "evil.yaml\x00.txt", "..yaml",
                                  ".hidden.yaml", ""])
def test_upload_names_with_paths_are_refused(service, tmp_path, name):
    with pytest.raises(UsageError):
        check_filename(name)
    with pytest.raises(UsageError):
        service.uploads.save(name, SCENARIO, TODAY)
    assert not (tmp_path / "evil.yaml").exists()


def test_oversized_uploads_are_refused(service):
    big = SCENARIO + b"#" * MAX_UPLOAD_BYTES
    with pytest.raises(UploadTooLarge):
        service.uploads.save("big.yaml", big, TODAY)


@pytest.mark.parametrize("ref", ["../../etc/passwd", "/etc/passwd.yaml",
                                 "src/detente/scenarios/ceasefire.yaml", "upload:../../x",
                                 "upload:0123", "upload:0123456789abcdef"])
def test_views_name_scenarios_by_reference_only(service, ref):
    with pytest.raises(UsageError):
        service.assess("USA", "RUS", dt.date(2020, 1, 1), [ref])


@pytest.mark.parametrize("ref", ["grit:USA:../x", "grit:CHN:3", "grit:USA:99"])
def test_grit_references_are_checked(service, ref):
    with pytest.raises(UsageError, match="grit:<country>:<n>"):
        service.assess("USA", "RUS", dt.date(2020, 1, 1), [ref])


def test_a_grit_reference_runs_the_simulation(service):
    got = service.assess("USA", "RUS", dt.date(2020, 1, 1), ["grit:RUS:2"])
    sim = got.scenarios[0].simulation
    assert got.scenarios[0].name == "grit:RUS:2" and sim["initiator"] == "RUS" and sim["steps"] == 2


def test_a_view_round_trips_through_its_url():
    view = View("USA", "RUS", dt.date(1979, 6, 1), ("ceasefire", "upload:0123456789abcdef"),
                "EGY", "ISR")
    url = urlsplit(view.url())
    q = parse_qs(url.query)
    again = read_view({k: v[0] for k, v in q.items()}, q["scenario"], TODAY,
                      compare=url.path == "/compare")
    assert again == view
    off = urlsplit(view.toggled("ceasefire"))
    assert parse_qs(off.query)["scenario"] == ["upload:0123456789abcdef"]


def test_a_bad_date_in_the_url_is_a_usage_error():
    with pytest.raises(UsageError, match="not a date"):
        read_view({"as_of": "1979-13-01"}, [], TODAY)


@pytest.mark.parametrize(("host", "local"), [("127.0.0.1", True), ("localhost", True),
                                             ("::1", True), ("127.0.0.2", True),
                                             ("0.0.0.0", False), ("192.168.1.5", False),
                                             ("example.org", False)])
def test_only_loopback_hosts_count_as_local(host, local):
    assert is_loopback(host) is local


def test_each_verdict_has_its_validation_line(service):
    from detente.app.validation import validation_line

    a = service.assess("USA", "RUS", dt.date(1988, 6, 1))
    esc = a.dynamics.escalation
    v = esc.validation
    assert esc.verdict is not None and v is not None
    line = validation_line(esc)
    assert line.startswith(f"{v.score} vs {v.cases}: AUC {v.auc:.2f} [{v.low:.2f}–{v.high:.2f}], n={v.n}")
    assert line.endswith("separates its cases" if v.low > 0.5 else "descriptive only")
    # a descriptive score says so
    weak = esc.model_copy(update={"validation": v.model_copy(update={"low": 0.41, "high": 0.57})})
    assert validation_line(weak).endswith("descriptive only")
    for f in (a.dynamics.reciprocity, a.dynamics.ripeness):
        assert (validation_line(f) is None) == (f.verdict is None)
