"""Normalization of raw export values into comparable, canonical forms.

One module per kind of value; every function except :func:`normalize_phones` (which needs
per-unique-value library calls and so takes a ``Series``) is a polars expression builder that
runs over whole columns and can be used in ``select``/``with_columns`` and ``list.eval``
(``repair_mojibake`` excepted there, as it maps batches).
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
