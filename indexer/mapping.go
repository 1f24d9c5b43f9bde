package indexer

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion is stored in the index; OpenBleve refuses an index built
// with another version (ErrMappingVersion). Bump it on any mapping change.
const MappingVersion = "1"

// internal key under which the mapping version is stored.
var mappingVersionKey = []byte("claimwatch.mapping_version")

// newMapping returns the explicit bleve mapping of doc. Nothing is mapped
// dynamically: a field not listed here is neither indexed nor stored.
func newMapping() mapping.IndexMapping {
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = true // phrases
		f.DocValues = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = true // facets
		return f
	}
	published := bleve.NewDateTimeFieldMapping()
	published.Store = false
	published.IncludeInAll = false
	published.DocValues = true // sort

	location := bleve.NewGeoPointFieldMapping()
	location.Store = false
	location.IncludeInAll = false

	record := bleve.NewTextFieldMapping()
	record.Index = false
	record.Store = true
	record.IncludeInAll = false
	record.IncludeTermVectors = false
	record.DocValues = false

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldTitle, text())
	dm.AddFieldMappingsAt(fieldText, text())
	for _, name := range []string{fieldSource, fieldLang, fieldHost, fieldGroups, fieldClaimStatus,
		fieldClaimPair, fieldType, fieldCountry, fieldMonth} {
		dm.AddFieldMappingsAt(name, kw())
	}
	dm.AddFieldMappingsAt(fieldPublished, published)
	dm.AddFieldMappingsAt(fieldLocation, location)
	dm.AddFieldMappingsAt(fieldRecord, record)
	// No "_all" composite field: it would index title and text a second
	// time (about 30% of Put's cost); free-text words are matched against
	// title and text separately instead.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = en.AnalyzerName
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}
