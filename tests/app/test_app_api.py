"""The JSON API and the pages over HTTP, against the real `detente serve` on 127.0.0.1."""

from __future__ import annotations

import contextlib
import html
import json
import re
import urllib.error
from pathlib import Path

import pytest

import detente
from app_fixtures import SCENARIO, XSS, XSS_IMG
from detente.app.uploads import MAX_UPLOAD_BYTES
from detente.assess.result import Assessment

pytestmark = pytest.mark.slow  # real processes and servers: run by scripts/test


def test_it_listens_on_loopback_only(served):
    """`detente serve` without --host binds 127.0.0.1, never 0.0.0.0 (read from the kernel)."""
    port = f"{served.port:04X}"
    listening = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 if line.split()[3] == "0A"]  # state LISTEN
    mine = [fields[1] for fields in listening if fields[1].endswith(":" + port)]
    assert mine == ["0100007F:" + port]


def test_assess_returns_the_typed_assessment(served):
    reply = served.get("/api/assess?a=USA&b=RUS&as_of=1988-06-01&scenario=ceasefire")
    assert reply.status == 200 and reply.headers["content-type"] == "application/json"
    got = Assessment.model_validate_json(reply.body)
    want = detente.assess("USA", "RUS", as_of="1988-06-01", scenarios=["ceasefire"],
                          history=False)
    assert got.cracks == want.cracks and got.scenarios == want.scenarios
    assert got.treaties == want.treaties
    assert got.history[-1]["date"] == "1988-06-01" and len(got.history) > 40


def test_timeline_states_scenarios_and_health(served):
    rows = served.get("/api/timeline?a=USA&b=CHN").json()["rows"]
    assert rows[0]["date"].startswith("1949") and set(rows[0]) >= {"date", "diplomacy"}
    states = {s["iso3"]: s for s in served.get("/api/states").json()}
    assert states["RUS"]["cow"] == 365 and states["CHN"]["name"] == "China"
    names = [s["ref"] for s in served.get("/api/scenarios").json()]
    assert "ceasefire" in names and "talks-resumed" in names
    assert served.get("/api/health").json()["status"] == "ok"


def test_the_openapi_description_covers_the_api(served):
    spec = served.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    params = {p["name"]: p for p in spec["paths"]["/api/assess"]["get"]["parameters"]}
    assert set(params) == {"a", "b", "as_of", "scenario"}
    assert params["a"]["required"] and not params["as_of"]["required"]
    ok = spec["paths"]["/api/assess"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["$ref"].endswith("/Assessment")
    assert "multipart/form-data" in spec["paths"]["/api/scenarios"]["post"]["requestBody"]["content"]
    assert not any(p in spec["paths"] for p in ("/", "/compare"))
    page = served.get("/api")
    assert page.status == 200 and "/api/assess" in page.text and "/api/openapi.json" in page.text


def test_bad_requests_say_what_is_wrong(served):
    unknown = served.get("/api/assess?a=Atlantis&b=RUS")
    assert unknown.status == 400 and "Atlantis" in unknown.json()["detail"]
    future = served.get("/api/assess?a=USA&b=RUS&as_of=2999-01-01")
    assert future.status == 400 and "future" in future.json()["detail"]
    assert served.get("/api/assess?a=USA&b=RUS&as_of=soon").status == 422
    page = served.get("/?a=Atlantis&b=RUS")
    assert page.status == 400 and "unknown country" in page.text


def test_pages_load_nothing_from_other_hosts(served):
    page = served.get("/?a=USA&b=RUS&as_of=2026-11-24")
    assert page.status == 200
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") or s.startswith("data:") for s in sources)
    assert "/static/plotly.min.js" in sources
    js = served.get("/static/plotly.min.js")
    assert js.status == 200 and b"plotly.js v" in js.body[:200]
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp


def test_other_host_names_are_refused(served):
    """A page on another site cannot reach the dashboard through DNS rebinding."""
    assert served.get("/api/health", Host="evil.example").status == 400
    assert served.get("/api/health", Host=f"localhost:{served.port}").status == 200


def test_markup_in_dossier_text_is_escaped_in_the_html(served):
    page = served.get("/?a=FRA&b=GBR&as_of=2019-01-01")
    assert page.status == 200
    assert XSS not in page.text and XSS_IMG not in page.text
    assert html.escape(XSS, quote=False) in page.text
    # chart JSON sits in <script type="application/json"> and cannot close it
    blocks = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page.text, re.S)
    assert blocks and not any("<" in b for b in blocks)
    names = [y for b in blocks for trace in json.loads(b)["data"] for y in trace.get("y") or ()]
    assert any("&lt;img src=x" in str(n) for n in names)


def test_upload_and_use_a_scenario(served):
    reply = served.upload("/api/scenarios", "summit.yaml", SCENARIO)
    assert reply.status == 200, reply.text
    ref = reply.json()["ref"]
    a = served.get(f"/api/assess?a=USA&b=RUS&as_of=2024-01-01&scenario={ref}").json()
    assert a["scenarios"][0]["name"] == "summit-now"
    assert a["scenarios"][0]["delta"]["cracks"]["diplomacy"]["score"] > 0


def test_an_invalid_scenario_upload_is_422_with_its_location(served):
    bad = SCENARIO.replace(b"status: held", b"status: sometimes")
    reply = served.upload("/api/scenarios", "mine.yaml", bad)
    assert reply.status == 422 and reply.json()["detail"].startswith("mine.yaml:")


def test_path_traversal_in_uploads_and_urls_is_refused(served):
    for name in ("../../evil.yaml", "..%2F..%2Fevil.yaml", "/tmp/evil.yaml", "sub/evil.yaml"):
        reply = served.upload("/api/scenarios", name, SCENARIO)
        assert reply.status == 400, (name, reply.text)
        page = served.upload("/scenarios", name, SCENARIO, {"a": "USA", "b": "RUS"})
        assert page.status == 400 and "refused file name" in page.text
    home = served.home
    assert not list(home.parent.rglob("evil.yaml"))
    for ref in ("../../etc/passwd", "/etc/passwd.yaml", "upload:../../etc/passwd"):
        assert served.get(f"/api/assess?a=USA&b=RUS&scenario={ref}").status == 400
        assert served.get(f"/?a=USA&b=RUS&scenario={ref}").status == 400


def test_oversized_uploads_are_refused(served):
    big = SCENARIO + b"#" * (MAX_UPLOAD_BYTES + 100)
    reply = served.upload("/api/scenarios", "big.yaml", big)
    assert reply.status == 413 and "64 KiB" in reply.json()["detail"]
    page = served.upload("/scenarios", "big.yaml", big, {"a": "USA", "b": "RUS"})
    assert page.status == 413 and "64 KiB" in page.text
    # refused on its Content-Length: a 413, or the connection closed mid-send
    with contextlib.suppress(urllib.error.URLError, ConnectionError):
        assert served.upload("/api/scenarios", "huge.yaml", b"#" * (20 * 1024 * 1024)).status == 413
    assert served.get("/api/health").status == 200
    uploads = served.home / "uploads"
    assert not uploads.exists() or all(p.stat().st_size <= MAX_UPLOAD_BYTES
                                       for p in uploads.iterdir())


def test_an_upload_form_redirects_to_the_view_with_it_on(served):
    reply = served.upload("/scenarios", "summit.yaml", SCENARIO,
                          {"a": "USA", "b": "RUS", "as_of": "2024-01-01",
                           "scenario": "ceasefire"})
    # urllib follows the 303 to the view; the final page has both scenarios on
    assert reply.status == 200
    assert "summit-now" in reply.text and 'value="ceasefire" data-autosubmit checked' in reply.text


def test_a_pair_without_dossier_or_rivalry_still_renders(served):
    page = served.get("/?a=BRA&b=ARG&as_of=2000-01-01")
    assert page.status == 200 and "No dossier for BRA–ARG" in page.text
    assert 'id="chart-treaties"' not in page.text and 'id="chart-history"' in page.text


def test_the_page_shows_each_verdicts_validation_and_the_outlooks_backtest(served):
    from markupsafe import escape

    from detente.app.validation import backtest_line, validation_line
    from detente.assess.crack_years import covariates
    from detente.models.fitted import saved_backtest

    page = served.get("/?a=USA&b=RUS&as_of=1988-06-01")
    assert page.status == 200
    a = detente.assess("USA", "RUS", as_of="1988-06-01", history=False)
    shown = dict(re.findall(r'data-validation="(\w+)">(.*?)</span>', page.text))
    for kind in ("escalation", "reciprocity", "ripeness"):
        line = validation_line(getattr(a.dynamics, kind))
        assert shown.get(kind) == (None if line is None else str(escape(line))), kind
    assert "escalation" in shown
    # the outlook's backtest: the figures the backtest command kept (the server reads the same
    # derived cache), or the command that computes them
    backtest = re.search(r'id="outlook-backtest">(.*?)</p>', page.text).group(1)
    assert backtest == str(escape(backtest_line(saved_backtest(1990, covariates()))))
