"""X/Twitter archive connectors: prefix and parts, exact big ids, no brand, dates to UTC."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from cxm.config import Settings
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import ingest

BRAND = "1476329154"
BIG = "9007199254740993"  # 2^53 + 1: a float64 would read it as ...992
ALICE = "1294113687377971980"


def _js(path: Path, name: str, records: list[Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"window.YTD.{name} = {json.dumps(records, indent=2)}", encoding="utf-8")
    return path


def _account(folder: Path) -> None:
    account = {"username": "NorthwindOutfit", "accountId": BRAND, "accountDisplayName": "Northwind"}
    _js(folder / "account.js", "account.part0", [{"account": account}])


def _mention(screen_name: str, name: str, id_str: str) -> dict[str, Any]:
    return {
        "name": name,
        "screen_name": screen_name,
        "indices": ["0", "9"],
        "id_str": id_str,
        "id": id_str,
    }


def _tweet(
    id_str: str,
    created_at: str,
    text: str,
    mentions: list[dict[str, Any]],
    reply_to: tuple[str, str, str] | None = None,
) -> dict[str, Any]:
    tweet: dict[str, Any] = {
        "id_str": id_str,
        "id": id_str,
        "created_at": created_at,
        "full_text": text,
        "lang": "en",
        "entities": {"hashtags": [], "symbols": [], "user_mentions": mentions, "urls": []},
    }
    if reply_to is not None:
        status, user, screen_name = reply_to
        tweet |= {
            "in_reply_to_status_id_str": status,
            "in_reply_to_user_id_str": user,
            "in_reply_to_user_id": user,
            "in_reply_to_screen_name": screen_name,
        }
    return {"tweet": tweet}


def _ingest(tmp_path: Path, *paths: Path) -> tuple[Lake, Any]:
    settings = Settings(home=tmp_path / "home")
    report = ingest(list(paths), settings)
    return Lake(settings.lake_dir), report


def _ignore(folder: Path, *patterns: str) -> None:
    (folder / ".cxmignore").write_text("\n".join(patterns) + "\n", encoding="utf-8")


def test_tweets_two_parts_big_ids_brand_excluded(tmp_path: Path) -> None:
    data = tmp_path / "archive" / "data"
    _account(data)
    _ignore(data, "account.js")
    _js(
        data / "tweets.js",
        "tweets.part0",
        [
            _tweet(
                "2121540293753660903",
                "Sat Nov 14 09:46:37 +0000 2026",
                "@RiveraP48 Sorry to hear that! DM us.",
                [_mention("RiveraP48", "Trish Rivera", ALICE)],
                reply_to=("2121464796282951262", ALICE, "RiveraP48"),
            ),
            # The brand tags itself next to a customer whose id is beyond 2^53.
            _tweet(
                "2121540293753660904",
                "Wed Oct 10 20:19:24 +0200 2018",
                "Winners: @big_id_fan, says @NorthwindOutfit",
                [
                    _mention("big_id_fan", "big_id_fan", BIG),
                    _mention("NorthwindOutfit", "Northwind", BRAND),
                ],
            ),
        ],
    )
    # Part 1: an announcement (no customer, and an empty mention array) and a mention of the
    # brand alone: neither involves a customer.
    _js(
        data / "tweets-part1.js",
        "tweets.part1",
        [
            _tweet(
                "1895224155964244912", "Tue Jan 04 16:00:00 +0000 2022", "New trail runners!", []
            ),
            _tweet(
                "1895224155964244913",
                "Tue Jan 04 17:00:00 +0000 2022",
                "We are @NorthwindOutfit",
                [_mention("NorthwindOutfit", "Northwind", BRAND)],
            ),
        ],
    )
    lake, report = _ingest(tmp_path, tmp_path / "archive")

    assert sorted(f.connector for f in report.files) == ["twitter_tweets", "twitter_tweets"]
    people = lake.read("identity_record").sort("record_id")
    assert people["record_id"].to_list() == [ALICE, BIG]
    assert people["handles"].to_list() == [["twitter:riverap48"], ["twitter:big_id_fan"]]
    # A display name repeating the handle is not a name.
    assert people["full_name"].to_list() == ["Trish Rivera", None]
    assert set(people["source"]) == {"twitter"}

    events = lake.read("interaction").sort("occurred_at")
    assert events.select("record_id", "kind", "interaction_id", "occurred_at").rows() == [
        (
            BIG,
            "mention",
            f"tweet/2121540293753660904/{BIG}",
            datetime(2018, 10, 10, 18, 19, 24, tzinfo=UTC),
        ),
        (
            ALICE,
            "reply",
            f"tweet/2121540293753660903/{ALICE}",
            datetime(2026, 11, 14, 9, 46, 37, tzinfo=UTC),
        ),
    ]
    assert events["channel"].to_list() == ["twitter", "twitter"]
    assert events["text"][1] == "@RiveraP48 Sorry to hear that! DM us."

    quarantine = lake.read("quarantine")
    assert quarantine.height == 2
    assert quarantine["reason"].str.starts_with("tweet involves no customer").all()
    assert set(quarantine["file"].map_elements(lambda f: Path(f).name, return_dtype=pl.String)) == {
        "tweets-part1.js"
    }


def test_tweets_brand_from_self_thread_without_account_file(tmp_path: Path) -> None:
    path = _js(
        tmp_path / "tweets.js",
        "tweets.part0",
        [
            _tweet("100", "Mon Jan 01 10:00:00 +0000 2024", "Big news, a thread:", []),
            _tweet(
                "101",
                "Mon Jan 01 10:01:00 +0000 2024",
                "1/ more",
                [],
                reply_to=("100", BRAND, "Brand"),
            ),
            _tweet(
                "102",
                "Mon Jan 01 11:00:00 +0000 2024",
                "@ann thanks!",
                [_mention("ann", "Ann Lee", "42")],
            ),
        ],
    )
    lake, _ = _ingest(tmp_path, path)
    assert lake.read("identity_record")["record_id"].to_list() == ["42"]
    assert lake.read("quarantine")["row"].sort().to_list() == [1, 2]


def _dm(message_id: str, sender: str, recipient: str, created_at: str, text: str) -> dict[str, Any]:
    return {
        "messageCreate": {
            "recipientId": recipient,
            "reactions": [],
            "urls": [],
            "text": text,
            "mediaUrls": [],
            "senderId": sender,
            "id": message_id,
            "createdAt": created_at,
            "editHistory": [],
        }
    }


def _conversation(customer: str, *messages: dict[str, Any]) -> dict[str, Any]:
    return {"dmConversation": {"conversationId": f"{BRAND}-{customer}", "messages": list(messages)}}


def test_direct_messages_attributed_to_customer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _account(data)
    path = _js(
        data / "direct-messages.js",
        "direct_messages.part0",
        [
            _conversation(
                BIG,
                _dm("1922419344655565332", BIG, BRAND, "2025-05-13T22:31:03.247Z", "Zipper broke"),
                _dm("1922370522403312272", BRAND, BIG, "2025-05-13T19:17:03.115Z", "Order email?"),
                {"reactionCreate": {"senderId": BIG, "reactionKey": "like"}},
            )
        ],
    )
    lake, _ = _ingest(tmp_path, path)
    people = lake.read("identity_record")
    assert people["record_id"].to_list() == [BIG]
    events = lake.read("interaction").sort("occurred_at")
    assert events["record_id"].to_list() == [BIG, BIG]
    assert events["interaction_id"].to_list() == [
        "dm/1922370522403312272",
        "dm/1922419344655565332",
    ]
    assert events["occurred_at"][1] == datetime(2025, 5, 13, 22, 31, 3, 247000, tzinfo=UTC)
    directions = [json.loads(a)["message.from_customer"] for a in events["attributes"]]
    assert directions == ["false", "true"]
    assert lake.read("quarantine").height == 0


def test_direct_messages_brand_is_the_id_in_every_conversation(tmp_path: Path) -> None:
    path = _js(
        tmp_path / "direct-messages.js",
        "direct_messages.part0",
        [
            _conversation("42", _dm("1", "42", BRAND, "2024-01-01T00:00:00.000Z", "hi")),
            _conversation(BIG, _dm("2", BRAND, BIG, "2024-01-02T00:00:00.000Z", "hello")),
        ],
    )
    lake, _ = _ingest(tmp_path, path)
    assert sorted(lake.read("identity_record")["record_id"]) == ["42", BIG]
    assert lake.read("quarantine").height == 0


def test_direct_messages_unknown_brand_is_quarantined_with_reason(tmp_path: Path) -> None:
    path = _js(
        tmp_path / "direct-messages.js",
        "direct_messages.part0",
        [_conversation("42", _dm("1", "42", BRAND, "2024-01-01T00:00:00.000Z", "hi"))],
    )
    lake, _ = _ingest(tmp_path, path)
    assert lake.read("identity_record").height == 0
    reasons = lake.read("quarantine")["reason"].to_list()
    assert len(reasons) == 1
    assert reasons[0].startswith("cannot tell the brand's account from the customer")
