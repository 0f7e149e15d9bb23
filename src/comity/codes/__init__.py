"""Event code tables: CAMEO (QuadClass, pentacode, Goldstein) and PLOVER 2.0, with crosswalks.

Tables ship as package data under ``codes/data``; loaders read them once (``lru_cache``).
Codes are always strings with leading zeros (``"040"``).  Country tables live in
``comity.codes.countries`` (import that module directly).

Names are imported on first use, so that importing ``comity.codes.countries`` alone
(the command line's fast path does) does not load the event code tables.
"""

from importlib import import_module

_CAMEO = {"CameoCode", "UnknownCodeError", "all_codes", "cameo_info", "gdelt_quad_class",
          "goldstein", "is_cameo_code", "normalize_code", "pentacode", "quad_class"}

__all__ = [
    "PLOVER_TYPES",
    "CameoCode",
    "PloverMapping",
    "PloverType",
    "UnknownCodeError",
    "all_codes",
    "cameo_for",
    "cameo_info",
    "codes_for",
    "contexts",
    "gdelt_quad_class",
    "goldstein",
    "is_cameo_code",
    "legacy_names",
    "modes",
    "normalize_code",
    "normalize_type",
    "pentacode",
    "plover_from_cameo",
    "plover_type_info",
    "quad_class",
    "quad_class_of_type",
]


def __getattr__(name: str):
    if name in __all__:
        module = "comity.codes.cameo" if name in _CAMEO else "comity.codes.plover"
        return getattr(import_module(module), name)
    raise AttributeError(f"module 'comity.codes' has no attribute {name!r}")
