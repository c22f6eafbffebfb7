//! `cues`: weigh a text's words, word pairs, punctuation and sentence forms
//! against weights learned from labelled texts (`pitchlint learn`), and flag
//! the text when the weighed odds pass a threshold. Phrase lists catch the
//! wording someone thought of; weighted cues carry over to wording nobody
//! listed, because each cue adds a little evidence and none decides alone.

use std::hash::Hasher;

use indexmap::IndexMap;
use rustc_hash::{FxHashMap, FxHasher};
use serde::Deserialize;

use super::kind::{Check, CheckKind, Compiler, Invalid, points};
use super::{Ctx, Emitter, Judged, quote};
use crate::input::is_cyrillic;
use crate::text::{Analysis, Features, Sentences, Token};

/// Sentence features a cue may name, as `#name`.
const FEATURES: [(Features, &str); 12] = [
    (Features::QUESTION, "#question"),
    (Features::REQUEST, "#request"),
    (Features::TIME, "#time"),
    (Features::YOU, "#you"),
    (Features::WE, "#we"),
    (Features::NEGATION, "#negation"),
    (Features::CONDITION, "#condition"),
    (Features::CONTRAST, "#contrast"),
    (Features::QUESTION_WORD, "#question_word"),
    (Features::PROMISE, "#promise"),
    (Features::YOU_DID, "#you_did"),
    (Features::REGRET, "#regret"),
];

/// Capitals this long are shouting, not an abbreviation.
const SHOUTED_LETTERS: u16 = 4;

/// Weight the cues of one sentence must reach, by default, for the text to
/// be flagged: a text is flagged for what it says, not only for what it
/// lacks (a short text has few cues of either kind), and the finding
/// quotes a sentence that carries the evidence.
const MIN_EVIDENCE: f64 = 1.0;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Cue → weight (log-odds). A cue is a word's key (its lemma for
    /// Russian, its stem otherwise), two keys in a row separated by a
    /// space, a punctuation mark (`!!`, `?!`, `!`, `?`, `)`, `...`,
    /// `CAPS`) or a sentence feature (`#you_did`).
    cues: IndexMap<String, f64>,
    /// Log-odds of a text with none of the cues.
    bias: f64,
    /// Probability from which the text is flagged (0.5–0.99).
    threshold: f64,
    penalty: Option<f64>,
    /// Weight the cues of one sentence must reach (default 1). 0 lets a
    /// text be flagged for what it lacks, as a whole-text finding when no
    /// sentence speaks for the flag: for rules that judge an absence, such
    /// as a fix that never reads as firm.
    min_evidence: Option<f64>,
}

#[derive(Debug)]
pub struct Cues {
    weights: FxHashMap<u64, f64>,
    bias: f64,
    /// `threshold` as log-odds, so the run needs no exponent.
    threshold_logit: f64,
    penalty: f64,
    min_evidence: f64,
}

impl CheckKind for Cues {
    const NAME: &'static str = "cues";
    const PLACEHOLDERS: &'static [&'static str] = &["match"];
    type Params = Params;

    fn compile(p: Params, _cx: &mut Compiler) -> Result<Self, Invalid> {
        if !(0.5..=0.99).contains(&p.threshold) {
            return Err(Invalid::at("threshold", "a probability from 0.5 to 0.99"));
        }
        if !p.bias.is_finite() {
            return Err(Invalid::at("bias", "a finite number"));
        }
        let mut weights = FxHashMap::default();
        for (cue, weight) in p.cues {
            let parts: Vec<&str> = cue.split(' ').collect();
            if parts.len() > 2 || parts.iter().any(|p| p.is_empty()) {
                return Err(Invalid::at(
                    "cues",
                    format!("cue `{cue}` is not one or two keys separated by one space"),
                ));
            }
            if !weight.is_finite() {
                return Err(Invalid::at(
                    "cues",
                    format!("cue `{cue}` has no finite weight"),
                ));
            }
            weights.insert(cue_hash(&parts), weight);
        }
        Ok(Cues {
            weights,
            bias: p.bias,
            threshold_logit: (p.threshold / (1.0 - p.threshold)).ln(),
            penalty: points(p.penalty, 40.0, "penalty")?,
            min_evidence: match p.min_evidence {
                None => MIN_EVIDENCE,
                Some(m) if m.is_finite() && m >= 0.0 => m,
                Some(_) => return Err(Invalid::at("min_evidence", "a weight of 0 or more")),
            },
        })
    }
}

impl Check for Cues {
    fn run(&self, ctx: &Ctx, emit: &mut Emitter) -> Judged {
        let view = &ctx.main;
        let sentences = view.sentences();
        let mut seen = rustc_hash::FxHashSet::default();
        let mut total = self.bias;
        // Per sentence: the weight of its cues that speak for a flag.
        let mut leaning = vec![0.0f64; sentences.list.len()];
        for &(sentence, hash) in view.cues() {
            if let Some(&w) = self.weights.get(&hash) {
                if seen.insert(hash) {
                    total += w;
                }
                leaning[sentence] += w.max(0.0);
            }
        }
        let (heaviest, evidence) = leaning
            .iter()
            .copied()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((0, 0.0));
        if total < self.threshold_logit || evidence < self.min_evidence {
            return Judged::Yes;
        }
        let span = (evidence > 0.0).then(|| sentences.list[heaviest].span.clone());
        let quoted = span
            .clone()
            .map(|s| quote(&view.text[s]))
            .unwrap_or_default();
        emit.emit(span, self.penalty, &[("match", quoted)]);
        Judged::Yes
    }
}

/// A cue's hash: its parts, each ended by a byte no text has.
pub fn cue_hash(parts: &[&str]) -> u64 {
    let mut hasher = FxHasher::default();
    for part in parts {
        hasher.write(part.as_bytes());
        hasher.write_u8(0xff);
    }
    hasher.finish()
}

/// The key a word is weighed by: a Russian word's lemma (every form of
/// «говорить» is one cue), another word's stem.
fn key(token: &Token) -> &str {
    if token.word.norm.chars().any(is_cyrillic) {
        &token.word.lemma
    } else {
        &token.word.stem
    }
}

/// Calls `sink(sentence, parts)` for every cue of every sentence: each
/// word's key, each pair of neighbouring keys, its punctuation marks and
/// its sentence features. A cue may come more than once.
pub fn each_cue(
    text: &str,
    analysis: &Analysis,
    sentences: &Sentences,
    mut sink: impl FnMut(usize, &[&str]),
) {
    for (i, sentence) in sentences.list.iter().enumerate() {
        let tokens = &analysis.tokens[sentence.tokens.clone()];
        let mut previous: Option<&str> = None;
        // A figure is the job's, not the writer's manner.
        for token in tokens.iter().filter(|t| t.letters > 0) {
            let key = key(token);
            sink(i, &[key]);
            if let Some(previous) = previous {
                sink(i, &[previous, key]);
            }
            previous = Some(key);
            if token.upper && token.letters >= SHOUTED_LETTERS {
                sink(i, &["CAPS"]);
            }
        }
        for mark in marks(&text[sentence.span.clone()]) {
            sink(i, &[mark]);
        }
        for (flag, name) in FEATURES {
            if sentence.features.contains(flag) {
                sink(i, &[name]);
            }
        }
    }
}

/// Punctuation that carries tone: `!!` and `?!` (or `??`), a single `!` or
/// `?`, a smiley bracket, an ellipsis.
fn marks(sentence: &str) -> impl Iterator<Item = &'static str> {
    let repeated = |a: &str, b: &str| sentence.contains(a) || sentence.contains(b);
    let shouted = sentence.contains("!!");
    let pressed = repeated("?!", "??") || sentence.contains("!?");
    let smiley = sentence.matches(')').count() > sentence.matches('(').count();
    [
        (shouted, "!!"),
        (!shouted && !pressed && sentence.contains('!'), "!"),
        (pressed, "?!"),
        (!pressed && sentence.contains('?'), "?"),
        (smiley, ")"),
        (repeated("...", "…"), "..."),
    ]
    .into_iter()
    .filter_map(|(on, mark)| on.then_some(mark))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(engine: &crate::Engine, text: &str) -> Vec<crate::Finding> {
        crate::checks::tests::test_rule_findings(engine, crate::input::Kind::Reply, text)
    }

    fn cues_of(text: &str) -> Vec<String> {
        let analysis = crate::text::analyze(text, 0..text.len());
        let sentences = crate::text::sentences(text, &analysis);
        let mut out = Vec::new();
        each_cue(text, &analysis, &sentences, |_, parts| {
            out.push(parts.join(" "))
        });
        out
    }

    #[test]
    fn russian_words_are_weighed_by_lemma_and_others_by_stem() {
        let cues = cues_of("Опять говорю: сразу!! Sending quotes");
        for cue in [
            "опять",
            "говорить",
            "опять говорить",
            "сразу",
            "!!",
            "send",
            "quot",
        ] {
            assert!(
                cues.contains(&cue.to_string()),
                "{cue} missing from {cues:?}"
            );
        }
        assert!(
            !cues.contains(&"!".to_string()),
            "a doubled mark is not also a single one"
        );
    }

    #[test]
    fn pairs_stay_inside_a_sentence_and_marks_and_forms_are_cues() {
        let cues = cues_of("Ready Monday. Why NOBODY called?! Thanks :)");
        assert!(!cues.contains(&"monday whi".to_string()));
        assert!(!cues.contains(&"!".to_string()), "“?!” is not also a “!”");
        for cue in ["whi nobodi", "CAPS", "?!", ")", "#question"] {
            assert!(
                cues.contains(&cue.to_string()),
                "{cue} missing from {cues:?}"
            );
        }
    }

    #[test]
    fn figures_are_skipped_and_only_long_capitals_shout() {
        let cues = cues_of("Call 555 now. Hello there, OK?");
        assert!(!cues.contains(&"555".to_string()), "{cues:?}");
        assert!(cues.contains(&"call now".to_string()), "{cues:?}");
        // Neither a long word in lower case nor a short one in capitals.
        assert!(!cues.contains(&"CAPS".to_string()), "{cues:?}");
        assert!(!cues_of("Call NOW.").contains(&"CAPS".to_string()));
        assert!(cues_of("Call RIGHT now.").contains(&"CAPS".to_string()));
    }

    #[test]
    fn marks_tell_doubled_from_single() {
        let all = |s| marks(s).collect::<Vec<_>>();
        assert_eq!(all("Call now!!"), ["!!"]);
        assert_eq!(all("Call now!"), ["!"]);
        assert_eq!(all("Really??"), ["?!"]);
        assert_eq!(all("What?!"), ["?!"]);
        assert_eq!(all("When? (Tuesday)"), ["?"]);
        assert_eq!(all("Well..."), ["..."]);
    }

    #[test]
    fn a_text_past_the_threshold_is_flagged_at_its_heaviest_sentence() {
        // logit(0.6) ≈ 0.41: "hurry" and "!!" together pass it, either alone
        // does not, and "kindly" pulls any text back.
        let body = r#"    check: cues
    penalty: 30
    bias: -1
    threshold: 0.6
    cues: { "hurri": 0.8, "!!": 0.8, "kind": -3 }
    examples: { bad: [x], good: [y] }"#;
        let (_dir, engine) = crate::checks::tests::overlaid("reply", ("tone", 20), body);
        let flagged = |text: &str| {
            findings(&engine, text).first().map(|f| {
                let span = f.span.clone().expect("a sentence");
                (text[span].to_string(), f.penalty)
            })
        };
        assert_eq!(
            flagged("Thanks for the post. Hurry up!!"),
            Some(("Hurry up!!".to_string(), 30.0))
        );
        assert_eq!(flagged("Thanks for the post. Hurry up."), None);
        assert_eq!(flagged("Kindly hurry up!!"), None);
        // A cue counts once, however often it comes.
        assert_eq!(flagged("Hurry. Hurry. Hurry. Hurry."), None);
        // Past the threshold, but no one sentence carries a weight of 1:
        // "hurry" and "!!" stand apart.
        assert_eq!(flagged("Hurry up. Now!!"), None);
    }

    #[test]
    fn a_text_exactly_at_the_threshold_and_the_evidence_is_flagged() {
        // logit(0.5) is exactly 0: bias −1 and "hurry" (1) land on it, and
        // that one sentence carries exactly the default evidence of 1.
        let body = r#"    check: cues
    penalty: 30
    bias: -1
    threshold: 0.5
    cues: { "hurri": 1.0, "pleas": -0.25 }
    examples: { bad: [x], good: [y] }"#;
        let (_dir, engine) = crate::checks::tests::overlaid("reply", ("tone", 20), body);
        let flagged = |text: &str| !findings(&engine, text).is_empty();
        assert!(flagged("Hurry."));
        assert!(!flagged("Please hurry."));
    }

    #[test]
    fn a_rule_judging_an_absence_flags_the_whole_text() {
        // With `min_evidence: 0` the bias alone can flag a text: nothing in
        // "Thanks." speaks for the flag, so the finding has no span.
        let body = r#"    check: cues
    penalty: 30
    bias: 1
    threshold: 0.6
    min_evidence: 0
    cues: { "kind": -3, "hurri": 0.5 }
    examples: { bad: [x], good: [y] }"#;
        let (_dir, engine) = crate::checks::tests::overlaid("reply", ("tone", 20), body);
        let finding = |text: &str| findings(&engine, text).first().map(|f| f.span.clone());
        assert_eq!(finding("Thanks."), Some(None));
        assert_eq!(finding("Kindly wait."), None);
        // A sentence that speaks for the flag is where it points.
        assert_eq!(finding("Thanks. Hurry."), Some(Some(8..14)));
    }

    #[test]
    fn weights_and_thresholds_are_checked_when_rules_load() {
        let load_error = crate::checks::kind::tests::load_error;
        let rule = |threshold: &str, cue: &str| {
            format!(
                "    check: cues\n    bias: 0\n    threshold: {threshold}\n    cues: {{ {cue}: 1 }}"
            )
        };
        let err = load_error(&rule("0.3", "ok"));
        assert!(err.contains("a probability from 0.5 to 0.99"), "{err}");
        let err = load_error(&rule("0.6", "\"one two three\""));
        assert!(
            err.contains("`one two three` is not one or two keys"),
            "{err}"
        );
        let err = load_error(&rule("0.6", "\"one  two\""));
        assert!(err.contains("is not one or two keys"), "{err}");
        let err = load_error(&(rule("0.6", "ok") + "\n    min_evidence: -1"));
        assert!(err.contains("a weight of 0 or more"), "{err}");
    }

    #[test]
    fn a_cue_hashes_by_its_parts_not_their_concatenation() {
        assert_ne!(cue_hash(&["ab", "c"]), cue_hash(&["a", "bc"]));
        assert_ne!(cue_hash(&["ab"]), cue_hash(&["a", "b"]));
        assert_eq!(cue_hash(&["a", "b"]), cue_hash(&["a", "b"]));
    }
}
