"""Logging filters: a refusal is expected traffic, not a fault."""

import logging


class RefusalsOnOneLine(logging.Filter):
    """Drop the traceback Django attaches to a 403 or 404, keeping its one-line message.

    Every refused or missing record would otherwise write dozens of lines that hide real faults,
    and a traceback can carry request details that do not belong in a log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in (403, 404) and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
