package indexer

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// TestElasticConformance runs the backend conformance suite against a real
// Elasticsearch 8 at ES_URL (e.g. http://localhost:9200); skipped without.
func TestElasticConformance(t *testing.T) {
	url := os.Getenv("ES_URL")
	if url == "" {
		t.Skip("ES_URL not set")
	}
	var n atomic.Int64
	runConformance(t, func(t testing.TB) Index {
		alias := fmt.Sprintf("claimwatch-test-%d-%d", time.Now().UnixNano(), n.Add(1))
		e, err := OpenElastic(context.Background(), ElasticConfig{Addresses: []string{url}, Alias: alias, Refresh: "wait_for"}, nil)
		if err != nil {
			t.Fatalf("OpenElastic: %v", err)
		}
		t.Cleanup(func() {
			_, _ = e.es.Indices.Delete([]string{e.concreteIndex()})
			_, _ = e.es.Indices.DeleteIndexTemplate(alias + "-template")
			_ = e.Close()
		})
		return e
	})
}

// The template maps every field the document has, with the types the bleve
// mapping gives them.
func TestElasticTemplateCoversDocument(t *testing.T) {
	raw, err := os.ReadFile("testdata/full_record.json")
	if err != nil {
		t.Fatal(err)
	}
	var r pipeline.Record
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	d, err := newDoc(&r)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(esDoc{doc: d, ID: r.ID, Record: json.RawMessage(d.Record)})
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		t.Fatal(err)
	}
	tmpl := esTemplate(ElasticConfig{}.withDefaults())
	props := tmpl["template"].(map[string]any)["mappings"].(map[string]any)["properties"].(map[string]any)
	for name := range fields {
		if _, ok := props[name]; !ok {
			t.Errorf("document field %q not in the template", name)
		}
	}
	if len(fields) < 14 {
		t.Errorf("fixture too sparse: only %d fields", len(fields))
	}
	if rec := fields[fieldRecord]; len(rec) == 0 || rec[0] != '{' {
		t.Errorf("record is not sent as an object: %.40s", rec)
	}
	for _, kw := range []string{fieldGroups, fieldClaimPair, fieldCountry, fieldMonth} {
		if props[kw].(map[string]any)["type"] != "keyword" {
			t.Errorf("%s is not a keyword", kw)
		}
	}
}

func TestElasticSearchBody(t *testing.T) {
	q, err := ParseQuery(`group:iskp status:claimed,denied country:af since:2021 "suicide bomber" kabul`)
	if err != nil {
		t.Fatal(err)
	}
	q.Facets = true
	body, err := esSearchBody(q)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(body)
	s := string(js)
	for _, want := range []string{
		`{"terms":{"claim_pair":["iskp:claimed","iskp:denied"]}}`,
		`{"terms":{"country":["AF"]}}`,
		`{"range":{"published":{"gte":"2021-01-01T00:00:00Z"}}}`,
		`"operator":"and"`,
		`"query":"kabul"`,
		`"query":"suicide bomber"`,
		`"type":"phrase"`,
		`"sort":["_score",`,
		`"month":{"terms":{"field":"month","size":600}}`,
		`"size":10`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("body lacks %s:\n%s", want, s)
		}
	}
	body, _ = esSearchBody(Query{})
	js, _ = json.Marshal(body)
	if s := string(js); !strings.Contains(s, `"match_all"`) || strings.Contains(s, `"_score"`) || strings.Contains(s, `"aggs"`) {
		t.Errorf("empty query body: %s", s)
	}
	if _, err := esSearchBody(Query{From: -1}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("negative from: %v", err)
	}
}

// fakeES answers just enough of the Elasticsearch API for OpenElastic and
// the Bulk API: items whose id starts with "bad" fail with 400, "busy" with
// 429, the others succeed.
func fakeES(t *testing.T, bulkCalls *atomic.Int64) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/_bulk"):
			bulkCalls.Add(1)
			var items []string
			sc := bufio.NewScanner(r.Body)
			sc.Buffer(make([]byte, 1<<20), 1<<24)
			for sc.Scan() {
				var meta map[string]struct {
					ID string `json:"_id"`
				}
				if err := json.Unmarshal(sc.Bytes(), &meta); err != nil {
					t.Errorf("bulk meta line: %v", err)
					return
				}
				sc.Scan() // the document
				id := meta["index"].ID
				switch {
				case strings.HasPrefix(id, "bad"):
					items = append(items, fmt.Sprintf(`{"index":{"_id":%q,"status":400,"error":{"type":"mapper_parsing_exception","reason":"failed to parse field [published]"}}}`, id))
				case strings.HasPrefix(id, "busy"):
					items = append(items, fmt.Sprintf(`{"index":{"_id":%q,"status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}}`, id))
				default:
					items = append(items, fmt.Sprintf(`{"index":{"_id":%q,"status":201,"result":"created"}}`, id))
				}
			}
			fmt.Fprintf(w, `{"took":1,"errors":true,"items":[%s]}`, strings.Join(items, ","))
		case r.Method == http.MethodHead: // alias exists
		case strings.HasSuffix(r.URL.Path, "/_mapping"):
			fmt.Fprintf(w, `{"claimwatch-records-v%s":{"mappings":{"_meta":{"mapping_version":%q}}}}`, MappingVersion, MappingVersion)
		default:
			fmt.Fprint(w, `{"acknowledged":true}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestElasticPutClassifiesItems(t *testing.T) {
	var calls atomic.Int64
	srv := fakeES(t, &calls)
	e, err := OpenElastic(context.Background(), ElasticConfig{Addresses: []string{srv.URL}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := corpus()
	recs[1].ID = "bad-1"
	recs[2].ID = "busy-2"
	recs[3].ID = "" // never sent
	err = e.Put(context.Background(), recs)
	var be *BulkError
	if !errors.As(err, &be) {
		t.Fatalf("Put = %v, want *BulkError", err)
	}
	if len(be.Items) != 3 {
		t.Fatalf("items = %+v", be.Items)
	}
	want := []struct {
		id        string
		index     int
		permanent bool
	}{{"bad-1", 1, true}, {"busy-2", 2, false}, {"", 3, true}}
	for i, w := range want {
		it := be.Items[i]
		if it.ID != w.id || it.Index != w.index || it.Permanent != w.permanent {
			t.Errorf("item %d = %+v, want %+v", i, it, w)
		}
	}
	if !strings.Contains(be.Items[0].Err.Error(), "mapper_parsing_exception") {
		t.Errorf("reason lost: %v", be.Items[0].Err)
	}
	if pipeline.IsPermanent(err) {
		t.Error("mixed batch reported permanent")
	}
	if calls.Load() == 0 {
		t.Error("no bulk request sent")
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.Put(context.Background(), recs); !errors.Is(err, ErrClosed) {
		t.Errorf("Put after Close = %v", err)
	}
}

func TestOpenElasticRefusesOtherMappingVersion(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		if strings.HasSuffix(r.URL.Path, "/_mapping") {
			fmt.Fprint(w, `{"claimwatch-records-v0":{"mappings":{"_meta":{"mapping_version":"0"}}}}`)
			return
		}
		fmt.Fprint(w, `{"acknowledged":true}`)
	}))
	defer srv.Close()
	_, err := OpenElastic(context.Background(), ElasticConfig{Addresses: []string{srv.URL}}, nil)
	if !errors.Is(err, ErrMappingVersion) {
		t.Fatalf("OpenElastic = %v, want ErrMappingVersion", err)
	}
	if _, err := OpenElastic(context.Background(), ElasticConfig{}, nil); !errors.Is(err, pipeline.ErrBadConfig) {
		t.Fatalf("no addresses: %v", err)
	}
}
