# claimwatch: the two commands of README.md.
.PHONY: demo test build bench fuzz

demo:
	go run ./cmd/claimwatch run --demo --once --data data/demo

test:
	bash deployments/scripts/test.sh

build:
	go build -o bin/claimwatch ./cmd/claimwatch

bench:
	go test -run '^$$' -bench . -benchmem ./pipeline/ ./extractor/ ./indexer/ ./crawler/...

fuzz:
	CLAIMWATCH_FUZZTIME=$${CLAIMWATCH_FUZZTIME:-30s} bash deployments/scripts/fuzz.sh
