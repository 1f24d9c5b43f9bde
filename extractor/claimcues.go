package extractor

// Cue lexicons for responsibility statements. Words are lower case tokens.
var (
	claimVerbs = wordSet("claimed", "claims", "claim", "claiming")
	takeVerbs  = wordSet("took", "take", "takes", "taking", "accepted", "accept", "accepts", "accepting", "assumed", "assume", "assumes", "assuming", "bore", "owned", "owns",
		"acknowledged", "acknowledges", "announced", "announces", "admitted", "admits", "declared", "declares")
	respNouns    = wordSet("responsibility", "credit", "ownership")
	respFillers  = wordSet("full", "sole", "joint", "the", "public", "official", "formal", "immediate")
	denyVerbs    = wordSet("denied", "denies", "deny", "denying")
	rejectVerbs  = wordSet("rejected", "rejects", "reject", "rejecting", "dismissed", "dismisses", "dismissing", "refuted", "refutes", "disowned", "disowns", "disavowed", "disavows")
	rejectObject = wordSet("claims", "claim", "responsibility", "involvement", "accusations", "accusation", "allegations", "allegation",
		"reports", "report", "charge", "charges", "suggestions", "role", "link", "links", "any", "the", "that", "such", "blame", "attack", "attacks")
	sayVerbs = wordSet("told", "said", "says", "say", "announced", "announces", "stated", "states", "declared", "insisted", "boasted",
		"confirmed", "acknowledged", "admitted", "wrote", "posted", "tweeted", "added", "warned")
	selfRefs    = wordSet("it", "its", "they", "their", "we", "our", "group's", "organisation's", "organization's", "movement's")
	actionVerbs = wordSet("assassinated", "captured", "torched", "raided", "overran", "dynamited", "ordered", "opened", "hijacked", "massacred", "bombarded", "carried", "conducted", "perpetrated", "launched", "staged", "executed", "behind", "responsible",
		"targeted", "attacked", "killed", "detonated", "bombed", "orchestrated", "masterminded", "committed", "planned", "struck", "ambushed", "kidnapped", "abducted", "shot",
		"fired", "shelled", "stormed", "seized", "hit", "downed", "blew", "beheaded", "executed", "planted", "ambushing", "detonating",
		"carry", "conduct", "perpetrate", "launch", "stage", "orchestrate", "commit", "attack", "kill", "detonate", "target", "ambush", "kidnap", "abduct", "plant", "storm")
	negWords = wordSet("not", "never", "no", "neither", "nor", "without", "hasn't", "hadn't", "haven't", "didn't", "doesn't",
		"don't", "wasn't", "weren't", "isn't", "aren't", "won't", "wouldn't", "cannot", "can't", "couldn't", "nothing", "none", "unclaimed")
	// hypothetical makes what follows it in the clause no statement of fact
	hypothetical = wordSet("if", "whether", "unless", "lest", "suppose", "supposing", "assuming", "should", "would", "wouldn't", "hypothetically", "imagine")
	// modalBefore directly before a claim verb makes it no claim ("could claim")
	modalBefore = wordSet("could", "might", "may", "will", "would", "should", "must", "to", "shall", "can't", "cannot", "likely", "expected", "want", "wants", "wanted", "hope", "hoped", "tends", "tend", "quick", "eager", "rarely", "seldom", "hardly", "seeks", "sought", "try", "tried", "trying")
	// determiners before "claim(s)" make it a noun: "the claims", "his claim"
	determiners = wordSet("a", "an", "the", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "such",
		"any", "false", "dubious", "unverified", "competing", "rival", "conflicting", "these", "earlier", "previous", "insurance",
		"territorial", "land", "'s", "no", "of")
	// noClaimSubject: "no group has claimed", "nobody claimed"
	noClaimSubject = wordSet("one", "group", "groups", "organisation", "organization", "faction", "outfit", "militant",
		"militants", "terrorist", "insurgent", "armed", "jihadist", "other", "single", "party", "individual", "body", "immediate")
	auxAdverbs = wordSet("has", "have", "had", "was", "were", "is", "are", "been", "be", "being", "yet", "immediately", "so", "far",
		"publicly", "officially", "formally", "as", "of", "now", "since", "also", "later", "reportedly", "already", "quickly",
		"swiftly", "soon", "afterwards", "subsequently", "itself", "apparently", "allegedly", "both", "then", "previously", "earlier", "repeatedly", "often", "usually")
	attackCtxWords = wordSet("hostage", "hostages", "offensive", "arson", "sabotage", "device", "devices", "attack", "attacks", "attacked", "bombing", "bombings", "blast", "blasts", "explosion", "explosions",
		"killing", "killings", "assault", "assaults", "shooting", "shootings", "massacre", "kidnapping", "kidnappings",
		"abduction", "abductions", "assassination", "assassinations", "ambush", "ambushes", "hijacking", "hijackings", "raid", "raids",
		"operation", "operations", "responsibility", "responsible", "behind", "involvement", "strike", "strikes", "violence",
		"bomb", "bombs", "bomber", "bombers", "siege", "beheading", "beheadings", "murder", "murders", "incident", "incidents",
		"missile", "missiles", "rocket", "rockets", "drone", "drones", "mortar", "mortars", "grenade", "grenades", "explosives", "ied")
	attackObjects = wordSet("bomb", "bombs", "arson", "arsons", "sabotage", "attack", "attacks", "bombing", "bombings", "blast", "blasts", "explosion", "explosions", "killing",
		"killings", "assault", "assaults", "shooting", "shootings", "massacre", "kidnapping", "kidnappings", "abduction", "abductions",
		"assassination", "assassinations", "ambush", "ambushes", "hijacking", "hijackings", "raid", "raids", "operation", "operations",
		"strike", "strikes", "murder", "murders", "beheading", "beheadings", "siege", "it", "them", "incident",
		"rocket", "rockets", "missile", "missiles", "shelling", "ambushes", "hostage", "hostages", "massacres")
	// itFollowers may follow "claimed it" when "it" is the attack
	itFollowers = wordSet("in", "on", "through", "via", "and", "but", "shortly", "later", "soon", "within", "as", "after",
		"hours", "days", "minutes", "online", "quickly", "immediately", "swiftly", "too", "also", "the", "a", "late", "early", "with", "from", "over")
	// clauseVerbs after "claimed the attack" make it a that-clause
	clauseVerbs = wordSet("was", "were", "is", "are", "had", "has", "have", "would", "will", "could", "might", "may", "should")
	// violentVerbs are attack actions: context for claims and attributions
	violentVerbs = wordSet("torched", "raided", "overran", "dynamited", "seized", "captured", "struck", "hacked", "killed", "attacked", "detonated", "bombed", "ambushed", "shot", "stormed", "fired", "kidnapped",
		"abducted", "beheaded", "shelled", "targeted", "massacred", "assassinated", "hijacked", "blew", "exploded")
	// attribution verbs followed by "by G": the passive agent is the perpetrator
	byVerbs = wordSet("planted", "placed", "detonated", "triggered", "fired", "carried", "perpetrated", "orchestrated", "committed", "staged", "executed", "masterminded", "conducted",
		"planned", "launched", "organised", "organized", "engineered", "instigated", "sponsored", "plotted", "mounted")
	// habitual adverbs before a claim verb describe a practice, not a claim:
	// "which usually claims its attacks quickly"
	habitualAdverbs = wordSet("usually", "often", "typically", "frequently", "regularly", "routinely", "generally", "normally",
		"always", "sometimes", "habitually", "customarily", "invariably", "occasionally")
	// admitVerbs take a gerund of the attack as object: "admitted carrying out"
	admitVerbs = wordSet("admitted", "admits", "admit", "acknowledged", "acknowledges", "confessed", "boasted", "bragged")
	// attackGerunds are the gerunds such verbs take
	attackGerunds = wordSet("carrying", "staging", "conducting", "launching", "perpetrating", "planting", "detonating",
		"attacking", "bombing", "killing", "kidnapping", "abducting", "ambushing", "storming", "firing", "orchestrating", "executing", "organising", "organizing")
	blameVerbs  = wordSet("blamed", "blames", "blame", "blaming")
	accuseVerbs = wordSet("accused", "accuses", "accuse", "accusing")
	markNouns   = wordSet("fingerprints", "hallmarks", "hallmark", "signature", "imprint", "stamp", "marks", "footprints")
	// certainty hedges
	hedgePossible  = wordSet("may", "might", "could", "possibly", "possible", "perhaps", "unclear", "whether", "uncertain", "maybe", "conceivably")
	hedgeSuspected = wordSet("suspected", "suspect", "suspects", "believed", "believe", "believes", "thought", "think", "thinks", "likely", "likelihood", "probably", "presumably",
		"apparently", "fingerprints", "hallmarks", "hallmark", "signature", "alleged", "allegedly", "suspicion", "suspicions", "presumed", "seemingly", "purportedly")
	// generic group phrases ("the group") and the heads they may end in
	genericHeads     = wordSet("rebels", "guerrillas", "separatists", "militia", "group", "organisation", "organization", "outfit", "militants", "jihadists", "insurgents", "movement", "faction")
	genericModifiers = wordSet("maoist", "rebel", "guerrilla", "separatist", "leftist", "marxist", "kurdish", "basque", "republican", "loyalist", "islamic", "far-left", "far-right", "neo-nazi", "communist", "shiite", "sunni", "militant", "terror", "terrorist", "jihadist", "jihadi", "extremist", "islamist", "insurgent", "armed", "sunni", "shia", "radical")
	// channels of claims, canonical names
	channelWords = map[string]string{"telegram": "Telegram", "amaq": "Amaq", "twitter": "Twitter", "facebook": "Facebook",
		"whatsapp": "WhatsApp", "youtube": "YouTube", "nashir": "Nashir", "naba": "al-Naba", "website": "website",
		"video": "video", "audio": "audio message", "rocket.chat": "Rocket.Chat", "tiktok": "TikTok", "instagram": "Instagram",
		"thabat": "Thabat", "al-zallaqa": "al-Zallaqa", "zallaqa": "al-Zallaqa", "shahada": "Shahada"}
	sourceRoleNouns = wordSet("police", "officials", "official", "authorities", "ministry", "spokesman", "spokesperson", "spokeswoman",
		"army", "military", "government", "governor", "witnesses", "sources", "report", "analysts", "experts", "investigators",
		"prosecutors", "intelligence", "officers", "commander", "minister", "agency", "media")
)
