"""X/Twitter archive direct messages: one row per message, attributed to the customer.

A record of ``direct-messages.js`` is one conversation with a ``messages`` array. Every
``messageCreate`` becomes a row whose customer is the party that is not the brand; other events
in the array (reactions, conversation renames) are not messages and are left out of the
conversation's rows. The brand's account comes from ``account.js`` / ``manifest.js`` beside the
file, else it is the id present in every conversation.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cxm.ingest.read import ROW
from cxm.ingest.social import (
    common_participant,
    conversation_ids,
    json_objects,
    read_twitter_account,
    valid_user_id,
)

SKIP_REASON = "__skip_reason"
CONVERSATION = "dmConversation.conversationId"
MESSAGES = "dmConversation.messages"

_MESSAGE = pl.Struct(
    {
        "messageCreate": pl.Struct(
            {
                "id": pl.String,
                "senderId": pl.String,
                "recipientId": pl.String,
                "text": pl.String,
                "createdAt": pl.String,
                "mediaUrls": pl.List(pl.String),
            }
        )
    }
)


def _brand_id(frame: pl.DataFrame, messages: pl.DataFrame, ctx: Any) -> tuple[str | None, str]:
    """The brand's account id and, when it is unknown, why."""
    account = read_twitter_account(ctx.path.parent)
    if account is not None:
        return account.account_id, ""
    people = messages.group_by(ROW).agg(pl.col("message.senderId"), pl.col("message.recipientId"))
    ids = dict(zip(frame[ROW].to_list(), frame[CONVERSATION].to_list(), strict=True))
    conversations = [
        conversation_ids(ids.get(row), *senders, *recipients)
        for row, senders, recipients in people.iter_rows()
    ]
    owner = common_participant(conversations)
    if owner is not None:
        return owner, ""
    return None, (
        "cannot tell the brand's account from the customer: no account.js or manifest.js beside "
        "the file and no single id takes part in every conversation"
    )


def prepare(frame: pl.DataFrame, ctx: Any) -> pl.DataFrame:
    """One row per message with ``customer.id_str`` and ``message.from_customer``."""
    if CONVERSATION not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(CONVERSATION))
    messages = (
        frame.select(ROW, json_objects(frame, MESSAGES, _MESSAGE).alias("event"))
        .explode("event")
        .select(ROW, pl.col("event").struct.field("messageCreate").alias("message"))
        .filter(pl.col("message").is_not_null())
        .unnest("message")
        .rename(lambda c: c if c == ROW else f"message.{c}")
    )
    brand_id, unknown = _brand_id(frame, messages, ctx)
    base = frame.drop(MESSAGES, strict=False)
    if brand_id is None:
        return base.with_columns(pl.lit(unknown).alias(SKIP_REASON))

    from_customer = pl.col("message.senderId").ne_missing(brand_id)
    messages = messages.with_columns(
        pl.when(from_customer)
        .then(pl.col("message.senderId"))
        .otherwise(pl.col("message.recipientId"))
        .alias("customer.id_str"),
        from_customer.cast(pl.String).str.to_lowercase().alias("message.from_customer"),
    )
    # A conversation is the brand's with one customer; its rows stand or fall together.
    verdict = messages.group_by(ROW).agg(
        pl.when(~valid_user_id(pl.col("customer.id_str")).any())
        .then(pl.lit("direct message without a sender or recipient id"))
        .when((pl.col("customer.id_str") == brand_id).any())
        .then(pl.lit("conversation of the brand's account with itself"))
        .alias(SKIP_REASON)
    )
    out = base.join(messages, on=ROW, how="inner", maintain_order="left_right").join(
        verdict, on=ROW, how="left", maintain_order="left"
    )
    empty = base.join(messages.select(ROW).unique(), on=ROW, how="anti").with_columns(
        pl.lit("conversation holds no messages").alias(SKIP_REASON)
    )
    return pl.concat([out, empty], how="diagonal_relaxed").sort(ROW, maintain_order=True)
