"""comity: a measured, evidence-backed picture of how two states relate."""

__version__ = "0.1.0"

from comity.api import Comity, extract, open  # noqa: E402,A004

__all__ = ["Comity", "__version__", "extract", "open"]
