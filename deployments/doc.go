// Package deployments holds no code: it is the home of the deployment
// files (docker/, compose/, kubernetes/, nats/, kibana/) and of the tests
// that check them without a container engine: every YAML and NDJSON file
// parses, every CLAIMWATCH_* variable names a real configuration key, ports
// and probe paths match the admin server, the NATS cluster configurations
// load in nats-server's own parser and route to each other, the Kibana
// saved objects reference only existing objects and index fields, and
// kibana/import.sh imports them against a fake Kibana.
package deployments
