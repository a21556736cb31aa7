"""Social inbox export: the contact's primary identifier means something different per medium.

A handle on twitter / instagram / tiktok, a phone number on whatsapp / sms, a page-scoped id
(PSID) on facebook messenger, an address on email. This hook puts it in the column the spec maps
for that kind; media it does not know keep it in the record's attributes only.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cxm.ingest.social import ordinal_within

MEDIUM = "Medium"
PRIMARY = "Contact Primary Identifier"
# Source columns this hook reads besides those the spec maps (the reader keeps only those).
COLUMNS = frozenset({MEDIUM, PRIMARY, "Conversation ID", "Created at"})
HANDLE_MEDIA = {"twitter": "twitter", "x": "twitter", "instagram": "instagram", "tiktok": "tiktok"}
PHONE_MEDIA = ("whatsapp", "sms", "mms", "phone", "voice")
PSID_MEDIA = ("facebook", "messenger")
EMAIL_MEDIA = ("email",)


def prepare(frame: pl.DataFrame, ctx: Any) -> pl.DataFrame:
    """``contact.<kind>`` columns from the primary identifier, and a message key."""
    medium = pl.col(MEDIUM).str.strip_chars().str.to_lowercase()
    primary = pl.col(PRIMARY).str.strip_chars()
    handles = [
        pl.when(medium.is_in(list({m for m, p in HANDLE_MEDIA.items() if p == platform})))
        .then(primary)
        .alias(f"contact.{platform}")
        for platform in sorted(set(HANDLE_MEDIA.values()))
    ]
    return frame.with_columns(
        *handles,
        pl.when(medium.is_in(list(PHONE_MEDIA))).then(primary).alias("contact.phone"),
        pl.when(medium.is_in(list(EMAIL_MEDIA))).then(primary).alias("contact.email"),
        pl.when(medium.is_in(list(PSID_MEDIA)) & primary.is_not_null())
        .then(pl.lit("facebook_psid:") + primary)
        .alias("contact.facebook_psid"),
        # Messages carry no id: conversation + time + position among messages of the same second.
        ordinal_within("Conversation ID", "Created at").cast(pl.String).alias("message.ordinal"),
    )
