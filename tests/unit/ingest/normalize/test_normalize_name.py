"""fold_text, normalize_name and split_full_name."""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxm.ingest.normalize import fold_text, normalize_name, split_full_name

PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None)


def apply(function: object, values: list[str | None]) -> list[object]:
    assert callable(function)
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    return frame.select(function(pl.col("v")))["v"].to_list()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("José", "jose"),
        ("  MÜLLER  ", "muller"),
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("\u1e9eTRASSE", "sstrasse"),  # capital sharp s
        ("Ørsted", "orsted"),
        ("Æsir", "aesir"),
        ("Łódź", "lodz"),
        ("\uff21\uff22\uff23\uff11\uff12", "abc12"),  # full-width ABC12
        ("ﬁnance", "finance"),  # ligature
        (
            "\u0399\u0301\u03a3\u0391\u03a3",
            "\u03b9\u03c3\u03b1\u03c3",
        ),  # Greek: accent, final sigma
        ("Ivan\u200bov", "ivanov"),  # zero-width space
        ("a \t\n b", "a b"),
        ("a\u00a0\u00a0b", "a b"),
        ("Café", "cafe"),
        ("Cafe\u0301", "cafe"),  # decomposed input
        ("", None),
        ("   ", None),
        ("\u200b", None),
        (None, None),
    ],
)
def test_fold_text(raw: str | None, expected: str | None) -> None:
    assert apply(fold_text, [raw]) == [expected]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("O'Brien", "obrien"),
        ("O\u2019Brien", "obrien"),
        ("O`Brien", "obrien"),
        ("O\u00b4Brien", "obrien"),
        ("D'Angelo-Smith", "dangelo smith"),
        ("Anne-Marie  Dupré", "anne marie dupre"),
        ("J.R.", "jr"),
        ("St. John", "st john"),
        ("Smith, John", "smith john"),
        ("José María", "jose maria"),
        ("...", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_name(raw: str | None, expected: str | None) -> None:
    assert apply(normalize_name, [raw]) == [expected]


@pytest.mark.parametrize(
    ("full", "given", "middle", "family"),
    [
        ("John Smith", "John", None, "Smith"),
        ("  John   Smith  ", "John", None, "Smith"),
        ("John Paul Smith", "John", "Paul", "Smith"),
        ("John Paul George Smith", "John", "Paul George", "Smith"),
        ("J. R. R. Tolkien", "J.", "R. R.", "Tolkien"),
        ("Madonna", "Madonna", None, None),
        ("Smith, John", "John", None, "Smith"),
        ("Smith,John", "John", None, "Smith"),
        ("Smith, John Paul", "John", "Paul", "Smith"),
        ("Smith, Jane A.", "Jane", "A.", "Smith"),
        ("van der Berg, Jan Pieter", "Jan", "Pieter", "van der Berg"),
        ("Smith,", None, None, "Smith"),
        # honorifics, with and without period, repeated, after the comma
        ("Mr John Smith", "John", None, "Smith"),
        ("Mr. John Smith", "John", None, "Smith"),
        ("Mrs. Jane Smith", "Jane", None, "Smith"),
        ("Ms Jane Smith", "Jane", None, "Smith"),
        ("Dr. Jane Smith", "Jane", None, "Smith"),
        ("DR JANE SMITH", "JANE", None, "SMITH"),
        ("Prof Jane Smith", "Jane", None, "Smith"),
        ("Prof. Dr. Hans Müller", "Hans", None, "Müller"),
        ("Ms.Jones", None, None, "Jones"),
        ("Mr. Smith", None, None, "Smith"),
        ("Smith, Dr. John", "John", None, "Smith"),
        ("Dr.", None, None, None),
        ("Mr", None, None, None),
        # not honorifics: names that start like one
        ("Drew Barrymore", "Drew", None, "Barrymore"),
        ("Mrinal Sen", "Mrinal", None, "Sen"),
        ("Msimang Nkosi", "Msimang", None, "Nkosi"),
        # suffixes
        ("John Smith Jr", "John", None, "Smith"),
        ("John Smith Jr.", "John", None, "Smith"),
        ("John Smith, Jr.", "John", None, "Smith"),
        ("John Smith Sr.", "John", None, "Smith"),
        ("John Smith II", "John", None, "Smith"),
        ("John Smith III", "John", None, "Smith"),
        ("Jane Smith, PhD", "Jane", None, "Smith"),
        ("Jane Smith Ph.D.", "Jane", None, "Smith"),
        ("John Smith Jr., PhD", "John", None, "Smith"),
        ("Smith Jr., John", "John", None, "Smith"),
        ("Smith, Jr., John", "John", None, "Smith"),
        ("Smith, John Jr.", "John", None, "Smith"),
        ("Dr. Juan Carlos de la Cruz Jr.", "Juan", "Carlos", "de la Cruz"),
        # family-name particles
        ("Ludwig van Beethoven", "Ludwig", None, "van Beethoven"),
        ("Jan van der Berg", "Jan", None, "van der Berg"),
        ("Maria de la Cruz", "Maria", None, "de la Cruz"),
        ("Juan Carlos de la Cruz", "Juan", "Carlos", "de la Cruz"),
        ("Vincent Van Gogh", "Vincent", None, "Van Gogh"),
        ("Leonardo da Vinci", "Leonardo", None, "da Vinci"),
        ("Otto von Bismarck", "Otto", None, "von Bismarck"),
        ("Patrick O'Neil", "Patrick", None, "O'Neil"),
        ("Mary-Jane Doe-Smith", "Mary-Jane", None, "Doe-Smith"),
        ("Van Morrison", "Van", None, "Morrison"),  # a particle first is a given name
        ("", None, None, None),
        (None, None, None, None),
    ],
)
def test_split_full_name(
    full: str | None, given: str | None, middle: str | None, family: str | None
) -> None:
    assert apply(split_full_name, [full]) == [{"given": given, "middle": middle, "family": family}]


def test_split_full_name_dtype_and_name() -> None:
    out = pl.DataFrame({"full_name": ["A B"]}).select(split_full_name(pl.col("full_name")))
    assert out.schema["full_name"] == pl.Struct(
        {"given": pl.String, "middle": pl.String, "family": pl.String}
    )


_NAME_TOKEN = st.from_regex(r"\A[A-Z][a-z]{1,8}\Z")


@PROPERTY
@given(
    given_name=_NAME_TOKEN,
    middles=st.lists(_NAME_TOKEN, max_size=2),
    family=_NAME_TOKEN,
    honorific=st.sampled_from(["", "Mr ", "Mrs. ", "Dr. ", "Prof "]),
    suffix=st.sampled_from(["", " Jr.", ", PhD", " III"]),
    comma_form=st.booleans(),
)
def test_split_recovers_generated_names(
    given_name: str,
    middles: list[str],
    family: str,
    honorific: str,
    suffix: str,
    comma_form: bool,
) -> None:
    reserved = {"Jr", "Sr", "Ii", "Iii", "Iv", "Md", "Esq", "Dds", "Cpa", "Phd"}
    reserved |= {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Rev"}
    particles = {"Van", "Von", "Der", "Den", "De", "Del", "Della", "Dei", "Di", "Da", "Das"}
    particles |= {"Dos", "Do", "Du", "La", "Le", "Ter", "Ten", "Te", "Bin", "Ibn", "Al", "El"}
    particles |= {"St", "Saint"}
    tokens = [given_name, *middles, family]
    if any(t in reserved for t in tokens) or any(t in particles for t in middles):
        return
    middle = " ".join(middles) or None
    if comma_form:
        full = f"{family}{suffix}, {honorific}{given_name} {' '.join(middles)}"
    else:
        full = f"{honorific}{' '.join(tokens)}{suffix}"
    assert apply(split_full_name, [full]) == [
        {"given": given_name, "middle": middle, "family": family}
    ]


@PROPERTY
@given(st.text(max_size=30))
def test_fold_text_is_idempotent_and_mark_free(raw: str) -> None:
    once = apply(fold_text, [raw])[0]
    assert once is None or isinstance(once, str)
    assert apply(fold_text, [once]) == [once]
    if once is not None:
        assert once == once.strip()
        assert "  " not in once
        assert not any(unicodedata.category(c) == "Mn" for c in once)
        assert once == once.lower()
