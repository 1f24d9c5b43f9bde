package demosite

//go:generate go run ./gen -src content -out site
