package bench

// The vocabulary the corpus generator recombines. Places and group names are
// real (the extractor's gazetteers know them); events, people and quotes are
// invented.

// place is where a generated attack happens and who may be behind it there.
type place struct {
	city, country, section string
	groups                 []string
}

var places = []place{
	{"Mogadishu", "Somalia", "africa", []string{"al-Shabaab", "Islamic State Somalia Province"}},
	{"Baidoa", "Somalia", "africa", []string{"al-Shabaab"}},
	{"Kismayo", "Somalia", "africa", []string{"al-Shabaab"}},
	{"Mandera", "Kenya", "africa", []string{"al-Shabaab"}},
	{"Garissa", "Kenya", "africa", []string{"al-Shabaab"}},
	{"Maiduguri", "Nigeria", "africa", []string{"Boko Haram", "Islamic State West Africa Province"}},
	{"Gwoza", "Nigeria", "africa", []string{"Boko Haram", "Islamic State West Africa Province"}},
	{"Beni", "Democratic Republic of the Congo", "africa", []string{"Allied Democratic Forces"}},
	{"Gao", "Mali", "africa", []string{"Jama'at Nusrat al-Islam wal-Muslimin", "Islamic State Sahel Province"}},
	{"Timbuktu", "Mali", "africa", []string{"Jama'at Nusrat al-Islam wal-Muslimin"}},
	{"Djibo", "Burkina Faso", "africa", []string{"Jama'at Nusrat al-Islam wal-Muslimin", "Ansarul Islam"}},
	{"Macomia", "Mozambique", "africa", []string{"Islamic State Mozambique Province"}},
	{"Peshawar", "Pakistan", "asia", []string{"Tehrik-i-Taliban Pakistan"}},
	{"Bannu", "Pakistan", "asia", []string{"Tehrik-i-Taliban Pakistan"}},
	{"Quetta", "Pakistan", "asia", []string{"Balochistan Liberation Army", "Balochistan Liberation Front"}},
	{"Kabul", "Afghanistan", "asia", []string{"Islamic State Khorasan Province"}},
	{"Jalalabad", "Afghanistan", "asia", []string{"Islamic State Khorasan Province"}},
	{"Jolo", "Philippines", "asia", []string{"Abu Sayyaf Group"}},
	{"Cotabato", "Philippines", "asia", []string{"Bangsamoro Islamic Freedom Fighters"}},
	{"Dantewada", "India", "asia", []string{"Communist Party of India (Maoist)"}},
	{"Aden", "Yemen", "middle-east", []string{"Al-Qaida in the Arabian Peninsula"}},
	{"Deir ez-Zor", "Syria", "middle-east", []string{"Islamic State"}},
	{"Kirkuk", "Iraq", "middle-east", []string{"Islamic State"}},
	{"Diyarbakir", "Turkey", "world", []string{"Kurdistan Workers' Party"}},
	{"Arauca", "Colombia", "world", []string{"National Liberation Army (ELN)", "FARC dissidents"}},
	{"Cucuta", "Colombia", "world", []string{"National Liberation Army (ELN)"}},
}

// attack is one way to describe an attack: the lead clause (with %s for the
// target), the noun used later, and its GTD-like kind.
type attack struct {
	lead, noun, kind string
}

var attacks = []attack{
	{"a car bomb exploded outside %s", "bombing", "bombing"},
	{"a suicide bomber blew himself up at %s", "suicide bombing", "bombing"},
	{"a roadside bomb struck %s", "blast", "bombing"},
	{"gunmen opened fire on %s", "shooting", "armed_assault"},
	{"dozens of fighters stormed %s", "assault", "armed_assault"},
	{"attackers on motorbikes raided %s", "raid", "armed_assault"},
	{"gunmen abducted travellers near %s", "kidnapping", "kidnapping"},
	{"militants fired mortar rounds at %s", "mortar attack", "armed_assault"},
}

var targets = []string{
	"a police checkpoint", "an army base", "a crowded market", "a bus station",
	"a mosque during Friday prayers", "a hotel used by officials", "a girls' school",
	"a military convoy", "a district government office", "a camp for displaced families",
	"a health centre", "a border post", "a telecommunications mast", "a church",
	"a livestock market", "a water pumping station", "a university hostel",
	"a fuel depot", "a court building", "a polling station", "a bank branch",
	"a village council meeting", "a wedding party", "a prison",
}

var weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

var officials = []string{
	"police said", "a provincial official said", "the army said in a statement",
	"hospital sources said", "a local government spokesman said",
	"security officials said", "residents and medics said",
}

var channels = []string{
	"Telegram channel", "news agency", "radio station", "website", "social media accounts",
}

var firstNames = []string{
	"Amina", "Yusuf", "Fatima", "Ibrahim", "Halima", "Musa", "Zainab", "Abdullahi",
	"Ayesha", "Omar", "Khadija", "Bashir", "Mariam", "Hassan", "Nadia", "Tariq",
	"Grace", "Joseph", "Rosa", "Carlos", "Leila", "Kemal", "Priya", "Ravi",
	"Sadia", "Imran", "Noor", "Farid", "Esther", "Daniel", "Lucia", "Mateo",
}

var lastNames = []string{
	"Abdi", "Bello", "Chaudhry", "Diallo", "Elmi", "Farah", "Garba", "Haidari",
	"Ismail", "Jalloh", "Kamara", "Lawal", "Mensah", "Nuri", "Okafor", "Qureshi",
	"Rahimi", "Sani", "Traore", "Usman", "Varela", "Wardak", "Yilmaz", "Zubair",
	"Mendoza", "Reyes", "Santos", "Barre", "Warsame", "Keita", "Ouedraogo", "Dogan",
}

var occupations = []string{
	"shopkeeper", "teacher", "taxi driver", "nurse", "farmer", "student",
	"mechanic", "tailor", "trader", "security guard", "fisherman", "pharmacist",
}

var quotes = []string{
	"We heard a huge bang and then everyone was running",
	"I saw smoke rising over the rooftops and went to look for my brother",
	"The shooting went on for almost an hour and nobody came to help us",
	"My shop is gone, everything I saved for ten years is gone",
	"We carried the wounded on carts because there were no ambulances",
	"People were screaming, children were crying, it was chaos",
	"We are tired of burying our neighbours",
	"They came at dawn when most people were still asleep",
	"I hid under a table with my two daughters until it was quiet",
	"The roads are closed and we cannot reach the hospital",
}

var reactions = []string{
	"The interior ministry condemned the %s and promised to find those responsible.",
	"The president's office called the %s a cowardly act and ordered an investigation.",
	"The United Nations mission said it was appalled by the %s and urged restraint.",
	"The regional governor declared three days of mourning after the %s.",
	"Community leaders called for calm and asked residents to donate blood after the %s.",
	"The authorities imposed a curfew on the area after the %s.",
}

var background = []string{
	"%s has faced a long insurgency that has killed thousands of people and displaced many more.",
	"Attacks in the area have increased since the start of the year, according to monitoring groups.",
	"Analysts say armed groups have exploited weak local administration and poverty to recruit young men.",
	"The road linking the town to the regional capital has been closed several times this year.",
	"Aid agencies say thousands of people have fled nearby villages in recent months.",
	"Security forces launched an offensive in the region last year, with mixed results.",
	"Local traders say the violence has driven up the price of food and fuel.",
	"Human rights groups have accused both militants and soldiers of abuses against civilians in %s.",
	"Schools in the district were closed for several weeks after earlier attacks.",
	"The government has offered an amnesty to fighters who lay down their weapons.",
}

// claimLines say who was responsible, by status; %[1]s is the group, %[2]s
// the attack noun, %[3]s the channel.
var claimLines = map[string][]string{
	"claimed": {
		"%[1]s claimed responsibility for the %[2]s in a statement on its %[3]s.",
		"In a statement published by its %[3]s, %[1]s said its fighters carried out the %[2]s.",
		"%[1]s said it was behind the %[2]s, according to a message on its %[3]s.",
	},
	"denied": {
		"%[1]s denied any involvement in the %[2]s in a statement on its %[3]s.",
		"A spokesman for %[1]s rejected accusations that the group was behind the %[2]s.",
	},
	"attributed": {
		"Officials blamed %[1]s for the %[2]s.",
		"The army said %[1]s was responsible for the %[2]s.",
		"Police suspect %[1]s carried out the %[2]s, a senior officer said.",
	},
	"unclaimed": {
		"No group has claimed responsibility for the %[2]s.",
		"There was no immediate claim of responsibility for the %[2]s.",
	},
}

var statuses = []string{"claimed", "claimed", "claimed", "attributed", "attributed", "denied", "unclaimed"}

// Non-attack stories: sports, politics and business, for sections without
// violence.
var otherTopics = []struct {
	section string
	titles  []string
	lines   []string
}{
	{"sports", []string{
		"%s beat rivals to reach the cup final",
		"%s coach signs a new three-year contract",
		"Late goal gives %s a draw in a tense derby",
	}, []string{
		"The visitors took the lead before half-time with a header from a corner.",
		"Supporters packed the stadium despite the rain and the early kick-off.",
		"The coach said the team had worked hard on its defending during the winter break.",
		"The club's captain missed the match with a knee injury and is expected back next month.",
		"Ticket sales for the final opened on Monday and sold out within hours.",
		"The league's top scorer added two more goals to take his tally to %d this season.",
	}},
	{"politics", []string{
		"Parliament in %s debates a new budget",
		"Opposition in %s calls for early elections",
		"Ministers in %s agree a plan to cut fuel subsidies",
	}, []string{
		"The finance minister said the plan would reduce the deficit within two years.",
		"Opposition lawmakers walked out of the chamber before the vote.",
		"Trade unions threatened a general strike if the measures go ahead.",
		"The electoral commission said it would publish the final voter roll next week.",
		"Analysts said the coalition's majority had shrunk to %d seats.",
		"The prime minister defended the reforms in a televised address on Sunday.",
	}},
	{"business", []string{
		"Central bank in %s holds interest rates steady",
		"Exports from %s rise on strong harvest",
		"Telecoms firm expands network in %s",
	}, []string{
		"Economists had expected the decision, citing slowing inflation.",
		"The currency strengthened slightly against the dollar after the announcement.",
		"Farmers said better rains had lifted yields of maize and sorghum.",
		"The company said it would invest %d million dollars over five years.",
		"Shares in the company rose in early trading on the local exchange.",
		"Business groups welcomed the move but warned about high energy costs.",
	}},
}

var sportsTeams = []string{"Rangers", "City", "United", "Athletic", "Wanderers", "Rovers", "Stars", "Eagles", "Lions", "Sharks"}

// Sections of the site: attack stories go to their place's region, the rest
// to their topic.
var sections = []string{"africa", "asia", "middle-east", "world", "politics", "sports", "business"}
