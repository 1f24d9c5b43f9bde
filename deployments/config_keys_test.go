package deployments

import (
	"go/ast"
	"go/parser"
	"go/token"

	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// configKeys derives every configuration key of the claimwatch binary from
// the Go source, the way cmd/claimwatch/env.go does by reflection: the yaml
// tag (or the field name) of each exported field, nested structs joined
// with ".", leaves keyed to their Go type. The Config type lives in package
// main and cannot be imported, so it is read with go/parser.
type keySet map[string]string // "nats.streams.replicas" -> "int"

type structIndex map[string]*ast.StructType // "pipeline.NATSConfig" -> struct

// loadStructs parses the non-test Go files of dirs (relative to the repo root).
func loadStructs(t *testing.T, dirs ...string) structIndex {
	t.Helper()
	idx := structIndex{}
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(repoRoot, dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s: %v", dir, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatalf("parse %s: %v", f, err)
			}
			pkg := af.Name.Name
			for _, d := range af.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok || gd.Tok != token.TYPE {
					continue
				}
				for _, s := range gd.Specs {
					ts := s.(*ast.TypeSpec)
					if st, ok := ts.Type.(*ast.StructType); ok {
						idx[pkg+"."+ts.Name.Name] = st
					}
				}
			}
		}
	}
	return idx
}

// walk adds the keys of struct typ (package pkg) under prefix.
func (idx structIndex) walk(t *testing.T, keys keySet, pkg, typ, prefix string) {
	t.Helper()
	st, ok := idx[pkg+"."+typ]
	if !ok {
		t.Fatalf("struct %s.%s not found in the parsed sources", pkg, typ)
	}
	for _, f := range st.Fields.List {
		tag := ""
		if f.Tag != nil {
			raw, _ := strconv.Unquote(f.Tag.Value)
			tag = strings.Split(reflect.StructTag(raw).Get("yaml"), ",")[0]
		}
		if tag == "-" {
			continue
		}
		if len(f.Names) == 0 { // embedded: `yaml:",inline"` puts its keys at this level
			if fpkg, ftyp, isStruct := idx.resolve(pkg, f.Type); isStruct {
				idx.walk(t, keys, fpkg, ftyp, prefix)
			}
			continue
		}
		for _, name := range f.Names {
			if !name.IsExported() {
				continue
			}
			key := tag
			if key == "" {
				key = name.Name
			}
			path := key
			if prefix != "" {
				path = prefix + "." + key
			}
			fpkg, ftyp, isStruct := idx.resolve(pkg, f.Type)
			if isStruct {
				idx.walk(t, keys, fpkg, ftyp, path)
				continue
			}
			keys[path] = exprString(f.Type)
		}
	}
}

// resolve reports whether e names a struct type known to idx.
func (idx structIndex) resolve(pkg string, e ast.Expr) (string, string, bool) {
	switch x := e.(type) {
	case *ast.Ident:
		_, ok := idx[pkg+"."+x.Name]
		return pkg, x.Name, ok
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			_, ok := idx[id.Name+"."+x.Sel.Name]
			return id.Name, x.Sel.Name, ok
		}
	case *ast.StarExpr:
		return idx.resolve(pkg, x.X)
	}
	return "", "", false
}

func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	case *ast.ArrayType:
		return "[]" + exprString(x.Elt)
	case *ast.StarExpr:
		return "*" + exprString(x.X)
	case *ast.FuncType:
		return "func"
	}
	return "?"
}

// claimwatchKeys returns the binary's configuration keys and the keys the
// lead is asked to add (index.es.*: the fields of indexer/elastic.Config),
// unless Config already has them.
func claimwatchKeys(t *testing.T) (real, extras keySet) {
	t.Helper()
	dirs := append([]string{"cmd/claimwatch", "indexer/elastic"}, moduleImports(t, "cmd/claimwatch")...)
	idx := loadStructs(t, dirs...)
	real = keySet{}
	idx.walk(t, real, "main", "Config", "")
	extras = keySet{}
	if _, ok := real["index.backend"]; !ok {
		extras["index.backend"] = "string"
	}
	es := keySet{}
	idx.walk(t, es, "elastic", "Config", "index.es")
	for k, v := range es {
		if _, ok := real[k]; !ok {
			extras[k] = v
		}
	}
	return real, extras
}

// envName is the CLAIMWATCH_* variable of a key (cmd/claimwatch/env.go).
func envName(key string) string {
	return "CLAIMWATCH_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// checkValue reports whether raw is a valid value for a field of Go type typ
// (what setFromString accepts).
func checkValue(typ, raw string) error {
	var err error
	switch typ {
	case "time.Duration":
		_, err = time.ParseDuration(raw)
	case "bool":
		_, err = strconv.ParseBool(raw)
	case "int", "int64", "int32":
		_, err = strconv.ParseInt(raw, 10, 64)
	case "uint64":
		_, err = strconv.ParseUint(raw, 10, 64)
	case "float64":
		_, err = strconv.ParseFloat(raw, 64)
	}
	return err
}

// yamlPaths lists the leaf key paths of a decoded YAML mapping.
func yamlPaths(m map[string]any, prefix string, out map[string]any) {
	for k, v := range m {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		if sub, ok := v.(map[string]any); ok {
			yamlPaths(sub, p, out)
			continue
		}
		out[p] = v
	}
}

func TestConfigKeyWalkerAgreesWithDefaultYAML(t *testing.T) {
	real, _ := claimwatchKeys(t)
	// Keys the loader knows to exist; if the walker misses them it is broken.
	for _, k := range []string{"data_dir", "admin.addr", "nats.url", "nats.user", "nats.password",
		"nats.streams.replicas", "extract.runner.workers", "index.runner.batch_size", "crawler.delay"} {
		if _, ok := real[k]; !ok {
			t.Errorf("walker did not find %s; keys: %d", k, len(real))
		}
	}
	var def map[string]any
	readYAML(t, filepath.Join(repoRoot, "configs/default.yaml"), &def)
	paths := map[string]any{}
	yamlPaths(def, "", paths)
	for p := range paths {
		if _, ok := real[p]; !ok {
			t.Errorf("configs/default.yaml key %s is not a field of Config", p)
		}
	}
	if envName("nats.streams.replicas") != "CLAIMWATCH_NATS_STREAMS_REPLICAS" {
		t.Errorf("envName rule broken: %s", envName("nats.streams.replicas"))
	}
}

// TestEnvironmentVariablesAreConfigKeys checks every CLAIMWATCH_* variable
// set for a container in compose, Kubernetes and the Dockerfile.
func TestEnvironmentVariablesAreConfigKeys(t *testing.T) {
	real, extras := claimwatchKeys(t)
	byEnv := map[string]string{}
	for k, typ := range real {
		byEnv[envName(k)] = typ
	}
	extraEnv := map[string]string{}
	for k, typ := range extras {
		extraEnv[envName(k)] = typ
	}
	vars := containerEnv(t)
	if len(vars) < 10 {
		t.Fatalf("found only %d CLAIMWATCH_* settings; the collector is broken", len(vars))
	}
	var needed []string
	for _, v := range vars {
		typ, ok := byEnv[v.name]
		if !ok {
			if typ, ok = extraEnv[v.name]; ok {
				needed = append(needed, v.name)
			}
		}
		if !ok {
			t.Errorf("%s: %s is not a configuration key (CLAIMWATCH_ + yaml path)", v.where, v.name)
			continue
		}
		if v.literal {
			if err := checkValue(typ, v.value); err != nil {
				t.Errorf("%s: %s=%q is not a valid %s: %v", v.where, v.name, v.value, typ, err)
			}
		}
	}
	if len(needed) > 0 {
		t.Logf("keys the lead must add to cmd/claimwatch Config (from indexer/elastic.Config): %v", dedupe(needed))
	}
}

func TestKubernetesConfigMapIsStrictConfig(t *testing.T) {
	real, _ := claimwatchKeys(t)
	cm := findDoc(t, k8sDocs(t), "ConfigMap", "claimwatch-config")
	data := cm["data"].(map[string]any)["config.yaml"].(string)
	var cfg map[string]any
	decodeYAML(t, "configmap config.yaml", data, &cfg)
	paths := map[string]any{}
	yamlPaths(cfg, "", paths)
	if len(paths) < 20 {
		t.Fatalf("config.yaml has only %d keys", len(paths))
	}
	for p, v := range paths {
		typ, ok := real[p]
		if !ok {
			t.Errorf("ConfigMap config.yaml: %s is not a configuration key (strict loading would refuse it)", p)
			continue
		}
		if s, ok := v.(string); ok {
			if err := checkValue(typ, s); err != nil {
				t.Errorf("ConfigMap config.yaml: %s=%q: %v", p, s, err)
			}
		}
	}
	if got := paths["nats.streams.replicas"]; got != 3 {
		t.Errorf("nats.streams.replicas = %v, want 3", got)
	}
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// walkJSON is walk with json tags (the Elasticsearch document).
func (idx structIndex) walkJSON(t *testing.T, keys keySet, pkg, typ, prefix string) {
	t.Helper()
	st, ok := idx[pkg+"."+typ]
	if !ok {
		t.Fatalf("struct %s.%s not found", pkg, typ)
	}
	for _, f := range st.Fields.List {
		if f.Tag == nil || len(f.Names) == 0 {
			continue
		}
		raw, _ := strconv.Unquote(f.Tag.Value)
		name := strings.Split(reflect.StructTag(raw).Get("json"), ",")[0]
		if name == "" || name == "-" {
			continue
		}
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		e := f.Type
		if at, ok := e.(*ast.ArrayType); ok {
			e = at.Elt
		}
		if fpkg, ftyp, isStruct := idx.resolve(pkg, e); isStruct && ftyp != "geoPoint" {
			idx.walkJSON(t, keys, fpkg, ftyp, path)
			continue
		}
		keys[path] = exprString(f.Type)
	}
}

// modulePath is the module of this repository (go.mod).
const modulePath = "github.com/claimwatch/claimwatch/"

// moduleImports lists the repository packages that dir's non-test files
// import, as directories (the packages the Config type may draw on).
func moduleImports(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("parse %s: %v", f, err)
		}
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if rel, ok := strings.CutPrefix(p, modulePath); ok && !seen[rel] {
				seen[rel] = true
				out = append(out, rel)
			}
		}
	}
	return out
}
