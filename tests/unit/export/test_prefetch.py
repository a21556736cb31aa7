"""The read-ahead thread: order kept, errors raised in the consumer, early exits clean up."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from cxm.export.prefetch import prefetch


class Source:
    """A generator's bookkeeping: what was produced, in which thread, and whether it closed."""

    def __init__(self, n: int, fail_at: int | None = None) -> None:
        self.n = n
        self.fail_at = fail_at
        self.produced: list[int] = []
        self.threads: set[str] = set()
        self.closed_in: str | None = None

    def items(self) -> Iterator[int]:
        try:
            for i in range(self.n):
                self.threads.add(threading.current_thread().name)
                if i == self.fail_at:
                    raise ValueError(f"row {i} is broken")
                self.produced.append(i)
                yield i
        finally:
            self.closed_in = threading.current_thread().name


def test_items_arrive_in_order_from_another_thread() -> None:
    source = Source(50)
    assert list(prefetch(source.items(), depth=3)) == list(range(50))
    assert source.threads == {"cxm-export-read"}
    assert source.closed_in == "cxm-export-read"


def test_an_error_while_producing_is_raised_in_the_consumer_after_the_good_items() -> None:
    source = Source(10, fail_at=4)
    seen = []
    with pytest.raises(ValueError, match="row 4 is broken"):
        for item in prefetch(source.items()):
            seen.append(item)
    assert seen == [0, 1, 2, 3]
    assert source.closed_in == "cxm-export-read"


def test_leaving_early_stops_the_thread_and_closes_the_source() -> None:
    source = Source(1000)
    stream = prefetch(source.items(), depth=2)
    assert [next(stream), next(stream)] == [0, 1]
    stream.close()
    assert source.closed_in == "cxm-export-read"
    assert len(source.produced) <= 2 + 2 + 1, "at most depth items ahead, plus the one in hand"
    assert not any(t.name == "cxm-export-read" for t in threading.enumerate())


def test_an_empty_source_ends_at_once() -> None:
    assert list(prefetch(iter([]))) == []
