"""Schemathesis against the API's own OpenAPI description: for every operation, generated requests (valid and
invalid) never get a server error, and every answer has a documented status code, the documented content type
and a body that matches the documented schema (errors: the one error shape).

Not checked: "a schema-valid request is accepted". Query parameters are documented as strings and checked by the
store's own rules (a 400 with a sentence), so a string the schema allows, such as min_sources=title, is refused
on purpose. Schemathesis' own pytest plugin does not load under pytest 9, so the operations are driven here with
hypothesis directly, as its documentation describes for custom runners.
"""

from __future__ import annotations

from importlib import resources

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is a test extra (pip install -e '.[test]')")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

import eventwire  # noqa: E402
from eventwire import ingest_sources
from eventwire.api import create_app  # noqa: E402

EXAMPLES = 30  # per operation


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    db = tmp_path_factory.mktemp("schema") / "demo.db"
    with eventwire.open(db, create=True) as store:
        ingest_sources(store, [str(resources.files("eventwire") / "data" / "samples")])
    app = create_app(str(db), token="a-test-token-that-is-long-enough")
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


def _operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_answers_as_documented(schema):
    ops = _operations(schema)
    assert {op.path for op in ops} >= {"/api/events", "/api/incidents", "/api/actors", "/api/articles",
                                       "/api/graph", "/api/timeline", "/api/extract", "/api/ingest"}
    failures: list[str] = []
    for op in ops:
        @given(case=op.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case) -> None:
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure, then report them all
            failures.append(f"{op.label}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
