"""The dashboard's HTTP surface, fuzzed through the real ASGI app (its test client, no mocks):
query parameters of the API and the pages (pair codes, dates, scenario references) and scenario
uploads (file names, contents, raw bodies). Every answer is a result or a 4xx with a one-line
JSON message (HTML for the pages) — never a 5xx — and a refused upload leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from fuzzing import bounded_memory
from hypothesis import example, given
from hypothesis import strategies as st
from yaml_cases import HOSTILE, SCENARIO_DOCUMENTS, SCENARIOS, damaged_text, dump, with_aliases

from app_fixtures import SCENARIO, multipart
from conftest import TODAY
from detente.app.server import create_app
from detente.app.uploads import MAX_UPLOAD_BYTES
from detente.core.countries import resolve
from detente.core.errors import DetenteError
from detente.dossier.load import load_dossier

STATES = ["USA", "RUS", "CHN", "United States", "365", "russia", "FRA", "GBR"]
HOSTILE_TEXT = st.one_of(
    st.sampled_from(["", " ", "XX", "Atlantis", "../../etc/passwd", "%00", "\x00", "USA\x00",
                     "<script>alert(1)</script>", "' OR 1=1 --", "ÜSA", "usa" * 2000, "9" * 40,
                     "-1", "0", "None", "null", "upload:", "grit:", "{a}"]),
    st.text(max_size=30),
)
BAD_DATES = st.one_of(
    st.sampled_from(["soon", "2020-13-01", "2020-02-30", "0000-00-00", "0001-01-01", "1815-12-31",
                     "2999-01-01", "9999-12-31", "20200101", "2020-1-1", "-2020-01-01", "1e9", " ",
                     "2020-01-01T00:00:00", "2020-01-01\x00"]),
    st.dates(dt.date(1, 1, 1), dt.date(1815, 12, 31)).map(str),
    st.dates(TODAY + dt.timedelta(days=1)).map(str),
    st.text(max_size=12),
)
# Refused whatever the pair: not a date, before 1816 (the COW list) or after today. (Free text
# may be a date pydantic accepts, even a number of seconds: only for pairs refused anyway.)
SURE_BAD_DATES = st.one_of(
    st.sampled_from(["soon", "2020-13-01", "2020-02-30", "0000-00-00", "2999-01-01", "x" * 30]),
    st.dates(dt.date(1, 1, 1), dt.date(1815, 12, 31)).map(str),
    st.dates(TODAY + dt.timedelta(days=1)).map(str),
)
SCENARIO_REFS = st.one_of(
    st.sampled_from(["ceasefire", "talks-resumed", "grit:USA:3", "grit:XXX:1", "grit:USA:99999999",
                     "grit:USA:-1", "grit::", "upload:0123456789abcdef", "upload:../../x",
                     "/etc/passwd", "ceasefire.yaml", "../scenarios/ceasefire.yaml"]),
    HOSTILE_TEXT,
)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    uploads = tmp_path_factory.mktemp("uploads")
    app = create_app(uploads=uploads, today=lambda: TODAY)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        c.uploads = uploads
        yield c


@pytest.fixture(scope="module")
def usa_rus():
    return load_dossier("USA", "RUS", today=TODAY)


def check_json_answer(reply) -> None:
    """A result, or a 4xx whose JSON `detail` is one line of text."""
    assert reply.status_code < 500, reply.text[:500]
    assert reply.headers["content-type"].startswith("application/json")
    if reply.status_code >= 400:
        detail = reply.json()["detail"]
        assert isinstance(detail, str) and detail and "\n" not in detail.strip(), detail
        assert "Traceback" not in detail


def _state(text: object) -> bool:
    """Does the text name a state (random text may: "lk" is Sri Lanka)?"""
    try:
        resolve(str(text))
    except DetenteError:
        return False
    return True


@st.composite
def refused_queries(draw) -> dict[str, object]:
    """Query parameters of which at least one (a state or the date) cannot be answered, so the
    app refuses them without assessing anything (a valid assessment is the slow test's job)."""
    a, b = draw(st.sampled_from(STATES) | HOSTILE_TEXT), draw(st.sampled_from(STATES) | HOSTILE_TEXT)
    params: dict[str, object] = {"a": a, "b": b}
    both = _state(a) and _state(b)
    if both:  # a day no state can be assessed on
        params["as_of"] = draw(SURE_BAD_DATES)
    elif draw(st.booleans()):
        params["as_of"] = draw(BAD_DATES)
    params["scenario"] = draw(st.lists(SCENARIO_REFS, max_size=3))
    for key in draw(st.lists(st.sampled_from(["a", "b", "as_of"]), max_size=1)):
        if key != "as_of" or not both:  # no date is today: a valid day
            params.pop(key, None)  # a parameter left out
    return params


@example({"a": "USA", "b": "RUS", "as_of": "soon"}, "/api/assess")  # was a list of dicts
@example({"a": "²", "b": "RUS"}, "/api/assess")  # was a 500: "²".isdigit() but int("²") fails
@example({"a": "USA", "b": "RUS", "as_of": "1700-01-01", "scenario": ["grit:USA:²"]}, "/api/assess")
@given(refused_queries(), st.sampled_from(["/api/assess", "/api/timeline"]))
def test_api_queries_answer_json_never_a_server_error(client, params, path):
    if path == "/api/timeline" and {"a", "b"} <= params.keys() and all(
            _state(params[k]) for k in ("a", "b")):
        params["a"] = "Atlantis"  # a valid pair's timeline is an assessment per year
    with bounded_memory():
        reply = client.get(path, params=params)
    check_json_answer(reply)
    if {"a", "b", "as_of"} <= params.keys() and _state(params["a"]) and _state(params["b"]):
        assert reply.status_code in (400, 422)


@pytest.mark.slow
@given(refused_queries(), st.sampled_from(["/", "/compare"]))
def test_page_queries_answer_html_never_a_server_error(client, params, path):
    """Slow: a page refusing its query shows the default view (USA–RUS today), an assessment."""
    if path == "/compare":
        params = {**params, "a2": params.get("a", "USA"), "b2": "Atlantis"}
    reply = client.get(path, params=params)
    assert reply.status_code < 500, reply.text[:500]
    assert reply.headers["content-type"].startswith("text/html")
    assert "Traceback" not in reply.text


@given(st.text(max_size=20), st.text(max_size=40))
def test_unknown_parameters_and_paths_never_break_the_api(client, key, value):
    check_json_answer(client.get("/api/states", params={key: value}))
    reply = client.get("/api/" + quote(key, safe=""), params={"a": value})
    assert reply.status_code < 500


# ── uploads ──────────────────────────────────────────────────────────────────────────────
FILENAMES = st.one_of(
    st.just("mine.yaml"), st.just("mine.yml"),
    st.sampled_from(["", ".yaml", "../x.yaml", "a/b.yaml", "a\\b.yaml", "x.txt", "x.yaml\x00.txt",
                     "x" * 300 + ".yaml", "CON.yaml", " x.yaml", "..yaml", "ünï.yaml"]),
    st.text(max_size=20).map(lambda t: t + ".yaml"),
)
CONTENTS = st.one_of(
    damaged_text((SCENARIOS / "ceasefire.yaml").read_bytes()),
    damaged_text(SCENARIO.replace(b"'{a}'", b"USA").replace(b"'{b}'", b"RUS")),
    SCENARIO_DOCUMENTS.map(dump).flatmap(lambda text: st.just(text) | with_aliases(text)),
    st.sampled_from(sorted(HOSTILE.values())),
    st.binary(max_size=1024).map(lambda b: b * 70),
    st.integers(MAX_UPLOAD_BYTES - 2, MAX_UPLOAD_BYTES + 2).map(lambda n: b"#" * n),
)


def _leftovers(client) -> list[str]:
    return sorted(p.name for p in client.uploads.glob("*.part"))


@example("mine.yaml", b"name: n\ndescription: d\nsteps:\n  - add: [1]\n", dt.date(2020, 1, 1))  # was a 500
@given(FILENAMES, CONTENTS, st.dates(dt.date(1946, 1, 1), TODAY))
def test_uploads_are_kept_and_apply_or_are_refused_with_a_message(client, usa_rus, filename,
                                                                   content, day):
    body, ctype = multipart(filename, content, {})
    with bounded_memory():
        reply = client.post("/api/scenarios", content=body, headers={"Content-Type": ctype})
    check_json_answer(reply)
    assert not _leftovers(client)
    if reply.status_code != 200:
        assert reply.status_code in (400, 413, 422)
        return
    ref = reply.json()["ref"]
    assert re.fullmatch(r"upload:[0-9a-f]{16}", ref)
    scenario = client.app.state.service.uploads.load(ref)
    try:  # what an assessment with it does first: applied to the real dossier
        scenario.apply(usa_rus.as_of(day))
    except DetenteError as exc:
        assert filename in str(exc) or str(client.uploads) in str(exc), exc


@given(st.binary(max_size=4096), st.sampled_from([
    "multipart/form-data", "multipart/form-data; boundary=x", "application/x-yaml", "text/plain",
    f"multipart/form-data; boundary={uuid.uuid4().hex}", "application/x-www-form-urlencoded", ""]))
def test_raw_upload_bodies_are_refused_with_a_message(client, body, ctype):
    with bounded_memory():
        reply = client.post("/api/scenarios", content=body, headers={"Content-Type": ctype})
    check_json_answer(reply)
    assert not _leftovers(client)


@pytest.mark.slow
@given(FILENAMES, CONTENTS | st.binary(max_size=2048))
def test_page_uploads_answer_html_never_a_server_error(client, filename, content):
    """Slow: the page shows the default view (an assessment) beside a refused upload."""
    body, ctype = multipart(filename, content, {"a": "USA", "b": "RUS"})
    page = client.post("/scenarios", content=body, headers={"Content-Type": ctype})
    assert page.status_code < 500 and "Traceback" not in page.text
    assert not _leftovers(client)


def test_a_valid_upload_is_accepted(client):
    """The property above can see acceptances: a plain valid scenario is one."""
    body, ctype = multipart("summit.yaml", SCENARIO, {})
    reply = client.post("/api/scenarios", content=body, headers={"Content-Type": ctype})
    assert reply.status_code == 200 and reply.json()["ref"].startswith("upload:")


@pytest.mark.slow
@given(st.sampled_from(["USA", "RUS", "CHN"]), st.sampled_from(["USA", "RUS", "CHN"]),
       st.dates(dt.date(1946, 1, 1), TODAY) | BAD_DATES, st.lists(SCENARIO_REFS, max_size=2))
def test_assessments_of_valid_pairs_answer_or_refuse(client, a, b, day, scenarios):
    """Valid pairs on any day, real assessments (each pair's first costs its whole timeline)."""
    reply = client.get("/api/assess", params={"a": a, "b": b, "as_of": str(day),
                                              "scenario": scenarios})
    check_json_answer(reply)
    if reply.status_code == 200:
        assert reply.json()["as_of"] == str(day)
