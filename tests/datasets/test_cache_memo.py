"""The on-disk memo: a result is computed once, read back by a new process, and never served
after the code it came from changed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from detente.datasets import cache


@pytest.fixture()
def own_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("DETENTE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_result_is_built_once_per_key(own_cache):
    calls = []

    def build():
        calls.append(1)
        return {"verdict": "arms race", "n": len(calls)}

    first = cache.remembered("test", ["USA", "RUS", "2020-01-01"], build)
    again = cache.remembered("test", ["USA", "RUS", "2020-01-01"], build)
    other = cache.remembered("test", ["USA", "RUS", "2021-01-01"], build)
    assert first == again == {"verdict": "arms race", "n": 1}
    assert other["n"] == 2 and len(calls) == 2
    assert (own_cache / "memo").is_dir()


def test_a_new_process_reads_what_an_earlier_one_kept(own_cache):
    script = textwrap.dedent("""
        import sys
        from detente.datasets.cache import remembered
        def build():
            print("built", file=sys.stderr)
            return [1, 2, 3]
        print(remembered("test", ["pair", 7], build))
    """)
    env = {**os.environ, "DETENTE_CACHE": str(own_cache)}
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                           check=True) for _ in range(2)]
    assert [r.stdout.strip() for r in runs] == ["[1, 2, 3]", "[1, 2, 3]"]
    assert [r.stderr.count("built") for r in runs] == [1, 0]


def test_the_source_stamp_follows_the_code(tmp_path):
    (tmp_path / "models" / "__pycache__").mkdir(parents=True)
    model = tmp_path / "models" / "fit.py"
    model.write_text("SLOPE = 1.0\n")
    (tmp_path / "models" / "__pycache__" / "fit.cpython-311.pyc").write_bytes(b"one")
    before = cache.source_stamp("models", root=tmp_path)
    (tmp_path / "models" / "__pycache__" / "fit.cpython-311.pyc").write_bytes(b"two")
    cache.source_stamp.cache_clear()
    assert cache.source_stamp("models", root=tmp_path) == before  # compiled files do not count
    model.write_text("SLOPE = 2.0\n")
    cache.source_stamp.cache_clear()
    assert cache.source_stamp("models", root=tmp_path) != before
    changed = cache.source_stamp("models", root=tmp_path)
    (tmp_path / "models" / "rules.toml").write_text("weight = 1\n")  # data files count too
    cache.source_stamp.cache_clear()
    assert cache.source_stamp("models", root=tmp_path) != changed
    assert cache.source_stamp("models/fit.py", root=tmp_path) == changed  # the file alone
    with pytest.raises(ValueError, match="no 'nowhere'"):
        cache.source_stamp("nowhere", root=tmp_path)


def test_the_dynamics_key_names_real_parts_of_the_package():
    from detente.assess.dynamics import _CODE

    assert len(cache.source_stamp(*_CODE)) == 16
