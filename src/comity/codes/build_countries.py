"""Build ``codes/data/countries*.csv`` (run by hand; the CSVs are shipped).

    python -m comity.codes.build_countries          # writes the CSVs
    python -m comity.codes.build_countries --check  # exits 1 if they would change

Sources, in order of trust:

* ISO 3166-1 (alpha-2, alpha-3, numeric, ISO and official names): ``pycountry``.
* Common short names, UN membership: ``country_converter``'s data table (read as a
  plain TSV: its ``CountryConverter`` class does not load under pandas 3).
* Correlates of War state codes: written here by hand from the COW state list
  (``states2016``); ``country_converter`` only ships Gleditsch-Ward codes, which
  differ for Germany, Serbia, Yemen, Vietnam, Czechia and some Pacific states.
  The build prints every COW/GW difference so a typo shows up.
* FIPS 10-4 (as continued by NGA's GEC list, which GDELT geography uses): written
  here by hand, checked against the GeoNames ``countryInfo`` table.
* CAMEO country codes (GDELT ``Actor*CountryCode``): ISO3 except where the
  CAMEO/GDELT lookup differs (ROM, TMP, IMY, MTN); CAMEO's region and sub-state
  codes go to ``countries_cameo_regions.csv``.

Runtime (``comity.codes.countries``) reads only the CSVs.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import unicodedata

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")
COUNTRIES_CSV = os.path.join(DATA_DIR, "countries.csv")
REGIONS_CSV = os.path.join(DATA_DIR, "countries_cameo_regions.csv")
FIPS_EXTRA_CSV = os.path.join(DATA_DIR, "countries_fips_extra.csv")

COLUMNS = [
    "iso3", "iso2", "iso_numeric", "cow_num", "cow_letter", "fips", "cameo", "name",
    "official_name", "un_member", "state", "aliases", "note",
]

# --------------------------------------------------------------------------------------
# Non-member states kept as states: UN observers and two states that are not UN members.
NON_UN_STATES = {"VAT", "PSE", "TWN", "XKX"}

# --------------------------------------------------------------------------------------
# Correlates of War state codes (COW state list, 2016 edition): iso3 -> (ccode, abbrev).
COW = {
    "USA": (2, "USA"), "CAN": (20, "CAN"), "BHS": (31, "BHM"), "CUB": (40, "CUB"),
    "HTI": (41, "HAI"), "DOM": (42, "DOM"), "JAM": (51, "JAM"), "TTO": (52, "TRI"),
    "BRB": (53, "BAR"), "DMA": (54, "DMA"), "GRD": (55, "GRN"), "LCA": (56, "SLU"),
    "VCT": (57, "SVG"), "ATG": (58, "AAB"), "KNA": (60, "SKN"), "MEX": (70, "MEX"),
    "BLZ": (80, "BLZ"), "GTM": (90, "GUA"), "HND": (91, "HON"), "SLV": (92, "SAL"),
    "NIC": (93, "NIC"), "CRI": (94, "COS"), "PAN": (95, "PAN"), "COL": (100, "COL"),
    "VEN": (101, "VEN"), "GUY": (110, "GUY"), "SUR": (115, "SUR"), "ECU": (130, "ECU"),
    "PER": (135, "PER"), "BRA": (140, "BRA"), "BOL": (145, "BOL"), "PRY": (150, "PAR"),
    "CHL": (155, "CHL"), "ARG": (160, "ARG"), "URY": (165, "URU"),
    "GBR": (200, "UKG"), "IRL": (205, "IRE"), "NLD": (210, "NTH"), "BEL": (211, "BEL"),
    "LUX": (212, "LUX"), "FRA": (220, "FRN"), "MCO": (221, "MNC"), "LIE": (223, "LIE"),
    "CHE": (225, "SWZ"), "ESP": (230, "SPN"), "AND": (232, "AND"), "PRT": (235, "POR"),
    "DEU": (255, "GMY"), "POL": (290, "POL"), "AUT": (305, "AUS"), "HUN": (310, "HUN"),
    "CZE": (316, "CZR"), "SVK": (317, "SLO"), "ITA": (325, "ITA"), "SMR": (331, "SNM"),
    "MLT": (338, "MLT"), "ALB": (339, "ALB"), "MNE": (341, "MNG"), "MKD": (343, "MAC"),
    "HRV": (344, "CRO"), "SRB": (345, "YUG"), "BIH": (346, "BOS"), "XKX": (347, "KOS"),
    "SVN": (349, "SLV"), "GRC": (350, "GRC"), "CYP": (352, "CYP"), "BGR": (355, "BUL"),
    "MDA": (359, "MLD"), "ROU": (360, "ROM"), "RUS": (365, "RUS"), "EST": (366, "EST"),
    "LVA": (367, "LAT"), "LTU": (368, "LIT"), "UKR": (369, "UKR"), "BLR": (370, "BLR"),
    "ARM": (371, "ARM"), "GEO": (372, "GRG"), "AZE": (373, "AZE"), "FIN": (375, "FIN"),
    "SWE": (380, "SWD"), "NOR": (385, "NOR"), "DNK": (390, "DEN"), "ISL": (395, "ICE"),
    "CPV": (402, "CAP"), "STP": (403, "STP"), "GNB": (404, "GNB"), "GNQ": (411, "EQG"),
    "GMB": (420, "GAM"), "MLI": (432, "MLI"), "SEN": (433, "SEN"), "BEN": (434, "BEN"),
    "MRT": (435, "MAA"), "NER": (436, "NIR"), "CIV": (437, "CDI"), "GIN": (438, "GUI"),
    "BFA": (439, "BFO"), "LBR": (450, "LBR"), "SLE": (451, "SIE"), "GHA": (452, "GHA"),
    "TGO": (461, "TOG"), "CMR": (471, "CAO"), "NGA": (475, "NIG"), "GAB": (481, "GAB"),
    "CAF": (482, "CEN"), "TCD": (483, "CHA"), "COG": (484, "CON"), "COD": (490, "DRC"),
    "UGA": (500, "UGA"), "KEN": (501, "KEN"), "TZA": (510, "TAZ"), "BDI": (516, "BUI"),
    "RWA": (517, "RWA"), "SOM": (520, "SOM"), "DJI": (522, "DJI"), "ETH": (530, "ETH"),
    "ERI": (531, "ERI"), "AGO": (540, "ANG"), "MOZ": (541, "MZM"), "ZMB": (551, "ZAM"),
    "ZWE": (552, "ZIM"), "MWI": (553, "MAW"), "ZAF": (560, "SAF"), "NAM": (565, "NAM"),
    "LSO": (570, "LES"), "BWA": (571, "BOT"), "SWZ": (572, "SWA"), "MDG": (580, "MAG"),
    "COM": (581, "COM"), "MUS": (590, "MAS"), "SYC": (591, "SEY"), "MAR": (600, "MOR"),
    "DZA": (615, "ALG"), "TUN": (616, "TUN"), "LBY": (620, "LIB"), "SDN": (625, "SUD"),
    "SSD": (626, "SSD"), "IRN": (630, "IRN"), "TUR": (640, "TUR"), "IRQ": (645, "IRQ"),
    "EGY": (651, "EGY"), "SYR": (652, "SYR"), "LBN": (660, "LEB"), "JOR": (663, "JOR"),
    "ISR": (666, "ISR"), "SAU": (670, "SAU"), "YEM": (679, "YEM"), "KWT": (690, "KUW"),
    "BHR": (692, "BAH"), "QAT": (694, "QAT"), "ARE": (696, "UAE"), "OMN": (698, "OMA"),
    "AFG": (700, "AFG"), "TKM": (701, "TKM"), "TJK": (702, "TAJ"), "KGZ": (703, "KYR"),
    "UZB": (704, "UZB"), "KAZ": (705, "KZK"), "CHN": (710, "CHN"), "MNG": (712, "MON"),
    "TWN": (713, "TAW"), "PRK": (731, "PRK"), "KOR": (732, "ROK"), "JPN": (740, "JPN"),
    "IND": (750, "IND"), "BTN": (760, "BHU"), "PAK": (770, "PAK"), "BGD": (771, "BNG"),
    "MMR": (775, "MYA"), "LKA": (780, "SRI"), "MDV": (781, "MAD"), "NPL": (790, "NEP"),
    "THA": (800, "THI"), "KHM": (811, "CAM"), "LAO": (812, "LAO"), "VNM": (816, "DRV"),
    "MYS": (820, "MAL"), "SGP": (830, "SIN"), "BRN": (835, "BRU"), "PHL": (840, "PHI"),
    "IDN": (850, "INS"), "TLS": (860, "ETM"), "AUS": (900, "AUL"), "PNG": (910, "PNG"),
    "NZL": (920, "NEW"), "VUT": (935, "VAN"), "SLB": (940, "SOL"), "KIR": (946, "KIR"),
    "TUV": (947, "TUV"), "FJI": (950, "FIJ"), "TON": (955, "TON"), "NRU": (970, "NAU"),
    "MHL": (983, "MSI"), "PLW": (986, "PAL"), "FSM": (987, "FSM"), "WSM": (990, "WSM"),
}
# Known, intended differences between COW and the Gleditsch-Ward codes in country_converter.
COW_GW_EXPECTED_DIFF = {"DEU", "SRB", "YEM", "VNM", "CZE", "KIR", "NRU", "TON", "TUV"}

# --------------------------------------------------------------------------------------
# FIPS 10-4 / GEC country codes by ISO alpha-2.  Post-2006 codes (Serbia RI, Montenegro MJ,
# Kosovo KV, South Sudan OD, Curacao UC, Sint Maarten NN, Saint Barthelemy TB, Saint Martin
# RN) come from NGA's GEC list, which carried FIPS 10-4 on after its 2008 withdrawal.
_FIPS_PAIRS = """
AD AN  AE AE  AF AF  AG AC  AI AV  AL AL  AM AM  AO AO  AQ AY  AR AR  AS AQ  AT AU
AU AS  AW AA  AZ AJ  BA BK  BB BB  BD BG  BE BE  BF UV  BG BU  BH BA  BI BY  BJ BN
BL TB  BM BD  BN BX  BO BL  BR BR  BS BF  BT BT  BV BV  BW BC  BY BO  BZ BH  CA CA
CC CK  CD CG  CF CT  CG CF  CH SZ  CI IV  CK CW  CL CI  CM CM  CN CH  CO CO  CR CS
CU CU  CV CV  CW UC  CX KT  CY CY  CZ EZ  DE GM  DJ DJ  DK DA  DM DO  DO DR  DZ AG
EC EC  EE EN  EG EG  EH WI  ER ER  ES SP  ET ET  FI FI  FJ FJ  FK FK  FM FM  FO FO
FR FR  GA GB  GB UK  GD GJ  GE GG  GF FG  GG GK  GH GH  GI GI  GL GL  GM GA  GN GV
GP GP  GQ EK  GR GR  GS SX  GT GT  GU GQ  GW PU  GY GY  HK HK  HM HM  HN HO  HR HR
HT HA  HU HU  ID ID  IE EI  IL IS  IM IM  IN IN  IO IO  IQ IZ  IR IR  IS IC  IT IT
JE JE  JM JM  JO JO  JP JA  KE KE  KG KG  KH CB  KI KR  KM CN  KN SC  KP KN  KR KS
XK KV  KW KU  KY CJ  KZ KZ  LA LA  LB LE  LC ST  LI LS  LK CE  LR LI  LS LT  LT LH
LU LU  LV LG  LY LY  MA MO  MC MN  MD MD  ME MJ  MF RN  MG MA  MH RM  MK MK  ML ML
MM BM  MN MG  MO MC  MP CQ  MQ MB  MR MR  MS MH  MT MT  MU MP  MV MV  MW MI  MX MX
MY MY  MZ MZ  NA WA  NC NC  NE NG  NF NF  NG NI  NI NU  NL NL  NO NO  NP NP  NR NR
NU NE  NZ NZ  OM MU  PA PM  PE PE  PF FP  PG PP  PH RP  PK PK  PL PL  PM SB  PN PC
PR RQ  PS WE  PT PO  PW PS  PY PA  QA QA  RE RE  RO RO  RS RI  RU RS  RW RW  SA SA
SB BP  SC SE  SD SU  SS OD  SE SW  SG SN  SH SH  SI SI  SJ SV  SK LO  SL SL  SM SM
SN SG  SO SO  SR NS  ST TP  SV ES  SX NN  SY SY  SZ WZ  TC TK  TD CD  TF FS  TG TO
TH TH  TJ TI  TK TL  TL TT  TM TX  TN TS  TO TN  TR TU  TT TD  TV TV  TW TW  TZ TZ
UA UP  UG UG  US US  UY UY  UZ UZ  VA VT  VC VC  VE VE  VG VI  VI VQ  VN VM  VU NH
WF WF  WS WS  YE YM  YT MF  ZA SF  ZM ZA  ZW ZI
"""
FIPS = dict(zip(_FIPS_PAIRS.split()[0::2], _FIPS_PAIRS.split()[1::2], strict=True))

# FIPS codes for entities that ISO folds into another code: fips -> (iso3, what it is).
FIPS_EXTRA = {
    "GZ": ("PSE", "Gaza Strip (FIPS keeps it apart from the West Bank, WE)"),
    "JN": ("SJM", "Jan Mayen (FIPS keeps it apart from Svalbard, SV)"),
    "FQ": ("UMI", "Baker Island"), "HQ": ("UMI", "Howland Island"),
    "DQ": ("UMI", "Jarvis Island"), "JQ": ("UMI", "Johnston Atoll"),
    "KQ": ("UMI", "Kingman Reef"), "MQ": ("UMI", "Midway Islands"),
    "LQ": ("UMI", "Palmyra Atoll"), "WQ": ("UMI", "Wake Island"),
    "BQ": ("UMI", "Navassa Island"),
    "BS": ("ATF", "Bassas da India"), "EU": ("ATF", "Europa Island"),
    "GO": ("ATF", "Glorioso Islands"), "JU": ("ATF", "Juan de Nova Island"),
    "TE": ("ATF", "Tromelin Island"),
    "AT": ("AUS", "Ashmore and Cartier Islands"), "CR": ("AUS", "Coral Sea Islands"),
    "IP": ("FRA", "Clipperton Island"),
    "AX": ("GBR", "Akrotiri (UK Sovereign Base Area, Cyprus)"),
    "DX": ("GBR", "Dhekelia (UK Sovereign Base Area, Cyprus)"),
}
# Deliberately unmapped FIPS codes: PF (Paracel Islands) and PG (Spratly Islands) are
# disputed; OS (oceans) is not a country.

# --------------------------------------------------------------------------------------
# CAMEO country codes.  The GDELT/CAMEO lookup (CAMEO.country.txt) lists these ISO3 codes
# unchanged; four entities have codes of their own.  (COL is used by GDELT although one
# copy of the lookup we checked lacks the line.)
CAMEO_OVERRIDES = {"ROU": "ROM", "TLS": "TMP", "IMN": "IMY", "MNE": "MTN"}
CAMEO_LISTED_ISO3 = set("""
AFG ALA ALB DZA ASM AND AGO AIA ATG ARG ARM ABW AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ
BEN BMU BTN BOL BIH BWA BRA VGB BRN BGR BFA BDI KHM CMR CAN CPV CYM CAF TCD CHL CHN COM
COD COG COK COL CRI CIV HRV CUB CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST ETH FRO FLK
FJI FIN FRA GUF PYF GAB GMB GEO DEU GHA GIB GRC GRL GRD GLP GUM GTM GIN GNB GUY HTI VAT
HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA
LBN LSO LBR LBY LIE LTU LUX MAC MKD MDG MWI MYS MDV MLI MLT MHL MTQ MRT MUS MYT MEX FSM
MDA MCO MNG MSR MAR MOZ MMR NAM NRU NPL NLD NCL NZL NIC NER NGA NIU NFK MNP NOR PSE OMN
PAK PLW PAN PNG PRY PER PHL PCN POL PRT PRI QAT REU RUS RWA SHN KNA LCA SPM VCT WSM SMR
STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF ESP LKA SDN SUR SJM SWZ SWE CHE SYR TWN
TJK TZA THA TGO TKL TON TTO TUN TUR TKM TCA TUV UGA UKR ARE GBR USA VIR URY UZB VUT VEN
VNM WLF ESH YEM ZMB ZWE
""".split()) | set(CAMEO_OVERRIDES)
# CAMEO codes that are not countries: code -> (name, kind, iso3 or "").
CAMEO_REGIONS = {
    "WSB": ("West Bank", "territory", "PSE"), "GZS": ("Gaza Strip", "territory", "PSE"),
    "BAG": ("Baghdad", "city", "IRQ"),
    "AFR": ("Africa", "region", ""), "ASA": ("Asia", "region", ""),
    "BLK": ("Balkans", "region", ""), "CRB": ("Caribbean", "region", ""),
    "CAU": ("Caucasus", "region", ""), "CFR": ("Central Africa", "region", ""),
    "CAS": ("Central Asia", "region", ""), "CEU": ("Central Europe", "region", ""),
    "EIN": ("East Indies", "region", ""), "EAF": ("Eastern Africa", "region", ""),
    "EEU": ("Eastern Europe", "region", ""), "EUR": ("Europe", "region", ""),
    "LAM": ("Latin America", "region", ""), "MEA": ("Middle East", "region", ""),
    "MDT": ("Mediterranean", "region", ""), "NAF": ("North Africa", "region", ""),
    "NMR": ("North America", "region", ""), "PGS": ("Persian Gulf", "region", ""),
    "SCN": ("Scandinavia", "region", ""), "SAM": ("South America", "region", ""),
    "SAS": ("South Asia", "region", ""), "SEA": ("Southeast Asia", "region", ""),
    "SAF": ("Southern Africa", "region", ""), "WAF": ("West Africa", "region", ""),
    "WST": ("The West", "region", ""),
}

# --------------------------------------------------------------------------------------
# Names.  Common short names default to country_converter's name_short.
NAME_OVERRIDES = {
    "COG": "Republic of the Congo", "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia", "LCA": "Saint Lucia", "KNA": "Saint Kitts and Nevis",
    "VCT": "Saint Vincent and the Grenadines", "VAT": "Holy See", "BRN": "Brunei",
    "BLM": "Saint Barthélemy", "SHN": "Saint Helena", "SPM": "Saint Pierre and Miquelon",
    "MAF": "Saint Martin", "SGS": "South Georgia and the South Sandwich Islands",
    "WLF": "Wallis and Futuna", "SJM": "Svalbard and Jan Mayen",
    "HMD": "Heard Island and McDonald Islands", "BES": "Caribbean Netherlands",
}
OFFICIAL_OVERRIDES = {
    "TWN": "Republic of China", "PSE": "State of Palestine", "VAT": "Holy See",
    "XKX": "Republic of Kosovo", "RUS": "Russian Federation",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "USA": "United States of America", "KOR": "Republic of Korea",
    "PRK": "Democratic People's Republic of Korea", "CHN": "People's Republic of China",
    "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
    "LAO": "Lao People's Democratic Republic", "VNM": "Socialist Republic of Viet Nam",
    "SYR": "Syrian Arab Republic",
}
# Extra aliases for name lookup (lower-case matching; ambiguous ones are dropped by the build).
EXTRA_ALIASES = {
    "USA": ["United States", "United States of America", "US", "U.S.", "U.S.A.", "America"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "England"],
    "RUS": ["Russia", "Russian Federation"],
    "CHN": ["China", "PRC", "People's Republic of China", "Mainland China"],
    "TWN": ["Taiwan", "Republic of China", "ROC", "Chinese Taipei", "Formosa"],
    "KOR": ["South Korea", "Republic of Korea", "ROK", "Korea, South"],
    "PRK": ["North Korea", "DPRK", "Korea, North"],
    "IRN": ["Iran", "Persia"],
    "MMR": ["Myanmar", "Burma"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire"],
    "CZE": ["Czech Republic", "Czechia"],
    "TUR": ["Turkey", "Turkiye"],
    "SWZ": ["Swaziland", "Eswatini"],
    "MKD": ["Macedonia", "North Macedonia", "FYROM"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "TLS": ["East Timor", "Timor-Leste", "Timor Leste"],
    "VAT": ["Vatican", "Vatican City", "Holy See"],
    "PSE": ["Palestine", "Palestinian Territories", "State of Palestine",
            "Occupied Palestinian Territory"],
    "XKX": ["Kosovo"],
    "COD": ["DR Congo", "DRC", "Congo-Kinshasa", "Zaire"],
    "COG": ["Congo-Brazzaville", "Republic of Congo", "Congo Republic"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "SAU": ["Saudi Arabia", "KSA"],
    "GMB": ["The Gambia", "Gambia"],
    "BHS": ["The Bahamas", "Bahamas"],
    "LAO": ["Laos"],
    "VNM": ["Vietnam", "Viet Nam"],
    "SYR": ["Syria"],
    "MDA": ["Moldova"],
    "BOL": ["Bolivia"],
    "VEN": ["Venezuela"],
    "TZA": ["Tanzania"],
    "NLD": ["Holland", "The Netherlands"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina"],
    "FSM": ["Micronesia", "Federated States of Micronesia"],
}
# ISO2-like codes in common use that are not ISO 3166 assignments.
ISO2_EXTRA = {"UK": "GBR", "EL": "GRC"}

STATE_NOTES = {
    "XKX": "No ISO 3166 code: XKX/XK are the user-assigned codes used by the EU, IMF and "
           "World Bank; no ISO numeric code.",
    "TWN": "ISO lists Taiwan as 'Taiwan, Province of China'; kept as a state here.",
    "PSE": "UN non-member observer state; no COW code (not in the COW state system). "
           "FIPS WE is the West Bank; Gaza Strip is FIPS GZ (both map to PSE).",
    "VAT": "UN non-member observer state (Holy See); no COW code (the COW state "
           "system does not include it).",
    "SSD": "FIPS OD is the GEC code assigned after independence (2011), after FIPS 10-4 "
           "was withdrawn; no CAMEO code in the GDELT CAMEO country lookup (ISO3 accepted).",
    "SRB": "COW 345/YUG is Yugoslavia/Serbia (continuing state).",
    "MNE": "FIPS MJ (GEC, 2006); CAMEO code MTN.",
    "ROU": "CAMEO/GDELT code ROM (pre-2002 ISO3).",
    "TLS": "CAMEO/GDELT code TMP (pre-2002 ISO3).",
}


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = s.replace("&", " and ")
    s = "".join(ch if ch.isalnum() else (" " if ch in " -,/()" else "") for ch in s)
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


def _coco_table() -> dict[str, dict[str, str]]:
    import country_converter

    path = os.path.join(os.path.dirname(country_converter.__file__), "country_data.tsv")
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return {r["ISO3"]: r for r in rows if not r.get("obsolete")}


def build_rows() -> tuple[list[dict], list[str]]:
    import pycountry

    coco = _coco_table()
    log: list[str] = []
    entities = []
    for c in pycountry.countries:
        entities.append((c.alpha_3, c.alpha_2, c.numeric, c.name,
                         getattr(c, "official_name", "") or "", getattr(c, "common_name", "") or ""))
    entities.append(("XKX", "XK", "", "Kosovo", "", ""))

    rows = []
    for iso3, iso2, num, iso_name, py_official, py_common in entities:
        cc = coco.get(iso3, {})
        un_member = bool(cc.get("UNmember"))
        state = un_member or iso3 in NON_UN_STATES
        name = NAME_OVERRIDES.get(iso3) or cc.get("name_short") or py_common or iso_name
        official = (OFFICIAL_OVERRIDES.get(iso3) or py_official or cc.get("name_official")
                    or name)
        cow_num, cow_letter = COW.get(iso3, ("", ""))
        gw = cc.get("GWcode", "")
        if cow_num and gw and str(cow_num) != gw:
            tag = "expected" if iso3 in COW_GW_EXPECTED_DIFF else "CHECK"
            log.append(f"COW/GW differ for {iso3}: COW {cow_num} GW {gw} ({tag})")
        fips = FIPS.get(iso2, "")
        if iso3 in CAMEO_OVERRIDES:
            cameo = CAMEO_OVERRIDES[iso3]
        elif iso3 in CAMEO_LISTED_ISO3:
            cameo = iso3
        else:
            cameo = ""
        notes = []
        if iso3 in STATE_NOTES:
            notes.append(STATE_NOTES[iso3])
        if state:
            if not cow_num and iso3 not in ("PSE", "VAT"):
                notes.append("No COW code.")
            if not fips:
                notes.append("No FIPS 10-4/GEC code.")
            if not cameo and iso3 not in ("SSD",):
                notes.append("Not in the GDELT CAMEO country lookup; ISO3 accepted.")
        else:
            if not fips and iso3 in ("ALA", "BES", "UMI"):
                notes.append({
                    "ALA": "No FIPS code: FIPS counts the Aland Islands as part of Finland (FI).",
                    "BES": "No FIPS code of its own (was part of Netherlands Antilles, NT).",
                    "UMI": "No single FIPS code: each island has one (see countries_fips_extra.csv).",
                }[iso3])
        aliases = {name, official, iso_name, py_common, cc.get("name_short", ""),
                   *EXTRA_ALIASES.get(iso3, [])}
        aliases = sorted(a for a in aliases if a)
        rows.append({
            "iso3": iso3, "iso2": iso2, "iso_numeric": num, "cow_num": str(cow_num),
            "cow_letter": cow_letter, "fips": fips, "cameo": cameo, "name": name,
            "official_name": official, "un_member": "1" if un_member else "0",
            "state": "1" if state else "0", "aliases": "|".join(aliases),
            "note": " ".join(notes),
        })
    if "XKX" in {r["iso3"] for r in rows}:
        xk = next(r for r in rows if r["iso3"] == "XKX")
        xk["state"] = "1"

    # Drop aliases that point at two countries (e.g. "Congo"), and say so.
    owners: dict[str, set[str]] = {}
    for r in rows:
        for a in r["aliases"].split("|"):
            owners.setdefault(_norm(a), set()).add(r["iso3"])
    ambiguous = {k for k, v in owners.items() if len(v) > 1}
    for r in rows:
        kept = [a for a in r["aliases"].split("|") if _norm(a) not in ambiguous]
        r["aliases"] = "|".join(kept)
    for k in sorted(ambiguous):
        log.append(f"ambiguous alias dropped: {k!r} -> {sorted(owners[k])}")

    missing_cow = set(COW) - {r["iso3"] for r in rows}
    assert not missing_cow, missing_cow
    used_fips = [r["fips"] for r in rows if r["fips"]]
    assert len(used_fips) == len(set(used_fips)), "duplicate FIPS code"
    assert not set(FIPS_EXTRA) & set(used_fips), "FIPS_EXTRA overlaps the main table"
    rows.sort(key=lambda r: r["iso3"])
    return rows, log


def _render(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def outputs() -> tuple[dict[str, str], list[str]]:
    rows, log = build_rows()
    regions = [{"code": k, "name": v[0], "kind": v[1], "iso3": v[2]}
               for k, v in sorted(CAMEO_REGIONS.items())]
    extra = [{"fips": k, "iso3": v[0], "entity": v[1]} for k, v in sorted(FIPS_EXTRA.items())]
    return {
        COUNTRIES_CSV: _render(rows, COLUMNS),
        REGIONS_CSV: _render(regions, ["code", "name", "kind", "iso3"]),
        FIPS_EXTRA_CSV: _render(extra, ["fips", "iso3", "entity"]),
    }, log


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    files, log = outputs()
    for line in log:
        print(line, file=sys.stderr)
    changed = []
    for path, text in files.items():
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            changed.append(path)
            if "--check" not in argv:
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(text)
    if "--check" in argv:
        for p in changed:
            print(f"would change: {p}")
        return 1 if changed else 0
    for p in changed:
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
