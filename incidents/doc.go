// Package incidents merges reports of the same attack, told by several
// articles, outlets and days, into one cross-article Incident with its
// sources, the time it was first seen and a claim timeline (first claim,
// denials, competing claims, retractions).
//
// The clustering engine (Engine, Config) is pure and deterministic: a
// Report (one attack described by one record) is compared with the
// incidents a Store returns as candidates (blocking by country and a date
// window) and joins the best one whose score passes Config.Threshold, or
// starts a new incident. Everything an Incident shows (place, date, type,
// casualties, groups, timeline) is rebuilt from its sources in a fixed
// order by Rebuild, so the result does not depend on how often a record was
// delivered.
//
// Ids are stable under replays: an incident's id is derived from the key of
// the report that created it (IncidentID), and a report already stored in
// an incident (looked up by its key, Store.ByMember) updates that incident
// in place, so at-least-once delivery never duplicates.
//
// Stage runs the engine as a pipeline stage on RECORDS with its own
// durable consumer ("incidents"). Its state is the Store itself (the
// incident index beside the article records: indexer.OpenBleveIncidents
// or the Elasticsearch <prefix>-incidents index), so it survives restarts.
package incidents
