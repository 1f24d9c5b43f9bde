package configs

import "embed"

// FS holds the bundled configuration files.
//
//go:embed *.yaml groups.d
var FS embed.FS
