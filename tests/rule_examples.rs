//! Every built-in rule carries bad and good examples; this walks them all.

use pitchlint::rules::RuleSet;

#[test]
fn every_rule_example_behaves() {
    let set = RuleSet::builtin().expect("built-in rules load");
    assert!(!set.rules.is_empty());
    let failures = pitchlint::verify_examples(&set);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_is_documented() {
    let set = RuleSet::builtin().unwrap();
    for rule in &set.rules {
        assert!(!rule.title.trim().is_empty(), "{}: title", rule.id);
        assert!(
            rule.explain.trim().len() > 40,
            "{}: explanation too thin",
            rule.id
        );
        assert!(
            !rule.suggestion.trim().is_empty(),
            "{}: suggestion",
            rule.id
        );
        assert!((0..=7).contains(&rule.mistake), "{}: mistake", rule.id);
        let group = rule.kind.map_or("policy", |k| k.name());
        let prefix = format!("{}.{}.", rule.lang.code(), group);
        assert!(
            rule.id.starts_with(&prefix),
            "{} should start with {prefix}",
            rule.id
        );
    }
}

#[test]
fn lexicons_are_real_word_lists() {
    use pitchlint::input::Lang;
    let set = RuleSet::builtin().unwrap();
    let size = |lang: Lang, name: &str| {
        let pack = set.pack(lang);
        let id = pack.id(name).unwrap_or_else(|| panic!("{name} missing"));
        pack.lexicons[id].entries.len()
    };
    assert!(size(Lang::Ru, "materials") >= 150);
    assert!(size(Lang::Ru, "products") >= 200);
    assert!(size(Lang::Ru, "geography") >= 250);
    assert!(size(Lang::En, "materials") >= 100);
    assert!(size(Lang::En, "products") >= 150);
    assert!(size(Lang::En, "geography") >= 200);
}
