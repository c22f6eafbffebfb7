//! Every built-in rule carries bad and good examples; this walks them all.

use pitchlint::Engine;

#[test]
fn every_rule_example_behaves() {
    let set = Engine::builtin().expect("built-in rules load");
    assert!(!set.rules().is_empty());
    let failures = set.verify_examples();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_is_documented() {
    let set = Engine::builtin().unwrap();
    for rule in set.rules() {
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
    let set = Engine::builtin().unwrap();
    let size = |lang: Lang, name: &str| {
        let pack = set.rule_set().pack(lang);
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

/// Rules that exist in one language only, and why. Everything else must
/// exist in both: a Russian rule without its English twin is a gap.
const ONE_LANGUAGE_ONLY: &[&str] = &[];

#[test]
fn russian_and_english_checklists_define_the_same_rules() {
    let set = Engine::builtin().unwrap();
    let ids = |code: &str| -> std::collections::BTreeSet<String> {
        set.rules()
            .iter()
            .filter(|r| r.lang.code() == code)
            .map(|r| r.id[code.len() + 1..].to_string())
            .collect()
    };
    let (ru, en) = (ids("ru"), ids("en"));
    let only = |a: &std::collections::BTreeSet<String>,
                b: &std::collections::BTreeSet<String>,
                code: &str| {
        a.difference(b)
            .map(|id| format!("{code}.{id}"))
            .filter(|id| !ONE_LANGUAGE_ONLY.contains(&id.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        only(&ru, &en, "ru"),
        Vec::<String>::new(),
        "Russian rules with no English twin"
    );
    assert_eq!(
        only(&en, &ru, "en"),
        Vec::<String>::new(),
        "English rules with no Russian twin"
    );
}

#[test]
fn every_built_in_pattern_compiles() {
    let set = Engine::builtin().unwrap();
    for rule in set.rules() {
        for pattern in rule.patterns() {
            assert_eq!(
                pattern.compile(),
                Ok(()),
                "{}: {}",
                rule.id,
                pattern.as_str()
            );
        }
    }
}

/// A Unicode word boundary in any pattern makes the language's one-pass
/// prefilter fall back to its slowest engine (about eight times the work
/// per batch record); `(?-u:\b)` or a character class does the same job.
#[test]
fn no_built_in_pattern_uses_a_unicode_word_boundary() {
    let set = Engine::builtin().unwrap();
    for rule in set.rules() {
        for pattern in rule.patterns() {
            let hir = regex_syntax::parse(pattern.as_str()).unwrap();
            let props = hir.properties();
            assert!(
                !props.look_set().contains_word_unicode(),
                "{}: {}",
                rule.id,
                pattern.as_str()
            );
        }
    }
}
