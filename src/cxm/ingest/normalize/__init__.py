"""Normalization of raw export values into comparable, canonical forms.

One module per kind of value. Every function except :func:`normalize_phones` (which needs
per-unique-value library calls and so takes a ``Series``) builds a polars expression that runs
over whole columns, keeps the input column's name, and works in ``select``/``with_columns``,
``group_by().agg`` and ``list.eval``. Normalizers and parsers return null for blank input as
for missing input (``repair_mojibake`` only ever changes mangled text).
"""

from __future__ import annotations

from cxm.ingest.normalize.address import (
    normalize_country,
    normalize_postal_code,
    normalize_region,
    normalize_street,
)
from cxm.ingest.normalize.amount import parse_amount
from cxm.ingest.normalize.email import is_valid_email, normalize_email
from cxm.ingest.normalize.identifier import clean_id, normalize_handle, salesforce_id18
from cxm.ingest.normalize.name import fold_text, normalize_name, split_full_name
from cxm.ingest.normalize.phone import normalize_phones
from cxm.ingest.normalize.text import repair_mojibake
from cxm.ingest.normalize.timestamp import parse_date, parse_datetime

__all__ = [
    "clean_id",
    "fold_text",
    "is_valid_email",
    "normalize_country",
    "normalize_email",
    "normalize_handle",
    "normalize_name",
    "normalize_phones",
    "normalize_postal_code",
    "normalize_region",
    "normalize_street",
    "parse_amount",
    "parse_date",
    "parse_datetime",
    "repair_mojibake",
    "salesforce_id18",
    "split_full_name",
]
