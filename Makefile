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
	for f in FuzzParse FuzzCanonicalize FuzzParseSitemap FuzzFeedLinks; do go test -run '^$$' -fuzz "^$$f$$" -fuzztime 30s ./crawler/ || exit 1; done
