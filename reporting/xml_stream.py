"""Write an XML return element by element as the rows arrive, so a county's year is never
held in memory whole, indented as people expect when they open the file.

Written as text straight to the file, escaped as the standard library's SAX writer escapes it,
and byte for byte what that writer wrote: going through the SAX writer's five calls per value
was a third of a county's census time (docs/performance.md, "Exports")."""

import datetime as dt
from typing import TextIO
from xml.sax.saxutils import escape

INDENT = "  "
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


class XmlStream:
    def __init__(self, out: TextIO) -> None:
        self._write = out.write
        self._depth = 0
        self._lines = ["\n"]  # "\n" and the indentation, for each depth reached
        self._line = "\n"  # the one for the depth we are at

    def start_document(self) -> None:
        self._write(DECLARATION)

    def end_document(self) -> None:
        self._write("\n")

    def _go_to(self, depth: int) -> None:
        while len(self._lines) <= depth:
            self._lines.append("\n" + INDENT * len(self._lines))
        self._depth, self._line = depth, self._lines[depth]

    def element(self, name: str) -> "_Element":
        """An element holding other elements (`with xml.element(name): ...`)."""
        return _Element(self, name)

    def value(self, name: str, value: object) -> None:
        """An element holding one value; a value that is missing (None or "") leaves the
        element out, as the schema's optional elements expect."""
        if value is None or value == "":
            return
        if type(value) is str:  # most values: checked first, it is the commonest
            text = escape(value)
        elif isinstance(value, bool):
            text = "1" if value else "0"
        elif isinstance(value, dt.date | dt.datetime):
            text = value.isoformat()
        else:
            text = escape(str(value))
        self._write(f"{self._line}<{name}>{text}</{name}>")


class _Element:
    """An open element, closed when its `with` block ends. A class, not a generator-based context
    manager: a county's census opens 140,000 elements, and the generator's overhead was a fifth of
    the writer's time (docs/performance.md, "Exports")."""

    __slots__ = ("_name", "_stream")

    def __init__(self, stream: XmlStream, name: str) -> None:
        self._stream, self._name = stream, name

    def __enter__(self) -> None:
        stream = self._stream
        stream._write(f"{stream._line}<{self._name}>")
        stream._go_to(stream._depth + 1)

    def __exit__(self, kind, value, traceback) -> bool:
        if kind is None:  # as before: an element left by an error is not closed
            stream = self._stream
            stream._go_to(stream._depth - 1)
            stream._write(f"{stream._line}</{self._name}>")
        return False
