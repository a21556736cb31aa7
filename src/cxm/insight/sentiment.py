"""Sentiment of what customers wrote, with VADER (an offline lexicon model; nothing downloaded).

Scored: the text of social and support interactions and of survey comments, except messages the
brand itself sent (``from_customer`` false in the attributes). Each distinct text is scored once,
so repeated texts (and re-published data) cost nothing extra. The score is VADER's ``compound``
in [-1, 1]; a customer's sentiment is the mean over their scored interactions, labelled positive
(≥ 0.05), negative (≤ -0.05) or neutral, VADER's own thresholds.
"""

from __future__ import annotations

from functools import cache
from typing import Final

import polars as pl

SCORED_DEPARTMENTS: Final = ("social", "support", "feedback")
POSITIVE: Final = 0.05
NEGATIVE: Final = -0.05


@cache
def _analyzer() -> object:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def score_texts(texts: pl.Series) -> pl.Series:
    """VADER compound score of each text (null for null or blank text)."""
    analyzer = _analyzer()
    distinct = texts.drop_nulls().unique()
    distinct = distinct.filter(distinct.str.strip_chars().str.len_chars() > 0)
    scores = [analyzer.polarity_scores(t)["compound"] for t in distinct.to_list()]  # type: ignore[attr-defined]
    lookup = pl.DataFrame({"text": distinct, "score": pl.Series(scores, dtype=pl.Float64)})
    frame = pl.DataFrame({"text": texts})
    return frame.join(lookup, on="text", how="left", maintain_order="left")["score"]


def label(score: pl.Expr) -> pl.Expr:
    """positive / neutral / negative from a compound score (null stays null)."""
    return (
        pl.when(score >= POSITIVE)
        .then(pl.lit("positive"))
        .when(score <= NEGATIVE)
        .then(pl.lit("negative"))
        .when(score.is_not_null())
        .then(pl.lit("neutral"))
    )


def scored(events: pl.DataFrame) -> pl.Series:
    """Per event: its sentiment score, or null when it is not scored (see the module doc)."""
    from_brand = (
        pl.col("attributes")
        .str.json_path_match("$.from_customer")
        .str.to_lowercase()
        .is_in(["false", "0", "no"])
        .fill_null(False)
    )
    eligible = events.select(
        pl.when(pl.col("department").is_in(SCORED_DEPARTMENTS) & ~from_brand)
        .then(pl.col("text"))
        .alias("text")
    )["text"]
    return score_texts(eligible)
