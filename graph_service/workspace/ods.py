"""OpenDocument spreadsheets (.ods, LibreOffice's format) for uploads: read with python-calamine and handed to the
importers as the same workbook in .xlsx form (sheet names, text, numbers and dates kept), so every mapping that
reads Excel reads ODS too without a reader of its own."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineError, CalamineWorkbook

from graph_service.core.errors import InputError, Location


def ods_as_xlsx(path: Path) -> Path:
    """``path`` (.ods) rewritten as ``<same name>.xlsx`` next to it; InputError when it is no spreadsheet."""
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]
    except (CalamineError, ValueError, OSError) as exc:
        raise InputError(
            f"Die ODS-Datei lässt sich nicht lesen: {exc}",
            f"the ODS file cannot be read: {exc}",
            where=Location(file=path.name),
        ) from exc
    out = Workbook()
    out.remove(out.active)
    for name, rows in sheets:
        sheet = out.create_sheet(name)
        for row in rows:
            sheet.append([None if value == "" else value for value in row])
    target = path.with_suffix(".xlsx")
    out.save(target)
    return target
