"""Write an XML return element by element as the rows arrive, so a county's year is never
held in memory whole, indented as people expect when they open the file.

Written as text straight to the file, escaped as the standard library's SAX writer escapes it,
and byte for byte what that writer wrote: going through the SAX writer's five calls per value
was a third of a county's census time (docs/performance.md, "Exports")."""

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import TextIO
from xml.sax.saxutils import escape

INDENT = "  "
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


class XmlStream:
    def __init__(self, out: TextIO) -> None:
        self._write = out.write
        self._depth = 0
        self._lines = ["\n"]  # "\n" and the indentation, for each depth reached

    def start_document(self) -> None:
        self._write(DECLARATION)

    def end_document(self) -> None:
        self._write("\n")

    def _line(self) -> str:
        while len(self._lines) <= self._depth:
            self._lines.append("\n" + INDENT * len(self._lines))
        return self._lines[self._depth]

    @contextlib.contextmanager
    def element(self, name: str) -> Iterator[None]:
        """An element holding other elements."""
        self._write(f"{self._line()}<{name}>")
        self._depth += 1
        yield
        self._depth -= 1
        self._write(f"{self._line()}</{name}>")

    def value(self, name: str, value: object) -> None:
        """An element holding one value; a value that is missing (None or "") leaves the
        element out, as the schema's optional elements expect."""
        if value is None or value == "":
            return
        if isinstance(value, bool):
            text = "1" if value else "0"
        elif isinstance(value, dt.date | dt.datetime):
            text = value.isoformat()
        else:
            text = escape(str(value))
        self._write(f"{self._line()}<{name}>{text}</{name}>")
