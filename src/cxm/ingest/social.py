"""Helpers the social connectors share: X/Twitter archive owners, epoch dates, JSON arrays in cells.

Connector hooks are imported by path, so code that two of them need lives here rather than in a
sibling hook module. Everything below works on whole columns except the reading of the few small
archive files that name the account owner (``account.js``, ``manifest.js``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from cxm.errors import UnreadableFileError

_NO_USER_IDS = ("", "-1", "0")
"""Ids the archive writes for mentioned users it could not resolve (suspended, deleted)."""


# --- dates -----------------------------------------------------------------------------------


def epoch_ms_datetime(raw: pl.Expr) -> pl.Expr:
    """Epoch milliseconds (as text or integer) as ISO 8601 UTC text with milliseconds.

    Non-numeric values are passed through unchanged (the mapping engine then reports them).

    Examples
    --------
    >>> import polars as pl
    >>> pl.select(epoch_ms_datetime(pl.lit("1697609712000"))).item()
    '2023-10-18T06:15:12.000Z'
    """
    text = raw.cast(pl.String)
    millis = text.str.strip_chars().cast(pl.Int64, strict=False)
    stamp = pl.from_epoch(millis, time_unit="ms").dt.strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
    return pl.coalesce(stamp, text)


# --- JSON arrays inside cells ----------------------------------------------------------------


def json_objects(frame: pl.DataFrame, column: str, dtype: pl.Struct) -> pl.Expr:
    """A List(Struct) expression decoding a cell that holds a JSON array of objects.

    The JSON readers store an array of objects as JSON text; but when some records hold an empty
    array ``[]`` the whole column becomes a list column in which a non-empty array is a one-element
    list holding the JSON text. Both shapes are accepted; a missing column decodes to null.
    """
    if column not in frame.columns:
        return pl.lit(None, dtype=pl.List(dtype))
    cell = pl.col(column)
    if isinstance(frame.schema[column], pl.List):
        cell = cell.list.first()
    return cell.str.json_decode(pl.List(dtype))


def ordinal_within(*keys: str) -> pl.Expr:
    """0-based position of a row among the rows sharing ``keys`` (file order).

    Used to make event ids unique when a source gives two events the same key (two messages in
    the same millisecond) without depending on where the export happened to split its files.
    """
    return pl.int_range(pl.len(), dtype=pl.Int64).over(list(keys))


# --- the X/Twitter archive owner ---------------------------------------------------------------


@dataclass(frozen=True)
class TwitterAccount:
    """The archive owner's account: the brand, never a customer."""

    account_id: str
    username: str | None
    found_in: str


def _js_payload(path: Path) -> Any:
    """The JSON value assigned in an archive ``.js`` file (``window.X = <json>``)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        msg = f"{path}: cannot read the X/Twitter archive file: {err}"
        raise UnreadableFileError(msg) from err
    head, sep, body = text.partition("=")
    if not sep or not head.strip().startswith("window."):
        msg = f"{path}: not an X/Twitter archive file (no 'window.<name> =' assignment)"
        raise UnreadableFileError(msg)
    try:
        return json.loads(body.strip().rstrip(";"))
    except json.JSONDecodeError as err:
        msg = f"{path}: the archive's JSON is invalid at line {err.lineno}: {err.msg}"
        raise UnreadableFileError(msg) from err


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    out = str(value).strip()
    return out or None


def read_twitter_account(folder: Path) -> TwitterAccount | None:
    """The archive owner from ``account.js`` or else ``manifest.js`` in ``folder``, if present.

    Raises
    ------
    UnreadableFileError
        When one of those files exists but does not name an account id: guessing instead could
        turn the brand into a customer.
    """
    account_file = folder / "account.js"
    if account_file.is_file():
        doc = _js_payload(account_file)
        entries = doc if isinstance(doc, list) else []
        for entry in entries:
            account = entry.get("account", entry) if isinstance(entry, dict) else {}
            account_id = _text(account.get("accountId"))
            if account_id:
                return TwitterAccount(account_id, _text(account.get("username")), str(account_file))
        msg = f"{account_file}: no account.accountId in the file"
        raise UnreadableFileError(msg)
    manifest_file = folder / "manifest.js"
    if manifest_file.is_file():
        doc = _js_payload(manifest_file)
        info = doc.get("userInfo", {}) if isinstance(doc, dict) else {}
        account_id = _text(info.get("accountId")) if isinstance(info, dict) else None
        if account_id:
            return TwitterAccount(account_id, _text(info.get("userName")), str(manifest_file))
        msg = f"{manifest_file}: no userInfo.accountId in the file"
        raise UnreadableFileError(msg)
    return None


def common_participant(conversations: Iterable[Iterable[str]]) -> str | None:
    """The one id taking part in every conversation, when there are several conversations.

    In a brand's own archive that id is the brand's. With a single conversation (or when two ids
    share every conversation) the owner cannot be told apart, and None is returned.
    """
    sets = [frozenset(c) for c in conversations]
    if len(sets) < 2:
        return None
    common = frozenset.intersection(*sets)
    return next(iter(common)) if len(common) == 1 else None


def conversation_ids(conversation_id: str | None, *people: str | None) -> set[str]:
    """Participant ids of a one-to-one DM conversation (``"<id>-<id>"`` plus sender/recipient)."""
    ids = {p for p in people if p}
    if conversation_id:
        ids.update(part for part in conversation_id.split("-") if part.isdigit())
    return ids


def _dm_conversations(path: Path) -> list[set[str]]:
    doc = _js_payload(path)
    found: list[set[str]] = []
    for entry in doc if isinstance(doc, list) else []:
        conversation = entry.get("dmConversation") if isinstance(entry, dict) else None
        if not isinstance(conversation, dict):
            continue
        people: list[str | None] = []
        for message in conversation.get("messages") or []:
            create = message.get("messageCreate") if isinstance(message, dict) else None
            if isinstance(create, dict):
                people += [_text(create.get("senderId")), _text(create.get("recipientId"))]
        found.append(conversation_ids(_text(conversation.get("conversationId")), *people))
    return found


def _is_dm_part(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(200).decode("utf-8", errors="replace")
    return "window.YTD.direct_messages.part" in head


def find_twitter_account(folder: Path) -> TwitterAccount | None:
    """The brand's account for archive files in ``folder``.

    ``account.js``, else ``manifest.js``, else the id present in every one-to-one DM conversation
    of the ``direct-messages*.js`` parts beside the file; None when none of them tells.
    """
    account = read_twitter_account(folder)
    if account is not None:
        return account
    conversations: list[set[str]] = []
    parts = [p for p in sorted(folder.glob("direct-messages*.js")) if _is_dm_part(p)]
    for part in parts:
        conversations += _dm_conversations(part)
    owner = common_participant(conversations)
    if owner is None:
        return None
    return TwitterAccount(owner, None, ", ".join(str(p) for p in parts))


def valid_user_id(expr: pl.Expr) -> pl.Expr:
    """True where ``expr`` is a real X/Twitter user id (not blank, not the archive's ``-1``)."""
    text = expr.str.strip_chars()
    return text.is_not_null() & ~text.is_in(list(_NO_USER_IDS))
