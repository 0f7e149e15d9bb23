"""ICEWS coded events: tab-separated with a header (Dataverse ``events.YYYY.*.tab``).

Columns: Event ID, Event Date, Source Name, Source Sectors, Source Country, Event
Text, CAMEO Code, Intensity, Target Name, Target Sectors, Target Country, Story
ID, Sentence Number, Publisher, City, District, Province, Country, Latitude,
Longitude.  Countries are names (mapped to ISO3 by the country table, name and
aliases); ``Intensity`` is a Goldstein value; sectors are lists of ICEWS sector
names, reduced to the first matching CAMEO-style sector code (MIL, COP, GOV, ...).
"""

from __future__ import annotations

ICEWS_COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude",
]
_TYPES = {"Event Date": "DATE", "Intensity": "DOUBLE", "Latitude": "DOUBLE", "Longitude": "DOUBLE"}


def column_types() -> dict[str, str]:
    return {c: _TYPES.get(c, "VARCHAR") for c in ICEWS_COLUMNS}


def sector_sql(col: str) -> str:
    """First CAMEO-style sector code found in an ICEWS sector list."""
    c = f'lower(coalesce(r."{col}", \'\'))'
    rules = [
        ("military", "MIL"), ("police", "COP"), ("insurgent", "INS"), ("rebel", "REB"),
        ("judicial", "JUD"), ("legislative", "LEG"), ("executive", "GOV"),
        ("government", "GOV"), ("ministry", "GOV"), ("party", "PTY"), ("business", "BUS"),
        ("media", "MED"), ("education", "EDU"), ("religious", "REL"), ("ngo", "NGO"),
        ("labor", "LAB"), ("refugee", "REF"), ("criminal", "CRM"), ("civilian", "CVL"),
        ("social", "CVL"),
    ]
    whens = " ".join(f"WHEN contains({c}, '{k}') THEN '{v}'" for k, v in rules)
    return f"CASE {whens} ELSE NULL END"


def event_select() -> str:
    return f"""
        r."Event Date" AS date,
        'day' AS date_precision,
        r."Source Name" AS source_text,
        r."Source Name" AS source_name,
        n1.iso3 AS source_country,
        {sector_sql("Source Sectors")} AS source_sector,
        r."Target Name" AS target_text,
        r."Target Name" AS target_name,
        n2.iso3 AS target_country,
        {sector_sql("Target Sectors")} AS target_sector,
        lc.plover_type, lc.plover_mode, lc.context,
        lc.code AS cameo,
        lc.quad_class,
        lc.pentacode,
        coalesce(r."Intensity", lc.goldstein) AS goldstein,
        coalesce(lc.domain, '') AS domains,
        'asserted' AS status,
        nullif(concat_ws(', ', r."City", r."Province", r."Country"), '') AS location_name,
        nl.iso3 AS location_country,
        r."Latitude" AS lat,
        r."Longitude" AS lon,
        NULL::DOUBLE AS confidence,
        NULL AS doc_id, NULL AS sentence, NULL::INTEGER AS "start", NULL::INTEGER AS "end",
        'icews' AS extractor,
        'icews' AS dataset,
        r."Event ID" AS source_event_id,
        'icews:story/' || r."Story ID" || '#' || coalesce(r."Sentence Number", '') AS url,
        1 AS num_mentions"""


def event_joins() -> str:
    return """
        LEFT JOIN _comity_cameo lc ON lc.code = lpad(r."CAMEO Code", CAST(greatest(length(r."CAMEO Code"), 3) AS INTEGER), '0')
        LEFT JOIN _comity_names n1 ON n1.name = lower(trim(r."Source Country"))
        LEFT JOIN _comity_names n2 ON n2.name = lower(trim(r."Target Country"))
        LEFT JOIN _comity_names nl ON nl.name = lower(trim(r."Country"))"""


NAME_COLUMNS = ("Source Country", "Target Country", "Country")

#: ICEWS country names that the country table does not spell that way.
ICEWS_ALIASES = {
    "democratic republic of congo": "COD",
    "the former yugoslav republic of macedonia": "MKD",
    "occupied palestinian territory": "PSE",
    "congo, democratic republic of": "COD",
    "korea, north": "PRK",
    "korea, south": "KOR",
}
