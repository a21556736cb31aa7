"""Meta (Facebook / Instagram) "Download your information" messages: one row per message.

A thread is a folder ``inbox/<thread>/`` with ``message_1.json``, ``message_2.json``...; each file
is one JSON object: ``participants [{name}]``, ``messages [{sender_name, timestamp_ms, content}]``,
``title`` and ``thread_path``.

Meta writes text as UTF-8 bytes escaped one by one as ``\\u00XX`` (mojibake). That is a property
of the whole file, so it is undone like a file encoding, exactly once: a file written that way is
pure ASCII with no escape above ``\\u00ff``; each of its strings is re-encoded to those bytes and
decoded as UTF-8 (a string that does not decode is left as it is). A file holding any other
character was written correctly and is not touched at all. Undoing it once, rather than until
nothing changes, keeps text a customer really typed as mojibake ("CafÃ©") as they typed it.

Which participant is the page (the brand) and which one the customer:

1. the participant present in every thread of the inbox folder, when it holds two or more threads
   and exactly one name is common to all of them;
2. else, in a two-person thread titled after one participant (Meta titles a one-to-one thread
   with the other party's name), the other participant;
3. else the participant who sent most of the thread's messages, when one sent strictly most.

The customer is the one remaining participant; a thread with several (a group) or none, or where
the page cannot be told, is skipped with the reason.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl

from cxm.errors import UnreadableFileError
from cxm.ingest.read import LINE, PROBLEM_SCHEMA, RAW, ROW, RawTable, records_frame
from cxm.ingest.social import epoch_ms_datetime, ordinal_within

SKIP_REASON = "__skip_reason"
_FILE_NAME = re.compile(r"message_\d+\.json")
_TEXT_COLUMNS = ("sender_name", "content")
_WIDE_ESCAPE = re.compile(r"\\u(?!00)[0-9a-fA-F]{4}")
# Threads' participants per inbox folder, keyed by the folder's files and their mtimes.
_INBOX_NAMES: dict[tuple[tuple[str, int], ...], list[frozenset[str]]] = {}


def _load_text(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
        doc = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        msg = f"{path}: not a readable Meta messages file: {err}"
        raise UnreadableFileError(msg) from err
    if not isinstance(doc, dict) or not isinstance(doc.get("messages"), list):
        msg = f"{path}: a Meta messages file is a JSON object with a 'messages' array"
        raise UnreadableFileError(msg)
    return doc, text


def _load(path: Path) -> dict[str, Any]:
    return _load_text(path)[0]


def byte_escaped(text: str) -> bool:
    """Whether a file's JSON text is in Meta's byte-per-character form (module docstring)."""
    return text.isascii() and _WIDE_ESCAPE.search(text) is None


def unescape(text: str) -> str:
    """A string of a byte-escaped file as the UTF-8 text it stands for (else unchanged)."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _unescape_series(values: pl.Series) -> pl.Series:
    # ASCII needs nothing; the rest is decoded once per distinct value.
    found = values.filter(values.str.contains(r"[^\x00-\x7F]").fill_null(False)).unique().to_list()
    fixed = {text: unescape(text) for text in found}
    changed = {old: new for old, new in fixed.items() if old != new}
    if not changed:
        return values
    return values.replace(list(changed), list(changed.values()))


def detect(path: Path) -> bool:
    """A ``message_N.json`` holding ``participants`` and ``messages``."""
    if _FILE_NAME.fullmatch(path.name) is None:
        return False
    try:
        doc = _load(path)
    except UnreadableFileError:
        return False
    return isinstance(doc.get("participants"), list)


def _names(doc: dict[str, Any]) -> list[str]:
    found = []
    for person in doc.get("participants") or []:
        name = person.get("name") if isinstance(person, dict) else None
        if isinstance(name, str) and name.strip() and name not in found:
            found.append(name)
    return found


def _inbox_threads(inbox: Path) -> list[frozenset[str]]:
    """Participant names of every thread in the inbox folder (first file of each thread)."""
    files = sorted(inbox.glob("*/message_1.json"))
    key = tuple((str(f), f.stat().st_mtime_ns) for f in files)
    if key not in _INBOX_NAMES:
        threads = []
        for file in files:
            try:
                threads.append(frozenset(_names(_load(file))))
            except UnreadableFileError:
                continue
        _INBOX_NAMES[key] = threads
    return _INBOX_NAMES[key]


def page_name(path: Path, doc: dict[str, Any]) -> str | None:
    """The page's (brand's) name in this thread, by the rules in the module docstring."""
    names = _names(doc)
    threads = _inbox_threads(path.parent.parent)
    if len(threads) >= 2:
        common = frozenset.intersection(*threads) & set(names)
        if len(common) == 1:
            return next(iter(common))
    title = doc.get("title")
    if len(names) == 2 and title in names:
        return names[1] if title == names[0] else names[0]
    senders = Counter(
        m.get("sender_name")
        for m in doc["messages"]
        if isinstance(m, dict) and m.get("sender_name") in names
    ).most_common(2)
    if senders and (len(senders) == 1 or senders[0][1] > senders[1][1]):
        return str(senders[0][0])
    return None


def channel_of(path: Path) -> str:
    """``instagram`` when the export's folders say so, else ``facebook``."""
    near = [part.lower() for part in path.parts[-6:]]
    return "instagram" if any("instagram" in part for part in near) else "facebook"


def read(path: Path, ctx: Any) -> RawTable:
    """One row per message, with the thread's path, title, page and customer as columns."""
    doc, text = _load_text(path)
    escaped = byte_escaped(text)
    messages = doc["messages"]
    if messages:
        table = records_frame([(i, i, m) for i, m in enumerate(messages, start=1)], path)
    else:
        # records_frame() cannot build a table from no records; an empty thread file is just empty.
        table = RawTable(
            frame=pl.DataFrame(schema={ROW: pl.Int64, LINE: pl.Int64, RAW: pl.String}),
            problems=pl.DataFrame(schema=PROBLEM_SCHEMA),
            rows_read=0,
        )
    thread_path = doc.get("thread_path") or f"{path.parent.parent.name}/{path.parent.name}"
    page = page_name(path, doc)
    others = [n for n in _names(doc) if n != page]

    def fix(value: Any) -> str | None:
        if value is None:
            return None
        return unescape(str(value)) if escaped else str(value)

    if page is None:
        skip = "cannot tell the page from the customer in this thread"
    elif len(others) != 1:
        skip = f"not a one-to-one thread: {len(others)} participants besides the page {fix(page)!r}"
    else:
        skip = None

    frame = table.frame
    for column in _TEXT_COLUMNS:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(column))
        elif escaped:
            frame = frame.with_columns(
                pl.col(column).map_batches(
                    _unescape_series, return_dtype=pl.String, is_elementwise=True
                )
            )
    table.frame = frame.with_columns(
        pl.lit(fix(thread_path), dtype=pl.String).alias("thread.path"),
        pl.lit(fix(doc.get("title")), dtype=pl.String).alias("thread.title"),
        pl.lit(fix(others[0]) if len(others) == 1 else None, dtype=pl.String).alias(
            "thread.customer"
        ),
        pl.lit(fix(page), dtype=pl.String).alias("thread.page"),
        pl.lit(channel_of(path), dtype=pl.String).alias("thread.channel"),
        pl.lit(skip, dtype=pl.String).alias(SKIP_REASON),
    )
    return table


def prepare(frame: pl.DataFrame, ctx: Any) -> pl.DataFrame:
    """Time stamps to ISO, the direction, and a key for messages sharing a millisecond."""
    if "timestamp_ms" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias("timestamp_ms"))
    return frame.with_columns(
        epoch_ms_datetime(pl.col("timestamp_ms")).alias("sent_at"),
        pl.col("sender_name")
        .eq_missing(pl.col("thread.customer"))
        .cast(pl.String)
        .str.to_lowercase()
        .alias("from_customer"),
        ordinal_within("timestamp_ms").cast(pl.String).alias("message.ordinal"),
    )
