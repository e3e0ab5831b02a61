"""The family copy as a PDF, drawn by WeasyPrint from the same template the page uses
(decision 0020). WeasyPrint needs Pango from the system (the Dockerfile and
scripts/ensure-test-deps.sh install it), so it is imported only when a PDF is asked for."""

from pathlib import Path

from django.template.loader import render_to_string

STYLESHEET = Path(__file__).resolve().parent / "pdf.css"


class PdfUnavailable(Exception):
    """WeasyPrint cannot load here: not installed, or Pango is missing from the system."""


def _no_fetching(url: str, *args, **kwargs):
    """The copy is drawn from its text alone: nothing in it may make the server fetch a URL."""
    raise ValueError("The family copy loads no outside resources")


def family_copy_pdf(context: dict) -> bytes:
    """A tagged PDF (PDF/UA) of the copy in `context`, as family/selectors.family_copy builds it."""
    try:
        from weasyprint import CSS, HTML  # needs Pango at import: see the docstring
    except (ImportError, OSError) as missing:  # not installed, or no Pango for it to load
        raise PdfUnavailable(str(missing)) from missing

    html = render_to_string("family/pdf.html", context)
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant="pdf/ua-1"
    )
