"""Analyst exports of the published customer view: profiles, identity map, timeline, traits.

One module per concern, in the order data flows: :mod:`~cxm.export.datasets` (what each
dataset's rows are, read from the store in batches), :mod:`~cxm.export.write` (Parquet and CSV
bytes, atomic files) and :mod:`~cxm.export.job` (one snapshot into a file or a stream). The
columns are documented in ``schemas/export_*.v1.json``.
"""

from __future__ import annotations

from cxm.export.datasets import DATASETS, Dataset, dataset, read_dataset
from cxm.export.job import ExportReport, ExportStream, export_file, open_stream
from cxm.export.write import FORMATS, MEDIA_TYPES, arrow_schema, csv_schema, format_for

__all__ = [
    "DATASETS",
    "FORMATS",
    "MEDIA_TYPES",
    "Dataset",
    "ExportReport",
    "ExportStream",
    "arrow_schema",
    "csv_schema",
    "dataset",
    "export_file",
    "format_for",
    "open_stream",
    "read_dataset",
]
