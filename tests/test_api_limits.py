"""What one client can hold of `eventwire serve` (issue 17): /api/extract's and /api/ingest's checks of what
they are given."""

from __future__ import annotations

import warnings

import pytest

import eventwire
from eventwire.api import create_app

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what this project pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789abcdef"
ATTACK = ("Russian forces shelled the city of Kharkiv on Tuesday, killing three civilians and wounding twelve, "
          "the regional governor said.")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "limits.db"
    eventwire.open(path).close()
    return str(path)


def test_extract_refuses_an_unreadable_published_date(db):
    with TestClient(create_app(db, token=TOKEN)) as c:
        for value in ("1850-01-01", "2100-01-01", "0001-01-01"):
            resp = c.post("/api/extract", json={"text": ATTACK, "published": value})
            assert resp.status_code == 422, resp.text
            assert "between 1900-01-01 and 2099-12-31" in resp.json()["error"]["message"]
            resp = c.post("/api/ingest", json={"articles": [{"text": ATTACK, "published": value}]},
                          headers={"authorization": f"Bearer {TOKEN}"})
            assert resp.status_code == 422 and "1900-01-01" in resp.json()["error"]["message"]
