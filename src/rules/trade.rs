//! Trades and markets as data (`rules/<lang>/trades/*.yaml`,
//! `rules/<lang>/markets/*.yaml`, see `docs/trades.md`): what each trade
//! offers and uses, which credentials each market trusts, and the examples
//! advice is written with. The engine detects a document's trades and
//! market here, and rules read them through lexicon roles
//! (`trade.materials`) and placeholders (`{trade.materials}`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::raw::OneOrMany;
use super::{Hit, LexId, Lexicon, LexiconPack, Pattern, Prefilter};

/// The trade whose advice speaks when no trade is detected; never detected.
pub const GENERAL: &str = "general";
/// The market whose advice speaks when the market is unknown; never detected.
pub const ANY_MARKET: &str = "any";
/// Points for a `recognise` entry; a `services` entry scores one.
const RECOGNISE_POINTS: usize = 2;
/// Points a trade needs to be detected.
pub const DETECT_POINTS: usize = 2;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrade {
    pub trade: String,
    pub lang: String,
    pub name: String,
    pub group: String,
    #[serde(default = "one")]
    pub materials_weight: f64,
    pub materials_label: Option<String>,
    /// Profiles of this trade name other trades' jobs (a handyman's taps
    /// and sockets): when detected, it leads.
    #[serde(default)]
    pub umbrella: bool,
    #[serde(default)]
    pub recognise: Vec<OneOrMany>,
    #[serde(default)]
    pub services: Vec<OneOrMany>,
    #[serde(default)]
    pub materials: Vec<OneOrMany>,
    #[serde(default)]
    pub cost_factors: Vec<OneOrMany>,
    #[serde(default)]
    pub credentials: BTreeMap<String, Vec<OneOrMany>>,
    #[serde(default)]
    pub questions: Vec<String>,
    pub advice: RawAdvice,
    #[serde(default)]
    pub examples: DetectExamples,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAdvice {
    pub services: MarketText,
    pub materials: MarketText,
    pub cost_factors: MarketText,
    #[serde(default)]
    pub price: BTreeMap<String, String>,
    #[serde(default)]
    pub trust: BTreeMap<String, String>,
}

/// Advice written once, or per market (`uk`, `us`, `any`) where the
/// trade's words differ (worktop, countertop).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum MarketText {
    One(String),
    ByMarket(BTreeMap<String, String>),
}

impl MarketText {
    fn by_market(self) -> BTreeMap<String, String> {
        match self {
            MarketText::One(text) => BTreeMap::from([(ANY_MARKET.to_string(), text)]),
            MarketText::ByMarket(map) => map,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectExamples {
    #[serde(default)]
    pub detect: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMarket {
    pub market: String,
    pub lang: String,
    pub name: String,
    /// The market's name in other languages (`en: Russia`), for the page
    /// and the API when they speak another language than the rules.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    #[serde(default)]
    pub signals: Vec<OneOrMany>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub credentials: Vec<OneOrMany>,
    #[serde(default)]
    pub advice: BTreeMap<String, String>,
    #[serde(default)]
    pub examples: DetectExamples,
}

#[derive(Debug, Clone)]
pub struct Trade {
    pub id: String,
    pub name: String,
    pub group: String,
    pub materials_weight: f64,
    pub materials_label: String,
    pub umbrella: bool,
    pub recognise: LexId,
    pub services: LexId,
    pub materials: LexId,
    pub cost_factors: LexId,
    /// Market id → its credentials lexicon.
    pub credentials: Vec<(String, LexId)>,
    pub questions: Vec<String>,
    pub advice: Advice,
    pub examples: DetectExamples,
    pub file: String,
}

/// Each text by market id, `any` for every market without its own.
#[derive(Debug, Clone, Default)]
pub struct Advice {
    pub services: BTreeMap<String, String>,
    pub materials: BTreeMap<String, String>,
    pub cost_factors: BTreeMap<String, String>,
    /// Market id (or `any`) → text.
    pub price: BTreeMap<String, String>,
    pub trust: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Market {
    pub id: String,
    pub name: String,
    /// Its name in other languages, by language code.
    pub names: BTreeMap<String, String>,
    pub signals: LexId,
    pub patterns: Vec<Pattern>,
    pub credentials: LexId,
    /// `city`, `area`, `price_unit`, `trust`, `money`.
    pub advice: BTreeMap<String, String>,
    pub examples: DetectExamples,
    pub file: String,
}

/// A language's trades and markets.
#[derive(Debug, Clone, Default)]
pub struct TradeBook {
    pub trades: Vec<Trade>,
    pub markets: Vec<Market>,
    /// Every market pattern in one set, so a text is scanned once and only
    /// the patterns that match are counted.
    market_patterns: std::sync::OnceLock<Prefilter>,
}

fn lexicon(pack: &mut LexiconPack, name: String, entries: Vec<OneOrMany>) -> Result<LexId, String> {
    let entries: Vec<Vec<String>> = entries.into_iter().map(OneOrMany::into_vec).collect();
    let lexicon =
        Lexicon::new(&name, &entries).map_err(|bad| format!("entry `{}` has no words", bad.0))?;
    Ok(pack.insert(lexicon))
}

impl Trade {
    /// Compiles a trade's lists into lexicons named `trade.<id>.<list>`.
    pub fn compile(raw: RawTrade, pack: &mut LexiconPack, file: &str) -> Result<Trade, String> {
        let id = raw.trade;
        if !(0.0..=1.0).contains(&raw.materials_weight) {
            return Err("materials_weight must be between 0 and 1".into());
        }
        let mut list = |name: &str, entries| lexicon(pack, format!("trade.{id}.{name}"), entries);
        let recognise = list("recognise", raw.recognise)?;
        let services = list("services", raw.services)?;
        let materials = list("materials", raw.materials)?;
        let cost_factors = list("cost_factors", raw.cost_factors)?;
        let mut credentials = Vec::new();
        for (market, entries) in raw.credentials {
            let name = format!("credentials.{market}");
            credentials.push((market, list(&name, entries)?));
        }
        Ok(Trade {
            materials_label: raw.materials_label.unwrap_or_default(),
            name: raw.name,
            group: raw.group,
            materials_weight: raw.materials_weight,
            umbrella: raw.umbrella,
            recognise,
            services,
            materials,
            cost_factors,
            credentials,
            questions: raw.questions,
            advice: Advice {
                services: raw.advice.services.by_market(),
                materials: raw.advice.materials.by_market(),
                cost_factors: raw.advice.cost_factors.by_market(),
                price: raw.advice.price,
                trust: raw.advice.trust,
            },
            examples: raw.examples,
            file: file.to_string(),
            id,
        })
    }
}

impl Market {
    /// Compiles a market's lists into lexicons named `market.<id>.<list>`.
    pub fn compile(
        raw: RawMarket,
        pack: &mut LexiconPack,
        file: &str,
        patterns: Vec<Pattern>,
    ) -> Result<Market, String> {
        let id = raw.market;
        let signals = lexicon(pack, format!("market.{id}.signals"), raw.signals)?;
        let credentials = lexicon(pack, format!("market.{id}.credentials"), raw.credentials)?;
        Ok(Market {
            name: raw.name,
            names: raw.names,
            signals,
            patterns,
            credentials,
            advice: raw.advice,
            examples: raw.examples,
            file: file.to_string(),
            id,
        })
    }
}

/// A lexicon a rule names by role (`lexicon: trade.materials`): resolved
/// per document to the detected trades' (or market's) own lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Services,
    Materials,
    CostFactors,
    /// The detected trades' credentials in the detected market.
    Credentials,
    /// The detected market's credentials, whatever the trade.
    MarketCredentials,
}

impl Role {
    const ALL: [(Role, &'static str); 5] = [
        (Role::Services, "trade.services"),
        (Role::Materials, "trade.materials"),
        (Role::CostFactors, "trade.cost_factors"),
        (Role::Credentials, "trade.credentials"),
        (Role::MarketCredentials, "market.credentials"),
    ];

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.iter().find(|(_, n)| *n == name).map(|(r, _)| *r)
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        Role::ALL.iter().map(|(_, n)| *n)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Placeholders advice fills in any rule's message or suggestion.
pub const PLACEHOLDERS: &[&str] = &[
    "trade.name",
    "trade.services",
    "trade.materials",
    "trade.materials_label",
    "trade.cost_factors",
    "trade.questions",
    "trade.price",
    "trade.trust",
    "market.city",
    "market.area",
    "market.price_unit",
    "market.trust",
    "market.money",
];

/// What a document is about: its trades (best first) and market, as
/// indices into its language's book.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detected {
    pub trades: Vec<usize>,
    /// Every trade with enough points on its own, for the breadth check.
    pub claimed: Vec<usize>,
    pub market: Option<usize>,
}

/// One text to read for detection: its hits per lexicon and its body.
pub struct Source<'a> {
    pub hits: &'a [Vec<Hit>],
    pub body: &'a str,
}

impl TradeBook {
    pub fn trade(&self, id: &str) -> Option<usize> {
        self.trades.iter().position(|t| t.id == id)
    }

    pub fn market(&self, id: &str) -> Option<usize> {
        self.markets.iter().position(|m| m.id == id)
    }

    /// Trades that can be detected or named (not the fallback).
    pub fn trade_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .trades
            .iter()
            .map(|t| t.id.as_str())
            .filter(|id| *id != GENERAL)
            .collect();
        ids.sort_unstable();
        ids
    }

    pub fn market_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.markets.iter().map(|m| m.id.as_str()).collect();
        if !ids.contains(&ANY_MARKET) {
            ids.push(ANY_MARKET);
        }
        ids.sort_unstable();
        ids
    }

    /// Points per trade: two for each distinct `recognise` entry, one for
    /// each distinct `services` entry, over all sources.
    pub fn trade_points(&self, sources: &[Source]) -> Vec<usize> {
        let distinct = |lex: LexId| {
            let mut entries: Vec<usize> = sources
                .iter()
                .flat_map(|s| s.hits.get(lex).into_iter().flatten())
                .map(|h| h.entry)
                .collect();
            entries.sort_unstable();
            entries.dedup();
            entries.len()
        };
        self.trades
            .iter()
            .map(|t| RECOGNISE_POINTS * distinct(t.recognise) + distinct(t.services))
            .collect()
    }

    /// The trades a text is about: every trade with enough points and at
    /// least half the best score, best first (ties in file order).
    pub fn detect_trades(&self, sources: &[Source]) -> (Vec<usize>, Vec<usize>) {
        let points = self.trade_points(sources);
        let mut claimed: Vec<usize> = (0..self.trades.len())
            .filter(|&i| points[i] >= DETECT_POINTS && self.trades[i].id != GENERAL)
            .collect();
        claimed.sort_by_key(|&i| std::cmp::Reverse(points[i]));
        let best = claimed.first().map_or(0, |&i| points[i]);
        let mut trades: Vec<usize> = claimed
            .iter()
            .copied()
            .filter(|&i| points[i] * 2 >= best)
            .collect();
        // An umbrella trade's profile lists others' jobs: it leads.
        trades.sort_by_key(|&i| !self.trades[i].umbrella);
        (trades, claimed)
    }

    /// The market whose signals score most; none on a tie or no signal.
    /// A language with a single market always has that one.
    pub fn detect_market(&self, sources: &[Source]) -> Option<usize> {
        let real: Vec<usize> = (0..self.markets.len())
            .filter(|&i| self.markets[i].id != ANY_MARKET)
            .collect();
        if real.len() == 1 {
            return real.first().copied();
        }
        let filter = self.market_patterns.get_or_init(|| {
            Prefilter::new(
                self.markets
                    .iter()
                    .flat_map(|m| m.patterns.iter().map(Pattern::as_str)),
            )
        });
        let seen: Vec<_> = sources.iter().map(|s| filter.scan(s.body)).collect();
        let score = |m: &Market| -> usize {
            let mut entries: Vec<usize> = sources
                .iter()
                .flat_map(|s| s.hits.get(m.signals).into_iter().flatten())
                .map(|h| h.entry)
                .collect();
            entries.sort_unstable();
            entries.dedup();
            let patterns: usize = m
                .patterns
                .iter()
                .map(|p| {
                    let found: usize = sources
                        .iter()
                        .zip(&seen)
                        .filter(|(_, seen)| filter.may_match(seen.as_ref(), p))
                        .map(|(s, _)| p.regex().find_iter(s.body).take(3).count())
                        .sum();
                    found.min(3)
                })
                .sum();
            entries.len() + patterns
        };
        let mut scored: Vec<(usize, usize)> =
            real.iter().map(|&i| (score(&self.markets[i]), i)).collect();
        scored.sort_by_key(|&(s, _)| std::cmp::Reverse(s));
        match scored.as_slice() {
            [(best, i), rest @ ..] if *best > 0 && rest.first().is_none_or(|(s, _)| s < best) => {
                Some(*i)
            }
            _ => None,
        }
    }

    /// Lexicons of each role for what was detected. With no trade, every
    /// trade's lists count (a service is a service); with no market, every
    /// market's credentials do.
    pub fn roles(&self, detected: &Detected) -> RoleLexicons {
        let trades: Vec<&Trade> = if detected.trades.is_empty() {
            self.trades.iter().collect()
        } else {
            detected.trades.iter().map(|&i| &self.trades[i]).collect()
        };
        let market = detected.market.map(|i| self.markets[i].id.as_str());
        let mut out = RoleLexicons::default();
        for t in &trades {
            // A trade's signature jobs are services too.
            out.push(Role::Services, t.recognise);
            out.push(Role::Services, t.services);
            out.push(Role::Materials, t.materials);
            out.push(Role::CostFactors, t.cost_factors);
            for (m, lex) in &t.credentials {
                if market.is_none_or(|want| want == m) {
                    out.push(Role::Credentials, *lex);
                }
            }
        }
        for (i, m) in self.markets.iter().enumerate() {
            if detected.market.is_none_or(|want| want == i) {
                out.push(Role::MarketCredentials, m.credentials);
            }
        }
        out
    }

    /// Values for the advice placeholders: the best trade's (or the
    /// general trade's) and the market's (or the neutral market's).
    pub fn advice(&self, detected: &Detected) -> Vec<(&'static str, String)> {
        let general = self.trade(GENERAL).map(|i| &self.trades[i]);
        let trade = detected
            .trades
            .first()
            .map(|&i| &self.trades[i])
            .or(general);
        let market = detected
            .market
            .or_else(|| self.market(ANY_MARKET))
            .map(|i| &self.markets[i]);
        let market_id = detected.market.map(|i| self.markets[i].id.as_str());
        let by_market = |pick: fn(&Advice) -> &BTreeMap<String, String>| {
            [trade, general]
                .into_iter()
                .flatten()
                .find_map(|t| {
                    let texts = pick(&t.advice);
                    market_id
                        .and_then(|m| texts.get(m))
                        .or_else(|| texts.get(ANY_MARKET))
                })
                .cloned()
                .unwrap_or_default()
        };
        let of_trade = |pick: fn(&Trade) -> &str| trade.map(|t| pick(t).to_string());
        let of_market = |key: &str| {
            market
                .and_then(|m| m.advice.get(key))
                .cloned()
                .unwrap_or_default()
        };
        vec![
            ("trade.name", of_trade(|t| &t.name).unwrap_or_default()),
            ("trade.services", by_market(|a| &a.services)),
            ("trade.materials", by_market(|a| &a.materials)),
            (
                "trade.materials_label",
                of_trade(|t| &t.materials_label).unwrap_or_default(),
            ),
            ("trade.cost_factors", by_market(|a| &a.cost_factors)),
            (
                "trade.questions",
                trade
                    .map(|t| {
                        t.questions
                            .iter()
                            .take(2)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default(),
            ),
            ("trade.price", by_market(|a| &a.price)),
            ("trade.trust", by_market(|a| &a.trust)),
            ("market.city", of_market("city")),
            ("market.area", of_market("area")),
            ("market.price_unit", of_market("price_unit")),
            ("market.trust", of_market("trust")),
            ("market.money", of_market("money")),
        ]
    }

    /// How much the materials dimension counts: as the leading trade
    /// says, or the fallback trade when none is known (the materials of an
    /// unknown trade are mostly unknown words).
    pub fn materials_weight(&self, detected: &Detected) -> f64 {
        detected
            .trades
            .first()
            .copied()
            .or_else(|| self.trade(GENERAL))
            .map_or(1.0, |i| self.trades[i].materials_weight)
    }
}

/// Per role, the lexicons it stands for in one document.
#[derive(Debug, Clone, Default)]
pub struct RoleLexicons([Vec<LexId>; 5]);

impl RoleLexicons {
    fn push(&mut self, role: Role, lex: LexId) {
        let list = &mut self.0[role.index()];
        if !list.contains(&lex) {
            list.push(lex);
        }
    }

    pub fn get(&self, role: Role) -> &[LexId] {
        &self.0[role.index()]
    }
}
