//! Learning the weights of a `cues` rule from labelled texts (`pitchlint
//! learn`): a logistic regression over the cues each text has (see
//! `checks::cues`), with classes weighted to count equally. The threshold is
//! chosen on out-of-fold predictions, never on the texts a weight was
//! fitted to, so the figures it reports are what unseen texts can expect.

use std::collections::BTreeMap;

use crate::Engine;
use crate::batch;
use crate::checks::cues::each_cue;
use crate::error::{Error, Result};
use crate::eval::{Case, Half};
use crate::input::Lang;

/// Folds of the cross-validation that picks the threshold.
const FOLDS: u32 = 5;
/// Thresholds tried, in twentieths: 0.50, 0.55 … 0.95.
const THRESHOLDS: std::ops::RangeInclusive<u32> = 10..=19;
/// A threshold is chosen among those keeping at least this share of the
/// texts labelled fine unflagged: a rule that fires on good texts is a
/// defect.
const MIN_KEPT: f64 = 0.97;
/// Optimiser steps; the fit is convex, and this is well past convergence
/// for sets of a few thousand texts.
const STEPS: usize = 1500;

/// What to learn and from which texts.
#[derive(Debug, Clone)]
pub struct Options {
    pub dimension: String,
    /// Only texts of this kind (`reply`, `review-reply`…).
    pub kind: Option<String>,
    pub lang: Lang,
    pub half: Half,
    /// Inverse strength of the pull of every weight towards zero; smaller
    /// is simpler (fewer, smaller weights).
    pub strength: f64,
    /// Fixed threshold instead of the one cross-validation picks.
    pub threshold: Option<f64>,
    /// Cues kept, by the size of their weight.
    pub max_cues: usize,
}

/// Out-of-fold agreement at one threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub threshold: f64,
    pub caught: usize,
    pub kept: usize,
}

/// The learned parameters of a `cues` rule and how they were found.
#[derive(Debug, Clone)]
pub struct Learned {
    pub bias: f64,
    pub threshold: f64,
    /// Cue → weight, the heaviest first.
    pub cues: Vec<(String, f64)>,
    pub gaps: usize,
    pub ok: usize,
    /// Out-of-fold agreement at every threshold tried.
    pub rows: Vec<Row>,
}

/// Texts turned into the cues they contain.
struct Set {
    /// Cue names; a text's cues are indices into it.
    names: Vec<String>,
    texts: Vec<Vec<u32>>,
    gap: Vec<bool>,
    fold: Vec<u32>,
}

/// Learns from every case of `opts.kind` and `opts.lang` in `opts.half`
/// labelled on `opts.dimension`.
pub fn learn(engine: &Engine, cases: &[Case], opts: &Options) -> Result<Learned> {
    let set = cues_of(engine, cases, opts)?;
    let gaps = set.gap.iter().filter(|&&g| g).count();
    let ok = set.gap.len() - gaps;
    if gaps < FOLDS as usize || ok < FOLDS as usize {
        return Err(Error::usage(format!(
            "too few labelled texts to learn `{}` from: {gaps} gaps and {ok} fine (at least {FOLDS} of each)",
            opts.dimension
        )));
    }
    let mut out_of_fold = vec![0.0; set.texts.len()];
    for fold in 0..FOLDS {
        let train: Vec<usize> = (0..set.texts.len())
            .filter(|&i| set.fold[i] != fold)
            .collect();
        let model = fit(&set, &train, opts.strength);
        for i in (0..set.texts.len()).filter(|&i| set.fold[i] == fold) {
            out_of_fold[i] = model.probability(&set.texts[i]);
        }
    }
    let rows: Vec<Row> = THRESHOLDS
        .map(|t| {
            let threshold = f64::from(t) / 20.0;
            let flagged = |i: usize| out_of_fold[i] >= threshold;
            Row {
                threshold,
                caught: (0..set.gap.len())
                    .filter(|&i| set.gap[i] && flagged(i))
                    .count(),
                kept: (0..set.gap.len())
                    .filter(|&i| !set.gap[i] && !flagged(i))
                    .count(),
            }
        })
        .collect();
    let threshold = opts.threshold.unwrap_or_else(|| pick(&rows, gaps, ok));
    let all: Vec<usize> = (0..set.texts.len()).collect();
    let model = fit(&set, &all, opts.strength);
    let mut cues: Vec<(String, f64)> = model
        .weights
        .iter()
        .enumerate()
        .filter(|(_, w)| w.abs() >= 0.01)
        .map(|(i, &w)| (set.names[i].clone(), w))
        .collect();
    cues.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then_with(|| a.0.cmp(&b.0)));
    cues.truncate(opts.max_cues);
    Ok(Learned {
        bias: model.bias,
        threshold,
        cues,
        gaps,
        ok,
        rows,
    })
}

/// The threshold with the best balanced accuracy among those that keep
/// enough fine texts (the highest threshold when none does).
fn pick(rows: &[Row], gaps: usize, ok: usize) -> f64 {
    let bacc = |r: &Row| (r.caught as f64 / gaps as f64 + r.kept as f64 / ok as f64) / 2.0;
    rows.iter()
        .filter(|r| r.kept as f64 >= MIN_KEPT * ok as f64)
        .max_by(|a, b| bacc(a).total_cmp(&bacc(b)))
        .or(rows.last())
        .map_or(0.5, |r| r.threshold)
}

fn cues_of(engine: &Engine, cases: &[Case], opts: &Options) -> Result<Set> {
    let mut index: BTreeMap<String, u32> = BTreeMap::new();
    let mut texts = Vec::new();
    let (mut gap, mut fold) = (Vec::new(), Vec::new());
    for case in cases {
        let Some(label) = case.label(&opts.dimension) else {
            continue;
        };
        if !opts.half.takes(&case.id) || opts.kind.as_ref().is_some_and(|k| *k != case.kind) {
            continue;
        }
        let doc = batch::document(engine, &case.id, case.record())
            .map_err(|e| Error::usage(format!("case `{}`: {}", case.id, e.message)))?;
        if doc.lang != opts.lang {
            continue;
        }
        let analysis = crate::text::analyze(&doc.text, doc.body.clone());
        let sentences = crate::text::sentences(&doc.text, &analysis);
        let mut own = Vec::new();
        each_cue(&doc.text, &analysis, &sentences, |_, parts| {
            let next = index.len() as u32;
            own.push(*index.entry(parts.join(" ")).or_insert(next));
        });
        own.sort_unstable();
        own.dedup();
        texts.push(own);
        gap.push(label);
        // Texts answering the same post or review share a fold, so no
        // fold is judged on a post its weights have seen.
        let group = case
            .task
            .as_ref()
            .or(case.review.as_ref())
            .unwrap_or(&case.id);
        fold.push(crc32fast::hash(group.as_bytes()) % FOLDS);
    }
    // A cue in one text only is that text's, not evidence.
    let mut seen = vec![0u32; index.len()];
    for text in &texts {
        for &c in text {
            seen[c as usize] += 1;
        }
    }
    let mut names = vec![String::new(); index.len()];
    for (name, i) in index {
        names[i as usize] = name;
    }
    let mut renumber = vec![u32::MAX; names.len()];
    let mut kept_names = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        if seen[i] >= 2 {
            renumber[i] = kept_names.len() as u32;
            kept_names.push(name);
        }
    }
    for text in &mut texts {
        *text = text
            .iter()
            .map(|&c| renumber[c as usize])
            .filter(|&c| c != u32::MAX)
            .collect();
    }
    Ok(Set {
        names: kept_names,
        texts,
        gap,
        fold,
    })
}

struct Model {
    bias: f64,
    weights: Vec<f64>,
}

impl Model {
    fn probability(&self, cues: &[u32]) -> f64 {
        let z = self.bias + cues.iter().map(|&c| self.weights[c as usize]).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// Fits weights on the texts `rows` by Adam on the whole batch: the
/// class-weighted log loss plus `‖w‖² / 2·strength` (the bias is free).
fn fit(set: &Set, rows: &[usize], strength: f64) -> Model {
    let n = set.names.len();
    let gaps = rows.iter().filter(|&&i| set.gap[i]).count().max(1);
    let fine = (rows.len() - gaps).max(1);
    let class_weight = |gap: bool| rows.len() as f64 / (2.0 * if gap { gaps } else { fine } as f64);
    // Parameter n is the bias.
    let mut theta = vec![0.0; n + 1];
    let (mut m, mut v) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    let (rate, beta1, beta2): (f64, f64, f64) = (0.05, 0.9, 0.999);
    let mut grad = vec![0.0; n + 1];
    for step in 1..=STEPS {
        for (g, w) in grad.iter_mut().zip(&theta).take(n) {
            *g = w / strength;
        }
        grad[n] = 0.0;
        for &i in rows {
            let cues = &set.texts[i];
            let z = theta[n] + cues.iter().map(|&c| theta[c as usize]).sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            let err = class_weight(set.gap[i]) * (p - f64::from(u8::from(set.gap[i])));
            for &c in cues {
                grad[c as usize] += err;
            }
            grad[n] += err;
        }
        let (c1, c2) = (1.0 - beta1.powi(step as i32), 1.0 - beta2.powi(step as i32));
        for j in 0..=n {
            m[j] = beta1 * m[j] + (1.0 - beta1) * grad[j];
            v[j] = beta2 * v[j] + (1.0 - beta2) * grad[j] * grad[j];
            theta[j] -= rate * (m[j] / c1) / ((v[j] / c2).sqrt() + 1e-8);
        }
    }
    let bias = theta.pop().unwrap_or(0.0);
    Model {
        bias,
        weights: theta,
    }
}

/// The learned parameters as the body of a `cues` rule, indented to sit
/// under its `- id:` line, with a comment on how they were found.
pub fn render(learned: &Learned) -> String {
    let (gaps, ok) = (learned.gaps, learned.ok);
    let mut out = String::new();
    if let Some(row) = learned
        .rows
        .iter()
        .find(|r| (r.threshold - learned.threshold).abs() < 1e-9)
    {
        out.push_str(&format!(
            "    # {} texts ({gaps} gaps); out of fold at the threshold: {}/{gaps} gaps caught, {}/{ok} fine kept.\n",
            gaps + ok,
            row.caught,
            row.kept
        ));
    }
    out.push_str(&format!("    bias: {:.3}\n", learned.bias));
    out.push_str(&format!("    threshold: {:.2}\n", learned.threshold));
    out.push_str("    cues:\n");
    for (cue, weight) in &learned.cues {
        let key = serde_json::to_string(cue).expect("a string serialises");
        out.push_str(&format!("      {key}: {weight:.3}\n"));
    }
    out
}

/// The out-of-fold table, one line per threshold.
pub fn render_rows(learned: &Learned) -> String {
    let mut out = String::from("threshold  gaps caught  fine kept\n");
    for r in &learned.rows {
        let mark = if (r.threshold - learned.threshold).abs() < 1e-9 {
            "  ←"
        } else {
            ""
        };
        out.push_str(&format!(
            "{:>9.2}  {:>5}/{:<5}  {:>4}/{:<4}{mark}\n",
            r.threshold, r.caught, learned.gaps, r.kept, learned.ok
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: &str, text: &str, gap: bool) -> Case {
        let line = serde_json::json!({
            "id": id, "kind": "reply", "lang": "en", "text": text, "quality": "mid",
            "gaps": if gap { vec!["tone"] } else { vec![] },
            "ok": if gap { vec![] } else { vec!["tone"] },
        });
        serde_json::from_value(line).expect("a case")
    }

    fn options() -> Options {
        Options {
            dimension: "tone".into(),
            kind: Some("reply".into()),
            lang: Lang::En,
            half: Half::All,
            strength: 1.0,
            threshold: None,
            max_cues: 50,
        }
    }

    /// Rude texts share "hurry" and "!!"; polite ones share "kindly".
    fn cases() -> Vec<Case> {
        let mut out = Vec::new();
        for i in 0..20 {
            let odd = if i == 0 { " Zebra." } else { "" };
            out.push(case(
                &format!("b{i}"),
                &format!("Hurry up, job {i} waits!!{odd}"),
                true,
            ));
            out.push(case(
                &format!("g{i}"),
                &format!("Kindly send photos of job {i}."),
                false,
            ));
        }
        out
    }

    #[test]
    fn shared_cues_of_a_label_get_weights_of_its_sign() {
        let engine = Engine::new(crate::Settings::default()).expect("engine");
        let learned = learn(&engine, &cases(), &options()).expect("learned");
        let weight = |cue: &str| learned.cues.iter().find(|c| c.0 == cue).map(|c| c.1);
        assert!(
            weight("hurri").is_some_and(|w| w > 0.2),
            "{:?}",
            learned.cues
        );
        assert!(weight("!!").is_some_and(|w| w > 0.2));
        assert!(weight("kind").is_some_and(|w| w < -0.2));
        // A word of one text only is that text's, not a cue.
        assert!(weight("zebra").is_none());
        let row = learned
            .rows
            .iter()
            .find(|r| r.threshold == learned.threshold)
            .unwrap();
        assert_eq!((row.caught, row.kept), (20, 20));
        assert!(render(&learned).contains("\"hurri\": "));
    }

    #[test]
    fn texts_of_another_language_kind_or_half_are_left_out() {
        let engine = Engine::new(crate::Settings::default()).expect("engine");
        let mut opts = options();
        opts.lang = Lang::Ru;
        let err = learn(&engine, &cases(), &opts).unwrap_err();
        assert!(err.message.contains("0 gaps and 0 fine"), "{}", err.message);
        opts.lang = Lang::En;
        opts.kind = Some("profile".into());
        assert!(learn(&engine, &cases(), &opts).is_err());
        opts.kind = None;
        opts.half = Half::Tune;
        let tune = learn(&engine, &cases(), &opts).expect("learned");
        assert!(tune.gaps + tune.ok < 40 && tune.gaps + tune.ok > 5);
    }

    #[test]
    fn the_threshold_keeps_enough_fine_texts() {
        let rows = [
            Row {
                threshold: 0.5,
                caught: 10,
                kept: 80,
            },
            Row {
                threshold: 0.6,
                caught: 9,
                kept: 97,
            },
            Row {
                threshold: 0.7,
                caught: 5,
                kept: 100,
            },
        ];
        // 0.5 is best balanced but keeps 80 %; 0.6 is the best that keeps 97 %.
        assert_eq!(pick(&rows, 10, 100), 0.6);
        let none = [
            Row {
                threshold: 0.5,
                caught: 10,
                kept: 50,
            },
            Row {
                threshold: 0.9,
                caught: 1,
                kept: 60,
            },
        ];
        assert_eq!(pick(&none, 10, 100), 0.9);
    }
}
