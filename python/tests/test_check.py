"""`pitchlint.check` and `Linter.check`: one text, the JSON document object."""

import subprocess
import sys
import threading
from pathlib import Path

import pytest

import pitchlint
from conftest import ROOT, run_batch

VAGUE = "Ремонт квартир под ключ любой сложности. Качественно, быстро, недорого. Звоните!"


def test_a_profile_gets_scores_findings_and_fixes():
    report = pitchlint.check(VAGUE)
    assert report["kind"] == "profile"
    assert report["lang"] == "ru"
    assert 0 <= report["score"] <= 100
    assert report["grade"] in "ABCDE"
    assert "specificity" in report["dimensions"]
    rules = {f["rule"] for f in report["findings"]}
    assert "ru.profile.vague-phrase" in rules


def test_check_equals_batch_on_the_same_text():
    report = pitchlint.check(VAGUE, lang="ru")
    [line] = run_batch([{"kind": "profile", "lang": "ru", "text": VAGUE}])
    del line["line"]
    line.pop("id")
    line.pop("path")
    report.pop("path")
    assert report == line


def test_the_reply_and_review_contexts_are_used():
    task = "Нужно заменить смеситель на кухне, Казань, на этой неделе."
    reply = pitchlint.check("Сделаю, пишите.", "reply", task=task)
    assert reply["kind"] == "reply"
    assert reply["dimensions"]["relevance"]["score"] < 50
    answer = pitchlint.check(
        "Спасибо за отзыв!",
        "review-reply",
        review="Мастер опоздал на два часа и не убрал за собой.",
        rating=2,
    )
    assert answer["kind"] == "review-reply"
    assert answer["score"] < 60


def test_a_better_profile_scores_higher():
    concrete = pitchlint.check((ROOT / "corpus" / "profile" / "ru" / "good" / "apartment-renovation-ekb.md").read_text())
    assert concrete["score"] > pitchlint.check(VAGUE)["score"] + 30


def test_kind_none_detects_the_kind():
    report = pitchlint.check("Здравствуйте! Какой у вас объём работ и адрес?", None, task="Нужен электрик")
    assert report["kind"] == "reply"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "bogus"}, "unknown kind `bogus`"),
        ({"lang": "de"}, "unknown lang `de`"),
    ],
)
def test_bad_arguments_raise_usage_errors_with_the_cli_message(kwargs, message):
    with pytest.raises(pitchlint.UsageError) as raised:
        pitchlint.check("Текст", **kwargs)
    assert str(raised.value) == message
    [line] = run_batch([{"text": "Текст", **kwargs}])
    assert line["error"] == message


def test_errors_share_one_base_class():
    for name in ["UsageError", "InputError", "RulesError", "ConfigError", "ReadError"]:
        assert issubclass(getattr(pitchlint, name), pitchlint.PitchlintError)
    assert issubclass(pitchlint.PitchlintError, Exception)


def test_a_malformed_config_names_file_line_and_column(tmp_path):
    config = tmp_path / "pitchlint.yaml"
    config.write_text("lang: ru\nmin_score: [1\n")
    with pytest.raises(pitchlint.ConfigError) as raised:
        pitchlint.Linter(config=config)
    message = str(raised.value)
    assert message.startswith(f"{config}:")
    assert "\n" not in message


def test_a_config_is_applied(tmp_path):
    config = tmp_path / "pitchlint.yaml"
    config.write_text("rules:\n  ru.profile.vague-phrase: off\n")
    linter = pitchlint.Linter(config=str(config))
    rules = {f["rule"] for f in linter.check(VAGUE)["findings"]}
    assert "ru.profile.vague-phrase" not in rules
    assert "ru.profile.vague-phrase" in {f["rule"] for f in pitchlint.check(VAGUE)["findings"]}


def test_a_rule_folder_is_laid_over_the_builtin_rules(tmp_path):
    folder = tmp_path / "rules" / "ru"
    folder.mkdir(parents=True)
    (folder / "house.yaml").write_text(
        """
checklist: ru.house
kind: profile
lang: ru
description: Правила нашей площадки.
weights:
  structure: 15
rules:
  - id: ru.house.no-shouting
    title: Крик капслоком
    mistake: 4
    dimension: structure
    severity: warning
    check: pattern
    pattern: 'ЗВОНИТЕ'
    penalty: 10
    message: "«{match}» читается как крик"
    suggestion: Напишите обычными буквами
    explain: Капслок читается как крик.
    examples:
      bad: ["ЗВОНИТЕ СЕЙЧАС"]
      good: ["Звоните с 9 до 18"]
"""
    )
    linter = pitchlint.Linter(rules=tmp_path / "rules")
    rules = {f["rule"] for f in linter.check("Кухни на заказ. ЗВОНИТЕ!")["findings"]}
    assert "ru.house.no-shouting" in rules
    assert repr(linter).startswith("<pitchlint.Linter with ")


def test_a_broken_rule_folder_raises_a_rules_error(tmp_path):
    folder = tmp_path / "ru"
    folder.mkdir()
    (folder / "broken.yaml").write_text("kind: profile\nrules: [\n")
    with pytest.raises(pitchlint.RulesError) as raised:
        pitchlint.Linter(rules=[str(tmp_path)])
    assert "broken.yaml" in str(raised.value)


def test_the_gil_is_released_while_a_text_is_linted():
    # With a switch interval far longer than the test, another thread runs
    # only when the GIL is given up of the caller's own accord.
    before = sys.getswitchinterval()
    sys.setswitchinterval(1000)
    try:
        linter = pitchlint.Linter()
        go, ran = threading.Event(), []
        other = threading.Thread(target=lambda: (go.wait(), ran.append(True)))
        other.start()
        go.set()
        linter.check_many([{"text": VAGUE}] * 200)
        seen = list(ran)
        other.join()
    finally:
        sys.setswitchinterval(before)
    assert seen == [True]


def test_the_package_is_typed():
    package = Path(pitchlint.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_native.pyi").exists()
    assert pitchlint.__version__.count(".") == 2


def test_the_stubs_match_the_module():
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "pitchlint"],
        capture_output=True,
        cwd=Path(pitchlint.__file__).parents[2],
        check=False,
    )
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()
