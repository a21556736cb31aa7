"""Social exports: the brand's X/Twitter archive, Facebook Messenger threads and a social inbox CSV.

Social identities are handles, numeric platform ids and display names with emoji, rarely an email.
Twitter ids above 2**53 lose digits when read as floats; Facebook writes non-ASCII text as UTF-8
bytes escaped one by one (``Jos\\u00c3\\u00a9``); the inbox tool lists one row per message.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, time, timedelta
from typing import Any, Final

from cxm.synth.formats import (
    EXPORT_DATE,
    csv_text,
    iso_z,
    mojibake,
    phone,
    twitter_date,
    ytd_js,
)
from cxm.synth.population import Person, ascii_fold
from cxm.synth.truth import ExportContext

BRAND_TWITTER_ID: Final[str] = "1476329154"
BRAND_HANDLE: Final[str] = "NorthwindOutfit"
BRAND_NAME: Final[str] = "Northwind Outfitters"
BRAND_PAGE_ID: Final[str] = "104238579012345"
BRAND_NUMBER: Final[str] = "+13035550100"
_TWITTER_EPOCH_MS: Final[int] = 1_288_834_974_657

SOCIAL_INBOX_HEADER: Final[tuple[str, ...]] = (
    "Conversation ID",
    "Medium",
    "Channel",
    "Channel Display Name",
    "Contact Profile ID",
    "Contact Primary Identifier",
    "Contact Secondary Identifier",
    "Created at",
    "Message",
)

_REPLIES: Final[tuple[str, ...]] = (
    "Thanks for the shout-out! Enjoy the trail 🥾",
    "Sorry to hear that! Please DM us your order number and we'll make it right.",
    "That view though! Thanks for tagging us.",
    "Great question: the Ridgeline 2P fits two people plus gear, snug but doable.",
    "We're on it. Check your DMs!",
)
_CUSTOMER_DMS: Final[tuple[str, ...]] = (
    "Hi! My order {order} hasn't shipped yet, can you check? Email on the order is {email}",
    "Do you price match? Saw the Trailhead 40L cheaper elsewhere.",
    "The zipper on my jacket broke, what's the warranty process?",
    "Thanks so much for the fast reply!",
    "Is the Boulder store open on Thanksgiving weekend?",
)
_ITEMS: Final[tuple[str, ...]] = ("Trailhead 40L", "Ridgeline tent", "Alpine jacket")
_INBOX_MESSAGES: Final[tuple[str, ...]] = (
    "Do you have the Alpine Down Jacket in a women's small?",
    "My package says delivered but it's not here",
    "Can I return something I bought in store, online?",
    "Love the new trail runners!!",
    "Hi, I was charged twice for order {order}, can you help?",
    "What time does the Portland store close today?",
)


def _snowflake(rng: random.Random, moment: datetime) -> str:
    millis = int((moment - datetime(1970, 1, 1)).total_seconds() * 1000)
    return str(((millis - _TWITTER_EPOCH_MS) << 22) | rng.getrandbits(22))


def _moment(rng: random.Random, person: Person, earliest: datetime) -> datetime:
    start = max(datetime.combine(person.since, time(8, 0)), earliest)
    end = datetime.combine(EXPORT_DATE, time(6, 0)) - timedelta(days=1)
    span = max(60, int((end - start).total_seconds()))
    return min(start + timedelta(seconds=rng.randint(0, span)), end)


def _display_name(rng: random.Random, person: Person) -> str:
    roll = rng.random()
    if roll < 0.35:
        return person.full_name
    if roll < 0.55:
        return f"{person.informal_given} {person.family_name[0]}."
    if roll < 0.75:
        return f"{person.informal_given} {rng.choice(['🏔️', '🌲', '⛺', '🥾'])} {person.family_name}"
    if roll < 0.9:
        return person.informal_given
    return (person.twitter_handle or person.informal_given).lower()


def render_twitter(ctx: ExportContext) -> dict[str, bytes]:
    """``social/twitter/data/{account,tweets,tweets-part1,direct-messages}.js``."""
    rng = ctx.rng("twitter")
    people = [p for p in ctx.population.in_source("twitter") if p.twitter_id and p.twitter_handle]
    earliest = datetime(2018, 3, 1)
    tweets: list[tuple[datetime, dict[str, Any]]] = []
    conversations: list[dict[str, Any]] = []

    for person in people:
        assert person.twitter_id and person.twitter_handle
        ctx.truth.add("twitter", person.twitter_id, person.entity_id)
        shown = _display_name(rng, person)
        for _ in range(rng.choice([1, 1, 2])):
            moment = _moment(rng, person, earliest)
            typed = person.twitter_handle if rng.random() < 0.7 else person.twitter_handle.lower()
            text = f"@{typed} {rng.choice(_REPLIES)}"
            mention = _mention(person, shown, 0)
            tweets.append((moment, _tweet(rng, moment, text, [mention], reply_to=person)))
        if rng.random() < 0.45:
            conversations.append(_dm_conversation(ctx, rng, person, earliest))

    # Shout-out tweets that mention two customers at once.
    for a, b in zip(people[::4], people[2::4], strict=False):
        moment = _moment(rng, a, max(earliest, datetime.combine(b.since, time(9, 0))))
        assert a.twitter_handle and b.twitter_handle
        prefix = "Congrats to our trail photo contest winners "
        text = f"{prefix}@{a.twitter_handle} and @{b.twitter_handle}! 📸"
        first = _mention(a, _display_name(rng, a), len(prefix))
        second = _mention(b, _display_name(rng, b), len(prefix) + len(a.twitter_handle) + 6)
        tweets.append((moment, _tweet(rng, moment, text, [first, second], reply_to=None)))
    for index in range(max(3, len(people) // 3)):
        moment = datetime(2019, 1, 7, 16, 0) + timedelta(days=index * 97 + rng.randint(0, 40))
        text = rng.choice(
            [
                "Our winter sale starts Friday: 20% off all insulated jackets. ❄️",
                "New trail runners just landed in Boulder and Portland.",
                "Headed out this weekend? Check avalanche conditions before you go.",
                "Repair café this Saturday at the Denver LoDo store: bring your torn gear!",
            ]
        )
        tweets.append((moment, _tweet(rng, moment, text, [], reply_to=None)))

    tweets.sort(key=lambda t: t[0], reverse=True)  # the archive lists the newest tweet first
    wrapped = [{"tweet": t} for _, t in tweets]
    half = len(wrapped) // 2
    conversations.sort(key=lambda c: str(c["dmConversation"]["conversationId"]))
    account = [
        {
            "account": {
                "email": "social@northwindoutfitters.com",
                "createdVia": "web",
                "username": BRAND_HANDLE,
                "accountId": BRAND_TWITTER_ID,
                "createdAt": "2013-05-14T18:22:09.000Z",
                "accountDisplayName": BRAND_NAME,
            }
        }
    ]
    return {
        "account.js": ytd_js("window.YTD.account.part0", account).encode("utf-8"),
        "tweets.js": ytd_js("window.YTD.tweets.part0", wrapped[:half]).encode("utf-8"),
        "tweets-part1.js": ytd_js("window.YTD.tweets.part1", wrapped[half:]).encode("utf-8"),
        "direct-messages.js": ytd_js("window.YTD.direct_messages.part0", conversations).encode(
            "utf-8"
        ),
    }


def _mention(person: Person, shown: str, start: int) -> dict[str, Any]:
    assert person.twitter_handle and person.twitter_id
    end = start + 1 + len(person.twitter_handle)
    return {
        "name": shown,
        "screen_name": person.twitter_handle,
        "indices": [str(start), str(end)],
        "id_str": person.twitter_id,
        "id": person.twitter_id,
    }


def _tweet(
    rng: random.Random,
    moment: datetime,
    text: str,
    mentions: list[dict[str, Any]],
    *,
    reply_to: Person | None,
) -> dict[str, Any]:
    tweet_id = _snowflake(rng, moment)
    body: dict[str, Any] = {
        "edit_info": {
            "initial": {
                "editTweetIds": [tweet_id],
                "editableUntil": iso_z(moment + timedelta(hours=1), millis=True),
                "editsRemaining": "5",
                "isEditEligible": False,
            }
        },
        "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": {"hashtags": [], "symbols": [], "user_mentions": mentions, "urls": []},
        "display_text_range": ["0", str(len(text))],
        "favorite_count": str(rng.randint(0, 40)),
        "id_str": tweet_id,
        "truncated": False,
        "retweet_count": str(rng.randint(0, 6)),
        "id": tweet_id,
        "created_at": twitter_date(moment),
        "favorited": False,
        "full_text": text,
        "lang": "en",
    }
    if reply_to is not None:
        assert reply_to.twitter_id and reply_to.twitter_handle
        status = _snowflake(rng, moment - timedelta(minutes=rng.randint(5, 600)))
        body |= {
            "in_reply_to_status_id_str": status,
            "in_reply_to_user_id": reply_to.twitter_id,
            "in_reply_to_status_id": status,
            "in_reply_to_screen_name": reply_to.twitter_handle,
            "in_reply_to_user_id_str": reply_to.twitter_id,
        }
    return body


def _dm_conversation(
    ctx: ExportContext, rng: random.Random, person: Person, earliest: datetime
) -> dict[str, Any]:
    assert person.twitter_id
    ids = sorted([BRAND_TWITTER_ID, person.twitter_id], key=int)
    moment = _moment(rng, person, earliest)
    orders = ctx.orders.get(person.entity_id, [])
    messages = []
    for turn in range(rng.randint(2, 5)):
        inbound = turn % 2 == 0
        if inbound:
            text = rng.choice(_CUSTOMER_DMS).format(
                order=orders[0] if orders else "#1099", email=person.personal_email
            )
        else:
            text = rng.choice(
                [
                    "Thanks for reaching out! Looking into it now.",
                    "All set, it ships tomorrow.",
                    "Could you share the email on your order?",
                ]
            )
        messages.append(
            {
                "messageCreate": {
                    "recipientId": BRAND_TWITTER_ID if inbound else person.twitter_id,
                    "reactions": [],
                    "urls": [],
                    "text": text,
                    "mediaUrls": [],
                    "senderId": person.twitter_id if inbound else BRAND_TWITTER_ID,
                    "id": _snowflake(rng, moment),
                    "createdAt": iso_z(moment, millis=True),
                    "editHistory": [],
                }
            }
        )
        moment += timedelta(minutes=rng.randint(2, 300), milliseconds=rng.randint(0, 999))
    messages.reverse()  # newest first, as in the archive
    return {"dmConversation": {"conversationId": f"{ids[0]}-{ids[1]}", "messages": messages}}


def render_meta(ctx: ExportContext) -> dict[str, bytes]:
    """``social/meta/inbox/<thread>/message_1.json`` for each Messenger thread."""
    rng = ctx.rng("meta")
    files: dict[str, bytes] = {}
    emoji_done = False
    for person in ctx.population.in_source("meta"):
        shown = (
            person.full_name
            if rng.random() < 0.6
            else f"{person.informal_given} {person.family_name}"
        )
        folder = f"{ascii_fold(shown).lower()}_{rng.randint(1_000_000_000, 9_999_999_999)}"
        thread_path = f"inbox/{folder}"
        ctx.truth.add("meta", thread_path, person.entity_id)
        start = _moment(rng, person, datetime(2020, 1, 1))
        lines = [
            (
                shown,
                f"Hi! Do you still have the {rng.choice(_ITEMS)} in stock?",
            ),
            (BRAND_NAME, "Hi there! Yes we do, online and at all four stores."),
            (shown, "Perfect, I'll pick one up this weekend."),
        ]
        if not emoji_done or rng.random() < 0.3:
            lines.append((shown, "Thank you so much!! 😍🏕️"))
            emoji_done = True
        messages = []
        moment = start
        for sender, content in lines:
            messages.append(
                {
                    "sender_name": mojibake(sender),
                    "timestamp_ms": int((moment - datetime(1970, 1, 1)).total_seconds() * 1000),
                    "content": mojibake(content),
                    "is_geoblocked_for_viewer": False,
                }
            )
            moment += timedelta(minutes=rng.randint(1, 240), milliseconds=rng.randint(0, 999))
        messages.reverse()  # Messenger exports list the newest message first
        thread = {
            "participants": [{"name": mojibake(shown)}, {"name": BRAND_NAME}],
            "messages": messages,
            "title": mojibake(shown),
            "is_still_participant": True,
            "thread_path": thread_path,
            "magic_words": [],
        }
        files[f"{thread_path}/message_1.json"] = json.dumps(thread, indent=2).encode("ascii")
    return files


def _object_id(rng: random.Random, moment: datetime) -> str:
    seconds = int((moment - datetime(1970, 1, 1)).total_seconds())
    return f"{seconds:08x}{rng.getrandbits(64):016x}"


def render_social_inbox(ctx: ExportContext) -> bytes:
    """``social/social-inbox.csv``: one row per inbound message, UTF-8, CRLF."""
    rng = ctx.rng("social_inbox")
    rows: list[list[str]] = [list(SOCIAL_INBOX_HEADER)]
    messages: list[tuple[datetime, list[str]]] = []
    conversation = 880_000
    quoted_done = False
    for person in ctx.population.in_source("social_inbox"):
        media = ["whatsapp", "sms", "facebook", "instagram"]
        if person.twitter_handle:
            media.append("twitter")
        chosen = rng.sample(media, rng.choice([1, 1, 2]))
        for medium in chosen:
            profile_moment = _moment(rng, person, datetime(2021, 6, 1))
            profile_id = _object_id(rng, profile_moment)
            ctx.truth.add("social_inbox", profile_id, person.entity_id)
            primary, secondary, channel = _inbox_identity(rng, person, medium)
            for _ in range(rng.choice([1, 2])):
                conversation += rng.randint(1, 300)
                moment = profile_moment
                orders = ctx.orders.get(person.entity_id, ["#1100"])
                for template in rng.sample(_INBOX_MESSAGES, rng.randint(1, 4)):
                    text = template.format(order=orders[-1])
                    if not quoted_done:
                        text = (
                            'Hi, quick question: the "Trailhead 40L", does it fit carry-on?'
                            f"\nThanks, {person.informal_given}"
                        )
                        quoted_done = True
                    messages.append(
                        (
                            moment,
                            [
                                str(conversation),
                                medium,
                                channel,
                                BRAND_NAME,
                                profile_id,
                                primary,
                                secondary,
                                moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                text,
                            ],
                        )
                    )
                    moment += timedelta(minutes=rng.randint(1, 90))
                profile_moment += timedelta(days=rng.randint(3, 200))
    messages.sort(key=lambda m: (m[0], m[1][4]))
    rows += [row for _, row in messages]
    return csv_text(rows, lineterminator="\r\n").encode("utf-8")


def _inbox_identity(rng: random.Random, person: Person, medium: str) -> tuple[str, str, str]:
    name = _display_name(rng, person)
    if medium == "twitter":
        assert person.twitter_handle
        return "@" + person.twitter_handle, name, "@" + BRAND_HANDLE
    if medium == "instagram":
        handle = (
            ascii_fold(person.informal_given).lower() + "." + ascii_fold(person.family_name).lower()
        )
        return (
            "@" + handle + rng.choice(["", "_", str(rng.randint(1, 99))]),
            name,
            "@northwindoutfitters",
        )
    if medium == "facebook":
        return str(rng.randint(2_000_000_000_000_000, 9_999_999_999_999_999)), name, BRAND_PAGE_ID
    if medium == "whatsapp":
        return f"+1{person.mobile}", name if rng.random() < 0.8 else "", BRAND_NUMBER
    return phone(person.mobile, rng.choice(["e164", "paren"])), "", BRAND_NUMBER
