"""Turning what an agent typed into the store's normalized identifiers.

Every value is normalized exactly as ingest normalizes it (the same polars expressions), so
``(555) 010-1234`` finds ``+15550101234`` and ``JOHN@X.COM`` finds ``john@x.com``.
"""

from __future__ import annotations

import polars as pl

from cxm.ingest.normalize.email import is_valid_email, normalize_email
from cxm.ingest.normalize.identifier import clean_id, normalize_handle, salesforce_id18
from cxm.ingest.normalize.name import normalize_name
from cxm.ingest.normalize.phone import normalize_phones
from cxm.store.frames import name_tokens, order_key

PLATFORMS = frozenset(
    {"twitter", "x", "instagram", "facebook", "tiktok", "linkedin", "youtube", "threads"}
)
MIN_PHONE_DIGITS = 7


def _one(expr: pl.Expr, value: str) -> str | None:
    out = pl.DataFrame({"v": [value]}, schema={"v": pl.String}).select(expr.alias("v"))
    result = out.item()
    return None if result is None else str(result)


def email_key(value: str) -> str | None:
    """The normalized email, or ``None`` when it is not a valid address."""
    email = normalize_email(pl.col("v"))
    return _one(pl.when(is_valid_email(email)).then(email), value)


def phone_key(value: str, default_region: str) -> str | None:
    """The E.164 form of a phone number, or ``None`` when it cannot be one."""
    result = normalize_phones(pl.Series([value], dtype=pl.String), default_region).item()
    return None if result is None else str(result)


def handle_key(value: str) -> tuple[str | None, str]:
    """``(platform or None, handle)`` for ``twitter:jane``, ``@jane`` or a profile URL."""
    platform, sep, rest = value.partition(":")
    if sep and platform.strip().isalpha() and not rest.startswith("//"):
        handle = _one(normalize_handle(pl.col("v")), rest)
        return platform.strip().lower(), handle or ""
    return None, _one(normalize_handle(pl.col("v")), value) or ""


def order_number(value: str) -> str:
    """An order number as stored (``#1042`` → ``1042``)."""
    return _one(order_key(pl.col("v")), value) or ""


def external_id_keys(value: str) -> list[str]:
    """The forms an external id may be stored in: as cleaned, as an 18-character Salesforce
    id when it looks like a 15-character one, and as the 15-character id an 18-character one
    carries (when its checksum fits), since other systems store either form."""
    cleaned = _one(clean_id(pl.col("v")), value)
    if cleaned is None:
        return []
    forms = {cleaned, _one(salesforce_id18(pl.col("v")), cleaned) or cleaned}
    short = cleaned[:15]
    if len(cleaned) == 18 and _one(salesforce_id18(pl.col("v")), short) == cleaned:
        forms.add(short)
    return sorted(forms)


def name_query(value: str) -> tuple[str, list[str]]:
    """The folded name and its indexable tokens."""
    folded = _one(normalize_name(pl.col("v")), value) or ""
    tokens = _one(name_tokens(pl.col("v")).list.join(" "), folded) if folded else ""
    return folded, [t for t in (tokens or "").split(" ") if t]


def fold_names(values: list[str | None]) -> list[str]:
    """Fold many names at once (for ranking candidates)."""
    series = pl.Series(values, dtype=pl.String)
    return (
        pl.DataFrame({"v": series}).select(normalize_name(pl.col("v")).fill_null(""))["v"].to_list()
    )
