"""Instructions per request of a scenario driven in process (bench.inprocess), counted by
valgrind's callgrind: unlike CPU time, the count barely moves when other processes share the
machine, so it tells a 3% change from noise.

    .venv/bin/python -m bench.instructions a c g             # the work tree (~6 minutes)
    .venv/bin/python -m bench.instructions a c --rev HEAD~2  # a commit, to compare

Each scenario runs twice under callgrind, with ``SMALL`` and ``LARGE`` measured requests; the
difference of the two totals over the difference of the counts is the cost of one request,
without the start-up, the warm-up and valgrind's own. With ``--rev``, the commit's files are
taken out (git archive) and run with this .venv and bench/.cache, so the work tree can change
meanwhile. Needs valgrind (apt-get install valgrind).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from .data import V1_SPEC

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
SMALL, LARGE = 200, 1200


def instructions(scenario: str, requests: int, tree: Path = ROOT) -> int:
    """Instructions the whole process executed for ``requests`` measured requests, running
    the code of ``tree`` (a checkout of the project)."""
    # a checkout elsewhere (--rev) finds the shared v1 document (scenario g) where this one does
    environment = {"BENCH_V1_SPEC": str(V1_SPEC), **os.environ, "PYTHONPATH": str(tree / "src")}
    with tempfile.TemporaryDirectory(prefix="bench-callgrind-") as scratch:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={scratch}/out",
             str(PYTHON), "-m", "bench.inprocess", scenario, str(requests)],
            cwd=tree, env=environment, capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return int(found.group(1))


def checkout(revision: str, into: Path) -> Path:
    """The files of a commit in ``into``, sharing this tree's bench/.cache (the data files)."""
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True,
                             check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "bench" / ".cache").symlink_to(ROOT / "bench" / ".cache", target_is_directory=True)
    return into


def main(argv: list[str]) -> int:
    if shutil.which("valgrind") is None:
        print("bench.instructions needs valgrind (apt-get install valgrind)", file=sys.stderr)
        return 1
    revision = argv[argv.index("--rev") + 1] if "--rev" in argv else None
    scenarios = [a for a in argv if a in ("a", "c", "g")] or ["a", "c", "g"]
    with tempfile.TemporaryDirectory(prefix="bench-checkout-") as scratch:
        tree = checkout(revision, Path(scratch)) if revision else ROOT
        for scenario in scenarios:
            per_request = (instructions(scenario, LARGE, tree)
                           - instructions(scenario, SMALL, tree)) / (LARGE - SMALL)
            print(f"{scenario}{f' at {revision}' if revision else ''}: "
                  f"{per_request / 1e6:.3f} M instructions per request", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
