import functools
import http.server
import re
import shutil
import threading

import pytest

from conftest import MIRROR
from detente import datasets
from detente.core.errors import DataError, DatasetUnavailable
from detente.datasets.registry import sha256_of


@pytest.mark.parametrize("name", sorted(datasets.registry()))
def test_registry_pins_the_mirror_originals(name):
    ds = datasets.get(name)
    commit = re.search(r"^https://github\.com/[\w.-]+/[\w.-]+/raw/([0-9a-f]{40})/", ds.url)
    assert commit, f"{name}: the URL is not pinned to a commit: {ds.url}"
    source_md = (MIRROR / ds.collection / "SOURCE.md").read_text(encoding="utf-8")
    assert commit.group(1) in source_md  # the commit the mirror's SOURCE.md names
    assert ds.url.endswith("/" + ds.file)
    original = MIRROR / ds.collection / "original" / ds.file
    if original.exists():
        assert sha256_of(original) == ds.sha256
    else:  # the mirror lacks the original (cameo_plover): its readers fall back on the conversion
        assert ds.conversion and (MIRROR / ds.collection / ds.conversion).is_file()
    entries = re.findall(r"^@(\w+)\{([^,\s]+),$", ds.bibtex, flags=re.M)
    assert entries and len(entries) == ds.bibtex.count("@") == ds.bibtex.count("\n}")


def test_tss_reader_matches_the_converted_csv():
    import pandas as pd

    tss = datasets.tss_rivalries()
    csv = pd.read_csv(MIRROR / "peacesciencer" / "tss_rivalries.csv")
    assert len(tss) == len(csv) == 264
    assert (tss["start"].to_numpy() == csv["start"].to_numpy()).all()
    usa_rus = tss[(tss.ccode1 == 2) & (tss.ccode2 == 365)].sort_values("start")
    assert usa_rus["rivalry"].tolist() == ["United States-USSR 1", "United States-USSR 2",
                                           "Russia-United States"]
    assert usa_rus["ongoing"].tolist() == [False, False, True]  # end 2020 = still running
    assert tss["ongoing"].sum() == (csv["end"] == 2020).sum()


def test_cow_states_reader():
    states = datasets.cow_states()
    rus = states[states.ccode == 365].iloc[0]
    assert rus.statenme == "Russia" and str(rus.stdate) == "1816-01-01"
    assert len(states) == 243


def test_pull_copies_from_the_mirror_into_the_cache():
    path = datasets.pull("tss_rivalries")
    assert path.parent.name == "datasets" and sha256_of(path) == datasets.get("tss_rivalries").sha256
    assert datasets.status("tss_rivalries") == "cached"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def http_folder(tmp_path):
    """A real HTTP server on 127.0.0.1 serving tmp_path/www."""
    www = tmp_path / "www"
    www.mkdir()
    handler = functools.partial(_Quiet, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield www, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_download_is_hash_checked_and_cached(empty_home, http_folder):
    www, base = http_folder
    shutil.copy(MIRROR / "peacesciencer" / "original" / "tss_rivalries.rda", www)
    path = datasets.pull("tss_rivalries", url=f"{base}/tss_rivalries.rda")
    assert path == empty_home / "datasets" / "tss_rivalries.rda"
    assert len(datasets.tss_rivalries()) == 264


def test_a_tampered_download_is_refused_and_not_kept(empty_home, http_folder):
    www, base = http_folder
    data = (MIRROR / "peacesciencer" / "original" / "tss_rivalries.rda").read_bytes()
    (www / "tss_rivalries.rda").write_bytes(data[: len(data) // 2])  # truncated
    with pytest.raises(DataError, match="refused"):
        datasets.pull("tss_rivalries", url=f"{base}/tss_rivalries.rda")
    assert not (empty_home / "datasets" / "tss_rivalries.rda").exists()
    with pytest.raises(DatasetUnavailable):
        datasets.locate("tss_rivalries")


def test_a_corrupt_cached_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path))
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "cow_states.rda").write_bytes(b"not the file")
    with pytest.raises(DataError, match="sha256 mismatch"):
        datasets.locate("cow_states")


def test_unreachable_dataset_names_the_command(empty_home, http_folder):
    _, base = http_folder
    with pytest.raises(DatasetUnavailable) as info:
        datasets.pull("tss_rivalries", url=f"{base}/missing.rda")
    assert info.value.command == "detente data pull tss_rivalries"
    assert "detente data pull tss_rivalries" in str(info.value)
