"""The HTTP API (FastAPI) over the event store, and the dashboard's static files: `eventwire serve`.

    from eventwire.api import create_app
    app = create_app("events.db")        # then: uvicorn.run(app, host="127.0.0.1", port=8000)

Modules: `app` (create_app, middleware, static files), `routes` (the read endpoints), `write` (/api/extract and
the token-protected /api/ingest), `graph_view` (the graph payload and its cache), `errors` (the one error shape).
"""

from eventwire.api.app import create_app

__all__ = ["create_app"]
