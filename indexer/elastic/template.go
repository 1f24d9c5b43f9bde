package elastic

import (
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
)

// TemplateVersion is the version of the index template and mapping. The
// concrete index is "<prefix>-v<TemplateVersion>" and the template
// "<prefix>-v<TemplateVersion>"; bump it on any mapping change and
// reindex (replay the RECORDS stream into the new index, then move the
// alias).
//
// Version 2 (from 1): no term vectors on title and text (nothing reads
// them; highlighters re-analyse), and the article text stored once, in
// "text", instead of excluded from _source and kept in the record copy:
// together about a third less Elasticsearch CPU per record
// (docs/benchmarks.md).
const TemplateVersion = 2

// textAnalyzer is the name of the analyser of title and text.
const textAnalyzer = "claimwatch_english"

// analysis returns the index analysis settings. The analyser of title and
// text copies the bleve "en" analyser: possessives stripped, lower case,
// the same (Snowball) English stop words, Porter stemming. stemming is
// false on a cluster without the analysis-common module (the minimal
// integ-test distribution): the analyser then has no possessive and stem
// filters, and a search word matches only its exact (lower-cased) form.
func analysis(stemming bool) map[string]any {
	filters := []string{"lowercase", "claimwatch_stop"}
	defs := map[string]any{
		"claimwatch_stop": map[string]any{"type": "stop", "stopwords": stopWords()},
	}
	if stemming {
		filters = []string{"claimwatch_possessive", "lowercase", "claimwatch_stop", "porter_stem"}
		defs["claimwatch_possessive"] = map[string]any{"type": "stemmer", "language": "possessive_english"}
	}
	return map[string]any{
		"filter": defs,
		"analyzer": map[string]any{
			textAnalyzer: map[string]any{"type": "custom", "tokenizer": "standard", "filter": filters},
		},
	}
}

// stopWords is bleve's English stop list (the Snowball list), so that both
// backends drop the same words from queries and texts.
func stopWords() []string {
	var out []string
	for _, line := range strings.Split(string(en.EnglishStopWords), "\n") {
		if i := strings.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		out = append(out, strings.Fields(line)...)
	}
	return out
}

// indexName is the concrete, versioned index behind the alias.
func indexName(prefix string) string { return prefix + "-v" + strconv.Itoa(TemplateVersion) }

// templateName is the versioned name of the index template.
func templateName(prefix string) string { return prefix + "-v" + strconv.Itoa(TemplateVersion) }

// indexTemplate is the composable index template for indexName(prefix).
// Nothing is mapped dynamically: a field not listed is kept in _source and
// not indexed. The record copy in _source lacks the article text, which
// _source holds once, in text.
func indexTemplate(cfg Config, stemming bool) map[string]any {
	kw := map[string]any{"type": "keyword"}
	text := func(sub bool) map[string]any {
		m := map[string]any{"type": "text", "analyzer": textAnalyzer}
		if sub {
			m["fields"] = map[string]any{"keyword": map[string]any{"type": "keyword", "ignore_above": 1024}}
		}
		return m
	}
	date := map[string]any{"type": "date", "ignore_malformed": true}
	geo := map[string]any{"type": "geo_point", "ignore_malformed": true}
	integer := map[string]any{"type": "integer", "ignore_malformed": true}
	nested := func(props map[string]any) map[string]any {
		return map[string]any{"type": "nested", "dynamic": false, "properties": props}
	}
	props := map[string]any{
		fieldID:          kw,
		fieldTitle:       text(true),
		fieldText:        text(false),
		fieldSource:      kw,
		fieldLang:        kw,
		fieldHost:        kw,
		fieldGroups:      kw,
		fieldClaimStatus: kw,
		fieldClaimPair:   kw,
		fieldType:        kw,
		fieldCountry:     kw,
		fieldPublished:   date,
		fieldMonth:       kw,
		fieldLocation:    geo,
		"url":            kw,
		"authors":        kw,
		"fetched_at":     date,
		"extracted_at":   date,
		"schema_version": integer,
		"killed":         integer,
		"injured":        integer,
		"mentions": nested(map[string]any{
			"id": kw, "name": kw, "kind": kw, "mentions": integer,
		}),
		"claims": nested(map[string]any{
			"group_id": kw, "group_name": kw, "group_kind": kw, "status": kw, "certainty": kw,
			"incident": kw, "source": kw, "channel": kw,
			"confidence": map[string]any{"type": "float", "ignore_malformed": true},
			"evidence":   map[string]any{"type": "text", "analyzer": textAnalyzer},
		}),
		"incidents": nested(map[string]any{
			"id": kw, "type": kw, "date": date, "date_precision": kw, "place": kw, "country": kw,
			"location": geo, "killed": integer, "injured": integer,
			"suicide": map[string]any{"type": "boolean"}, "targets": kw,
		}),
		fieldRecord: map[string]any{"type": "object", "enabled": false},
	}
	settings := map[string]any{
		"number_of_shards":   cfg.Shards,
		"number_of_replicas": cfg.Replicas,
		"analysis":           analysis(stemming),
	}
	for k, v := range dynamicSettings(cfg) {
		settings[k] = v
	}
	return map[string]any{
		"index_patterns": []string{indexName(cfg.IndexPrefix)},
		"priority":       200,
		"_meta":          map[string]any{"managed_by": "claimwatch", "template_version": TemplateVersion},
		"template": map[string]any{
			"settings": settings,
			"mappings": map[string]any{
				"dynamic":    false,
				"_meta":      map[string]any{"template_version": TemplateVersion, "stemming": stemming},
				"properties": props,
			},
		},
	}
}

// dynamicSettings are the configured index settings that can change on an
// existing index (Open applies them to it); empty when none is set.
func dynamicSettings(cfg Config) map[string]any {
	m := map[string]any{}
	if cfg.RefreshInterval != "" {
		m["index.refresh_interval"] = cfg.RefreshInterval
	}
	if cfg.TranslogDurability != "" {
		m["index.translog.durability"] = cfg.TranslogDurability
	}
	return m
}
