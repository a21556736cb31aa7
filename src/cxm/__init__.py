"""cxm: a lightweight customer data platform.

Departmental exports are loaded into a validated Parquet lake (:mod:`cxm.ingest`), resolved into one
customer per person, and served as unified profiles and timelines.
"""

from __future__ import annotations

__version__ = "0.1.0"
