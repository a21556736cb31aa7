"""X/Twitter archive tweets: one row per (tweet, customer it mentions or replies to).

The archive holds the brand's own tweets. The customers in a tweet are its ``user_mentions`` and
the user it replies to; the brand's own account is never one of them (found in ``account.js`` /
``manifest.js`` beside the file, else the id in every DM conversation beside it, else the user
the brand's self-threads reply to). A tweet that involves no customer is skipped with a reason.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cxm.ingest.read import ROW
from cxm.ingest.social import (
    find_twitter_account,
    json_objects,
    valid_user_id,
)

SKIP_REASON = "__skip_reason"
NO_CUSTOMER = (
    "tweet involves no customer: it mentions and replies to nobody but the brand's own account"
)

_MENTION = pl.Struct({"id_str": pl.String, "screen_name": pl.String, "name": pl.String})
_TWEET_COLUMNS = (
    "id_str",
    "created_at",
    "full_text",
    "lang",
    "entities.user_mentions",
    "in_reply_to_status_id_str",
    "in_reply_to_user_id_str",
    "in_reply_to_screen_name",
)


def _tweet_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns under ``tweet.`` whatever the archive's vintage (some records lack the wrapper)."""
    out = []
    for name in _TWEET_COLUMNS:
        wrapped = f"tweet.{name}"
        if wrapped in frame.columns:
            out.append(pl.col(wrapped))
        elif name in frame.columns:
            out.append(pl.col(name).alias(wrapped))
        else:
            out.append(pl.lit(None, dtype=pl.String).alias(wrapped))
    return frame.with_columns(out)


def _self_reply_owner(frame: pl.DataFrame) -> str | None:
    """The user the archive's tweets reply to when replying to a tweet of the same archive."""
    own = frame.get_column("tweet.id_str").drop_nulls()
    owners = (
        frame.filter(pl.col("tweet.in_reply_to_status_id_str").is_in(own.implode()))
        .get_column("tweet.in_reply_to_user_id_str")
        .drop_nulls()
        .unique()
    )
    return owners.item() if owners.len() == 1 else None


def prepare(frame: pl.DataFrame, ctx: Any) -> pl.DataFrame:
    """Explode tweets into one row per customer; ``customer.role`` is ``reply`` or ``mention``."""
    frame = _tweet_columns(frame)
    account = find_twitter_account(ctx.path.parent)
    brand_id = account.account_id if account is not None else _self_reply_owner(frame)
    brand_name = (account.username or "").lower() if account is not None else ""

    reply = pl.struct(
        pl.col("tweet.in_reply_to_user_id_str").alias("id_str"),
        pl.col("tweet.in_reply_to_screen_name").alias("screen_name"),
        pl.lit(None, dtype=pl.String).alias("name"),
    )
    people = (
        frame.select(
            ROW,
            pl.concat_list(
                json_objects(frame, "tweet.entities.user_mentions", _MENTION).fill_null([]),
                pl.concat_list(reply),
            ).alias("person"),
        )
        .explode("person")
        .unnest("person")
        .with_columns(pl.col("id_str").str.strip_chars(), pl.col("screen_name").str.strip_chars())
        .filter(valid_user_id(pl.col("id_str")))
    )
    if brand_id is not None:
        people = people.filter(pl.col("id_str") != brand_id)
    if brand_name:
        people = people.filter(pl.col("screen_name").str.to_lowercase().ne_missing(brand_name))
    # A display name that merely repeats the handle ("nclark_hikes") says nothing about the name.
    people = (
        people.with_columns(
            pl.when(
                pl.col("name")
                .str.to_lowercase()
                .ne_missing(pl.col("screen_name").str.to_lowercase())
            )
            .then(pl.col("name"))
            .alias("name")
        )
        .group_by(ROW, "id_str", maintain_order=True)
        .agg(
            pl.col("screen_name").drop_nulls().first().alias("customer.screen_name"),
            pl.col("name").drop_nulls().first().alias("customer.name"),
        )
    )
    tweets = frame.with_columns(
        pl.col("tweet.full_text")
        .str.starts_with("RT @")
        .cast(pl.String)
        .str.to_lowercase()
        .alias("tweet.retweet"),
    )
    involved = tweets.join(
        people.rename({"id_str": "customer.id_str"}),
        on=ROW,
        how="inner",
        maintain_order="left_right",
    )
    involved = involved.with_columns(
        pl.when(pl.col("customer.id_str") == pl.col("tweet.in_reply_to_user_id_str"))
        .then(pl.lit("reply"))
        .otherwise(pl.lit("mention"))
        .alias("customer.role")
    )
    skipped = tweets.join(people.select(ROW).unique(), on=ROW, how="anti").with_columns(
        pl.lit(NO_CUSTOMER).alias(SKIP_REASON)
    )
    return pl.concat([involved, skipped], how="diagonal_relaxed").sort(ROW, maintain_order=True)
