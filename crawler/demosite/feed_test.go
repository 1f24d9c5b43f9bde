package demosite_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/claimwatch/claimwatch/crawler/demosite"
	"github.com/mmcdole/gofeed"
)

// TestFeedParsesWithGofeed reads the feed with the parser the crawler uses.
func TestFeedParsesWithGofeed(t *testing.T) {
	srv := newServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	feed, err := gofeed.NewParser().ParseURLWithContext(srv.URL+"/rss.xml", ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, a := range demosite.Articles() {
		if slices.Contains(a.Via, demosite.ViaFeed) {
			want[srv.URL+a.Path] = a.Published
		}
	}
	if feed.FeedType != "rss" || len(feed.Items) != len(want) {
		t.Fatalf("feed type %q with %d items, want rss with %d", feed.FeedType, len(feed.Items), len(want))
	}
	for _, it := range feed.Items {
		pub, ok := want[it.Link]
		if !ok {
			t.Errorf("feed item %s is not a feed article of the manifest", it.Link)
			continue
		}
		wantT, _ := time.Parse(time.RFC3339, pub)
		if it.PublishedParsed == nil || !it.PublishedParsed.Equal(wantT) {
			t.Errorf("%s: published %v, want %v", it.Link, it.PublishedParsed, wantT)
		}
	}
}
