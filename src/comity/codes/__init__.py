"""Event code tables: CAMEO (QuadClass, pentacode, Goldstein) and PLOVER 2.0, with crosswalks.

Tables ship as package data under ``codes/data``; loaders read them once (``lru_cache``).
Codes are always strings with leading zeros (``"040"``).  Country tables live in
``comity.codes.countries`` (import that module directly).
"""

from comity.codes.cameo import (
    CameoCode,
    UnknownCodeError,
    all_codes,
    cameo_info,
    gdelt_quad_class,
    goldstein,
    is_cameo_code,
    normalize_code,
    pentacode,
    quad_class,
)
from comity.codes.plover import (
    PLOVER_TYPES,
    PloverMapping,
    PloverType,
    cameo_for,
    codes_for,
    contexts,
    legacy_names,
    modes,
    normalize_type,
    plover_from_cameo,
    plover_type_info,
    quad_class_of_type,
)

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
