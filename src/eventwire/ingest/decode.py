"""Bytes -> str for untrusted input: binary sniffing, strict UTF-8, charset detection, replacement budget.

Every function here returns data or raises `RejectedInput` with a short reason code; nothing else escapes.
"""

from __future__ import annotations

import re

from eventwire.errors import RejectedInput

# Magic numbers of formats that are never an article.
_MAGIC = (
    (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"\x1f\x8b", "gzip"), (b"%PDF", "pdf"),
    (b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"),
    (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"), (b"7z\xbc\xaf\x27\x1c", "7z"), (b"\x7fELF", "elf"),
    (b"RIFF", "riff"), (b"\xd0\xcf\x11\xe0", "ole"), (b"\x00\x00\x01\x00", "ico"),
    (b"SQLite format 3", "sqlite"), (b"\x28\xb5\x2f\xfd", "zstd"),
)
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13)) + b"\x7f"
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.I)
MAX_REPLACEMENT_SHARE = 0.05


def scrub(text: str) -> str:
    """`text` without lone UTF-16 surrogates (JSON may carry them as "\\ud800"; they cannot be stored or hashed as
    UTF-8): each becomes U+FFFD, and a valid escaped pair becomes its character."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def sniff_binary(data: bytes) -> str | None:
    """Return a short description when `data` looks binary, else None. A NUL byte anywhere makes it binary
    (UTF-16/32 text with a BOM excepted: `decode_bytes` refuses a NUL character after decoding it)."""
    head = data[:16]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    sample = data[:65536]
    if not sample:
        return None
    # UTF-16/32 with a BOM is text, not binary.
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if b"\x00" in data:  # anywhere, not only in the sample: a NUL never reaches the store (PostgreSQL refuses it)
        return "nul bytes"
    controls = sum(sample.count(bytes([c])) for c in _CONTROL)
    if controls / len(sample) > 0.02:
        return "control characters"
    return None


def _share_bad(text: str) -> float:
    if not text:
        return 0.0
    bad = text.count("\ufffd") + sum(1 for ch in text if ("\x00" <= ch < "\x09") or ("\x0e" <= ch < "\x20"))
    return bad / len(text)


# A text that is UTF-8 but for a few stray bytes (a pasted byte of another encoding, a cut multi-byte character) is
# UTF-8: read in another encoding, every accented letter and curly quote of it would be garbled. "A few": at most
# one bad sequence per STRAY_PER bytes, and at least 3 well-formed multi-byte characters per bad one (a Latin-1
# text decoded as UTF-8 has bad sequences where its accents are, and no well-formed ones).
STRAY_PER = 1000


def _mostly_utf8(data: bytes, declared: str | None) -> str | None:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if not bad:
        return text
    said_utf8 = (declared or "").lower().replace("_", "-") in ("utf-8", "utf8")
    multibyte = sum(1 for ch in text if ord(ch) > 127) - bad
    if bad * STRAY_PER <= len(data) and (multibyte >= 3 * bad or said_utf8):
        return text
    return None


# UTF-16 without a BOM (what some Windows tools write): text in a Latin script has a NUL as the high byte of nearly
# every character, so NULs fill one byte position of each pair and (almost) never the other. Binary data with NULs
# does not keep that pattern over a whole sample, and what is decoded is checked as any decoded text is.
UTF16_NUL_SHARE = 0.9


def _bomless_utf16(data: bytes) -> str | None:
    """`data` read as UTF-16 without a BOM (LE or BE, told by where the NULs fall), else None."""
    sample = data[:65536]
    if len(data) % 2 or len(sample) < 16:
        return None
    half = len(sample) // 2
    odd, even = sample[1::2].count(0) / half, sample[0::2].count(0) / half
    if odd >= UTF16_NUL_SHARE and even == 0:
        enc = "utf-16-le"
    elif even >= UTF16_NUL_SHARE and odd == 0:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _share_bad(text) > MAX_REPLACEMENT_SHARE:
        return None
    return text


def decode_bytes(data: bytes, *, html: bool = False) -> str:
    """Decode untrusted bytes to text.

    Order: UTF-16 without a BOM where NULs would make it binary (`_bomless_utf16`), a BOM, strict UTF-8, UTF-8 with
    a few stray bytes replaced (`_mostly_utf8`), the HTML meta charset (HTML only), charset-normalizer's best guess,
    then UTF-8 with replacement. Raises RejectedInput("binary"|"encoding") when the bytes are not text.
    """
    kind = sniff_binary(data)
    if kind == "nul bytes":
        text = _bomless_utf16(data)
        if text is not None:
            return text
    if kind:
        raise RejectedInput("binary", f"input looks binary ({kind})")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise RejectedInput("encoding", "invalid UTF-16 text") from None
        if "\x00" in text:
            raise RejectedInput("binary", "input looks binary (NUL characters)")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = None
    if html:
        m = _META_CHARSET.search(data[:8192])
        if m:
            declared = m.group(1).decode("ascii", "ignore")
    text = _mostly_utf8(data, declared)
    if text is not None:
        return text
    candidates: list[str] = [declared] if declared else []
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:262144]).best()
        # A guess with no language coherence at all is how random bytes look: do not trust it.
        if best is not None and best.encoding and best.coherence > 0.05:
            candidates.append(best.encoding)
    except Exception:  # noqa: BLE001 - detection is best effort
        pass
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
        if _share_bad(text) <= MAX_REPLACEMENT_SHARE:
            return text
    text = data.decode("utf-8", errors="replace")
    if _share_bad(text) > MAX_REPLACEMENT_SHARE:
        raise RejectedInput("encoding", "input is not valid text in any detected encoding")
    return text
