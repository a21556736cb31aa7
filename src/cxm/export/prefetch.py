"""Reading the next batch while the last one is encoded: a one-thread pipeline.

An export alternates between reading the store (sqlite3 and psycopg release the GIL while the
database works; building a frame holds it) and encoding and compressing (polars and pyarrow
release it). Running the reads in a thread of their own lets the two overlap on two cores.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from typing import Final, TypeVar

T = TypeVar("T")
DEPTH: Final = 2
_END: Final = object()


def prefetch(items: Iterator[T], depth: int = DEPTH) -> Generator[T, None, None]:
    """Yield ``items`` in order, produced by a background thread up to ``depth`` ahead.

    An exception raised while producing is raised here, in the consumer. Closing the returned
    generator (or leaving it early) stops the thread after the item it is producing, closes
    ``items`` in that thread (so its ``finally`` blocks run where it ran) and waits for it.

    Examples
    --------
    >>> list(prefetch(iter(range(5))))
    [0, 1, 2, 3, 4]
    """
    handoff: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                handoff.put((True, item))
                if stop.is_set():
                    break
        except BaseException as err:  # handed to the consumer, which raises it
            handoff.put((False, err))
            return
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()
        handoff.put((False, _END))

    thread = threading.Thread(target=produce, name="cxm-export-read", daemon=True)
    thread.start()
    finished = False
    try:
        while True:
            ok, value = handoff.get()
            if ok:
                yield value  # type: ignore[misc]
                continue
            finished = True
            if value is _END:
                return
            raise value  # type: ignore[misc]
    finally:
        if not finished:
            stop.set()
            # Take what the producer hands over until it says it is done, so it never blocks.
            while True:
                ok, value = handoff.get()
                if not ok:
                    break
        thread.join()
