"""Write a workbook (Office Open XML, .xlsx) sheet by sheet as the rows arrive, so a county's year
is never held in memory whole.

A workbook is a zip of XML parts. Ours holds only what Excel, LibreOffice and openpyxl need to open
it: the parts' types, the workbook and its sheets, and one plain style. Every cell is a number or an
inline string: never a formula, a date worked out from text, or a link. Written as text straight
into the zip, as xml_stream.py writes the census: XlsxWriter's path through each cell (type checks,
dimensions, a tuple per cell, four regular expressions) was most of a 50,000-row list's time
(docs/performance.md, "Exports")."""

import re
import zipfile
from collections.abc import Iterable
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# One font, the two fills every workbook must have, one border, one cell style: Excel's "Normal".
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
# Characters XML 1.0 cannot hold, written as Excel's own escape (_x0007_).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LOOKS_ESCAPED = re.compile("_(x[0-9A-Fa-f]{4}_)")


def _column(index: int) -> str:
    """A column's letters: 0 is A, 25 is Z, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _string(text: str) -> str:
    if "_x" in text:
        # Text that already reads like the escape below is escaped itself (its underscore as _x005F_),
        # as Excel does, or Excel would show "_x0041_" typed into a request as "A".
        text = _LOOKS_ESCAPED.sub(r"_x005F_\1", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<is><t{space}>{escape(text)}</t></is>"


def xlsx_stream_write(target: BinaryIO, sheets: list[tuple[str, Iterable[Iterable]]]) -> None:
    """A workbook of `sheets`, each (name, rows), written to `target`. A row is a list of strings,
    numbers (int or float, not bool) and None (an empty cell). The package's own parts go first,
    [Content_Types].xml leading as other writers put it, then each sheet as its rows arrive."""
    names = [name for name, _ in sheets]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as book:
        for part, text in _package(names).items():
            book.writestr(part, text)
        for n, (_, rows) in enumerate(sheets, start=1):
            with book.open(f"xl/worksheets/sheet{n}.xml", "w") as raw:
                _sheet_write(_Buffered(raw), rows)


def _sheet_write(out: "_Buffered", rows: Iterable[Iterable]) -> None:
    columns: list[str] = []
    out.write(f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>')
    for number, row in enumerate(rows, start=1):
        cells = []
        for index, value in enumerate(row):
            if value is None or value == "":
                continue
            while len(columns) <= index:
                columns.append(_column(len(columns)))
            reference = f"{columns[index]}{number}"
            if type(value) is str:
                cells.append(f'<c r="{reference}" t="inlineStr">{_string(value)}</c>')
            elif type(value) in (int, float):
                cells.append(f'<c r="{reference}"><v>{value!r}</v></c>')
            else:
                raise TypeError(f"A workbook cell holds text or a number, not {type(value).__name__}")
        out.write(f'<row r="{number}">{"".join(cells)}</row>')
    out.write("</sheetData></worksheet>")
    out.flush()


def _package(names: list[str]) -> dict[str, str]:
    """The parts that say what the zip holds and how the sheets hang together."""
    sheets = range(1, len(names) + 1)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_TYPES}.worksheet+xml"/>' for n in sheets
    )
    listed = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>' for n, name in zip(sheets, names, strict=True)
    )
    related = "".join(
        f'<Relationship Id="rId{n}" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in sheets
    )
    styles = f'<Relationship Id="rId{len(names) + 1}" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    return {
        "[Content_Types].xml": (
            f'{_HEAD}<Types xmlns="{_PACKAGE}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_TYPES}.styles+xml"/>{overrides}</Types>'
        ),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_PACKAGE}/relationships">'
            f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>{listed}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_PACKAGE}/relationships">{related}{styles}</Relationships>'
        ),
        "xl/styles.xml": _STYLES,
    }


class _Buffered:
    """Text gathered into about 1 MB before it is compressed: one zip write per row is slow."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw, self._parts, self._size = raw, [], 0

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size > 1 << 20:
            self.flush()

    def flush(self) -> None:
        self._raw.write("".join(self._parts).encode())
        self._parts, self._size = [], 0
