"""The Spark backend (PySpark, local mode) computes the very same indices as DuckDB."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

import detente
from detente.cli import app
from detente.events.ingest import ingest
from events_data import generate

pytestmark = pytest.mark.spark


@pytest.fixture(autouse=True)
def _own_events(own_events_only):
    """These tests read a store of their own: without the reference WEIS events."""


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A store of 20,000 generated events with 1% damaged lines, and its Parquet export."""
    root = tmp_path_factory.mktemp("spark")
    generate(root / "gen", rows=20000, files=2, bad=0.01, seed=21)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DETENTE_HOME", str(root / "home"))
        ingest(sorted((root / "gen").glob("*.export.CSV")))
        res = CliRunner().invoke(app, ["events", "export", str(root / "parquet")])
        assert res.exit_code == 0, res.output
        yield root / "parquet"


@pytest.mark.parametrize("freq", ["day", "week", "month", "year"])
def test_spark_and_duckdb_give_identical_indices(exported, freq):
    options = dict(freq=freq, weighted=True, normalise=True)
    duck = detente.event_index("USA", "RUS", **options)
    spark = detente.event_index("USA", "RUS", engine="spark", parquet=exported, **options)
    assert len(duck) > 0 and duck["events"].sum() > 100
    pd.testing.assert_frame_equal(spark, duck, check_exact=False, rtol=1e-12, atol=0)
