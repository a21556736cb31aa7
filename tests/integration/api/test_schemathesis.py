"""schemathesis against the app's own OpenAPI document, over real HTTP to the live server.

Every operation of the served document is called with generated valid and invalid parameters
and bodies, with a key whose scope may use it; no answer may be a server error or break the
response schema the document declares. Operations under ``/v1/customers/{customer_id}`` are also
called with a real customer's id, so generated filters meet real data. Bounded and
derandomized: a run is repeatable.

schemathesis' own pytest integration (``schemathesis.pytest.from_fixture``) does not run under
pytest 9 (it sets ``Node._nodeid``, which pytest 9 removed), so each operation's strategy is
driven with Hypothesis directly and the failures of all operations are reported together.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from live import Api
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.core.failures import FailureGroup

CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = 25
# The scope an operation's tag needs (any other key would only ever meet a 403).
SCOPE_BY_TAG = {"keys": "admin", "exports": "analyst"}


def describe(err: BaseException) -> str:
    """A failure and, for a group, each failure in it (schemathesis explains them well)."""
    if isinstance(err, BaseExceptionGroup):
        return "\n".join(describe(e) for e in err.exceptions)
    return f"{type(err).__name__}: {err}"


def scope_for(operation: Any) -> str:
    tags = operation.tags or ()
    return next((SCOPE_BY_TAG[t] for t in tags if t in SCOPE_BY_TAG), "agent")


def exercise(
    api: Api, operation: Any, mode: GenerationMode, statuses: Counter[int], **fixed: Any
) -> None:
    """Call ``operation`` with generated cases; raise the first failing check's error."""
    headers = api.auth(scope_for(operation))

    @given(case=operation.as_strategy(mode, **fixed))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        response = case.call_and_validate(base_url=api.server.url, headers=headers, checks=CHECKS)
        statuses[response.status_code] += 1

    run()


@pytest.mark.slow
def test_no_server_error_and_no_schema_break(api: Api) -> None:
    schema = schemathesis.openapi.from_url(f"{api.server.url}/openapi.json")
    operations = sorted((r.ok() for r in schema.get_all_operations()), key=lambda o: o.label)
    customer_id = api.frames.tables["customer"].sort("record_count", descending=True)[
        "customer_id"
    ][0]
    assert len(operations) >= 13, [o.label for o in operations]
    failures: list[str] = []

    for operation in operations:
        runs: list[tuple[str, GenerationMode, dict[str, Any]]] = [
            ("positive", GenerationMode.POSITIVE, {}),
        ]
        if list(operation.iter_parameters()) or operation.body:  # something to get wrong
            runs.append(("negative", GenerationMode.NEGATIVE, {}))
        if "{customer_id}" in operation.path:
            fixed = {"path_parameters": {"customer_id": customer_id}}
            runs.append(("positive, real customer", GenerationMode.POSITIVE, fixed))
        statuses: Counter[int] = Counter()
        for name, mode, fixed in runs:
            try:
                exercise(api, operation, mode, statuses, **fixed)
            except (AssertionError, FailureGroup) as err:  # report every operation's failure
                failures.append(f"{operation.label} ({name}): {describe(err)}")
        # The key was accepted: the operation's own code ran, not only the auth check.
        if not set(statuses) - {401, 403}:
            failures.append(f"{operation.label}: only {dict(statuses)}")

    assert not failures, "\n\n".join(failures)
