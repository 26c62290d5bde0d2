"""Instructions per request of a scenario driven in process (bench.inprocess), counted by
valgrind's callgrind: unlike CPU time, the count barely moves when other processes share the
machine, so it tells a 3% change from noise.

    .venv/bin/python -m bench.instructions a c        # scenarios a and c (about 3 minutes)

Each scenario runs twice under callgrind, with ``SMALL`` and ``LARGE`` measured requests; the
difference of the two totals over the difference of the counts is the cost of one request,
without the start-up, the warm-up and valgrind's own. Needs valgrind (apt-get install valgrind).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
SMALL, LARGE = 200, 1200


def instructions(scenario: str, requests: int) -> int:
    """Instructions the whole process executed for ``requests`` measured requests."""
    with tempfile.TemporaryDirectory(prefix="bench-callgrind-") as scratch:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={scratch}/out",
             str(PYTHON), "-m", "bench.inprocess", scenario, str(requests)],
            cwd=ROOT, capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return int(found.group(1))


def main(argv: list[str]) -> int:
    if shutil.which("valgrind") is None:
        print("bench.instructions needs valgrind (apt-get install valgrind)", file=sys.stderr)
        return 1
    for scenario in argv or ["a", "c"]:
        per_request = (instructions(scenario, LARGE) - instructions(scenario, SMALL)) / (
            LARGE - SMALL)
        print(f"{scenario}: {per_request / 1e6:.3f} M instructions per request", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
