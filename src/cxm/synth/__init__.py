"""Deterministic synthetic departmental exports with ground truth.

One fictional business (Northwind Outfitters, an outdoor-gear retailer) and its customers, shown
the way each department's tool exports them: HubSpot and Salesforce (sales), Shopify (commerce),
Zendesk (support), X/Twitter, Facebook Messenger and a social inbox (social) and an in-house
loyalty programme (retail). ``truth.csv`` says which person every identity record really is.

:func:`render_sample` / :func:`write_sample` build the small, trap-laden sample set person by
person; :mod:`cxm.synth.bulk` builds large exports column-wise for benchmarks.
"""

from __future__ import annotations

from cxm.synth.population import Person, Population, generate_population
from cxm.synth.sample import render_sample, write_sample

__all__ = ["Person", "Population", "generate_population", "render_sample", "write_sample"]
