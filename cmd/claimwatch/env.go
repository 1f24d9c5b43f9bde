package main

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// applyEnv overrides configuration fields from environment variables named
// PREFIX_ + the upper-cased yaml path joined by "_", e.g. CLAIMWATCH_NATS_URL,
// CLAIMWATCH_INDEX_RUNNER_BATCH_SIZE, CLAIMWATCH_CRAWLER_DELAY=1s. Slices take
// comma-separated values. Fields of a struct inlined in YAML (`yaml:",inline"`)
// keep their parent's prefix, as their keys do.
func applyEnv(cfg any, prefix string, environ []string) error {
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, prefix+"_") {
			env[k] = v
		}
	}
	if len(env) == 0 {
		return nil
	}
	return walkEnv(reflect.ValueOf(cfg).Elem(), prefix, env)
}

var durationType = reflect.TypeOf(time.Duration(0))

func walkEnv(v reflect.Value, name string, env map[string]string) error {
	if v.Kind() == reflect.Struct {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if tag == "-" || !f.IsExported() {
				continue
			}
			if tag == "" && opts == "inline" {
				if err := walkEnv(v.Field(i), name, env); err != nil {
					return err
				}
				continue
			}
			if tag == "" {
				tag = f.Name
			}
			if err := walkEnv(v.Field(i), name+"_"+strings.ToUpper(tag), env); err != nil {
				return err
			}
		}
		return nil
	}
	raw, ok := env[name]
	if !ok {
		return nil
	}
	if err := setFromString(v, raw); err != nil {
		return fmt.Errorf("environment %s=%q: %w", name, raw, err)
	}
	return nil
}

func setFromString(v reflect.Value, raw string) error {
	if v.Type() == durationType {
		d, err := time.ParseDuration(raw)
		if err != nil {
			return err
		}
		v.SetInt(int64(d))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(raw)
	case reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return err
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return err
		}
		v.SetInt(n)
	case reflect.Float64:
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return err
		}
		v.SetFloat(f)
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.String {
			return fmt.Errorf("unsupported list type %s", v.Type())
		}
		var parts []string
		for _, p := range strings.Split(raw, ",") {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		v.Set(reflect.ValueOf(parts))
	default:
		return fmt.Errorf("unsupported type %s", v.Type())
	}
	return nil
}
