"""Ingest: read departmental exports, map them onto the canonical schemas, write the lake."""
