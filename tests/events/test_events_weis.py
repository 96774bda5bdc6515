"""WEIS events (Lai's extract, the `weis_lai` dataset) as an event source: the full file ingested
with its books balanced, COW codes as ISO3, WEIS codes kept and mapped to quad classes that agree
with Goldstein's weights, the USA–Soviet index 1966–1992 against SOURCE.md's own figures, bad rows
rejected with line, field and reason, and a copy of the same rows counted as duplicates."""

from __future__ import annotations

import gzip

import pandas as pd
import pytest

import detente
from conftest import DATA, MIRROR
from detente.events.ingest import ingest
from detente.events.layouts.weis import CUE_CATEGORIES, WEIS_QUAD
from detente.events.store import EventStore
from detente.events.weis import ingest_weis, weis_path

WEIS_CSV = MIRROR / "weis_lai" / "weis_events.csv"
MALFORMED = DATA / "events" / "weis_malformed.csv"


@pytest.fixture(scope="module")
def weis_home(tmp_path_factory):
    """A store holding the whole WEIS file, ingested in one call."""
    home = tmp_path_factory.mktemp("weis") / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DETENTE_HOME", str(home))
        result = ingest_weis()
        yield home, result


@pytest.fixture
def weis_store(weis_home, monkeypatch):
    monkeypatch.setenv("DETENTE_HOME", str(weis_home[0]))
    return weis_home[1]


def test_the_whole_file_ingests_with_its_books_balanced(weis_store):
    result = weis_store
    raw = pd.read_csv(WEIS_CSV)
    assert weis_path() == WEIS_CSV or weis_path().read_bytes() == WEIS_CSV.read_bytes()
    assert result.format == "weis" and result.rows_read == len(raw)
    assert result.rows_read == result.kept + result.duplicates + result.n_rejected
    assert (result.kept, result.duplicates, result.rejected) == (len(raw), 0, {})  # a clean file
    with EventStore(read_only=True) as store:
        ev = store.con.execute("SELECT * FROM events ORDER BY line").df()
    assert ev["line"].tolist() == list(range(2, len(raw) + 2))  # line 1 is the header
    assert ev["weis_code"].tolist() == raw["weiscd"].map("{:03d}".format).tolist()
    assert ev["goldstein"].tolist() == raw["gscale"].tolist()
    assert ev["event_code"].isna().all()  # no WEIS row passes for a CAMEO one
    assert ev["date"].dt.year.tolist() == raw["year"].tolist()
    # COW codes → ISO3: every actor resolved (the Soviet Union is RUS, South Vietnam RVN).
    assert ev["source_country"].notna().all() and ev["target_country"].notna().all()
    soviet = raw["srccc"] == 365
    assert set(ev.loc[soviet.to_numpy(), "source_country"]) == {"RUS"}
    assert set(ev.loc[(raw["srccc"] == 817).to_numpy(), "source_country"]) == {"RVN"}


def test_quad_classes_agree_in_sign_with_goldsteins_weights(weis_store):
    with EventStore(read_only=True) as store:
        means = dict(store.con.execute(
            "SELECT left(weis_code, 2), avg(goldstein) FROM events GROUP BY 1").fetchall())
    assert set(means) == set(CUE_CATEGORIES) == set(WEIS_QUAD)
    for category, mean in means.items():
        quad = WEIS_QUAD[category]
        if quad >= 3:
            assert mean < 0, category
        elif category not in ("02", "09", "10"):  # comment, request, propose: near 0
            assert mean > 0, category
        else:
            assert abs(mean) < 1, category


def test_usa_soviet_index_1966_1992(weis_store):
    index = detente.event_index("USA", "RUS", freq="year", since="1966-01-01",
                                until="1992-12-31")
    years = index.groupby("period")[["events", "goldstein_sum", "q1", "q2", "q3", "q4"]].sum()
    assert len(years) == 27 and years.loc["1972", "events"] > 0
    raw = pd.read_csv(WEIS_CSV)
    dyad = raw[raw["dyadid"] == 2365]
    assert years["events"].sum() == len(dyad)  # SOURCE.md: 9,208 USA–USSR events
    # SOURCE.md's sanity figures, mean gscale by year: 1968 −0.99, 1973 +1.24, 1980 −1.80,
    # 1992 +2.08 (to within its rounding: the rows give −0.9847 for 1968).
    mean = years["goldstein_sum"] / years["events"]
    assert mean[["1968", "1973", "1980", "1992"]].tolist() == pytest.approx(
        [-0.99, 1.24, -1.80, 2.08], abs=0.01)
    # What the data show of verbal cooperation: in counts, détente's peak is 1973 (the most of
    # 1966–1982, over three times 1971's); the 1980s peak in counts is the summit year 1985, not
    # 1987–88. As a share of all events it peaks in 1974, and 1987–88 stand above 1983–86, 1988
    # above every year since 1976 (and it climbs on to 1990).
    q1 = years["q1"]
    assert q1.loc["1966":"1982"].idxmax() == "1973" and q1["1973"] > 3 * q1["1971"]
    assert q1.idxmax() == "1985"
    share = years["q1"] / years["events"]
    assert share.loc["1966":"1979"].idxmax() == "1974"
    assert share[["1987", "1988"]].mean() > share.loc["1983":"1986"].max()
    assert (share.loc["1976":"1987"] < share["1988"]).all() and share.idxmax() == "1990"
    net = (years.q1 + years.q2 - years.q3 - years.q4) / years.events
    assert net.idxmin() == "1980"  # after the invasion of Afghanistan


def test_bad_rows_are_rejected_with_their_line_field_and_reason(home):
    want = pd.read_csv(MALFORMED.with_name("weis_malformed.rejects.csv"), dtype=str,
                       keep_default_na=False)
    (result,) = ingest([MALFORMED])
    with EventStore() as store:
        got = store.rejects()
        kept = store.con.execute("SELECT line, source_country, target_country, weis_code, "
                                 "quad_class FROM events ORDER BY line").fetchall()
    assert got["line"].tolist() == want["line"].astype(int).tolist()
    assert got["field"].fillna("").tolist() == want["field"].tolist()
    assert got["reason"].tolist() == want["reason"].tolist()
    n_lines = len(MALFORMED.read_bytes().splitlines())
    assert [k[0] for k in kept] == sorted(set(range(2, n_lines + 1)) - set(got["line"]))
    assert result.rows_read == n_lines - 1 == result.kept + result.duplicates + result.n_rejected
    assert kept[-1][1:] == (kept[-1][1], "DDR", "122", 3)  # COW 265 → DDR; accuse → quad 3
    assert kept[-3][1:] == kept[-2][1:]  # two alike rows on one day stay two events


def test_a_copy_of_the_same_rows_counts_as_duplicates(home, tmp_path):
    part = tmp_path / "weis_part.csv"
    part.write_text("".join(WEIS_CSV.open().readlines()[:2001]))
    copy = tmp_path / "weis_part.csv.gz"
    copy.write_bytes(gzip.compress(part.read_bytes()))
    first, again = ingest([part, copy])
    assert (first.kept, again.kept, again.duplicates) == (2000, 0, 2000)


CONVERT = """
from detente.events.weis import weis_path
path = weis_path()
print(path, sum(1 for _ in path.open()))
"""


def test_runs_that_convert_the_file_at_once_each_get_it_whole(tmp_path):
    # a fresh home: the Stata original is converted to CSV on first use. Four processes do it at
    # the same moment (a first `detente assess` beside a backtest): each writes a part of its
    # own and moves it into place, so none reads a file another is still writing
    import os
    import subprocess
    import sys

    env = {**os.environ, "DETENTE_HOME": str(tmp_path / "home")}
    runs = [subprocess.Popen([sys.executable, "-c", CONVERT], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err[-400:] for _, err in outputs]
    lines = sum(1 for _ in WEIS_CSV.open())
    assert {out.split()[1] for out, _ in outputs} == {str(lines)}
    assert not list((tmp_path / "home").rglob("*.part"))
