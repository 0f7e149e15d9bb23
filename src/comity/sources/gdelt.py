"""GDELT event files: 1.0 daily/monthly events, 2.0 events exports and 2.0 mentions.

All are tab-separated without a header (``*.export.CSV``, ``*.mentions.CSV``,
plain or zipped).  Column lists follow the GDELT codebooks.  The SQL here maps
a raw row (alias ``r``) to comity's event record; lookup tables (alias ``lc``
CAMEO code, ``c1``/``c2`` actor CAMEO country, ``gl`` action-geo FIPS country)
are joined by :mod:`comity.sources.datasets`.

Mapping (documented in docs/analysis.md):
* actor countries: ``Actor{1,2}CountryCode`` are CAMEO 3-letter codes -> ISO3
  (``ROM`` -> ``ROU``, ...); regions (``AFR``, ``MEA``) have no country (NULL);
* place: ``ActionGeo_*``; the country is FIPS 10-4 -> ISO3 (``RS`` -> ``RUS``);
* sector: ``Actor{1,2}Type1Code`` (GOV, MIL, BUS, ...);
* PLOVER type/mode/context from the CAMEO ``EventCode`` crosswalk; QuadClass,
  pentacode and Goldstein from comity's CAMEO codebook (GDELT's own QuadClass puts
  root 09 and 14 elsewhere; its GoldsteinScale is kept when present);
* provenance: ``GlobalEventID`` -> ``source_event_id``, ``SOURCEURL`` -> ``url``,
  ``NumMentions`` -> ``num_mentions``.
"""

from __future__ import annotations

_ACTOR = [
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
]
_EVENT = [
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
]
_HEAD = ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]


def _geo(prefix: str, adm2: bool) -> list[str]:
    cols = ["Type", "FullName", "CountryCode", "ADM1Code"]
    if adm2:
        cols.append("ADM2Code")
    cols += ["Lat", "Long", "FeatureID"]
    return [f"{prefix}Geo_{c}" for c in cols]


def _events_columns(adm2: bool, url: bool) -> list[str]:
    cols = list(_HEAD)
    cols += [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR] + _EVENT
    for p in ("Actor1", "Actor2", "Action"):
        cols += _geo(p, adm2)
    cols.append("DATEADDED")
    if url:
        cols.append("SOURCEURL")
    return cols


#: GDELT 2.0 events export: 61 columns.
GDELT2_COLUMNS = _events_columns(adm2=True, url=True)
#: GDELT 1.0 daily events since April 2013: 58 columns (no ADM2 codes).
GDELT1_COLUMNS = _events_columns(adm2=False, url=True)
#: GDELT 1.0 historical (before April 2013): 57 columns (no SOURCEURL).
GDELT1_OLD_COLUMNS = _events_columns(adm2=False, url=False)
#: GDELT 2.0 mentions: 16 columns.
MENTIONS_COLUMNS = [
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InSentence", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
]
assert len(GDELT2_COLUMNS) == 61 and len(GDELT1_COLUMNS) == 58 and len(MENTIONS_COLUMNS) == 16

_TYPES = {
    "GlobalEventID": "BIGINT",
    "Day": "DATE",
    "QuadClass": "TINYINT",
    "GoldsteinScale": "DOUBLE",
    "NumMentions": "INTEGER",
    "ActionGeo_Lat": "DOUBLE",
    "ActionGeo_Long": "DOUBLE",
}


def column_types(columns: list[str]) -> dict[str, str]:
    """read_csv column types: the fields comity uses are typed (a bad value rejects the
    row with its line number); the rest are read as text."""
    return {c: _TYPES.get(c, "VARCHAR") for c in columns}


MENTIONS_TYPES = {
    c: t
    for c, t in zip(
        MENTIONS_COLUMNS,
        ["BIGINT", "VARCHAR", "VARCHAR", "TINYINT", "VARCHAR", "VARCHAR", "INTEGER", "INTEGER",
         "INTEGER", "INTEGER", "INTEGER", "DOUBLE", "INTEGER", "DOUBLE", "VARCHAR", "VARCHAR"],
        strict=True,
    )
}


def event_select(dataset: str) -> str:
    """SELECT list mapping raw GDELT row ``r`` (+ lookups) to event fields (no event_id)."""
    url = "nullif(r.SOURCEURL, '')" if dataset != "gdelt1-old" else "NULL"
    ds = "gdelt1" if dataset.startswith("gdelt1") else dataset
    return f"""
        r.Day AS date,
        'day' AS date_precision,
        nullif(r.Actor1Name, '') AS source_text,
        nullif(r.Actor1Name, '') AS source_name,
        c1.iso3 AS source_country,
        nullif(r.Actor1Type1Code, '') AS source_sector,
        nullif(r.Actor2Name, '') AS target_text,
        nullif(r.Actor2Name, '') AS target_name,
        c2.iso3 AS target_country,
        nullif(r.Actor2Type1Code, '') AS target_sector,
        lc.plover_type, lc.plover_mode, lc.context,
        r.EventCode AS cameo,
        coalesce(lc.quad_class, r.QuadClass) AS quad_class,
        lc.pentacode,
        coalesce(r.GoldsteinScale, lc.goldstein) AS goldstein,
        coalesce(lc.domain, '') AS domains,
        'asserted' AS status,
        nullif(r.ActionGeo_FullName, '') AS location_name,
        gl.iso3 AS location_country,
        r.ActionGeo_Lat AS lat,
        r.ActionGeo_Long AS lon,
        NULL::DOUBLE AS confidence,
        NULL AS doc_id, NULL AS sentence, NULL::INTEGER AS "start", NULL::INTEGER AS "end",
        '{ds}' AS extractor,
        '{ds}' AS dataset,
        CAST(r.GlobalEventID AS VARCHAR) AS source_event_id,
        {url} AS url,
        r.NumMentions AS num_mentions"""


def event_joins() -> str:
    return """
        LEFT JOIN _comity_cameo lc ON lc.code = r.EventCode
        LEFT JOIN _comity_cameo_country c1 ON c1.code = r.Actor1CountryCode
        LEFT JOIN _comity_cameo_country c2 ON c2.code = r.Actor2CountryCode
        LEFT JOIN _comity_fips gl ON gl.code = r.ActionGeo_CountryCode"""


def mentions_select() -> str:
    return """
        'gdelt2' AS dataset,
        CAST(r.GlobalEventID AS VARCHAR) AS source_event_id,
        try_strptime(r.EventTimeDate, '%Y%m%d%H%M%S') AS event_time,
        try_strptime(r.MentionTimeDate, '%Y%m%d%H%M%S') AS mention_time,
        r.MentionType AS mention_type,
        nullif(r.MentionSourceName, '') AS source_name,
        nullif(r.MentionIdentifier, '') AS url,
        r.SentenceID AS sentence_id,
        r.Actor1CharOffset AS actor1_offset,
        r.Actor2CharOffset AS actor2_offset,
        r.ActionCharOffset AS action_offset,
        r.InSentence = 1 AS in_sentence,
        r.Confidence AS confidence,
        r.MentionDocLen AS doc_len,
        r.MentionDocTone AS doc_tone"""
