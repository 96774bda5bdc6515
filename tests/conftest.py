"""Test set-up: datasets come from the offline mirror (../shared/data unless DETENTE_MIRROR is
set), and each test session gets its own empty DETENTE_HOME.

What is computed from the datasets alone — the dataset warehouse, derived frames and fitted
models, each keyed by the datasets' sha256 and a version — is kept between sessions in
`.cache/tests/` (git ignores it), so a second run does not rebuild it. `DETENTE_TEST_FRESH=1`
starts from nothing, as CI on a clean clone does."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MIRROR = Path(os.environ.get("DETENTE_MIRROR", REPO.parent / "shared" / "data")).resolve()
TODAY = dt.date(2026, 12, 7)  # the latest access date of a source on file
DATA = Path(__file__).parent / "data"
ESSAY = REPO.parent / "shared" / "corpus" / "us-russia-rapprochement-essay.txt"

# The dashboard's server and browser fixtures (one of each per session): tests/app_fixtures.py
pytest_plugins = ["app_fixtures"]


FUZZ_EXAMPLES = {"fast": 8, "deep": 500}  # Hypothesis examples per property in tests/fuzz


def pytest_addoption(parser):
    parser.addoption("--fuzz-examples", type=int, default=None,
                     help="Hypothesis examples per property in tests/fuzz (default 8; "
                          "DETENTE_FUZZ=deep gives 500, DETENTE_FUZZ=<n> gives n)")


def pytest_configure(config):
    """The fuzz tests' Hypothesis profile: `fast` (the default), `deep` (DETENTE_FUZZ=deep), or
    `custom` (DETENTE_FUZZ=<n> or --fuzz-examples N)."""
    from hypothesis import HealthCheck, settings

    common = {"deadline": None, "print_blob": True, "suppress_health_check": [
        HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]}
    for name, n in FUZZ_EXAMPLES.items():
        settings.register_profile(name, max_examples=n, **common)
    wanted, env = config.getoption("--fuzz-examples"), os.environ.get("DETENTE_FUZZ", "")
    if wanted is None and env.isdigit():
        wanted = int(env)
    if wanted is not None:
        settings.register_profile("custom", max_examples=wanted, **common)
    settings.load_profile("custom" if wanted is not None else "deep" if env == "deep" else "fast")


@pytest.fixture(autouse=True, scope="session")
def _environment(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DETENTE_MIRROR", str(MIRROR))
        mp.setenv("DETENTE_HOME", str(tmp_path_factory.getbasetemp() / "home"))
        # one dataset warehouse and derived cache, shared by the tests that use a home of their own
        kept = (tmp_path_factory.getbasetemp() if os.environ.get("DETENTE_TEST_FRESH")
                else REPO / ".cache" / "tests")
        kept.mkdir(parents=True, exist_ok=True)
        mp.setenv("DETENTE_WAREHOUSE", str(kept / "datasets.duckdb"))
        mp.setenv("DETENTE_CACHE", str(kept / "derived"))
        mp.delenv("DETENTE_DOSSIER", raising=False)
        mp.delenv("DETENTE_EVENT_STORE", raising=False)
        yield


@pytest.fixture
def home(monkeypatch, tmp_path):
    """An empty DETENTE_HOME for this test (its own cache and event store); the mirror stays."""
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def empty_home(home, monkeypatch):
    """No cache, no dataset store and no mirror: only the network (absent here) could supply a
    dataset."""
    for name in ("DETENTE_MIRROR", "DETENTE_WAREHOUSE", "DETENTE_CACHE"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def own_events_only(monkeypatch):
    """The event readers see the user's store alone, without the reference WEIS events
    (`events.reference`): for tests of what a store of their own holds."""
    monkeypatch.setenv("DETENTE_REFERENCE_EVENTS", "off")
