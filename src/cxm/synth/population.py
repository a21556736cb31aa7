"""The synthetic people behind every export: their true identity and the traps they carry.

A :class:`Person` is the ground truth: the name on their driver's licence, every email and phone
they really use, where they live now and where they lived before, the household they belong to,
and which departments know them. The export modules then show each person the way one silo would,
with that silo's habits and mistakes; the truth file maps every resulting record back to
:attr:`Person.entity_id`.

Examples
--------
>>> from cxm.synth.population import generate_population
>>> pop = generate_population(50, seed=7)
>>> len(pop.people), pop.people[0].entity_id
(50, 'P0001')
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from cxm.synth import vocabulary as voc
from cxm.synth.formats import EXPORT_DATE

SOURCES: Final[tuple[str, ...]] = (
    "hubspot",
    "salesforce",
    "shopify",
    "zendesk",
    "twitter",
    "meta",
    "social_inbox",
    "loyalty",
)
"""Departments a person can be known to (Shopify covers both the customer and order exports)."""

_MEMBERSHIP: Final[dict[str, float]] = {
    "hubspot": 0.55,
    "salesforce": 0.35,
    "shopify": 0.62,
    "zendesk": 0.42,
    "loyalty": 0.30,
    "social_inbox": 0.14,
}
_FICTIONAL_LINES: Final[tuple[str, ...]] = tuple(f"01{n:02d}" for n in range(100))
TWITTER_ID_FLOAT_LIMIT: Final[int] = 2**53
"""Ids above this lose digits when a reader turns them into floats."""


@dataclass(frozen=True, slots=True)
class Address:
    """A US postal address."""

    number: str
    street: str
    street_type: str
    street_type_long: str
    unit: str
    city: str
    state: str
    state_name: str
    zip: str

    def line1(self, *, long_type: bool = False) -> str:
        """Street line, e.g. ``1420 Juniper Ave`` (or ``Avenue``)."""
        kind = self.street_type_long if long_type else self.street_type
        return f"{self.number} {self.street} {kind}"

    def street_line(self, *, long_type: bool = False, sep: str = " ") -> str:
        """Street line with the unit appended, e.g. ``1420 Juniper Ave Apt 3B``."""
        line = self.line1(long_type=long_type)
        return f"{line}{sep}{self.unit}" if self.unit else line


@dataclass(slots=True)
class Person:
    """One real customer and everything true about them."""

    entity_id: str
    given_name: str
    family_name: str
    gender: str
    nickname: str | None
    personal_email: str
    work_email: str | None
    employer: str | None
    job_title: str | None
    mobile: str
    landline: str | None
    address: Address
    previous_address: Address | None
    birthdate: date | None
    twitter_handle: str | None
    twitter_id: str | None
    household: str | None
    since: date
    sources: set[str] = field(default_factory=set)

    @property
    def full_name(self) -> str:
        """Formal full name, e.g. ``Robert Jones``."""
        return f"{self.given_name} {self.family_name}"

    @property
    def informal_given(self) -> str:
        """The name the person signs emails with: the nickname if they have one."""
        return self.nickname or self.given_name

    @property
    def emails(self) -> list[str]:
        """Every address the person really uses, personal first."""
        return [self.personal_email] + ([self.work_email] if self.work_email else [])

    @property
    def phones(self) -> list[str]:
        """Every 10-digit number the person answers, mobile first."""
        return [self.mobile] + ([self.landline] if self.landline else [])


@dataclass(slots=True)
class Population:
    """All people of one synthetic business, in entity-id order."""

    seed: int
    people: list[Person]

    def in_source(self, source: str) -> list[Person]:
        """People known to ``source`` (one of :data:`SOURCES`), in entity-id order."""
        return [p for p in self.people if source in p.sources]

    def households(self) -> dict[str, list[Person]]:
        """Household id to its members (2 to 4 people sharing an address and landline)."""
        out: dict[str, list[Person]] = {}
        for person in self.people:
            if person.household:
                out.setdefault(person.household, []).append(person)
        return out

    def by_id(self) -> dict[str, Person]:
        """Entity id to person."""
        return {p.entity_id: p for p in self.people}


def ascii_fold(text: str) -> str:
    """Strip accents, keep letters and digits: ``O'Brien`` → ``OBrien``, ``Zoë`` → ``Zoe``."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = folded.replace("ß", "ss").replace("Å", "A").replace("å", "a")
    return re.sub(r"[^A-Za-z0-9]", "", folded)


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs], k=1)[0]


class _Allocator:
    """Hands out identifiers that must be unique across the population."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        self.handles: set[str] = set()
        self.twitter_ids: set[str] = set()

    def phone(self, area_codes: Sequence[str]) -> str:
        all_codes = [c for city in voc.CITIES for c in city[4]]
        for attempt in range(400):
            codes = area_codes if attempt < 200 else all_codes
            number = self.rng.choice(codes) + "555" + self.rng.choice(_FICTIONAL_LINES)
            if number not in self.phones:
                self.phones.add(number)
                return number
        msg = "ran out of fictional 555-01XX numbers; lower the population size"
        raise RuntimeError(msg)

    def email(self, candidates: Iterable[str]) -> str:
        for candidate in candidates:
            if candidate not in self.emails:
                self.emails.add(candidate)
                return candidate
        msg = "no unique email candidate"
        raise RuntimeError(msg)

    def handle(self, candidates: Iterable[str]) -> str:
        for candidate in candidates:
            cleaned = re.sub(r"[^A-Za-z0-9_]", "", candidate)[:15]
            if len(cleaned) >= 4 and cleaned.lower() not in self.handles:
                self.handles.add(cleaned.lower())
                return cleaned
        msg = "no unique handle candidate"
        raise RuntimeError(msg)

    def twitter_id(self, *, large: bool) -> str:
        while True:
            if large:
                value = self.rng.randint(1_100_000_000_000_000_000, 1_850_000_000_000_000_000)
            else:
                value = self.rng.randint(12_000_000, 3_200_000_000)
            text = str(value)
            if text not in self.twitter_ids:
                self.twitter_ids.add(text)
                return text


def _personal_email(rng: random.Random, alloc: _Allocator, given: str, family: str) -> str:
    g, f = ascii_fold(given).lower(), ascii_fold(family).lower()
    domain = _weighted(rng, voc.PERSONAL_DOMAINS)
    yy = rng.randint(60, 99) if rng.random() < 0.5 else rng.randint(1, 25)
    patterns = [
        f"{g}.{f}",
        f"{g}{f}",
        f"{g[0]}{f}",
        f"{g}.{f}{yy:02d}",
        f"{g}_{f}",
        f"{f}.{g}",
        f"{g}{f}{rng.randint(1, 999)}",
        f"{g}{yy:02d}",
    ]
    first = rng.choices(patterns[:6], weights=[5, 3, 3, 2, 1, 1], k=1)[0]
    fallbacks = [f"{g}.{f}{n}" for n in range(2, 99)]
    candidates = [first, *patterns, *fallbacks]
    return alloc.email(f"{local}@{domain}" for local in candidates)


def _address(
    rng: random.Random, city: tuple[str, str, str, tuple[str, ...], tuple[str, ...]]
) -> Address:
    street_type, street_type_long = rng.choice(voc.STREET_TYPES)
    unit = ""
    if rng.random() < 0.18:
        unit = rng.choice(["Apt ", "Unit ", "#", "Apt "]) + rng.choice(
            [str(rng.randint(1, 40)), f"{rng.randint(1, 9)}{rng.choice('ABCD')}"]
        )
    return Address(
        number=str(
            rng.choice([rng.randint(10, 999), rng.randint(1000, 9999), rng.randint(100, 3999)])
        ),
        street=rng.choice(voc.STREET_NAMES),
        street_type=street_type,
        street_type_long=street_type_long,
        unit=unit,
        city=city[0],
        state=city[1],
        state_name=city[2],
        zip=rng.choice(city[3]),
    )


def _handle_candidates(rng: random.Random, given: str, family: str) -> list[str]:
    g, f = ascii_fold(given), ascii_fold(family)
    n = rng.randint(2, 99)
    options = [
        f"{g}{f}",
        f"{g[0]}{f}_hikes",
        f"{g.lower()}_outdoors",
        f"trail{g}{n}",
        f"{g}On{rng.choice(['Trail', 'Peaks', 'Rock', 'Snow'])}",
        f"{f}{g[0]}{n}",
        f"{g.lower()}{f.lower()}{n}",
    ]
    rng.shuffle(options)
    return options + [f"{g}{f}{k}" for k in range(1, 500)]


def generate_population(n: int = 200, seed: int = 42) -> Population:
    """Draw ``n`` people deterministically from ``seed``.

    Always includes the planted accented names and the namesakes (several different people called
    James Smith or Maria Garcia); about one person in eight lives in a 2-4 person household that
    shares an address and landline.

    Parameters
    ----------
    n
        Number of people; at least 30 so that every trap can be planted.
    seed
        Seed of the random draws: the same seed always gives the same people.

    Examples
    --------
    >>> pop = generate_population(40, seed=1)
    >>> sum(1 for p in pop.people if p.family_name == "Smith" and p.given_name == "James")
    3
    """
    if n < 30:
        msg = f"a population needs at least 30 people to plant every trap, got {n}"
        raise ValueError(msg)
    rng = random.Random(f"cxm-synth:{seed}:population")
    alloc = _Allocator(rng)

    planted: list[tuple[str, str, str]] = [
        (given, family, gender)
        for given, family, gender, count in voc.NAMESAKES
        for _ in range(count)
    ]
    planted += list(voc.PLANTED_NAMES)
    slots: list[tuple[str, str, str] | None] = [None] * n
    for index, planted_spec in zip(rng.sample(range(n), len(planted)), planted, strict=True):
        slots[index] = planted_spec

    # Households: disjoint groups of 2-4 slots; the first slot of a group is its head.
    household_of: dict[int, str] = {}
    order = rng.sample(range(n), n)
    cursor = 0
    for number in range(1, max(2, n // 17) + 1):
        size = rng.choice([2, 2, 2, 3, 3, 4])
        for index in order[cursor : cursor + size]:
            household_of[index] = f"H{number:03d}"
        cursor += size
    household_home: dict[str, tuple[Address, str, str]] = {}
    household_names: dict[str, set[str]] = {}
    namesake_keys = {(g, f) for g, f, _, _ in voc.NAMESAKES}

    people: list[Person] = []
    for index in range(n):
        household = household_of.get(index)
        spec = slots[index]
        if spec is not None:
            given, family, gender = spec
        else:
            gender = rng.choice(["f", "m"])
            names = voc.FEMALE_NAMES if gender == "f" else voc.MALE_NAMES
            given = rng.choice(sorted(names))
            family = rng.choice(voc.LAST_NAMES)
            if household and household in household_home and rng.random() < 0.7:
                family = household_home[household][2]
            taken = household_names.get(household or "", set())
            while given in taken or (given, family) in namesake_keys:
                given = rng.choice(sorted(names))
        nicknames = (voc.FEMALE_NAMES | voc.MALE_NAMES).get(given, ())
        nickname = rng.choice(nicknames) if nicknames and rng.random() < 0.45 else None
        if (given, family) in namesake_keys:
            nickname = None  # namesakes keep the shared name everywhere: that is the trap

        city = rng.choice(voc.CITIES)
        if household and household in household_home:
            address, landline_home, _ = household_home[household]
            landline: str | None = landline_home
        else:
            address = _address(rng, city)
            landline = alloc.phone(city[4]) if household or rng.random() < 0.15 else None
            if household:
                household_home[household] = (address, landline or "", family)
        if household:
            household_names.setdefault(household, set()).add(given)

        area_codes = next(
            c[4] for c in voc.CITIES if c[0] == address.city and c[1] == address.state
        )
        mobile = alloc.phone(area_codes)
        personal_email = _personal_email(rng, alloc, given, family)
        work_email = employer = job_title = None
        if rng.random() < 0.24:
            employer, domain = rng.choice(voc.EMPLOYERS)
            g, f = ascii_fold(given).lower(), ascii_fold(family).lower()
            work_email = alloc.email(
                [f"{g}.{f}@{domain}", f"{g[0]}{f}@{domain}", f"{g}{f[0]}@{domain}"]
                + [f"{g}.{f}{k}@{domain}" for k in range(2, 50)]
            )
            job_title = rng.choice(voc.JOB_TITLES)

        previous_address = None
        if not household and rng.random() < 0.14:
            previous_address = _address(rng, rng.choice(voc.CITIES))

        birthdate = None
        if rng.random() < 0.5:
            birthdate = date(1948, 1, 1) + timedelta(days=rng.randint(0, 57 * 365))

        twitter_handle = twitter_id = None
        if rng.random() < 0.22:
            twitter_handle = alloc.handle(_handle_candidates(rng, given, family))
            twitter_id = alloc.twitter_id(large=rng.random() < 0.5)

        since = EXPORT_DATE - timedelta(days=rng.randint(20, 7 * 365))
        person = Person(
            entity_id=f"P{index + 1:04d}",
            given_name=given,
            family_name=family,
            gender=gender,
            nickname=nickname,
            personal_email=personal_email,
            work_email=work_email,
            employer=employer,
            job_title=job_title,
            mobile=mobile,
            landline=landline,
            address=address,
            previous_address=previous_address,
            birthdate=birthdate,
            twitter_handle=twitter_handle,
            twitter_id=twitter_id,
            household=household,
            since=since,
        )
        person.sources = _memberships(rng, person, namesake=(given, family) in namesake_keys)
        people.append(person)

    _ensure_meta(rng, people)
    return Population(seed=seed, people=people)


def _memberships(rng: random.Random, person: Person, *, namesake: bool) -> set[str]:
    sources = {name for name, p in _MEMBERSHIP.items() if rng.random() < p}
    if person.twitter_handle and rng.random() < 0.85:
        sources.add("twitter")
    if namesake:
        # Namesakes must collide somewhere for the trap to bite.
        sources |= {"hubspot", "shopify"}
    if len(sources) < 2 and rng.random() < 0.9:
        sources.add(rng.choice(["shopify", "hubspot", "zendesk", "loyalty"]))
    if not sources:
        sources.add("shopify")
    return sources


def _ensure_meta(rng: random.Random, people: list[Person]) -> None:
    """Give a handful of people (always including José) a Facebook Messenger thread."""
    wanted = max(4, len(people) // 30)
    chosen = [p for p in people if p.given_name in {"José", "Zoë"}]
    others = [p for p in people if p not in chosen]
    chosen += rng.sample(others, max(0, wanted - len(chosen)))
    for person in chosen:
        person.sources.add("meta")
