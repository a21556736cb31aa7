"""Build the whole sample data set: every export plus ``truth.csv``, as bytes or on disk.

Examples
--------
>>> from cxm.synth.sample import render_sample
>>> files = render_sample(people=40, seed=3)
>>> "truth.csv" in files and "sales/hubspot-contacts.csv" in files
True
"""

from __future__ import annotations

import shutil
from pathlib import Path

from cxm.synth.commerce import render_shopify
from cxm.synth.crm import render_hubspot, render_salesforce
from cxm.synth.feedback import render_qualtrics, render_surveymonkey
from cxm.synth.formats import write_atomic
from cxm.synth.population import generate_population
from cxm.synth.retail import render_loyalty
from cxm.synth.social import render_meta, render_social_inbox, render_twitter
from cxm.synth.support import render_zendesk
from cxm.synth.truth import ExportContext

META_INBOX = "social/meta/inbox"


def render_sample(people: int = 200, seed: int = 42) -> dict[str, bytes]:
    """Every sample file, keyed by its path relative to ``sample_data/``.

    The result depends only on ``people`` and ``seed``: the same arguments give byte-identical
    files on every run and machine.
    """
    ctx = ExportContext(population=generate_population(people, seed))
    files: dict[str, bytes] = {}
    files["sales/hubspot-contacts.csv"] = render_hubspot(ctx)
    # Order matters: later exports reuse ids and orders registered by earlier ones.
    files["sales/salesforce-contacts.csv"] = render_salesforce(ctx)
    orders, customers = render_shopify(ctx)
    files["commerce/shopify-orders.csv"] = orders
    files["commerce/shopify-customers.csv"] = customers
    users, tickets, tickets_2023 = render_zendesk(ctx)
    files["support/zendesk-users.json"] = users
    files["support/zendesk-tickets.json"] = tickets
    files["support/zendesk-tickets-2023.csv"] = tickets_2023
    for name, data in render_twitter(ctx).items():
        files[f"social/twitter/data/{name}"] = data
    for path, data in render_meta(ctx).items():
        files[f"social/meta/{path}"] = data
    files["social/social-inbox.csv"] = render_social_inbox(ctx)
    files["retail/loyalty-members.csv"] = render_loyalty(ctx)
    files["feedback/qualtrics-responses.csv"] = render_qualtrics(ctx)
    files["feedback/surveymonkey-responses.csv"] = render_surveymonkey(ctx)
    files["truth.csv"] = ctx.truth.render()
    return files


def write_sample(out_dir: Path, people: int = 200, seed: int = 42) -> dict[str, int]:
    """Write :func:`render_sample` under ``out_dir``; return each file's size in bytes.

    Messenger thread folders left over from an earlier run with other arguments are removed, so
    the folder always holds exactly one data set.
    """
    files = render_sample(people, seed)
    inbox = out_dir / META_INBOX
    if inbox.is_dir():
        keep = {Path(p).parent.name for p in files if p.startswith(META_INBOX + "/")}
        for folder in inbox.iterdir():
            if folder.is_dir() and folder.name not in keep and (folder / "message_1.json").exists():
                shutil.rmtree(folder)
    for relative, data in files.items():
        write_atomic(out_dir / relative, data)
    return {relative: len(data) for relative, data in sorted(files.items())}
