"""`detente data panel`, `detente models rivalry …` and `detente cite --from`, run as a user runs them."""

import json
import re

import pyarrow.parquet as pq
import pytest

from detente.datasets import get
from runner import detente

pytestmark = pytest.mark.slow  # real processes and servers: run by scripts/test


def _keys(bibtex: str) -> set[str]:
    return set(re.findall(r"^@\w+\{([^,]+),", bibtex, flags=re.M))


def test_backtest_json_and_a_self_contained_calibration_plot(tmp_path):
    plot = tmp_path / "cal.html"
    proc = detente("models", "rivalry", "backtest", "--format", "json", "--cut", "1990",
                   "--plot", str(plot))
    data = json.loads(proc.stdout)
    assert list(data) == ["1990"]
    scores = data["1990"]
    assert set(scores) == {"brier", "brier_base", "log_loss", "auc", "n", "brier_ratio", "interval",
                           "choice", "calibration", "models", "ablation"}
    assert sum(b["n"] for b in scores["calibration"]) == scores["n"]
    html = plot.read_text()
    assert "<script" in html and not re.search(r"<script[^>]*\bsrc=", html)
    assert "after 1990" in html


def test_panel_file_carries_what_to_cite(tmp_path):
    out = tmp_path / "panel.parquet"
    detente("data", "panel", "--years", "2000-2001", "-s", "major_powers", "-s", "rivalries", "-o", str(out))
    frame = pq.read_table(out).to_pandas()
    assert {"ccode1", "ccode2", "year", "major1", "tss_rival"} <= set(frame.columns)
    cited = _keys(detente("cite", "--from", str(out)).stdout)
    expected = set().union(*(_keys(get(n).bibtex) for n in
                             ("cow_states", "cow_majors", "tss_rivalries", "td_rivalries")))
    assert cited == expected


def test_cite_from_an_assessment_lists_exactly_its_datasets(tmp_path):
    out = tmp_path / "a.json"
    detente("assess", "IND", "PAK", "--as-of", "2010-06-01", "--format", "json", "-o", str(out))
    used = json.loads(out.read_text())["datasets"]
    assert "tss_rivalries" in used and "cow_mid_ddydisps" in used
    cited = _keys(detente("cite", "--from", str(out)).stdout)
    assert cited == set().union(*(_keys(get(n).bibtex) for n in used))
    assert "ucdp_acd" in used and "gleditsch2002armed" in cited  # the conflicts read UCDP/PRIO
    assert "weis_lai" not in used and "cow_capitals" not in used  # never read by an assessment


def test_cite_from_a_bad_file_names_it(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"datasets": ["tss_rivalries",]}')
    proc = detente("cite", "--from", str(bad), check_ok=False)
    assert proc.returncode == 2 and f"{bad}:1" in proc.stderr and "Traceback" not in proc.stderr


def test_unknown_panel_step_is_a_usage_error(tmp_path):
    proc = detente("data", "panel", "-s", "weather", "-o", str(tmp_path / "x.parquet"), check_ok=False)
    assert proc.returncode == 2 and "unknown step 'weather'" in proc.stderr
