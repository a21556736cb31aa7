"""The HTTP API (FastAPI): profiles, lookups, timelines, explanations, links and keys.

Routes are thin: they parse parameters, call :mod:`cxm.store.query` inside one snapshot and
shape the answer. Errors become ``application/problem+json`` in :mod:`cxm.api.problem` only.
"""
