"""Type stubs for pitchlint's native module."""

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, Optional, Union, final

__version__: str

_PathLike = Union[str, "os.PathLike[str]"]
_Report = dict[str, Any]

__all__ = [
    "ConfigError",
    "InputError",
    "Linter",
    "PitchlintError",
    "ReadError",
    "RulesError",
    "UsageError",
    "__version__",
]

class PitchlintError(Exception):
    """A document, record, rule file or config pitchlint cannot use; one line."""

class UsageError(PitchlintError):
    """A wrong argument or value."""

class InputError(PitchlintError):
    """A document or record cannot be read."""

class RulesError(PitchlintError):
    """A rule file is malformed."""

class ConfigError(PitchlintError):
    """pitchlint.yaml is malformed."""

class ReadError(PitchlintError):
    """Reading a file failed."""

@final
class Linter:
    """Rules loaded once, to check texts and lists of records with."""

    def __new__(
        cls,
        config: Optional[_PathLike] = None,
        rules: Optional[Union[_PathLike, Sequence[_PathLike]]] = None,
    ) -> "Linter":
        """``config``: a pitchlint.yaml (none is looked for by default);
        ``rules``: rule folders laid over the built-in rules."""

    def check(
        self,
        text: str,
        kind: Optional[str] = "profile",
        *,
        task: Optional[str] = None,
        review: Optional[str] = None,
        lang: Optional[str] = None,
        rating: Optional[Union[int, str]] = None,
        trade: Optional[str] = None,
        market: Optional[str] = None,
    ) -> _Report:
        """Check one text; the JSON report's document object."""

    def check_many(
        self,
        records: Iterable[Mapping[str, Any]],
        threads: Optional[int] = None,
        *,
        format: Literal["full", "scores"] = "full",
        errors: Literal["record", "raise"] = "record",
    ) -> list[_Report]:
        """Check records (dicts with id, kind, text, task, review, rating,
        lang, trade, market) on ``threads`` cores, all by default, with the
        GIL released. Results are in order, tagged with ``id`` and
        ``index``; a record that cannot be checked gives
        ``{"id", "index", "error"}`` in its place, or raises with
        ``errors="raise"``."""
