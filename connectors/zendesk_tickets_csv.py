"""Zendesk CSV ticket export: Via labels to the API's channel codes, satisfaction in lower case.

The JSON export says ``via.channel = "web"`` where the CSV export says ``Via = "Web form"``; one
vocabulary makes a person's tickets comparable whichever export they came from. Labels not listed
here are kept, in snake case.
"""

from __future__ import annotations

from typing import Any

import polars as pl

VIA_CODES = {
    "web form": "web",
    "web": "web",
    "mail": "email",
    "email": "email",
    "chat": "chat",
    "phone call (inbound)": "voice",
    "phone call (incoming)": "voice",
    "phone call (outbound)": "voice",
    "phone": "voice",
    "voicemail": "voice",
    "web service": "api",
    "api": "api",
    "web widget": "web_widget",
    "mobile sdk": "mobile_sdk",
    "mobile": "mobile",
    "closed ticket": "closed_ticket",
    "ticket sharing": "ticket_sharing",
    "twitter": "twitter",
    "twitter dm": "twitter",
    "twitter direct message": "twitter",
    "facebook": "facebook",
    "facebook post": "facebook",
    "facebook message": "facebook",
    "text": "sms",
    "sms": "sms",
    "whatsapp": "whatsapp",
}

# Source columns this hook reads besides those the spec maps (the reader keeps only those).
COLUMNS = frozenset({"Via", "Satisfaction Score"})


def prepare(frame: pl.DataFrame, ctx: Any) -> pl.DataFrame:
    """Rewrite ``Via`` as channel codes and ``Satisfaction Score`` in lower case."""
    out = []
    if "Via" in frame.columns:
        label = pl.col("Via").str.strip_chars().str.to_lowercase()
        fallback = label.str.replace_all(r"[^\p{L}\p{N}]+", "_").str.strip_chars("_")
        out.append(label.replace_strict(VIA_CODES, default=fallback).alias("Via"))
    if "Satisfaction Score" in frame.columns:
        out.append(pl.col("Satisfaction Score").str.strip_chars().str.to_lowercase())
    return frame.with_columns(out) if out else frame
