"""Large synthetic exports for benchmarks, built column-wise with numpy and polars.

The sample set (:mod:`cxm.synth.sample`) is drawn person by person so that every trap can be
placed by hand. At benchmark scale that would be far too slow, so this module draws whole columns
at once: a population frame, then the HubSpot, Salesforce, Shopify orders and Zendesk users
exports as expressions over it, in the same layouts (headers, quoting, encodings, date formats)
as the sample files, plus ``truth.csv`` (``source, record_id, entity_id``, keyed as the lake
keys records) and a ``.cxmignore`` so that ``cxm ingest`` skips the truth. Populations above
:data:`CHUNK_PEOPLE` get their exports a chunk of people at a time, one file per chunk.

The traps are the same kinds as in the sample (nicknames, typos, case, phone formats, in-silo
duplicates, moved addresses, guest checkouts, several emails per person, 15-character Salesforce
ids in Zendesk's ``external_id``) at fixed rates, plus the ones that cause false merges:

* households (:data:`HOUSEHOLD_SHARE` of the people, in pairs): one street address and one
  landline, usually one family name, never the same or a nickname-equivalent given name, own
  emails and mobiles; a few order under a shared family address;
* namesakes (:data:`COMMON_NAME_SHARE`): different people called James Smith, Maria Garcia...

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     stats = write_bulk(pathlib.Path(tmp), people=2_000, seed=1)
>>> rows = stats["rows"]
>>> sales = rows["sales/hubspot-contacts.csv"] + rows["sales/salesforce-contacts.csv"]
>>> rows["truth.csv"] == sales + stats["orders"] + stats["support_users"]
True
>>> stats["households"] * 2 == round(2_000 * HOUSEHOLD_SHARE)
True
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import numpy as np
import polars as pl

from cxm.synth import vocabulary as voc
from cxm.synth.commerce import CONTINUATION_COLUMNS, ORDERS_HEADER
from cxm.synth.crm import HUBSPOT_HEADER, SALESFORCE_HEADER
from cxm.synth.formats import EXPORT_DATE, write_atomic
from cxm.synth.population import ascii_fold

HUBSPOT_PATH: Final[str] = "sales/hubspot-contacts.csv"
SALESFORCE_PATH: Final[str] = "sales/salesforce-contacts.csv"
ORDERS_PATH: Final[str] = "commerce/shopify-orders.csv"
ZENDESK_USERS_PATH: Final[str] = "support/zendesk-users.json"
TRUTH_PATH: Final[str] = "truth.csv"

_GIVEN: Final[list[str]] = [*voc.FEMALE_NAMES, *voc.MALE_NAMES]
_NICK: Final[list[str]] = [
    (voc.FEMALE_NAMES | voc.MALE_NAMES)[g][0] if (voc.FEMALE_NAMES | voc.MALE_NAMES)[g] else ""
    for g in _GIVEN
]
# Every NXX area code that is a possible geographic code (no N11, no 9 in the middle).
_AREA_CODES: Final[list[str]] = [
    f"{a}{b}{c}"
    for a in range(2, 10)
    for b in range(0, 9)
    for c in range(10)
    if not (b == 1 and c == 1)
]
_EPOCH: Final[date] = date(1970, 1, 1)
_STAFF: Final[list[str]] = list(voc.STAFF)

HOUSEHOLD_SHARE: Final[float] = 0.15
"""Share of people living with one other person in the population (a partner, parent or child)."""
HOUSEHOLD_SAME_FAMILY: Final[float] = 0.8
"""Share of households whose second person carries the first one's family name."""
HOUSEHOLD_FAMILY_EMAIL: Final[float] = 0.03
"""Share of households that also order from a shared family address (both people do)."""
COMMON_NAME_SHARE: Final[float] = 0.02
"""Share of people named from :data:`_COMMON_NAMES`: many different people, one name."""

# (given, family, weight): the names that collide most in a US customer base.
_COMMON_NAMES: Final[tuple[tuple[str, str, int], ...]] = (
    ("James", "Smith", 4),
    ("Maria", "Garcia", 3),
    ("Michael", "Johnson", 3),
    ("John", "Smith", 2),
    ("Mary", "Smith", 2),
    ("Robert", "Williams", 2),
    ("Jennifer", "Brown", 2),
    ("David", "Jones", 2),
)
# Planted names (accents, apostrophes) follow the vocabulary names in these index spaces.
_ALL_GIVEN: Final[list[str]] = [*_GIVEN, *(p[0] for p in voc.PLANTED_NAMES)]
_ALL_FAMILY: Final[list[str]] = [*voc.LAST_NAMES, *(p[1] for p in voc.PLANTED_NAMES)]
_ALL_NICK: Final[list[str]] = [*_NICK, *([""] * len(voc.PLANTED_NAMES))]
_COMMON_GIVEN: Final[np.ndarray] = np.array([_GIVEN.index(g) for g, _, _ in _COMMON_NAMES])
_COMMON_FAMILY: Final[np.ndarray] = np.array([voc.LAST_NAMES.index(f) for _, f, _ in _COMMON_NAMES])


def _days(day: date) -> int:
    return (day - _EPOCH).days


def _pick(
    rng: np.random.Generator, values: list[str], size: int, p: Sequence[float] | None = None
) -> pl.Series:
    weights = None if p is None else np.asarray(p) / np.sum(p)
    return pl.Series(values).gather(rng.choice(len(values), size=size, p=weights))


def _name_equivalence() -> np.ndarray:
    """``[i, j]`` is true when given names i and j are equal or share a short form (Chris for
    both Christine and Christopher): two such names could be one person's two spellings."""
    short = voc.FEMALE_NAMES | voc.MALE_NAMES
    forms = [{name.casefold(), *(s.casefold() for s in short.get(name, ()))} for name in _ALL_GIVEN]
    return np.array([[bool(a & b) for b in forms] for a in forms])


_EQUIVALENT: Final[np.ndarray] = _name_equivalence()


def _households(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Disjoint (head, member) row pairs covering :data:`HOUSEHOLD_SHARE` of the people."""
    pairs = min(n // 2, round(n * HOUSEHOLD_SHARE / 2))
    order = rng.permutation(n)
    return order[:pairs], order[pairs : 2 * pairs]


def _names(
    rng: np.random.Generator, n: int, heads: np.ndarray, members: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Indexes into :data:`_ALL_GIVEN` and :data:`_ALL_FAMILY`, with the name traps placed.

    A few people carry one of a handful of very common names (namesakes), a few an accented or
    apostrophised one, and a household member usually takes the head's family name but never a
    given name that could be the head's own (equal, or sharing a nickname).
    """
    female = len(voc.FEMALE_NAMES)
    gender = rng.integers(0, 2, n)
    given = np.where(
        gender == 0, rng.integers(0, female, n), female + rng.integers(0, len(voc.MALE_NAMES), n)
    )
    family = rng.integers(0, len(voc.LAST_NAMES), n)
    common = rng.random(n) < COMMON_NAME_SHARE
    weights = np.array([w for _, _, w in _COMMON_NAMES], dtype=float)
    pick = rng.choice(len(_COMMON_NAMES), size=n, p=weights / weights.sum())
    given = np.where(common, _COMMON_GIVEN[pick], given)
    family = np.where(common, _COMMON_FAMILY[pick], family)
    planted = rng.random(n) < 0.005
    planted_idx = rng.integers(0, len(voc.PLANTED_NAMES), n)
    given = np.where(planted, len(_GIVEN) + planted_idx, given)
    family = np.where(planted, len(voc.LAST_NAMES) + planted_idx, family)

    pairs = heads.size
    member_given = rng.integers(0, len(_GIVEN), pairs)
    own_family = rng.integers(0, len(voc.LAST_NAMES), pairs)
    same_family = rng.random(pairs) < HOUSEHOLD_SAME_FAMILY
    clash = _EQUIVALENT[given[heads], member_given]
    while clash.any():
        # Step to another name; the step is never 0 mod len(_GIVEN), so the name changes.
        step = rng.integers(1, len(_GIVEN), int(clash.sum()))
        member_given[clash] = (member_given[clash] + step) % len(_GIVEN)
        clash = _EQUIVALENT[given[heads], member_given]
    given[members] = member_given
    family[members] = np.where(same_family, family[heads], own_family)
    return given, family


def _people(rng: np.random.Generator, n: int) -> pl.DataFrame:
    """One row per person: true identity plus memberships (hubspot, salesforce, shopify,
    zendesk) and household links (``household``: the head's entity id, on both people)."""
    width = max(4, len(str(n)))
    heads, members = _households(rng, n)
    given_idx, family_idx = _names(rng, n, heads, members)
    # Everything a household shares is drawn per person and then copied from head to member.
    src = np.arange(n)
    src[members] = heads
    is_head = np.zeros(n, dtype=bool)
    is_head[heads] = True

    city_idx = rng.integers(0, len(voc.CITIES), n)[src]
    old_city_idx = rng.integers(0, len(voc.CITIES), n)[src]
    zips = [z for c in voc.CITIES for z in c[3]]
    offsets = np.cumsum([0] + [len(c[3]) for c in voc.CITIES[:-1]])
    counts = np.array([len(c[3]) for c in voc.CITIES])
    zip_idx = offsets[city_idx] + (rng.random(n)[src] * counts[city_idx]).astype(np.int64)
    old_zip_idx = offsets[old_city_idx] + (rng.random(n)[src] * counts[old_city_idx]).astype(
        np.int64
    )

    # Families keep landlines more often than people living alone.
    landline_mask = rng.random(n) < np.where(is_head, 0.35, 0.15)
    landline_mask[members] = False
    numbers = rng.choice(
        len(_AREA_CODES) * 10_000, size=n + int(landline_mask.sum()), replace=False
    )
    mobile_no = numbers[:n]
    land_no = np.zeros(n, dtype=np.int64)
    land_no[landline_mask] = numbers[n:]
    land_no, landline_mask = land_no[src], landline_mask[src]
    domain_idx = rng.choice(
        len(voc.PERSONAL_DOMAINS), size=n, p=[w for _, w in voc.PERSONAL_DOMAINS]
    )
    since = _days(date(2019, 1, 1)) + rng.integers(
        0, _days(EXPORT_DATE) - _days(date(2019, 1, 1)) - 20, n
    )
    birth = _days(date(1948, 1, 1)) + rng.integers(0, 57 * 365, n)
    in_shopify = rng.random(n) < 0.62
    family_mail = rng.random(heads.size) < HOUSEHOLD_FAMILY_EMAIL
    in_shopify[heads[family_mail]] = True
    in_shopify[members[family_mail]] = True
    household = np.full(n, -1, dtype=np.int64)
    household[heads] = heads
    household[members] = heads

    df = pl.DataFrame(
        {
            "row": np.arange(n),
            "given": pl.Series(_ALL_GIVEN).gather(given_idx),
            "family": pl.Series(_ALL_FAMILY).gather(family_idx),
            "gfold": pl.Series([ascii_fold(g).lower() for g in _ALL_GIVEN]).gather(given_idx),
            "ffold": pl.Series([ascii_fold(f).lower() for f in _ALL_FAMILY]).gather(family_idx),
            "nick": pl.Series(_ALL_NICK).gather(given_idx),
            "pattern": rng.integers(0, 5, n),
            "domain": pl.Series([d for d, _ in voc.PERSONAL_DOMAINS]).gather(domain_idx),
            "mobile_no": mobile_no,
            "land_no": land_no,
            "has_land": landline_mask,
            "number": rng.integers(10, 9999, n)[src],
            "street": pl.Series(list(voc.STREET_NAMES)).gather(
                rng.integers(0, len(voc.STREET_NAMES), n)[src]
            ),
            "stype": pl.Series([t for t, _ in voc.STREET_TYPES]).gather(
                rng.integers(0, len(voc.STREET_TYPES), n)[src]
            ),
            "unit_no": rng.integers(1, 40, n)[src],
            "has_unit": (rng.random(n) < 0.18)[src],
            "city": pl.Series([c[0] for c in voc.CITIES]).gather(city_idx),
            "state": pl.Series([c[1] for c in voc.CITIES]).gather(city_idx),
            "state_name": pl.Series([c[2] for c in voc.CITIES]).gather(city_idx),
            "zip": pl.Series(zips).gather(zip_idx),
            "moved": (rng.random(n) < 0.12)[src],
            "old_number": rng.integers(10, 9999, n)[src],
            "old_street": pl.Series(list(voc.STREET_NAMES)).gather(
                rng.integers(0, len(voc.STREET_NAMES), n)[src]
            ),
            "old_city": pl.Series([c[0] for c in voc.CITIES]).gather(old_city_idx),
            "old_state": pl.Series([c[1] for c in voc.CITIES]).gather(old_city_idx),
            "old_zip": pl.Series(zips).gather(old_zip_idx),
            "has_work": rng.random(n) < 0.2,
            "employer_idx": rng.integers(0, len(voc.EMPLOYERS), n),
            "has_birth": rng.random(n) < 0.5,
            "birth": pl.Series(birth).cast(pl.Date),
            "since": pl.Series(since).cast(pl.Date),
            "has_handle": rng.random(n) < 0.2,
            "use_nick": rng.random(n) < 0.45,
            "in_hubspot": rng.random(n) < 0.55,
            "in_salesforce": rng.random(n) < 0.35,
            "in_shopify": in_shopify,
            "in_zendesk": rng.random(n) < 0.40,
            "household": household,
        }
    )
    df = df.with_columns(
        pl.concat_str([pl.lit("P"), (pl.col("row") + 1).cast(pl.String).str.zfill(width)]).alias(
            "entity_id"
        ),
        pl.when(pl.col("household") >= 0)
        .then(
            pl.concat_str([pl.lit("P"), (pl.col("household") + 1).cast(pl.String).str.zfill(width)])
        )
        .alias("household"),
    )
    g, f = pl.col("gfold"), pl.col("ffold")
    local = (
        pl.when(pl.col("pattern") == 0)
        .then(pl.concat_str([g, pl.lit("."), f]))
        .when(pl.col("pattern") == 1)
        .then(pl.concat_str([g, f]))
        .when(pl.col("pattern") == 2)
        .then(pl.concat_str([g.str.slice(0, 1), f]))
        .when(pl.col("pattern") == 3)
        .then(pl.concat_str([g, pl.lit("_"), f]))
        .otherwise(pl.concat_str([f, pl.lit("."), g]))
    )
    employer_domain = pl.Series([d for _, d in voc.EMPLOYERS])
    df = df.with_columns(
        local.alias("local"),
        pl.concat_str([g, pl.lit("."), f]).alias("work_local"),
        employer_domain.gather(df["employer_idx"].to_numpy()).alias("work_domain"),
        pl.Series([e for e, _ in voc.EMPLOYERS])
        .gather(df["employer_idx"].to_numpy())
        .alias("employer"),
    )
    # Namesakes share a local part; a counter suffix keeps every address unique.
    df = df.with_columns(
        pl.int_range(pl.len()).over(["local", "domain"]).alias("k"),
        pl.int_range(pl.len()).over(["work_local", "work_domain"]).alias("wk"),
        # Handles are unique on the platform: count namesakes of the truncated handle.
        pl.int_range(pl.len()).over(pl.concat_str([g, f]).str.slice(0, 11)).alias("hk"),
    )
    suffix = pl.when(pl.col("k") == 0).then(pl.lit("")).otherwise((pl.col("k") + 1).cast(pl.String))
    wsuffix = (
        pl.when(pl.col("wk") == 0).then(pl.lit("")).otherwise((pl.col("wk") + 1).cast(pl.String))
    )
    hsuffix = pl.when(pl.col("hk") == 0).then(pl.lit("")).otherwise(pl.col("hk").cast(pl.String))
    areas = pl.Series(_AREA_CODES)

    def number(values: np.ndarray) -> pl.Series:
        line = pl.Series(values % 10_000).cast(pl.String).str.zfill(4)
        return pl.select(
            pl.concat_str([pl.lit(areas.gather(values // 10_000)), pl.lit("555"), pl.lit(line)])
        ).to_series()

    df = df.with_columns(
        pl.concat_str([pl.col("local"), suffix, pl.lit("@"), pl.col("domain")]).alias("email"),
        pl.when("has_work")
        .then(pl.concat_str([pl.col("work_local"), wsuffix, pl.lit("@"), pl.col("work_domain")]))
        .alias("work_email"),
        pl.when("has_handle")
        .then(
            pl.concat_str([g.str.to_titlecase(), f.str.to_titlecase()]).str.slice(0, 11) + hsuffix
        )
        .alias("handle"),
        number(df["mobile_no"].to_numpy()).alias("mobile"),
        pl.when("has_land").then(pl.lit(number(df["land_no"].to_numpy()))).alias("landline"),
    )
    # A family address (thesmiths@, smithfamily@) that both people of a household order with.
    fam_heads, fam_members = heads[family_mail], members[family_mail]
    fam = (
        df.select("ffold", "domain")
        .gather(fam_heads)
        .with_columns(pl.Series("p", rng.integers(0, 3, fam_heads.size)))
    )
    fam_local = (
        pl.when(pl.col("p") == 0)
        .then(
            pl.concat_str(
                [
                    pl.lit("the"),
                    f,
                    pl.when(f.str.ends_with("s")).then(pl.lit("")).otherwise(pl.lit("s")),
                ]
            )
        )
        .when(pl.col("p") == 1)
        .then(pl.concat_str([f, pl.lit("family")]))
        .otherwise(pl.concat_str([f, pl.lit(".family")]))
    )
    fam = fam.with_columns(fam_local.alias("local"))
    fam_email = fam.select(
        pl.concat_str(
            [
                "local",
                pl.when(pl.int_range(pl.len()).over(["local", "domain"]) > 0)
                .then((pl.int_range(pl.len()).over(["local", "domain"]) + 1).cast(pl.String))
                .otherwise(pl.lit("")),
                pl.lit("@"),
                "domain",
            ]
        )
    ).to_series()
    family_email = (
        pl.repeat(None, n, dtype=pl.String, eager=True)
        .scatter(fam_heads, fam_email)
        .scatter(fam_members, fam_email)
    )
    df = df.with_columns(family_email.alias("family_email"))
    return df.select(
        "entity_id",
        "household",
        "given",
        "family",
        "nick",
        "use_nick",
        "email",
        "work_email",
        "employer",
        "mobile",
        "landline",
        "number",
        "street",
        "stype",
        "has_unit",
        "unit_no",
        "city",
        "state",
        "state_name",
        "zip",
        "moved",
        "old_number",
        "old_street",
        "old_city",
        "old_state",
        "old_zip",
        "has_birth",
        "birth",
        "since",
        "handle",
        "in_hubspot",
        "in_salesforce",
        "in_shopify",
        "in_zendesk",
        "family_email",
    )


def _phone(col: str | pl.Expr, style: pl.Expr) -> pl.Expr:
    d = pl.col(col) if isinstance(col, str) else col
    a, b, c = d.str.slice(0, 3), d.str.slice(3, 3), d.str.slice(6, 4)
    return (
        pl.when(style == 0)
        .then(pl.concat_str([pl.lit("("), a, pl.lit(") "), b, pl.lit("-"), c]))
        .when(style == 1)
        .then(pl.concat_str([a, b, c], separator="-"))
        .when(style == 2)
        .then(pl.concat_str([a, b, c], separator="."))
        .when(style == 3)
        .then(pl.concat_str([pl.lit("+1"), a, b, c], separator=" "))
        .when(style == 4)
        .then(pl.concat_str([pl.lit("+1"), d]))
        .otherwise(d)
    )


def _transpose(expr: pl.Expr, at: pl.Expr) -> pl.Expr:
    """Swap two neighbouring characters at a position drawn from ``at`` (a uniform [0, 1) column):
    ``Michael`` → ``Mcihael`` or ``Micahel``. People mistype different letters, so two namesakes
    rarely share a typo."""
    size = expr.str.len_chars()
    span = (size - 2).clip(lower_bound=1)
    # Rows a when/then does not choose still evaluate this, with ``at`` out of [0, 1): clip.
    pos = (pl.lit(1) + (at.clip(0.0, 0.999) * span).floor().cast(pl.Int64)).clip(1, span)
    return pl.concat_str(
        [
            expr.str.slice(0, pos),
            expr.str.slice(pos + 1, 1),
            expr.str.slice(pos, 1),
            expr.str.slice(pos + 2),
        ]
    )


def _street(number: str, street: str, stype: pl.Expr, unit: pl.Expr) -> pl.Expr:
    line = pl.concat_str([pl.col(number).cast(pl.String), pl.col(street), stype], separator=" ")
    return (
        pl.when(unit.is_not_null()).then(pl.concat_str([line, unit], separator=" ")).otherwise(line)
    )


def _write_frame(df: pl.DataFrame, path: Path, **options: Any) -> int:
    if options.get("quote_style") != "always":
        # polars quotes empty strings to tell them from nulls; exporting tools write nothing.
        df = df.with_columns(pl.col(pl.String).replace("", None))
    return _write_atomic(path, lambda tmp: df.write_csv(tmp, **options))


def _write_ndjson(df: pl.DataFrame, path: Path) -> int:
    return _write_atomic(path, df.write_ndjson)


def _write_atomic(path: Path, write: Callable[[str], None]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path.stat().st_size


def _hubspot(rng: np.random.Generator, people: pl.DataFrame, last_id: int) -> pl.DataFrame:
    """HubSpot contacts of ``people``; record ids grow from ``last_id``."""
    base = people.filter("in_hubspot")
    m = base.height
    dup = base.filter(pl.Series(rng.random(m) < 0.02))
    frame = pl.concat(
        [
            base.with_columns(pl.lit(0).alias("variant")),
            dup.with_columns(pl.lit(1).alias("variant")),
        ]
    )
    k = frame.height
    export_days = _days(EXPORT_DATE)
    created_day = (
        pl.col("since").cast(pl.Int32) + pl.Series(rng.integers(0, 900, k)) + 30 * pl.col("variant")
    )
    frame = frame.with_columns(
        (
            pl.min_horizontal(created_day, pl.lit(export_days - 1)).cast(pl.Int64) * 86_400_000_000
            + pl.Series(rng.integers(7 * 3600, 22 * 3600, k)) * 1_000_000
        )
        .cast(pl.Datetime("us"))
        .alias("created"),
        pl.Series(rng.random(k)).alias("r0"),
        pl.Series(rng.random(k)).alias("r1"),
        pl.Series(rng.random(k)).alias("r2"),
        pl.Series(rng.random(k)).alias("r3"),
        pl.Series(rng.random(k)).alias("r4"),
        pl.Series(rng.integers(0, 5, k)).alias("style"),
        pl.Series(rng.integers(0, 5, k)).alias("style2"),
    ).sort(["created", "entity_id"])
    frame = frame.with_columns(
        (last_id + pl.Series(np.cumsum(rng.integers(1_000, 400_000, k))))
        .cast(pl.String)
        .alias("record_id"),
        (
            pl.col("created")
            + pl.duration(minutes=pl.lit(pl.Series(rng.integers(1, 500 * 1440, k))))
        ).alias("modified"),
    )
    frame = frame.with_columns(
        pl.min_horizontal(
            "modified", pl.lit(datetime.combine(EXPORT_DATE, datetime.min.time()))
        ).alias("modified")
    )
    v = pl.col("variant")
    nick_ok = pl.col("nick") != ""
    first = pl.when(nick_ok & (pl.col("use_nick") ^ (v == 1))).then("nick").otherwise("given")
    first = (
        pl.when(pl.col("r0") < 0.03).then(_transpose(first, pl.col("r0") / 0.03)).otherwise(first)
    )
    upper = pl.col("r1") < 0.03
    work_first = pl.col("work_email").is_not_null() & (pl.col("r2") < 0.45)
    primary = pl.when(work_first).then("work_email").otherwise("email")
    other = pl.when(work_first).then("email").otherwise("work_email")
    dup_email = (
        pl.when(pl.col("work_email").is_not_null() & ~work_first)
        .then("work_email")
        .otherwise(pl.concat_str([pl.col("email").str.slice(0, 1), pl.col("email").str.slice(2)]))
    )
    email = pl.when(v == 1).then(dup_email).otherwise(primary)
    email = pl.when(pl.col("r3") < 0.06).then(email.str.to_uppercase()).otherwise(email)
    additional = pl.when(v == 1).then(pl.lit(None, pl.String)).otherwise(other)
    additional = (
        pl.when((pl.col("r4") < 0.08) & (v == 0))
        .then(
            pl.concat_str(
                [additional, pl.col("email").str.replace("@", "+northwind@", literal=True)],
                separator=";",
                ignore_nulls=True,
            )
        )
        .otherwise(additional)
    )
    unit = pl.when("has_unit").then(
        pl.concat_str([pl.lit("Apt"), pl.col("unit_no").cast(pl.String)], separator=" ")
    )
    lifecycle = _pick(
        rng,
        [
            "Subscriber",
            "Lead",
            "Marketing Qualified Lead",
            "Sales Qualified Lead",
            "Opportunity",
            "Customer",
            "Evangelist",
        ],
        k,
        [18, 25, 12, 6, 5, 30, 4],
    )
    status = _pick(
        rng,
        [
            "",
            "New",
            "Open",
            "In Progress",
            "Attempted to contact",
            "Connected",
            "Open Deal",
            "Unqualified",
        ],
        k,
        [35, 18, 12, 10, 8, 7, 4, 4],
    )
    country = _pick(rng, ["United States", "USA", "US", ""], k, [6, 2, 1, 1])
    owner = _pick(rng, [*_STAFF, ""], k, [14] * len(_STAFF) + [30])
    us = pl.Series(rng.random(k) < 0.4)
    us2 = pl.Series(rng.random(k) < 0.4)
    handle = (
        pl.when(pl.col("r2") < 0.5)
        .then("handle")
        .otherwise(pl.concat_str([pl.lit("@"), pl.col("handle")]))
    )
    main_phone = pl.coalesce("landline", "mobile")
    out = frame.select(
        pl.col("record_id").alias("Record ID"),
        pl.when(upper).then(first.str.to_uppercase()).otherwise(first).alias("First Name"),
        pl.when(upper)
        .then(pl.col("family").str.to_uppercase())
        .otherwise("family")
        .alias("Last Name"),
        email.alias("Email"),
        _phone(main_phone, pl.col("style")).alias("Phone Number"),
        pl.when(pl.col("landline").is_not_null())
        .then(_phone("mobile", pl.col("style2")))
        .alias("Mobile Phone Number"),
        _street("number", "street", pl.col("stype"), unit).alias("Street Address"),
        pl.col("city").alias("City"),
        pl.when(pl.col("r1") < 0.6).then("state").otherwise("state_name").alias("State/Region"),
        pl.col("zip").alias("Postal Code"),
        country.alias("Country/Region"),
        pl.when(v == 1)
        .then(pl.lit("Subscriber"))
        .otherwise(pl.lit(lifecycle))
        .alias("Lifecycle Stage"),
        pl.when(v == 1).then(pl.lit("")).otherwise(pl.lit(status)).alias("Lead Status"),
        pl.when(v == 0).then(handle).alias("Twitter Username"),
        additional.alias("Additional email addresses"),
        pl.when(work_first & (v == 0)).then("employer").alias("Associated Company"),
        pl.when(pl.col("r4") < 0.7)
        .then(pl.lit("Marketing contact"))
        .otherwise(pl.lit("Non-marketing contact"))
        .alias("Marketing contact status"),
        pl.when(pl.lit(us))
        .then(pl.col("created").dt.strftime("%-m/%-d/%Y %-I:%M %p"))
        .otherwise(pl.col("created").dt.strftime("%Y-%m-%d %H:%M"))
        .alias("Create Date"),
        pl.when(pl.lit(us2))
        .then(pl.col("modified").dt.strftime("%-m/%-d/%Y %-I:%M %p"))
        .otherwise(pl.col("modified").dt.strftime("%Y-%m-%d %H:%M"))
        .alias("Last Modified Date"),
        pl.lit(owner).alias("Contact owner"),
        pl.col("entity_id"),
    )
    assert tuple(out.columns[:-1]) == HUBSPOT_HEADER
    return out


_B62: Final[bytes] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SF_CHECKSUM: Final[bytes] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def _salesforce_ids(
    rng: np.random.Generator, k: int, part: int = 0, parts: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Unique 15- and 18-character Contact IDs (``0035g00000`` + 5 random characters).

    Chunk ``part`` of ``parts`` draws from its own slice of the id space, so the ids of
    different chunks never collide.
    """
    span = 62**5 // parts
    draws = part * span + rng.integers(0, span, size=int(k * 1.05) + 16)
    _, first = np.unique(draws, return_index=True)
    values = draws[np.sort(first)][:k]
    powers = 62 ** np.arange(4, -1, -1, dtype=np.int64)
    digits = (values[:, None] // powers) % 62
    alphabet = np.frombuffer(_B62, dtype=np.uint8)
    tail = alphabet[digits]
    bits = ((tail >= ord("A")) & (tail <= ord("Z"))) @ (1 << np.arange(5))
    checksum = np.frombuffer(_SF_CHECKSUM, dtype=np.uint8)[bits]
    prefix = np.frombuffer(b"0035g00000", dtype=np.uint8)
    full = np.empty((k, 18), dtype=np.uint8)
    full[:, :10] = prefix
    full[:, 10:15] = tail
    full[:, 15] = ord("A")  # the first two chunks ("0035g", "00000") have no upper-case letter
    full[:, 16] = ord("A")
    full[:, 17] = checksum
    id18 = full.view("S18").ravel().astype(str)
    id15 = np.ascontiguousarray(full[:, :15]).view("S15").ravel().astype(str)
    return id15, id18


def _salesforce(
    rng: np.random.Generator, people: pl.DataFrame, part: int = 0, parts: int = 1
) -> pl.DataFrame:
    """Salesforce contacts of ``people`` (chunk ``part`` of ``parts``: see :func:`_salesforce_ids`)."""
    base = people.filter("in_salesforce")
    dup = base.filter(
        pl.Series(rng.random(base.height) < 0.01) & pl.col("work_email").is_not_null()
    )
    frame = pl.concat(
        [
            base.with_columns(pl.lit(0).alias("variant")),
            dup.with_columns(pl.lit(1).alias("variant")),
        ]
    )
    k = frame.height
    id15, id18 = _salesforce_ids(rng, k, part, parts)
    r = [pl.Series(rng.random(k)) for _ in range(6)]
    short = r[0] < 0.005
    work = pl.col("work_email").is_not_null() & ((pl.col("variant") == 1) | pl.lit(r[1] < 0.5))
    main = pl.coalesce("landline", "mobile")
    phone_cell = (
        pl.when(pl.lit(r[2] < 0.001))
        .then(pl.concat_str([pl.lit("1"), main, pl.lit(".0")]))
        .when(pl.lit(r[2] > 0.999))
        .then(pl.concat_str([pl.lit("1."), main.str.strip_chars_end("0"), pl.lit("E+10")]))
        .otherwise(_phone(main, pl.lit(0)))
    )
    unit = pl.when("has_unit").then(pl.concat_str([pl.lit("#"), pl.col("unit_no").cast(pl.String)]))
    account = (
        pl.when(work)
        .then("employer")
        .when(pl.lit(r[3] < 0.55))
        .then(pl.concat_str([pl.col("family"), pl.lit(" Household")]))
        .otherwise(pl.lit("Northwind Outfitters - Individual Customers"))
    )
    moved = pl.col("moved")
    frame = frame.with_columns(
        pl.Series(np.where(short.to_numpy(), id15, id18)).alias("contact_id"),
        pl.Series(id18).alias("id18"),
        (pl.col("since") + pl.duration(days=pl.lit(pl.Series(rng.integers(0, 60, k))))).alias(
            "created"
        ),
    )
    out = frame.select(
        pl.col("contact_id").alias("Contact ID"),
        pl.col("given").alias("First Name"),
        pl.col("family").alias("Last Name"),
        account.alias("Account Name"),
        pl.when(work).then(pl.lit("Purchasing Agent")).otherwise(pl.lit("")).alias("Title"),
        pl.when(work).then("work_email").otherwise("email").alias("Email"),
        phone_cell.alias("Phone"),
        pl.when(pl.col("landline").is_not_null() & pl.lit(r[4] < 0.6))
        .then(_phone("mobile", pl.lit(0)))
        .otherwise(pl.lit(""))
        .alias("Mobile"),
        pl.when(moved)
        .then(_street("old_number", "old_street", pl.lit("St"), pl.lit(None, pl.String)))
        .otherwise(_street("number", "street", pl.col("stype"), unit))
        .alias("Mailing Street"),
        pl.when(moved).then("old_city").otherwise("city").alias("Mailing City"),
        pl.when(moved).then("old_state").otherwise("state").alias("Mailing State/Province"),
        pl.when(moved).then("old_zip").otherwise("zip").alias("Mailing Zip/Postal Code"),
        pl.when(pl.lit(r[5] < 0.8))
        .then(pl.lit("United States"))
        .otherwise(pl.lit("US"))
        .alias("Mailing Country"),
        pl.when(pl.col("has_birth") & pl.lit(r[5] < 0.75))
        .then(pl.col("birth").dt.strftime("%-m/%-d/%Y"))
        .otherwise(pl.lit(""))
        .alias("Birthdate"),
        pl.lit(
            _pick(
                rng,
                [
                    "Web",
                    "Phone Inquiry",
                    "Partner Referral",
                    "Trade Show",
                    "Word of mouth",
                    "Other",
                ],
                k,
            )
        ).alias("Lead Source"),
        pl.min_horizontal("created", pl.lit(EXPORT_DATE))
        .dt.strftime("%-m/%-d/%Y")
        .alias("Created Date"),
        pl.lit(_pick(rng, _STAFF, k)).alias("Contact Owner"),
        # Salesforce ids are case-sensitive in 15 characters; the lake keys every contact by the
        # case-safe 18-character form, so the truth does too.
        pl.col("id18").alias("record_id"),
        pl.col("entity_id"),
    )
    assert tuple(out.columns[:-2]) == SALESFORCE_HEADER
    return out


def _store_offset(moment: pl.Expr) -> pl.Expr:
    """`` -0600`` while Denver observes daylight saving time (second Sunday of March to first
    Sunday of November), `` -0700`` otherwise."""
    starts, ends = {}, {}
    for y in range(2015, EXPORT_DATE.year + 2):
        march = date(y, 3, 8)
        november = date(y, 11, 1)
        starts[y] = march + timedelta(days=(6 - march.weekday()) % 7)
        ends[y] = november + timedelta(days=(6 - november.weekday()) % 7)
    year = moment.dt.year()
    day = moment.dt.date()
    start = year.replace_strict(starts, return_dtype=pl.Date)
    end = year.replace_strict(ends, return_dtype=pl.Date)
    return pl.when((day >= start) & (day < end)).then(pl.lit(" -0600")).otherwise(pl.lit(" -0700"))


def _money(cents: pl.Expr) -> pl.Expr:
    return pl.concat_str(
        [(cents // 100).cast(pl.String), pl.lit("."), (cents % 100).cast(pl.String).str.zfill(2)]
    )


def _orders(
    rng: np.random.Generator, people: pl.DataFrame, last_id: int, first_name: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Shopify order-export rows (one per line item) and the order → person truth.

    Order ids grow from ``last_id``; order names are numbered from ``first_name``.
    """
    shoppers = people.filter("in_shopify")
    per_person = rng.choice([1, 2, 3, 4], size=shoppers.height, p=[0.55, 0.28, 0.12, 0.05])
    owner = np.repeat(np.arange(shoppers.height), per_person)
    n_orders = owner.size
    since = shoppers["since"].cast(pl.Int32).to_numpy()[owner]
    start = np.maximum(since, _days(date(2022, 1, 1)))
    span = np.maximum(1, _days(EXPORT_DATE) - 1 - start)
    seconds = (start + (rng.random(n_orders) * span).astype(np.int64)) * 86_400 + rng.integers(
        6 * 3600, 23 * 3600, n_orders
    )
    order_sort = np.lexsort((owner, seconds))
    owner, seconds = owner[order_sort], seconds[order_sort]
    orders = shoppers.select(pl.all().gather(owner)).with_columns(
        pl.Series("order_idx", np.arange(n_orders)),
        pl.Series("created", seconds * 1_000_000).cast(pl.Datetime("us")),
        pl.format("#{}", pl.Series(np.arange(first_name, first_name + n_orders))).alias(
            "order_name"
        ),
        (last_id + pl.Series(np.cumsum(rng.integers(20_000, 9_000_000, n_orders))))
        .cast(pl.String)
        .alias("order_id"),
        pl.Series(rng.random(n_orders) < 0.12).alias("pos"),
        pl.Series(rng.random(n_orders) < 0.10).alias("guest"),
        pl.Series(rng.random(n_orders)).alias("status_roll"),
        pl.Series(rng.random(n_orders)).alias("q"),
        pl.Series(rng.integers(0, 5, n_orders)).alias("style"),
        pl.Series(rng.random(n_orders)).alias("family_roll"),
    )
    # Line items: 1-3 per order, priced in cents to keep totals exact.
    n_lines = rng.choice([1, 2, 3], size=n_orders, p=[0.6, 0.28, 0.12])
    line_order = np.repeat(np.arange(n_orders), n_lines)
    line_no = np.arange(line_order.size) - np.repeat(np.cumsum(n_lines) - n_lines, n_lines)
    product = rng.integers(0, len(voc.PRODUCTS), line_order.size)
    prices = np.array([round(float(p[2]) * 100) for p in voc.PRODUCTS])
    qty = np.where(rng.random(line_order.size) < 0.9, 1, 2)
    subtotal = np.bincount(line_order, weights=prices[product] * qty, minlength=n_orders).astype(
        np.int64
    )
    rates = {
        "CO": 0.029,
        "WA": 0.065,
        "UT": 0.0485,
        "TX": 0.0625,
        "MN": 0.06875,
        "IL": 0.0625,
        "CA": 0.0725,
        "MA": 0.0625,
        "NY": 0.04,
    }
    rate = orders["state"].replace_strict(rates, default=0.0, return_dtype=pl.Float64).to_numpy()
    discount = np.where(rng.random(n_orders) < 0.15, np.round(subtotal * 0.10), 0).astype(np.int64)
    shipping = np.where(orders["pos"].to_numpy() | (subtotal - discount >= 7500), 0, 895)
    taxes = np.round((subtotal - discount) * rate).astype(np.int64)
    total = subtotal - discount + shipping + taxes
    orders = orders.with_columns(
        pl.Series("subtotal", subtotal),
        pl.Series("discount", discount),
        pl.Series("shipping", shipping),
        pl.Series("taxes", taxes),
        pl.Series("total", total),
        pl.Series("rate", rate),
    )
    roll = pl.col("status_roll")
    status = (
        pl.when(roll < 0.04)
        .then(pl.lit("voided"))
        .when(roll < 0.11)
        .then(pl.lit("refunded"))
        .when(roll < 0.17)
        .then(pl.lit("partially_refunded"))
        .otherwise(pl.lit("paid"))
    )
    refunded = (
        pl.when(roll < 0.02)
        .then(pl.lit(0))
        .when(roll < 0.11)
        .then("total")
        .when(roll < 0.17)
        .then(pl.col("total") // 2)
        .otherwise(pl.lit(0))
    )
    # Most orders of a household with a family address carry it instead of the personal one.
    address = (
        pl.when(pl.col("family_email").is_not_null() & (pl.col("family_roll") < 0.8))
        .then("family_email")
        .otherwise("email")
    )
    email = (
        pl.when(pl.col("pos") & (pl.col("q") < 0.6))
        .then(pl.lit(""))
        .when(pl.col("guest"))
        .then(pl.concat_str([address.str.slice(0, 1).str.to_uppercase(), address.str.slice(1)]))
        .otherwise(address)
    )
    name = pl.concat_str(
        [
            pl.when(pl.col("guest") & (pl.col("nick") != "")).then("nick").otherwise("given"),
            pl.col("family"),
        ],
        separator=" ",
    )
    unit = pl.when("has_unit").then(
        pl.concat_str([pl.lit("Apt"), pl.col("unit_no").cast(pl.String)], separator=" ")
    )
    line1 = pl.concat_str(
        [pl.col("number").cast(pl.String), pl.col("street"), pl.col("stype")], separator=" "
    )
    offset = _store_offset(pl.col("created"))
    created = pl.concat_str([pl.col("created").dt.strftime("%Y-%m-%d %H:%M:%S"), offset])
    paid = pl.concat_str(
        [(pl.col("created") + pl.duration(seconds=2)).dt.strftime("%Y-%m-%d %H:%M:%S"), offset]
    )
    not_pos = ~pl.col("pos")
    tax_name = pl.concat_str(
        [
            pl.col("state"),
            pl.lit(" State Tax "),
            (pl.col("rate") * 100).round(3).cast(pl.String),
            pl.lit("%"),
        ]
    )
    level = orders.select(
        "order_idx",
        "entity_id",
        pl.col("order_name").alias("Name"),
        email.alias("Email"),
        status.alias("Financial Status"),
        pl.when(roll < 0.04).then(pl.lit("")).otherwise(paid).alias("Paid at"),
        pl.when(roll < 0.04)
        .then(pl.lit("unfulfilled"))
        .otherwise(pl.lit("fulfilled"))
        .alias("Fulfillment Status"),
        pl.when(roll < 0.04).then(pl.lit("")).otherwise(paid).alias("Fulfilled at"),
        pl.when(pl.col("q") < 0.45)
        .then(pl.lit("yes"))
        .otherwise(pl.lit("no"))
        .alias("Accepts Marketing"),
        pl.lit("USD").alias("Currency"),
        _money(pl.col("subtotal")).alias("Subtotal"),
        _money(pl.col("shipping")).alias("Shipping"),
        _money(pl.col("taxes")).alias("Taxes"),
        _money(pl.col("total")).alias("Total"),
        pl.when(pl.col("discount") > 0)
        .then(pl.lit("TRAIL10"))
        .otherwise(pl.lit(""))
        .alias("Discount Code"),
        _money(pl.col("discount")).alias("Discount Amount"),
        pl.when(pl.col("pos"))
        .then(pl.lit(""))
        .when(pl.col("shipping") == 0)
        .then(pl.lit("Free Shipping (orders over $75)"))
        .otherwise(pl.lit("Standard Shipping"))
        .alias("Shipping Method"),
        created.alias("Created at"),
        pl.when(pl.col("pos") & (pl.col("q") < 0.3))
        .then(name.str.to_uppercase())
        .otherwise(name)
        .alias("Billing Name"),
        pl.when(unit.is_not_null())
        .then(pl.concat_str([line1, unit], separator=", "))
        .otherwise(line1)
        .alias("Billing Street"),
        line1.alias("Billing Address1"),
        unit.alias("Billing Address2"),
        pl.col("city").alias("Billing City"),
        pl.concat_str([pl.lit("'"), pl.col("zip")]).alias("Billing Zip"),
        pl.col("state").alias("Billing Province"),
        pl.lit("US").alias("Billing Country"),
        _phone("mobile", pl.col("style")).alias("Billing Phone"),
        pl.when(not_pos).then(name).alias("Shipping Name"),
        pl.when(not_pos).then(line1).alias("Shipping Street"),
        pl.when(not_pos).then(line1).alias("Shipping Address1"),
        pl.when(not_pos).then(unit).alias("Shipping Address2"),
        pl.when(not_pos).then("city").alias("Shipping City"),
        pl.when(not_pos).then(pl.concat_str([pl.lit("'"), pl.col("zip")])).alias("Shipping Zip"),
        pl.when(not_pos).then("state").alias("Shipping Province"),
        pl.when(not_pos).then(pl.lit("US")).alias("Shipping Country"),
        pl.when(not_pos).then(_phone("mobile", pl.lit(4))).alias("Shipping Phone"),
        pl.when(roll < 0.04).then(paid).alias("Cancelled at"),
        pl.when(pl.col("pos") & (pl.col("q") < 0.5))
        .then(pl.lit("Cash"))
        .otherwise(pl.lit("Shopify Payments"))
        .alias("Payment Method"),
        pl.concat_str([pl.lit("c"), pl.col("order_id"), pl.lit(".1")]).alias("Payment Reference"),
        _money(refunded).alias("Refunded Amount"),
        pl.lit("0.00").alias("Outstanding Balance"),
        pl.when(pl.col("pos")).then(pl.lit("Dana Whitfield")).alias("Employee"),
        pl.when(pl.col("pos")).then(pl.lit("Boulder Flagship")).alias("Location"),
        pl.when(pl.col("pos")).then(pl.lit("1")).alias("Device ID"),
        pl.col("order_id").alias("Id"),
        pl.when(pl.col("q") > 0.97)
        .then(pl.lit("Medium"))
        .otherwise(pl.lit("Low"))
        .alias("Risk Level"),
        pl.when(pl.col("pos")).then(pl.lit("pos")).otherwise(pl.lit("web")).alias("Source"),
        pl.when(pl.col("taxes") > 0).then(tax_name).alias("Tax 1 Name"),
        pl.when(pl.col("taxes") > 0).then(_money(pl.col("taxes"))).alias("Tax 1 Value"),
        pl.when(~pl.col("guest") & (pl.col("q") < 0.5))
        .then(pl.concat_str([pl.lit("+1"), pl.col("mobile")]))
        .alias("Phone"),
        pl.col("state_name").alias("Billing Province Name"),
        pl.when(not_pos).then("state_name").alias("Shipping Province Name"),
        pl.concat_str([pl.lit("c"), pl.col("order_id"), pl.lit(".1")]).alias("Payment ID"),
        pl.concat_str([pl.lit("c"), pl.col("order_id"), pl.lit(".1")]).alias("Payment References"),
    )
    names = pl.Series([p[0] for p in voc.PRODUCTS])
    skus = pl.Series([p[1] for p in voc.PRODUCTS])
    lines = pl.DataFrame(
        {
            "order_idx": line_order,
            "line_no": line_no,
            "Lineitem quantity": pl.Series(qty).cast(pl.String),
            "Lineitem name": names.gather(product),
            "Lineitem price": _money_series(prices[product]),
            "Lineitem sku": skus.gather(product),
        }
    ).with_columns(
        pl.lit("").alias("Lineitem compare at price"),
        pl.lit("true").alias("Lineitem requires shipping"),
        pl.lit("true").alias("Lineitem taxable"),
        pl.lit("fulfilled").alias("Lineitem fulfillment status"),
        pl.lit("Northwind Outfitters").alias("Vendor"),
        pl.lit("0.00").alias("Lineitem discount"),
    )
    joined = lines.join(level, on="order_idx", how="left")
    first_row = pl.col("line_no") == 0
    columns = []
    for column in ORDERS_HEADER:
        if column not in joined.columns:
            columns.append(pl.lit(None, pl.String).alias(column))
        elif column in CONTINUATION_COLUMNS:
            columns.append(pl.col(column))
        else:
            columns.append(pl.when(first_row).then(pl.col(column)).alias(column))
    rows = joined.sort(["order_idx", "line_no"], descending=[True, False]).select(columns)
    truth = orders.select(
        pl.lit("shopify_order").alias("source"), pl.col("order_id").alias("record_id"), "entity_id"
    )
    return rows, truth


_ZENDESK_API: Final[str] = "https://northwindoutfitters.zendesk.com/api/v2"
_ZENDESK_GROUP: Final[int] = 360001234511
_ZENDESK_TAGS: Final[list[list[str]]] = [[], [], ["vip"], ["wholesale"], ["loyalty_member"]]
# An address at another provider for a second Zendesk account of someone without a work email.
_OTHER_DOMAIN: Final[dict[str, str]] = {
    "gmail.com": "yahoo.com",
    "yahoo.com": "gmail.com",
    "outlook.com": "hotmail.com",
    "hotmail.com": "outlook.com",
    "icloud.com": "gmail.com",
    "aol.com": "gmail.com",
    "comcast.net": "gmail.com",
    "proton.me": "gmail.com",
}


def _iso_z(moment: pl.Expr) -> pl.Expr:
    return moment.dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _zendesk(
    rng: np.random.Generator,
    people: pl.DataFrame,
    contact_ids: pl.DataFrame,
    taken: pl.Series,
    part: int = 0,
    parts: int = 1,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Zendesk users (staff first, then end-users; one JSON object per row) and their truth.

    ``contact_ids`` maps ``entity_id`` to the person's Salesforce ``contact_id``; the help desk
    integration stores its 15-character form as ``external_id``. ``taken`` holds the addresses
    that belong to someone (the whole population's, and earlier chunks' accounts). Chunk
    ``part`` of ``parts`` numbers its users in its own slice of the id range, and only the first
    chunk lists the staff.
    """
    base = people.filter("in_zendesk").join(
        contact_ids, on="entity_id", how="left", maintain_order="left"
    )
    has_work = pl.col("work_email").is_not_null()
    base = base.with_columns(
        pl.lit(0).alias("variant"),
        (has_work & pl.lit(pl.Series(rng.random(base.height) < 0.3))).alias("work_first"),
    )
    # A second account for the same person, opened from the address the first one does not
    # use: work or personal, or (no work address) the same name at another provider, unless
    # that address belongs to someone else: then a plus address of their own.
    dup = base.filter(pl.Series(rng.random(base.height) < 0.03))
    local = pl.col("email").str.extract("^(.+)@")
    domain = pl.col("email").str.extract("@(.+)$")
    dup = dup.with_columns(
        pl.concat_str([local, pl.lit("@"), domain.replace_strict(_OTHER_DOMAIN)]).alias("elsewhere")
    )
    elsewhere_ok = ~pl.col("elsewhere").is_in(taken.implode()) & (
        pl.int_range(pl.len()).over("elsewhere") == 0
    )
    dup = dup.with_columns(
        pl.lit(1).alias("variant"),
        pl.when("work_first")
        .then("email")
        .when(has_work)
        .then("work_email")
        .when(elsewhere_ok)
        .then("elsewhere")
        .otherwise(pl.concat_str([local, pl.lit("+help@"), domain]))
        .alias("dup_email"),
    ).drop("elsewhere")
    frame = pl.concat([base.with_columns(pl.lit(None, pl.String).alias("dup_email")), dup])
    k = frame.height
    r = [pl.Series(rng.random(k)) for _ in range(8)]
    v = pl.col("variant")
    email = (
        pl.when(v == 1)
        .then("dup_email")
        .when(pl.lit(r[1] < 0.04))
        .then(pl.lit(None, pl.String))  # created from an inbound call: a phone and no email
        .when("work_first")
        .then("work_email")
        .otherwise("email")
    )
    frame = frame.with_columns(email.alias("z_email"))
    no_email = pl.col("z_email").is_null()
    digits = (
        pl.when(pl.col("landline").is_not_null() & pl.lit(r[2] < 0.2))
        .then("landline")
        .otherwise("mobile")
    )
    frame = frame.with_columns(
        pl.when(no_email | pl.lit(r[3] < 0.4))
        .then(pl.concat_str([pl.lit("+1"), digits]))
        .alias("z_phone")
    )
    first = pl.when(pl.col("nick") != "").then("nick").otherwise("given")
    first = pl.when(pl.lit(r[5] < 0.5)).then(first).otherwise("given")
    roll = pl.lit(r[4])
    name = (
        pl.when(no_email)
        .then(
            pl.concat_str([pl.lit("Caller +1 "), _phone(pl.col("z_phone").str.slice(2), pl.lit(0))])
        )
        .when(roll < 0.5)
        .then(pl.concat_str(["given", "family"], separator=" "))
        .when(roll < 0.68)
        .then(pl.concat_str([first, pl.col("family")], separator=" "))
        .when(roll < 0.8)
        .then(first)  # signed "Bob" and nothing else
        .when(roll < 0.86)
        .then(first.str.to_lowercase())
        .when(roll < 0.94)
        .then(pl.col("z_email").str.extract("^(.+)@"))
        .otherwise(
            pl.concat_str(
                [_transpose(pl.col("given"), (roll - 0.94) / 0.06), pl.col("family")], separator=" "
            )
        )
    )
    export_day = datetime.combine(EXPORT_DATE, datetime.min.time())
    created = (
        pl.col("since").cast(pl.Datetime("us"))
        + pl.duration(
            days=pl.lit(pl.Series(rng.integers(0, 300, k))),
            minutes=pl.lit(pl.Series(rng.integers(9 * 60, 21 * 60, k))),
        )
        + pl.duration(days=30 * v)
    )
    frame = frame.with_columns(
        pl.min_horizontal(created, pl.lit(export_day - timedelta(days=3))).alias("created"),
        name.alias("z_name"),
    )
    frame = frame.with_columns(
        pl.min_horizontal(
            pl.col("created")
            + pl.duration(
                days=pl.lit(pl.Series(rng.integers(0, 400, k))),
                minutes=pl.lit(pl.Series(rng.integers(0, 900, k))),
            ),
            pl.lit(export_day + timedelta(hours=4)),
        ).alias("updated")
    ).sort(["created", "entity_id", "variant"])
    # Ids grow with creation time and stay below 2e13 (14 digits, as in the sample).
    budget = 9_000_000_000_000 // parts
    step = max(2, budget // max(k, 1))
    ids = 10_000_000_000_000 + part * budget + np.cumsum(rng.integers(1, step, k))
    frame = frame.with_columns(pl.Series("id", ids))
    users = frame.select(
        "id",
        pl.concat_str(
            [pl.lit(f"{_ZENDESK_API}/users/"), pl.col("id").cast(pl.String), pl.lit(".json")]
        ).alias("url"),
        pl.col("z_name").alias("name"),
        pl.col("z_email").alias("email"),
        _iso_z(pl.col("created")).alias("created_at"),
        _iso_z(pl.col("updated")).alias("updated_at"),
        pl.lit("Mountain Time (US & Canada)").alias("time_zone"),
        pl.lit("America/Denver").alias("iana_time_zone"),
        pl.col("z_phone").alias("phone"),
        pl.when(pl.col("z_phone").is_not_null()).then(pl.lit(False)).alias("shared_phone_number"),
        pl.lit(None, pl.String).alias("photo"),
        pl.lit(1).alias("locale_id"),
        pl.lit("en-US").alias("locale"),
        pl.lit(None, pl.Int64).alias("organization_id"),
        pl.lit("end-user").alias("role"),
        pl.lit(r[6] < 0.7).alias("verified"),
        # The integration links a contact once; a second account never gets the link.
        pl.when((v == 0) & pl.lit(r[7] < 0.6))
        .then(pl.col("contact_id").str.slice(0, 15))
        .alias("external_id"),
        pl.Series(_ZENDESK_TAGS, dtype=pl.List(pl.String))
        .gather(rng.integers(0, len(_ZENDESK_TAGS), k))
        .alias("tags"),
        pl.lit("").alias("alias"),
        pl.lit(True).alias("active"),
        pl.lit(False).alias("shared"),
        pl.lit(False).alias("shared_agent"),
        pl.when(pl.lit(r[6] < 0.3)).then(_iso_z(pl.col("updated"))).alias("last_login_at"),
        pl.lit(None, pl.Boolean).alias("two_factor_auth_enabled"),
        pl.lit(None, pl.String).alias("signature"),
        pl.lit("").alias("details"),
        pl.lit("").alias("notes"),
        pl.lit(None, pl.Int64).alias("role_type"),
        pl.lit(None, pl.Int64).alias("custom_role_id"),
        pl.lit(False).alias("moderator"),
        pl.lit("requested").alias("ticket_restriction"),
        pl.lit(False).alias("only_private_comments"),
        pl.lit(True).alias("restricted_agent"),
        pl.lit(False).alias("suspended"),
        pl.lit(None, pl.Int64).alias("default_group_id"),
        pl.lit(False).alias("report_csv"),
        pl.struct(pl.lit(None, pl.String).alias("loyalty_number")).alias("user_fields"),
    )
    truth = pl.DataFrame(
        {
            "source": pl.repeat("zendesk", k, eager=True),
            "record_id": pl.Series(ids).cast(pl.String),
            "entity_id": frame["entity_id"],
        }
    )
    staff = [_zendesk_staff(users.schema)] if part == 0 else []
    return pl.concat([*staff, users]), truth


def _zendesk_staff(schema: pl.Schema) -> pl.DataFrame:
    """The help desk's agents and admin: staff accounts that the connector quarantines."""
    rows = []
    for index, name in enumerate(_STAFF):
        user_id = 361_500_000_100 + index * 7
        moment = datetime(2019, 4, 2, 16, 0) + timedelta(days=index * 40)
        rows.append(
            {
                "id": user_id,
                "url": f"{_ZENDESK_API}/users/{user_id}.json",
                "name": name,
                "email": f"{name.lower().replace(' ', '.')}@northwindoutfitters.com",
                "created_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "updated_at": (moment + timedelta(days=150)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "time_zone": "Mountain Time (US & Canada)",
                "iana_time_zone": "America/Denver",
                "locale_id": 1,
                "locale": "en-US",
                "role": "admin" if index == 0 else "agent",
                "verified": True,
                "tags": [],
                "alias": "",
                "active": True,
                "shared": False,
                "shared_agent": False,
                "last_login_at": (moment + timedelta(days=150)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "details": "",
                "notes": "",
                "moderator": True,
                "only_private_comments": False,
                "restricted_agent": False,
                "suspended": False,
                "default_group_id": _ZENDESK_GROUP,
                "report_csv": True,
                "user_fields": {"loyalty_number": None},
            }
        )
    return pl.DataFrame(rows, schema=schema)


def _money_series(cents: np.ndarray) -> pl.Series:
    return pl.select(_money(pl.lit(pl.Series(cents)))).to_series()


CHUNK_PEOPLE: Final[int] = 1_000_000
"""People whose export rows are built at once. A larger population is drawn whole (so emails,
phones and households stay unique across it) but its exports are built and written chunk by
chunk, one file per chunk and export (``sales/hubspot-contacts-01.csv``, ...): memory follows
the chunk, and ``cxm ingest`` reads each file as its own batch."""


def chunk_path(path: str, part: int, parts: int) -> str:
    """Where chunk ``part`` of ``parts`` writes the export ``path`` (``path`` itself when whole).

    >>> chunk_path(HUBSPOT_PATH, 0, 1), chunk_path(HUBSPOT_PATH, 1, 5)
    ('sales/hubspot-contacts.csv', 'sales/hubspot-contacts-02.csv')
    """
    if parts == 1:
        return path
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}-{part + 1:02d}{dot}{suffix}"


def write_bulk(
    out_dir: Path, people: int, seed: int = 0, chunk_people: int = CHUNK_PEOPLE
) -> dict[str, Any]:
    """Write the large HubSpot, Salesforce and Shopify orders exports and ``truth.csv``.

    Parameters
    ----------
    out_dir
        Folder to write into; files go to the same relative paths as in ``sample_data/``.
    people
        Number of people in the population.
    seed
        Seed of the numpy generator; the same seed gives the same files.
    chunk_people
        Exports are built for this many people at a time (see :data:`CHUNK_PEOPLE`); a
        population that fits in one chunk gives one file per export.

    Returns
    -------
    dict
        ``rows`` and ``bytes`` per file, the number of ``orders`` and ``people``.
    """
    if people < 10:
        msg = f"the bulk generator needs at least 10 people, got {people}"
        raise ValueError(msg)
    rng = np.random.default_rng(seed)
    population = _people(rng, people)
    parts = -(-people // chunk_people)
    sizes: dict[str, int] = {}
    rows: dict[str, int] = {}
    truths: list[pl.DataFrame] = []
    hubspot_id, order_id, order_name = 31_000_000_000, 5_523_418_930_214, 1001
    taken = population["email"]
    for part in range(parts):
        chunk = population.slice(part * chunk_people, chunk_people)
        hubspot = _hubspot(rng, chunk, hubspot_id)
        salesforce = _salesforce(rng, chunk, part, parts)
        orders, order_truth = _orders(rng, chunk, order_id, order_name)
        # A person's first Salesforce row is their contact; in-silo duplicates come after it.
        contact_ids = salesforce.select(
            "entity_id", pl.col("Contact ID").alias("contact_id")
        ).unique("entity_id", keep="first", maintain_order=True)
        zendesk, zendesk_truth = _zendesk(rng, chunk, contact_ids, taken, part, parts)
        truths.append(
            pl.concat(
                [
                    hubspot.select(
                        pl.lit("hubspot").alias("source"),
                        pl.col("Record ID").alias("record_id"),
                        "entity_id",
                    ),
                    salesforce.select(
                        pl.lit("salesforce").alias("source"), "record_id", "entity_id"
                    ),
                    order_truth,
                    zendesk_truth,
                ]
            )
        )
        if hubspot.height:
            hubspot_id = int(hubspot["Record ID"].cast(pl.Int64).max())  # type: ignore[arg-type]
        if order_truth.height:
            order_id = int(order_truth["record_id"].cast(pl.Int64).max())  # type: ignore[arg-type]
        order_name += order_truth.height
        taken = pl.concat([taken, zendesk["email"].drop_nulls()])
        _write_chunk(out_dir, part, parts, hubspot, salesforce, orders, zendesk, sizes, rows)
        del hubspot, salesforce, orders, zendesk
    truth = pl.concat(truths).sort(["source", "record_id"])
    sizes[TRUTH_PATH] = _write_frame(truth, out_dir / TRUTH_PATH, line_terminator="\n")
    rows[TRUTH_PATH] = truth.height
    # As in sample_data/: ``cxm ingest OUT_DIR`` must not take the answer key for an export.
    write_atomic(
        out_dir / ".cxmignore",
        f"# Not an export: the ground truth of who is who.\n{TRUTH_PATH}\n".encode(),
    )
    return {
        "people": people,
        "households": int(population["household"].n_unique()) - 1,
        "orders": int(truth["source"].eq("shopify_order").sum()),
        "support_users": int(truth["source"].eq("zendesk").sum()),
        "rows": rows,
        "bytes": sizes,
    }


def _write_chunk(
    out_dir: Path,
    part: int,
    parts: int,
    hubspot: pl.DataFrame,
    salesforce: pl.DataFrame,
    orders: pl.DataFrame,
    zendesk: pl.DataFrame,
    sizes: dict[str, int],
    rows: dict[str, int],
) -> None:
    """Write one chunk's four exports, recording their bytes and rows under their paths."""
    path = chunk_path(HUBSPOT_PATH, part, parts)
    sizes[path] = _write_frame(
        hubspot.drop("entity_id"),
        out_dir / path,
        include_bom=True,
        line_terminator="\r\n",
        quote_style="always",
    )
    rows[path] = hubspot.height

    buffer = io.BytesIO()
    salesforce.drop("record_id", "entity_id").write_csv(
        buffer, line_terminator="\r\n", quote_style="always"
    )
    footer = (
        f'\r\n"Grand Totals ({salesforce.height} records)"\r\n\r\n'
        '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\r\n'
        '"Confidential Information - Do Not Distribute"\r\n'
        '"Generated By:  Dana Whitfield  11/20/2026 9:14 AM"\r\n'
        '"Northwind Outfitters"\r\n'
    )
    data = (buffer.getvalue().decode("utf-8") + footer).encode("cp1252")
    path = chunk_path(SALESFORCE_PATH, part, parts)
    write_atomic(out_dir / path, data)
    sizes[path] = len(data)
    rows[path] = salesforce.height

    path = chunk_path(ORDERS_PATH, part, parts)
    sizes[path] = _write_frame(orders, out_dir / path, line_terminator="\n")
    rows[path] = orders.height

    path = chunk_path(ZENDESK_USERS_PATH, part, parts)
    sizes[path] = _write_ndjson(zendesk, out_dir / path)
    rows[path] = zendesk.height
