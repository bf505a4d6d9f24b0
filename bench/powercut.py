"""Figure (i): power cuts — acknowledged saves lost over at least 200 kill points.

Runs the two kill harnesses of the test suite in a child pytest with ``HCC_POWER_CUT_KILLS``
raised: ``tests/test_power_cut.py`` (tickets issued, called, served at two counters) and
``tests/test_power_cut_visits.py`` (visits started, drafts saved, visits completed with their
dossiers). Each harness SIGKILLs its child at random moments and, after every kill, checks that
every acknowledged save is there, nothing is half-written or duplicated, and the integrity
check passes; any loss fails the harness.

project: acknowledged saves lost (0 when both harnesses pass); floor: the kill points made;
target: a ratio of 0. Not a timing: it is here because it takes minutes (the suite runs 30
kill points per harness).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bench import Figure

TARGET = 0.0
NAME = "power cut: saves lost / kill points"
REPO = Path(__file__).resolve().parent.parent
HARNESSES = ("tests/test_power_cut.py", "tests/test_power_cut_visits.py")


def measure(kills_each: int = 100) -> tuple[list[Figure], dict]:
    env = dict(os.environ, HCC_POWER_CUT_KILLS=str(kills_each), QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", *HARNESSES],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=3600)
    summaries = re.findall(r"^power cut.*$", run.stdout, flags=re.MULTILINE)
    kills = sum(int(k) for k in re.findall(r"(\d+) kill points", "\n".join(summaries)))
    if run.returncode != 0 or len(summaries) != len(HARNESSES):
        tail = "\n".join((run.stdout + run.stderr).splitlines()[-15:])
        return [Figure(NAME, None, float(kills), TARGET, unit="count", error=f"a harness failed:\n{tail}")], \
            {"stdout": run.stdout[-5000:]}
    note = "; ".join(summaries)
    return [Figure(NAME, 0.0, float(kills), TARGET, unit="count",
                   note=f"integrity checks passed after every kill; {note}")], {"summaries": summaries}
