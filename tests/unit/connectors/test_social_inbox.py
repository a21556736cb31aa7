"""Social inbox connector: the primary identifier read per medium, quoted newlines and commas."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from cxm.config import Settings
from cxm.ingest.lake import Lake
from cxm.ingest.pipeline import ingest

HEADER = (
    "Conversation ID,Medium,Channel,Channel Display Name,Contact Profile ID,"
    "Contact Primary Identifier,Contact Secondary Identifier,Created at,Message\n"
)
ROWS = [
    "882169,facebook,104238579012345,Northwind Outfitters,p-fb,6763576767913523,Ken D.,"
    '2022-12-04T22:44:02Z,"Can I return something I bought in store, online?"\n',
    "882517,whatsapp,+13035550100,Northwind Outfitters,p-wa,+16085550153,Kenneth Davis,"
    "2022-12-11T00:08:20Z,What time does the Portland store close today?\n",
    "881605,instagram,@northwindoutfitters,Northwind Outfitters,p-ig,"
    "@Michelle.Okafor,Michelle Okafor,"
    '2023-04-02T07:43:22Z,"Love the new trail runners!!\nSize 9, please."\n',
    "884471,sms,+13035550100,Northwind Outfitters,p-sms,(617) 555-0194,,"
    "2023-09-14T09:02:32Z,Do you have the Alpine Down Jacket?\n",
    "884471,sms,+13035550100,Northwind Outfitters,p-sms,(617) 555-0194,,"
    "2023-09-14T09:02:32Z,Do you have the Alpine Down Jacket?\n",
    '884999,twitter,@NorthwindOutfit,Northwind Outfitters,p-tw,@trail_ana,"Ana Taylor",'
    '2023-09-15T10:00:00Z,"@NorthwindOutfit ""best"" store"\n',
]


def _ingest(tmp_path: Path) -> Lake:
    path = tmp_path / "social-inbox.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    settings = Settings(home=tmp_path / "home")
    ingest([path], settings)
    return Lake(settings.lake_dir)


def test_identity_per_profile_with_identifier_read_per_medium(tmp_path: Path) -> None:
    lake = _ingest(tmp_path)
    people = lake.read("identity_record").sort("record_id")
    assert people["record_id"].to_list() == ["p-fb", "p-ig", "p-sms", "p-tw", "p-wa"]
    assert set(people["source"]) == {"social_inbox"}
    by_id = {row["record_id"]: row for row in people.iter_rows(named=True)}
    assert by_id["p-ig"]["handles"] == ["instagram:michelle.okafor"]
    assert by_id["p-tw"]["handles"] == ["twitter:trail_ana"]
    assert by_id["p-wa"]["phones"] == ["+16085550153"]
    assert by_id["p-sms"]["phones"] == ["+16175550194"]
    assert by_id["p-fb"]["external_ids"] == ["facebook_psid:6763576767913523"]
    assert by_id["p-fb"]["phones"] == [] and by_id["p-fb"]["handles"] == []
    assert by_id["p-wa"]["full_name"] == "Kenneth Davis"
    assert by_id["p-sms"]["full_name"] is None
    assert by_id["p-tw"]["given_name"] == "Ana"


def test_one_message_per_row_with_quoted_newline_and_duplicate_time(tmp_path: Path) -> None:
    lake = _ingest(tmp_path)
    events = lake.read("interaction").sort("source_row")
    assert events.height == 6
    assert events["channel"].to_list() == [
        "facebook",
        "whatsapp",
        "instagram",
        "sms",
        "sms",
        "twitter",
    ]
    assert set(events["kind"]) == {"message"}
    assert events["text"][2] == "Love the new trail runners!!\nSize 9, please."
    assert events["text"][5] == '@NorthwindOutfit "best" store'
    assert events["source_line"].to_list() == [2, 3, 4, 6, 7, 8]
    assert events["interaction_id"][3:5].to_list() == [
        "884471/2023-09-14T09:02:32Z/0",
        "884471/2023-09-14T09:02:32Z/1",
    ]
    assert events["occurred_at"][0] == datetime(2022, 12, 4, 22, 44, 2, tzinfo=UTC)
    assert json.loads(events["attributes"][0]) == {
        "Conversation ID": "882169",
        "Channel": "104238579012345",
        "Channel Display Name": "Northwind Outfitters",
    }
    assert lake.read("quarantine").height == 0
