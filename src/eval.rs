//! `pitchlint eval`: how far the engine's judgement agrees with labelled
//! texts. Each record says which dimensions a demanding person would flag
//! (`gaps`) and which the text does well (`ok`), and how good it is
//! overall; a dimension counts as flagged when it scores under
//! [`FLAGGED_BELOW`]. Records split into two fixed halves by a hash of
//! their id, so rules can be tuned on one and judged on the other.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Engine;
use crate::batch::{self, Record};
use crate::error::{Error, Result};

/// A dimension scoring under this is flagged.
pub const FLAGGED_BELOW: u8 = 60;

/// One labelled text.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub id: String,
    pub kind: String,
    pub lang: Option<String>,
    pub text: String,
    pub task: Option<String>,
    pub review: Option<String>,
    /// The review's star rating, 1–5.
    pub rating: Option<serde_json::Value>,
    pub quality: Quality,
    #[serde(default)]
    pub gaps: Vec<String>,
    #[serde(default)]
    pub ok: Vec<String>,
    /// Free-form fields (market, trade, note) ride along.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Case {
    /// The batch record that checks it.
    pub fn record(&self) -> Record {
        Record {
            kind: Some(self.kind.clone()),
            text: Some(self.text.clone()),
            task: self.task.clone(),
            review: self.review.clone(),
            rating: self.rating.clone(),
            lang: self.lang.clone(),
            ..Record::default()
        }
    }

    /// Its label on `dimension`: `Some(true)` for a gap, `Some(false)` for
    /// a strength, `None` when unlabelled.
    pub fn label(&self, dimension: &str) -> Option<bool> {
        if self.gaps.iter().any(|d| d == dimension) {
            Some(true)
        } else if self.ok.iter().any(|d| d == dimension) {
            Some(false)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Quality {
    Bad,
    Mid,
    Good,
}

/// Which half of a set to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    /// The half rules may be tuned on.
    Tune,
    /// The half kept out of tuning.
    Holdout,
    All,
}

impl Half {
    /// The fixed rule: CRC-32 of the id, even → tune, odd → held out.
    pub fn of(id: &str) -> Half {
        if crc32fast::hash(id.as_bytes()).is_multiple_of(2) {
            Half::Tune
        } else {
            Half::Holdout
        }
    }

    pub fn takes(self, id: &str) -> bool {
        self == Half::All || Half::of(id) == self
    }
}

/// Agreement on one dimension (or pooled over a kind).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Agreement {
    /// Labelled gaps the engine flagged, of all labelled gaps.
    pub caught: usize,
    pub gaps: usize,
    /// Labelled strengths the engine left unflagged, of all of them.
    pub kept: usize,
    pub ok: usize,
}

impl Agreement {
    /// Mean of the two recalls; one side alone when the other is empty.
    pub fn balanced_accuracy(&self) -> Option<f64> {
        let caught = (self.gaps > 0).then(|| self.caught as f64 / self.gaps as f64);
        let kept = (self.ok > 0).then(|| self.kept as f64 / self.ok as f64);
        match (caught, kept) {
            (Some(a), Some(b)) => Some((a + b) / 2.0),
            (a, b) => a.or(b),
        }
    }

    fn add(&mut self, other: &Agreement) {
        self.caught += other.caught;
        self.gaps += other.gaps;
        self.kept += other.kept;
        self.ok += other.ok;
    }
}

/// A label the engine disagreed with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub id: String,
    pub dimension: String,
    /// `gap` (should have been flagged) or `ok` (should not have been).
    pub expected: &'static str,
    pub score: Option<u8>,
}

/// Results for one kind of document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KindResult {
    pub cases: usize,
    pub pooled: Agreement,
    pub balanced_accuracy: Option<f64>,
    /// Share of pairs of different quality (same kind and language) that
    /// the overall scores put in the right order; ties count half.
    pub ranking: Option<f64>,
    pub dimensions: BTreeMap<String, Agreement>,
}

/// Agreement within a slice of the cases (one trade, trade group or
/// market, from the cases' own `trade` and `market` labels).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SliceResult {
    pub cases: usize,
    pub pooled: Agreement,
    pub balanced_accuracy: Option<f64>,
    pub ranking: Option<f64>,
    #[serde(skip)]
    scored: BTreeMap<String, Vec<(Quality, u8)>>,
}

impl SliceResult {
    fn finish(&mut self) {
        self.balanced_accuracy = self.pooled.balanced_accuracy();
        let (right, pairs) = self
            .scored
            .values()
            .map(|s| ordered_pairs(s))
            .fold((0.0, 0usize), |(r, p), (r2, p2)| (r + r2, p + p2));
        self.ranking = (pairs > 0).then(|| right / pairs as f64);
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EvalReport {
    pub cases: usize,
    pub kinds: BTreeMap<String, KindResult>,
    /// `trade:<id>`, `group:<group>` and `market:<id>` slices.
    pub slices: BTreeMap<String, SliceResult>,
    pub misses: Vec<Miss>,
    /// Cases the engine could not read, with the reason.
    pub errors: Vec<(String, String)>,
}

impl EvalReport {
    /// The lowest balanced accuracy and ranking over the kinds.
    pub fn worst(&self) -> (Option<f64>, Option<f64>) {
        let min =
            |f: fn(&KindResult) -> Option<f64>| self.kinds.values().filter_map(f).reduce(f64::min);
        (min(|k| k.balanced_accuracy), min(|k| k.ranking))
    }

    /// The lowest balanced accuracy of a trade group with at least
    /// `min_cases` cases, with its name.
    pub fn worst_group(&self, min_cases: usize) -> Option<(f64, String)> {
        self.slices
            .iter()
            .filter(|(name, s)| name.starts_with("group:") && s.cases >= min_cases)
            .filter_map(|(name, s)| s.balanced_accuracy.map(|b| (b, name.clone())))
            .min_by(|a, b| a.0.total_cmp(&b.0))
    }

    /// The lowest balanced accuracy of any one dimension, with its kind and
    /// name.
    pub fn worst_dimension(&self) -> Option<(f64, String)> {
        self.kinds
            .iter()
            .flat_map(|(kind, k)| {
                k.dimensions.iter().filter_map(move |(dim, a)| {
                    a.balanced_accuracy().map(|b| (b, format!("{kind} {dim}")))
                })
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
    }
}

/// Reads a JSON Lines set; a malformed line is an error naming its line.
pub fn read_cases(path: &str, text: &str) -> Result<Vec<Case>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line)
                .map_err(|e| Error::at(path, i + 1, e.column(), format!("malformed case: {e}")))
        })
        .collect()
}

/// Scores every case of `half` and compares with its labels.
pub fn evaluate(engine: &Engine, cases: &[Case], half: Half) -> EvalReport {
    let mut report = EvalReport::default();
    // (kind, lang) → (quality, overall score) for the ranking.
    let mut groups: BTreeMap<(String, String), Vec<(Quality, u8)>> = BTreeMap::new();
    for case in cases.iter().filter(|c| half.takes(&c.id)) {
        let doc = match batch::lint(engine, &case.id, case.record()) {
            Ok(doc) => doc,
            Err(e) => {
                report.errors.push((case.id.clone(), e.message));
                continue;
            }
        };
        report.cases += 1;
        let slice_names = slices_of(engine, case, doc.lang);
        let kind = report.kinds.entry(case.kind.clone()).or_default();
        kind.cases += 1;
        let score_of = |dim: &str| {
            doc.scores
                .dimensions
                .iter()
                .find(|d| d.name == dim)
                .and_then(|d| d.score)
        };
        let mut case_agreement = Agreement::default();
        for (labels, gap) in [(&case.gaps, true), (&case.ok, false)] {
            for dim in labels {
                let score = score_of(dim);
                let flagged = score.is_some_and(|s| s < FLAGGED_BELOW);
                case_agreement.add(&Agreement {
                    caught: usize::from(gap && flagged),
                    gaps: usize::from(gap),
                    kept: usize::from(!gap && !flagged),
                    ok: usize::from(!gap),
                });
                let agreement = kind.dimensions.entry(dim.clone()).or_default();
                let right = if gap {
                    agreement.gaps += 1;
                    agreement.caught += usize::from(flagged);
                    flagged
                } else {
                    agreement.ok += 1;
                    agreement.kept += usize::from(!flagged);
                    !flagged
                };
                if !right {
                    report.misses.push(Miss {
                        id: case.id.clone(),
                        dimension: dim.clone(),
                        expected: if gap { "gap" } else { "ok" },
                        score,
                    });
                }
            }
        }
        for name in slice_names {
            let slice = report.slices.entry(name).or_default();
            slice.cases += 1;
            slice.pooled.add(&case_agreement);
            if let Some(overall) = doc.scores.overall {
                let key = format!("{} {}", case.kind, doc.lang.code());
                slice
                    .scored
                    .entry(key)
                    .or_default()
                    .push((case.quality, overall));
            }
        }
        if let Some(overall) = doc.scores.overall {
            let lang = doc.lang.code().to_string();
            groups
                .entry((case.kind.clone(), lang))
                .or_default()
                .push((case.quality, overall));
        }
    }
    for (name, kind) in &mut report.kinds {
        let mut pooled = Agreement::default();
        for agreement in kind.dimensions.values() {
            pooled.add(agreement);
        }
        kind.balanced_accuracy = pooled.balanced_accuracy();
        kind.pooled = pooled;
        let (right, pairs) = groups
            .iter()
            .filter(|((k, _), _)| k == name)
            .map(|(_, scored)| ordered_pairs(scored))
            .fold((0.0, 0usize), |(r, p), (r2, p2)| (r + r2, p + p2));
        kind.ranking = (pairs > 0).then(|| right / pairs as f64);
    }
    for slice in report.slices.values_mut() {
        slice.finish();
    }
    report
}

/// The slices a case belongs to, from its `trade` and `market` labels; a
/// trade's group comes from the trade files.
fn slices_of(engine: &Engine, case: &Case, lang: crate::Lang) -> Vec<String> {
    let label = |key: &str| case.extra.get(key).and_then(|v| v.as_str());
    let mut names = Vec::new();
    if let Some(trade) = label("trade") {
        names.push(format!("trade:{trade}"));
        let book = engine.rule_set().book(lang);
        if let Some(i) = book.trade(trade) {
            names.push(format!("group:{}", book.trades[i].group));
        }
    }
    if let Some(market) = label("market") {
        names.push(format!("market:{market}"));
    }
    names
}

/// (pairs in the right order, with ties as half, and pairs compared).
fn ordered_pairs(scored: &[(Quality, u8)]) -> (f64, usize) {
    let mut right = 0.0;
    let mut pairs = 0;
    for (i, (qa, sa)) in scored.iter().enumerate() {
        for (qb, sb) in &scored[i + 1..] {
            if qa == qb {
                continue;
            }
            pairs += 1;
            let (better, worse) = if qa > qb { (sa, sb) } else { (sb, sa) };
            right += match better.cmp(worse) {
                std::cmp::Ordering::Greater => 1.0,
                std::cmp::Ordering::Equal => 0.5,
                std::cmp::Ordering::Less => 0.0,
            };
        }
    }
    (right, pairs)
}

/// A table for people: per kind and dimension, then every miss.
pub fn render(report: &EvalReport) -> String {
    let pct = |x: Option<f64>| x.map_or_else(|| "—".to_string(), |x| format!("{x:.2}"));
    let mut out = format!("{} cases\n", report.cases);
    for (name, kind) in &report.kinds {
        out += &format!(
            "\n{name}: {} cases, balanced accuracy {}, ranking {}\n",
            kind.cases,
            pct(kind.balanced_accuracy),
            pct(kind.ranking)
        );
        for (dim, a) in &kind.dimensions {
            out += &format!(
                "  {dim:<16} gaps caught {:>3}/{:<3}  ok kept {:>3}/{:<3}  bacc {}\n",
                a.caught,
                a.gaps,
                a.kept,
                a.ok,
                pct(a.balanced_accuracy())
            );
        }
    }
    if !report.slices.is_empty() {
        out += "\nby trade, trade group and market:\n";
        for (name, slice) in &report.slices {
            out += &format!(
                "  {name:<28} {:>3} cases  bacc {}  ranking {}\n",
                slice.cases,
                pct(slice.balanced_accuracy),
                pct(slice.ranking)
            );
        }
    }
    if !report.misses.is_empty() {
        out += "\nmisses:\n";
        for m in &report.misses {
            let score = m
                .score
                .map_or_else(|| "not judged".to_string(), |s| s.to_string());
            out += &format!(
                "  {} {} expected {}, scored {score}\n",
                m.id, m.dimension, m.expected
            );
        }
    }
    for (id, reason) in &report.errors {
        out += &format!("error: {id}: {reason}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balanced_accuracy_averages_both_recalls() {
        let a = Agreement {
            caught: 3,
            gaps: 4,
            kept: 1,
            ok: 2,
        };
        assert_eq!(a.balanced_accuracy(), Some((0.75 + 0.5) / 2.0));
        let only_gaps = Agreement {
            caught: 1,
            gaps: 2,
            ..Agreement::default()
        };
        assert_eq!(only_gaps.balanced_accuracy(), Some(0.5));
        assert_eq!(Agreement::default().balanced_accuracy(), None);
    }

    #[test]
    fn ranking_counts_ordered_pairs_and_half_ties() {
        let scored = [
            (Quality::Good, 90),
            (Quality::Mid, 60),
            (Quality::Bad, 60),
            (Quality::Bad, 95),
        ];
        // good>mid ✓, good>bad(60) ✓, good>bad(95) ✗, mid=bad(60) ½, mid<bad(95) ✗
        assert_eq!(ordered_pairs(&scored), (2.5, 5));
    }

    #[test]
    fn halves_are_fixed_by_id() {
        assert_eq!(Half::of("rep-ru-0001"), Half::of("rep-ru-0001"));
        let tune = (0..200)
            .filter(|i| Half::of(&format!("x-{i}")) == Half::Tune)
            .count();
        assert!((70..130).contains(&tune), "{tune}");
    }

    #[test]
    fn cases_are_judged_against_their_labels() {
        let engine = Engine::builtin().unwrap();
        let line = r#"{"id":"t1","kind":"profile","lang":"ru","text":"Делаем всё качественно и недорого.","quality":"bad","gaps":["materials","geography"],"ok":[]}"#;
        let cases = read_cases("set.jsonl", line).unwrap();
        let report = evaluate(&engine, &cases, Half::All);
        let profile = &report.kinds["profile"];
        assert_eq!((profile.pooled.caught, profile.pooled.gaps), (2, 2));
        assert!(report.misses.is_empty());
        let err = read_cases("set.jsonl", "{\"id\": 1}").unwrap_err();
        assert_eq!(
            (err.line, err.file.as_deref()),
            (Some(1), Some("set.jsonl"))
        );
    }
}
