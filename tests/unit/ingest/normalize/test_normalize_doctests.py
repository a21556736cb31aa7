"""The examples in the normalizers' docstrings run and are right."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["address", "amount", "email", "identifier", "name", "phone", "text", "timestamp"]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    imported = importlib.import_module(f"cxm.ingest.normalize.{module}")
    result = doctest.testmod(imported, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
