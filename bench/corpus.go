package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Article is one generated news story.
type Article struct {
	Index      int       // position in the corpus, 0-based; the site reveals articles in this order
	Path       string    // URL path, "/africa/2025/03/15/mogadishu-bombing-17.html"
	Section    string    // site section (first path element)
	Title      string    //
	Author     string    //
	Dateline   string    // "MOGADISHU"
	Published  time.Time // UTC
	Paragraphs []string  // body; the first starts with the dateline
	// What the text says, for reading the results (not used by the
	// pipeline): Status is claimed, denied, attributed, unclaimed, or ""
	// for a story without an attack; Group names the group for the first
	// three.
	Status string
	Group  string
}

// Text is the body as one string, paragraphs separated by blank lines.
func (a Article) Text() string { return strings.Join(a.Paragraphs, "\n\n") }

// corpusEpoch is the publication date of article 0; each further article is
// published a little later.
var corpusEpoch = time.Date(2025, 1, 1, 6, 0, 0, 0, time.UTC)

// Generate returns n articles, the same for the same seed. About four in
// five report an attack; the rest are sports, politics and business stories.
func Generate(n int, seed uint64) []Article {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]Article, n)
	for i := range out {
		pub := corpusEpoch.Add(time.Duration(i)*17*time.Minute + time.Duration(r.IntN(600))*time.Second)
		if r.IntN(5) == 0 {
			out[i] = otherStory(r, i, pub)
		} else {
			out[i] = attackStory(r, i, pub)
		}
	}
	return out
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func person(r *rand.Rand) string { return pick(r, firstNames) + " " + pick(r, lastNames) }

// attackStory writes a wire report of one attack.
func attackStory(r *rand.Rand, i int, pub time.Time) Article {
	pl := pick(r, places)
	at := pick(r, attacks)
	target := pick(r, targets)
	status := pick(r, statuses)
	group := pick(r, pl.groups)
	killed := 1 + r.IntN(40)
	wounded := killed + r.IntN(60)
	day := pick(r, weekdays)
	noun := at.noun

	lead := fmt.Sprintf("%s, %s (Bench Wire) - %s in %s on %s, killing at least %d people and wounding %d others, %s.",
		strings.ToUpper(pl.city), pub.Format("Jan 2"), capitalise(fmt.Sprintf(at.lead, target)), pl.city, day, killed, wounded, pick(r, officials))
	claim := fmt.Sprintf(pick(r, claimLines[status]), group, noun, pick(r, channels))
	paras := []string{lead, claim}
	witness := person(r)
	paras = append(paras, fmt.Sprintf("%q, said %s, %d, a %s who lives nearby. %s",
		pick(r, quotes)+".", witness, 19+r.IntN(50), pick(r, occupations), detailLine(r, pl, killed)))
	paras = append(paras, fmt.Sprintf(pick(r, reactions), noun))
	// Two to four background sentences, in varying order, grouped in one or
	// two paragraphs.
	bg := r.Perm(len(background))[:2+r.IntN(3)]
	var lines []string
	for _, k := range bg {
		s := background[k]
		if strings.Contains(s, "%s") {
			s = fmt.Sprintf(s, pl.country)
		}
		lines = append(lines, s)
	}
	if len(lines) > 2 && r.IntN(2) == 0 {
		paras = append(paras, strings.Join(lines[:2], " "), strings.Join(lines[2:], " "))
	} else {
		paras = append(paras, strings.Join(lines, " "))
	}
	paras = append(paras, fmt.Sprintf("Reporting by %s in %s; additional reporting by %s.", person(r), pl.city, person(r)))

	title := attackTitle(r, status, group, noun, pl.city, killed)
	return Article{
		Index: i, Section: pl.section, Title: title, Author: person(r), Dateline: strings.ToUpper(pl.city),
		Published: pub, Paragraphs: paras, Status: status, Group: groupIfNamed(status, group),
		Path: articlePath(pl.section, pub, slug(pl.city+" "+noun), i),
	}
}

func groupIfNamed(status, group string) string {
	if status == "unclaimed" {
		return ""
	}
	return group
}

func attackTitle(r *rand.Rand, status, group, noun, city string, killed int) string {
	switch status {
	case "claimed":
		return fmt.Sprintf("%s claims %s in %s that killed %d", group, noun, city, killed)
	case "denied":
		return fmt.Sprintf("%s denies role in deadly %s in %s", group, noun, city)
	case "attributed":
		return fmt.Sprintf("Officials blame %s for %s in %s", group, noun, city)
	}
	if r.IntN(2) == 0 {
		return fmt.Sprintf("At least %d killed in %s in %s", killed, noun, city)
	}
	return fmt.Sprintf("%s %s leaves %d dead", city, noun, killed)
}

// detailLine adds a sentence with figures that differ from story to story.
func detailLine(r *rand.Rand, pl place, killed int) string {
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("Among the dead were %d children and %d members of the security forces.", r.IntN(killed+1)/2, r.IntN(killed+1)/2)
	case 1:
		return fmt.Sprintf("Ambulances took the wounded to %s General Hospital, %d km away.", pl.city, 2+r.IntN(30))
	case 2:
		return fmt.Sprintf("The attack happened at about %d:%02d local time, witnesses said.", 1+r.IntN(12), r.IntN(60))
	default:
		return fmt.Sprintf("Roads around the scene in %s stayed closed for %d hours.", pl.city, 2+r.IntN(20))
	}
}

// otherStory writes a story without violence.
func otherStory(r *rand.Rand, i int, pub time.Time) Article {
	t := pick(r, otherTopics)
	pl := pick(r, places)
	subject := pl.country
	if t.section == "sports" {
		subject = pl.city + " " + pick(r, sportsTeams)
	}
	title := fmt.Sprintf(pick(r, t.titles), subject)
	lines := r.Perm(len(t.lines))[:3+r.IntN(3)]
	paras := []string{fmt.Sprintf("%s, %s (Bench Wire) - %s, %s said on %s.", strings.ToUpper(pl.city), pub.Format("Jan 2"),
		title, person(r), pick(r, weekdays))}
	for _, k := range lines {
		s := t.lines[k]
		if strings.Contains(s, "%d") {
			s = fmt.Sprintf(s, 3+r.IntN(400))
		}
		paras = append(paras, s)
	}
	paras = append(paras, fmt.Sprintf("%s, a %s in %s, said: %q", person(r), pick(r, occupations), pl.city,
		fmt.Sprintf("We will see what this means for us in %d months.", 2+r.IntN(22))))
	return Article{
		Index: i, Section: t.section, Title: title, Author: person(r), Dateline: strings.ToUpper(pl.city),
		Published: pub, Paragraphs: paras, Path: articlePath(t.section, pub, slug(title), i),
	}
}

func articlePath(section string, pub time.Time, slug string, i int) string {
	return fmt.Sprintf("/%s/%s/%s-%d.html", section, pub.Format("2006/01/02"), slug, i)
}

// slug makes a lower-case, hyphenated URL token of at most eight words.
func slug(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	if len(words) > 8 {
		words = words[:8]
	}
	return strings.Join(words, "-")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
