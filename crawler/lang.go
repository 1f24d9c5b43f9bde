package crawler

import (
	"strings"
	"unicode"
)

// Language detection for pages without a lang attribute: the script decides
// for languages with their own script; within the Arabic, Cyrillic and Latin
// scripts, the share of each language's most frequent function words
// decides. It covers the ~25 languages most news sources in claimwatch's
// scope publish in and answers "" when the text is too short or two
// languages score too close.

// stopWords are frequent function words, chosen to be distinctive between
// languages of the same script.
var stopWords = map[string][]string{
	// Latin script
	"en": {"the", "and", "of", "to", "in", "is", "that", "was", "for", "on", "with", "said", "by", "he", "it", "at", "from", "were", "have", "has", "which", "been"},
	"fr": {"le", "la", "les", "des", "et", "est", "une", "dans", "du", "que", "pour", "qui", "au", "sur", "par", "pas", "aux", "ont", "été", "selon", "avec", "l", "d", "qu", "ils", "cette"},
	"es": {"el", "los", "las", "del", "y", "en", "que", "por", "una", "con", "para", "se", "su", "al", "fue", "según", "como", "este", "ha", "sus"},
	"pt": {"o", "os", "as", "do", "da", "dos", "das", "e", "em", "que", "um", "uma", "para", "com", "não", "foi", "ao", "na", "no", "pelo", "segundo"},
	"it": {"il", "di", "che", "della", "e", "è", "per", "gli", "delle", "nel", "un", "una", "sono", "alla", "dei", "con", "ha", "secondo", "anche"},
	"de": {"der", "die", "und", "das", "den", "ist", "nicht", "mit", "von", "ein", "eine", "im", "auf", "sich", "dem", "des", "wurde", "nach", "auch"},
	"nl": {"de", "het", "een", "van", "en", "is", "dat", "niet", "op", "zijn", "met", "voor", "werd", "ook", "bij", "naar", "door", "heeft"},
	"tr": {"ve", "bir", "bu", "ile", "için", "da", "de", "olarak", "olan", "en", "çok", "göre", "ise", "gibi", "daha", "sonra", "şekilde"},
	"id": {"yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "dalam", "tidak", "akan", "pada", "juga", "oleh", "adalah", "kata", "telah"},
	"sw": {"na", "ya", "wa", "kwa", "katika", "za", "la", "kuwa", "hiyo", "huo", "ambao", "wao", "hata", "lakini", "alisema", "zaidi", "watu"},
	"so": {"iyo", "oo", "ka", "ku", "ee", "waxaa", "uu", "ay", "in", "la", "soo", "ayaa", "kale", "kuwa", "sida", "ayuu", "dadka"},
	"ha": {"da", "a", "na", "ta", "ya", "wanda", "cikin", "ba", "kuma", "sun", "ce", "an", "domin", "amma", "yan", "wani", "inda"},
	"pl": {"i", "w", "na", "się", "z", "że", "do", "nie", "jest", "to", "o", "po", "przez", "jak", "od", "za", "który", "był"},
	"ro": {"și", "în", "cu", "pe", "care", "din", "fost", "că", "nu", "este", "pentru", "mai", "sunt", "acest", "după", "fi", "sau", "unei"},
	// Arabic script
	"ar": {"في", "من", "على", "أن", "إلى", "التي", "الذي", "عن", "مع", "هذا", "كان", "قال", "بين", "ذلك", "وقال", "إن", "لم", "بعد"},
	"fa": {"و", "در", "به", "از", "که", "این", "را", "با", "است", "برای", "آن", "یک", "شده", "می", "تا", "کرد", "شد", "هم"},
	"ur": {"کے", "میں", "کی", "ہے", "اور", "کو", "سے", "نے", "کا", "پر", "یہ", "ہیں", "کہ", "تھا", "گیا", "بھی", "ایک"},
	"ps": {"د", "په", "او", "چې", "له", "ته", "دا", "سره", "کې", "دې", "یو", "وو", "شوی", "دي", "هم", "ويلي"},
	// Cyrillic script
	"ru": {"и", "в", "не", "на", "что", "с", "по", "это", "как", "из", "за", "от", "его", "был", "также", "который", "было", "при"},
	"uk": {"і", "в", "не", "на", "що", "з", "та", "до", "це", "як", "за", "від", "його", "був", "також", "який", "було", "її"},
}

// scriptLang maps scripts used by one language (in news) to it.
var scriptLang = []struct {
	table *unicode.RangeTable
	lang  string
}{
	{unicode.Hangul, "ko"}, {unicode.Hiragana, "ja"}, {unicode.Katakana, "ja"}, {unicode.Han, "zh"},
	{unicode.Devanagari, "hi"}, {unicode.Bengali, "bn"}, {unicode.Tamil, "ta"}, {unicode.Gurmukhi, "pa"},
	{unicode.Hebrew, "he"}, {unicode.Greek, "el"}, {unicode.Thai, "th"}, {unicode.Ethiopic, "am"},
	{unicode.Armenian, "hy"}, {unicode.Georgian, "ka"}, {unicode.Myanmar, "my"}, {unicode.Khmer, "km"},
}

// DetectLang returns the ISO 639-1 code of text's language and a confidence
// in [0,1], or "" when it cannot tell.
func DetectLang(text string) (string, float64) {
	if len(text) > 20000 {
		text = text[:20000]
	}
	counts := map[string]int{}
	var latin, arabic, cyrillic, letters int
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		default:
			for _, s := range scriptLang {
				if unicode.Is(s.table, r) {
					counts[s.lang]++
					break
				}
			}
		}
	}
	if letters < 20 {
		return "", 0
	}
	// Japanese text mixes Han with kana: any kana share decides for ja.
	if counts["ja"] > 0 && counts["ja"]*10 >= counts["zh"] {
		counts["ja"] += counts["zh"]
		counts["zh"] = 0
	}
	best, bestN := "", 0
	for l, n := range counts {
		if n > bestN {
			best, bestN = l, n
		}
	}
	if bestN*2 > letters {
		return best, float64(bestN) / float64(letters)
	}
	var candidates []string
	switch {
	case arabic*2 > letters:
		candidates = []string{"ar", "fa", "ur", "ps"}
	case cyrillic*2 > letters:
		candidates = []string{"ru", "uk"}
	case latin*2 > letters:
		candidates = []string{"en", "fr", "es", "pt", "it", "de", "nl", "tr", "id", "sw", "so", "ha", "pl", "ro"}
	default:
		return "", 0
	}
	return byStopWords(text, candidates)
}

// byStopWords scores each candidate by the share of the text's words that
// are among its function words.
func byStopWords(text string, candidates []string) (string, float64) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\u200c' // ZWNJ joins Persian words
	})
	if len(words) < 8 {
		return "", 0
	}
	freq := map[string]int{}
	for _, w := range words {
		freq[w]++
	}
	best, second := "", 0.0
	bestScore := 0.0
	for _, l := range candidates {
		n := 0
		for _, sw := range stopWords[l] {
			n += freq[sw]
		}
		score := float64(n) / float64(len(words))
		switch {
		case score > bestScore:
			second, best, bestScore = bestScore, l, score
		case score > second:
			second = score
		}
	}
	// Function words make up 20-50% of running text; demand a clear lead.
	if bestScore < 0.08 || bestScore < second*1.3 {
		return "", 0
	}
	return best, min(1, (bestScore-second)/bestScore)
}
