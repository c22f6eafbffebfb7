//! `echo`: a reply should show the job post was read — pick up its sizes,
//! quantities, materials, objects, places and (with `words`) what else it
//! is about. Numbers are compared normalised (`3,2 м` = `3.2 m`), words by
//! stem, lemma and a Latin skeleton for brand names. Details are weighted:
//! the object and its sizes above places.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashSet;

use serde::Deserialize;

use super::kind::{Check, CheckKind, Compiler, Invalid, points, share};
use super::{Ctx, Emitter, Judged, View, quote};
use crate::rules::LexId;
use crate::rules::Matcher;
use crate::rules::raw::{OneOrMany, RawMatcher};
use crate::text::Tags;

/// A number with an optional unit; grouped thousands (`12 000`) stay one.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\d{1,3}(?:[\u{a0}\u{202f} ]\d{3})+(?:[.,]\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:\s*(?:m²|sq\.?\s*ft|ft|m(?-u:\b)|gal|lbs?(?-u:\b)))?|\d+(?:[.,]\d+)?(?:\s*(?:м²|м2|кв\.?\s*м|мм|см|м(?:[^\p{L}]|$)|шт|кг|л(?:[^\p{L}]|$)|квт|вт(?:[^\p{L}]|$)|а(?:[^\p{L}]|$)|m²|sq\.?\s*ft|ft|cm|mm|m(?-u:\b)|kg|lbs?(?-u:\b)|inch|in(?:[.,;:)]|$)|gal|kw|%))?",
    )
    .expect("valid regex")
});

/// Longer digit runs are phone numbers or ids, not job specifics.
const MAX_DIGITS: usize = 7;

/// How much each kind of detail weighs: the object, its material and its
/// sizes above the words around them, and places (a minor lexicon) below.
const LEXICON_WEIGHT: f64 = 2.0;
const MINOR_WEIGHT: f64 = 0.5;
const NUMBER_WEIGHT: f64 = 1.5;
const WORD_WEIGHT: f64 = 1.0;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Number(String),
    Entry(LexId, usize),
    /// A content word, by the stem of its lemma.
    Word(String),
}

/// One detail of a job post: what identifies it, how it is shown, its
/// weight, and the forms under which a reply may pick it up.
struct Detail {
    label: String,
    weight: f64,
    forms: Vec<u64>,
    /// Forms of the content words of a multi-word entry: naming one of
    /// them («пол» for «тёплый пол», "fan" for "ceiling fan") earns half.
    partial: Vec<u64>,
}

impl Detail {
    /// The weight a reply mentioning `have` earns for this detail.
    fn earned(&self, have: &FxHashSet<u64>) -> f64 {
        if self.forms.iter().any(|f| have.contains(f)) {
            self.weight
        } else if self.partial.iter().any(|f| have.contains(f)) {
            self.weight / 2.0
        } else {
            0.0
        }
    }
}

/// Every detail of a text, with its label (first spelling seen).
fn details(view: &View, echo: &Echo) -> Vec<Detail> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let body = &view.text[view.body.clone()];
    for m in NUMBER.find_iter(body).filter(|m| is_quantity(m.as_str())) {
        let key = Key::Number(normalize_number(m.as_str()));
        if seen.insert(key.clone()) {
            // The unit's end check may take one character past it.
            let label = m
                .as_str()
                .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '²' && c != '%');
            out.push(Detail {
                forms: vec![key_form(&key)],
                partial: Vec::new(),
                label: quote(label),
                weight: NUMBER_WEIGHT,
            });
        }
    }
    // Words inside a lexicon hit or an ignored phrase are not counted again.
    let mut covered = ignored_tokens(view, echo);
    for &lex in &echo.lexicons {
        let weight = if echo.minor.contains(&lex) {
            MINOR_WEIGHT
        } else if echo.synonyms.contains(&lex) {
            WORD_WEIGHT
        } else {
            LEXICON_WEIGHT
        };
        for hit in &view.hits[lex] {
            if hit.tokens.clone().any(|i| covered[i]) {
                continue;
            }
            covered[hit.tokens.clone()].fill(true);
            let key = Key::Entry(lex, hit.entry);
            if seen.insert(key.clone()) {
                let span = view.analysis.token_span(&hit.tokens);
                let words = &view.analysis.tokens[hit.tokens.clone()];
                let partial = if words.len() > 1 {
                    words
                        .iter()
                        .filter(|t| t.word.is_content() && t.letters >= 3)
                        .flat_map(|t| t.word.match_forms().wanted.iter().copied())
                        .collect()
                } else {
                    Vec::new()
                };
                out.push(Detail {
                    forms: vec![key_form(&key)],
                    partial,
                    label: quote(&view.text[span]),
                    weight,
                });
            }
        }
    }
    if echo.words {
        for (i, token) in view.analysis.tokens.iter().enumerate() {
            if covered[i] || !token.word.is_content() || token.letters < 3 {
                continue;
            }
            let head = token.word.lemma_stems.first().unwrap_or(&token.word.stem);
            let key = Key::Word(head.to_string());
            if seen.insert(key.clone()) {
                let surface = &view.text[token.start..token.end];
                out.push(Detail {
                    forms: token.word.match_forms().wanted.to_vec(),
                    partial: Vec::new(),
                    label: quote(surface),
                    weight: WORD_WEIGHT,
                });
            }
        }
    }
    out
}

/// A size or a count with its unit. A bare number may be a house number,
/// a postcode or an age, and longer digit runs are phones or ids.
fn is_quantity(number: &str) -> bool {
    number.chars().filter(char::is_ascii_digit).count() <= MAX_DIGITS
        && (number.contains(char::is_alphabetic) || number.contains('%'))
}

/// A number a reply may pick a post's size up with: any quantity, and a
/// bare number of two digits or more ("about $2,400 for 1,200" answers
/// "1,200 sq ft"); a lone digit is too common to count.
fn is_mention(number: &str, value: &str) -> bool {
    let whole = value.split('.').next().unwrap_or(value);
    is_quantity(number)
        || number.chars().filter(char::is_ascii_digit).count() <= MAX_DIGITS && whole.len() >= 2
}

/// Tokens inside phrases that are never details (greetings, "need").
fn ignored_tokens(view: &View, echo: &Echo) -> Vec<bool> {
    let mut ignored = vec![false; view.analysis.tokens.len()];
    for &lex in &echo.ignore {
        for hit in &view.hits[lex] {
            ignored[hit.tokens.clone()].fill(true);
        }
    }
    ignored
}

/// Every form under which a reply mentions something, with the token it
/// sits at.
fn mention_forms(view: &View, echo: &Echo) -> Vec<(usize, u64)> {
    let mut out = Vec::new();
    let body = &view.text[view.body.clone()];
    for m in NUMBER.find_iter(body) {
        let value = normalize_number(m.as_str());
        if is_mention(m.as_str(), &value) {
            let key = Key::Number(value);
            out.push((view.token_at(view.body.start + m.start()), key_form(&key)));
        }
    }
    let ignored = ignored_tokens(view, echo);
    for &lex in &echo.lexicons {
        for hit in view.hits[lex]
            .iter()
            .filter(|h| !h.tokens.clone().any(|i| ignored[i]))
        {
            out.push((hit.tokens.start, key_form(&Key::Entry(lex, hit.entry))));
        }
    }
    for (i, token) in view.analysis.tokens.iter().enumerate() {
        let forms = token.word.match_forms();
        out.extend(
            forms
                .wanted
                .iter()
                .chain(forms.mentioned.iter())
                .map(|&f| (i, f)),
        );
    }
    out
}

/// The forms a reply mentions, leaving out catalogues: a detail named in a
/// list of services or materials where half the items or more are not from
/// the post
/// («Ламинат✅ Паркет✅ Линолеум✅ Плитка✅», "granite, quartz, marble and
/// quartzite") shows what the contractor does, not that the post was read.
fn mentioned(view: &View, echo: &Echo, wanted: &[Detail]) -> FxHashSet<u64> {
    let wanted_forms: FxHashSet<u64> = wanted
        .iter()
        .flat_map(|d| d.forms.iter().chain(&d.partial).copied())
        .collect();
    let forms = mention_forms(view, echo);
    let mut detail_at = vec![false; view.analysis.tokens.len()];
    for &(i, form) in &forms {
        if wanted_forms.contains(&form) && i < detail_at.len() {
            detail_at[i] = true;
        }
    }
    let catalogue = catalogue_tokens(view, &detail_at);
    forms
        .into_iter()
        .filter(|&(i, _)| !catalogue.get(i).copied().unwrap_or(false))
        .map(|(_, form)| form)
        .collect()
}

/// Items of a list longer than this many words are sentences, not entries.
const MAX_ITEM_WORDS: usize = 3;
/// The fewest entries that make a list a catalogue.
const MIN_CATALOGUE_ITEMS: usize = 3;

/// Tokens inside catalogues: runs of at least three short list items
/// (split by commas, slashes, ticks, bullets, «и»/"and"/"or") in which the
/// items naming other things (nouns, no verb) are at least two and at least
/// as many as those naming a detail of the post: «покраска стен, потолков,
/// фасадов, заборов» lists a trade, whichever two the post named.
fn catalogue_tokens(view: &View, detail_at: &[bool]) -> Vec<bool> {
    let tokens = &view.analysis.tokens;
    let mut mask = vec![false; tokens.len()];
    for sentence in &view.analysis.sentences {
        let items = list_items(view, sentence.tokens.clone());
        for run in items.split(|item| item.len() > MAX_ITEM_WORDS) {
            if run.len() < MIN_CATALOGUE_ITEMS {
                continue;
            }
            let names_detail = |item: &Range<usize>| item.clone().any(|i| detail_at[i]);
            let has =
                |item: &Range<usize>, tag| item.clone().any(|i| tokens[i].word.tags.contains(tag));
            let naming_detail = run.iter().filter(|item| names_detail(item)).count();
            let naming_other = run
                .iter()
                .filter(|item| {
                    !names_detail(item) && has(item, Tags::NOUN) && !has(item, Tags::VERB)
                })
                .count();
            if naming_other >= 2 && naming_other >= naming_detail {
                for item in run {
                    mask[item.clone()].fill(true);
                }
            }
        }
    }
    mask
}

/// A sentence's tokens cut into list items at separators; the
/// conjunctions that join items belong to none.
fn list_items(view: &View, sentence: Range<usize>) -> Vec<Range<usize>> {
    let tokens = &view.analysis.tokens;
    let mut items = Vec::new();
    let mut start = sentence.start;
    for i in sentence.clone() {
        if is_list_conjunction(&tokens[i].word.norm) {
            items.push(start..i);
            start = i + 1;
            continue;
        }
        let gap_end = tokens.get(i + 1).map_or(view.text.len(), |t| t.start);
        if i + 1 < sentence.end && view.text[tokens[i].end..gap_end].contains(is_list_separator) {
            items.push(start..i + 1);
            start = i + 1;
        }
    }
    items.push(start..sentence.end);
    items.retain(|item| !item.is_empty());
    items
}

fn is_list_conjunction(word: &str) -> bool {
    matches!(word, "и" | "или" | "and" | "or")
}

/// Commas, slashes, bullets and the ticks and emoji people list services
/// with.
fn is_list_separator(c: char) -> bool {
    matches!(c, ',' | ';' | '/' | '&' | '+' | '•' | '·' | '\n')
        || c as u32 >= 0x2190 && !c.is_alphanumeric()
}

/// A number's or a lexicon entry's form, in the same space as words'.
fn key_form(key: &Key) -> u64 {
    crate::text::form_hash(b'#', &format!("{key:?}"))
}

/// `3,20 м` → `3.2`; `12 000` → `12000`; `1,200 sq ft` → `1200`: a comma
/// before groups of exactly three digits groups thousands.
fn normalize_number(text: &str) -> String {
    let digits: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}'))
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .collect();
    let digits = digits.trim_end_matches(['.', ',']);
    let whole = digits.split('.').next().unwrap_or(digits);
    let grouped = whole.contains(',') && whole.split(',').skip(1).all(|g| g.len() == 3);
    let number: String = if grouped {
        digits.replace(',', "")
    } else {
        digits.replace(',', ".")
    };
    let number = number.trim_end_matches('.');
    if number.contains('.') {
        number
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        number.to_string()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    lexicon: Option<OneOrMany>,
    /// Lexicons whose entries weigh less (places).
    minor: Option<OneOrMany>,
    /// Lexicons of words that name the same thing in a job («личинка» and
    /// «цилиндр», "sealed unit" and "blown unit"): an entry is one detail
    /// of a plain word's weight, picked up by any of its words.
    synonyms: Option<OneOrMany>,
    /// Words and phrases that are never details (greetings, "need").
    ignore: Option<OneOrMany>,
    /// Count the post's own content words (nouns, verbs, adjectives).
    words: Option<bool>,
    /// The weight of details that earns full marks, so a long post does not
    /// demand that every word be repeated.
    enough: Option<f64>,
    /// The trade's own terms (parts, causes, materials) a reply names that
    /// the post did not: they show the job was understood, not only read.
    expertise: Option<OneOrMany>,
    /// The most they can earn, as a share of what earns full marks; below
    /// `share`, so trade terms alone never pass for reading the post.
    expertise_share: Option<f64>,
    /// A sentence that works out the cause («Скорее всего завоздушило
    /// контур», "Sounds like delayed ignition"): the reply took up the
    /// problem, even in words the post did not use.
    diagnosis: Option<RawMatcher>,
    /// What a diagnosis earns, as a share of what earns full marks; with
    /// `expertise_share`, below `share`.
    diagnosis_share: Option<f64>,
    share: Option<f64>,
    penalty: Option<f64>,
}

#[derive(Debug)]
pub struct Echo {
    lexicons: Vec<LexId>,
    minor: Vec<LexId>,
    synonyms: Vec<LexId>,
    ignore: Vec<LexId>,
    words: bool,
    enough: f64,
    expertise: Matcher,
    expertise_share: f64,
    diagnosis: Option<Matcher>,
    diagnosis_share: f64,
    share: f64,
    penalty: f64,
}

impl CheckKind for Echo {
    const NAME: &'static str = "echo";
    const PLACEHOLDERS: &'static [&'static str] = &["found", "total", "missed", "items"];
    type Params = Params;

    fn compile(p: Params, cx: &mut Compiler) -> Result<Self, Invalid> {
        let minor = cx.matcher(p.minor.as_ref(), None, None)?.lexicons;
        let synonyms = cx.matcher(p.synonyms.as_ref(), None, None)?.lexicons;
        let mut lexicons = cx.matcher(p.lexicon.as_ref(), None, None)?.lexicons;
        for lex in minor.iter().chain(&synonyms) {
            if !lexicons.contains(lex) {
                lexicons.push(*lex);
            }
        }
        let enough = p.enough.unwrap_or(f64::INFINITY);
        if enough.is_nan() || enough <= 0.0 {
            return Err(Invalid::at("enough", "`enough` is a weight above 0"));
        }
        let expertise_share = match p.expertise_share {
            Some(value) => share(Some(value), value, "expertise_share")?,
            None => 0.0,
        };
        let diagnosis_share = match (&p.diagnosis, p.diagnosis_share) {
            (Some(_), Some(value)) => share(Some(value), value, "diagnosis_share")?,
            (None, None) => 0.0,
            _ => {
                return Err(Invalid::at(
                    "diagnosis_share",
                    "`diagnosis` and `diagnosis_share` go together",
                ));
            }
        };
        let share = share(p.share, 0.5, "share")?;
        if expertise_share + diagnosis_share >= share {
            return Err(Invalid::at(
                "expertise_share",
                "`expertise_share` and `diagnosis_share` together must stay below `share`",
            ));
        }
        let diagnosis = p
            .diagnosis
            .as_ref()
            .map(|raw| cx.matcher_from(raw))
            .transpose()?;
        Ok(Echo {
            lexicons,
            minor,
            synonyms,
            ignore: cx.matcher(p.ignore.as_ref(), None, None)?.lexicons,
            words: p.words.unwrap_or(false),
            enough,
            expertise: cx.matcher(p.expertise.as_ref(), None, None)?,
            expertise_share,
            diagnosis,
            diagnosis_share,
            share,
            penalty: points(p.penalty, 100.0, "penalty")?,
        })
    }
}

impl Check for Echo {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        let Some(context) = &ctx.context else {
            return Judged::Impossible;
        };
        let wanted = details(context, self);
        if wanted.is_empty() {
            return Judged::Skipped;
        }
        let have = mentioned(&ctx.main, self, &wanted);
        let earned: f64 = wanted.iter().map(|d| d.earned(&have)).sum();
        let total: f64 = wanted.iter().map(|d| d.weight).sum();
        let needed = total.min(self.enough);
        let expert = self.expert_terms(&ctx.main, &wanted);
        let expert_share = (expert as f64 * WORD_WEIGHT / needed).min(self.expertise_share);
        let diagnosed = self
            .diagnosis
            .as_ref()
            .is_some_and(|m| !ctx.matches(m).is_empty());
        let diagnosis_share = if diagnosed { self.diagnosis_share } else { 0.0 };
        let got = (earned / needed + expert_share + diagnosis_share).min(1.0);
        let (picked, missed): (Vec<&Detail>, Vec<&Detail>) =
            wanted.iter().partition(|d| d.earned(&have) > 0.0);
        // Heavier details first, so the advice names what matters most.
        let mut missed = missed;
        missed.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        let picked: Vec<String> = picked.iter().map(|d| d.label.clone()).collect();
        let missed: Vec<String> = missed.iter().map(|d| d.label.clone()).collect();
        if got < self.share {
            let missed_labels: Vec<&str> = missed.iter().take(5).map(String::as_str).collect();
            emit.emit(
                None,
                self.penalty * (1.0 - got / self.share),
                &[
                    ("found", picked.len().to_string()),
                    ("total", wanted.len().to_string()),
                    ("missed", missed_labels.join(", ")),
                    ("items", picked.join(", ")),
                ],
            );
        }
        let notes = emit.notes();
        notes.picked = picked;
        notes.missed = missed;
        Judged::Yes
    }
}

impl Echo {
    /// How many distinct trade terms the reply names that are not details
    /// of the post.
    fn expert_terms(&self, reply: &View, wanted: &[Detail]) -> usize {
        if self.expertise_share == 0.0 {
            return 0;
        }
        let wanted_forms: FxHashSet<u64> = wanted
            .iter()
            .flat_map(|d| d.forms.iter().chain(&d.partial).copied())
            .collect();
        let mut seen = BTreeSet::new();
        for m in reply.matches(&self.expertise) {
            let tokens = reply.token_at(m.span.start)..reply.token_at(m.span.end);
            let known = reply.analysis.tokens[tokens].iter().any(|t| {
                let forms = t.word.match_forms();
                forms.mentioned.iter().any(|f| wanted_forms.contains(f))
            });
            if !known {
                seen.insert(m.concept);
            }
        }
        seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_number_of_two_digits_is_a_mention() {
        let mention = |number| is_mention(number, &normalize_number(number));
        assert!(mention("1,200"));
        assert!(mention("38"));
        assert!(mention("2 шт"));
        assert!(!mention("2"));
        assert!(!mention("2,5"));
        assert!(!mention("89161234567"));
    }

    #[test]
    fn numbers_normalise() {
        assert_eq!(normalize_number("3,2 м"), "3.2");
        assert_eq!(normalize_number("3.20"), "3.2");
        assert_eq!(normalize_number("12 000"), "12000");
        assert_eq!(normalize_number("38"), "38");
        assert_eq!(normalize_number("1,200 sq ft"), "1200");
        assert_eq!(normalize_number("1,250,000"), "1250000");
        assert_eq!(normalize_number("2,5 м"), "2.5");
    }

    #[test]
    fn number_regex_keeps_units_and_groups() {
        let found: Vec<&str> = NUMBER
            .find_iter("столешница 3,2 м и 1.8 m, бюджет 70 000, 2 шт, бойлер 80 л, 8 кг")
            // A unit's end check may take the character after it.
            .map(|m| m.as_str().trim_end_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        assert_eq!(found, ["3,2 м", "1.8 m", "70 000", "2 шт", "80 л", "8 кг"]);
        let found: Vec<&str> = NUMBER
            .find_iter("about 1,200 sq ft of sod, $2,400 in all")
            .map(|m| m.as_str().trim_end())
            .collect();
        assert_eq!(found, ["1,200 sq ft", "2,400"]);
    }

    #[test]
    fn inches_need_the_unit_to_end() {
        let found = |text| NUMBER.find(text).map(|m| m.as_str().trim_end().to_string());
        // "in-ground" and "in the garden" are not inches.
        assert_eq!(found("a 15x30 in-ground pool").as_deref(), Some("15"));
        assert_eq!(found("30 in the garden").as_deref(), Some("30"));
        assert_eq!(found("a 30 in. vanity").as_deref(), Some("30 in."));
        assert_eq!(found("vanity: 30 in").as_deref(), Some("30 in"));
    }
}
