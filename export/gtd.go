package export

import (
	"slices"
	"strings"
)

// GTD codes and labels (Global Terrorism Database codebook). The tables
// below are the only place they are written: the converter and the
// codebook both read them.

// unknownTxt is GTD's label for an unknown attack type, target or group.
const unknownTxt = "Unknown"

// attackTypes maps claimwatch attack types to GTD attacktype1_txt.
var attackTypes = []struct{ code, txt string }{
	{"assassination", "Assassination"},
	{"armed_assault", "Armed Assault"},
	{"bombing", "Bombing/Explosion"},
	{"hijacking", "Hijacking"},
	{"hostage_barricade", "Hostage Taking (Barricade Incident)"},
	{"kidnapping", "Hostage Taking (Kidnapping)"},
	{"facility_attack", "Facility/Infrastructure Attack"},
	{"unarmed_assault", "Unarmed Assault"},
	{"unknown", unknownTxt},
}

// targetTypes maps claimwatch target types to GTD targtype1_txt.
var targetTypes = []struct{ code, txt string }{
	{"private_citizens_property", "Private Citizens & Property"},
	{"military", "Military"},
	{"police", "Police"},
	{"government", "Government (General)"},
	{"business", "Business"},
	{"educational_institution", "Educational Institution"},
	{"religious_figures_institutions", "Religious Figures/Institutions"},
	{"journalists_media", "Journalists & Media"},
	{"transportation", "Transportation"},
	{"airports_aircraft", "Airports & Aircraft"},
	{"utilities", "Utilities"},
	{"ngo", "NGO"},
	{"tourists", "Tourists"},
	{"telecommunication", "Telecommunication"},
	{"maritime", "Maritime"},
	{"food_water_supply", "Food or Water Supply"},
	{"government_diplomatic", "Government (Diplomatic)"},
	{"terrorists_non_state_militia", "Terrorists/Non-State Militia"},
	{"violent_political_party", "Violent Political Party"},
	{"abortion_related", "Abortion Related"},
	{"other", "Other"},
	{"unknown", unknownTxt},
}

// GTD claimmode_txt labels used.
const (
	claimModeVideo   = "Video"
	claimModeWebsite = "Posted to website, blog, etc."
	claimModeOther   = "Other"
	claimModeUnknown = "Unknown"
)

// claimModes maps the channels the extractor reports (lower-cased) to GTD
// claimmode_txt. Social media and messaging channels are "posted"; an
// unspecified "statement" is Unknown; any other channel is Other.
var claimModes = map[string]string{
	"video": claimModeVideo, "youtube": claimModeVideo,
	"telegram": claimModeWebsite, "amaq": claimModeWebsite, "twitter": claimModeWebsite, "x": claimModeWebsite,
	"facebook": claimModeWebsite, "whatsapp": claimModeWebsite, "nashir": claimModeWebsite, "al-naba": claimModeWebsite,
	"website": claimModeWebsite, "rocket.chat": claimModeWebsite, "tiktok": claimModeWebsite, "instagram": claimModeWebsite,
	"thabat": claimModeWebsite, "al-zallaqa": claimModeWebsite, "shahada": claimModeWebsite,
	"audio message": claimModeOther,
	"statement":     claimModeUnknown,
}

// GTD claimed codes.
const (
	claimedYes     = 1
	claimedNo      = 0
	claimedUnknown = -9
)

func attackTypeTxt(code string) string {
	code = strings.ToLower(strings.TrimSpace(code))
	for _, a := range attackTypes {
		if a.code == code {
			return a.txt
		}
	}
	return unknownTxt
}

func targetTypeTxt(code string) string {
	code = strings.ToLower(strings.TrimSpace(code))
	for _, t := range targetTypes {
		if t.code == code {
			return t.txt
		}
	}
	return "Other"
}

// claimModeTxt returns the GTD claim mode of a channel (nil: Unknown).
func claimModeTxt(channel *string) string {
	if channel == nil || strings.TrimSpace(*channel) == "" {
		return claimModeUnknown
	}
	if m, ok := claimModes[strings.ToLower(strings.TrimSpace(*channel))]; ok {
		return m
	}
	return claimModeOther
}

// enums are the value lists that columns name with an enum tag.
func enums() map[string][]string {
	m := map[string][]string{}
	for _, a := range attackTypes {
		m["attacktype"] = append(m["attacktype"], a.code)
		m["attacktype_txt"] = append(m["attacktype_txt"], a.txt)
	}
	for _, t := range targetTypes {
		m["targtype"] = append(m["targtype"], t.code)
		m["targtype_txt"] = append(m["targtype_txt"], t.txt)
	}
	modes := []string{}
	for _, v := range claimModes {
		if !slices.Contains(modes, v) {
			modes = append(modes, v)
		}
	}
	slices.Sort(modes)
	m["claimmode_txt"] = modes
	return m
}
