"""Shared fixtures: the repository's labelled records and the `pitchlint`
binary whose `batch` output the package must equal."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pitchlint_bin() -> str:
    """The binary built by `cargo build` (PITCHLINT_BIN overrides)."""
    found = os.environ.get("PITCHLINT_BIN") or str(ROOT / "target" / "debug" / "pitchlint")
    if not Path(found).exists():
        pytest.fail(f"no pitchlint binary at {found}: run `cargo build` or set PITCHLINT_BIN")
    return found


def run_batch(records: list, *args: str) -> list:
    """`pitchlint batch` over records written as JSON Lines: its result lines."""
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    done = subprocess.run(
        [pitchlint_bin(), "batch", "-", *args],
        input=lines.encode(),
        capture_output=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr.decode()
    return [json.loads(line) for line in done.stdout.decode().splitlines()]


@pytest.fixture(scope="session")
def eval_records() -> list:
    """Every labelled profile, reply and review answer (1 000+ records of
    three kinds, two languages, with tasks, reviews and ratings)."""
    records = []
    for name in ["profiles", "replies", "review-replies"]:
        path = ROOT / "corpus" / "eval" / f"{name}.jsonl"
        records += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return records
