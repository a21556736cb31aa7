"""compare: comparison levels of candidate pairs, chunking and the similarity cache."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import numpy as np
import polars as pl
import pytest
from rapidfuzz.distance import OSA, JaroWinkler
from working_frames import working

from cxm.resolve import compare as compare_module
from cxm.resolve.compare import (
    COMPARISONS,
    EMAIL_TYPO_EDITS,
    JW_SIMILAR,
    JW_STREET,
    JW_VERY_SIMILAR,
    compare,
)
from cxm.resolve.nickname import same_given_name


def pairs_frame(left: list[int], right: list[int]) -> pl.DataFrame:
    return pl.DataFrame({"l": left, "r": right}, schema={"l": pl.UInt32, "r": pl.UInt32})


def level(comparison: str, a: dict[str, Any], b: dict[str, Any]) -> str:
    """The named level of ``comparison`` for the pair (a, b)."""
    out = compare(working([a, b]), pairs_frame([0], [1]))
    value = int(out[comparison][0])
    return "missing" if value == -1 else COMPARISONS[comparison][value]


def name(given: str | None, family: str | None = "carter", **fields: Any) -> dict[str, Any]:
    return {"given_name_norm": given, "family_name_norm": family, **fields}


def jw(a: str, b: str) -> float:
    return float(JaroWinkler.normalized_similarity(a, b))


def jw32(a: str, b: str) -> float:
    """Jaro-Winkler as compare keeps it (float32). The rounding matters on a threshold: "j" and
    "jon" score exactly 0.8 in exact arithmetic, 0.7999999999999999 in float64 and 0.8 in
    float32, so compare (rightly) calls them similar."""
    return float(np.float32(jw(a, b)))


def test_levels_are_int8_columns_in_comparison_order() -> None:
    out = compare(working([name("ann"), name("bob")]), pairs_frame([0], [1]))
    assert out.columns == list(COMPARISONS)
    assert all(dtype == pl.Int8 for dtype in out.dtypes)


def test_no_pairs_gives_an_empty_frame_with_every_comparison() -> None:
    out = compare(working([name("ann")]), pairs_frame([], []))
    assert out.height == 0
    assert out.schema == pl.Schema({c: pl.Int8 for c in COMPARISONS})


# --- given name ---------------------------------------------------------------------------------


def test_given_exact() -> None:
    assert level("given_name", name("john", "smith"), name("john", "brown")) == "exact"


def test_given_and_family_swapped_are_both_exact() -> None:
    a, b = name("paris", "parremore"), name("parremore", "paris")
    assert level("given_name", a, b) == "exact"
    assert level("family_name", a, b) == "exact"


def test_given_nickname() -> None:
    assert same_given_name("bob", "robert")
    assert jw("bob", "robert") < JW_SIMILAR
    assert level("given_name", name("bob"), name("robert")) == "nickname"


def test_given_very_similar() -> None:
    a, b = "jonathan", "jonathon"
    assert not same_given_name(a, b)
    assert jw(a, b) >= JW_VERY_SIMILAR
    assert level("given_name", name(a), name(b)) == "very_similar"


def test_given_similar() -> None:
    a, b = "dwayne", "duane"
    assert not same_given_name(a, b)
    assert JW_SIMILAR <= jw(a, b) < JW_VERY_SIMILAR
    assert level("given_name", name(a), name(b)) == "similar"


def test_given_initial() -> None:
    assert jw("j", "john") < JW_SIMILAR
    assert level("given_name", name("j"), name("john")) == "initial"
    assert level("given_name", name("john"), name("j")) == "initial"


def test_given_jw_of_exactly_the_similar_threshold_is_similar() -> None:
    # JW("j", "jon") = (1 + 1/3 + 1)/3 + 0.1 * (1 - 7/9) = 0.8 exactly: at the threshold.
    assert jw("j", "jon") == pytest.approx(JW_SIMILAR)
    assert level("given_name", name("j"), name("jon")) == "similar"


def test_given_initial_of_another_letter_is_different() -> None:
    assert level("given_name", name("k"), name("john")) == "different"


def test_given_different() -> None:
    assert jw("john", "mary") < JW_SIMILAR
    assert level("given_name", name("john"), name("mary")) == "different"


@pytest.mark.parametrize(("a", "b"), [(None, "john"), ("john", None), (None, None)])
def test_given_missing(a: str | None, b: str | None) -> None:
    rows = [name(a, "smith", postal_code_norm="a1"), name(b, "smith", postal_code_norm="b2")]
    assert level("given_name", *rows) == "missing"


# --- family name --------------------------------------------------------------------------------


def test_family_levels() -> None:
    assert level("family_name", name("ann", "carter"), name("bob", "carter")) == "exact"
    assert jw("johnson", "johnston") >= JW_VERY_SIMILAR
    assert level("family_name", name("ann", "johnson"), name("ann", "johnston")) == "very_similar"
    assert JW_SIMILAR <= jw("smith", "smyth") < JW_VERY_SIMILAR
    assert level("family_name", name("ann", "smith"), name("ann", "smyth")) == "similar"
    assert jw("smith", "brown") < JW_SIMILAR
    assert level("family_name", name("ann", "smith"), name("ann", "brown")) == "different"
    assert level("family_name", name("ann", None), name("ann", "brown")) == "missing"


# --- email --------------------------------------------------------------------------------------


def test_email_exact_on_any_shared_address() -> None:
    a = name("ann", emails=["ann.lee@gmail.com"])
    b = name("bob", emails=["bob@yahoo.com", "ann.lee@gmail.com"])
    assert level("email", a, b) == "exact"


@pytest.mark.parametrize(
    "other",
    [
        "ann.le@gmail.com",  # deletion
        "ann.leee@gmail.com",  # insertion
        "ann.lex@gmail.com",  # substitution
        "ann.ele@gmail.com",  # neighbours swapped
    ],
)
def test_email_one_edit_is_a_typo(other: str) -> None:
    assert OSA.distance("ann.lee@gmail.com", other) == EMAIL_TYPO_EDITS == 1
    a, b = name("ann", emails=["ann.lee@gmail.com"]), name("ann", emails=[other])
    assert level("email", a, b) == "typo"


def test_email_two_edits_is_not_a_typo() -> None:
    assert OSA.distance("ann.lee@gmail.com", "an.le@gmail.com") == 2
    a, b = name("ann", emails=["ann.lee@gmail.com"]), name("ann", emails=["an.le@gmail.com"])
    assert level("email", a, b) == "different"


@pytest.mark.parametrize(
    "other",
    [
        "ann.lee2@gmail.com",  # the second Ann Lee on gmail, not a typo
        "annlee@gmail.com",  # another separator: another mailbox
        "ann_lee@gmail.com",
    ],
)
def test_email_digit_or_separator_edits_are_not_typos(other: str) -> None:
    a, b = name("ann", emails=["ann.lee@gmail.com"]), name("ann", emails=[other])
    assert level("email", a, b) == "different"


def test_email_typo_is_judged_on_the_first_addresses() -> None:
    # Documented: edits are counted between the first emails only.
    a = name("ann", emails=["zed@yahoo.com", "ann.lee@gmail.com"])
    b = name("ann", emails=["ann.le@gmail.com"])
    assert level("email", a, b) == "different"


def test_email_different_and_missing() -> None:
    a = name("ann", emails=["ann.lee@gmail.com"])
    assert level("email", a, name("bob", emails=["bob@yahoo.com"])) == "different"
    assert level("email", a, name("bob")) == "missing"


# --- phone --------------------------------------------------------------------------------------


def test_phone_levels() -> None:
    a = name("ann", phones=["+14155550123"])
    assert level("phone", a, name("bob", phones=["+442079460000", "+14155550123"])) == "exact"
    # Same last seven digits, other area code.
    assert level("phone", a, name("bob", phones=["+16505550123"])) == "same_last_7"
    assert level("phone", a, name("bob", phones=["+14155550124"])) == "different"
    assert level("phone", a, name("bob")) == "missing"


# --- date of birth ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (date(1980, 5, 4), date(1980, 5, 4), "exact"),
        (date(1980, 5, 4), date(1980, 5, 14), "typo"),  # one digit (day)
        (date(1980, 5, 4), date(1990, 5, 4), "typo"),  # one digit (year)
        (date(1980, 5, 4), date(1980, 4, 5), "typo"),  # day and month swapped (two digits)
        (date(1980, 5, 4), date(1980, 11, 20), "same_year"),
        (date(1980, 5, 4), date(1981, 5, 5), "different"),  # two digits, other year
        (date(1980, 5, 4), date(1975, 12, 30), "different"),
        (date(1980, 5, 4), None, "missing"),
    ],
)
def test_birth_date_levels(a: date, b: date | None, expected: str) -> None:
    assert level("birth_date", name("ann", birth_date=a), name("bob", birth_date=b)) == expected


# --- address ------------------------------------------------------------------------------------


def test_street_levels() -> None:
    a = name("ann", street_norm="12 high street", postal_code_norm="97201")
    assert level("street", a, name("bob", street_norm="12 high street")) == "exact"
    assert jw("12 high street", "12 high stret") >= JW_STREET
    near = name("bob", street_norm="12 high stret", postal_code_norm="97201")
    assert level("street", a, near) == "similar"
    # A near-identical street elsewhere (another postcode and city) is another street,
    # and so is another house number in the same street.
    far = name("bob", street_norm="12 high stret", postal_code_norm="10001")
    assert level("street", a, far) == "different"
    other_house = name("bob", street_norm="14 high stret", postal_code_norm="97201")
    assert level("street", a, other_house) == "different"
    assert jw("12 high street", "9 church lane") < JW_STREET
    assert level("street", a, name("bob", street_norm="9 church lane")) == "different"
    assert level("street", a, name("bob")) == "missing"


@pytest.mark.parametrize(
    ("field", "comparison"), [("city_norm", "city"), ("postal_code_norm", "postcode")]
)
def test_city_and_postcode_levels(field: str, comparison: str) -> None:
    a = name("ann", **{field: "leeds"})
    assert level(comparison, a, name("bob", **{field: "leeds"})) == "exact"
    assert level(comparison, a, name("bob", **{field: "york"})) == "different"
    assert level(comparison, a, name("bob")) == "missing"


# --- identifiers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (["ssn:123456789"], ["ssn:123456789"], "exact"),
        (["ssn:123456789", "acct:1"], ["acct:1"], "exact"),
        (["ssn:123456789"], ["ssn:987654321"], "different"),  # same namespace, other value
        (["ssn:123456789"], ["passport:x1"], "missing"),  # nothing comparable
        (["abc123"], ["xyz789"], "missing"),  # no namespace: no evidence of difference
        (["ssn:123456789"], [], "missing"),
    ],
)
def test_external_id_levels(a: list[str], b: list[str], expected: str) -> None:
    assert (
        level("external_id", name("ann", external_ids=a), name("bob", external_ids=b)) == expected
    )


def test_handle_levels() -> None:
    a = name("ann", handles=["twitter:annlee"])
    assert level("handle", a, name("bob", handles=["twitter:annlee"])) == "exact"
    # The handle comparison only has an exact level: a different handle is no evidence.
    assert level("handle", a, name("bob", handles=["twitter:bob"])) == "missing"
    assert level("handle", a, name("bob")) == "missing"


# --- chunks and the similarity cache ------------------------------------------------------------

_BASES = ["anna", "hannah", "john", "joan", "johan", "marco", "maria", "peter", "petra", "sean"]
_FAMILIES = ["carter", "karter", "smith", "smyth", "jones", "johns", "brown", "braun"]


def _mutate(rng: np.random.Generator, value: str) -> str:
    """``value`` with one random edit (or unchanged)."""
    letters = "aeiounrhst"
    i = int(rng.integers(0, len(value)))
    kind = int(rng.integers(0, 4))
    if kind == 0:
        return value
    if kind == 1:
        return value[:i] + value[i + 1 :] if len(value) > 3 else value
    if kind == 2:
        return value[:i] + letters[int(rng.integers(0, len(letters)))] + value[i + 1 :]
    return value[:i] + letters[int(rng.integers(0, len(letters)))] + value[i:]


def _random_working(seed: int, n: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        given: str | None = _mutate(rng, _BASES[int(rng.integers(0, len(_BASES)))])
        if rng.random() < 0.1:
            given = None
        elif rng.random() < 0.1:
            given = given[0]
        family = _mutate(rng, _FAMILIES[int(rng.integers(0, len(_FAMILIES)))])
        street = f"{int(rng.integers(1, 4))} {_mutate(rng, 'high street')}"
        postcode = str(int(rng.integers(97201, 97203)))
        rows.append(
            name(
                given,
                family,
                street_norm=street,
                postal_code_norm=postcode,
                emails=[f"{_mutate(rng, 'ann.lee')}@gmail.com"],
                # Unique per record so that no two records collapse.
                external_ids=[f"acct:{i}"],
            )
        )
    return working(rows)


def _random_pairs(seed: int, n: int, k: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    left = rng.integers(0, n, k)
    right = rng.integers(0, n, k)
    keep = left != right
    return pairs_frame(left[keep].tolist(), right[keep].tolist())


def test_several_chunks_equal_one_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = _random_working(seed=7, n=40)
    pairs = _random_pairs(seed=8, n=40, k=100)
    whole = compare(frame, pairs)
    calls: list[int] = []
    original_chunk = compare_module.compare_chunk
    original_chunks = compare_module.chunks

    def spy(w: pl.DataFrame, left: pl.Series, right: pl.Series) -> pl.DataFrame:
        calls.append(left.len())
        return original_chunk(w, left, right)

    # chunks() binds CHUNK_PAIRS as a default at definition time, so patching the constant alone
    # would not shrink the chunks; patch the slicer.
    monkeypatch.setattr(compare_module, "chunks", lambda n: original_chunks(n, 7))
    monkeypatch.setattr(compare_module, "compare_chunk", spy)
    chunked = compare(frame, pairs)
    assert len(calls) == -(-pairs.height // 7) > 1
    assert sum(calls) == pairs.height
    assert chunked.equals(whole)


def test_chunks_cover_the_range() -> None:
    parts = list(compare_module.chunks(10, 4))
    assert parts == [slice(0, 4), slice(4, 8), slice(8, 10)]
    assert list(compare_module.chunks(0, 4)) == []


def _expected_given(frame: pl.DataFrame, left: int, right: int) -> int:
    """The given-name level from its definition, with rapidfuzz per pair."""
    g1, f1 = frame["given"][left], frame["family"][left]
    g2, f2 = frame["given"][right], frame["family"][right]
    if g1 is None or g2 is None:
        return -1
    if g1 == g2 or (g1 == f2 and f1 == g2):
        return 5
    if same_given_name(g1, g2):
        return 4
    score = jw32(g1, g2)
    if score >= JW_VERY_SIMILAR:
        return 3
    if score >= JW_SIMILAR:
        return 2
    if (len(g1) == 1 or len(g2) == 1) and g1[0] == g2[0]:
        return 1
    return 0


def _expected_family(frame: pl.DataFrame, left: int, right: int) -> int:
    g1, f1 = frame["given"][left], frame["family"][left]
    g2, f2 = frame["given"][right], frame["family"][right]
    if f1 is None or f2 is None:
        return -1
    if f1 == f2 or (g1 is not None and g1 == f2 and f1 == g2):
        return 3
    score = jw32(f1, f2)
    return 2 if score >= JW_VERY_SIMILAR else 1 if score >= JW_SIMILAR else 0


def _expected_street(frame: pl.DataFrame, left: int, right: int) -> int:
    s1, s2 = frame["street"][left], frame["street"][right]
    if s1 == s2:
        return 2
    same_place = (
        frame["postcode"][left] == frame["postcode"][right]
        and s1.split()[0] == s2.split()[0]  # the same house number
    )
    return 1 if same_place and jw32(s1, s2) >= JW_STREET else 0


def _expected_email(frame: pl.DataFrame, left: int, right: int) -> int:
    e1, e2 = frame["email1"][left], frame["email1"][right]
    if e1 == e2:
        return 2
    digits = [re.sub(r"[^0-9]", "", e) for e in (e1, e2)]
    bare = [re.sub(r"[._+-]", "", e) for e in (e1, e2)]
    typo = (
        OSA.distance(e1, e2) <= EMAIL_TYPO_EDITS and digits[0] == digits[1] and bare[0] != bare[1]
    )
    return 1 if typo else 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_similarity_cache_agrees_with_rapidfuzz_per_pair(seed: int) -> None:
    n = 80
    frame = _random_working(seed=seed, n=n)
    pairs = _random_pairs(seed=seed + 100, n=n, k=600)
    out = compare(frame, pairs)
    left, right = pairs["l"].to_list(), pairs["r"].to_list()
    # The draw must exercise every band for the check to mean something.
    assert set(out["given_name"].to_list()) >= {-1, 0, 1, 2, 3, 5}
    assert set(out["family_name"].to_list()) >= {0, 1, 2, 3}
    assert set(out["street"].to_list()) >= {0, 1, 2}
    assert set(out["email"].to_list()) >= {0, 1, 2}
    expected = {
        "given_name": [_expected_given(frame, a, b) for a, b in zip(left, right, strict=True)],
        "family_name": [_expected_family(frame, a, b) for a, b in zip(left, right, strict=True)],
        "street": [_expected_street(frame, a, b) for a, b in zip(left, right, strict=True)],
        "email": [_expected_email(frame, a, b) for a, b in zip(left, right, strict=True)],
    }
    for comparison, values in expected.items():
        assert out[comparison].to_list() == values, comparison


def test_similarity_scores_equal_rapidfuzz_per_pair() -> None:
    n = 60
    frame = _random_working(seed=11, n=n)
    pairs = _random_pairs(seed=12, n=n, k=400)
    scores = compare_module._similarity(frame, "family", pairs["l"], pairs["r"])
    expected = [
        0.0 if a == b else jw(a, b)
        for a, b in zip(
            frame["family"].gather(pairs["l"]).to_list(),
            frame["family"].gather(pairs["r"]).to_list(),
            strict=True,
        )
    ]
    np.testing.assert_allclose(scores.to_numpy(), np.asarray(expected), atol=1e-6)
