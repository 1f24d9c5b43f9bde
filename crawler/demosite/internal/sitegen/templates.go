package sitegen

// The page templates. All pages share "head", "header" and "footer": the
// boilerplate that main-text extraction must strip.
const pageTemplates = `
{{define "head"}}<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/style.css">
<link rel="alternate" type="application/rss+xml" title="Demo Wire - Top News" href="/rss.xml">
<link rel="icon" href="/static/favicon.svg">{{end}}

{{define "header"}}<div class="cookie-banner" role="dialog" aria-label="Cookies">
  <p>We use cookies to remember your preferences and to measure how our stories are read. See our <a href="/privacy.html">privacy policy</a>.</p>
  <button type="button" class="accept">Accept all</button> <button type="button" class="reject">Reject optional cookies</button>
</div>
<header class="site-header">
  <div class="top-bar"><span class="date-line">Demo Wire - independent news since 1998</span>
    <a class="subscribe" href="/about.html#subscribe">Subscribe</a> <a class="login" href="/about.html#account">Sign in</a></div>
  <a class="logo" href="/" title="Demo Wire home">DEMO WIRE</a>
  <nav class="main-nav" aria-label="Sections">
    <ul>
      <li><a href="/">Home</a></li>{{range .Nav}}
      <li><a href="/{{.Slug}}/"{{if .Current}} aria-current="page"{{end}}>{{.Name}}</a></li>{{end}}
    </ul>
  </nav>
  <form class="search" action="/search" method="get" role="search"><input type="search" name="q" placeholder="Search Demo Wire"><button type="submit">Search</button></form>
</header>{{end}}

{{define "footer"}}<footer class="site-footer">
  <nav aria-label="Footer">
    <ul>
      <li><a href="/about.html">About Demo Wire</a></li>
      <li><a href="/contact.html">Contact the newsroom</a></li>
      <li><a href="/privacy.html">Privacy and cookies</a></li>
      <li><a href="/rss.xml">RSS</a></li>
      <li><a href="/sitemap.xml">Sitemap</a></li>
    </ul>
  </nav>
  <p class="disclaimer">Demo Wire is a fictional news service bundled with claimwatch for demonstrations and tests. Its stories are invented; the places and organisations they name are real.</p>
  <p class="copyright">&copy; 2026 Demo Wire. All rights reserved. Reproduction without permission is prohibited.</p>
</footer>{{end}}

{{define "article"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{{.Charset}}">
<title>{{.A.Title}} | Demo Wire</title>
<meta name="description" content="{{.A.Summary}}">
<meta name="author" content="{{.A.Author}}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Demo Wire">
<meta property="og:title" content="{{.A.Title}}">
<meta property="og:description" content="{{.A.Summary}}">
<meta property="og:url" content="{{.URL}}">
<meta property="article:published_time" content="{{.A.Published}}">
<meta property="article:section" content="{{.SectionName}}">
<link rel="canonical" href="{{.URL}}">
{{template "head"}}
<script type="application/ld+json">{{.JSONLD}}</script>
</head>
<body class="article-page">
{{template "header" .}}
<div class="breaking-ticker"><strong>Latest:</strong> {{range .Ticker}}<a href="{{.Path}}">{{text .Title}}</a> &middot; {{end}}</div>
<main class="layout">
<nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/{{.A.Section}}/">{{.SectionName}}</a></nav>
<article class="story">
  <header class="story-header">
    <h1 class="headline">{{text .A.Title}}</h1>
    <p class="byline">By <span class="author">{{.A.Author}}</span>, Demo Wire</p>
    <p class="timestamp">Published <time datetime="{{.A.Published}}" pubdate>{{.Display}}</time></p>
    <ul class="share" aria-label="Share this story">
      <li><button type="button" data-share="x">Share on X</button></li>
      <li><button type="button" data-share="facebook">Share on Facebook</button></li>
      <li><button type="button" data-share="whatsapp">Share on WhatsApp</button></li>
      <li><a href="mailto:?subject={{.A.Title}}">Email</a></li>
      <li><button type="button" data-action="copy-link">Copy link</button></li>
    </ul>
  </header>
  <div class="story-body">
{{range $i, $p := .Paragraphs}}    <p>{{text $p}}</p>
{{if eq $i 1}}    <aside class="inline-promo"><p>Get the Demo Wire morning briefing: the day's top stories in your inbox. <a href="/about.html#subscribe">Sign up</a></p></aside>
{{end}}{{end}}  </div>
  <footer class="story-footer">
    <p class="credit">Reporting by {{.A.Author}}; editing by the Demo Wire {{.SectionName}} desk.</p>
    <p class="standards">Our standards: <a href="/about.html#principles">The Demo Wire Trust Principles</a>.</p>
    <p class="topics">Topics: <a href="/{{.A.Section}}/">{{.SectionName}}</a></p>
  </footer>
</article>
<aside class="sidebar">
  <section class="related">
    <h2>Related coverage</h2>
    <ul>{{range .Related}}
      <li><a href="{{.Path}}">{{text .Title}}</a> <time datetime="{{.Published}}">{{date .Published}}</time></li>{{end}}
    </ul>
  </section>
  <section class="most-read">
    <h2>Most read</h2>
    <ol>{{range .MostRead}}
      <li><a href="{{.Path}}">{{text .Title}}</a></li>{{end}}
    </ol>
  </section>
  <section class="newsletter">
    <h2>Newsletters</h2>
    <p>Sign up for our daily briefing and breaking news alerts.</p>
    <form action="/about.html" method="get"><input type="email" name="email" placeholder="Your email"><button type="submit">Sign up</button></form>
  </section>
  <div class="advert" aria-hidden="true">Advertisement</div>
</aside>
</main>
{{template "footer"}}
</body>
</html>
{{end}}

{{define "section"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}} | Demo Wire</title>
<meta name="description" content="The latest {{.SectionName}} news from Demo Wire.">
<meta property="og:type" content="website">
<meta property="og:site_name" content="Demo Wire">
<meta property="og:title" content="{{.Title}}">
<meta property="og:url" content="{{.URL}}">
<link rel="canonical" href="{{.URL}}">
{{if .Prev}}<link rel="prev" href="{{.Prev}}">
{{end}}{{if .Next}}<link rel="next" href="{{.Next}}">
{{end}}{{template "head"}}
</head>
<body class="section-page">
{{template "header" .}}
<main class="layout">
<h1 class="section-title">{{.SectionName}}</h1>
{{if gt .Page 1}}<p class="page-number">Page {{.Page}} of {{.Pages}}</p>
{{end}}<section class="story-list">
{{range .Items}}  <article class="teaser">
    <h2><a href="{{.Path}}">{{text .Title}}</a></h2>
    <p class="meta"><time datetime="{{.Published}}">{{date .Published}}</time> &middot; {{.Author}}</p>
    <p class="summary">{{text .Summary}}</p>
  </article>
{{else}}  <p>No stories yet.</p>
{{end}}</section>
<nav class="pagination" aria-label="Pages">{{if .Prev}}<a class="prev" rel="prev" href="{{.Prev}}">&laquo; Newer stories</a> {{end}}{{if .Next}}<a class="next" rel="next" href="{{.Next}}">Older stories &raquo;</a>{{end}}</nav>
</main>
{{template "footer"}}
</body>
</html>
{{end}}

{{define "home"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Demo Wire - Breaking news, world news and analysis</title>
<meta name="description" content="Demo Wire: breaking news from around the world.">
<meta property="og:type" content="website">
<meta property="og:site_name" content="Demo Wire">
<meta property="og:title" content="Demo Wire">
<meta property="og:url" content="{{.URL}}">
<link rel="canonical" href="{{.URL}}">
{{template "head"}}
</head>
<body class="home-page">
{{template "header" .}}
<main class="layout">
<h1 class="visually-hidden">Demo Wire top stories</h1>
<section class="top-stories">
  <h2>Top stories</h2>
{{range .Top}}  <article class="teaser">
    <h3><a href="{{.Path}}">{{text .Title}}</a></h3>
    <p class="meta"><time datetime="{{.Published}}">{{date .Published}}</time></p>
    <p class="summary">{{text .Summary}}</p>
  </article>
{{end}}</section>
{{range .Blocks}}<section class="section-block">
  <h2><a href="/{{.Slug}}/">{{.Name}}</a></h2>
  <ul>{{range .Items}}
    <li><a href="{{.Path}}">{{text .Title}}</a></li>{{end}}
  </ul>
</section>
{{end}}</main>
{{template "footer"}}
</body>
</html>
{{end}}

{{define "static"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}} | Demo Wire</title>
<meta property="og:url" content="{{.URL}}">
<link rel="canonical" href="{{.URL}}">
{{template "head"}}
</head>
<body class="static-page">
{{template "header" .}}
<main class="layout">
<h1>{{.Title}}</h1>
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}</main>
{{template "footer"}}
</body>
</html>
{{end}}
`

const styleCSS = `/* Demo Wire */
body { font-family: Georgia, serif; margin: 0; color: #1a1a1a; background: #fff; }
.site-header, .site-footer { background: #111; color: #eee; padding: 0.5rem 1rem; }
.site-header a, .site-footer a { color: #eee; }
.logo { font: bold 2rem/1 Helvetica, sans-serif; letter-spacing: 0.1em; text-decoration: none; }
.main-nav ul, .site-footer ul, .share { list-style: none; display: flex; gap: 1rem; padding: 0; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 1fr); gap: 2rem; max-width: 72rem; margin: 1rem auto; padding: 0 1rem; }
.story-body p { font-size: 1.1rem; line-height: 1.6; }
.sidebar { border-left: 1px solid #ddd; padding-left: 1rem; font-size: 0.9rem; }
.cookie-banner { background: #ffd; padding: 0.5rem 1rem; font-size: 0.8rem; }
.inline-promo, .advert { background: #f4f4f4; padding: 0.5rem; font-size: 0.85rem; }
.visually-hidden { position: absolute; left: -9999px; }
.breaking-ticker { background: #b00; color: #fff; padding: 0.25rem 1rem; font-size: 0.85rem; overflow: hidden; white-space: nowrap; }
.breaking-ticker a { color: #fff; }
`

const faviconSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#b00"/><text x="3" y="12" font-size="10" fill="#fff">D</text></svg>
`
