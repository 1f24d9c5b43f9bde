// Package configs holds the project's bundled configuration and data files
// (default.yaml, sources.yaml, groups.yaml and groups.d/, alerts.yaml) and
// embeds them so that the binary runs from any directory. Files on disk given
// by --config or CLAIMWATCH_* variables take precedence over the embedded ones.
package configs
