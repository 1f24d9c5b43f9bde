package export

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"runtime/debug"

	"github.com/claimwatch/claimwatch/extractor"
)

// GazetteerVersion fingerprints a group gazetteer for the manifest:
// "sha256:" and the first 16 hex digits of the hash of its entries as
// JSON; "" for nil. Any change of a group, alias or GTD name changes it.
func GazetteerVersion(g *extractor.Gazetteer) string {
	if g == nil {
		return ""
	}
	b, err := json.Marshal(g.Entries())
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// BuildVersion describes the running binary for the manifest: the main
// module version and, when the build recorded them, the VCS revision and
// whether the tree was modified.
func BuildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " " + rev + dirty
	}
	return v
}
