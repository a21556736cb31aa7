"""Feedback exports: a Qualtrics post-purchase survey and a SurveyMonkey satisfaction survey.

Both ask the 0-10 recommend question (NPS), a 5-point satisfaction question (CSAT), one
multiple-choice question with an "Other" text, and a free-text comment, and both export the way
the tools do: Qualtrics with three header rows (column names, question texts, ImportId JSON) and
dates in the survey's time zone; SurveyMonkey with two (question, then answer option) and
``03/05/2024 02:21:09 PM`` dates.

The traps: a contact who answers twice, answers under a work address or a brand-new alias with a
phone, anonymous answers that name nobody, Qualtrics previews and a spam response (not
customers' answers), partial responses with a blank NPS, and detractors' and promoters' comments.
Respondents are drawn from the customers with their own RNG, so the other exports never change.
"""

from __future__ import annotations

import csv
import json
import random
import string
from datetime import datetime, timedelta
from typing import Final

from cxm.synth.formats import EXPORT_DATE, csv_text, phone
from cxm.synth.population import Person, ascii_fold
from cxm.synth.truth import ExportContext

QUALTRICS_ZONE: Final[str] = "America/Denver"
QUALTRICS_META: Final[tuple[tuple[str, str, str], ...]] = (
    ("StartDate", "Start Date", "startDate"),
    ("EndDate", "End Date", "endDate"),
    ("Status", "Response Type", "status"),
    ("IPAddress", "IP Address", "ipAddress"),
    ("Progress", "Progress", "progress"),
    ("Duration (in seconds)", "Duration (in seconds)", "duration"),
    ("Finished", "Finished", "finished"),
    ("RecordedDate", "Recorded Date", "recordedDate"),
    ("ResponseId", "Response ID", "_recordId"),
    ("RecipientLastName", "Recipient Last Name", "recipientLastName"),
    ("RecipientFirstName", "Recipient First Name", "recipientFirstName"),
    ("RecipientEmail", "Recipient Email", "recipientEmail"),
    ("ExternalReference", "External Data Reference", "externalDataReference"),
    ("LocationLatitude", "Location Latitude", "locationLatitude"),
    ("LocationLongitude", "Location Longitude", "locationLongitude"),
    ("DistributionChannel", "Distribution Channel", "distributionChannel"),
    ("UserLanguage", "User Language", "userLanguage"),
)
"""Qualtrics' metadata columns: name, question-text row, import id."""
QUALTRICS_NPS_TEXT: Final[str] = (
    "How likely are you to recommend Northwind Outfitters to a friend or colleague?"
)
QUALTRICS_QUESTIONS: Final[tuple[tuple[str, str, str], ...]] = (
    ("Q1", "Overall, how satisfied are you with your recent purchase?", "QID1"),
    ("Q2", QUALTRICS_NPS_TEXT, "QID2"),
    ("Q2_NPS_GROUP", f"{QUALTRICS_NPS_TEXT} - Group", "QID2_NPS_GROUP"),
    ("Q3", "How did you hear about Northwind Outfitters? - Selected Choice", "QID3"),
    (
        "Q3_4_TEXT",
        "How did you hear about Northwind Outfitters? - Other (please specify) - Text",
        "QID3_4_TEXT",
    ),
    ("Q4", "What is the main reason for your score?", "QID4_TEXT"),
    ("Phone", "Phone", "Phone"),
)
"""The survey's questions and its one embedded-data field (the contact's phone)."""
QUALTRICS_HEADER: Final[tuple[str, ...]] = tuple(
    name for name, _, _ in QUALTRICS_META + QUALTRICS_QUESTIONS
)
QUALTRICS_CSAT: Final[tuple[str, ...]] = (
    "Extremely dissatisfied",
    "Somewhat dissatisfied",
    "Neither satisfied nor dissatisfied",
    "Somewhat satisfied",
    "Extremely satisfied",
)
"""Qualtrics' 5-point satisfaction scale, least satisfied first."""
_HEARD: Final[tuple[str, ...]] = (
    "Friend or family",
    "Social media",
    "Search engine",
    "Other (please specify)",
)
_HEARD_OTHER: Final[tuple[str, ...]] = ("Trail race expo", "REI forum", "Podcast ad", "Magazine")

SURVEYMONKEY_NPS_TEXT: Final[str] = (
    "How likely is it that you would recommend Northwind Outfitters to a friend or colleague?"
)
SURVEYMONKEY_CSAT_TEXT: Final[str] = (
    "Overall, how satisfied or unsatisfied are you with Northwind Outfitters?"
)
SURVEYMONKEY_PRODUCTS: Final[tuple[str, ...]] = (
    "Tents & shelters",
    "Backpacks",
    "Footwear",
    "Apparel",
    "Other (please specify)",
)
SURVEYMONKEY_CONTACT: Final[tuple[str, ...]] = ("Name", "Email Address", "Phone Number")
SURVEYMONKEY_HEADER: Final[tuple[str, ...]] = (
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
    SURVEYMONKEY_NPS_TEXT,
    SURVEYMONKEY_CSAT_TEXT,
    "Which of our products have you bought in the last year?",
    *([""] * (len(SURVEYMONKEY_PRODUCTS) - 1)),
    "Is there anything else you would like to tell us?",
    "May we contact you about your answers? Leave your details (optional).",
    *([""] * (len(SURVEYMONKEY_CONTACT) - 1)),
)
"""Row 1: metadata, then each question's text over its first column (blank over the others)."""
SURVEYMONKEY_OPTIONS: Final[tuple[str, ...]] = (
    *([""] * 9),
    "Response",
    "Response",
    *SURVEYMONKEY_PRODUCTS,
    "Open-Ended Response",
    *SURVEYMONKEY_CONTACT,
)
"""Row 2: blank under the metadata, then "Response", the option labels, "Open-Ended Response"."""
SURVEYMONKEY_CSAT: Final[tuple[str, ...]] = (
    "Very unsatisfied",
    "Unsatisfied",
    "Neutral",
    "Satisfied",
    "Very satisfied",
)
"""The 5-point satisfaction labels, least satisfied first."""
SURVEYMONKEY_EMAIL_COLLECTOR: Final[str] = "431209876"
SURVEYMONKEY_WEB_COLLECTOR: Final[str] = "431215532"

PROTECTED: Final[frozenset[tuple[str, str]]] = frozenset(
    {("Anthony", "Ramirez"), ("Timothy", "Mitchell")}
)
"""People whose exact set of records other tests rely on (the console's and the API's examples)."""

_DETRACTOR: Final[tuple[str, ...]] = (
    "The zipper on my pack broke after two trips and nobody answered my emails for a week.",
    "Order arrived late and the boots were the wrong size. Returns took forever.",
    "Disappointed. The tent leaked in the first rain and customer service was rude.",
    "Too expensive for the quality, and the website kept logging me out at checkout.",
)
_PASSIVE: Final[tuple[str, ...]] = (
    "Good gear, but shipping could be faster.",
    "Fine overall. The store in Boulder was out of my size.",
    "Decent prices, the website is a bit slow.",
)
_PROMOTER: Final[tuple[str, ...]] = (
    "Love my new tent! The staff in Portland were super helpful and friendly.",
    "Great quality boots, fast delivery. I recommend you to all my hiking friends!",
    "Excellent service, the Alpine jacket is amazing. Thank you!",
    "Best outdoor store around, always happy with what I buy.",
)


def _eligible(ctx: ExportContext) -> list[Person]:
    namesakes = {
        (p.given_name, p.family_name)
        for p in ctx.population.people
        if sum(
            1
            for q in ctx.population.people
            if (q.given_name, q.family_name) == (p.given_name, p.family_name)
        )
        > 1
    }
    return [
        p
        for p in ctx.population.people
        if (p.given_name, p.family_name) not in PROTECTED | namesakes
    ]


def _nps(rng: random.Random) -> int:
    return rng.choices(range(11), weights=[1, 1, 1, 2, 2, 3, 4, 8, 10, 12, 10], k=1)[0]


def _comment(rng: random.Random, nps: int | None) -> str:
    if nps is None or rng.random() < 0.35:
        return ""
    pool = _DETRACTOR if nps <= 6 else _PASSIVE if nps <= 8 else _PROMOTER
    return rng.choice(pool)


def _csat_points(rng: random.Random, nps: int | None) -> int:
    base = 3 if nps is None else 1 + round(nps * 0.4)
    return max(1, min(5, base + rng.choice([-1, 0, 0, 1])))


def _moment(rng: random.Random) -> datetime:
    start = datetime(2024, 1, 8, 7, 0)
    span = int((datetime(EXPORT_DATE.year, EXPORT_DATE.month, EXPORT_DATE.day) - start).days)
    day = start + timedelta(days=rng.randint(0, span - 9))
    return day + timedelta(seconds=rng.randint(0, 14 * 3600))


def _ip(rng: random.Random) -> str:
    return f"{rng.choice([24, 50, 67, 71, 73, 98, 172, 174])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


# --- Qualtrics ---------------------------------------------------------------------------------


def _response_id(rng: random.Random) -> str:
    return "R_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(15))


def _qualtrics_row(
    rng: random.Random,
    when: datetime,
    *,
    status: str = "IP Address",
    channel: str = "email",
    recipient: tuple[str, str, str, str] = ("", "", "", ""),
    phone_cell: str = "",
    finished: bool = True,
    nps: int | None = None,
    csat: int | None = None,
    comment: str = "",
) -> list[str]:
    """One response; ``when`` is the local (America/Denver) start time."""
    duration = rng.randint(45, 600)
    end = when + timedelta(seconds=duration)
    # Qualtrics closes an unfinished response a week later; it is recorded then.
    recorded = end if finished else end + timedelta(days=7)
    last, first, email, external = recipient
    heard = rng.choice(_HEARD) if finished else ""
    group = (
        "" if nps is None else "Detractor" if nps <= 6 else "Passive" if nps <= 8 else "Promoter"
    )
    preview = status == "Survey Preview"
    return [
        f"{when:%Y-%m-%d %H:%M:%S}",
        f"{end:%Y-%m-%d %H:%M:%S}",
        status,
        "" if preview else _ip(rng),
        "100" if finished else str(rng.choice([20, 40, 60])),
        str(duration if finished else duration + 7 * 86400),
        "True" if finished else "False",
        f"{recorded:%Y-%m-%d %H:%M:%S}",
        _response_id(rng),
        last,
        first,
        email,
        external,
        "" if preview else f"{rng.uniform(32.5, 47.5):.4f}",
        "" if preview else f"{rng.uniform(-122.9, -97.0):.4f}",
        channel,
        "EN",
        "" if csat is None else QUALTRICS_CSAT[csat - 1],
        "" if nps is None else str(nps),
        group,
        heard,
        rng.choice(_HEARD_OTHER) if heard.startswith("Other") else "",
        comment,
        phone_cell,
    ]


def render_qualtrics(ctx: ExportContext) -> bytes:
    """``feedback/qualtrics-responses.csv``: UTF-8 with BOM, CRLF, three header rows.

    Rows come in the order Qualtrics exports them (by recorded date); two previews from before
    the launch and one spam response are among them.
    """
    rng = ctx.rng("qualtrics")
    buyers = [p for p in _eligible(ctx) if "shopify" in p.sources]
    respondents = rng.sample(buyers, min(24, len(buyers)))
    rows: list[tuple[datetime, list[str], Person | None]] = []
    launch = datetime(2024, 1, 8, 7, 0)
    for days in (3, 2):
        when = launch - timedelta(days=days, hours=rng.randint(0, 6))
        preview = _qualtrics_row(
            rng, when, status="Survey Preview", channel="preview", nps=rng.randint(0, 10), csat=4
        )
        rows.append((when, preview, None))
    for index, person in enumerate(respondents):
        anonymous = index < 2
        answers = 2 if index == 2 else 1  # a contact who answers twice, months apart
        first_time = _moment(rng)
        for answer in range(answers):
            when = first_time + timedelta(days=150 * answer)
            finished = not (index in (5, 11) and answer == 0)
            nps = _nps(rng) if finished else None
            csat = _csat_points(rng, nps) if finished or index == 5 else None
            if anonymous:
                row = _qualtrics_row(
                    rng,
                    when,
                    channel="anonymous",
                    nps=nps,
                    csat=csat,
                    comment=_comment(rng, nps),
                )
                rows.append((when, row, person))
                continue
            email = person.personal_email
            if person.work_email and "hubspot" in person.sources:  # HubSpot lists both
                email = person.work_email if rng.random() < 0.3 else email
            if rng.random() < 0.1:
                email = email.upper()
            external = ctx.salesforce_ids.get(person.entity_id, "") if rng.random() < 0.6 else ""
            given = person.nickname if person.nickname and rng.random() < 0.2 else person.given_name
            phone_cell = (
                phone(person.mobile, rng.choice(["e164", "paren", "dash"]))
                if rng.random() < 0.5
                else ""
            )
            row = _qualtrics_row(
                rng,
                when,
                recipient=(person.family_name, given, email, external),
                phone_cell=phone_cell,
                finished=finished,
                nps=nps,
                csat=csat,
                comment=_comment(rng, nps),
            )
            rows.append((when, row, person))
    spam_at = _moment(rng)
    spam = _qualtrics_row(rng, spam_at, channel="anonymous", nps=10, csat=5)
    spam[2] = "Spam"
    spam[QUALTRICS_HEADER.index("Q4")] = "Best deals!!! visit cheap-gear-outlet dot biz"
    rows.append((spam_at, spam, None))
    rows.sort(key=lambda item: (item[1][QUALTRICS_HEADER.index("RecordedDate")], item[1][8]))
    for _, row, who in rows:
        if who is not None:
            ctx.truth.add("qualtrics", row[QUALTRICS_HEADER.index("ResponseId")], who.entity_id)
    zone = {"ImportId": "", "timeZone": QUALTRICS_ZONE}
    import_ids = []
    for _, _, import_id in QUALTRICS_META + QUALTRICS_QUESTIONS:
        value = (
            {**zone, "ImportId": import_id}
            if import_id in ("startDate", "endDate", "recordedDate")
            else {"ImportId": import_id}
        )
        import_ids.append(json.dumps(value, separators=(",", ":")))
    header = [
        list(QUALTRICS_HEADER),
        [text for _, text, _ in QUALTRICS_META + QUALTRICS_QUESTIONS],
        import_ids,
    ]
    text = csv_text([*header, *(row for _, row, _ in rows)], quoting=csv.QUOTE_MINIMAL)
    return b"\xef\xbb\xbf" + text.encode("utf-8")


# --- SurveyMonkey ------------------------------------------------------------------------------


def _us_time(moment: datetime) -> str:
    return moment.strftime("%m/%d/%Y %I:%M:%S %p")


def render_surveymonkey(ctx: ExportContext) -> bytes:
    """``feedback/surveymonkey-responses.csv``: UTF-8 without BOM, CRLF, two header rows.

    Two collectors: an email invitation (its responses carry the address, names and the last
    order number as custom data) and a web link (anonymous unless the respondent fills in the
    optional contact question). Newest response first, as SurveyMonkey lists them.
    """
    rng = ctx.rng("surveymonkey")
    # People the marketing list knows (HubSpot) get the invitation; anyone may use the web link.
    eligible = _eligible(ctx)
    marketing = [p for p in eligible if "hubspot" in p.sources]
    invited = rng.sample(marketing, min(16, len(marketing)))
    others = [p for p in eligible if p not in invited]
    walk_ins = rng.sample(others, min(12, len(others)))
    respondent = 114_560_000_000
    rows: list[tuple[datetime, list[str], Person]] = []
    for index, person in enumerate([*invited, *walk_ins]):
        start = _moment(rng)
        end = start + timedelta(seconds=rng.randint(40, 900))
        nps = None if index in (4, 20) else _nps(rng)
        csat = None if index == 9 else _csat_points(rng, nps)
        products = [rng.random() < 0.35 for _ in SURVEYMONKEY_PRODUCTS[:-1]]
        other = "Camp stove" if index == 7 else ""
        email_cell = first = last = custom = ""
        contact = ["", "", ""]
        if index < len(invited):
            collector = SURVEYMONKEY_EMAIL_COLLECTOR
            email_cell = person.personal_email
            first = person.nickname if person.nickname and rng.random() < 0.3 else person.given_name
            last = person.family_name
            orders = ctx.orders.get(person.entity_id, [])
            custom = orders[-1] if orders and rng.random() < 0.7 else ""
        else:
            collector = SURVEYMONKEY_WEB_COLLECTOR
            style = (index - len(invited)) % 4
            name = f"{person.informal_given} {person.family_name}"
            mobile = phone(person.mobile, rng.choice(["paren", "dash", "dot", "raw"]))
            if style == 0:  # anonymous: the optional contact question left blank
                contact = ["", "", ""]
            elif style == 1:  # the address they use everywhere else
                contact = [name, person.personal_email, mobile if rng.random() < 0.5 else ""]
            elif style == 2:  # a brand-new alias: only the name and the phone tie it to them
                g, f = ascii_fold(person.informal_given).lower(), ascii_fold(person.family_name)
                contact = [name, f"{g}.{f.lower()}.trails@gmail.com", mobile]
            else:  # the work address, or the personal one in capitals
                address = person.work_email or person.personal_email.upper()
                contact = [name, address, mobile]
        row = [
            "",
            collector,
            _us_time(start),
            _us_time(end),
            _ip(rng),
            email_cell,
            first,
            last,
            custom,
            "" if nps is None else str(nps),
            "" if csat is None else SURVEYMONKEY_CSAT[csat - 1],
            *(
                label if chosen else ""
                for label, chosen in zip(SURVEYMONKEY_PRODUCTS[:-1], products, strict=True)
            ),
            other,
            _comment(rng, nps),
            *contact,
        ]
        rows.append((end, row, person))
    rows.sort(key=lambda item: item[0])
    for _, row, person in rows:
        respondent += rng.randint(1_000, 90_000)
        row[0] = str(respondent)
        ctx.truth.add("surveymonkey", row[0], person.entity_id)
    rows.reverse()
    text = csv_text(
        [SURVEYMONKEY_HEADER, SURVEYMONKEY_OPTIONS, *(row for _, row, _ in rows)],
        quoting=csv.QUOTE_MINIMAL,
    )
    return text.encode("utf-8")
