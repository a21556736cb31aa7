"""How exporting tools spell values: phone styles, dates, ids, typos, encodings and file writing.

These are the small, reusable habits of real tools (a Salesforce case-safe id, an Excel-mangled
phone number, Facebook's double-encoded UTF-8, the Twitter archive's JSON layout) shared by the
export modules.

Examples
--------
>>> phone("3035550123", "paren")
'(303) 555-0123'
>>> salesforce_id18("0035g00000XyZab")
'0035g00000XyZabAAF'
>>> mojibake("José")
'JosÃ©'
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, Literal

EXPORT_DATE: Final[date] = date(2026, 11, 20)
"""The fixed day every sample export was "taken", so output never depends on the clock."""

PHONE_STYLES: Final[tuple[str, ...]] = (
    "paren",
    "dash",
    "dot",
    "plus_space",
    "e164",
    "raw",
    "one_raw",
    "plus_dash",
)


def phone(digits10: str, style: str) -> str:
    """Spell a 10-digit NANP number the way one tool or person would.

    >>> [phone("3035550123", s) for s in ("dot", "plus_space", "raw")]
    ['303.555.0123', '+1 303 555 0123', '3035550123']
    """
    a, b, c = digits10[:3], digits10[3:6], digits10[6:]
    styles = {
        "paren": f"({a}) {b}-{c}",
        "dash": f"{a}-{b}-{c}",
        "dot": f"{a}.{b}.{c}",
        "plus_space": f"+1 {a} {b} {c}",
        "e164": f"+1{digits10}",
        "raw": digits10,
        "one_raw": f"1{digits10}",
        "plus_dash": f"+1-{a}-{b}-{c}",
    }
    return styles[style]


def us_date(day: date) -> str:
    """US short date without zero padding: ``3/15/1985``."""
    return f"{day.month}/{day.day}/{day.year}"


def us_datetime(moment: datetime) -> str:
    """US short date-time: ``3/15/2024 2:30 PM``."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{us_date(moment.date())} {hour}:{moment.minute:02d} {half}"


def iso_z(moment: datetime, *, millis: bool = False) -> str:
    """UTC ISO 8601 with a ``Z``: ``2024-03-15T14:30:00Z`` (or ``.000Z``)."""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.{moment.microsecond // 1000:03d}Z" if millis else f"{text}Z"


def twitter_date(moment: datetime) -> str:
    """Twitter's ``created_at``: ``Wed Oct 10 20:19:24 +0000 2018`` (always English, UTC)."""
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return (
        f"{days[moment.weekday()]} {months[moment.month - 1]} {moment.day:02d} "
        f"{moment:%H:%M:%S} +0000 {moment.year}"
    )


_SF_CHECKSUM: Final[str] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_ALNUM: Final[str] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def salesforce_id18(id15: str) -> str:
    """Append Salesforce's case-safe suffix to a 15-character record id.

    Each of the three 5-character chunks contributes one suffix letter whose bits say which of its
    characters are upper-case.
    """
    suffix = ""
    for start in (0, 5, 10):
        bits = sum(1 << i for i, ch in enumerate(id15[start : start + 5]) if "A" <= ch <= "Z")
        suffix += _SF_CHECKSUM[bits]
    return id15 + suffix


def salesforce_id15(rng: random.Random, prefix: str = "003", pod: str = "5g") -> str:
    """A plausible 15-character record id: key prefix, pod, zero padding, 5 random characters."""
    return prefix + pod + "00000" + "".join(rng.choice(_ALNUM) for _ in range(5))


def mojibake(text: str) -> str:
    """Facebook's export encoding: UTF-8 bytes read back as Latin-1 (``é`` → ``Ã©``)."""
    return text.encode("utf-8").decode("latin-1")


def transpose_typo(rng: random.Random, text: str) -> str:
    """Swap two adjacent inner letters of ``text``: ``Michael`` → ``Micahel``."""
    positions = [
        i
        for i in range(1, len(text) - 1)
        if text[i].isalpha() and text[i + 1].isalpha() and text[i] != text[i + 1]
    ]
    if not positions:
        return text
    i = rng.choice(positions)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def drop_typo(rng: random.Random, text: str) -> str:
    """Drop one inner letter: ``Elizabeth`` → ``Elizbeth``."""
    positions = [i for i in range(1, len(text) - 1) if text[i].isalpha()]
    if not positions:
        return text
    i = rng.choice(positions)
    return text[:i] + text[i + 1 :]


def email_typo(rng: random.Random, email: str) -> str:
    """A typo in the local part of an address: ``john.smith@`` → ``jonh.smith@``."""
    local, _, domain = email.partition("@")
    typo = transpose_typo if rng.random() < 0.5 else drop_typo
    changed = typo(rng, local)
    return f"{changed}@{domain}" if changed != local else f"{local}{local[-1]}@{domain}"


def csv_text(
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ",",
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
    lineterminator: str = "\r\n",
) -> str:
    """Render rows as CSV text with the given dialect."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=lineterminator)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


def ytd_js(variable: str, payload: list[Any]) -> str:
    """The Twitter archive layout: ``window.YTD.<name>.partN = [ ... ]`` with Jackson-style JSON.

    The archive pretty-prints with two-space indents, ``"key" : value`` separators and ``[ ]`` for
    empty arrays, and writes non-ASCII text as raw UTF-8.
    """
    return f"{variable} = {_jackson(payload, 0)}\n"


def _jackson(value: Any, level: int) -> str:
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{ }"
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)} : {_jackson(v, level + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[ ]"
        items = [f"{inner}{_jackson(v, level + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
