"""Throughput of the Python package against `pitchlint batch` on the same
JSON Lines file: `Linter.check_many` (full and compact results) and the
Spark example in local mode. Run by scripts/bench-python.sh.

    python benches/python.py RECORDS.jsonl PITCHLINT_BIN [--spark] [--rounds N]
"""

import argparse
import gc
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pitchlint

ROOT = Path(__file__).resolve().parents[1]
SMALL_JOB = 2000


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def batch_seconds(binary: str, path: str, layout: str) -> float:
    with open(path, "rb") as source:
        seconds, done = timed(
            lambda: subprocess.run(
                [binary, "batch", "-", "--format", layout],
                stdin=source,
                stdout=subprocess.DEVNULL,
                check=False,
            )
        )
    assert done.returncode in (0, 1), done
    return seconds


def spark_seconds(records: list) -> tuple:
    import pandas as pd

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "records.parquet"
        pd.DataFrame(records).to_parquet(source, index=False, row_group_size=5000)
        command = [
            sys.executable,
            str(ROOT / "examples" / "spark" / "score_profiles.py"),
            str(source),
            str(Path(folder) / "scores"),
            "--master",
            "local[2]",
        ]
        seconds, done = timed(lambda: subprocess.run(command, capture_output=True, check=False))
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    # The example times the job itself, without Spark's start and stop.
    job = re.search(r"scored \d+ records in ([0-9.]+) s", done.stderr.decode())
    return seconds, float(job.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("records")
    parser.add_argument("binary")
    parser.add_argument("--spark", action="store_true")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="runs of each, alternating; the medians are compared (a shared machine is noisy)",
    )
    args = parser.parse_args()
    records = [json.loads(line) for line in Path(args.records).read_text().splitlines()]
    count = len(records)
    linter = pitchlint.Linter()

    def line(name: str, seconds: float, reference: float) -> None:
        print(f"{name:<34} {seconds:7.2f} s {count / seconds:8.0f} records/s  {seconds / reference:5.2f}× batch")

    def check_many_seconds(python_format: str) -> float:
        seconds, results = timed(lambda: linter.check_many(records, format=python_format))
        # The next measurement starts without this one's results: freeing
        # millions of dicts is not part of it.
        del results
        gc.collect()
        return seconds

    for layout, python_format in [("jsonl", "full"), ("scores", "scores")]:
        batches, manys = [], []
        for _ in range(args.rounds):
            batches.append(batch_seconds(args.binary, args.records, layout))
            manys.append(check_many_seconds(python_format))
        batch, many = statistics.median(batches), statistics.median(manys)
        line(f"batch --format {layout}", batch, batch)
        line(f"check_many(format={python_format!r})", many, batch)
    if args.spark:
        batch = batch_seconds(args.binary, args.records, "scores")
        total, job = spark_seconds(records)
        line("spark local[2], scoring job", job, batch)
        line("spark local[2], with start-up", total, batch)
        # A job has a fixed cost (scheduling, starting Python workers)
        # whatever its size: a small job measures it, and the difference
        # is the rate a long job tends to.
        small = records[:SMALL_JOB]
        _, small_job = spark_seconds(small)
        steady = (job - small_job) / (count - len(small)) * count
        print(f"spark job fixed cost (a job of {len(small)} records) {small_job:5.2f} s")
        line("spark local[2], beyond that cost", steady, batch)


if __name__ == "__main__":
    main()
