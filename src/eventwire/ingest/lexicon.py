"""The boilerplate lexicon (data/lexicons/boilerplate.yaml), loaded once and validated at load time."""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, StrictStr

from eventwire.errors import DataError
from eventwire.lexicons import validated

_PUNCT = string.punctuation + "\u2018\u2019\u201c\u201d\u2013\u2014\u2022\u00b7\u203a\u00bb\u00ab|"


def norm_key(line: str) -> str:
    """Lower-case, punctuation stripped, whitespace collapsed: the key UI words are compared by."""
    return " ".join(line.lower().translate(str.maketrans("", "", _PUNCT)).split())


@dataclass(frozen=True, slots=True)
class Lexicon:
    ui_lines: frozenset[str]
    ui_prefixes: tuple[str, ...]
    credit: tuple[re.Pattern[str], ...]
    outlets: tuple[tuple[str, tuple[str, ...]], ...]  # (name, aliases)
    max_ui_line_chars: int
    outlet_re: re.Pattern[str]  # any alias, word-bounded, case-sensitive

    def outlet_for(self, alias: str) -> str | None:
        for name, aliases in self.outlets:
            if alias in aliases:
                return name
        return None


class _Outlet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: StrictStr
    aliases: list[StrictStr] = []  # the spellings found in bylines and body text; none: the name itself


class _BoilerplateFile(BaseModel):
    """boilerplate.yaml; entries are strings (quote an entry with a colon, or YAML reads it as a mapping)."""

    model_config = ConfigDict(extra="forbid")
    version: int = 1
    max_ui_line_chars: int = 160
    ui_lines: list[StrictStr] = []
    ui_prefixes: list[StrictStr] = []
    credit_patterns: list[StrictStr] = []
    outlets: list[_Outlet] = []


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    path = resources.files("eventwire") / "data" / "lexicons" / "boilerplate.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"cannot read the boilerplate lexicon: {exc}", path=str(path)) from exc
    data = validated(_BoilerplateFile, raw if raw is not None else {}, str(path))
    try:
        credit = tuple(re.compile(p, re.I) for p in data.credit_patterns)
    except re.error as exc:
        raise DataError(f"bad regular expression in credit_patterns: {exc}", path=str(path)) from exc
    outlets = [(o.name, tuple(o.aliases) or (o.name,)) for o in data.outlets]
    all_aliases = sorted({a for _, al in outlets for a in al}, key=len, reverse=True)
    outlet_re = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in all_aliases) + r")(?![\w-])")
    return Lexicon(
        ui_lines=frozenset(norm_key(s) for s in data.ui_lines),
        ui_prefixes=tuple(norm_key(s) for s in data.ui_prefixes),
        credit=credit,
        outlets=tuple(outlets),
        max_ui_line_chars=data.max_ui_line_chars,
        outlet_re=outlet_re,
    )
