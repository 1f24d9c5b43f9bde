// Package sitegen generates the Demo Wire site of package demosite from the
// article sources in demosite/content: article pages, section indexes with
// pagination, the home page, static pages, rss.xml, the sitemaps,
// robots.txt and manifest.json. Output is deterministic, so a test can check
// that the committed site/ matches its sources.
//
// An article source is a front matter of "key: value" lines, a line "---",
// then paragraphs separated by blank lines. Keys:
//
//	path       URL path, /<section>/YYYY/MM/DD/<slug>.html
//	title      headline
//	section    world, africa, asia, middle-east, sports or politics
//	published  RFC 3339 time
//	author     byline
//	dateline   place of the dateline, e.g. KABUL or "CUCUTA, Colombia"
//	via        where it is listed: any of feed sitemap section (default all)
//	charset    utf-8 (default) or windows-1252
//	attack     true or false
//	type       GTD attack type of the main attack, snake_case
//	country    ISO 3166-1 alpha-2 country of the main attack
//	killed     number killed in the main attack, when the text gives one
//	follows    path of an earlier article about the same attack, when this
//	           one re-reports it (the first report, not another follow-up)
//	groups     militant groups named, as written, separated by |
//	not_groups state bodies named, separated by |
//	claims     Group=status entries separated by |; "=unclaimed" for
//	           "no group has claimed"
//	summary    teaser text (default: the first sentence)
package sitegen
