"""Every bench still runs: `make test` runs each in its quick mode and reads its JSON line.

The figures of so small a run mean nothing and are not judged here; `make bench` gives
them. What this catches is a bench that has rotted (data it no longer builds, a name
the package no longer has), so no figure goes unmeasured for long.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import REPO

BENCHES = sorted(p for p in (REPO / "bench").glob("*.py") if p.stem != "quick")


def test_the_benches_are_found():
    """The walk sees the benches, so the test below can fail."""
    assert {"catalog", "handouts", "hub", "problems", "site", "startup", "timer"} <= {
        p.stem for p in BENCHES
    }


@pytest.mark.slow
@pytest.mark.parametrize("bench", BENCHES, ids=lambda p: p.stem)
def test_each_bench_runs_and_ends_with_its_json_line(bench, tmp_path):
    """`python bench/X.py --quick` exits 0 and its last line is its JSON object."""
    env = {**os.environ, "EXERCISES_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [sys.executable, str(bench), "--quick"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert 0 == result.returncode, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert lines
    figures = json.loads(lines[-1])
    assert bench.stem == figures["bench"]
