package indexer

import (
	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// storedField returns the stored value of field in document id of idx:
// found is false when there is no such document, and raw is nil when the
// document has no such field.
func storedField(idx bleve.Index, id, field string) (raw []byte, found bool, err error) {
	d, err := idx.Document(id)
	if err != nil {
		return nil, false, err
	}
	if d == nil {
		return nil, false, nil
	}
	d.VisitFields(func(f index.Field) {
		if f.Name() == field {
			raw = f.Value()
		}
	})
	return raw, true, nil
}
