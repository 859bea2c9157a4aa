"""The time budget of one article: the pipeline sets a deadline before an article's stages run, and the stages
call `check()` where their work grows with the text (once per sentence). An article past its deadline is stopped
with `ArticleTimeout` and refused as `timeout`; the rest of the batch goes on.

The check is cooperative (a signal cannot interrupt spaCy's C code, and signals work only in a process's main
thread, while the API runs the pipeline in a worker thread). It bounds the overrun because no step between two
checks is long: a sentence is at most `parse.MAX_SENTENCE_TOKENS` tokens, and an article at most
`parse.MAX_PARSE_CHARS` characters.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import time
from typing import Iterator

from eventwire.errors import EventwireError

# Seconds the stages after parsing may spend on one article. A 600-word story takes about 0.1 s, the longest text
# we parse (200,000 characters) about 15 s on one core; EVENTWIRE_ARTICLE_SECONDS overrides it.
ARTICLE_SECONDS = 60.0
ENV_VAR = "EVENTWIRE_ARTICLE_SECONDS"

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("eventwire_deadline", default=None)


class ArticleTimeout(EventwireError):
    """The article used up its time budget."""


def seconds() -> float:
    """The budget per article: $EVENTWIRE_ARTICLE_SECONDS when it is a positive number, else ARTICLE_SECONDS."""
    raw = os.environ.get(ENV_VAR, "")
    try:
        value = float(raw)
    except ValueError:
        return ARTICLE_SECONDS
    return value if value > 0 else ARTICLE_SECONDS


@contextlib.contextmanager
def deadline(budget: float) -> Iterator[None]:
    """Run the block under a deadline `budget` seconds from now."""
    token = _deadline.set(time.perf_counter() + budget)
    try:
        yield
    finally:
        _deadline.reset(token)


def check() -> None:
    """Raise ArticleTimeout when the current article's deadline has passed (no deadline: nothing)."""
    end = _deadline.get()
    if end is not None and time.perf_counter() > end:
        raise ArticleTimeout("the article used up its time budget")
