package crawler

import (
	"os"
	"testing"
)

func TestDetectLang(t *testing.T) {
	tests := []struct{ want, text string }{
		{"en", "The attack took place on Tuesday morning, and officials said that at least nine people were killed in the blast near the market."},
		{"fr", "L'attaque a eu lieu mardi matin dans le centre du pays et selon les autorités, au moins neuf personnes ont été tuées par l'explosion."},
		{"es", "El ataque se produjo el martes por la mañana y, según las autoridades, al menos nueve personas murieron en la explosión cerca del mercado."},
		{"pt", "O ataque ocorreu na manhã de terça-feira e, segundo as autoridades, pelo menos nove pessoas morreram na explosão perto do mercado."},
		{"it", "L'attacco è avvenuto martedì mattina e secondo le autorità almeno nove persone sono state uccise nell'esplosione vicino al mercato della città."},
		{"de", "Der Anschlag ereignete sich am Dienstagmorgen, und nach Angaben der Behörden wurden bei der Explosion in der Nähe des Marktes mindestens neun Menschen getötet."},
		{"nl", "De aanslag vond dinsdagochtend plaats en volgens de autoriteiten zijn bij de explosie in de buurt van de markt ten minste negen mensen gedood."},
		{"tr", "Saldırı salı sabahı gerçekleşti ve yetkililere göre pazar yeri yakınındaki patlamada en az dokuz kişi hayatını kaybetti, bu nedenle bölge kapatıldı."},
		{"id", "Serangan itu terjadi pada Selasa pagi dan menurut pihak berwenang sedikitnya sembilan orang tewas dalam ledakan di dekat pasar yang ramai itu."},
		{"sw", "Shambulio hilo lilitokea Jumanne asubuhi na kwa mujibu wa maafisa watu wasiopungua tisa waliuawa katika mlipuko huo karibu na soko la mji."},
		{"ar", "وقع الهجوم صباح يوم الثلاثاء، وقال مسؤولون إن تسعة أشخاص على الأقل قتلوا في الانفجار الذي وقع بالقرب من السوق في وسط المدينة."},
		{"fa", "این حمله صبح روز سه‌شنبه رخ داد و به گفته مقامات دست کم نه نفر در این انفجار که در نزدیکی بازار بود کشته شدند."},
		{"ur", "یہ حملہ منگل کی صبح ہوا اور حکام کے مطابق بازار کے قریب ہونے والے دھماکے میں کم از کم نو افراد ہلاک ہو گئے ہیں۔"},
		{"ru", "Нападение произошло во вторник утром, и, по словам властей, в результате взрыва возле рынка погибли по меньшей мере девять человек, которые были на месте."},
		{"uk", "Напад стався у вівторок вранці, і, за словами влади, внаслідок вибуху біля ринку загинули щонайменше дев'ять людей, які там були."},
		{"zh", "星期二上午发生袭击事件，官员表示，市场附近的爆炸造成至少九人死亡，另有多人受伤。"},
		{"ja", "火曜日の朝に攻撃が発生し、当局によると、市場の近くで起きた爆発で少なくとも九人が死亡しました。"},
		{"hi", "हमला मंगलवार सुबह हुआ और अधिकारियों के अनुसार बाजार के पास हुए विस्फोट में कम से कम नौ लोग मारे गए।"},
		{"", "Kabul 2024"},
		{"", "12345 67890 !!! ??? ... 2024-05-08"},
	}
	for _, tt := range tests {
		got, _ := DetectLang(tt.text)
		if got != tt.want {
			t.Errorf("DetectLang(%.40q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestDetectLangOnPages(t *testing.T) {
	demo, _ := evalPages(t)
	wrong := 0
	for _, pg := range demo {
		if l, _ := DetectLang(pg.gold); l != "en" {
			wrong++
			t.Logf("%s detected as %q", pg.name, l)
		}
	}
	if wrong > 0 {
		t.Errorf("%d of %d English demo articles misdetected", wrong, len(demo))
	}
	for file, want := range map[string]string{"testdata/boilerplate/french.html": "fr", "testdata/boilerplate/heldout_spanish.html": "es"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse("https://news.example/a", b, "text/html")
		if err != nil {
			t.Fatal(err)
		}
		if p.Lang != want {
			t.Errorf("%s: lang %q, want %q (no lang attribute)", file, p.Lang, want)
		}
	}
}

func TestDates(t *testing.T) {
	urls := []struct{ in, want string }{
		{"https://x.example/world/2024/05/08/kabul.html", "2024-05-08"},
		{"https://x.example/2024-5-8-kabul-attack", "2024-05-08"},
		{"https://x.example/news/20240508/kabul", "2024-05-08"},
		{"https://x.example/news/kabul-20240508.html", "2024-05-08"},
		{"https://x.example/2024/02/30/no-such-day", ""},
		{"https://x.example/article/123456789", ""},
		{"https://x.example/2024/05/", ""},
		{"https://x.example/?d=2024/05/08", ""},
	}
	for _, tt := range urls {
		if got := DateFromURL(tt.in); got != tt.want {
			t.Errorf("DateFromURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	texts := []struct{ in, want string }{
		{"By A. Reporter, May 8, 2024 10:42", "2024-05-08"},
		{"Published 8 May 2024", "2024-05-08"},
		{"Publié le 22/05/2024 à 10h15", "2024-05-22"},
		{"Mis à jour le 3 juin 2024", "2024-06-03"},
		{"Actualizado el 2 de junio de 2024", "2024-06-02"},
		{"Updated: 2024-06-02T10:00", "2024-06-02"},
		{"Filed 5 June 2024; earlier report of 1 June 2024", "2024-06-05"},
		{"31/02/2024", ""},
		{"Room 12 in 2024", ""},
		{"", ""},
	}
	for _, tt := range texts {
		if got := DateFromText(tt.in); got != tt.want {
			t.Errorf("DateFromText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseFallbackDate(t *testing.T) {
	b, err := os.ReadFile("testdata/boilerplate/french.html")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse("https://sahel.example/mali/attaque-mopti", b, "text/html")
	if err != nil {
		t.Fatal(err)
	}
	if p.Published != "2024-05-22" {
		t.Errorf("published from byline = %q, want 2024-05-22", p.Published)
	}
	b, _ = os.ReadFile("testdata/boilerplate/heldout_spanish.html")
	p, _ = Parse("https://noticias.example/x", b, "text/html")
	if p.Published != "2024-06-02" {
		t.Errorf("published from canonical URL = %q, want 2024-06-02", p.Published)
	}
}

func FuzzDateFromText(f *testing.F) {
	f.Add("Publié le 22/05/2024 à 10h15")
	f.Add("May 8, 2024")
	f.Fuzz(func(t *testing.T, s string) {
		if d := DateFromText(s); d != "" && len(d) != 10 {
			t.Fatalf("bad date %q", d)
		}
		_ = DateFromURL("https://x.example/" + s)
		_, _ = DetectLang(s)
	})
}
