"""The command line, run as a user runs it: a real process, real files."""

import json
import re

import pytest

from conftest import DATA
from detente.assess.providers.relations import TABLE
from runner import detente

pytestmark = pytest.mark.slow  # real processes and servers: run by scripts/test


@pytest.fixture(scope="module")
def usa_rus_json():
    proc = detente("assess", "USA", "RUS", "--as-of", "2024-06-01", "--format", "json",
                   "--scenario", "ceasefire", "--scenario", "sanctions-eased")
    return json.loads(proc.stdout)


def test_json_has_the_documented_shape(usa_rus_json):
    a = usa_rus_json
    assert a["dyad"] == ["USA", "RUS"] and a["as_of"] == "2024-06-01"
    assert len(a["cracks"]) == 6
    for c in a["cracks"]:
        assert {"id", "status", "score", "trend", "explanation", "evidence", "indicators",
                "door"} <= set(c)
        assert c["status"] in ("closed", "ajar", "open", "unknown")
        assert (c["score"] is None) == (c["status"] == "unknown")
        assert c["score"] is None or -1 <= c["score"] <= 1
        assert set(c["door"]) >= {"step", "scenario"}
        for e in c["evidence"]:  # a source, or the command that reruns a computation
            assert (set(e["source"] or {}) >= {"title", "publisher", "date", "url"}
                    or e["computation"].startswith("detente models dynamics USA RUS")
                    or "rules.toml" in e["computation"])
    assert set(a["outlook"]["horizons"]) == {"1", "5", "10"}
    for kind in ("escalation", "reciprocity", "ripeness"):
        f = a["dynamics"][kind]
        assert {"method", "span", "figures", "verdict"} <= set(f)
        assert f["verdict"] is not None or f["reason"]
    assert {"method", "base_rate"} <= set(a["outlook"])
    assert [s["name"] for s in a["scenarios"]] == ["ceasefire", "sanctions-eased"]
    for s in a["scenarios"]:
        assert len(s["assessment"]["cracks"]) == 6 and "cracks" in s["delta"]
    assert len(a["history"]) > 70


def test_text_output_is_readable():
    proc = detente("assess", "USA", "RUS", "--as-of", "2024-06-01")
    for word in ("armed_conflict", "arms_control", "P(rivalry ends within)", "Sources", "[1]"):
        assert word in proc.stdout


def test_html_report_is_self_contained(tmp_path):
    out = tmp_path / "report.html"
    detente("assess", "USA", "RUS", "--as-of", "2024-06-01", "--format", "html", "-o", str(out),
            "-s", "ceasefire")
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]*\bsrc=", html)  # no script is fetched
    assert not re.search(r"<link[^>]*\bhref=\"http", html)
    assert "Plotly.newPlot" in html and 'id="ref-1"' in html
    assert "Crack scores, each year as of that date" in html


def test_markdown_report_has_references():
    proc = detente("assess", "EGY", "ISR", "--as-of", "1979-06-01", "--format", "markdown")
    assert "## References" in proc.stdout and "## arms_control" in proc.stdout


@pytest.mark.parametrize("args, message", [
    (["assess", "USA", "Narnia"], "unknown country 'Narnia'"),
    (["assess", "USA", "RUS", "--as-of", "2999-01-01"], "is in the future"),
    (["assess", "USA", "RUS", "--as-of", "yesterday"], "is not a date"),
    (["assess", "USA", "RUS", "--scenario", "peace-now"], "unknown scenario 'peace-now'"),
    (["assess", "USA", "USA"], "two different states"),
    (["data", "pull", "nope"], "unknown dataset 'nope'"),
    (["models", "rivalry", "summary", "--as-of", "soon"], "--as-of: 'soon' is not a date"),
    (["events", "pull", "gdelt", "--since", "x", "--until", "2022-01-01"], "--since: 'x' is not a date"),
    (["code", "--date", "later", "README.md"], "--date: 'later' is not a date"),
    (["models", "dynamics", "USA", "USA"], "two different states"),
    (["models", "dynamics", "USA", "RUS", "--as-of", "2999-01-01"], "is in the future"),
    (["models", "dynamics", "USA", "RUS", "--format", "xml"], "'xml' is not one of text, json"),
    (["assess", "USA", "RUS", "--bogus"], "No such option: --bogus"),
    (["assess", "USA", "RUS", "--scenario", "grit:CHN:3"], "grit:<country>:<n>"),
    (["backtest", "history", "--rivalry-ends", "--cases", "cases.yaml"], "choose one"),
])
def test_user_errors_are_one_line_exit_2_no_traceback(args, message):
    proc = detente(*args, check_ok=False)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_malformed_scenario_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndescription: [unclosed\n")
    proc = detente("assess", "USA", "RUS", "--scenario", str(bad), check_ok=False)
    assert proc.returncode == 2 and f"{bad}:3" in proc.stderr and "Traceback" not in proc.stderr


def test_a_fact_without_source_stops_assess_with_its_location(tmp_path):
    import os

    folder = tmp_path / "USA-RUS"
    folder.mkdir()
    (folder / "facts.yaml").write_text((DATA / "bad_facts" / "missing_source.yaml").read_text())
    env = {**os.environ, "DETENTE_DOSSIER": str(tmp_path)}
    proc = detente("assess", "USA", "RUS", env=env, check_ok=False)
    assert proc.returncode == 2
    assert f"{folder / 'facts.yaml'}:2: source: every fact needs a source" in proc.stderr


def test_dossier_validate():
    ok = detente("dossier", "validate")
    assert "0 problem(s)" in ok.stderr
    table = detente("dossier", "validate", str(TABLE))
    counted = re.search(r"(\d+) valid facts in 1 place\(s\), 0 problem\(s\)", table.stderr)
    assert counted and int(counted.group(1)) >= 30
    bad = detente("dossier", "validate", str(DATA / "bad_facts"), check_ok=False)
    assert bad.returncode == 2
    lines = bad.stdout.strip().splitlines()
    assert len(lines) >= 8 and all(line.startswith(str(DATA / "bad_facts")) for line in lines)


def test_dossier_show_csv():
    proc = detente("dossier", "show", "USA", "RUS", "--as-of", "1990-01-01", "--kind", "treaty",
                   "--csv")
    assert proc.stdout.startswith("id,kind,summary") and "treaty-inf" in proc.stdout
    assert "new-start" not in proc.stdout  # signed in 2010: not known in 1990


def test_data_list_pull_and_cite():
    listed = detente("data", "list").stdout
    assert "tss_rivalries" in listed and "cow_states" in listed
    detente("data", "pull", "cow_states")
    assert "cached" in detente("data", "list").stdout
    cite = detente("cite", "tss_rivalries").stdout
    assert "@book{thompson2021strategic" in cite and "@article{miller2022peacesciencer" in cite


def test_scenarios_list():
    assert "ceasefire" in detente("scenarios", "list").stdout


def test_backtest_history_reads_a_case_file_and_counts_what_reads_wrong(tmp_path):
    # Three cases on the datasets' records: a war that must read closed, a rupture the overall
    # must show, and one that is wrong on purpose (France–Germany at war in 2005)
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        '- {pair: [IND, PRT], date: 1961-12-18, crack: armed_conflict, status: closed, basis: "MID"}\n'
        '- {pair: [IRQ, KWT], date: 1991-01-01, worse_than: 1989-06-01, basis: "1990 invasion"}\n'
        '- {pair: [FRA, DEU], date: 2005-06-01, crack: armed_conflict, status: closed, basis: "wrong"}\n')
    data = json.loads(detente("backtest", "history", "--cases", str(cases), "-f", "json").stdout)
    assert (data["cases"], data["right"]) == (3, 2)
    assert [o["right"] for o in data["outcomes"]] == [True, True, False]
    assert data["outcomes"][2]["got"].startswith("open")
    assert "Warning" not in detente("backtest", "history", "--cases", str(cases)).stderr


def test_a_malformed_history_case_names_the_file_and_the_case(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text('- {pair: [IND, PAK], basis: "no date"}\n')
    proc = detente("backtest", "history", "--cases", str(cases), check_ok=False)
    assert proc.returncode == 2 and str(cases) in proc.stderr and "case 1" in proc.stderr
    assert "Traceback" not in proc.stderr
