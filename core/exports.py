"""Downloads as CSV or XLSX (tablib), safe to open in a spreadsheet."""

import tablib
from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection): one quote more
    before a formula's first character, and before quotes that precede one, so that
    our import, which takes one quote off such a cell, reads back what was typed
    ("'=1" typed comes back "'=1", not "=1")."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.lstrip("'").startswith(FORMULA_STARTS) else text


def dataset_response(name: str, dataset: tablib.Dataset, file_format: str = "csv"):
    """A download of `dataset` as CSV (UTF-8 with a BOM, so that spreadsheet programs
    read it as such) or XLSX. Its text cells must be neutralised already, once
    (`safe_cell`: in XLSX a string beginning with "=" would be written as a formula;
    twice, a typed "'=1" would not come back as typed): `programme.exchange`'s
    resources and `csv_response` do it."""
    safe = dataset
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{file_format}"'
    if file_format == "csv":
        response.write("\ufeff")
        response.write(safe.export("csv"))
    else:
        response.write(safe.export("xlsx"))
    return response


def csv_response(name: str, header: list[str], rows) -> HttpResponse:
    """A CSV download of plain rows (`dataset_response`)."""
    safe = [[safe_cell(v) if isinstance(v, str) else v for v in row] for row in rows]
    return dataset_response(name, tablib.Dataset(*safe, headers=header))
