package extractor

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// RulesVersion names the extraction rules; bump it whenever a rule change
// should make stored records be re-extracted (`claimwatch reprocess`).
const RulesVersion = "2026.11.22"

// Version identifies what produced an extraction: the rules version plus a
// fingerprint of the gazetteer, e.g. "2026.11.2+g3f9a0c1d2b4e5f60". It is
// stored in every Record and is part of its Nats-Msg-Id, so a re-extraction
// after a rule or gazetteer change is not dropped as a duplicate.
func (e *Extractor) Version() string { return RulesVersion + "+g" + e.gaz.Fingerprint() }

// Fingerprint is a short hex SHA-256 of the gazetteer's entries.
func (g *Gazetteer) Fingerprint() string {
	b, err := json.Marshal(g.Entries())
	if err != nil {
		return "unknown"
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}
