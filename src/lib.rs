//! pitchlint: a linter for contractors' marketplace texts — profiles, first
//! replies to job posts, answers to reviews, portfolios and conversation
//! logs.
//!
//! The façade is [`Engine`]: resolve [`Settings`] once (from [`Overrides`]
//! and `pitchlint.yaml`), build an engine, then [`Engine::check`] documents
//! into [`DocReport`]s, which the printers in [`emit`] turn into text. The
//! command line and the HTTP server (features `cli` and `server`) are front
//! ends over this one façade; the core builds without them.
//!
//! Data flows one way: `input` (bytes → Document) → `text` (blocks, words,
//! stems) → `rules` (compiled YAML checklists) → `checks` (findings) →
//! `score` → `report` → `emit`.

pub mod batch;
mod checks;
pub mod config;
pub mod conversation;
pub mod dimensions;
pub mod draft;
pub mod emit;
mod engine;
pub mod error;
pub mod eval;
pub mod input;
pub mod learn;
pub mod overview;
pub mod portfolio;
pub mod report;
pub mod rules;
pub mod score;
pub mod settings;
mod suppress;
mod text;
pub mod types;
pub mod walk;
pub mod yaml;

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "server")]
pub mod serve;

pub use conversation::Clock;
pub use engine::Engine;
pub use error::{Error, ErrorKind, Result};
pub use input::{Context, ContextKind, Document, Kind, Lang};
pub use report::DocReport;
pub use settings::{Overrides, Settings};
pub use types::{Finding, Notes, ResponseSummary, Severity};

/// Rule examples are judged as of this date, so freshness examples never
/// go stale.
pub const EXAMPLES_TODAY: jiff::civil::Date = jiff::civil::date(2026, 1, 15);

/// Expands files and folders into the documents `check` reads (for front
/// ends that take paths).
pub fn expand_paths(paths: &[String]) -> walk::Expanded {
    walk::expand(paths)
}
