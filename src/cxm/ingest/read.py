"""Reading export files into raw string tables: encodings, dialects, footers and JSON shapes.

Every reader returns a :class:`RawTable`: one row per input record with all values as strings
(or lists of strings for JSON arrays), plus ``__row`` (1-based data row) and ``__line`` (1-based
physical line where the row starts). Records that cannot even be delimited (wrong field count,
invalid JSON) are returned in ``problems`` instead, so that every input record is accounted for.
A CSV file may have several header rows (survey exports put the question text and an import id
under the column names): the first names the columns, all of them are kept in
:attr:`RawTable.header`, and data rows are numbered from the first row after them.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from cxm.errors import UnreadableFileError

ROW = "__row"
LINE = "__line"
RAW = "__raw"
POS = "__pos"
PROBLEM_SCHEMA = {"row": pl.Int64, "line": pl.Int64, "reason": pl.String, "raw": pl.String}
_DELIMITERS = (",", ";", "\t", "|")


@dataclass
class RawTable:
    """An input file as a table of strings, with the records that could not be parsed."""

    frame: pl.DataFrame
    problems: pl.DataFrame
    rows_read: int
    meta: dict[str, Any] = field(default_factory=dict)
    arrow: pa.Table | None = None
    """For CSV: every parsed row with every column; ``frame[POS]`` indexes it."""
    header: tuple[tuple[str, ...], ...] = ()
    """For CSV: the header rows as written (``options.header_rows`` of them), one value per
    column of :attr:`arrow`, whose column names are the first row de-duplicated."""

    def release_values(self) -> None:
        """Drop the frame's value columns once mapped, when the raw rows live elsewhere.

        The bookkeeping columns stay (and the raw text, in ``__raw`` or :attr:`arrow`), so that
        quarantined rows can still be shown as they were read.
        """
        if self.arrow is not None or RAW in self.frame.columns:
            self.frame = self.frame.select(c for c in self.frame.columns if c.startswith("__"))

    def raw_rows(self, rows: pl.DataFrame) -> pl.DataFrame:
        """``__row`` and the raw input row as JSON text (``raw``), for the given ``__row`` values."""
        wanted = self.frame.join(rows.select(ROW).unique(), on=ROW, how="semi")
        if RAW in wanted.columns:
            return wanted.select(ROW, pl.col(RAW).alias("raw"))
        if self.arrow is None or POS not in wanted.columns:
            data = [c for c in wanted.columns if not c.startswith("__")]
            return wanted.select(ROW, pl.struct(data).struct.json_encode().alias("raw"))
        taken = pl.from_arrow(self.arrow.take(pa.array(wanted.get_column(POS).to_numpy())))
        assert isinstance(taken, pl.DataFrame)
        return pl.DataFrame(
            {
                ROW: wanted.get_column(ROW),
                "raw": taken.select(pl.struct(pl.all()).struct.json_encode()).to_series(),
            }
        )

    @property
    def columns(self) -> list[str]:
        """Data columns (without the bookkeeping ones)."""
        return [c for c in self.frame.columns if not c.startswith("__")]


def _problems(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=PROBLEM_SCHEMA)


# --- text -----------------------------------------------------------------------------------


def decode(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Decode file bytes: UTF-8 (with or without BOM), else cp1252, unless ``encoding`` is forced."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as err:
            msg = f"{path}: cannot decode as {encoding}: {err}"
            raise UnreadableFileError(msg) from err
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five bytes undefined; latin-1 maps them rather than failing the file.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def strip_footer(text: str, pattern: str | None) -> tuple[str, int]:
    """Cut a report footer: from the blank line before the first line matching ``pattern`` to the end.

    Returns the text without the footer and the number of physical lines removed.
    """
    if not pattern:
        return text, 0
    match = re.search(r"(?:\r?\n)[ \t]*\r?\n(?=" + pattern + ")", text, flags=re.MULTILINE)
    if match is None:
        match = re.search(r"(?:\r?\n)(?=" + pattern + ")", text, flags=re.MULTILINE)
    if match is None:
        return text, 0
    body, footer = text[: match.start() + 1], text[match.start() + 1 :]
    if body.endswith("\r"):
        body += "\n"
        footer = footer[1:]
    return body, footer.count("\n") + (0 if footer.endswith("\n") else 1)


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header line into the most fields (quotes respected)."""
    best, best_count = ",", 0
    for delimiter in _DELIMITERS:
        try:
            fields = next(csv.reader([header_line], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        if len(fields) > best_count:
            best, best_count = delimiter, len(fields)
    return best


def _header(text: str, delimiter: str, rows: int = 1) -> tuple[list[list[str]], int]:
    """The first ``rows`` records, and how many newlines they span (physical lines - 1).

    Fewer records come back when the text holds fewer.
    """
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[list[str]] = []
    for record in reader:
        records.append(record)
        if len(records) == rows:
            break
    if not records:
        return [], 0
    return records, reader.line_num - 1


def _dedupe_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for raw in names:
        name = raw.strip() or "column"
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if count == 0 else f"{name} ({count + 1})")
    return out


def first_line(text: str) -> str:
    """The first physical line of ``text``."""
    end = text.find("\n")
    return (text if end < 0 else text[:end]).rstrip("\r")


def csv_columns(text: str, delimiter: str | None = None) -> list[str]:
    """Header of a CSV text, for connector detection."""
    records, _ = _header(text, delimiter or sniff_delimiter(first_line(text)))
    return _dedupe_names(records[0]) if records else []


def read_csv_text(
    text: str,
    path: Path,
    *,
    delimiter: str | None = None,
    footer_lines: int = 0,
    header_rows: int = 1,
) -> RawTable:
    """Parse CSV text into a :class:`RawTable` (see :func:`read_csv_bytes`)."""
    return read_csv_bytes(
        text.encode("utf-8"), path, delimiter=delimiter, encoding="utf-8", header_rows=header_rows
    )


_HEAD_BYTES = 1 << 20


def head_text(data: bytes, encoding: str | None = None) -> str:
    """The first megabyte of a file, decoded, for sniffing and headers (a cut character is dropped)."""
    head = data[:_HEAD_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    for candidate in [encoding] if encoding else ["utf-8", "cp1252", "latin-1"]:
        try:
            return codecs.getincrementaldecoder(candidate)().decode(
                head, final=len(data) <= _HEAD_BYTES
            )
        except (UnicodeDecodeError, LookupError):
            continue
    return head.decode("latin-1")


def _strip_footer_bytes(data: bytes, pattern: str | None) -> tuple[bytes, int]:
    """:func:`strip_footer` on the last 64 KiB of raw bytes (footers are short)."""
    if not pattern:
        return data, 0
    offset = max(0, len(data) - (1 << 16))
    tail = data[offset:].decode("latin-1")
    kept, removed = strip_footer(tail, pattern)
    if not removed:
        return data, 0
    return data[: offset + len(kept)], removed


def read_csv_bytes(
    data: bytes,
    path: Path,
    *,
    delimiter: str | None = None,
    footer: str | None = None,
    encoding: str | None = None,
    columns: Collection[str] | None = None,
    header_rows: int = 1,
) -> RawTable:
    """Parse CSV bytes into a :class:`RawTable`.

    UTF-8 (BOM or not) is parsed as is; anything else (cp1252 by default, or the forced
    ``encoding``) is transcoded first. Quoted newlines, CRLF, any of ``, ; tab |`` delimiters;
    records with the wrong number of fields go to ``problems`` with their physical line. Blank
    records carry no data and are only counted. ``footer`` is a regex of a report footer's first
    line: it, the blank line before it and the rest of the file are not data. ``columns`` limits
    the frame to the columns a connector reads (the raw rows keep every column).
    ``header_rows`` records head the file: the first names the columns, the others (question
    texts, import ids...) are kept in :attr:`RawTable.header` and are not data; ``__row`` counts
    from the first record after them and ``__line`` stays the physical line.
    """
    used = encoding or "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data, used = data[3:], "utf-8-sig"
    if used not in ("utf-8", "utf-8-sig"):
        data = decode(data, path, used)[0].encode("utf-8")
    data, footer_lines = _strip_footer_bytes(data, footer)
    head = head_text(data, "utf-8" if encoding is None or used.startswith("utf-8") else None)
    delimiter = delimiter or sniff_delimiter(first_line(head))
    records, header_newlines = _header(head, delimiter, header_rows)
    if not records:
        msg = f"{path}: the file is empty (no header row)"
        raise UnreadableFileError(msg)
    if len(records) < header_rows:
        msg = (
            f"{path}: expected {header_rows} header rows (options.header_rows), "
            f"found {len(records)} rows in the file"
        )
        raise UnreadableFileError(msg)
    names = _dedupe_names(records[0])
    header = tuple(tuple((r + [""] * len(names))[: len(names)]) for r in records)
    # Arrow skips physical lines, not records: skipping the lines the header records span keeps
    # a quoted newline in a question text from shifting every row.
    skip = header_newlines + 1
    try:
        table, invalid = _parse_csv(data, path, names, delimiter, skip=skip, threads=True)
    except UnreadableFileError:
        if encoding is not None or used != "utf-8":
            raise
        # Not UTF-8 after all (exports from Windows tools are cp1252): start again on the
        # transcoded text, so that the header is read in the right encoding too.
        text, used = decode(data, path)
        again = read_csv_bytes(
            text.encode("utf-8"),
            path,
            delimiter=delimiter,
            encoding="utf-8",
            columns=columns,
            header_rows=header_rows,
        )
        again.meta.update(encoding=used, footer_lines=footer_lines)
        return again
    if any(number is None for number, _ in invalid):
        # Threaded parsing cannot number bad records; parse again on one thread to place them.
        table, invalid = _parse_csv(data, path, names, delimiter, skip=skip, threads=False)
    # Arrow numbers a record by the lines skipped plus its position; the header block is
    # ordinal 1, so the first data record is 2 however many lines the header spans.
    numbered = [
        (int(number) - header_newlines, text) for number, text in invalid if number is not None
    ]
    # Physical lines only need counting when some record spans several lines.
    spans_lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1) != (
        1 + header_newlines + table.num_rows + len(numbered)
    )
    result = _account_csv(
        table, numbered, header_newlines, footer_lines, delimiter, spans_lines, columns
    )
    result.meta["encoding"] = used
    result.header = header
    return result


def _parse_csv(
    data: bytes, path: Path, names: list[str], delimiter: str, *, skip: int, threads: bool
) -> tuple[pa.Table, list[tuple[int | None, str]]]:
    invalid: list[tuple[int | None, str]] = []

    def on_invalid(row: Any) -> str:
        invalid.append((row.number, str(row.text)))
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(
                use_threads=threads, column_names=names, skip_rows=skip, block_size=1 << 24
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException) as err:
        msg = f"{path}: not a readable CSV file: {err}"
        raise UnreadableFileError(msg) from err
    return table, invalid


def _account_csv(
    table: pa.Table,
    invalid: list[tuple[int, str]],
    header_newlines: int,
    footer_lines: int,
    delimiter: str,
    spans_lines: bool = True,
    columns: Collection[str] | None = None,
) -> RawTable:
    """Give every parsed record its data row and physical line; split off blank records.

    The work is done on the Arrow table, and only ``columns`` (all when None) become the polars
    frame: wide exports carry many columns no mapping reads. The whole table is kept in
    :attr:`RawTable.arrow` for the raw text of quarantined rows.
    """
    n_valid = table.num_rows
    invalid.sort()
    total_records = n_valid + len(invalid)
    # Record ordinals (1 = header) of the parsed rows: every ordinal not taken by an invalid record.
    ordinals = np.arange(2, total_records + 2, dtype=np.int64)
    if invalid:
        taken = np.array([n for n, _ in invalid], dtype=np.int64)
        ordinals = ordinals[~np.isin(ordinals, taken)]
    embedded = np.zeros(total_records + 2, dtype=np.int64)
    if n_valid and spans_lines:
        # Only columns that hold a newline somewhere need counting (notes, streets).
        counts = np.zeros(n_valid, dtype=np.int64)
        for column in table.columns:
            if pc.any(pc.match_substring(column, "\n")).as_py():
                counts += pc.fill_null(pc.count_substring(column, "\n"), 0).to_numpy()
        embedded[ordinals] = counts
    for number, text in invalid:
        embedded[number] = text.count("\n")
    embedded[1] = header_newlines
    # A record starts one line after the previous one ended.
    spans = 1 + embedded
    spans[0] = 0
    starts = np.cumsum(spans) - spans + 1
    blank = np.ones(n_valid, dtype=bool)
    for column in table.columns:
        blank &= pc.is_null(column).to_numpy(zero_copy_only=False)
    keep = [c for c in table.column_names if columns is None or c in columns]
    frame = pl.from_arrow(table.select(keep))
    assert isinstance(frame, pl.DataFrame)
    frame = frame.with_columns(
        pl.Series(ROW, ordinals - 1, dtype=pl.Int64),
        pl.Series(LINE, starts[ordinals], dtype=pl.Int64),
        pl.Series(POS, np.arange(n_valid), dtype=pl.Int64),
    ).filter(pl.Series(~blank))
    problems = _problems(
        [
            {
                "row": number - 1,
                "line": int(starts[number]),
                "reason": _field_count_reason(text, table.num_columns, delimiter),
                "raw": text,
            }
            for number, text in invalid
        ]
    )
    return RawTable(
        frame=frame,
        problems=problems,
        rows_read=frame.height + problems.height,
        meta={"blank_rows": int(blank.sum()), "footer_lines": footer_lines, "delimiter": delimiter},
        arrow=table,
    )


def _field_count_reason(text: str, expected: int, delimiter: str) -> str:
    try:
        found = len(next(csv.reader(io.StringIO(text), delimiter=delimiter)))
    except (csv.Error, StopIteration):
        found = -1
    if text.count('"') % 2:
        return f"unbalanced quotes: expected {expected} fields"
    return f"expected {expected} fields, found {found}"


# --- JSON -----------------------------------------------------------------------------------


def _flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            if value:
                out.update(_flatten(value, name + "."))
        elif isinstance(value, list):
            if not value:
                # An empty array says nothing, and typing it as a list would depend on the data.
                continue
            if all(not isinstance(v, (dict, list)) for v in value):
                out[name] = [_scalar(v) for v in value]
            else:
                out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = _scalar(value)
    return out


def _scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)


def records_frame(records: list[tuple[int, int, Any]], path: Path) -> RawTable:
    """Turn parsed JSON records ``(row, line, object)`` into a :class:`RawTable`.

    Objects are flattened to dotted column names (``via.channel``); arrays of scalars become lists
    of strings; arrays of objects stay JSON text for a hook to unpack. Anything but an object is a
    problem record.
    """
    flat: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    for row, line, obj in records:
        raw = json.dumps(obj, ensure_ascii=False)
        if not isinstance(obj, dict):
            problems.append({"row": row, "line": line, "reason": "not a JSON object", "raw": raw})
            continue
        item = _flatten(obj)
        item[ROW], item[LINE], item[RAW] = row, line, raw
        flat.append(item)
    list_cols: set[str] = set()
    names: dict[str, None] = {}
    for item in flat:
        for key, value in item.items():
            names.setdefault(key, None)
            if isinstance(value, list):
                list_cols.add(key)
    schema: dict[str, pl.DataType] = {
        name: pl.List(pl.String) if name in list_cols else pl.String() for name in names
    }
    schema[ROW], schema[LINE] = pl.Int64(), pl.Int64()
    if list_cols:
        for item in flat:
            for key in list_cols:
                value = item.get(key)
                if value is not None and not isinstance(value, list):
                    item[key] = [value]
    if not flat:
        frame = pl.DataFrame(schema={ROW: pl.Int64, LINE: pl.Int64, RAW: pl.String})
        return RawTable(frame=frame, problems=_problems(problems), rows_read=len(problems))
    frame = pl.DataFrame(flat, schema=schema)
    frame = frame.select([*(c for c in names if c not in (ROW, LINE, RAW)), ROW, LINE, RAW])
    return RawTable(frame=frame, problems=_problems(problems), rows_read=len(flat) + len(problems))


def parse_json_records(
    text: str, path: Path, records_path: str | None = None
) -> tuple[list[tuple[int, int, Any]], list[dict[str, Any]]]:
    """Records of a JSON document (array, ``{"key": [...]}``) or of NDJSON, with their row and line."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            doc: Any = json.loads(text)
        except json.JSONDecodeError:
            doc = None
        if isinstance(doc, list):
            return [(i, i, obj) for i, obj in enumerate(doc, start=1)], []
    if stripped.startswith("{"):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            doc = None
        if isinstance(doc, dict):
            found = _records_in(doc, records_path)
            if found is not None:
                return [(i, i, obj) for i, obj in enumerate(found, start=1)], []
            if records_path is None:
                return [(1, 1, doc)], []
            msg = f"{path}: no array at key {records_path!r}; keys found: {', '.join(doc)}"
            raise UnreadableFileError(msg)
    return _ndjson(text, path)


def _records_in(doc: dict[str, Any], records_path: str | None) -> list[Any] | None:
    if records_path is not None:
        value: Any = doc
        for part in records_path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value if isinstance(value, list) else None
    # An API page ({"tickets": [...], "next_page": ..., "count": ...}): the one array of objects.
    arrays = [v for v in doc.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
    return arrays[0] if len(arrays) == 1 else None


def _ndjson(text: str, path: Path) -> tuple[list[tuple[int, int, Any]], list[dict[str, Any]]]:
    records: list[tuple[int, int, Any]] = []
    problems: list[dict[str, Any]] = []
    row = 0
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        row += 1
        try:
            records.append((row, line_no, json.loads(line)))
        except json.JSONDecodeError as err:
            problems.append(
                {"row": row, "line": line_no, "reason": f"invalid JSON: {err.msg}", "raw": line}
            )
    if not records and problems:
        msg = f"{path}: not JSON or NDJSON (line 1: {problems[0]['reason']})"
        raise UnreadableFileError(msg)
    return records, problems


def read_json_text(text: str, path: Path, records_path: str | None = None) -> RawTable:
    """Parse a JSON array / object-with-array / NDJSON text into a :class:`RawTable`."""
    records, problems = parse_json_records(text, path, records_path)
    table = records_frame(records, path)
    if problems:
        table.problems = pl.concat([table.problems, _problems(problems)])
        table.rows_read += len(problems)
    return table


_JS_ASSIGNMENT = re.compile(r"^\s*window\.(YTD\.[\w.]+)\s*=\s*", re.ASCII)


def js_assignment(text: str) -> str | None:
    """The ``YTD.tweets.part0`` name of an X/Twitter archive ``.js`` file, or None."""
    match = _JS_ASSIGNMENT.match(text)
    return match.group(1) if match else None


def read_twitter_js_text(text: str, path: Path) -> RawTable:
    """An X/Twitter archive part (``window.YTD.<name>.partN = [ ... ]``) as records."""
    match = _JS_ASSIGNMENT.match(text)
    if match is None:
        msg = f"{path}: not an X/Twitter archive file (no 'window.YTD.<name> = [' prefix)"
        raise UnreadableFileError(msg)
    body = text[match.end() :].rstrip().rstrip(";")
    try:
        doc = json.loads(body)
    except json.JSONDecodeError as err:
        msg = f"{path}: the archive's JSON is invalid at line {err.lineno}: {err.msg}"
        raise UnreadableFileError(msg) from err
    if not isinstance(doc, list):
        msg = f"{path}: expected a JSON array after {match.group(1)} ="
        raise UnreadableFileError(msg)
    return records_frame([(i, i, obj) for i, obj in enumerate(doc, start=1)], path)


Reader = Callable[[str, Path], RawTable]
