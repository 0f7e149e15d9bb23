"""ACLED (Armed Conflict Location & Event Data) CSV exports.

Documented columns: event_id_cnty, event_date, year, time_precision,
disorder_type, event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2,
assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, country,
admin1, admin2, admin3, location, latitude, longitude, geo_precision, source,
source_scale, notes, fatalities, tags, timestamp (older exports differ a little;
columns are matched by name).  ACLED codes no CAMEO: event/sub-event types are
mapped to the nearest CAMEO code (table below); actor countries come from the
actor name ("Military Forces of Pakistan (2018-)", "Protesters (Pakistan)");
the place is location/admin1/country with the ISO numeric code -> ISO3.
``notes`` (ACLED's one-line description) is kept as the event's sentence.
"""

from __future__ import annotations

REQUIRED = ["event_id_cnty", "event_date", "event_type", "actor1", "country"]

#: (event_type, sub_event_type or None) -> CAMEO code.
CAMEO_MAP = {
    ("battles", None): "190",
    ("explosions/remote violence", None): "183",
    ("explosions/remote violence", "air/drone strike"): "195",
    ("explosions/remote violence", "shelling/artillery/missile attack"): "194",
    ("violence against civilians", None): "180",
    ("violence against civilians", "abduction/forced disappearance"): "181",
    ("violence against civilians", "sexual violence"): "1821",
    ("protests", None): "141",
    ("protests", "excessive force against protesters"): "175",
    ("riots", None): "145",
    ("strategic developments", None): None,
    ("strategic developments", "agreement"): "057",
    ("strategic developments", "arrests"): "173",
    ("strategic developments", "looting/property destruction"): "171",
    ("strategic developments", "non-violent transfer of territory"): "0874",
    ("strategic developments", "headquarters or base established"): "150",
    ("strategic developments", "disrupted weapons use"): "175",
}
_INTER = {
    "1": "MIL", "state forces": "MIL", "2": "REB", "rebel group": "REB",
    "3": "UAF", "political militia": "UAF", "4": "UAF", "identity militia": "UAF",
    "5": "CVL", "rioters": "CVL", "6": "CVL", "protesters": "CVL", "7": "CVL",
    "civilians": "CVL", "8": "IGO", "external/other forces": "IGO",
}


def required_header(first_lines: list[str]) -> list[str]:
    """The header as found, if it has the columns comity needs (else the required list)."""
    if not first_lines:
        return REQUIRED
    got = [c.strip().strip('"') for c in first_lines[0].lstrip("\ufeff").split(",")]
    return got if all(r in got for r in REQUIRED) else REQUIRED


def date_format(first_lines: list[str]) -> str:
    """ACLED writes ISO dates now ("2023-02-16"), "16 February 2023" in older exports."""
    import re

    sample = first_lines[1] if len(first_lines) > 1 else ""
    return "%Y-%m-%d" if re.search(r"(^|,)\"?\d{4}-\d{2}-\d{2}\"?(,|$)", sample) else "%d %B %Y"


def column_types(header: list[str]) -> dict[str, str]:
    types = {"latitude": "DOUBLE", "longitude": "DOUBLE", "event_date": "DATE"}
    return {h: types.get(h, "VARCHAR") for h in header}


def _col(name: str) -> str:
    return f'r."{name}"'


def _country_from_actor(col: str) -> str:
    a = f"coalesce({col}, '')"
    return (
        f"lower(trim(coalesce(nullif(regexp_extract({a}, ' of ([^()]+?)\\s*(\\(|$)', 1), ''), "
        f"nullif(regexp_extract({a}, '\\(([^()]+)\\)\\s*$', 1), ''))))"
    )


def _cameo_sql() -> str:
    et, st = "lower(trim(r.event_type))", "lower(trim(coalesce(r.sub_event_type, '')))"
    whens = []
    for (e, s), code in sorted(CAMEO_MAP.items(), key=lambda kv: kv[0][1] is None):
        val = f"'{code}'" if code else "NULL"
        cond = f"{et} = '{e}'" + (f" AND {st} = '{s}'" if s else "")
        whens.append(f"WHEN {cond} THEN {val}")
    return "CASE " + " ".join(whens) + " END"


def _sector(col: str) -> str:
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _INTER.items())
    return f"CASE lower(trim(CAST({col} AS VARCHAR))) {whens} END"


def event_select(header: list[str]) -> str:
    has = set(header)
    c = lambda n, t="VARCHAR": _col(n) if n in has else f"NULL::{t}"  # noqa: E731
    date = "r.event_date"
    return f"""
        {date} AS date,
        CASE {c('time_precision')} WHEN '1' THEN 'day' WHEN '2' THEN 'month'
            WHEN '3' THEN 'approximate' ELSE 'day' END AS date_precision,
        r.actor1 AS source_text, r.actor1 AS source_name,
        a1.iso3 AS source_country, {_sector(c('inter1'))} AS source_sector,
        {c('actor2')} AS target_text, {c('actor2')} AS target_name,
        a2.iso3 AS target_country, {_sector(c('inter2'))} AS target_sector,
        lc.plover_type, lc.plover_mode, lc.context,
        lc.code AS cameo,
        lc.quad_class, lc.pentacode, lc.goldstein,
        coalesce(lc.domain, '') AS domains,
        'asserted' AS status,
        nullif(concat_ws(', ', {c('location')}, {c('admin1')}, r.country), '') AS location_name,
        coalesce(num.iso3, nl.iso3) AS location_country,
        {c('latitude', 'DOUBLE')} AS lat, {c('longitude', 'DOUBLE')} AS lon,
        NULL::DOUBLE AS confidence,
        NULL AS doc_id, {c('notes')} AS sentence, NULL::INTEGER AS "start", NULL::INTEGER AS "end",
        'acled' AS extractor, 'acled' AS dataset,
        r.event_id_cnty AS source_event_id,
        NULL AS url,
        1 AS num_mentions"""


def event_joins(header: list[str]) -> str:
    iso = "r.iso" if "iso" in header else "NULL"
    return f"""
        LEFT JOIN _comity_cameo lc ON lc.code = {_cameo_sql()}
        LEFT JOIN _comity_names a1 ON a1.name = {_country_from_actor('r.actor1')}
        LEFT JOIN _comity_names a2 ON a2.name = {_country_from_actor('r.actor2')}
        LEFT JOIN _comity_numeric num ON num.code = CAST(try_cast({iso} AS INTEGER) AS VARCHAR)
        LEFT JOIN _comity_names nl ON nl.name = lower(trim(r.country))"""


def names_sql(source: str) -> str:
    """Distinct candidate country names in a file (resolved once, then joined);
    ``source`` is a read_csv expression over the file."""
    return (
        "SELECT DISTINCT x FROM (SELECT unnest(["
        f"{_country_from_actor('actor1')}, {_country_from_actor('actor2')}, lower(trim(country))]) AS x "
        f"FROM {source} r)"
    )
