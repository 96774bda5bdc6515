"""Run the `detente` command as a user does: a real process, its output captured."""

from __future__ import annotations

import subprocess
import sys


def detente(*args, env=None, check_ok=True):
    proc = subprocess.run([sys.executable, "-m", "detente", *args], capture_output=True,
                          text=True, env=env, timeout=600)
    if check_ok:
        assert proc.returncode == 0, proc.stderr
    return proc
