"""POLECAT (PLOVER-coded, Dataverse weekly/yearly files): tab-separated with a header.

Columns are matched by name (case, spaces and underscores ignored), so the
documented layout -- Event ID, Event Date, Event Type, Event Mode, Event
Intensity, Quad Code, Contexts, Actor Name, Actor Country, Primary Actor Sector,
..., Recipient Name, Recipient Country, Primary Recipient Sector, ..., Placename,
City, State, Country, Latitude, Longitude, ..., Source, Publication Date, Story
ID, Headline -- and its variants all read.  Countries are ISO3 codes or names;
PLOVER type/mode come straight from the file, the CAMEO code is the crosswalk's
representative code for the type; the first context gives the domain.
"""

from __future__ import annotations

from comity.codes import plover
from comity.sources.errors import DatasetError

POLECAT_COLUMNS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
    "Contexts", "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector",
    "Actor Sectors", "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name",
    "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City",
    "State", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
    "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
    "Story Locations", "Language", "Version",
]
REQUIRED = ("event id", "event date", "event type")

#: PLOVER context -> comity domain (one table, in comity.codes.plover).
CONTEXT_DOMAINS = plover.CONTEXT_DOMAINS
_TYPES = {"event date": "DATE", "event intensity": "DOUBLE", "latitude": "DOUBLE",
          "longitude": "DOUBLE"}


def norm(name: str) -> str:
    return " ".join(name.strip().strip('"').lower().replace("_", " ").split())


def column_types(header: list[str]) -> dict[str, str]:
    names = [norm(h) for h in header]
    missing = [r for r in REQUIRED if r not in names]
    if missing:
        raise DatasetError(f"not a polecat file: header lacks {', '.join(missing)}")
    return {h.strip(): _TYPES.get(norm(h), "VARCHAR") for h in header}


def _col(header: list[str], name: str, cast: str | None = None) -> str:
    for h in header:
        if norm(h) == name:
            q = h.strip().replace('"', '""')
            return f'r."{q}"'
    return f"NULL::{cast or 'VARCHAR'}"


def event_select(header: list[str]) -> str:
    c = lambda n, t=None: _col(header, n, t)  # noqa: E731
    quad = c("quad code")
    ctx = f"lower(trim(split_part(replace(coalesce({c('contexts')}, ''), ';', ','), ',', 1)))"
    domains = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in CONTEXT_DOMAINS.items())
    return f"""
        {c('event date', 'DATE')} AS date,
        'day' AS date_precision,
        coalesce({c('actor name raw')}, {c('actor name')}) AS source_text,
        {c('actor name')} AS source_name,
        n1.iso3 AS source_country,
        upper(nullif({c('primary actor sector')}, '')) AS source_sector,
        coalesce({c('recipient name raw')}, {c('recipient name')}) AS target_text,
        {c('recipient name')} AS target_name,
        n2.iso3 AS target_country,
        upper(nullif({c('primary recipient sector')}, '')) AS target_sector,
        upper(trim({c('event type')})) AS plover_type,
        nullif(lower(trim({c('event mode')})), '') AS plover_mode,
        nullif({ctx}, '') AS context,
        pc.cameo AS cameo,
        coalesce(try_cast({quad} AS TINYINT),
                 CASE lower(trim({quad})) WHEN 'verbal cooperation' THEN 1
                   WHEN 'material cooperation' THEN 2 WHEN 'verbal conflict' THEN 3
                   WHEN 'material conflict' THEN 4 END,
                 lc.quad_class) AS quad_class,
        lc.pentacode,
        coalesce({c('event intensity', 'DOUBLE')}, lc.goldstein) AS goldstein,
        coalesce(CASE {ctx} {domains} END, lc.domain, '') AS domains,
        'asserted' AS status,
        coalesce({c('placename')}, nullif(concat_ws(', ', {c('city')}, {c('state')}, {c('country')}), '')) AS location_name,
        nl.iso3 AS location_country,
        {c('latitude', 'DOUBLE')} AS lat,
        {c('longitude', 'DOUBLE')} AS lon,
        NULL::DOUBLE AS confidence,
        NULL AS doc_id, {c('headline')} AS sentence, NULL::INTEGER AS "start", NULL::INTEGER AS "end",
        'polecat' AS extractor,
        'polecat' AS dataset,
        {c('event id')} AS source_event_id,
        {c('url')} AS url,
        1 AS num_mentions"""


def event_joins(header: list[str]) -> str:
    c = lambda n: _col(header, n)  # noqa: E731
    return f"""
        LEFT JOIN _comity_plover pc ON pc.plover_type = upper(trim({c('event type')}))
        LEFT JOIN _comity_cameo lc ON lc.code = pc.cameo
        LEFT JOIN _comity_names n1 ON n1.name = lower(trim({c('actor country')}))
        LEFT JOIN _comity_names n2 ON n2.name = lower(trim({c('recipient country')}))
        LEFT JOIN _comity_names nl ON nl.name = lower(trim({c('country')}))"""
