"""Comparison levels: how well two records agree, field by field, as small integers.

Every comparison maps a candidate pair to a level: ``-1`` when either side is missing (no
evidence either way), ``0`` when the values disagree, and higher levels for closer agreement
(:data:`COMPARISONS` lists them from 0 upwards). Everything is columnar: values are gathered
for whole chunks of pairs, and Jaro-Winkler similarities are computed by rapidfuzz once per
*distinct* pair of values, never per pair in Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

import numpy as np
import polars as pl
from rapidfuzz.distance import OSA, Hamming, JaroWinkler
from rapidfuzz.process import cpdist

COMPARISONS: Final[dict[str, tuple[str, ...]]] = {
    "given_name": ("different", "initial", "similar", "very_similar", "nickname", "exact"),
    "family_name": ("different", "similar", "very_similar", "exact"),
    "email": ("different", "typo", "exact"),
    "phone": ("different", "same_last_7", "exact"),
    "birth_date": ("different", "same_year", "typo", "exact"),
    "street": ("different", "similar", "exact"),
    "city": ("different", "exact"),
    "postcode": ("different", "exact"),
    "external_id": ("different", "exact"),
    "handle": ("exact",),
}
"""Each comparison's levels, from disagreement (0) to exact agreement; -1 means missing."""

TF_COMPARISONS: Final[dict[str, str]] = {"given_name": "given_tf", "family_name": "family"}
"""Comparisons whose exact level is adjusted by how common the value is (term frequency), and
the column holding the value. Given names count by nickname group: "Nick" is as common as all
the Nicholases who might write it, not as rare as the string."""

JW_SIMILAR: Final[float] = 0.80
JW_VERY_SIMILAR: Final[float] = 0.92
JW_STREET: Final[float] = 0.88
CHUNK_PAIRS: Final[int] = 2_000_000
"""Pairs compared at once: bounds the memory of the gathered values."""

_STRING_COLUMNS = ("given", "family", "street", "email1", "dob_text")
_LIST_COLUMNS = ("given_groups", "emails", "phones", "tails", "ext_keys", "ext_ns", "handles")
EMAIL_TYPO_EDITS: Final[int] = 1
"""Most edits (insert, delete, substitute, swap neighbours) between emails that are a typo."""


def prepare(working: pl.DataFrame) -> pl.DataFrame:
    """Add the derived columns comparisons need: integer codes of strings, email local parts,
    phone tails, external-id namespaces and dates as text."""
    working = working.with_columns(
        # The first of the (sorted) nickname groups: Nick and Nicholas count together.
        pl.col("given_groups").list.first().alias("given_tf"),
        pl.col("emails").list.first().alias("email1"),
        pl.col("dob").dt.strftime("%Y%m%d").alias("dob_text"),
    )
    working = working.with_columns(
        pl.col("street").str.extract(r"^(\S+)").alias("house"),
    )
    codes = [
        # Dense codes of the values' 64-bit hashes (equal values, equal codes; 0 for null):
        # ranking integers is far cheaper than ranking the strings.
        pl.when(pl.col(c).is_null())
        .then(0)
        .otherwise(pl.col(c).hash().rank("dense"))
        .cast(pl.UInt32)
        .alias(f"{c}_code")
        for c in (*_STRING_COLUMNS, "house", "city", "postcode")
    ]
    return working.with_columns(
        *codes,
        pl.col("phones").list.eval(pl.element().str.slice(-7)).alias("tails"),
        pl.col("ext_keys")
        .list.eval(pl.element().filter(pl.element().str.contains(":")).str.extract(r"^([^:]+):"))
        .alias("ext_ns"),
        pl.col("email1").str.replace_all(r"[^0-9]", "").alias("email1_digits"),
        pl.col("email1").str.replace_all(r"[._+-]", "").alias("email1_bare"),
        pl.col("email1").str.len_chars().alias("email1_len"),
    ).with_columns(
        *(pl.col(c).list.first().hash().alias(f"{c}_first") for c in _LIST_COLUMNS),
        *(pl.col(c).list.len().alias(f"{c}_n") for c in _LIST_COLUMNS),
    )


def _similarity(
    working: pl.DataFrame,
    column: str,
    left: pl.Series,
    right: pl.Series,
    scorer: Any = JaroWinkler.normalized_similarity,
    only: np.ndarray | None = None,
) -> pl.Series:
    """``scorer`` of ``column`` for each pair, computed once per distinct pair of values.

    ``only`` (a boolean mask) limits the work to the pairs whose score can change a level; the
    others get 0.
    """
    code = f"{column}_code"
    codes = working[code].to_numpy()
    a = codes[left.to_numpy()].astype(np.uint64)
    b = codes[right.to_numpy()].astype(np.uint64)
    out = np.zeros(len(a), dtype=np.float32)
    wanted = (a > 0) & (b > 0) & (a != b)
    if only is not None:
        wanted &= only
    todo = np.flatnonzero(wanted)
    if len(todo) == 0:
        return pl.Series(out)
    # One key per pair of codes; sorting groups the pairs that share values, and each group
    # is scored once, on the strings of its first pair.
    keys = (a[todo] << np.uint64(32)) | b[todo]
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    first_pairs = pl.Series(todo[order[starts]])
    values = working[column]
    scores = cpdist(
        values.gather(left.gather(first_pairs)).to_list(),
        values.gather(right.gather(first_pairs)).to_list(),
        scorer=scorer,
        workers=-1,
        dtype=np.float32,
    )
    out[todo] = scores[inverse]
    return pl.Series(out)


def _overlap(working: pl.DataFrame, column: str, left: pl.Series, right: pl.Series) -> pl.Series:
    """Whether the two records' lists share a value, per pair.

    Most lists hold one value, so the first values are compared for every pair and whole lists
    are intersected only for the few pairs where either side holds more.
    """
    first = working[f"{column}_first"].to_numpy()
    size = working[f"{column}_n"].to_numpy()
    li, ri = left.to_numpy(), right.to_numpy()
    n_left, n_right = size[li], size[ri]
    # First values are hashed: equal hashes of two non-empty lists are equal values (a 64-bit
    # collision between two different first values is vanishingly rare and only adds evidence).
    out = (first[li] == first[ri]) & (n_left > 0) & (n_right > 0)
    several = np.flatnonzero(((n_left > 1) | (n_right > 1)) & ~out)
    if len(several):
        rows = pl.Series(several)
        lists = pl.DataFrame(
            {
                "a": working[column].gather(left.gather(rows)),
                "b": working[column].gather(right.gather(rows)),
            }
        )
        shared = lists.select(pl.col("a").list.set_intersection("b").list.len() > 0)
        out[several] = shared.to_series().to_numpy()
    return pl.Series(f"{column}_shared", out)


def _same_place(working: pl.DataFrame, left: pl.Series, right: pl.Series) -> np.ndarray:
    """Pairs in one city or postcode with the same house number: only there is a
    near-identical street the same street."""
    li, ri = left.to_numpy(), right.to_numpy()
    house = working["house_code"].to_numpy()
    out = np.zeros(len(li), dtype=bool)
    for column in ("city_code", "postcode_code"):
        codes = working[column].to_numpy()
        out |= (codes[li] == codes[ri]) & (codes[li] > 0)
    same: np.ndarray = out & (house[li] == house[ri])
    return same


def _typo_possible(working: pl.DataFrame, left: pl.Series, right: pl.Series) -> np.ndarray:
    """Pairs whose first emails could be one typo apart."""
    size = working["email1_len"]
    close = (size.gather(left).cast(pl.Int32) - size.gather(right).cast(pl.Int32)).abs() <= 1
    digits = working["email1_digits"]
    same_digits = digits.gather(left) == digits.gather(right)
    bare = working["email1_bare"]
    not_separator = bare.gather(left) != bare.gather(right)
    return (close & same_digits & not_separator).fill_null(False).to_numpy()


def _present(working: pl.DataFrame, column: str, left: pl.Series, right: pl.Series) -> pl.Series:
    """Whether both records have at least one value in the list ``column``."""
    size = working[f"{column}_n"].to_numpy()
    return pl.Series(f"{column}_both", (size[left.to_numpy()] > 0) & (size[right.to_numpy()] > 0))


def compare_chunk(working: pl.DataFrame, left: pl.Series, right: pl.Series) -> pl.DataFrame:
    """Levels of every comparison for the pairs (``left[i]``, ``right[i]``) of working rows."""
    cols = [
        "given",
        "family",
        "email1_digits",
        "email1_bare",
        "dob",
        "street",
        "city",
        "postcode",
    ]
    lv = working.select(cols).select(pl.all().gather(left).name.suffix("_l"))
    rv = working.select(cols).select(pl.all().gather(right).name.suffix("_r"))
    frame = pl.concat([lv, rv], how="horizontal").with_columns(
        _similarity(working, "given", left, right).alias("given_jw"),
        _similarity(working, "family", left, right).alias("family_jw"),
        _similarity(working, "street", left, right, only=_same_place(working, left, right)).alias(
            "street_jw"
        ),
        # Edits between the first emails, only where one edit is possible (lengths within one,
        # same digits, not just another separator); 0 elsewhere (no typo).
        _similarity(
            working, "email1", left, right, OSA.distance, only=_typo_possible(working, left, right)
        ).alias("email_edits"),
        # Digits that differ between the two dates written YYYYMMDD (0 when equal or missing).
        _similarity(working, "dob_text", left, right, Hamming.distance).alias("dob_edits"),
        *(_overlap(working, c, left, right) for c in _LIST_COLUMNS),
        *(_present(working, c, left, right) for c in ("emails", "phones")),
    )
    g_l, g_r = pl.col("given_l"), pl.col("given_r")
    f_l, f_r = pl.col("family_l"), pl.col("family_r")
    swapped = (g_l == f_r) & (f_l == g_r)
    initial = ((g_l.str.len_chars() == 1) | (g_r.str.len_chars() == 1)) & (
        g_l.str.slice(0, 1) == g_r.str.slice(0, 1)
    )
    given = (
        pl.when(g_l.is_null() | g_r.is_null())
        .then(-1)
        .when((g_l == g_r) | swapped)
        .then(5)
        .when(pl.col("given_groups_shared"))
        .then(4)
        .when(pl.col("given_jw") >= JW_VERY_SIMILAR)
        .then(3)
        .when(pl.col("given_jw") >= JW_SIMILAR)
        .then(2)
        .when(initial)
        .then(1)
        .otherwise(0)
    )
    family = (
        pl.when(f_l.is_null() | f_r.is_null())
        .then(-1)
        .when((f_l == f_r) | swapped)
        .then(3)
        .when(pl.col("family_jw") >= JW_VERY_SIMILAR)
        .then(2)
        .when(pl.col("family_jw") >= JW_SIMILAR)
        .then(1)
        .otherwise(0)
    )
    email = (
        pl.when(~pl.col("emails_both"))
        .then(-1)
        .when(pl.col("emails_shared"))
        .then(2)
        .when(
            (pl.col("email_edits") > 0)
            & (pl.col("email_edits") <= EMAIL_TYPO_EDITS)
            # jsmith2@ is the second J. Smith, not a typo of jsmith@: the digits must agree;
            # and john.smith@ / john_smith@ / johnsmith@ are distinct mailboxes, not typos.
            & (pl.col("email1_digits_l") == pl.col("email1_digits_r"))
            & (pl.col("email1_bare_l") != pl.col("email1_bare_r"))
        )
        .then(1)
        .otherwise(0)
    )
    phone = (
        pl.when(~pl.col("phones_both"))
        .then(-1)
        .when(pl.col("phones_shared"))
        .then(2)
        .when(pl.col("tails_shared"))
        .then(1)
        .otherwise(0)
    )
    d_l, d_r = pl.col("dob_l"), pl.col("dob_r")
    one_digit = pl.col("dob_edits") <= 1
    day_month_swap = (
        (d_l.dt.year() == d_r.dt.year())
        & (d_l.dt.month() == d_r.dt.day())
        & (d_l.dt.day() == d_r.dt.month())
    )
    dob = (
        pl.when(d_l.is_null() | d_r.is_null())
        .then(-1)
        .when(d_l == d_r)
        .then(3)
        .when(one_digit | day_month_swap)
        .then(2)
        .when(d_l.dt.year() == d_r.dt.year())
        .then(1)
        .otherwise(0)
    )
    s_l, s_r = pl.col("street_l"), pl.col("street_r")
    street = (
        pl.when(s_l.is_null() | s_r.is_null())
        .then(-1)
        .when(s_l == s_r)
        .then(2)
        .when(pl.col("street_jw") >= JW_STREET)
        .then(1)
        .otherwise(0)
    )

    def exact_only(column: str) -> pl.Expr:
        a, b = pl.col(f"{column}_l"), pl.col(f"{column}_r")
        return pl.when(a.is_null() | b.is_null()).then(-1).when(a == b).then(1).otherwise(0)

    ext = (
        pl.when(pl.col("ext_keys_shared"))
        .then(1)
        .when(pl.col("ext_ns_shared"))
        .then(0)
        .otherwise(-1)
    )
    handle = pl.when(pl.col("handles_shared")).then(0).otherwise(-1)
    levels = frame.lazy().select(
        given.cast(pl.Int8).alias("given_name"),
        family.cast(pl.Int8).alias("family_name"),
        email.cast(pl.Int8).alias("email"),
        phone.cast(pl.Int8).alias("phone"),
        dob.cast(pl.Int8).alias("birth_date"),
        street.cast(pl.Int8).alias("street"),
        exact_only("city").cast(pl.Int8).alias("city"),
        exact_only("postcode").cast(pl.Int8).alias("postcode"),
        ext.cast(pl.Int8).alias("external_id"),
        handle.cast(pl.Int8).alias("handle"),
    )
    return levels.collect()


def chunks(n: int, size: int = CHUNK_PAIRS) -> Iterator[slice]:
    """Slices covering ``range(n)`` in steps of ``size``."""
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))


def compare(working: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """Levels for every pair (columns ``l``, ``r``: working row numbers), chunk by chunk."""
    if pairs.height == 0:
        return pl.DataFrame(schema={name: pl.Int8 for name in COMPARISONS})
    parts = [
        compare_chunk(working, pairs["l"][part], pairs["r"][part]) for part in chunks(pairs.height)
    ]
    return pl.concat(parts)
