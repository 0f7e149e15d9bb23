"""Printing the HTML brief to PDF: headless Chromium through Playwright, else WeasyPrint.

Chromium prints exactly what a browser shows (the inline SVG charts included).  Set
``COMITY_CHROMIUM`` to a Chromium binary, or let Playwright use the browser that
``playwright install chromium`` put in its cache.  Both are optional: ``pip install
'comity[pdf]'`` brings Playwright.
"""

from __future__ import annotations

import os
from pathlib import Path


class PdfUnavailable(RuntimeError):
    """No way to print a PDF here; the message says what to install."""


HOW = ("PDF output needs a headless Chromium: pip install 'comity[pdf]' and then "
       "'playwright install chromium', or set COMITY_CHROMIUM to a Chromium binary")


def print_pdf(html_path: str | os.PathLike, pdf_path: str | os.PathLike) -> Path:
    """Print ``html_path`` to ``pdf_path`` (A4, backgrounds on) and return the PDF's path."""
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return _weasyprint(html_path, pdf_path)
    executable = os.environ.get("COMITY_CHROMIUM") or None
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable,
                                        args=["--no-sandbox", "--headless=new"])
            try:
                page = browser.new_page()
                page.goto(html_path.as_uri(), wait_until="load")
                page.pdf(path=str(pdf_path), format="A4", print_background=True,
                         margin={"top": "14mm", "bottom": "14mm", "left": "12mm",
                                 "right": "12mm"})
            finally:
                browser.close()
    except Error as exc:
        try:
            return _weasyprint(html_path, pdf_path)
        except PdfUnavailable:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "failed"
            raise PdfUnavailable(f"{HOW} (Chromium: {first})") from exc
    return pdf_path


def _weasyprint(html_path: Path, pdf_path: Path) -> Path:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(HOW) from exc
    weasyprint.HTML(filename=str(html_path)).write_pdf(str(pdf_path))
    return pdf_path
