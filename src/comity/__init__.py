"""comity: a measured, evidence-backed picture of how two states relate.

``comity.open(db)`` opens a store, ``comity.extract(text, date=...)`` codes a text.
The API is imported on first use so that the command line starts fast.
"""

__version__ = "0.1.0"

__all__ = ["Comity", "__version__", "extract", "open"]


def __getattr__(name: str):
    if name in ("Comity", "extract", "open"):
        from comity import api

        return getattr(api, name)
    raise AttributeError(f"module 'comity' has no attribute {name!r}")
