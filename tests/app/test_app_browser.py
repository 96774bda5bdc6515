"""The dashboard in a real browser (headless Debian Chromium via Playwright) against the real
server on 127.0.0.1: what a person does, and that what the page shows is what the API says."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from app_fixtures import XSS

pytestmark = pytest.mark.browser


def open_view(page, served, path: str) -> None:
    page.goto(served.url + path)
    ready(page)


def ready(page) -> None:
    """Wait until the page's charts are drawn (dashboard.js marks <body data-ready>)."""
    page.wait_for_selector("body[data-ready]", state="attached")
    assert page.get_attribute("body", "data-ready") == "1"


def shown_scores(page, scope: str = "section.panel table.cracks") -> dict[str, float]:
    rows = page.locator(f"{scope} tr[data-crack]")
    return {rows.nth(i).get_attribute("data-crack"):
            float(rows.nth(i).locator("td.score").get_attribute("data-score"))
            for i in range(rows.count())}


def shown_outlook(page, scope: str = "section.summary") -> dict[str, float]:
    kpis = page.locator(f"{scope} .kpi.outlook[data-horizon]")
    return {kpis.nth(i).get_attribute("data-horizon"):
            float(kpis.nth(i).locator(".value").get_attribute("data-p"))
            for i in range(kpis.count())}


def api_for(served, page) -> dict:
    """What /api/assess answers for the view the browser is on (same query string)."""
    query = urlsplit(page.url).query
    reply = served.get("/api/assess?" + query)
    assert reply.status == 200, reply.text
    return reply.json()


def assert_matches_api(page, served) -> dict:
    api = api_for(served, page)
    assert shown_scores(page) == {c["id"]: c["score"] for c in api["cracks"]}
    if api["outlook"]["horizons"]:
        assert shown_outlook(page) == {h: v["probability"]
                                       for h, v in api["outlook"]["horizons"].items()}
    assert float(page.get_attribute("#overall", "data-score")) == api["overall"]
    assert page.inner_text("#headline") == api["headline"]
    return api


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_a_person_changes_pair_date_and_scenario(page, served, artifacts):
    open_view(page, served, "/?a=USA&b=RUS&as_of=2026-11-24")
    first = assert_matches_api(page, served)
    assert first["names"] == ["United States", "Russia"]
    assert page.locator("[data-chart]").count() >= 3
    assert page.locator("#chart-treaties svg").count() > 0
    page.screenshot(path=artifacts / "dashboard-usa-rus.png", full_page=True)
    page.screenshot(path=artifacts / "dashboard-usa-rus-top.png")  # the README's picture
    page.locator("#chart-treaties").screenshot(path=artifacts / "treaty-timeline-usa-rus.png")

    # the dynamics: each model's verdict (or why none) as the API has it, and its chart
    for kind in ("escalation", "reciprocity", "ripeness"):
        f = first["dynamics"][kind]
        text = page.locator(f"#dynamics-{kind}").inner_text()
        assert (f["verdict"] or "no verdict") in text
        assert f["verdict"] is None or page.locator(f"#chart-{kind} svg").count() > 0

    # change the pair with the type-ahead box
    with page.expect_navigation():
        page.fill("#state-b", "China")
        page.press("#state-b", "Enter")
    ready(page)
    china = assert_matches_api(page, served)
    assert china["dyad"] == ["USA", "CHN"] and query(page)["b"] == ["China"]
    assert shown_scores(page) != {c["id"]: c["score"] for c in first["cracks"]}
    page.screenshot(path=artifacts / "dashboard-usa-chn.png", full_page=True)

    # move the as-of slider: a click a third of the way along
    slider = page.locator("#as-of-slider")
    box = slider.bounding_box()
    with page.expect_navigation():
        slider.click(position={"x": box["width"] * 0.33, "y": box["height"] / 2})
    ready(page)
    moved = assert_matches_api(page, served)
    assert moved["as_of"] != china["as_of"] and query(page)["as_of"] == [moved["as_of"]]
    assert 1960 < int(moved["as_of"][:4]) < 1980
    assert page.input_value("#as-of") == moved["as_of"]
    assert moved["overall"] != china["overall"]
    page.screenshot(path=artifacts / "dashboard-slider.png", full_page=True)

    # toggle a scenario
    with page.expect_navigation():
        page.check("#controls input[name=scenario][value=talks-resumed]")
    ready(page)
    api = assert_matches_api(page, served)
    assert query(page)["scenario"] == ["talks-resumed"]
    run = api["scenarios"][0]
    assert run["name"] == "talks-resumed"
    cells = page.locator("#scenario-results td.delta[data-scenario=talks-resumed]")
    shown = {cells.nth(i).locator("xpath=..").get_attribute("data-crack"):
             float(cells.nth(i).get_attribute("data-delta")) for i in range(cells.count())}
    assert shown == {k: v["score"] for k, v in run["delta"]["cracks"].items()}
    assert shown["diplomacy"] > 0
    assert page.locator("#chart-scenarios svg").count() > 0
    page.screenshot(path=artifacts / "dashboard-scenario.png", full_page=True)
    assert page.problems == []


def test_the_share_link_restores_the_view(page, served):
    open_view(page, served, "/?a=EGY&b=ISR&as_of=1979-06-01&scenario=ceasefire")
    link = page.get_attribute("#share-link", "href")
    before = shown_scores(page)
    page.goto(served.url + link)
    ready(page)
    assert shown_scores(page) == before
    assert page.is_checked("#controls input[name=scenario][value=ceasefire]")
    assert page.input_value("#as-of") == "1979-06-01"
    assert page.problems == []


def test_compare_two_pairs_side_by_side(page, served, artifacts):
    open_view(page, served, "/compare?a=USA&b=RUS&a2=USA&b2=CHN&as_of=1985-01-01")
    sides = page.locator("section.side")
    assert sides.count() == 2
    for i, pair in enumerate((("USA", "RUS"), ("USA", "CHN"))):
        api = served.get(f"/api/assess?a={pair[0]}&b={pair[1]}&as_of=1985-01-01").json()
        scope = f"section.side[data-side='{i}']"
        assert shown_scores(page, scope) == {c["id"]: c["score"] for c in api["cracks"]}
        assert page.locator(f"{scope} [data-chart] svg").count() > 0
    page.screenshot(path=artifacts / "compare.png", full_page=True)
    assert page.problems == []


def test_upload_a_scenario_in_the_page(page, served, tmp_path, artifacts):
    path = tmp_path / "summit.yaml"
    path.write_text("name: summit-now\ndescription: The leaders meet.\nsteps:\n"
                    "  - add:\n      - {id: s, kind: channel, channel: summit, status: held,\n"
                    "         parties: ['{a}', '{b}'], summary: 'A summit between the two leaders.'}\n")
    open_view(page, served, "/?a=USA&b=RUS&as_of=2024-01-01")
    with page.expect_navigation():
        page.set_input_files("#scenario-file", str(path))
    ready(page)
    refs = query(page)["scenario"]
    assert len(refs) == 1 and re.fullmatch(r"upload:[0-9a-f]{16}", refs[0])
    api = assert_matches_api(page, served)
    assert api["scenarios"][0]["name"] == "summit-now"
    assert api["scenarios"][0]["delta"]["cracks"]["diplomacy"]["score"] > 0
    assert page.locator(f"#controls input[name=scenario][value='{refs[0]}']").is_checked()
    page.screenshot(path=artifacts / "upload.png", full_page=True)
    assert page.problems == []


def test_a_bad_upload_says_why(page, served):
    open_view(page, served, "/?a=USA&b=RUS&as_of=2024-01-01")
    page.set_input_files("#scenario-file", files=[{
        "name": "broken.yaml", "mimeType": "application/x-yaml",
        "buffer": b"name: broken\ndescription: no steps\n"}])
    page.wait_for_selector("#error")
    assert "broken.yaml" in page.inner_text("#error") and "steps" in page.inner_text("#error")


def test_markup_in_dossier_text_is_shown_not_run(page, served, artifacts):
    open_view(page, served, "/?a=FRA&b=GBR&as_of=2019-01-01")
    assert page.evaluate("window.__xss") is None
    body = page.inner_text("main")
    assert XSS in body  # shown as text, literally
    assert page.locator("main script:not([type='application/json'])").count() == 0
    labels = page.locator("#chart-treaties .ytick text").all_text_contents()
    assert any("<img src=x" in t for t in labels)
    page.screenshot(path=artifacts / "hostile-dossier.png", full_page=True)
    assert page.problems == []


def test_markup_in_an_uploaded_scenario_is_shown_not_run(page, served):
    yaml_text = ("name: '<script>window.__xss = 3</script>'\ndescription: '<b>bold</b> claim'\n"
                 "steps:\n  - end: {kind: channel}\n")
    reply = served.upload("/api/scenarios", "hostile.yaml", yaml_text.encode())
    assert reply.status == 200, reply.text
    open_view(page, served, f"/?a=USA&b=RUS&as_of=2020-01-01&scenario={reply.json()['ref']}")
    assert page.evaluate("window.__xss") is None
    assert "<script>window.__xss = 3</script>" in page.inner_text("#scenario-results")
    assert page.problems == []
