package deployments

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// repoRoot is the repository root seen from this package's directory.
const repoRoot = ".."

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	decodeYAML(t, path, string(b), v)
}

func decodeYAML(t *testing.T, name, s string, v any) {
	t.Helper()
	if err := yaml.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// yamlDocs decodes every document of a (multi-document) YAML file.
func yamlDocs(path string) ([]map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var docs []map[string]any
	for {
		var d map[string]any
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: document %d: %w", path, len(docs)+1, err)
		}
		if d != nil {
			docs = append(docs, d)
		}
	}
	return docs, nil
}

// k8sDocs returns every document of the manifests in kustomization.yaml.
func k8sDocs(t *testing.T) []map[string]any {
	t.Helper()
	var k map[string]any
	readYAML(t, "kubernetes/kustomization.yaml", &k)
	var all []map[string]any
	for _, r := range k["resources"].([]any) {
		docs, err := yamlDocs(filepath.Join("kubernetes", r.(string)))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, docs...)
	}
	return all
}

func findDoc(t *testing.T, docs []map[string]any, kind, name string) map[string]any {
	t.Helper()
	for _, d := range docs {
		if d["kind"] == kind && str(d, "metadata", "name") == name {
			return d
		}
	}
	t.Fatalf("no %s %q", kind, name)
	return nil
}

func docsOfKind(docs []map[string]any, kind string) []map[string]any {
	var out []map[string]any
	for _, d := range docs {
		if d["kind"] == kind {
			out = append(out, d)
		}
	}
	return out
}

// get follows a path of map keys.
func get(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func str(v any, path ...string) string {
	s, _ := get(v, path...).(string)
	return s
}

func list(v any, path ...string) []any {
	l, _ := get(v, path...).([]any)
	return l
}

func compose(t *testing.T) map[string]any {
	t.Helper()
	var c map[string]any
	readYAML(t, "compose/compose.yaml", &c)
	return c
}

func composeService(t *testing.T, c map[string]any, name string) map[string]any {
	t.Helper()
	s, ok := get(c, "services", name).(map[string]any)
	if !ok {
		t.Fatalf("compose: no service %s", name)
	}
	return s
}

// envSetting is one CLAIMWATCH_* variable given to a container.
type envSetting struct {
	where, name, value string
	literal            bool // value given (not from a secret or field ref)
}

// containerEnv collects the CLAIMWATCH_* variables of every claimwatch
// container: compose environment maps, Kubernetes env lists, Dockerfile ENV.
func containerEnv(t *testing.T) []envSetting {
	t.Helper()
	var out []envSetting
	c := compose(t)
	names := make([]string, 0)
	for name := range get(c, "services").(map[string]any) {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		env, _ := get(c, "services", name, "environment").(map[string]any)
		for k, v := range env {
			if strings.HasPrefix(k, "CLAIMWATCH_") {
				val := fmt.Sprint(v)
				out = append(out, envSetting{where: "compose " + name, name: k, value: val, literal: !strings.Contains(val, "${")})
			}
		}
	}
	for _, d := range docsOfKind(k8sDocs(t), "Deployment") {
		for _, ct := range list(d, "spec", "template", "spec", "containers") {
			for _, e := range list(ct, "env") {
				n := str(e, "name")
				if !strings.HasPrefix(n, "CLAIMWATCH_") {
					continue
				}
				v, lit := get(e, "value").(string)
				out = append(out, envSetting{where: "kubernetes " + str(d, "metadata", "name"), name: n, value: v, literal: lit})
			}
		}
	}
	b, err := os.ReadFile("docker/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range strings.Fields(strings.ReplaceAll(string(b), "\\\n", " ")) {
		if k, v, ok := strings.Cut(f, "="); ok && strings.HasPrefix(k, "CLAIMWATCH_") {
			out = append(out, envSetting{where: "Dockerfile", name: k, value: v, literal: true})
		}
	}
	return out
}
