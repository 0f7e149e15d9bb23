"""The bilateral brief on a dyad: self-contained HTML, PDF or Markdown (docs/brief.md)."""

from comity.report.brief import (
    BriefData,
    build_brief,
    render_html,
    render_markdown,
    write_brief,
)
from comity.report.sources import Analysis

__all__ = ["Analysis", "BriefData", "build_brief", "render_html", "render_markdown",
           "write_brief"]
