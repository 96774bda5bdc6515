"""Coded events go into the event store as their own source, `detente-text`, through the store's
ingest (a real DuckDB file): dated events kept, undated ones rejected with their line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import MIRROR
from detente.events.ingest import ingest
from detente.events.store import EventStore

pytestmark = pytest.mark.slow  # real processes and servers: run by scripts/test

ESSAY = MIRROR.parent / "corpus" / "us-russia-rapprochement-essay.txt"


def test_essay_events_ingest_as_detente_text(tmp_path, monkeypatch):
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "home"))
    undated = tmp_path / "undated.jsonl"
    dated = tmp_path / "dated.jsonl"
    for out, extra in ((undated, []), (dated, ["--date", "2023-01-15"])):
        proc = subprocess.run([sys.executable, "-m", "detente", "code", str(ESSAY), "--no-model", "-o",
                               str(out), *extra], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    n_lines = len(dated.read_text(encoding="utf-8").splitlines())
    with EventStore(tmp_path / "store.duckdb") as store:
        first, second = ingest([undated, dated], store=store)
        undated_lines = [line for line in undated.read_text().splitlines() if '"date":null' in line]
        assert first.n_rejected == len(undated_lines)
        assert second.n_rejected == 0
        rows = store.con.execute(
            "SELECT source_country, target_country, event_root, quad_class, date FROM events "
            "WHERE dataset = 'detente-text'").fetchall()
        assert len(rows) == n_lines  # the dated copies of already stored events count as duplicates
        assert ("USA", "RUS", "12", 3) in {r[:4] for r in rows}
        assert ("RUS", "USA", "16", 4) in {r[:4] for r in rows}
        assert {str(r[4]) for r in rows} >= {"2023-01-15", "2022-08-01"}
        again = ingest([dated], store=store)[0]
        assert again.skipped
