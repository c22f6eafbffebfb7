//! Scores: each dimension starts at 100 and loses the points of its findings;
//! the overall score is the weighted mean of the judged dimensions.

use std::collections::HashSet;

use indexmap::IndexMap;

use crate::types::Finding;

#[derive(Debug, Clone, PartialEq)]
pub struct Deduction {
    pub rule: String,
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DimensionScore {
    pub name: String,
    /// `None` when nothing in the document could be judged for it.
    pub score: Option<u8>,
    pub weight: f64,
    pub deductions: Vec<Deduction>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub overall: Option<u8>,
    pub grade: Option<char>,
    pub dimensions: Vec<DimensionScore>,
}

/// A–E as in the report contract.
pub fn grade(score: u8) -> char {
    match score {
        85.. => 'A',
        70.. => 'B',
        55.. => 'C',
        40.. => 'D',
        _ => 'E',
    }
}

pub fn score(
    weights: &IndexMap<String, f64>,
    findings: &[Finding],
    judged: &HashSet<&str>,
) -> Scores {
    let mut dimensions = Vec::with_capacity(weights.len());
    for (name, &weight) in weights {
        if !judged.contains(name.as_str()) {
            dimensions.push(DimensionScore {
                name: name.clone(),
                score: None,
                weight: 0.0,
                deductions: Vec::new(),
            });
            continue;
        }
        let mut deductions: Vec<Deduction> = Vec::new();
        for f in findings
            .iter()
            .filter(|f| &f.dimension == name && f.penalty > 0.0)
        {
            match deductions.iter_mut().find(|d| d.rule == f.rule) {
                Some(d) => d.points += f.penalty,
                None => deductions.push(Deduction {
                    rule: f.rule.clone(),
                    points: f.penalty,
                }),
            }
        }
        let lost: f64 = deductions.iter().map(|d| d.points).sum();
        let score = (100.0 - lost).clamp(0.0, 100.0).round() as u8;
        dimensions.push(DimensionScore {
            name: name.clone(),
            score: Some(score),
            weight,
            deductions,
        });
    }
    let (sum, total) = dimensions
        .iter()
        .filter_map(|d| d.score.map(|s| (s as f64 * d.weight, d.weight)))
        .fold((0.0, 0.0), |(s, t), (ds, w)| (s + ds, t + w));
    let overall = (total > 0.0).then(|| (sum / total).round() as u8);
    Scores {
        overall,
        grade: overall.map(grade),
        dimensions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    fn finding(rule: &str, dim: &str, penalty: f64) -> Finding {
        Finding {
            rule: rule.into(),
            mistake: 1,
            dimension: dim.into(),
            severity: Severity::Warning,
            message: String::new(),
            suggestion: String::new(),
            span: None,
            penalty,
            item: None,
        }
    }

    #[test]
    fn weighted_mean_of_judged_dimensions() {
        let weights: IndexMap<String, f64> = [
            ("a".to_string(), 30.0),
            ("b".to_string(), 10.0),
            ("c".to_string(), 60.0),
        ]
        .into();
        let findings = [
            finding("r1", "a", 20.0),
            finding("r1", "a", 20.0),
            finding("r2", "b", 150.0),
        ];
        let judged: HashSet<&str> = ["a", "b"].into();
        let s = score(&weights, &findings, &judged);
        assert_eq!(s.dimensions[0].score, Some(60));
        assert_eq!(
            s.dimensions[0].deductions,
            [Deduction {
                rule: "r1".into(),
                points: 40.0
            }]
        );
        assert_eq!(s.dimensions[1].score, Some(0));
        assert_eq!(s.dimensions[2].score, None);
        assert_eq!(s.dimensions[2].weight, 0.0);
        // (60*30 + 0*10) / 40 = 45
        assert_eq!(s.overall, Some(45));
        assert_eq!(s.grade, Some('D'));
    }

    #[test]
    fn free_findings_deduct_nothing_and_weightless_documents_have_no_overall() {
        let weights: IndexMap<String, f64> =
            [("a".to_string(), 30.0), ("policy".to_string(), 0.0)].into();
        // A finding past its rule's cap costs nothing and is no deduction.
        let findings = [
            finding("r1", "a", 10.0),
            finding("r1", "a", 0.0),
            finding("r2", "a", 0.0),
        ];
        let s = score(&weights, &findings, &["a"].into());
        assert_eq!(
            s.dimensions[0].deductions,
            [Deduction {
                rule: "r1".into(),
                points: 10.0
            }]
        );
        assert_eq!(s.overall, Some(90));
        // Only a dimension of weight 0 judged: there is no overall score.
        let s = score(&weights, &[], &["policy"].into());
        assert_eq!(s.dimensions[1].score, Some(100));
        assert_eq!(s.overall, None);
        assert_eq!(s.grade, None);
    }

    #[test]
    fn grades_follow_contract() {
        assert_eq!(
            [
                grade(85),
                grade(84),
                grade(70),
                grade(55),
                grade(40),
                grade(39)
            ],
            ['A', 'B', 'B', 'C', 'D', 'E']
        );
    }
}
