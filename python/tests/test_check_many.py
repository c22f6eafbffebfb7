"""`Linter.check_many`: lists of records on every core, equal to `pitchlint batch`."""

import gc
import json
import math

import pytest

import pitchlint
from conftest import run_batch


def without_place(results: list, place: str) -> list:
    """Results with their `line` (batch) or `index` (Python) dropped."""
    return [{k: v for k, v in r.items() if k != place} for r in results]


@pytest.fixture(scope="module")
def linter():
    return pitchlint.Linter()


@pytest.mark.parametrize("layout", ["full", "scores"])
def test_results_equal_batch_on_every_labelled_record(linter, eval_records, layout):
    records = eval_records + [{"id": "no-text"}, {"id": "bad-kind", "kind": "essay", "text": "x"}]
    ours = linter.check_many(records, format=layout)
    theirs = run_batch(records, "--format", {"full": "jsonl"}.get(layout, layout))
    assert [r["index"] for r in ours] == list(range(len(records)))
    assert without_place(ours, "index") == without_place(theirs, "line")
    # The same keys in the same order, and the same types: the same JSON.
    assert json.dumps(without_place(ours, "index")) == json.dumps(without_place(theirs, "line"))
    assert ours[-2]["error"] == "missing field `text`"
    assert ours[-1]["error"] == "unknown kind `essay`"


def test_results_share_no_mutable_parts(linter, eval_records):
    first, second = linter.check_many([eval_records[0], eval_records[0]])
    first["dimensions"]["structure"]["score"] = -1
    first["findings"].clear()
    assert second["dimensions"]["structure"]["score"] != -1
    assert second["findings"]


def test_one_thread_gives_the_same_results(linter, eval_records):
    sample = eval_records[::25]
    assert linter.check_many(sample, threads=1) == linter.check_many(sample)


def test_any_iterable_of_records_is_taken(linter, eval_records):
    sample = eval_records[:5]
    assert linter.check_many(r for r in sample) == linter.check_many(sample)


def test_a_bad_record_is_an_error_in_place_and_the_rest_are_checked(linter):
    records = [
        {"id": 1, "text": "Ремонт ванных комнат в Казани, плитка Kerama Marazzi."},
        "not a record",
        {"id": 3, "text": 42},
        {"id": 4, "text": "Roof repairs in Leeds, slate and lead work.", "lang": "xx"},
        {"id": 5, "text": "Roof repairs in Leeds, slate and lead work."},
    ]
    results = linter.check_many(records)
    assert results[1] == {"id": None, "index": 1, "error": "a record must be a dict, got str"}
    assert results[2] == {"id": 3, "index": 2, "error": "field `text` must be a string, got int"}
    assert results[3]["error"] == "unknown lang `xx`"
    assert results[0]["score"] >= 0 and results[4]["lang"] == "en"


def test_errors_raise_asks_for_the_first_error_as_an_exception(linter):
    records = [{"text": "Укладка плитки"}, {"id": "b", "kind": "essay", "text": "x"}]
    with pytest.raises(pitchlint.InputError, match=r"^record 1: unknown kind `essay`$"):
        linter.check_many(records, errors="raise")


def test_an_error_far_into_a_long_list_stops_the_run_cleanly(linter):
    # Several chunks are in flight when the error is met; the call must
    # raise rather than wait for them, and the linter stays usable.
    records = [{"id": i, "text": "Укладка плитки в Казани"} for i in range(6000)]
    records[2500] = {"id": "bad", "kind": "essay", "text": "x"}
    with pytest.raises(pitchlint.InputError, match=r"^record 2500: unknown kind `essay`$"):
        linter.check_many(records, errors="raise")
    assert len(linter.check_many(records[:10])) == 10


def test_an_iterable_that_fails_midway_raises_its_own_error(linter):
    def records():
        for i in range(3000):
            yield {"id": i, "text": "Roof repairs in Leeds"}
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError, match="the source broke"):
        linter.check_many(records())


def test_the_cycle_collector_is_left_as_the_caller_set_it(linter):
    records = [{"id": i, "text": "Укладка плитки в Казани"} for i in range(3000)]
    assert gc.isenabled()
    linter.check_many(records)
    assert gc.isenabled()
    # Turned off by the caller, it stays off and is not run behind their back.
    gc.disable()
    try:
        before = [generation["collections"] for generation in gc.get_stats()]
        linter.check_many(records)
        assert not gc.isenabled()
        assert [generation["collections"] for generation in gc.get_stats()] == before
    finally:
        gc.enable()


def test_missing_values_from_pandas_count_as_absent(linter):
    record = {"id": 7, "kind": "profile", "text": "Электрик в Самаре: щиты, проводка.", "task": math.nan}
    [result] = linter.check_many([record])
    assert result["kind"] == "profile" and "error" not in result


def test_ids_keep_their_json_type(linter):
    ids = ["a", "", 2, -7, 70_000, 2**40, None, 2.5, -0.25, True, False]
    results = linter.check_many([{"id": i, "text": "Плиточник"} for i in ids], format="scores")
    assert [r["id"] for r in results] == ids
    assert [type(r["id"]) for r in results] == [type(i) for i in ids]


class NumpyLikeInt:
    """Stands for numpy.int64: an integer by `__index__`, not an `int`."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


def test_integer_like_ids_are_numbers(linter):
    [result] = linter.check_many([{"id": NumpyLikeInt(9), "text": "Плиточник"}], format="scores")
    assert result["id"] == 9


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"format": "csv"}, ValueError, 'format: expected "full" or "scores"'),
        ({"errors": "ignore"}, ValueError, 'errors: expected "record" or "raise"'),
        ({"threads": 0}, ValueError, "threads: expected at least 1"),
    ],
)
def test_bad_options_are_refused(linter, kwargs, error, message):
    with pytest.raises(error, match=message):
        linter.check_many([], **kwargs)


def test_an_empty_list_gives_an_empty_list(linter):
    assert linter.check_many([]) == []
