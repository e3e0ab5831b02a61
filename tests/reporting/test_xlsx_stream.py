"""The workbook writer keeps every cell as given, whatever characters it holds (decision 0023)."""

import io
import zipfile

from openpyxl import load_workbook

from reporting.xlsx_stream import xlsx_stream_write


def written(rows: list[list]) -> bytes:
    target = io.BytesIO()
    xlsx_stream_write(target, [("List", rows)])
    return target.getvalue()


def sheet_xml(workbook: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(workbook)) as package:
        return package.read("xl/worksheets/sheet1.xml").decode()


def test_text_that_looks_like_excels_own_escape_is_escaped_so_excel_shows_it_as_typed() -> None:
    # Excel writes a character XML cannot hold as _xHHHH_ and reads every _xHHHH_ back as one, so
    # "_x0041_" typed into a request must go in as _x005F_x0041_ or Excel would show "A".
    xml = sheet_xml(written([["Ref _x0041_ and _x000d_", "bell \x07 here", "plain_x text"]]))
    assert "Ref _x005F_x0041_ and _x005F_x000d_" in xml
    assert "bell _x0007_ here" in xml and "plain_x text" in xml


def test_markup_formulas_and_spaces_read_back_as_text() -> None:
    typed = ["<b>&amp;</b>", "=SUM(A1:A2)", "  padded  "]
    rows = list(load_workbook(io.BytesIO(written([typed, [1, None, 2.5]])), read_only=True)["List"].values)
    assert rows == [tuple(typed), (1, None, 2.5)]
    assert "<f>" not in sheet_xml(written([typed]))  # a formula typed in stays text
