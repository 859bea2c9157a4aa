"""Untrusted JSON, bounded: nesting depth checked before parsing, arrays read one item at a time.

`json.loads` recurses once per bracket and raises RecursionError on deep nesting (100,000 levels take a few
hundred bytes), and a whole document parsed at once holds every item in memory (a 243 KB gzip of small objects
becomes millions of dicts, several GB). So:

- `too_deep(doc)` scans the brackets outside strings (C-speed byte operations; no parsing) and says whether any
  value nests deeper than `MAX_JSON_DEPTH`. Every JSON text eventwire parses from a file, a line or stdin passes
  it first (`loads_bounded`).
- `iter_array(fh)` reads a JSON array from a binary stream in windows of decoded text: it finds where each item
  ends by scanning its brackets and strings (depth counted on the way), then parses that item alone. Memory is
  one item (at most `MAX_LINE_BYTES`) plus one window, whatever the size of the document; at most
  `MAX_ITEMS_PER_FILE` items are read, the document at most `MAX_GZIP_BYTES` (decompressed).

Problems are `JsonValue`s with `problem` set (a rejection reason "code: detail"), never exceptions: an item that
is too deep or invalid is one problem and the next item is read; a problem that leaves no way to find the next
item (a cut document, an item over the size cap, bytes that are not UTF-8) ends the document.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, count
from operator import sub
from typing import BinaryIO

from eventwire.errors import RejectedInput
from eventwire.ingest.limits import MAX_GZIP_BYTES, MAX_ITEMS_PER_FILE, MAX_JSON_DEPTH, MAX_LINE_BYTES

# A JSON string: unrolled so that matching is linear. The bytes form also matches a string left open at the end,
# so a document of many escaped quotes without a closing one is scanned once, not once per quote.
_STRING_B = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\Z)', re.S)
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NEXT = re.compile(r'[\[\]{}"]')
_SCALAR = re.compile(r'[^\s,\]\}\[\{"]+')
_WS = re.compile(r"[ \t\r\n]*")
_OPEN_CLOSE = bytes(range(256)).replace(b"[", b"\x02").replace(b"{", b"\x02").replace(b"]", b"\x00") \
    .replace(b"}", b"\x00")
_NOT_BRACKET = bytes(c for c in range(256) if c not in b"[]{}")
_CHUNK = 1 << 20


def depth(doc: str | bytes) -> int:
    """The deepest nesting of brackets outside strings (0 for a scalar); counts brackets, does not parse."""
    b = doc.encode("utf-8", "surrogatepass") if isinstance(doc, str) else doc
    if b'"' in b:
        b = _STRING_B.sub(b"", b)
    ups = b.translate(_OPEN_CLOSE, _NOT_BRACKET)  # "[" and "{" -> 2, "]" and "}" -> 0, the rest dropped
    # depth after the i-th bracket = opened - closed = (sum of the first i values) - i
    return max(map(sub, accumulate(ups), count(1)), default=0)


def too_deep(doc: str | bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when a value in `doc` nests deeper than `limit` (cheap when it has few brackets)."""
    b = doc.encode("utf-8", "surrogatepass") if isinstance(doc, str) else doc
    if b.count(b"[") + b.count(b"{") <= limit:
        return False
    return depth(b) > limit


def loads_bounded(doc: str | bytes, limit: int = MAX_JSON_DEPTH) -> object:
    """`json.loads` after the depth check. Raises RejectedInput("too_deep") or json.JSONDecodeError (a ValueError);
    bytes that are not UTF-8 raise UnicodeDecodeError (also a ValueError)."""
    if too_deep(doc, limit):
        raise RejectedInput("too_deep", f"JSON nested deeper than {limit} levels")
    try:
        return json.loads(doc)
    except RecursionError:  # not reached after the check; kept so that no RecursionError can escape
        raise RejectedInput("too_deep", f"JSON nested deeper than {limit} levels") from None


@dataclass(slots=True)
class JsonValue:
    """One item of a JSON array (or the one value of a document): its value, or why it was refused."""

    index: int  # 1-based
    value: object = None
    raw: str = ""  # its text (the start of it, for a refusal)
    problem: str | None = None  # "code: detail"; None when `value` is good
    final: bool = False  # the problem ends the document: nothing after it is read


class _End(Exception):
    """The document cannot be read further; `problem` says why."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class _Window:
    """Decoded text of a binary stream, read on demand in chunks; `buf[pos:]` is what is left to parse."""

    def __init__(self, fh: BinaryIO, max_bytes: int) -> None:
        self.fh, self.max_bytes = fh, max_bytes
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.buf, self.pos, self.offset = "", 0, 0  # offset: characters dropped before buf
        self.read, self.eof, self.first = 0, False, True

    def more(self, at_least: int = 0) -> bool:
        """Append the next chunk of text; False at the end of the stream."""
        if self.eof:
            return False
        data = self.fh.read(min(max(_CHUNK, at_least), self.max_bytes + 1 - self.read))
        self.read += len(data)
        if self.read > self.max_bytes:
            raise _End(f"too_large: the document is over {self.max_bytes:,} bytes")
        self.eof = not data
        try:
            text = self.decoder.decode(data, final=self.eof)
        except UnicodeDecodeError as exc:
            raise _End(f"encoding: not UTF-8 (near byte {self.read - len(data) + exc.start:,})") from None
        if self.first and text:
            text, self.first = text.removeprefix("\ufeff"), False
        self.buf += text
        return bool(data)

    def compact(self) -> None:
        """Forget the text already parsed (kept only while it is a large part of the window)."""
        if self.pos > _CHUNK and self.pos * 2 > len(self.buf):
            self.offset += self.pos
            self.buf, self.pos = self.buf[self.pos:], 0

    def skip_ws(self) -> str:
        """Move past whitespace; the next character, or "" at the end."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def drain(self) -> int:
        """Read (and drop) the rest of the stream, up to the byte cap; the bytes it held."""
        before = self.read
        while not self.eof and self.read <= self.max_bytes:
            data = self.fh.read(min(_CHUNK, self.max_bytes + 1 - self.read))
            self.read += len(data)
            self.eof = not data
        return self.read - before


def _value_end(win: _Window, start: int, cap: int, limit: int) -> tuple[int, bool]:
    """(end, too deep) of the JSON value starting at `win.buf[start]`, reading more text as needed; its brackets
    and strings are scanned, not parsed. Raises _End when the value does not end within `cap` characters or the
    stream."""
    buf = win.buf
    if buf[start] not in "[{":
        while True:  # a scalar: a string, or a number, true, false, null (or garbage: json.loads will say)
            m = (_STRING if buf[start] == '"' else _SCALAR).match(buf, start)
            if m is None and buf[start] != '"':
                return start + 1, False  # a stray delimiter (",", "}", ":"): one invalid item, then onwards
            if m is not None and (m.end() < len(buf) or win.eof):
                return m.end(), False
            if len(buf) - start > cap:
                raise _End(f"too_large: a value is over {cap:,} characters")
            if not win.more(len(buf) - start):
                if m is None:
                    raise _End("invalid_json: a string is not closed before the end of the document")
                return m.end(), False
            buf = win.buf
    i, level, deepest = start, 0, 0
    while True:
        m = _NEXT.search(buf, i)
        if m is not None and buf[m.start()] == '"':
            s = _STRING.match(buf, m.start())
            if s is not None:
                i = s.end()
                continue
            i = m.start()  # a string not closed within the window: read more, then match it again
        elif m is not None:
            j = m.start()
            if buf[j] in "[{":
                level += 1
                deepest = max(deepest, level)
            else:
                level -= 1
                if level == 0:
                    return j + 1, deepest > limit
            i = j + 1
            continue
        else:
            i = len(buf)
        if len(buf) - start > cap:
            raise _End(f"too_large: a value is over {cap:,} characters")
        if not win.more(len(buf) - start):
            raise _End("invalid_json: the document ends inside a value")
        buf = win.buf


def _parse(text: str, index: int, deep: bool, limit: int) -> JsonValue:
    if deep:
        return JsonValue(index, raw=text[:65536], problem=f"too_deep: JSON nested deeper than {limit} levels")
    try:
        return JsonValue(index, value=json.loads(text), raw=text)
    except RecursionError:  # not reached: the depth was counted
        return JsonValue(index, raw=text[:65536], problem=f"too_deep: JSON nested deeper than {limit} levels")
    except ValueError as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        return JsonValue(index, raw=text[:65536], problem=f"invalid_json: {msg}")


def iter_array(fh: BinaryIO, *, max_items: int = MAX_ITEMS_PER_FILE, max_bytes: int = MAX_GZIP_BYTES,
               max_item_chars: int = MAX_LINE_BYTES, limit: int = MAX_JSON_DEPTH) -> Iterator[JsonValue]:
    """The items of the JSON array that `fh` holds (its first non-blank character is "["), one at a time."""
    win = _Window(fh, max_bytes)
    n = 0
    try:
        if win.skip_ws() != "[":
            yield JsonValue(1, problem="invalid_json: not a JSON array", final=True)
            return
        win.pos += 1
        while True:
            win.compact()
            c = win.skip_ws()
            if c == "]":
                break
            if c == "":
                raise _End("invalid_json: the document ends inside the array")
            if n >= max_items:
                left = len(win.buf[win.pos:].encode("utf-8", "surrogatepass")) + win.drain()
                rest = f"at least {left:,}" if win.read > win.max_bytes else f"{left:,}"
                yield JsonValue(n + 1, raw=win.buf[win.pos:win.pos + 65536], final=True,
                                problem=f"too_many_items: only the first {max_items:,} items of a document are "
                                        f"read; the rest ({rest} bytes) is not")
                return
            start = win.pos
            end, deep = _value_end(win, start, max_item_chars, limit)
            n += 1
            yield _parse(win.buf[start:end], n, deep, limit)
            win.pos = end
            c = win.skip_ws()
            if c == ",":
                win.pos += 1
            elif c == "]":
                break
            elif c == "":
                raise _End("invalid_json: the document ends inside the array")
            else:
                raise _End(f"invalid_json: expected ',' or ']' after item {n} (character "
                           f"{win.offset + win.pos:,})")
        win.pos += 1
        if win.skip_ws() != "":
            yield JsonValue(n + 1, raw=win.buf[win.pos:win.pos + 65536], final=True,
                            problem=f"invalid_json: data after the end of the array (character "
                                    f"{win.offset + win.pos:,})")
    except _End as end:
        yield JsonValue(n + 1, raw=win.buf[win.pos:win.pos + 65536], problem=f"{end.problem}; items from "
                        f"{n + 1:,} on are not read", final=True)
