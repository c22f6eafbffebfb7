"""examples/spark/score_profiles.py in Spark local mode: its table equals
`pitchlint batch --format scores` on the same records."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, run_batch

pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("pyspark")

EXAMPLE = ROOT / "examples" / "spark" / "score_profiles.py"
RECORDS = 10_000


def generated(eval_records: list, count: int) -> list:
    """`count` records cycled from the labelled ones, every other copy
    without its stated language, trade and market (so they are detected),
    with unique string ids; the first is broken on purpose."""
    keep = ["kind", "text", "task", "review", "rating", "lang", "trade", "market"]
    records = []
    for i in range(count):
        source = eval_records[i % len(eval_records)]
        record = {"id": f"r{i}", **{k: source.get(k) for k in keep}}
        if (i // len(eval_records)) % 2:
            record.update(lang=None, trade=None, market=None)
        records.append(record)
    records[0]["kind"] = "essay"
    return records


def as_batch_line(row: dict) -> dict:
    """A row of the Parquet output as a compact batch line: the map of
    dimensions back to a dict, absent fields left out."""
    if row["dimensions"] is not None:
        row["dimensions"] = dict(row["dimensions"])
    return present(row)


def present(line: dict) -> dict:
    """A line without its null fields (a table has every column; a JSON
    line leaves out what it does not have)."""
    line = {k: v for k, v in line.items() if v is not None}
    for fix in line.get("top_fixes", []):
        if fix.get("matches") is None:
            fix.pop("matches", None)
    return line


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (scripts/python.sh installs it)")
def test_spark_scores_equal_batch(eval_records, tmp_path):
    records = generated(eval_records, RECORDS)
    table = pd.DataFrame(records)
    table["rating"] = table["rating"].astype("Int64")
    source = tmp_path / "records.parquet"
    table.to_parquet(source, index=False)
    output = tmp_path / "scores"
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), str(source), str(output), "--master", "local[2]"],
        capture_output=True,
        env={**os.environ, "PYSPARK_PYTHON": sys.executable},
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    scored = pq.read_table(output).to_pylist()
    assert len(scored) == RECORDS
    ours = {row["id"]: as_batch_line(row) for row in scored}
    theirs = {}
    for line in run_batch(records, "--format", "scores"):
        line.pop("line")
        theirs[line["id"]] = present(line)
    assert ours["r0"]["error"] == "unknown kind `essay`"
    assert ours == theirs

