//! Word analysis, cached per thread: normalisation, Snowball stems and,
//! for Russian, lemmas and grammar from the OpenCorpora dictionary
//! (rumorph). English grammar comes from closed word classes.
//!
//! Each word is stemmed by its script: Cyrillic words with the Russian
//! stemmer, everything else with the English one. Lexicons go through the
//! same function, so a Russian profile still matches `Blum` or `Egger`.
//! A word's lemmas are stemmed too, so a lexicon entry written in
//! dictionary form matches every form of it (`класть` ← `кладу`).

use rustc_hash::FxHashMap as HashMap;
use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::input::is_cyrillic;

/// Entries kept in a thread's cache before it is cleared; bounds memory in
/// long batch runs over open vocabularies.
const CACHE_LIMIT: usize = 100_000;

/// Analyses below this probability are not taken as a word's lemma.
const MIN_LEMMA_PROBABILITY: f64 = 0.05;

/// The dictionary, loaded on the first Russian word (a few milliseconds)
/// and shared by every thread. Without it words still have stems.
static DICTIONARY: LazyLock<Option<rumorph::Dictionary>> =
    LazyLock::new(|| rumorph::Dictionary::bundled().ok());

bitflags::bitflags! {
    /// Grammar of a word.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct Tags: u32 {
        const NOUN = 1;
        const VERB = 1 << 1;
        const ADJ = 1 << 2;
        /// Imperative mood (`пришлите`, `send`).
        const IMPERATIVE = 1 << 3;
        const FIRST_PERSON = 1 << 4;
        const SECOND_PERSON = 1 << 5;
        const PAST = 1 << 6;
        const FUTURE = 1 << 7;
        /// `не`, `нет`, `not`, `never`, `don't`…
        const NEGATION = 1 << 8;
        /// `если`, `if`, `unless`…
        const CONDITION = 1 << 9;
        /// `но`, `однако`, `but`, `however`…
        const CONTRAST = 1 << 10;
        /// `вы`, `ваш`, `you`, `your`…
        const YOU = 1 << 11;
        /// `я`, `мы`, `I`, `we`…
        const WE = 1 << 12;
        /// Question words: `когда`, `какой`, `what`, `how`…
        const WH = 1 << 13;
        /// English auxiliaries and modals that open yes/no questions.
        const AUX = 1 << 14;
        /// Function words: prepositions, conjunctions, pronouns, particles.
        const FUNCTION = 1 << 15;
        /// The particle `ли`, which makes a Russian question.
        const LI = 1 << 16;
        /// Words that open a polite request: `please`, `пожалуйста`, `давайте`.
        const PLEASE = 1 << 17;
        /// Particles and intensifiers that may stand inside a set phrase:
        /// `же`, `ведь`, `конечно`, `just`, `really`, `even`.
        const FILLER = 1 << 18;
    }
}

/// What is known about one word form.
#[derive(Debug)]
pub struct WordInfo {
    /// The form itself, normalised.
    pub norm: Box<str>,
    pub stem: Rc<str>,
    /// Stems of its likely lemmas where they differ from `stem`.
    pub lemma_stems: Box<[Rc<str>]>,
    /// The most likely lemma (lowercase; the stem's source for English).
    pub lemma: Rc<str>,
    pub tags: Tags,
    match_forms: OnceCell<MatchForms>,
    /// What a lexicon pack (by its key) found for this form, kept so a
    /// form seen again is not looked up again.
    pub pack_ids: Cell<Option<(u32, [Option<u32>; 4])>>,
}

/// Hashed forms by which a word is recognised in another text whatever its
/// inflection or script: its stem and its lemmas' stems, a five-letter
/// prefix of longer Russian stems (покрасить ~ покраска) and a Latin
/// skeleton of its lemma and spelling (`Церезитом` ~ `Ceresit`).
/// Skeletons meet only across scripts, where stems cannot: a `wanted` word
/// looks for the other script, a `mentioned` one offers its own.
#[derive(Debug)]
pub struct MatchForms {
    pub wanted: Box<[u64]>,
    pub mentioned: Box<[u64]>,
}

/// A form's hash; `tag` keeps kinds of forms apart.
pub fn form_hash(tag: u8, text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    tag.hash(&mut hasher);
    text.hash(&mut hasher);
    hasher.finish()
}

impl WordInfo {
    /// Computed on first use and kept with the word in the thread's cache.
    pub fn match_forms(&self) -> &MatchForms {
        self.match_forms.get_or_init(|| {
            let stems = || std::iter::once(&self.stem).chain(self.lemma_stems.iter());
            let mut forms: Vec<u64> = stems().map(|s| form_hash(b's', s)).collect();
            for stem in stems().filter(|s| s.chars().any(is_cyrillic)) {
                // The root without a verb prefix too: «зашпаклёваны» meets
                // «шпаклёвку», «отремонтировать» meets «ремонт».
                for root in std::iter::once(&**stem).chain(without_prefix(stem)) {
                    if root.chars().count() >= 5 {
                        let prefix: String = root.chars().take(5).collect();
                        forms.push(form_hash(b'p', &prefix));
                    }
                }
            }
            let cyrillic = self.norm.chars().any(is_cyrillic);
            let (own, other) = if cyrillic { (b'c', b'l') } else { (b'l', b'c') };
            let skeletons: Vec<String> = [skeleton(&self.lemma), skeleton(&self.norm)]
                .into_iter()
                .filter(|s| s.len() >= 4)
                .collect();
            let with = |script: u8| -> Box<[u64]> {
                forms
                    .iter()
                    .copied()
                    .chain(skeletons.iter().map(|s| form_hash(script, s)))
                    .collect()
            };
            MatchForms {
                wanted: with(other),
                mentioned: with(own),
            }
        })
    }
}

impl WordInfo {
    /// A noun, verb or adjective that is not a function word: what a text
    /// is about.
    pub fn is_content(&self) -> bool {
        self.tags
            .intersects(Tags::NOUN.union(Tags::VERB).union(Tags::ADJ))
            && !self.tags.intersects(Tags::FUNCTION)
    }
}

struct Cache {
    russian: Stemmer,
    english: Stemmer,
    /// By normalised form.
    words: HashMap<Box<str>, Rc<WordInfo>>,
    /// By form as written, so a form seen before is not normalised again.
    written: HashMap<Box<str>, Rc<WordInfo>>,
    buffer: String,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache {
        russian: Stemmer::create(Algorithm::Russian),
        english: Stemmer::create(Algorithm::English),
        words: HashMap::default(),
        written: HashMap::default(),
        buffer: String::new(),
    });
}
/// Lowercase with ё folded into е, as Russian writers use them interchangeably.
pub fn normalize_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        match c {
            'ё' | 'Ё' => out.push('е'),
            'а'..='я' => out.push(c),
            // Cyrillic capitals sit 32 code points below their lowercase.
            'А'..='Я' => out.push(char::from_u32(c as u32 + 32).unwrap_or(c)),
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

pub fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_into(word, &mut out);
    out
}

/// The stem of one word (any case). Lexicons stem thousands of words at
/// load and need nothing else, so this never consults the dictionary.
pub fn stem(word: &str) -> Rc<str> {
    CACHE.with(|cache| {
        let cache = &mut *cache.borrow_mut();
        normalize_into(word, &mut cache.buffer);
        if let Some(info) = cache.words.get(cache.buffer.as_str()) {
            return info.stem.clone();
        }
        let norm = cache.buffer.as_str();
        let stemmer = if norm.chars().any(is_cyrillic) {
            &cache.russian
        } else {
            &cache.english
        };
        Rc::from(stemmer.stem(norm).as_ref())
    })
}

/// Everything known about one word form (any case).
pub fn analyze_word(word: &str) -> Rc<WordInfo> {
    CACHE.with(|cache| {
        let cache = &mut *cache.borrow_mut();
        if let Some(info) = cache.written.get(word) {
            return info.clone();
        }
        if cache.words.len() >= CACHE_LIMIT || cache.written.len() >= CACHE_LIMIT {
            cache.words.clear();
            cache.written.clear();
        }
        normalize_into(word, &mut cache.buffer);
        let info = match cache.words.get(cache.buffer.as_str()) {
            Some(info) => info.clone(),
            None => {
                let norm = cache.buffer.as_str();
                let info = Rc::new(if norm.chars().any(is_cyrillic) {
                    russian(norm, &cache.russian)
                } else {
                    english(norm, &cache.english)
                });
                cache.words.insert(Box::from(norm), info.clone());
                info
            }
        };
        cache.written.insert(Box::from(word), info.clone());
        info
    })
}

fn russian(norm: &str, stemmer: &Stemmer) -> WordInfo {
    let stem: Rc<str> = Rc::from(stemmer.stem(norm).as_ref());
    let mut tags = closed_class(norm, RUSSIAN_CLASSES);
    let mut lemma: Rc<str> = Rc::from(norm);
    let mut lemma_stems: Vec<Rc<str>> = Vec::new();
    if let Some(dictionary) = DICTIONARY.as_ref() {
        let analyses = dictionary.analyze(norm);
        for (i, analysis) in analyses.iter().enumerate() {
            if i > 0 && analysis.prob < MIN_LEMMA_PROBABILITY {
                continue;
            }
            let form = normalize(&analysis.lemma);
            if i == 0 {
                lemma = Rc::from(form.as_str());
                if let Some(ud) = dictionary.ud_tag(analysis.ud) {
                    tags.insert(russian_tags(ud.pos(), |name| ud.feat(name)));
                }
                tags.insert(closed_class(&form, RUSSIAN_CLASSES));
            }
            let lemma_stem = stemmer.stem(&form);
            if *lemma_stem != *stem && !lemma_stems.iter().any(|s| **s == *lemma_stem) {
                lemma_stems.push(Rc::from(lemma_stem.as_ref()));
            }
        }
    }
    WordInfo {
        norm: norm.into(),
        stem,
        lemma_stems: lemma_stems.into_boxed_slice(),
        lemma,
        tags,
        match_forms: OnceCell::new(),
        pack_ids: Cell::new(None),
    }
}

/// Tags from a Universal Dependencies part of speech and features.
fn russian_tags<'a>(pos: &str, feat: impl Fn(&str) -> Option<&'a str>) -> Tags {
    let mut tags = match pos {
        "NOUN" | "PROPN" => Tags::NOUN,
        "VERB" => Tags::VERB,
        "ADJ" => Tags::ADJ,
        "ADV" | "X" | "SYM" => Tags::empty(),
        _ => Tags::FUNCTION,
    };
    let person = feat("Person");
    match person {
        Some("1") => tags.insert(Tags::FIRST_PERSON),
        Some("2") => tags.insert(Tags::SECOND_PERSON),
        _ => {}
    }
    // «Сделаем!» is tagged imperative in the first person: an offer, not
    // a request.
    if feat("Mood") == Some("Imp") && person != Some("1") {
        tags.insert(Tags::IMPERATIVE);
    }
    match feat("Tense") {
        Some("Past") => tags.insert(Tags::PAST),
        Some("Fut") => tags.insert(Tags::FUTURE),
        _ => {}
    }
    tags
}

fn english(norm: &str, stemmer: &Stemmer) -> WordInfo {
    let stem: Rc<str> = Rc::from(stemmer.stem(norm).as_ref());
    let mut tags = closed_class(norm, ENGLISH_CLASSES);
    if is_ly_adverb(norm) {
        tags.insert(Tags::FUNCTION);
    }
    // Without a dictionary, any other word of three letters or more is
    // taken as content.
    if !tags.intersects(Tags::FUNCTION) && norm.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
        tags.insert(Tags::NOUN);
    }
    let apostrophe = norm.replace('’', "'");
    if apostrophe.ends_with("n't") || apostrophe == "cannot" {
        tags.insert(Tags::NEGATION.union(Tags::AUX).union(Tags::FUNCTION));
    }
    WordInfo {
        norm: norm.into(),
        stem,
        lemma_stems: Box::new([]),
        lemma: Rc::from(norm),
        tags,
        match_forms: OnceCell::new(),
        pack_ids: Cell::new(None),
    }
}

/// A Russian stem without its verb prefix, when enough of it is left to
/// stand for a root (five letters).
fn without_prefix(stem: &str) -> Option<&str> {
    const PREFIXES: &[&str] = &[
        "пере", "под", "раз", "рас", "без", "бес", "про", "при", "над", "об", "от", "за", "на",
        "по", "вы", "до",
    ];
    PREFIXES
        .iter()
        .find_map(|p| stem.strip_prefix(p))
        .filter(|rest| rest.chars().count() >= 5)
}

/// A rough Latin spelling that brand names share across scripts: Cyrillic
/// transliterated, then letters that sound alike merged and doubles
/// collapsed (Ceresit, Церезит → ceresit; Grohe, Грое → groe).
fn skeleton(word: &str) -> String {
    let mut latin = String::with_capacity(word.len());
    for c in word.chars() {
        let t = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'й' | 'ы' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "h",
            'ц' => "c",
            'ч' => "ch",
            'ш' | 'щ' => "sh",
            'ю' => "yu",
            'я' => "ya",
            'ъ' | 'ь' => "",
            c if c.is_ascii_alphabetic() => {
                latin.push(c);
                continue;
            }
            _ => continue,
        };
        latin.push_str(t);
    }
    let latin = latin
        .replace("sch", "sh")
        .replace("ph", "f")
        .replace("ck", "k")
        .replace("ts", "c")
        .replace('x', "ks");
    let mut out = String::with_capacity(latin.len());
    for c in latin.chars() {
        let c = match c {
            'k' | 'q' => 'c',
            'z' => 's',
            'w' => 'v',
            'y' | 'j' => 'i',
            'h' => continue,
            c => c,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The closed-class tags of a normalised word.
fn closed_class(norm: &str, classes: &[(Tags, &[&str])]) -> Tags {
    let mut tags = Tags::empty();
    for (class, words) in classes {
        if words.contains(&norm) {
            tags.insert(*class);
        }
    }
    tags
}

const F: Tags = Tags::FUNCTION;

const RUSSIAN_CLASSES: &[(Tags, &[&str])] = &[
    (
        Tags::NEGATION.union(F),
        &[
            "не",
            "нет",
            "ни",
            "никогда",
            "ничего",
            "никто",
            "нигде",
            "никак",
            "нельзя",
            "ничем",
            "ничто",
            "нисколько",
            "ниче",
            "неа",
        ],
    ),
    (
        Tags::CONDITION.union(F),
        &["если", "ежели", "коли", "условии", "случае"],
    ),
    (
        Tags::CONTRAST.union(F),
        &["но", "однако", "зато", "хотя", "впрочем", "правда"],
    ),
    (
        Tags::YOU.union(F),
        &[
            "вы",
            "ваш",
            "вам",
            "вас",
            "вами",
            "ваша",
            "ваше",
            "ваши",
            "вашего",
            "вашей",
            "вашу",
            "вашим",
            "ваших",
            "вашем",
            "ты",
            "тебя",
            "тебе",
            "тобой",
            "твой",
            "твоя",
            "твое",
            "твои",
        ],
    ),
    (
        Tags::WE.union(F),
        &[
            "я",
            "мы",
            "меня",
            "мне",
            "мной",
            "нас",
            "нам",
            "нами",
            "наш",
            "наша",
            "наше",
            "наши",
            "нашего",
            "нашей",
            "нашу",
            "мой",
            "моя",
            "мое",
            "мои",
        ],
    ),
    (
        Tags::WH.union(F),
        &[
            "когда",
            "какой",
            "какая",
            "какое",
            "какие",
            "какого",
            "какую",
            "каким",
            "каких",
            "сколько",
            "где",
            "куда",
            "откуда",
            "кто",
            "что",
            "почему",
            "зачем",
            "как",
            "каков",
            "какова",
            "чем",
            "чего",
        ],
    ),
    (Tags::LI.union(F), &["ли", "ль"]),
    (
        Tags::PLEASE.union(F),
        &["пожалуйста", "плиз", "давайте", "давай"],
    ),
    (
        Tags::FILLER.union(F),
        &[
            "же",
            "ж",
            "ведь",
            "конечно",
            "уж",
            "вот",
            "просто",
            "вообще",
        ],
    ),
];

const ENGLISH_CLASSES: &[(Tags, &[&str])] = &[
    (
        Tags::NEGATION.union(F),
        &[
            "not", "never", "no", "nothing", "nobody", "none", "neither", "nor", "cannot", "nope",
            "nowhere",
        ],
    ),
    (
        Tags::CONDITION.union(F),
        &["if", "unless", "provided", "providing"],
    ),
    (
        Tags::CONTRAST.union(F),
        &["but", "however", "although", "though", "whereas", "yet"],
    ),
    (
        Tags::YOU.union(F),
        &[
            "you",
            "your",
            "yours",
            "yourself",
            "yourselves",
            "u",
            "ur",
            "you're",
            "you’re",
        ],
    ),
    (
        Tags::WE.union(F),
        &[
            "i", "we", "me", "us", "my", "our", "ours", "i'm", "i’m", "i'll", "i’ll", "we'll",
            "we’ll", "we're", "we’re", "i've", "i’ve", "we've", "we’ve", "i'd", "i’d", "we'd",
            "we’d", "im", "ill",
        ],
    ),
    (
        Tags::WH.union(F),
        &[
            "what", "which", "when", "where", "who", "whom", "whose", "why", "how", "what's",
            "how's",
        ],
    ),
    (
        Tags::AUX.union(F),
        &[
            "do", "does", "did", "is", "are", "am", "was", "were", "can", "could", "will", "would",
            "shall", "should", "may", "might", "must", "have", "has", "had", "is", "isn't",
        ],
    ),
    (Tags::PLEASE.union(F), &["please", "pls", "plz", "kindly"]),
    (
        Tags::FILLER.union(F),
        &[
            "just",
            "really",
            "actually",
            "even",
            "honestly",
            "basically",
            "literally",
            "totally",
            "simply",
        ],
    ),
    (
        Tags::FUTURE,
        &[
            "will",
            "shall",
            "going",
            "i'll",
            "i’ll",
            "we'll",
            "we’ll",
            "ill",
            "gonna",
            "tomorrow",
            "she'll",
            "she’ll",
            "he'll",
            "he’ll",
            "they'll",
            "they’ll",
        ],
    ),
    (
        Tags::IMPERATIVE,
        &[
            "send", "call", "text", "ring", "email", "message", "drop", "pop", "share", "let",
            "tell", "give", "book", "pick", "choose", "check", "write", "reply", "contact",
            "attach", "upload", "forward", "confirm", "feel", "whatsapp", "dm", "phone", "snap",
            "take", "measure", "note", "get", "come", "grab", "shoot", "pm", "inbox", "decide",
            "sign", "reserve", "secure", "lock", "hurry",
        ],
    ),
    (
        F,
        &[
            "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "from",
            "by", "about", "as", "into", "over", "after", "before", "up", "down", "out", "off",
            "this", "that", "these", "those", "it", "its", "it's", "be", "been", "being", "he",
            "she", "they", "him", "her", "them", "his", "their", "so", "than", "then", "there",
            "here", "all", "any", "some", "just", "also", "very", "too", "more", "most", "got",
            "need", "needs", "want", "wants", "like", "thanks", "thank", "hi", "hello", "hey",
            "dear", "yes", "ok", "okay", "etc", "per", "via", "each", "every", "both", "one",
            "can't", "won't", "don't", "let's", "there's", "that's", "we", "only", "well",
            "really", "much", "many", "other", "such", "own", "same", "able", "around", "between",
            "through", "within", "without", "until", "while", "again", "once", "now", "still",
            "even", "back", "way", "get", "make", "do", "done", "lot", "lots",
        ],
    ),
    // Prepositions and adverbs of place, time and degree: they say where
    // or how much, never what the job is.
    (
        F,
        &[
            "above",
            "below",
            "under",
            "underneath",
            "beneath",
            "inside",
            "outside",
            "behind",
            "beside",
            "near",
            "next",
            "across",
            "along",
            "against",
            "toward",
            "towards",
            "onto",
            "upon",
            "among",
            "throughout",
            "beyond",
            "since",
            "ago",
            "already",
            "always",
            "usually",
            "sometimes",
            "often",
            "soon",
            "later",
            "maybe",
            "perhaps",
            "probably",
            "quite",
            "rather",
            "almost",
            "enough",
            "anyway",
            "somewhere",
            "something",
            "anything",
            "everything",
            "someone",
            "anyone",
            "everyone",
            "whatever",
            "whenever",
            // Light verbs: "it went green", "seems fine", "looks new".
            "went",
            "gone",
            "goes",
            "came",
            "comes",
            "seem",
            "seems",
            "seemed",
            "look",
            "looks",
            "looked",
            // Contractions of pronouns: "think they're blocked".
            "they're",
            "they’re",
            "they've",
            "they’ve",
            "they'd",
            "they’d",
            "it'll",
            "it’ll",
            "he's",
            "he’s",
            "she's",
            "she’s",
        ],
    ),
];

/// Words in -ly that are not adverbs: things, work and verbs of the trade.
const NOT_ADVERBS: &[&str] = &[
    "apply",
    "assembly",
    "supply",
    "reply",
    "rely",
    "fly",
    "family",
    "belly",
    "jelly",
    "holly",
    "poly",
    "rally",
    "ally",
    "italy",
    "july",
    "lily",
    "bully",
    "trolley",
    "gully",
    "pulley",
    "doily",
    "anomaly",
    "monopoly",
    "ply",
    "multiply",
    "comply",
    "imply",
    "butterfly",
];

/// An adverb by its ending ("fairly", "slightly", "properly"), unless it
/// is one of the few things and verbs spelt alike.
fn is_ly_adverb(norm: &str) -> bool {
    norm.len() >= 5 && norm.ends_with("ly") && !NOT_ADVERBS.contains(&norm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_adverbs_and_prepositions_are_not_content() {
        for word in [
            "they're",
            "went",
            "looks",
            "inside",
            "above",
            "fairly",
            "slightly",
            "something",
            "probably",
        ] {
            assert!(!analyze_word(word).is_content(), "{word}");
        }
        for word in ["assembly", "supply", "trolley", "ceiling", "attic", "fan"] {
            assert!(analyze_word(word).is_content(), "{word}");
        }
    }

    #[test]
    fn brand_names_meet_across_scripts() {
        assert_eq!(skeleton("ceresit"), skeleton("церезит"));
        assert_eq!(skeleton("knauf"), skeleton("кнауф"));
        assert_eq!(skeleton("grohe"), skeleton("грое"));
        assert_eq!(skeleton("baxi"), skeleton("бакси"));
        assert_ne!(skeleton("grohe"), skeleton("гросс"));
        let latin = analyze_word("Ceresit");
        let cyrillic = analyze_word("Церезитом");
        let meets = |a: &WordInfo, b: &WordInfo| {
            a.match_forms()
                .wanted
                .iter()
                .any(|f| b.match_forms().mentioned.contains(f))
        };
        assert!(meets(&latin, &cyrillic));
        assert!(meets(&analyze_word("покрасить"), &analyze_word("покраска")));
        assert!(!meets(&analyze_word("плитка"), &analyze_word("плинтус")));
        assert!(meets(
            &analyze_word("зашпаклёваны"),
            &analyze_word("шпаклёвку")
        ));
        assert!(meets(
            &analyze_word("отремонтировать"),
            &analyze_word("ремонт")
        ));
        assert!(!meets(&analyze_word("заказ"), &analyze_word("казан")));
    }

    #[test]
    fn russian_word_forms_share_a_stem() {
        assert_eq!(stem("кварцевого"), stem("кварцевый"));
        assert_eq!(stem("агломерата"), stem("агломерат"));
        assert_eq!(stem("столешниц"), stem("Столешница"));
        assert_eq!(stem("ёлка"), stem("елка"));
    }

    #[test]
    fn normalisation_lowercases_and_folds_yo() {
        assert_eq!(normalize("ЁЛКА Ёжик Straße ÄЯ"), "елка ежик straße äя");
    }

    #[test]
    fn english_word_forms_share_a_stem() {
        assert_eq!(stem("countertops"), stem("countertop"));
        assert_eq!(stem("Installing"), stem("install"));
    }
}
