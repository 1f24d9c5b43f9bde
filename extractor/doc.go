// Package extractor turns English news text into the extraction contract of
// shared/eval/README.md: militant groups named in the text, the attacks it
// describes, and what it says about responsibility for them (claimed,
// denied, attributed by a third party, or unclaimed).
//
// # Pipeline
//
// New builds, once per Extractor, everything that is costly: the group
// automaton over the gazetteer and the Punkt sentence model. Extract then
// runs these steps on one text:
//
//  1. Input: text, else text taken from html (scripts, styles and navigation
//     dropped); invalid UTF-8 bytes become spaces so that byte offsets stay
//     those of the input; very long texts are cut at Config.MaxTextBytes.
//  2. Folding (normalize.go): a folded copy of the text — NFKD with
//     combining marks dropped (so NFKC width and ligature variants and
//     diacritics fold), lower case, apostrophes inside words dropped except
//     before a possessive s, and every run of spaces, NBSP, hyphens, dashes,
//     quotes and punctuation folded to one space — with a map from every
//     folded byte back to the original bytes. Every span reported satisfies
//     text[start:end] == span.text.
//  3. Group matching in one pass (ahocorasick.go, matcher.go): an
//     Aho-Corasick automaton over the folded names and aliases of the
//     gazetteer; matches must sit on word boundaries, may carry a plural
//     ("the Haqqanis") and stop before a possessive ("Hamas's"). Case rules:
//     acronyms and short mixed-case abbreviations (TTP, ISIL-K, LeT) match
//     with their exact capitalisation; capitalised names need a capital in
//     the text ("an islamic state" is a concept); aliases listed as
//     ambiguous ("IS", "AQ") match only in group context ("IS militants",
//     "claimed by IS", "IS said"); in lines written in capitals only strong
//     context counts. Leftmost-longest matches win.
//  4. Fuzzy matching (fuzzy.go) of long names (10+ folded letters) not
//     already matched: capitalised windows with the same number of words,
//     the same first two letters and digits, within 1 edit (2 from 16
//     letters) of exactly one group ("Lashar-e-Taiba" -> Lashkar-e-Taiba).
//     Optional (Config.UnknownGroups): capitalised names ending in
//     Brigades/Front/Army/Movement/Battalion that the gazetteer lacks are
//     reported with kind "unknown". Only militant groups ever carry claims;
//     kind "state" (armies, police, intelligence agencies) and
//     "organization" entries are reported with their kind.
//  5. Sentences (sentences.go): line breaks end sentences; inside a
//     paragraph the English Punkt model that prose (github.com/jdkato/prose/v2)
//     wraps cuts sentences with byte offsets (used directly: prose would
//     rebuild the model per document and drops offsets).
//  6. Tokens (tokens.go): words, punctuation and whole group mentions as
//     single tokens; clauses end at ; : dashes ? ! and the sentence end.
//     Generic phrases ("the group", "the militant organisation") and subject
//     pronouns before a claim verb resolve to the nearest preceding named
//     militant group within two sentences (generic.go).
//  7. Incidents (incidents.go, attacktypes.go, targets.go, casualties.go,
//     dates.go, places.go): a sentence is cut into regions at clause breaks
//     and commas, each holding one attack word (GTD attack types; plural,
//     foiled, planned, medical and sports "attacks" excluded). A region is an
//     incident when it is anchored: a city, a casualty count, a suicide
//     attack, or a day or month date. Type follows the GTD hierarchy; targets
//     come from a lexicon of GTD target types; killed and injured from
//     number patterns ("killing 14", "14 people were killed", "at least 14
//     dead", "fourteen"; "dozens" gives null), from the next sentence when
//     the region has none; the place from the place resolver (first city,
//     else province, else country, outside group names); the date from the
//     region, else the sentence, anchored on `published` ("on Tuesday", "in
//     May", "in May last", "last year", explicit dates). A later mention of
//     the same place with compatible type and targets is merged into the
//     first incident. Ids are "<input id>#<n>".
//  8. Claims (claims.go, claimcues.go), per sentence and clause:
//     claimed ("claimed responsibility", "took responsibility", "claimed the
//     attack", "claimed by X", "X said it carried out"); denied ("denied
//     involvement", "rejected claims", "denied by X", "X said it was not
//     involved", "denied the charge"); a group spokesman's first-person
//     quotation, before or after the speaker (quotes.go: "\"We have nothing
//     to do with this attack,\" a TTP spokesman said"); attributed by a third party ("blamed", "accused ... of" an
//     attack, "attributed to", "carried out by", "fingerprints/hallmarks
//     of", "X was behind", "suspected X militants") with certainty asserted,
//     suspected ("suspected", "believed", "likely", "fingerprints") or
//     possible ("may", "could", "possibly", "unclear whether"); unclaimed
//     ("no group has claimed", "no claim of responsibility" with a null
//     group; "never claimed by X", "X has not claimed", "X has yet to
//     claim"). Polarity rules: a negation before the verb turns a claim into
//     "unclaimed"; what a denial denies ("denied claims that it carried out")
//     is never a claim; conditions, questions, modals and infinitives ("if X
//     claims", "whether X would claim", "quick to claim") are no claims; a
//     claim must be about an attack or responsibility (not "claimed victory",
//     "claimed that the government", "claimed the lives of"). The agent is
//     the nearest militant group in the subject position (left of an active
//     verb) or after "by" (passive), with coordination ("A or B" gives
//     both). A final check drops "claimed" for any group the same sentence
//     says denied or did not claim. Evidence is the sentence; source is
//     "according to X" or "X said" by a third party; channel (Telegram,
//     Amaq, a video, a statement) is set for the group's own statements.
//     Claims link to the incidents of their sentence (one claim per
//     incident), or to the last incident of the previous sentence when they
//     refer back to it ("the attack"), else null.
//
// # Subjects, subsidiaries and refinements
//
// Subjects and groups (apposition.go, affiliates.go): a subject that an
// apposition or relative clause separates from its verb is the head of the
// clause ("X, a faction that has operated within Y, claimed" gives X; "X,
// the armed wing of Y, claimed" gives X and Y); commas join groups only in a
// list closed by "and"/"or" ("army blames A, B claims it" is two
// statements). A subsidiary phrase ("Islamic State's regional affiliate",
// "an al-Qaida offshoot", "a faction of dissidents from the former FARC")
// stands for the one group of the article that the gazetteer lists as a
// descendant of the named group, else for no group. More cues: "the work of
// X", "the attackers were (believed to be) members of X", "suspicion fell on
// X", "pointed the finger at X", "the attack by X", "X is the prime
// suspect", "was blamed on X", "fighters loyal to X" / "X-linked gunmen"
// (with a third party); "admitted carrying out", "acknowledged/announced
// responsibility", "boasted of", "owned up to", "X said the bomber was one
// of its fighters", "X said ... carried out by its unit", "..., the group
// said in a statement" (claims); "withdrew/retracted its claim" (denial);
// "neither X nor Y has claimed", "has not been claimed" (unclaimed). A group
// that claims in a sentence is not also "attributed" there; a denial of
// links to another group is no denial of the attack; a claim of a dated or
// plural other attack ("claimed the 2017 bombing") is generic and yields to
// a specific denial.
//
// Incident refinements (attackrefine.go): a shooting or killing of a
// prominent person (candidate, elder, activist, judge ...) without
// explosives is an assassination; a bare "attack"/"raid" by armed people
// ("militants attacked a checkpoint") is an armed assault; "shot dead two
// Israelis" and "shot dead a tribal elder" (one victim, plus "along with two
// of his guards") give counts; police raids, verbal attacks ("attacked the
// cost estimates") and sports reports (sports words in three sentences of
// the text) make no incident.
//
// Syntax (speaker.go, claims.go, attribution.go): a speaker set off by
// commas ("Name, a spokesman for X, said", "a X commander, Name, said"),
// "X denied ... and said" sharing its subject, "A and the B", two-item
// ", and" as a clause break, possessive and "-linked" heads ("the Taliban's
// Haqqani network"), coordinated verbs sharing "responsibility", negated
// premises ("no evidence that", "unlikely to have", "ruled out"), inverted
// conditions ("Had X been behind"), help that is no perpetration ("accused X
// of sheltering"), denials of occurrence or membership, passive and hedged
// attributions ("suspected in", "may have been involved", "targeted by X
// fighters", "possible links between the attack and X"), callers and
// trailing "the group said" as the group's own voice. Explicit third-party
// blame stands beside the group's own claim.
//
// RunJSONL is the streaming `claimwatch extract` contract: one output line
// per input line, same order, bounded memory, bad lines reported in place.
package extractor
