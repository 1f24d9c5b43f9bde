package elastic

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/pipeline"
)

// benchBatch is the number of records of one benchmark iteration (one Put).
const benchBatch = 1000

// benchRecord is a record of about 5 KB of text with one group, claim and
// incident.
func benchRecord(i int) pipeline.Record {
	text := strings.Repeat("Militants attacked a police post in the north of the province on Tuesday, officials said. ", 55)
	killed := 4
	id := fmt.Sprintf("bench-%08d", i)
	gid := "islamic-state"
	inc := id + "#1"
	return pipeline.Record{
		SchemaVersion: pipeline.SchemaVersion, ID: id, Lang: "en", ExtractedAt: time.Now().UTC(),
		Article: pipeline.Article{SchemaVersion: pipeline.SchemaVersion, ID: id, URL: "https://news.example/" + id, CanonicalURL: "https://news.example/" + id,
			Source: "bench", Title: "Attack on police post " + id, Text: text, Published: "2025-05-08T10:00:00Z", Lang: "en", FetchedAt: time.Now().UTC()},
		Groups:    []pipeline.GroupMention{{ID: gid, Name: "Islamic State", Kind: "militant", Mentions: []pipeline.Span{{Start: 0, End: 9, Text: "Militants"}}}},
		Incidents: []pipeline.Incident{{ID: inc, Type: "armed_assault", Date: "2025-05-06", DatePrecision: "day", Killed: &killed, Targets: []string{"police"}, Location: &pipeline.Location{Name: "Kirkuk", Country: "IQ", Lat: 35.47, Lon: 44.39}, Evidence: pipeline.Span{Start: 0, End: 20, Text: text[:20]}}},
		Claims:    []pipeline.Claim{{GroupID: &gid, Status: "claimed", Certainty: "asserted", Incident: &inc, Evidence: pipeline.Span{Start: 0, End: 20, Text: text[:20]}, Confidence: 0.9}},
	}
}

// envInt reads a positive integer from the environment, else def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// BenchmarkBulkPut measures bulk indexing into a real Elasticsearch
// (ES_URL) in records/s, three ways in the same run, so that their ratio
// does not depend on the machine's load of the moment:
//
//   - raw_flat: the baseline of docs/benchmarks.md, the same texts as flat
//     {title, text} documents (dynamic mapping, no replica), pre-encoded
//     and POSTed to _bulk in requests of 500 on `workers` connections;
//   - raw_claimwatch: the project's documents (template, nested claims and
//     incidents, stored record), pre-encoded, the same way: what
//     Elasticsearch itself costs for them;
//   - Put: Index.Put of 1,000 records (document building and encoding,
//     BulkIndexer, waiting for every item), from `puts` concurrent callers
//     (the index stage's runner workers).
//
// One iteration is 1,000 records of about 5 KB. With ES_PID_FILE set (as
// start.sh exports it) each also reports the Elasticsearch process's CPU
// time per record (es-cpu-µs/rec), which is what bounds throughput on a
// small machine. Knobs: CLAIMWATCH_BENCH_WORKERS (bulk connections,
// default 2), CLAIMWATCH_BENCH_PUTS (concurrent Puts, default 2),
// CLAIMWATCH_BENCH_FLUSH_BYTES (default 5 MB), CLAIMWATCH_BENCH_TRANSLOG
// (request or async), CLAIMWATCH_BENCH_REFRESH (refresh interval).
//
//	ES_URL=http://127.0.0.1:9200 go test ./indexer/elastic -run '^$' -bench BulkPut -benchtime 10x
func BenchmarkBulkPut(b *testing.B) {
	url := esURL(b)
	workers := envInt("CLAIMWATCH_BENCH_WORKERS", 2)
	puts := envInt("CLAIMWATCH_BENCH_PUTS", 2)
	cfg := Config{URLs: []string{url}, Workers: workers, FlushBytes: envInt("CLAIMWATCH_BENCH_FLUSH_BYTES", DefaultFlushBytes),
		TranslogDurability: os.Getenv("CLAIMWATCH_BENCH_TRANSLOG"), RefreshInterval: os.Getenv("CLAIMWATCH_BENCH_REFRESH")}
	b.Run("raw_flat", func(b *testing.B) {
		index := testPrefix() + "-flat"
		httpDo(b, http.MethodPut, url+"/"+index, `{"settings":{"number_of_shards":1,"number_of_replicas":0}}`)
		b.Cleanup(func() { httpDo(b, http.MethodDelete, url+"/"+index, "") })
		rawBulk(b, url+"/"+index+"/_bulk", workers, func(r *pipeline.Record) []byte {
			line, _ := json.Marshal(map[string]string{"title": r.Article.Title, "text": r.Article.Text})
			return line
		})
	})
	b.Run("raw_claimwatch", func(b *testing.B) {
		x := openBench(b, cfg)
		rawBulk(b, url+"/"+x.alias+"/_bulk", workers, func(r *pipeline.Record) []byte {
			d, err := newDocument(r)
			if err != nil {
				b.Fatal(err)
			}
			line, _ := d.encode()
			return line
		})
	})
	b.Run("Put", func(b *testing.B) {
		x := openBench(b, cfg)
		batches := make(chan []pipeline.Record)
		go func() {
			defer close(batches)
			for n := 0; n < b.N; n++ {
				recs := make([]pipeline.Record, benchBatch)
				for i := range recs {
					recs[i] = benchRecord(n*benchBatch + i)
				}
				batches <- recs
			}
		}()
		cpu := esCPU()
		b.ResetTimer()
		var wg sync.WaitGroup
		for range puts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for recs := range batches {
					if err := x.Put(context.Background(), recs); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		b.StopTimer()
		report(b, cpu)
	})
}

// BenchmarkEncode measures the client-side cost of Put per record:
// building the document and encoding it as JSON.
func BenchmarkEncode(b *testing.B) {
	recs := make([]pipeline.Record, 100)
	for i := range recs {
		recs[i] = benchRecord(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	size := 0
	for n := 0; n < b.N; n++ {
		d, err := newDocument(&recs[n%len(recs)])
		if err != nil {
			b.Fatal(err)
		}
		body, err := d.encode()
		if err != nil {
			b.Fatal(err)
		}
		size = len(body)
	}
	b.ReportMetric(float64(size), "bytes/doc")
}

// openBench opens a fresh index deleted at cleanup.
func openBench(b *testing.B, cfg Config) *Index {
	cfg.IndexPrefix = testPrefix()
	x, err := Open(context.Background(), cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = x.Close()
		cleanupPrefix(b, x, cfg.IndexPrefix)
	})
	return x
}

// rawBulk POSTs b.N*benchBatch pre-encoded documents (encode) to the _bulk
// endpoint url in requests of 500 documents on `workers` connections.
func rawBulk(b *testing.B, url string, workers int, encode func(*pipeline.Record) []byte) {
	const perRequest = 500
	var bodies [][]byte
	var buf bytes.Buffer
	for i := 0; i < b.N*benchBatch; i++ {
		r := benchRecord(i)
		fmt.Fprintf(&buf, `{"index":{"_id":%q}}`+"\n", r.ID)
		buf.Write(encode(&r))
		buf.WriteByte('\n')
		if (i+1)%perRequest == 0 || i == b.N*benchBatch-1 {
			bodies = append(bodies, bytes.Clone(buf.Bytes()))
			buf.Reset()
		}
	}
	cpu := esCPU()
	b.ResetTimer()
	next := make(chan []byte)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for body := range next {
				res, err := http.Post(url+"?filter_path=errors,items.*.error", "application/x-ndjson", bytes.NewReader(body))
				if err != nil {
					b.Error(err)
					return
				}
				msg, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK || !bytes.Contains(msg, []byte(`"errors":false`)) {
					b.Errorf("bulk: %s %.300s", res.Status, msg)
				}
			}
		}()
	}
	for _, body := range bodies {
		next <- body
	}
	close(next)
	wg.Wait()
	b.StopTimer()
	report(b, cpu)
}

// report adds records/s and, when known, Elasticsearch CPU per record.
func report(b *testing.B, cpu0 time.Duration) {
	recs := float64(b.N * benchBatch)
	b.ReportMetric(recs/b.Elapsed().Seconds(), "records/s")
	if cpu0 >= 0 {
		if cpu1 := esCPU(); cpu1 >= 0 {
			b.ReportMetric(float64((cpu1-cpu0).Microseconds())/recs, "es-cpu-µs/rec")
		}
	}
}

// esCPU returns the CPU time (user + system) the Elasticsearch process has
// used, from /proc and ES_PID_FILE; -1 when unknown.
func esCPU() time.Duration {
	pid, err := os.ReadFile(os.Getenv("ES_PID_FILE"))
	if err != nil {
		return -1
	}
	st, err := os.ReadFile("/proc/" + strings.TrimSpace(string(pid)) + "/stat")
	if err != nil {
		return -1
	}
	s := string(st)
	i := strings.LastIndexByte(s, ')')
	if i < 0 || i+2 > len(s) {
		return -1
	}
	f := strings.Fields(s[i+2:])
	if len(f) < 13 {
		return -1
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticks
}

// httpDo sends a request and fails the benchmark on an error status.
func httpDo(b *testing.B, method, url, body string) {
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		msg, _ := io.ReadAll(res.Body)
		b.Fatalf("%s %s: %s %s", method, url, res.Status, msg)
	}
}
