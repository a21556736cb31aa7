"""nickname_table, with_name_groups and same_given_name."""

from __future__ import annotations

import doctest
import itertools

import polars as pl
import pytest

from cxm.resolve import nickname
from cxm.resolve.nickname import nickname_table, same_given_name, with_name_groups

# (name, formal name) pairs the table must contain.
REQUIRED_PAIRS = [
    ("bob", "robert"),
    ("rob", "robert"),
    ("robbie", "robert"),
    ("bobby", "robert"),
    ("bill", "william"),
    ("will", "william"),
    ("billy", "william"),
    ("liam", "william"),
    ("kate", "katherine"),
    ("kate", "catherine"),
    ("katie", "katherine"),
    ("katie", "catherine"),
    ("kathy", "katherine"),
    ("kathy", "catherine"),
    ("cathy", "katherine"),
    ("cathy", "catherine"),
    ("kat", "katherine"),
    ("kat", "catherine"),
    ("alex", "alexander"),
    ("alex", "alexandra"),
    ("alex", "alexis"),
    ("chris", "christopher"),
    ("chris", "christine"),
    ("chris", "christina"),
    ("sam", "samuel"),
    ("sam", "samantha"),
    ("peggy", "margaret"),
    ("jack", "john"),
    ("ted", "edward"),
    ("liz", "elizabeth"),
]

SAME = [
    ("bob", "robert"),
    ("bob", "rob"),
    ("bob", "bobby"),
    ("robert", "robert"),
    ("kate", "catherine"),
    ("kate", "katherine"),
    ("catherine", "katherine"),
    ("alex", "alexandra"),
    ("alex", "alexander"),
    ("bill", "liam"),
    ("chris", "christine"),
    ("zoltan", "zoltan"),  # not in the table, but equal
]
DIFFERENT = [
    ("bob", "william"),
    ("robert", "william"),
    ("bill", "rob"),
    ("alexander", "alexandra"),
    ("kate", "william"),
    ("samuel", "samantha"),
    ("zoltan", "zoltana"),
    ("bob", None),
    (None, None),
    ("", ""),
]


def groups(values: list[str | None]) -> list[list[str] | None]:
    frame = pl.DataFrame({"given": values}, schema={"given": pl.String})
    return with_name_groups(frame, "given", "groups")["groups"].to_list()


def test_table_shape() -> None:
    table = nickname_table()
    assert table.schema == pl.Schema({"name": pl.String, "group": pl.String})
    assert table.height >= 400
    assert table.null_count().row(0) == (0, 0)
    assert not table.is_duplicated().any()


def test_table_values_are_folded() -> None:
    table = nickname_table()
    for column in ("name", "group"):
        assert table[column].str.contains(r"^[a-z]+(?: [a-z]+)*$").all(), column


def test_every_group_contains_its_formal_name() -> None:
    table = nickname_table()
    formal = table["group"].unique()
    own = table.filter(pl.col("name") == pl.col("group"))["name"]
    assert formal.is_in(own.implode()).all()


@pytest.mark.parametrize(("name", "group"), REQUIRED_PAIRS)
def test_table_has_pair(name: str, group: str) -> None:
    table = nickname_table()
    assert table.filter((pl.col("name") == name) & (pl.col("group") == group)).height == 1


def test_table_copy_cannot_alter_cache() -> None:
    table = nickname_table()
    table.drop_in_place("group")
    assert nickname_table().columns == ["name", "group"]


def test_with_name_groups_values_and_nulls() -> None:
    assert groups(["bob", "alex", "zoltan", None, "robert", "kate"]) == [
        ["robert"],
        ["alexander", "alexandra", "alexis"],
        ["zoltan"],
        None,
        ["robert"],
        ["catherine", "katherine", "kathryn"],
    ]


def test_with_name_groups_all_null_and_empty() -> None:
    assert groups([None, None]) == [None, None]
    assert groups([]) == []


def test_with_name_groups_dtype_and_frame_type() -> None:
    frame = pl.DataFrame({"id": [1, 2], "given": ["bob", None]})
    expected: dict[str, pl.DataType] = {
        "id": pl.Int64(),
        "given": pl.String(),
        "g": pl.List(pl.String),
    }
    eager = with_name_groups(frame, "given", "g")
    assert isinstance(eager, pl.DataFrame)
    assert eager.schema == pl.Schema(expected)
    lazy = with_name_groups(frame.lazy(), "given", "g")
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect().equals(eager)


def test_with_name_groups_keeps_row_order_and_count() -> None:
    names = [*nickname_table()["name"].unique().sort().to_list(), "zoltan", None]
    # Many repeats of each value, interleaved, so any reordering by the join would show.
    values = [names[(i * 7919) % len(names)] for i in range(20_000)]
    frame = pl.DataFrame({"id": range(len(values)), "given": values})
    result = with_name_groups(frame, "given", "g")
    assert result["id"].to_list() == list(range(len(values)))
    assert result["given"].to_list() == values
    first = result.group_by("given", maintain_order=True).agg(pl.col("g").n_unique())
    assert (first["g"] == 1).all()  # the same name always gets the same groups


def test_with_name_groups_replaces_existing_column() -> None:
    frame = pl.DataFrame({"given": ["bob", "ann"], "g": [1, 2]})
    assert with_name_groups(frame, "given", "g").columns == ["given", "g"]
    in_place = with_name_groups(frame, "given", "given")
    assert in_place["given"].to_list() == [["robert"], ["ann", "anne"]]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_given_name_true(a: str, b: str) -> None:
    assert same_given_name(a, b)
    assert same_given_name(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_same_given_name_false(a: str | None, b: str | None) -> None:
    assert not same_given_name(a, b)
    assert not same_given_name(b, a)


def test_scalar_and_vectorized_agree() -> None:
    names = ["bob", "robert", "william", "bill", "kate", "catherine", "alex", "alexandra", "zed"]
    listed = dict(zip(names, groups(list(names)), strict=True))
    for a, b in itertools.product(names, repeat=2):
        ga, gb = listed[a], listed[b]
        assert ga is not None and gb is not None
        assert same_given_name(a, b) == bool(set(ga) & set(gb)), (a, b)


def test_no_name_links_bob_and_william() -> None:
    table = nickname_table()
    robert = set(table.filter(pl.col("group") == "robert")["name"])
    william = set(table.filter(pl.col("group") == "william")["name"])
    assert "bob" in robert and "bill" in william
    assert not robert & william


def test_docstring_examples() -> None:
    result = doctest.testmod(
        nickname, optionflags=doctest.NORMALIZE_WHITESPACE, extraglobs={"pl": pl}
    )
    assert result.attempted > 0
    assert result.failed == 0
