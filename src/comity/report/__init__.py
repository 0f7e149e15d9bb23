"""The bilateral brief: a self-contained HTML report on a dyad (docs/brief.md)."""

from comity.report.brief import BriefData, build_brief, render_html, write_brief, write_pdf
from comity.report.sources import Analysis

__all__ = ["Analysis", "BriefData", "build_brief", "render_html", "write_brief", "write_pdf"]
