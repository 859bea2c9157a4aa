"""The stages' English word lists (data/lexicons/words/<stage>.yaml), loaded once and validated by a pydantic model.

Each file holds the word lists of one stage module, one key per list, each with a comment saying what it is for:
a list of words (`words(...).set(key)`, or `.seq(key)` where its order matters, e.g. prefixes for `startswith`) or
a mapping from a word to a number, a code word or a (min, max) range (`.map(key)`). A bad file, a missing key or
a key of the wrong kind raises `DataError` naming the file and the key. The files count in the pipeline version
(`version.py` hashes everything under data/).
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Optional, Union

import yaml
from pydantic import RootModel, StrictInt, StrictStr, ValidationError, field_validator

from eventwire.errors import DataError

_FOLDER = ("data", "lexicons", "words")

Word = StrictStr
Value = Union[StrictInt, StrictStr, tuple[StrictInt, Optional[StrictInt]]]


class _WordList(RootModel[list[Word]]):
    @field_validator("root")
    @classmethod
    def _clean(cls, v: list[str]) -> list[str]:
        bad = [w for w in v if not w.strip() or w != w.strip()]
        if bad:
            raise ValueError(f"empty or padded words {bad!r}")
        dup = sorted({w for w in v if v.count(w) > 1})
        if dup:
            raise ValueError(f"words listed twice {dup!r}")
        if not v:
            raise ValueError("an empty list")
        return v


class _WordMap(RootModel[dict[Word, Value]]):
    @field_validator("root")
    @classmethod
    def _clean(cls, v: dict[str, object]) -> dict[str, object]:
        if not v:
            raise ValueError("an empty mapping")
        return v


class WordLists:
    """The word lists of one stage module, by key."""

    def __init__(self, path: str, lists: dict[str, list[str] | dict[str, object]]) -> None:
        self.path = path
        self._lists = lists

    def _get(self, key: str, kind: type) -> list[str] | dict[str, object]:
        if key not in self._lists:
            raise DataError(f"missing word list {key!r}", path=self.path)
        value = self._lists[key]
        if not isinstance(value, kind):
            want = "a list of words" if kind is list else "a mapping of words"
            raise DataError(f"word list {key!r}: expected {want}", path=self.path)
        return value

    def set(self, key: str) -> frozenset[str]:
        return frozenset(self._get(key, list))

    def seq(self, key: str) -> tuple[str, ...]:
        return tuple(self._get(key, list))

    def map(self, key: str) -> dict[str, object]:
        return dict(self._get(key, dict))


def parse(text: str, path: str) -> WordLists:
    """Validate the text of one word-list file; `path` names it in errors."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", path=path) from exc
    if not isinstance(raw, dict):
        raise DataError("expected a mapping from list names to word lists", path=path)
    lists: dict[str, list[str] | dict[str, object]] = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            raise DataError(f"word list {key!r}: a list name must be a string", path=path)
        if isinstance(value, list):
            model: type[RootModel] = _WordList
        elif isinstance(value, dict):
            model = _WordMap
        else:
            raise DataError(f"word list {key!r}: expected a list of words or a mapping of words", path=path)
        try:
            lists[key] = model.model_validate(value).root
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(x) for x in err["loc"] if x != "root")
            raise DataError(f"word list {key!r}{' at ' + where if where else ''}: {err['msg']}", path=path) from None
    return WordLists(path, lists)


@functools.lru_cache(maxsize=None)
def words(module: str) -> WordLists:
    """The word lists of stage module `module` ("quantities" reads data/lexicons/words/quantities.yaml)."""
    res = resources.files("eventwire").joinpath(*_FOLDER, f"{module}.yaml")
    path = "eventwire/" + "/".join(_FOLDER) + f"/{module}.yaml"
    try:
        text = res.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read word lists: {exc}", path=path) from exc
    return parse(text, path)
