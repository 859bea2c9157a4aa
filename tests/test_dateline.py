"""Tests for eventwire.ingest.dateline: the publication date from a dateline or byline at the start of a text,
and its place among the other sources of the date (metadata, --published, HTML meta tags come first)."""

from __future__ import annotations

import pytest

from eventwire.ingest import article_from_input
from eventwire.ingest.article import article_from_html, article_from_text
from eventwire.ingest.dateline import dateline_date, url_year

BODY = "Gunmen attacked a village near the town on Monday, killing five civilians, police said."


@pytest.mark.parametrize(("text", "want"), [
    ("KYIV, Ukraine, March 9, 2025 -- Russian forces shelled the city overnight.", "2025-03-09"),
    ("KYIV, Ukraine, March 9, 2025 — Russian forces shelled the city overnight.", "2025-03-09"),
    ("Mekong Post, March 9, 2025\n\n" + BODY, "2025-03-09"),
    ("Published: 09/03/2025\n\n" + BODY, "2025-03-09"),  # day first, as the time grammar reads it
    ("Published: 03/29/2025\n\n" + BODY, "2025-03-29"),  # 29 cannot be a month
    ("Updated March 9, 2025 10:32 a.m. ET\n\n" + BODY, "2025-03-09"),
    ("9 March 2025 | Dhaka\n\n" + BODY, "2025-03-09"),
    ("LAGOS, Nigeria, 9 March 2025 (AFP) - " + BODY, "2025-03-09"),
    ("WASHINGTON, Sunday, March 9, 2025 -- " + BODY, "2025-03-09"),
    ("Posted on 2025-03-09 at 14:00 GMT\n\n" + BODY, "2025-03-09"),
])
def test_dateline_shapes(text: str, want: str) -> None:
    assert dateline_date(text) == want


@pytest.mark.parametrize("text", [
    "On March 9, 2025, gunmen attacked a village near the town, police said.",  # a date in the body
    BODY + "\n\nOn March 9, 2025, gunmen attacked again.",
    "March 9, 2025, was the bloodiest day of the year, police said.",
    "Gunmen attacked.\nThe talks of March 9, 2025 failed.",
    "BAMAKO, March 9 (Reuters) - " + BODY,  # no year, none known: never invented
    "",
])
def test_not_a_dateline(text: str) -> None:
    assert dateline_date(text) is None


def test_yearless_dateline_takes_the_year_of_the_url() -> None:
    text = "BAMAKO, March 9 (Reuters) - " + BODY
    assert dateline_date(text, url="https://www.example.com/world/africa/2025/03/09/mali-attack/") == "2025-03-09"
    assert dateline_date(text, url="https://www.example.com/world/africa/mali-attack-idUS") is None
    assert url_year("https://2025.example.com/news/item") is None  # a year in the host is not the article's


def test_dateline_is_the_last_source_of_the_date() -> None:
    text = "KYIV, Ukraine, March 9, 2025 -- " + BODY
    assert article_from_text(text).published == "2025-03-09"
    assert article_from_text(text, published="2025-03-11").published == "2025-03-11"  # metadata first
    assert article_from_text(text, default_published="2025-03-12").published == "2025-03-12"  # --published too
    assert article_from_input(BODY).published is None  # no dateline, no date: never today's


def test_html_meta_date_comes_before_the_dateline() -> None:
    html = ("<html><head><title>Attack</title><meta property='article:published_time' content='2025-03-10'>"
            "</head><body><article><p>KYIV, Ukraine, March 9, 2025 -- Russian forces shelled the city overnight, "
            "killing two people and wounding six, the regional governor said on Sunday morning.</p>"
            "<p>Rescue teams worked through the night to clear the rubble of a five-storey building, officials "
            "said, and schools in the district were closed.</p></article></body></html>")
    art = article_from_html(html)
    assert art.rejected is None
    assert art.published == "2025-03-10"
