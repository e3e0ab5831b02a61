"""Write an XML return element by element as the rows arrive, so a county's year is never
held in memory whole. A thin layer over the standard library's SAX writer that adds the
indentation people expect when they open the file."""

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import TextIO
from xml.sax.saxutils import XMLGenerator

INDENT = "  "


class XmlStream:
    def __init__(self, out: TextIO) -> None:
        self._xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
        self._depth = 0

    def start_document(self) -> None:
        self._xml.startDocument()

    def end_document(self) -> None:
        self._xml.ignorableWhitespace("\n")
        self._xml.endDocument()

    def _newline(self) -> None:
        self._xml.ignorableWhitespace("\n" + INDENT * self._depth)

    @contextlib.contextmanager
    def element(self, name: str) -> Iterator[None]:
        """An element holding other elements."""
        self._newline()
        self._xml.startElement(name, {})
        self._depth += 1
        yield
        self._depth -= 1
        self._newline()
        self._xml.endElement(name)

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
            text = str(value)
        self._newline()
        self._xml.startElement(name, {})
        self._xml.characters(text)
        self._xml.endElement(name)
