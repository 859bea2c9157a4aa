"""The package's own version, in a module that imports nothing, so that any module may read it without importing
the package's top (`eventwire/__init__.py`, which imports the store, the records and the pipeline's entry points).
Keep it equal to `version` in pyproject.toml (tests/test_version.py checks)."""

__version__ = "0.1.0"
