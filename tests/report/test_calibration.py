"""The rivalry backtest's calibration page: the reliability diagram of the model beside the
duration+type baseline, and the bins' figures, from a real backtest at the 1990 cut."""

import numpy as np
import pytest

from detente.datasets import tss_rivalries
from detente.models import fitted
from detente.models.backtest import backtest, calibration
from detente.report.calibration import bins_table, calibration_figure, write_calibration


@pytest.fixture(scope="module")
def result():
    return backtest(fitted.rivalry_rows(fitted.data_end()), tss_rivalries(), (1990,), bootstrap=50,
                    ablate=False)


def test_the_diagram_draws_both_models_bins_with_their_counts(result):
    r = result.cuts[0]
    fig = calibration_figure(result)
    lines = {t.name.split(":")[0]: t for t in fig.data if t.mode == "lines+markers+text"}
    assert set(lines) == {"1990 rivalry model", "1990 duration + type"}
    baseline = lines["1990 duration + type"]
    f = r.forecasts
    expected = calibration(f["observed"].to_numpy(), f["duration_type"].to_numpy())
    assert list(baseline.x) == list(expected["forecast"]) and list(baseline.y) == list(expected["observed"])
    assert list(baseline.text) == [f"n={n}" for n in expected["n"]]
    assert sum(int(t.removeprefix("n=")) for t in lines["1990 rivalry model"].text) == len(f)
    # the bins' observed shares, weighted by their counts, add up to the rivalries that ended
    for line in lines.values():
        counts = np.array([int(t.removeprefix("n=")) for t in line.text])
        assert counts @ np.array(line.y) == pytest.approx(f["observed"].sum(), abs=0.01 * len(counts))


def test_the_page_carries_the_chart_the_scores_and_the_bins(result, tmp_path):
    page = write_calibration(result, tmp_path / "calibration.html").read_text(encoding="utf-8")
    assert 'id="rivalry-calibration"' in page and "Plotly.newPlot" in page
    s = result.cuts[0].five_year["duration_type"]
    assert f"AUC {s['auc']:.3f}" in page
    low, high = result.cuts[0].intervals["rivalry_hazard"]["auc"]
    assert f"[{low:.2f}–{high:.2f}]" in page
    for b in bins_table(result).itertuples():
        assert f"<td>{b.bin}</td><td>{b.n}</td><td>{b.forecast:.3f}</td><td>{b.observed:.3f}</td>" in page


def test_the_summary_is_kept_for_the_dashboard_and_read_back(result, tmp_path, monkeypatch):
    from detente.app.validation import backtest_line
    from detente.models.fitted import save_backtest, saved_backtest

    monkeypatch.setenv("DETENTE_CACHE", str(tmp_path / "cache"))
    assert saved_backtest(1990) is None
    assert "detente models rivalry backtest --cut 1990" in backtest_line(None)
    summary = result.summary(1990)
    s, band = result.cuts[0].five_year["rivalry_hazard"], result.cuts[0].intervals["rivalry_hazard"]
    assert summary["auc"] == s["auc"] and summary["auc_interval"] == band["auc"]
    assert summary["brier_ratio"] == pytest.approx(s["brier"] / s["brier_base"], abs=1e-4)
    save_backtest(summary)
    assert saved_backtest(1990) == summary and saved_backtest(1970) is None
    line = backtest_line(saved_backtest(1990))
    assert f"AUC {s['auc']:.3f} [{band['auc'][0]:.2f}–{band['auc'][1]:.2f}]" in line
    assert f"duration+type alone: AUC {result.cuts[0].five_year['duration_type']['auc']:.3f}" in line
