"""The bilateral brief on a dyad: self-contained HTML, PDF or Markdown (docs/brief.md)."""

from comity.report.analyses import Analysis
from comity.report.brief import (
    BriefData,
    build_brief,
    render_html,
    render_markdown,
    write_brief,
)

__all__ = ["Analysis", "BriefData", "build_brief", "render_html", "render_markdown",
           "write_brief"]
