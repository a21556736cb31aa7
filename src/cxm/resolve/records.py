"""Standardise the lake's identity records for matching, and guard the junk.

The lake already holds normalized values (folded names, lower-cased emails, E.164 phones). This
stage turns them into the frame every later stage works on: one row per record with a dense
integer ``rid``, junk and over-shared identifiers removed from the lists (so they can never link
anyone), external ids reduced to comparable keys, and nickname groups of the given name.

Records whose identity fields are all identical (the same person's fifth Shopify order) are
collapsed onto one representative before pairing: comparing them again would only cost time.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cxm.resolve.config import ResolveConfig
from cxm.resolve.junk import junk_email, junk_name, junk_phone
from cxm.resolve.nickname import nickname_table, with_name_groups

SALESFORCE_LIKE = r"^[a-zA-Z0-9]{18}$"
"""18-character Salesforce ids compare on their case-sensitive 15-character prefix."""

STANDARDISE_COLUMNS = (
    "source",
    "record_id",
    "given_name_norm",
    "family_name_norm",
    "full_name_norm",
    "emails",
    "phones",
    "handles",
    "external_ids",
    "birth_date",
    "street_norm",
    "city_norm",
    "postal_code_norm",
    "created_at",
    "updated_at",
)
"""The identity-record columns :func:`standardise` reads."""

LIST_KEYS = ("emails", "phones", "handles", "ext_keys")
"""Identifier lists that can link records on their own (subject to the guardrails)."""


@dataclass(frozen=True)
class Records:
    """The records of one resolve run, ready for pairing.

    Attributes
    ----------
    frame
        One row per lake record, sorted by (source, record_id): ``rid`` (its row number), source,
        record_id, given, family, given_groups, emails, phones, handles, ext_keys, dob, street,
        city, postcode, full (folded full name), updated, and ``rep`` (the rid of the record it
        was collapsed onto; itself for most).
    over_shared
        Identifier values dropped because too many different people carry them: kind, value,
        people (distinct full names), records.
    """

    frame: pl.DataFrame
    over_shared: pl.DataFrame

    @property
    def working(self) -> pl.DataFrame:
        """The representatives: the records that are paired and scored."""
        return self.frame.filter(pl.col("rid") == pl.col("rep"))


def _ext_key(value: pl.Expr) -> pl.Expr:
    return (
        pl.when(value.str.contains(SALESFORCE_LIKE)).then(value.str.slice(0, 15)).otherwise(value)
    )


def _no_name(value: pl.Expr) -> pl.Expr:
    # "Caller 555 0103": help desks name phone-only users after their number, so a name with a
    # digit anywhere is a placeholder as a whole (both parts are dropped, see standardise).
    return junk_name(value).fill_null(False) | pl.col("full_name_norm").str.contains(
        r"[0-9]"
    ).fill_null(False)


def _split_glued(frame: pl.DataFrame) -> pl.DataFrame:
    """Split "amandabailey" (a help-desk display name) into given "amanda", family "bailey".

    Only a lone given name that is not itself a known name, begins with a known given name of
    at least three letters and leaves at least three letters is split; the longest known prefix
    wins.
    """
    known = set(nickname_table()["name"].to_list())
    glued = (
        frame.filter(
            pl.col("family").is_null()
            & pl.col("given").str.contains(r"^[a-z]{6,}$")
            & ~pl.col("given").is_in(list(known))
        )["given"]
        .unique()
        .to_list()
    )
    splits: dict[str, tuple[str, str]] = {}
    for value in glued:
        for cut in range(len(value) - 3, 2, -1):
            if value[:cut] in known:
                splits[value] = (value[:cut], value[cut:])
                break
    if not splits:
        return frame
    # Replacing values in the two columns, rather than joining a table of splits, leaves the
    # frame's other columns untouched (a join would copy every one of them).
    use = pl.col("family").is_null() & pl.col("given").is_in(list(splits))
    given = {name: g for name, (g, _) in splits.items()}
    family = {name: f for name, (_, f) in splits.items()}
    return frame.with_columns(
        pl.when(use).then(pl.col("given").replace(given)).otherwise(pl.col("given")).alias("given"),
        pl.when(use)
        .then(pl.col("given").replace_strict(family, default=None, return_dtype=pl.String))
        .otherwise(pl.col("family"))
        .alias("family"),
    )


def _clean_list(column: str, junk: pl.Expr) -> pl.Expr:
    return pl.col(column).list.eval(pl.element().filter(~junk)).alias(column)


def _over_shared(frame: pl.DataFrame, max_people: int) -> pl.DataFrame:
    parts = []
    for kind in LIST_KEYS:
        exploded = (
            frame.lazy()
            .select(pl.col(kind).alias("value"), "full")
            .explode("value")
            .drop_nulls("value")
            .group_by("value")
            .agg(
                pl.col("full").drop_nulls().n_unique().alias("people"),
                pl.len().alias("records"),
            )
            .filter(pl.col("people") > max_people)
            .with_columns(pl.lit(kind).alias("kind"))
        )
        parts.append(exploded)
    return pl.concat(pl.collect_all(parts)).select(
        "kind", "value", pl.col("people").cast(pl.Int64), pl.col("records").cast(pl.Int64)
    )


def standardise(
    identity: pl.DataFrame, config: ResolveConfig, pinned: pl.DataFrame | None = None
) -> Records:
    """Build the matching frame from the lake's ``identity_record`` table.

    Parameters
    ----------
    identity
        The lake's identity records (``Lake.read("identity_record")``).
    config
        Resolve settings: which sources' record ids others store as external ids, the
        over-sharing limit, the link type.
    pinned
        Records (source, record_id) never collapsed onto another (those named in an unlink).
    """
    own_key = pl.when(pl.col("source").is_in(config.external_id_sources)).then(
        pl.concat_list(_ext_key(pl.col("record_id")))
    )
    base = (
        identity.lazy()
        .sort("source", "record_id")
        .with_row_index("rid")
        .select(
            "rid",
            "source",
            "record_id",
            pl.when(_no_name(pl.col("given_name_norm")))
            .then(None)
            .otherwise(pl.col("given_name_norm"))
            .alias("given"),
            pl.when(_no_name(pl.col("family_name_norm")))
            .then(None)
            .otherwise(pl.col("family_name_norm"))
            .alias("family"),
            pl.when(pl.col("full_name_norm").str.contains(r"[0-9]"))
            .then(None)
            .otherwise(pl.col("full_name_norm"))
            .alias("full"),
            _clean_list("emails", junk_email(pl.element())),
            _clean_list("phones", junk_phone(pl.element())),
            pl.col("handles"),
            pl.concat_list(
                pl.col("external_ids").list.eval(_ext_key(pl.element())),
                own_key.fill_null(pl.lit([], dtype=pl.List(pl.String))),
            )
            .list.unique(maintain_order=True)
            .alias("ext_keys"),
            pl.col("birth_date").cast(pl.Date).alias("dob"),
            pl.col("street_norm").alias("street"),
            pl.col("city_norm").alias("city"),
            pl.col("postal_code_norm").alias("postcode"),
            pl.coalesce("updated_at", "created_at").alias("updated"),
        )
        .collect()
    )
    over = _over_shared(base, config.guardrails.max_people_per_identifier)
    if over.height:
        cleaned = []
        for kind in LIST_KEYS:
            bad = over.filter(pl.col("kind") == kind)["value"]
            if bad.len():
                cleaned.append(
                    pl.col(kind)
                    .list.eval(pl.element().filter(~pl.element().is_in(bad.implode())))
                    .alias(kind)
                )
        base = base.with_columns(cleaned)
    base = _split_glued(base)
    # Name groups are looked up on the given-name column alone and set beside it: joining them
    # onto the whole frame would copy every column.
    base = base.with_columns(
        with_name_groups(base.select("given"), "given", "given_groups")["given_groups"]
    )
    pinned_rids = (
        base.join(pinned, on=["source", "record_id"], how="semi")["rid"]
        if pinned is not None and pinned.height
        else pl.Series("rid", [], dtype=pl.UInt32)
    )
    return Records(frame=_collapse(base, config, pinned_rids), over_shared=over)


def _collapse(frame: pl.DataFrame, config: ResolveConfig, pinned: pl.Series) -> pl.DataFrame:
    """Point records with identical identity fields at one representative (``rep``)."""
    if config.link_type == "link_only":
        return frame.with_columns(pl.col("rid").alias("rep"))
    strong = (
        pl.col("emails").list.len()
        + pl.col("phones").list.len()
        + pl.col("handles").list.len()
        + pl.col("ext_keys").list.len()
    ) > 0
    eligible = (
        pl.col("given").is_not_null()
        & pl.col("family").is_not_null()
        & strong
        & ~pl.col("rid").is_in(pinned.implode())
    )
    signature = pl.struct(
        "given", "family", "emails", "phones", "handles", "ext_keys", "dob", "street", "postcode"
    ).hash(seed=7)
    return frame.with_columns(
        pl.when(eligible)
        .then(pl.col("rid").min().over(signature))
        .otherwise(pl.col("rid"))
        .alias("rep")
    )
