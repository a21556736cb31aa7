"""Meta messages connector: mojibake repaired once, epoch ms, the page told from the customer."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from cxm.config import Settings
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import ingest

PAGE = "Northwind Outfitters"


def _mojibake(value: Any) -> Any:
    """What Meta writes: each UTF-8 byte of the text as its own \\u00XX character."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [_mojibake(v) for v in value]
    if isinstance(value, dict):
        return {k: _mojibake(v) for k, v in value.items()}
    return value


def _thread(
    inbox: Path,
    folder: str,
    participants: list[str],
    messages: list[tuple[str, int, str | None]],
    *,
    title: str | None = None,
    file: str = "message_1.json",
    broken: bool = True,
) -> Path:
    doc = {
        "participants": [{"name": n} for n in participants],
        "messages": [
            {"sender_name": s, "timestamp_ms": t, **({"content": c} if c is not None else {})}
            | {"is_geoblocked_for_viewer": False}
            for s, t, c in messages
        ],
        "title": title if title is not None else participants[0],
        "is_still_participant": True,
        "thread_path": f"inbox/{folder}",
        "magic_words": [],
    }
    path = inbox / folder / file
    path.parent.mkdir(parents=True, exist_ok=True)
    if broken:
        path.write_text(json.dumps(_mojibake(doc), indent=2), encoding="utf-8")
    else:
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _ingest(tmp_path: Path, *paths: Path) -> Lake:
    settings = Settings(home=tmp_path / "home")
    ingest(list(paths), settings)
    return Lake(settings.lake_dir)


def test_mojibake_repaired_once_epoch_ms_and_direction(tmp_path: Path) -> None:
    inbox = tmp_path / "facebook" / "messages" / "inbox"
    # Meta's escaped text, emoji included ...
    _thread(
        inbox,
        "joseramirez_955",
        ["José Ramírez", PAGE],
        [
            ("José Ramírez", 1697618352863, "Thank you so much!! 😍🏕️"),
            (PAGE, 1697614452331, "Hi José! Yes, in all four stores."),
            ("José Ramírez", 1697609712000, "Do you still have the tent? Ça marche?"),
            # Typed as mojibake by the customer: undoing Meta's escaping once must keep it.
            ("José Ramírez", 1697609000000, "My old receipt says CafÃ©"),
        ],
    )
    # ... and a file whose text is already correct: it must come out exactly as written.
    _thread(
        inbox,
        "zoemuller_357",
        ["Zoë Müller", PAGE],
        [
            ("Zoë Müller", 1697609712000, "Naïve café question ☕ 😀"),
            (PAGE, 1697609713000, "Sure, Zoë!"),
        ],
        broken=False,
    )
    lake = _ingest(tmp_path, tmp_path / "facebook")

    people = lake.read("identity_record").sort("record_id")
    assert people.select("record_id", "full_name", "given_name", "family_name").rows() == [
        ("inbox/joseramirez_955", "José Ramírez", "José", "Ramírez"),
        ("inbox/zoemuller_357", "Zoë Müller", "Zoë", "Müller"),
    ]
    assert set(people["source"]) == {"meta"}

    events = lake.read("interaction").sort("record_id", "occurred_at")
    assert events["text"].to_list() == [
        "My old receipt says CafÃ©",
        "Do you still have the tent? Ça marche?",
        "Hi José! Yes, in all four stores.",
        "Thank you so much!! 😍🏕️",
        "Naïve café question ☕ 😀",
        "Sure, Zoë!",
    ]
    assert events["occurred_at"][3] == datetime(2023, 10, 18, 8, 39, 12, 863000, tzinfo=UTC)
    assert events["interaction_id"][3] == "inbox/joseramirez_955/1697618352863/0"
    assert set(events["kind"]) == {"message"}
    assert set(events["channel"]) == {"facebook"}
    attributes = [json.loads(a) for a in events["attributes"]]
    assert [a["from_customer"] for a in attributes] == [
        "true",
        "true",
        "false",
        "true",
        "true",
        "false",
    ]
    assert attributes[2]["sender_name"] == PAGE
    assert lake.read("quarantine").height == 0


def test_single_thread_page_from_title_instagram_and_same_millisecond(tmp_path: Path) -> None:
    thread = tmp_path / "your_instagram_activity" / "messages" / "inbox"
    path = _thread(
        thread,
        "ann_1",
        [PAGE, "Ann Lee"],
        [("Ann Lee", 1700000000000, "one"), ("Ann Lee", 1700000000000, "two"), (PAGE, 1, None)],
        title="Ann Lee",
    )
    lake = _ingest(tmp_path, path)
    assert lake.read("identity_record")["full_name"].to_list() == ["Ann Lee"]
    events = lake.read("interaction").sort("source_row")
    assert events["interaction_id"].to_list() == [
        "inbox/ann_1/1700000000000/0",
        "inbox/ann_1/1700000000000/1",
        "inbox/ann_1/1/0",
    ]
    assert events["text"].to_list() == ["one", "two", None]
    assert set(events["channel"]) == {"instagram"}


def test_group_thread_and_second_file_of_a_thread(tmp_path: Path) -> None:
    inbox = tmp_path / "messages" / "inbox"
    _thread(inbox, "ann_1", ["Ann Lee", PAGE], [("Ann Lee", 1700000000000, "newer")])
    _thread(
        inbox,
        "ann_1",
        ["Ann Lee", PAGE],
        [("Ann Lee", 1600000000000, "older")],
        file="message_2.json",
    )
    _thread(
        inbox,
        "hikers_2",
        ["Bo Chen", "Cy Diaz", PAGE],
        [("Bo Chen", 1700000000000, "group hello"), ("Cy Diaz", 1700000001000, "hi all")],
        title="Hikers",
    )
    lake = _ingest(tmp_path, tmp_path / "messages")
    assert lake.read("identity_record")["record_id"].unique().to_list() == ["inbox/ann_1"]
    assert lake.read("interaction")["text"].sort().to_list() == ["newer", "older"]
    quarantine = lake.read("quarantine")
    assert quarantine.height == 2
    assert quarantine["reason"].unique().to_list() == [
        "not a one-to-one thread: 2 participants besides the page 'Northwind Outfitters'"
    ]
    assert quarantine["file"].map_elements(
        lambda f: Path(f).parent.name, return_dtype=pl.String
    ).unique().to_list() == ["hikers_2"]
