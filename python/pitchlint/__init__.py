"""pitchlint: findings, advice and 0–100 scores for contractors' marketplace texts.

    >>> import pitchlint
    >>> report = pitchlint.check("Делаем ремонт квартир под ключ.", lang="ru")
    >>> report["score"], report["grade"]

``check`` uses the built-in rules. ``Linter`` loads rules once (with a
``pitchlint.yaml`` or rule folders of your own) and checks lists of records
on every core with ``check_many``. Results are the JSON report's document
objects, the same as ``pitchlint batch`` writes.
"""

from typing import Any, Dict, Optional, Union

from ._native import (
    ConfigError,
    InputError,
    Linter,
    PitchlintError,
    ReadError,
    RulesError,
    UsageError,
    __version__,
)

_builtin: Optional[Linter] = None


def check(
    text: str,
    kind: Optional[str] = "profile",
    *,
    task: Optional[str] = None,
    review: Optional[str] = None,
    lang: Optional[str] = None,
    rating: Optional[Union[int, str]] = None,
    trade: Optional[str] = None,
    market: Optional[str] = None,
) -> Dict[str, Any]:
    """Check one text with the built-in rules; the JSON report's document object.

    ``kind=None`` detects the kind; ``lang`` is "ru", "en" or "auto" (detect,
    the default). A reply takes the job post as ``task``; an answer to a
    review takes the review as ``review`` and its stars as ``rating``.
    ``trade`` ("electrics", "plumbing, tiling") and ``market`` ("ru", "uk",
    "us") say what the text is about instead of detecting it.
    """
    global _builtin
    if _builtin is None:
        _builtin = Linter()
    return _builtin.check(
        text, kind, task=task, review=review, lang=lang, rating=rating, trade=trade, market=market
    )


__all__ = [
    "ConfigError",
    "InputError",
    "Linter",
    "PitchlintError",
    "ReadError",
    "RulesError",
    "UsageError",
    "__version__",
    "check",
]
