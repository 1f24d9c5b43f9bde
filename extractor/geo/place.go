package geo

// Place kinds.
const (
	KindCountry = "country"
	KindAdmin1  = "admin1"
	KindCity    = "city"
)

// Place is one gazetteer entry.
type Place struct {
	Name       string  // primary (English) name
	Country    string  // ISO 3166-1 alpha-2 code
	Lat, Lon   float64 // WGS84; capital for countries, population-weighted centroid for admin1
	Population int
	Kind       string // KindCity, KindAdmin1 or KindCountry
}

// Match is one place name found in a text.
type Match struct {
	Start, End int // byte offsets into the text given, half-open: text[Start:End] is the surface
	Place      Place
}

// kindRank orders kinds for ranking: countries first.
func kindRank(kind string) int {
	switch kind {
	case KindCountry:
		return 0
	case KindAdmin1:
		return 1
	default:
		return 2
	}
}

// ref is one name of one place in the name index.
type ref struct {
	place int32 // index into Gazetteer.places
	alt   bool  // the name is an alternate, not the primary name
	find  bool  // Find may match the name in running text
	exact bool  // Find needs the surface in capitals (acronyms)
	lower uint8 // bit i: word i is lower case in the data ("Donetsk region")
}

// better reports whether a ranks before b: kind, primary before alternate,
// larger population, then data order.
func (g *Gazetteer) better(a, b ref) bool {
	pa, pb := &g.places[a.place], &g.places[b.place]
	if ra, rb := kindRank(pa.Kind), kindRank(pb.Kind); ra != rb {
		return ra < rb
	}
	if a.alt != b.alt {
		return !a.alt
	}
	if pa.Population != pb.Population {
		return pa.Population > pb.Population
	}
	return a.place < b.place
}
