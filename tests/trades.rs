//! Trades and markets as data: every trade file is complete, its own
//! examples are detected as declared, and advice never names another
//! trade's products or another market's money and places.

use pitchlint::rules::trade::{ANY_MARKET, GENERAL, Trade, TradeBook};
use pitchlint::{Engine, Kind, Lang};

fn engine() -> Engine {
    Engine::builtin().expect("built-in rules load")
}

fn entries(engine: &Engine, lang: Lang, lex: usize) -> Vec<String> {
    engine.rule_set().pack(lang).lexicons[lex]
        .entries
        .iter()
        .map(|e| e.label.to_lowercase())
        .collect()
}

/// The markets advice is written for in a language: its real markets,
/// and for English the unknown one.
fn advice_markets(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Ru => vec!["ru"],
        Lang::En => vec!["uk", "us", ANY_MARKET],
    }
}

fn real_trades(book: &TradeBook) -> impl Iterator<Item = &Trade> {
    book.trades.iter().filter(|t| t.id != GENERAL)
}

#[test]
fn every_trade_file_is_complete() {
    let engine = engine();
    let ids = |lang| {
        let mut ids: Vec<String> = engine
            .rule_set()
            .book(lang)
            .trades
            .iter()
            .map(|t| t.id.clone())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        ids(Lang::Ru),
        ids(Lang::En),
        "both languages have the same trades"
    );
    assert!(ids(Lang::Ru).len() > 19, "19 trades and the general one");
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        let book = engine.rule_set().book(lang);
        for trade in real_trades(book) {
            let mut need = |what: &str, ok: bool| {
                if !ok {
                    problems.push(format!("{}: {what}", trade.file));
                }
            };
            for (list, lex, min) in [
                ("recognise", trade.recognise, 5),
                ("services", trade.services, 10),
                ("materials", trade.materials, 10),
                ("cost_factors", trade.cost_factors, 5),
            ] {
                let n = entries(&engine, lang, lex).len();
                need(
                    &format!("{list} has {n} entries, fewer than {min}"),
                    n >= min,
                );
            }
            need("at least 3 questions", trade.questions.len() >= 3);
            need(
                "a name and a group",
                !trade.name.is_empty() && !trade.group.is_empty(),
            );
            for market in advice_markets(lang) {
                for (key, texts) in [
                    ("services", &trade.advice.services),
                    ("materials", &trade.advice.materials),
                    ("cost_factors", &trade.advice.cost_factors),
                ] {
                    let text = texts.get(market).or_else(|| texts.get(ANY_MARKET));
                    need(
                        &format!("advice.{key} for {market}"),
                        text.is_some_and(|t| !t.trim().is_empty()),
                    );
                }
                need(
                    &format!("advice.price.{market}"),
                    trade.advice.price.contains_key(market),
                );
                if market != ANY_MARKET {
                    need(
                        &format!("advice.trust.{market}"),
                        trade.advice.trust.contains_key(market),
                    );
                    need(
                        &format!("credentials.{market}"),
                        trade.credentials.iter().any(|(m, _)| m == market),
                    );
                }
            }
            need("3 detect examples", trade.examples.detect.len() >= 3);
            need("2 ignore examples", trade.examples.ignore.len() >= 2);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn profile(engine: &Engine, lang: Lang, text: &str) -> pitchlint::DocReport {
    let body = format!("---\nlang: {}\n---\n{text}\n", lang.code());
    engine
        .check_text("example.md", &body, Some(Kind::Profile))
        .expect("example lints")
}

#[test]
fn trade_and_market_examples_are_detected_as_declared() {
    let engine = engine();
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        let book = engine.rule_set().book(lang);
        for trade in real_trades(book) {
            let examples = &trade.examples;
            let cases = examples.detect.iter().map(|e| (e, true));
            for (text, wanted) in cases.chain(examples.ignore.iter().map(|e| (e, false))) {
                let report = profile(&engine, lang, text);
                let found = report.trades.iter().any(|t| t.id == trade.id);
                if found != wanted {
                    let got: Vec<&str> = report.trades.iter().map(|t| t.id.as_str()).collect();
                    problems.push(format!("{}: {text:?} → {got:?}", trade.id));
                }
            }
        }
        for market in &book.markets {
            let examples = &market.examples;
            let cases = examples.detect.iter().map(|e| (e, true));
            for (text, wanted) in cases.chain(examples.ignore.iter().map(|e| (e, false))) {
                let report = profile(&engine, Lang::detect(text), text);
                let found = report.market.as_ref().is_some_and(|m| m.id == market.id);
                if found != wanted {
                    problems.push(format!("{}: {text:?} → {:?}", market.id, report.market));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn stated_trades_and_markets_override_detection() {
    let engine = engine();
    let text =
        "---\ntrade: roofing\nmarket: us\n---\nWe rewire houses in Leeds. Prices from £400.\n";
    let report = engine
        .check_text("p.md", text, Some(Kind::Profile))
        .unwrap();
    assert_eq!(report.trades[0].id, "roofing");
    assert_eq!(report.market.as_ref().unwrap().id, "us");
    let detected = engine
        .check_text(
            "p.md",
            "We rewire houses in Leeds. Prices from £400.",
            Some(Kind::Profile),
        )
        .unwrap();
    assert_eq!(detected.trades[0].id, "electrics");
    assert_eq!(detected.market.as_ref().unwrap().id, "uk");
    let err = engine
        .check_text(
            "p.md",
            "---\ntrade: astrology\n---\nText.\n",
            Some(Kind::Profile),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("p.md: unknown trade `astrology`; known: "),
        "{err}"
    );
    assert_eq!(err.to_string().lines().count(), 1);
}

#[test]
fn unknown_trades_get_general_advice() {
    let engine = engine();
    let report = profile(&engine, Lang::En, "I help people. Call me.");
    assert!(report.trades.is_empty());
    let general = engine.rule_set().book(Lang::En);
    let general = &general.trades[general.trade(GENERAL).unwrap()];
    let products = report
        .findings
        .iter()
        .find(|f| f.finding.rule == "en.profile.products-named")
        .expect("no services named");
    assert!(
        products
            .finding
            .suggestion
            .contains(&general.advice.services[ANY_MARKET])
    );
}

#[test]
fn unknown_trades_weigh_materials_as_the_general_trade_does() {
    let engine = engine();
    let book = engine.rule_set().book(Lang::En);
    let general = book.trades[book.trade(GENERAL).unwrap()].materials_weight;
    let known = profile(
        &engine,
        Lang::En,
        "We tile bathrooms and kitchens in Leeds.",
    );
    let unknown = profile(&engine, Lang::En, "I help people. Call me.");
    assert!(!known.trades.is_empty() && unknown.trades.is_empty());
    let weight = |r: &pitchlint::DocReport| {
        r.scores
            .dimensions
            .iter()
            .find(|d| d.name == "materials")
            .map(|d| d.weight)
            .unwrap()
    };
    let tiling = book.trades[book.trade(&known.trades[0].id).unwrap()].materials_weight;
    let base = weight(&known) / tiling;
    assert!(
        (weight(&unknown) - base * general).abs() < 1e-9,
        "{} vs {}",
        weight(&unknown),
        base * general
    );
    assert!(general < 1.0);
}

/// Whether `needle` stands in `hay` as whole words.
fn has_words(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn advice_never_names_another_trades_products_or_another_markets_money_or_places() {
    let engine = engine();
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        let book = engine.rule_set().book(lang);
        let words_of = |trade: &Trade| -> Vec<String> {
            [trade.recognise, trade.services, trade.materials]
                .into_iter()
                .flat_map(|lex| entries(&engine, lang, lex))
                .collect()
        };
        for trade in real_trades(book) {
            let own = words_of(trade);
            let advice = &trade.advice;
            let own_advice: String = [&advice.services, &advice.materials, &advice.cost_factors]
                .into_iter()
                .flat_map(|texts| texts.values())
                .map(|t| t.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            for market in advice_markets(lang) {
                // A weak profile of this trade: only its first example.
                let text = &trade.examples.detect[0];
                let body = format!("---\ntrade: {}\nmarket: {market}\n---\n{text}\n", trade.id);
                let report = engine
                    .check_text("weak.md", &body, Some(Kind::Profile))
                    .expect("lints");
                let seen = text.to_lowercase();
                for f in &report.findings {
                    let said =
                        format!("{} {}", f.finding.message, f.finding.suggestion).to_lowercase();
                    for other in real_trades(book).filter(|o| o.id != trade.id) {
                        for word in words_of(other) {
                            let foreign = word.chars().count() >= 5
                                && !own.contains(&word)
                                && !has_words(&own_advice, &word)
                                && !has_words(&seen, &word);
                            if foreign && has_words(&said, &word) {
                                problems.push(format!(
                                    "{} ({market}) {}: names {}'s “{word}”",
                                    trade.id, f.finding.rule, other.id
                                ));
                            }
                        }
                    }
                    for other in book.markets.iter().filter(|m| m.id != market) {
                        let money = other.advice.get("money").map(String::as_str).unwrap_or("");
                        if !money.is_empty() && said.contains(money) && !seen.contains(money) {
                            problems.push(format!(
                                "{} ({market}) {}: shows {}'s money “{money}”",
                                trade.id, f.finding.rule, other.id
                            ));
                        }
                        for place in entries(&engine, lang, other.signals) {
                            let foreign = place.chars().count() >= 4 && !has_words(&seen, &place);
                            if foreign && has_words(&said, &place) {
                                problems.push(format!(
                                    "{} ({market}) {}: names {}'s “{place}”",
                                    trade.id, f.finding.rule, other.id
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} leaks:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
