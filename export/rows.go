package export

// The three tables. Every column is declared here once: its name (json and
// parquet tags), Go type (which decides its Parquet, CSV and codebook
// type), meaning (desc) and allowed values (values: a '|' list, or enum: a
// name in enums()). The codebook is generated from these tags.
//
// Types: string; int64; float64; *int64 and *float64 are nullable (empty
// CSV cell, JSON null, optional Parquet column); []string is a list
// (joined with ';' in CSV, an array in JSON, a Parquet LIST).

// ArticleRow is one row per record.
type ArticleRow struct {
	ID           string   `json:"id" parquet:"id" desc:"record id: the article id, hex SHA-256 of the canonical URL truncated to 32 digits; key of the table"`
	URL          string   `json:"url" parquet:"url" desc:"address the article was fetched from"`
	CanonicalURL string   `json:"canonical_url" parquet:"canonical_url" desc:"canonical URL of the article"`
	Source       string   `json:"source" parquet:"source" desc:"configured outlet name"`
	Title        string   `json:"title" parquet:"title" desc:"headline of the article"`
	Published    string   `json:"published" parquet:"published" desc:"publication date or time as found on the page (RFC 3339 or YYYY-MM-DD); empty when unknown"`
	Lang         string   `json:"lang" parquet:"lang" desc:"language of the article, ISO 639-1"`
	FetchedAt    string   `json:"fetched_at" parquet:"fetched_at" desc:"when the page was fetched, RFC 3339 UTC"`
	ExtractedAt  string   `json:"extracted_at" parquet:"extracted_at" desc:"when the record was extracted, RFC 3339 UTC"`
	NGroups      int64    `json:"n_groups" parquet:"n_groups" desc:"number of distinct groups named in the article"`
	NIncidents   int64    `json:"n_incidents" parquet:"n_incidents" desc:"number of attacks described (rows in incidents)"`
	NClaims      int64    `json:"n_claims" parquet:"n_claims" desc:"number of responsibility statements (rows in claims)"`
	GroupIDs     []string `json:"group_ids" parquet:"group_ids,list" desc:"ids of the groups named, in order of first mention (gazetteer ids, see claimwatch groups list)"`
	MilitantIDs  []string `json:"militant_group_ids" parquet:"militant_group_ids,list" desc:"the subset of group_ids of kind militant"`
}

// ClaimRow is one row per claim (a group and a status) of a record.
type ClaimRow struct {
	RecordID      string  `json:"record_id" parquet:"record_id" desc:"id of the record (articles.id)"`
	ClaimIndex    int64   `json:"claim_index" parquet:"claim_index" desc:"position of the claim in its record, from 0; (record_id, claim_index) is the key"`
	GroupID       string  `json:"group_id" parquet:"group_id" desc:"gazetteer id of the group; empty for a statement about no group (\"no group has claimed\")"`
	GroupName     string  `json:"group_name" parquet:"group_name" desc:"canonical name of the group"`
	GTDName       string  `json:"gname" parquet:"gname" desc:"the group's name in the Global Terrorism Database when the gazetteer has one, else its canonical name"`
	Status        string  `json:"status" parquet:"status" values:"claimed|denied|attributed|unclaimed" desc:"claimed: the group took responsibility; denied: it denied; attributed: a third party blames it; unclaimed: the text says it (or, without group, nobody) claimed"`
	Certainty     string  `json:"certainty" parquet:"certainty" values:"asserted|suspected|possible" desc:"how firmly the statement is made (for attributed: asserted, suspected, possible)"`
	IncidentID    string  `json:"incident_id" parquet:"incident_id" desc:"id of the incident the claim is about (incidents.incident_id); empty for a general statement"`
	ClaimSource   string  `json:"source" parquet:"source" desc:"who makes the statement (officials, a monitoring group, the group itself); empty when not stated"`
	Channel       string  `json:"channel" parquet:"channel" desc:"medium of a group statement (Telegram, Amaq, video, statement ...); empty when not stated"`
	Confidence    float64 `json:"confidence" parquet:"confidence" desc:"extractor confidence in the claim, 0 to 1"`
	Evidence      string  `json:"evidence" parquet:"evidence" desc:"the sentence carrying the statement"`
	EvidenceStart int64   `json:"evidence_start" parquet:"evidence_start" desc:"byte offset of evidence in the article text"`
	EvidenceEnd   int64   `json:"evidence_end" parquet:"evidence_end" desc:"byte offset of the end of evidence (exclusive)"`
	Published     string  `json:"published" parquet:"published" desc:"articles.published of the record"`
	URL           string  `json:"url" parquet:"url" desc:"canonical URL of the article"`
}

// IncidentRow is one row per incident of a record, GTD-comparable.
type IncidentRow struct {
	RecordID      string   `json:"record_id" parquet:"record_id" desc:"id of the record (articles.id)"`
	IncidentID    string   `json:"incident_id" parquet:"incident_id" desc:"id of the incident, unique within the record; (record_id, incident_id) is the key. The same attack reported by several articles has one row per article"`
	IYear         *int64   `json:"iyear" parquet:"iyear,optional" desc:"GTD iyear: year of the incident; null when the article gives no date"`
	IMonth        int64    `json:"imonth" parquet:"imonth" desc:"GTD imonth: month 1-12, 0 when unknown"`
	IDay          int64    `json:"iday" parquet:"iday" desc:"GTD iday: day 1-31, 0 when unknown"`
	Date          string   `json:"date" parquet:"date" desc:"incident date as extracted: YYYY-MM-DD, YYYY-MM or YYYY"`
	DatePrecision string   `json:"date_precision" parquet:"date_precision" values:"day|month|year" desc:"precision of date; empty when there is no date"`
	Country       string   `json:"country" parquet:"country" desc:"ISO 3166-1 alpha-2 code of the incident country"`
	CountryTxt    string   `json:"country_txt" parquet:"country_txt" desc:"GTD country_txt: English country name (GeoNames)"`
	City          string   `json:"city" parquet:"city" desc:"GTD city: the place named (city, district or region); empty when only the country is known"`
	Latitude      *float64 `json:"latitude" parquet:"latitude,optional" desc:"GTD latitude (WGS84) of the place; null when unknown"`
	Longitude     *float64 `json:"longitude" parquet:"longitude,optional" desc:"GTD longitude (WGS84) of the place; null when unknown"`
	AttackType    string   `json:"attacktype" parquet:"attacktype" enum:"attacktype" desc:"attack type, snake_case as in the extraction contract"`
	AttackTypeTxt string   `json:"attacktype1_txt" parquet:"attacktype1_txt" enum:"attacktype_txt" desc:"GTD attacktype1_txt"`
	TargType1Txt  string   `json:"targtype1_txt" parquet:"targtype1_txt" enum:"targtype_txt" desc:"GTD targtype1_txt: the first target type; Unknown when none was found"`
	TargType2Txt  string   `json:"targtype2_txt" parquet:"targtype2_txt" enum:"targtype_txt" desc:"GTD targtype2_txt: the second target type; empty when none"`
	Targets       []string `json:"targets" parquet:"targets,list" enum:"targtype" desc:"every target type found, snake_case"`
	GName         string   `json:"gname" parquet:"gname" desc:"GTD gname: the perpetrator group (the first group that claimed, else the most firmly blamed), by its GTD name when the gazetteer has one, else its canonical name; Unknown when no group claimed or was blamed"`
	GName2        string   `json:"gname2" parquet:"gname2" desc:"GTD gname2: the second perpetrator group, same rules; empty when none"`
	GUncertain1   *int64   `json:"guncertain1" parquet:"guncertain1,optional" values:"1|0" desc:"GTD guncertain1: 1 when gname is only suspected or possibly responsible (attributed with certainty suspected or possible), 0 when it claimed or is firmly blamed; null when gname is Unknown"`
	GUncertain2   *int64   `json:"guncertain2" parquet:"guncertain2,optional" values:"1|0" desc:"GTD guncertain2: as guncertain1 for gname2"`
	Claimed       int64    `json:"claimed" parquet:"claimed" values:"1|0|-9" desc:"GTD claimed: 1 a group claimed the incident; 0 the article says it was not claimed; -9 unknown"`
	ClaimModeTxt  string   `json:"claimmode_txt" parquet:"claimmode_txt" enum:"claimmode_txt" desc:"GTD claimmode_txt: how the (first) claim was made, from its channel; empty when not claimed"`
	CompClaim     *int64   `json:"compclaim" parquet:"compclaim,optional" values:"1|0" desc:"GTD compclaim: 1 when two or more groups claimed the incident, 0 when one did; null when not claimed"`
	NKill         *int64   `json:"nkill" parquet:"nkill,optional" desc:"GTD nkill: number killed; null when not stated"`
	NWound        *int64   `json:"nwound" parquet:"nwound,optional" desc:"GTD nwound: number wounded; null when not stated"`
	Suicide       int64    `json:"suicide" parquet:"suicide" values:"1|0" desc:"GTD suicide: 1 a suicide attack, else 0"`
	GroupStatus   []string `json:"group_status" parquet:"group_status,list" desc:"every statement about the incident as group_id:status:certainty (group_id empty for \"no group has claimed\"), in article order"`
	GroupIDs      []string `json:"group_ids" parquet:"group_ids,list" desc:"the perpetrator groups, in the order of gname, gname2, ... (gazetteer ids)"`
	Certainty     string   `json:"certainty" parquet:"certainty" values:"asserted|suspected|possible" desc:"certainty of the statement that made gname the perpetrator; empty when gname is Unknown"`
	Sources       []string `json:"sources" parquet:"sources,list" desc:"distinct sources of the statements about the incident"`
	Evidence      string   `json:"evidence" parquet:"evidence" desc:"the sentence describing the attack"`
	ClaimEvidence string   `json:"claim_evidence" parquet:"claim_evidence" desc:"the sentence that made gname the perpetrator; empty when gname is Unknown"`
	Published     string   `json:"published" parquet:"published" desc:"articles.published of the record"`
	URL           string   `json:"url" parquet:"url" desc:"canonical URL of the article"`
}
