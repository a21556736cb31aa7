"""Rule-based segments: the file format, its errors, and evaluation on traits."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from cxm.errors import ConfigError
from cxm.insight.segments import load_segments, with_segments

VIP = """
[[segment]]
name = "vip"
all = [
    { trait = "orders", op = ">=", value = 2 },
    { trait = "lifetime_value.USD", op = ">=", value = 500 },
]

[[segment]]
name = "unhappy_or_risky"
any = [
    { trait = "nps_category", op = "==", value = "detractor" },
    { trait = "churn_band", op = "in", value = ["high"] },
]

[[segment]]
name = "support_heavy"
all = [{ trait = "by_department.support", op = ">", value = 2 }]

[[segment]]
name = "never_rated"
all = [{ trait = "csat", op = "is_null" }]
"""


def _traits() -> pl.DataFrame:
    money = pl.List(pl.Struct({"currency": pl.String, "amount": pl.Float64}))
    counts = pl.List(pl.Struct({"department": pl.String, "count": pl.Int64}))
    return pl.DataFrame(
        {
            "customer_id": ["a", "b", "c"],
            "orders": [3, 2, 0],
            "lifetime_value": [
                [{"currency": "USD", "amount": 800.0}],
                [{"currency": "EUR", "amount": 900.0}, {"currency": "USD", "amount": 100.0}],
                [],
            ],
            "nps_category": [None, "detractor", "promoter"],
            "churn_band": ["low", "low", None],
            "by_department": [
                [{"department": "support", "count": 3}],
                [{"department": "commerce", "count": 2}],
                [],
            ],
            "csat": [0.5, None, None],
        },
        schema_overrides={"lifetime_value": money, "by_department": counts},
    )


def test_segments_are_evaluated_per_customer(tmp_path: Path) -> None:
    path = tmp_path / "segments.toml"
    path.write_text(VIP, encoding="utf-8")
    out = with_segments(_traits(), load_segments(path))
    got = dict(zip(out["customer_id"], out["segments"].to_list(), strict=True))
    # a: 3 orders and $800 -> vip; 3 support events. b: $100 in USD only (the EUR does not
    # count) but a detractor. c: no orders, no rating.
    assert got == {
        "a": ["vip", "support_heavy"],
        "b": ["unhappy_or_risky", "never_rated"],
        "c": ["never_rated"],
    }


def test_no_segments_file_means_empty_lists(tmp_path: Path) -> None:
    assert load_segments(tmp_path / "missing.toml") == []
    out = with_segments(_traits(), [])
    assert out["segments"].to_list() == [[], [], []]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[[segment]]\nname = "x"\nall = [{ trait = "wealth", op = ">", value = 1 }]',
            "unknown trait 'wealth'",
        ),
        (
            '[[segment]]\nname = "x"\nall = [{ trait = "lifetime_value", op = ">", value = 1 }]',
            "unknown trait 'lifetime_value'",
        ),
        (
            '[[segment]]\nname = "x"\nall = [{ trait = "orders", op = "in", value = 1 }]',
            "'in' needs a list value",
        ),
        ('[[segment]]\nname = "x"', "needs `all` or `any`"),
        (
            '[[segment]]\nname = "x"\nall = [{ trait = "orders", op = "~", value = 1 }]',
            "segment.0.all.0.op",
        ),
        (
            '[[segment]]\nname = "x"\nall = [{ trait = "orders", op = ">", value = 1 }]\n'
            '[[segment]]\nname = "x"\nall = [{ trait = "orders", op = "<", value = 1 }]',
            "names must be unique",
        ),
        ("[[segment]\n", "cannot read the segments file"),
    ],
)
def test_bad_segment_files_name_the_file_and_the_problem(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "segments.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_segments(path)
    assert str(path) in str(caught.value) and expected in str(caught.value)
