// Package export writes the records matching a search query as research
// tables: CSV, JSON Lines or Parquet, with a codebook and a manifest.
//
// # Tables
//
//	articles   one row per record (article metadata, counts, group ids)
//	claims     one row per claim of a record (group, status, certainty,
//	           incident, source, channel, confidence, evidence)
//	incidents  one row per incident of a record, with columns named and
//	           coded as in the Global Terrorism Database (iyear, imonth,
//	           iday, country_txt, city, latitude, longitude,
//	           attacktype1_txt, targtype1_txt, gname, gname2, claimed,
//	           claimmode_txt, compclaim, nkill, nwound, suicide) beside the
//	           richer claimwatch fields (status per group, certainty,
//	           sources, evidence, record_id, url)
//	events     one row per cross-article incident of the incident index
//	           (Options.Events): one attack however many articles told it,
//	           with the same GTD columns (gname/gname2 from the claim
//	           timeline, nkill/nwound the latest toll), the number of
//	           sources and outlets, record ids, first_seen and the claim
//	           timeline. Written after the record tables, whole (a resumed
//	           export rewrites it); the query's filters apply to the
//	           incidents, since/until to their attack dates
//
// The columns, their types, meanings and allowed values are declared once,
// as struct tags of ArticleRow, ClaimRow and IncidentRow; the codebook
// (codebook.json, codebook.md in every export and docs/codebook.md) is
// generated from them by Codebook.
//
// # Files
//
//	csv      articles.csv, claims.csv, incidents.csv: RFC 4180 (encoding/csv,
//	         CRLF), UTF-8 without BOM, a header row; a text cell starting
//	         with = + - @ tab or CR gets a leading apostrophe (spreadsheet
//	         formula injection); numbers are never altered; lists are joined
//	         with ';'; an empty cell is a null
//	jsonl    articles.jsonl, ...: one JSON object per row, null for nulls
//	parquet  articles/part-00001.parquet, ...: typed columns (int64,
//	         double, string, optional, list<string>), snappy, one row group
//	         per batch; a new part file per PartRecords records
//	codebook.json, codebook.md, manifest.json (query, row counts, published
//	range, versions, start and finish times, sha256 of every file)
//
// # Constant memory and resume
//
// Records come from an indexer.Scanner in ascending id order, batch by
// batch; rows are streamed to the writers. After every batch (CSV, JSONL)
// or every part (Parquet) the writers are flushed and fsynced and
// checkpoint.json (last id, row counts, file sizes, parts) is written
// atomically. Options.Resume truncates the files to the sizes of the
// checkpoint, deletes Parquet parts written after it, and continues after
// its last id: rows are neither lost nor repeated. A cancelled export
// checkpoints what it has written before it returns. A finished export
// has manifest.json and no checkpoint; resuming it returns its manifest.
package export
