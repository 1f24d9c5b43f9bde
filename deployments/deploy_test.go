package deployments

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
)

const adminPort = 9464

// owned lists the directories of this package (elasticsearch/ and scripts/
// belong to others).
var owned = []string{"docker", "compose", "kubernetes", "nats", "kibana"}

func TestEveryYAMLFileParses(t *testing.T) {
	n := 0
	for _, dir := range owned {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				return err
			}
			docs, err := yamlDocs(p)
			if err != nil {
				t.Error(err)
				return nil
			}
			if len(docs) == 0 {
				t.Errorf("%s: no YAML documents", p)
			}
			for i, d := range docs {
				if strings.HasPrefix(p, "kubernetes/") && !strings.Contains(p, "nats-helm") && !strings.HasSuffix(p, "kustomization.yaml") {
					if d["apiVersion"] == nil || d["kind"] == nil || str(d, "metadata", "name") == "" {
						t.Errorf("%s document %d: missing apiVersion, kind or metadata.name", p, i+1)
					}
				}
			}
			n++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 10 {
		t.Errorf("parsed %d YAML files, expected at least 10", n)
	}
}

func TestAdminServerPathsAndPort(t *testing.T) {
	// The admin server really serves the paths the probes call.
	src, err := os.ReadFile(filepath.Join(repoRoot, "cmd/claimwatch/admin.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, route := range []string{`"GET /healthz"`, `"GET /readyz"`, `"GET /metrics"`} {
		if !strings.Contains(string(src), route) {
			t.Errorf("cmd/claimwatch/admin.go does not register %s", route)
		}
	}
	var def map[string]any
	readYAML(t, filepath.Join(repoRoot, "configs/default.yaml"), &def)
	if _, port, _ := net.SplitHostPort(str(def, "admin", "addr")); port != strconv.Itoa(adminPort) {
		t.Errorf("configs/default.yaml admin.addr port %q, want %d", port, adminPort)
	}

	// Kubernetes: port 9464 named admin, liveness /healthz, readiness /readyz.
	deps := docsOfKind(k8sDocs(t), "Deployment")
	if len(deps) != 4 {
		t.Fatalf("%d claimwatch Deployments, want 4 (crawl, extract, index, alerts)", len(deps))
	}
	for _, d := range deps {
		name := str(d, "metadata", "name")
		for _, ct := range list(d, "spec", "template", "spec", "containers") {
			ports := map[string]int{}
			for _, p := range list(ct, "ports") {
				ports[str(p, "name")] = get(p, "containerPort").(int)
			}
			if ports["admin"] != adminPort {
				t.Errorf("%s: admin containerPort %d, want %d", name, ports["admin"], adminPort)
			}
			for probe, want := range map[string]string{"livenessProbe": "/healthz", "readinessProbe": "/readyz", "startupProbe": "/healthz"} {
				if got := str(ct, probe, "httpGet", "path"); got != want {
					t.Errorf("%s: %s path %q, want %q", name, probe, got, want)
				}
				port := get(ct, probe, "httpGet", "port")
				if ps, ok := port.(string); ok {
					port = ports[ps]
				}
				if port != adminPort {
					t.Errorf("%s: %s port %v, want %d", name, probe, port, adminPort)
				}
			}
			if get(ct, "resources", "requests") == nil || get(ct, "resources", "limits") == nil {
				t.Errorf("%s: resource requests and limits required", name)
			}
			args := strings.Join(toStrings(list(ct, "args")), " ")
			if strings.HasPrefix(args, "extract") && !strings.Contains(args, "--stage") {
				t.Errorf("%s: extract without --stage runs in JSONL mode: %q", name, args)
			}
		}
	}

	// Compose: every claimwatch service probes /healthz on 9464 and listens on it.
	c := compose(t)
	for _, name := range []string{"crawl", "extract", "index", "alerts"} {
		s := composeService(t, c, name)
		test := strings.Join(toStrings(list(s, "healthcheck", "test")), " ")
		if !strings.Contains(test, "http://127.0.0.1:"+strconv.Itoa(adminPort)+"/healthz") || !strings.Contains(test, "/usr/local/bin/claimwatch healthcheck") {
			t.Errorf("compose %s: healthcheck %q does not probe /healthz on %d", name, test, adminPort)
		}
		if _, port, _ := net.SplitHostPort(str(s, "environment", "CLAIMWATCH_ADMIN_ADDR")); port != strconv.Itoa(adminPort) {
			t.Errorf("compose %s: CLAIMWATCH_ADMIN_ADDR port %q", name, port)
		}
		if str(s, "restart") == "" {
			t.Errorf("compose %s: no restart policy", name)
		}
	}
	// Dockerfile.
	df, err := os.ReadFile("docker/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"EXPOSE 9464", `"healthcheck", "http://127.0.0.1:9464/healthz"`, "deployments/docker/build.sh", "USER 65532:65532", "ca-certificates.crt", `ENTRYPOINT ["/usr/local/bin/claimwatch"]`, "VOLUME"} {
		if !strings.Contains(string(df), want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	// The one build command: static, reproducible paths, stripped.
	build, err := os.ReadFile("docker/build.sh")
	if err != nil {
		t.Fatalf("the Dockerfile builds with deployments/docker/build.sh: %v", err)
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "-s -w", "./cmd/claimwatch"} {
		if !strings.Contains(string(build), want) {
			t.Errorf("docker/build.sh lacks %q", want)
		}
	}
	// The HEALTHCHECK command exists.
	hc, err := os.ReadFile(filepath.Join(repoRoot, "cmd/claimwatch/main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(hc), "newHealthcheckCmd(g)") {
		t.Error("cmd/claimwatch does not register the healthcheck command the Dockerfile and compose call")
	}
}

// toStrings renders a YAML list (command, volumes, test) as strings.
func toStrings(l []any) []string {
	out := make([]string, 0, len(l))
	for _, v := range l {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// loadNATS parses a nats-server configuration with the server's own parser.
func loadNATS(t *testing.T, path string, env map[string]string) *server.Options {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	opts, err := server.ProcessConfigFile(path)
	if err != nil {
		t.Fatalf("nats-server rejects %s: %v", path, err)
	}
	return opts
}

func routeHosts(opts *server.Options) []string {
	var hosts []string
	for _, u := range opts.Routes {
		hosts = append(hosts, u.Host)
	}
	slices.Sort(hosts)
	return hosts
}

func TestComposeNATSClusterOfThree(t *testing.T) {
	c := compose(t)
	var names []string
	for name, s := range get(c, "services").(map[string]any) {
		if strings.Contains(str(s, "image"), "nats:") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	if len(names) != 3 {
		t.Fatalf("compose has %d NATS services %v, want 3", len(names), names)
	}
	var clientURLs []string
	for _, n := range names {
		clientURLs = append(clientURLs, "nats://"+n+":4222")
	}
	for _, name := range names {
		s := composeService(t, c, name)
		var conf string
		for _, v := range toStrings(list(s, "volumes")) {
			if src, dst, ok := strings.Cut(v, ":"); ok && strings.HasSuffix(src, ".conf") {
				conf = filepath.Join("compose", src)
				if !strings.Contains(strings.Join(toStrings(list(s, "command")), " "), strings.SplitN(dst, ":", 2)[0]) {
					t.Errorf("%s: command does not load %s", name, dst)
				}
			}
		}
		if conf == "" {
			t.Fatalf("%s mounts no .conf file", name)
		}
		opts := loadNATS(t, conf, map[string]string{
			"SERVER_NAME": str(s, "environment", "SERVER_NAME"), "NATS_USER": "u", "NATS_PASSWORD": "p"})
		if opts.ServerName != name {
			t.Errorf("%s: server_name %q", name, opts.ServerName)
		}
		if !opts.JetStream || opts.StoreDir == "" {
			t.Errorf("%s: JetStream not enabled with a store dir", name)
		}
		if opts.Port != 4222 || opts.Cluster.Port != 6222 || opts.HTTPPort != 8222 {
			t.Errorf("%s: ports client %d cluster %d http %d", name, opts.Port, opts.Cluster.Port, opts.HTTPPort)
		}
		if !opts.SyncAlways {
			t.Errorf("%s: sync_interval always expected (durable like the embedded default)", name)
		}
		var want []string
		for _, n := range names {
			want = append(want, n+":6222")
		}
		if got := routeHosts(opts); !slices.Equal(got, want) {
			t.Errorf("%s: routes %v, want %v", name, got, want)
		}
		if opts.Username != "u" || opts.Password != "p" {
			t.Errorf("%s: client authorization not taken from the environment", name)
		}
	}
	// Every claimwatch service connects to all three, with replicas 3.
	for _, name := range []string{"crawl", "extract", "index", "alerts"} {
		s := composeService(t, c, name)
		got := strings.Split(str(s, "environment", "CLAIMWATCH_NATS_URL"), ",")
		slices.Sort(got)
		if !slices.Equal(got, clientURLs) {
			t.Errorf("compose %s: CLAIMWATCH_NATS_URL %v, want %v", name, got, clientURLs)
		}
		if r := str(s, "environment", "CLAIMWATCH_NATS_STREAMS_REPLICAS"); r != "3" {
			t.Errorf("compose %s: CLAIMWATCH_NATS_STREAMS_REPLICAS %q, want 3", name, r)
		}
		deps, _ := get(s, "depends_on").(map[string]any)
		for _, n := range names {
			if str(deps, n, "condition") != "service_healthy" {
				t.Errorf("compose %s: does not wait for %s to be healthy", name, n)
			}
		}
	}
	if r := get(composeService(t, c, "extract"), "deploy", "replicas"); r != 3 {
		t.Errorf("compose extract replicas %v, want 3", r)
	}
	idx := composeService(t, c, "index")
	if str(idx, "environment", "CLAIMWATCH_INDEX_BACKEND") != "elasticsearch" || str(idx, "environment", "CLAIMWATCH_INDEX_ES_URLS") != "http://elasticsearch:9200" {
		t.Errorf("compose index: not configured for Elasticsearch: %v", get(idx, "environment"))
	}
}

func TestComposeReferencesExist(t *testing.T) {
	c := compose(t)
	b, _ := os.ReadFile("compose/compose.yaml")
	envExample, err := os.ReadFile("compose/.env.example")
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	for _, line := range strings.Split(string(envExample), "\n") {
		if k, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(k, "#") {
			defined[strings.TrimSpace(k)] = true
		}
	}
	for _, m := range regexp.MustCompile(`\$\{([A-Z0-9_]+)`).FindAllStringSubmatch(string(b), -1) {
		if !defined[m[1]] {
			t.Errorf("compose.yaml uses ${%s}, not in .env.example", m[1])
		}
	}
	// Bind-mounted files and the build context exist.
	for name, s := range get(c, "services").(map[string]any) {
		for _, v := range toStrings(list(s, "volumes")) {
			if src, _, ok := strings.Cut(v, ":"); ok && strings.HasPrefix(src, ".") {
				if _, err := os.Stat(filepath.Join("compose", src)); err != nil {
					t.Errorf("compose %s: volume source %s: %v", name, src, err)
				}
			}
		}
		if df := str(s, "build", "dockerfile"); df != "" {
			if _, err := os.Stat(filepath.Join("compose", str(s, "build", "context"), df)); err != nil {
				t.Errorf("compose %s: dockerfile: %v", name, err)
			}
		}
	}
	setup := composeService(t, c, "kibana-setup")
	if !strings.Contains(strings.Join(toStrings(list(setup, "entrypoint")), " "), "/kibana/import.sh") || str(setup, "restart") != "no" {
		t.Errorf("kibana-setup must be a one-shot running /kibana/import.sh")
	}
}

func TestKubernetesNATSStatefulSet(t *testing.T) {
	docs := k8sDocs(t)
	var kust map[string]any
	readYAML(t, "kubernetes/kustomization.yaml", &kust)
	ns := str(kust, "namespace")
	sts := findDoc(t, docs, "StatefulSet", "nats")
	replicas := get(sts, "spec", "replicas").(int)
	headless := str(sts, "spec", "serviceName")
	if replicas != 3 {
		t.Errorf("NATS StatefulSet replicas %d, want 3", replicas)
	}
	svc := findDoc(t, docs, "Service", headless)
	if str(svc, "spec", "clusterIP") != "None" {
		t.Errorf("service %s is not headless", headless)
	}
	cm := findDoc(t, docs, "ConfigMap", "nats-config")
	file, err := os.ReadFile("nats/kubernetes.conf")
	if err != nil {
		t.Fatal(err)
	}
	if got := str(cm, "data", "nats.conf"); got != string(file) {
		t.Errorf("ConfigMap nats-config differs from nats/kubernetes.conf")
	}
	var want []string
	for i := range replicas {
		want = append(want, "nats-"+strconv.Itoa(i)+"."+headless+"."+ns+".svc.cluster.local:6222")
	}
	for i := range replicas {
		pod := "nats-" + strconv.Itoa(i)
		opts := loadNATS(t, "nats/kubernetes.conf", map[string]string{"POD_NAME": pod, "NATS_USER": "u", "NATS_PASSWORD": "p"})
		if opts.ServerName != pod || !opts.JetStream || opts.Cluster.Port != 6222 || opts.HTTPPort != 8222 {
			t.Errorf("%s: server_name %q jetstream %v cluster port %d http %d", pod, opts.ServerName, opts.JetStream, opts.Cluster.Port, opts.HTTPPort)
		}
		if got := routeHosts(opts); !slices.Equal(got, want) {
			t.Errorf("routes %v, want %v", got, want)
		}
	}
	// The pods get every variable the configuration references.
	ct := list(sts, "spec", "template", "spec", "containers")[0]
	envs := map[string]bool{}
	for _, e := range list(ct, "env") {
		envs[str(e, "name")] = true
	}
	for _, v := range []string{"POD_NAME", "NATS_USER", "NATS_PASSWORD"} {
		if !envs[v] {
			t.Errorf("NATS pods lack %s", v)
		}
	}
	// claimwatch connects to every pod of the StatefulSet.
	cw := findDoc(t, docs, "ConfigMap", "claimwatch-config")
	var cfg map[string]any
	decodeYAML(t, "claimwatch config.yaml", str(cw, "data", "config.yaml"), &cfg)
	urls := strings.Split(str(cfg, "nats", "url"), ",")
	if len(urls) != replicas {
		t.Errorf("nats.url lists %d servers, want %d", len(urls), replicas)
	}
	for i, u := range urls {
		if w := "nats://nats-" + strconv.Itoa(i) + "." + headless + ":4222"; u != w {
			t.Errorf("nats.url[%d] = %q, want %q", i, u, w)
		}
	}
	// HPA and PDB point at real objects.
	hpa := findDoc(t, docs, "HorizontalPodAutoscaler", "claimwatch-extract")
	findDoc(t, docs, "Deployment", str(hpa, "spec", "scaleTargetRef", "name"))
	for _, pdb := range docsOfKind(docs, "PodDisruptionBudget") {
		sel := get(pdb, "spec", "selector", "matchLabels").(map[string]any)
		matched := false
		for _, d := range docs {
			labels, _ := get(d, "spec", "template", "metadata", "labels").(map[string]any)
			ok := labels != nil
			for k, v := range sel {
				ok = ok && labels[k] == v
			}
			matched = matched || ok
		}
		if !matched {
			t.Errorf("PDB %s selects no pods", str(pdb, "metadata", "name"))
		}
	}
	// Every resource named in the kustomization exists; the image name matches.
	for _, d := range docsOfKind(docs, "Deployment") {
		img := str(list(d, "spec", "template", "spec", "containers")[0], "image")
		if img != str(list(kust, "images")[0], "name") {
			t.Errorf("%s: image %q is not rewritten by the kustomization", str(d, "metadata", "name"), img)
		}
	}
}

// kibanaObject is one saved object of the NDJSON export.
type kibanaObject struct {
	ID         string         `json:"id"`
	Type       string         `json:"type"`
	Attributes map[string]any `json:"attributes"`
	References []struct {
		ID, Name, Type string
	} `json:"references"`
}

func readKibana(t *testing.T) []kibanaObject {
	t.Helper()
	f, err := os.Open("kibana/claimwatch.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var objs []kibanaObject
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		var o kibanaObject
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("claimwatch.ndjson line %d: %v", line, err)
		}
		if o.ID == "" || o.Type == "" || o.Attributes == nil {
			t.Fatalf("line %d: id, type and attributes are required", line)
		}
		objs = append(objs, o)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return objs
}

// indexFields lists the fields of the Elasticsearch document
// (indexer/elastic/document.go json tags, nested objects as parent.child).
func indexFields(t *testing.T) map[string]bool {
	t.Helper()
	idx := loadStructs(t, "indexer/elastic")
	keys := keySet{}
	idx.walkJSON(t, keys, "elastic", "document", "")
	fields := map[string]bool{}
	for k := range keys {
		fields[k] = true
		for p := k; strings.Contains(p, "."); {
			p = p[:strings.LastIndex(p, ".")]
			fields[p] = true
		}
	}
	if !fields["published"] || !fields["claims.status"] {
		t.Fatalf("document fields not found: %v", fields)
	}
	return fields
}

func TestKibanaSavedObjects(t *testing.T) {
	objs := readKibana(t)
	fields := indexFields(t)
	byKey := map[string]kibanaObject{}
	for _, o := range objs {
		byKey[o.Type+"/"+o.ID] = o
	}
	types := map[string]int{}
	for _, o := range objs {
		types[o.Type]++
		for _, r := range o.References {
			if _, ok := byKey[r.Type+"/"+r.ID]; !ok {
				t.Errorf("%s %s references missing %s %s", o.Type, o.ID, r.Type, r.ID)
			}
		}
		// Stringified JSON attributes must parse.
		for _, k := range []string{"panelsJSON", "optionsJSON", "layerListJSON", "mapStateJSON", "uiStateJSON", "fieldFormatMap", "fields"} {
			if s, ok := o.Attributes[k].(string); ok {
				var v any
				if err := json.Unmarshal([]byte(s), &v); err != nil {
					t.Errorf("%s %s: %s: %v", o.Type, o.ID, k, err)
				}
			}
		}
		if s := str(o.Attributes, "kibanaSavedObjectMeta", "searchSourceJSON"); s != "" {
			var v any
			if err := json.Unmarshal([]byte(s), &v); err != nil {
				t.Errorf("%s %s: searchSourceJSON: %v", o.Type, o.ID, err)
			}
		}
		for _, f := range referencedFields(t, o) {
			if !fields[f] {
				t.Errorf("%s %s uses field %q, not in the Elasticsearch document (indexer/elastic/document.go)", o.Type, o.ID, f)
			}
		}
	}
	for typ, min := range map[string]int{"index-pattern": 1, "lens": 3, "map": 1, "search": 1, "dashboard": 1} {
		if types[typ] < min {
			t.Errorf("%d saved objects of type %s, want at least %d", types[typ], typ, min)
		}
	}
	dv := byKey["index-pattern/claimwatch-records"]
	if str(dv.Attributes, "title") != "claimwatch-records*" || str(dv.Attributes, "timeFieldName") != "published" {
		t.Errorf("data view: title %q time field %q", str(dv.Attributes, "title"), str(dv.Attributes, "timeFieldName"))
	}
	// The data view matches the alias the Elasticsearch backend writes.
	src, err := os.ReadFile(filepath.Join(repoRoot, "indexer/elastic/config.go"))
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`DefaultIndexPrefix\s*=\s*"([^"]+)"`).FindSubmatch(src); m == nil || string(m[1])+"*" != str(dv.Attributes, "title") {
		t.Errorf("data view title %q does not match the index prefix of indexer/elastic", str(dv.Attributes, "title"))
	}
	// Every dashboard panel has its reference.
	for _, o := range objs {
		if o.Type != "dashboard" {
			continue
		}
		var panels []map[string]any
		_ = json.Unmarshal([]byte(o.Attributes["panelsJSON"].(string)), &panels)
		if len(panels) < 5 {
			t.Errorf("dashboard %s has %d panels", o.ID, len(panels))
		}
		for _, p := range panels {
			name := str(p, "panelIndex") + ":" + str(p, "panelRefName")
			found := false
			for _, r := range o.References {
				found = found || (r.Name == name && r.Type == str(p, "type"))
			}
			if !found {
				t.Errorf("dashboard %s: panel %s has no reference %q", o.ID, str(p, "panelIndex"), name)
			}
		}
	}
}

// referencedFields collects the index fields a saved object uses.
func referencedFields(t *testing.T, o kibanaObject) []string {
	var out []string
	add := func(s string) {
		if s != "" && s != "___records___" {
			out = append(out, s)
		}
	}
	switch o.Type {
	case "index-pattern":
		add(str(o.Attributes, "timeFieldName"))
	case "lens":
		layers, _ := get(o.Attributes, "state", "datasourceStates", "formBased", "layers").(map[string]any)
		if len(layers) == 0 {
			t.Errorf("lens %s has no layers", o.ID)
		}
		cols := map[string]bool{}
		for id, l := range layers {
			for cid, c := range get(l, "columns").(map[string]any) {
				add(str(c, "sourceField"))
				cols[cid] = true
			}
			if len(list(l, "columnOrder")) != len(get(l, "columns").(map[string]any)) {
				t.Errorf("lens %s layer %s: columnOrder does not list every column", o.ID, id)
			}
		}
		// The chart's accessors name columns of its layers.
		for _, vl := range list(o.Attributes, "state", "visualization", "layers") {
			if _, ok := layers[str(vl, "layerId")]; !ok {
				t.Errorf("lens %s: visualization layer %q has no datasource layer", o.ID, str(vl, "layerId"))
			}
			var acc []string
			for _, k := range []string{"xAccessor", "splitAccessor"} {
				if a := str(vl, k); a != "" {
					acc = append(acc, a)
				}
			}
			for _, k := range []string{"accessors", "primaryGroups", "metrics"} {
				acc = append(acc, toStrings(list(vl, k))...)
			}
			if len(acc) == 0 {
				t.Errorf("lens %s: visualization layer without accessors", o.ID)
			}
			for _, a := range acc {
				if !cols[a] {
					t.Errorf("lens %s: accessor %q is not a column", o.ID, a)
				}
			}
		}
	case "search":
		for _, c := range list(o.Attributes, "columns") {
			add(c.(string))
		}
		for _, s := range list(o.Attributes, "sort") {
			add(s.([]any)[0].(string))
		}
	case "map":
		var layers []map[string]any
		_ = json.Unmarshal([]byte(str(o.Attributes, "layerListJSON")), &layers)
		for _, l := range layers {
			add(str(l, "sourceDescriptor", "geoField"))
			add(str(l, "sourceDescriptor", "sortField"))
			for _, p := range list(l, "sourceDescriptor", "tooltipProperties") {
				add(p.(string))
			}
		}
	}
	return out
}
