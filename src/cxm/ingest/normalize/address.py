"""Postal addresses: street lines, postal codes, countries and regions, folded for matching."""

from __future__ import annotations

import polars as pl

from cxm.ingest.normalize._common import (
    INVISIBLE,
    as_text,
    fold_core,
    named_like,
    null_if_empty,
    squash_spaces,
)

# USPS Publication 28 short forms (street suffixes, secondary unit designators, directionals)
# for the words that appear most in customer data. Keys and values are whole tokens.
_STREET_WORDS = {
    "street": "st",
    "str": "st",
    "avenue": "ave",
    "av": "ave",
    "aven": "ave",
    "avenu": "ave",
    "avn": "ave",
    "road": "rd",
    "boulevard": "blvd",
    "boul": "blvd",
    "boulv": "blvd",
    "drive": "dr",
    "drv": "dr",
    "lane": "ln",
    "court": "ct",
    "place": "pl",
    "circle": "cir",
    "terrace": "ter",
    "square": "sq",
    "trail": "trl",
    "highway": "hwy",
    "hiway": "hwy",
    "parkway": "pkwy",
    "pky": "pkwy",
    "expressway": "expy",
    "freeway": "fwy",
    "alley": "aly",
    "plaza": "plz",
    "crescent": "cres",
    "heights": "hts",
    "point": "pt",
    "route": "rte",
    "turnpike": "tpke",
    "center": "ctr",
    "centre": "ctr",
    "suite": "ste",
    "apartment": "apt",
    "building": "bldg",
    "floor": "fl",
    "room": "rm",
    "department": "dept",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "northeast": "ne",
    "northwest": "nw",
    "southeast": "se",
    "southwest": "sw",
}
# Aho-Corasick replacement of " word " with every space doubled: matches never overlap, so
# consecutive words ("north street") are all replaced in a single pass.
_STREET_PATTERNS = [f" {word} " for word in _STREET_WORDS]
_STREET_REPLACEMENTS = [f" {short} " for short in _STREET_WORDS.values()]
_UNIT_WORDS = r"(apt|apartment|ste|suite|unit|rm|room|fl|floor)"

_US_ZIP_COUNTRIES = ["US", "PR", "VI", "GU", "AS", "MP", "UM"]

# Keys are folded, upper-cased, punctuation removed, single-spaced ("U.S.A." -> "USA").
_COUNTRIES = {
    "GB": [
        "UK",
        "GBR",
        "UNITED KINGDOM",
        "GREAT BRITAIN",
        "BRITAIN",
        "ENGLAND",
        "SCOTLAND",
        "WALES",
        "NORTHERN IRELAND",
        "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND",
    ],
    "US": ["USA", "US", "UNITED STATES", "UNITED STATES OF AMERICA", "AMERICA", "U S", "U S A"],
    "CA": ["CAN", "CANADA"],
    "MX": ["MEX", "MEXICO"],
    "NL": ["NLD", "NETHERLANDS", "THE NETHERLANDS", "HOLLAND", "NEDERLAND"],
    "DE": ["DEU", "GERMANY", "DEUTSCHLAND"],
    "FR": ["FRA", "FRANCE"],
    "ES": ["ESP", "SPAIN", "ESPANA"],
    "IT": ["ITA", "ITALY", "ITALIA"],
    "PT": ["PRT", "PORTUGAL"],
    "IE": ["IRL", "IRELAND", "EIRE", "REPUBLIC OF IRELAND"],
    "BE": ["BEL", "BELGIUM", "BELGIE", "BELGIQUE"],
    "LU": ["LUX", "LUXEMBOURG"],
    "CH": ["CHE", "SWITZERLAND", "SCHWEIZ", "SUISSE", "SVIZZERA"],
    "AT": ["AUT", "AUSTRIA", "OSTERREICH"],
    "DK": ["DNK", "DENMARK", "DANMARK"],
    "SE": ["SWE", "SWEDEN", "SVERIGE"],
    "NO": ["NOR", "NORWAY", "NORGE"],
    "FI": ["FIN", "FINLAND", "SUOMI"],
    "IS": ["ISL", "ICELAND"],
    "PL": ["POL", "POLAND", "POLSKA"],
    "CZ": ["CZE", "CZECHIA", "CZECH REPUBLIC"],
    "GR": ["GRC", "GREECE"],
    "TR": ["TUR", "TURKEY", "TURKIYE"],
    "RU": ["RUS", "RUSSIA", "RUSSIAN FEDERATION"],
    "UA": ["UKR", "UKRAINE"],
    "AU": ["AUS", "AUSTRALIA"],
    "NZ": ["NZL", "NEW ZEALAND"],
    "JP": ["JPN", "JAPAN"],
    "CN": ["CHN", "CHINA", "PEOPLES REPUBLIC OF CHINA"],
    "HK": ["HKG", "HONG KONG"],
    "TW": ["TWN", "TAIWAN"],
    "KR": ["KOR", "SOUTH KOREA", "KOREA", "REPUBLIC OF KOREA", "KOREA REPUBLIC OF"],
    "SG": ["SGP", "SINGAPORE"],
    "IN": ["IND", "INDIA"],
    "IL": ["ISR", "ISRAEL"],
    "AE": ["ARE", "UAE", "UNITED ARAB EMIRATES"],
    "SA": ["SAU", "SAUDI ARABIA"],
    "ZA": ["ZAF", "SOUTH AFRICA"],
    "BR": ["BRA", "BRAZIL", "BRASIL"],
    "AR": ["ARG", "ARGENTINA"],
    "CL": ["CHL", "CHILE"],
    "CO": ["COL", "COLOMBIA"],
    "PE": ["PER", "PERU"],
    "PR": ["PRI", "PUERTO RICO"],
    "PH": ["PHL", "PHILIPPINES"],
}
_COUNTRY_TABLE = {name: code for code, names in _COUNTRIES.items() for name in names}

_REGIONS = {
    "AL": "ALABAMA", "AK": "ALASKA", "AZ": "ARIZONA", "AR": "ARKANSAS", "CA": "CALIFORNIA",
    "CO": "COLORADO", "CT": "CONNECTICUT", "DE": "DELAWARE", "FL": "FLORIDA", "GA": "GEORGIA",
    "HI": "HAWAII", "ID": "IDAHO", "IL": "ILLINOIS", "IN": "INDIANA", "IA": "IOWA",
    "KS": "KANSAS", "KY": "KENTUCKY", "LA": "LOUISIANA", "ME": "MAINE", "MD": "MARYLAND",
    "MA": "MASSACHUSETTS", "MI": "MICHIGAN", "MN": "MINNESOTA", "MS": "MISSISSIPPI",
    "MO": "MISSOURI", "MT": "MONTANA", "NE": "NEBRASKA", "NV": "NEVADA", "NH": "NEW HAMPSHIRE",
    "NJ": "NEW JERSEY", "NM": "NEW MEXICO", "NY": "NEW YORK", "NC": "NORTH CAROLINA",
    "ND": "NORTH DAKOTA", "OH": "OHIO", "OK": "OKLAHOMA", "OR": "OREGON", "PA": "PENNSYLVANIA",
    "RI": "RHODE ISLAND", "SC": "SOUTH CAROLINA", "SD": "SOUTH DAKOTA", "TN": "TENNESSEE",
    "TX": "TEXAS", "UT": "UTAH", "VT": "VERMONT", "VA": "VIRGINIA", "WA": "WASHINGTON",
    "WV": "WEST VIRGINIA", "WI": "WISCONSIN", "WY": "WYOMING",
    "DC": "DISTRICT OF COLUMBIA", "PR": "PUERTO RICO", "GU": "GUAM", "VI": "VIRGIN ISLANDS",
    "AS": "AMERICAN SAMOA", "MP": "NORTHERN MARIANA ISLANDS",
    # Canadian provinces and territories: same shape of data, no name clashes with US states.
    "AB": "ALBERTA", "BC": "BRITISH COLUMBIA", "MB": "MANITOBA", "NB": "NEW BRUNSWICK",
    "NL": "NEWFOUNDLAND AND LABRADOR", "NS": "NOVA SCOTIA", "NT": "NORTHWEST TERRITORIES",
    "NU": "NUNAVUT", "ON": "ONTARIO", "PE": "PRINCE EDWARD ISLAND", "QC": "QUEBEC",
    "SK": "SASKATCHEWAN", "YT": "YUKON",
}  # fmt: skip
_REGION_TABLE = {name: code for code, name in _REGIONS.items()} | {
    "WASHINGTON DC": "DC",
    "US VIRGIN ISLANDS": "VI",
    "NEWFOUNDLAND": "NL",
    "YUKON TERRITORY": "YT",
    # AP-style abbreviations still common in older CRMs.
    "ALA": "AL", "ARIZ": "AZ", "ARK": "AR", "CALIF": "CA", "COLO": "CO", "CONN": "CT",
    "DEL": "DE", "FLA": "FL", "ILL": "IL", "IND": "IN", "KAN": "KS", "KANS": "KS", "MASS": "MA",
    "MICH": "MI", "MINN": "MN", "MISS": "MS", "NEB": "NE", "NEV": "NV", "OKLA": "OK",
    "ORE": "OR", "PENN": "PA", "TENN": "TN", "TEX": "TX", "WASH": "WA", "WIS": "WI",
    "WISC": "WI", "WYO": "WY",
}  # fmt: skip


def _lookup_key(folded: pl.Expr) -> pl.Expr:
    """Upper-case, punctuation removed, single-spaced: the key of the country/region tables."""
    return squash_spaces(
        folded.str.to_uppercase().str.replace_all(r"\.", "").str.replace_all(r"[^\p{L}\p{N}]+", " ")
    )


def normalize_street(raw: pl.Expr) -> pl.Expr:
    """Normalize a street line for matching.

    :func:`~cxm.ingest.normalize.fold_text` (so line breaks of multi-line addresses become
    spaces), apostrophes removed, other punctuation turned into spaces, and common words
    unified to their USPS short form (``street`` → ``st``, ``avenue`` → ``ave``, ``suite`` →
    ``ste``, ``north`` → ``n``, ...). ``P.O. Box`` becomes ``po box``; a ``#`` unit marker
    becomes ``apt`` unless a unit word already precedes it (``Suite #200`` → ``ste 200``).

    Parameters
    ----------
    raw
        A string expression with street lines (possibly several lines in one value).

    Returns
    -------
    pl.Expr
        The normalized street; null for null or blank input.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"s": ["123 North Main Street, Apt. #4", "1 Oak Avenue\\nSuite 200"]})
    >>> df.select(normalize_street(pl.col("s")))["s"].to_list()
    ['123 n main st apt 4', '1 oak ave ste 200']
    """
    text = fold_core(as_text(raw))
    text = (
        text.str.replace_all(r"\bp\s*\.?\s*o\s*\.?\s*box\b", "po box")
        .str.replace_all(rf"\b{_UNIT_WORDS}\.?\s*#", "$1 ")
        .str.replace_all("#", " apt ")
        .str.replace_all(r"['`\u2019]", "")
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars(" ")
    )
    padded = text.str.replace_all(" ", "  ").str.replace("^", "  ").str.replace("$", "  ")
    text = padded.str.replace_many(_STREET_PATTERNS, _STREET_REPLACEMENTS)
    return named_like(null_if_empty(squash_spaces(text)), raw)


def normalize_country(raw: pl.Expr) -> pl.Expr:
    """Map country names and codes to ISO 3166-1 alpha-2.

    Recognizes alpha-2 and alpha-3 codes, English names with common variants (``U.S.``,
    ``United States of America``, ``UK``, ``Great Britain``, ``The Netherlands``, ``Holland``)
    and native names (``Deutschland``, ``España``, ``Österreich``...) for about 45 countries
    where customers usually are. The operation is idempotent.

    Parameters
    ----------
    raw
        A string expression.

    Returns
    -------
    pl.Expr
        The alpha-2 code; other values folded and upper-cased but otherwise unchanged (so an
        unknown two-letter code passes through); null for null or blank input.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"c": ["U.S.", "the netherlands", "Deutschland", "Atlantis"]})
    >>> df.select(normalize_country(pl.col("c")))["c"].to_list()
    ['US', 'NL', 'DE', 'ATLANTIS']
    """
    folded = null_if_empty(squash_spaces(fold_core(as_text(raw))))
    upper = folded.str.to_uppercase()
    code = _lookup_key(folded).replace_strict(_COUNTRY_TABLE, default=upper, return_dtype=pl.String)
    return named_like(code, raw)


def normalize_region(raw: pl.Expr) -> pl.Expr:
    """Map US state (and Canadian province) names to their two-letter codes.

    Names (``California``, ``new york``, ``District of Columbia``, AP abbreviations such as
    ``Calif.``) become postal codes; any two-letter value is taken as a code and upper-cased
    (``ny`` → ``NY``, ``N.Y.`` → ``NY``); everything else is returned folded (lower-case, no
    accents) for matching.

    Parameters
    ----------
    raw
        A string expression.

    Returns
    -------
    pl.Expr
        The region code or folded name; null for null or blank input.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"r": ["California", "ny", "Québec", "Noord-Holland"]})
    >>> df.select(normalize_region(pl.col("r")))["r"].to_list()
    ['CA', 'NY', 'QC', 'noord-holland']
    """
    folded = null_if_empty(squash_spaces(fold_core(as_text(raw))))
    key = _lookup_key(folded)
    code = pl.when(key.str.contains(r"^[A-Z]{2}$")).then(key)
    named = key.replace_strict(_REGION_TABLE, default=None, return_dtype=pl.String)
    return named_like(pl.coalesce(named, code, folded), raw)


def normalize_postal_code(raw: pl.Expr, country: pl.Expr | None = None) -> pl.Expr:
    """Normalize postal codes.

    Strips a leading apostrophe (Excel guard) and surrounding whitespace, upper-cases and
    collapses inner whitespace to one space. Where the country is a US ZIP country (US and its
    territories, see :func:`normalize_country`) *or unknown*: ZIP+4 (``02134-1234``,
    ``021341234``) is cut to the 5-digit ZIP, and numeric-coerced ZIPs that lost their leading
    zeros (``2134``, ``2134.0``, ``601``) are left-padded to 5 digits.

    Parameters
    ----------
    raw
        A string expression with postal codes (other dtypes are cast to string).
    country
        The country of each row, raw or already normalized; ``None`` means unknown everywhere.

    Returns
    -------
    pl.Expr
        The normalized postal code; null for null or blank input.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"z": ["02134-1234", "2134.0", "sw1a  1aa"], "c": ["US", None, "UK"]})
    >>> df.select(normalize_postal_code(pl.col("z"), pl.col("c")))["z"].to_list()
    ['02134', '02134', 'SW1A 1AA']
    """
    text = as_text(raw).str.replace_all(f"[{INVISIBLE}]", "")
    text = text.str.strip_chars().str.replace(r"^['`\u2018\u2019]+", "").str.strip_chars()
    text = squash_spaces(text.str.to_uppercase())
    if country is None:
        zip_country = pl.lit(True)
    else:
        code = normalize_country(country)
        zip_country = code.is_null() | code.is_in(_US_ZIP_COUNTRIES)
    text = (
        pl.when(zip_country & text.str.contains(r"^[0-9]{5}(?:\s?-\s?|\s)?[0-9]{4}$"))
        .then(text.str.slice(0, 5))
        .when(zip_country & text.str.contains(r"^[0-9]{3,5}(?:\.0+)?$"))
        .then(text.str.replace(r"\.0+$", "").str.zfill(5))
        .otherwise(text)
    )
    return named_like(null_if_empty(text), raw)
