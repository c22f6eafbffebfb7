//! The `pitchlint` Python package's native module: the core library's
//! façade (settings → engine → reports) seen from Python. Texts are linted
//! with the GIL released; lists of records on every core. Results are the
//! JSON report's document objects, made Python objects from the same JSON
//! values `pitchlint batch` writes.

use std::path::PathBuf;
use std::sync::Arc;

use pitchlint::batch::{self, Layout, Record, Submitted};
use pitchlint::{Engine, Error, ErrorKind, Overrides, Settings};
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString};
use rayon::prelude::*;
use serde_json::Value;

mod objects;
use objects::{Objects, Tape};

// Linting allocates and frees many small strings on every core; mimalloc
// handles that markedly faster than the system allocator (as in the CLI).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pyo3::create_exception!(
    pitchlint,
    PitchlintError,
    PyException,
    "A document, record, rule file or config that pitchlint cannot use; the message is one line."
);
pyo3::create_exception!(
    pitchlint,
    UsageError,
    PitchlintError,
    "A wrong argument or value."
);
pyo3::create_exception!(
    pitchlint,
    InputError,
    PitchlintError,
    "A document cannot be read."
);
pyo3::create_exception!(
    pitchlint,
    RulesError,
    PitchlintError,
    "A rule file is malformed."
);
pyo3::create_exception!(
    pitchlint,
    ConfigError,
    PitchlintError,
    "pitchlint.yaml is malformed."
);
pyo3::create_exception!(
    pitchlint,
    ReadError,
    PitchlintError,
    "Reading a file failed."
);

/// The exception for an error, by whose fault it is; the message is the
/// same one line the command line prints.
fn raise(error: Error) -> PyErr {
    let message = error.to_string();
    match error.kind {
        ErrorKind::Usage => UsageError::new_err(message),
        ErrorKind::Input => InputError::new_err(message),
        ErrorKind::Rules => RulesError::new_err(message),
        ErrorKind::Config => ConfigError::new_err(message),
        _ => ReadError::new_err(message),
    }
}

/// Loads rules once; checks texts and lists of records with them.
#[pyclass(frozen, module = "pitchlint._native")]
struct Linter {
    engine: Arc<Engine>,
}

/// What one text is checked as: the fields of a batch record.
struct Fields {
    kind: Option<String>,
    task: Option<String>,
    review: Option<String>,
    lang: Option<String>,
    rating: Option<Value>,
    trade: Option<String>,
    market: Option<String>,
}

#[pymethods]
impl Linter {
    /// `config`: a `pitchlint.yaml` to use (none by default: no file is
    /// looked for). `rules`: a rule folder, or several, laid over the
    /// built-in rules.
    #[new]
    #[pyo3(signature = (config=None, rules=None))]
    fn new(
        py: Python<'_>,
        config: Option<PathBuf>,
        rules: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let rule_dirs = match rules {
            None => Vec::new(),
            Some(one) if one.is_instance_of::<PyString>() => vec![one.extract()?],
            Some(many) => match many.extract::<PathBuf>() {
                Ok(one) => vec![one],
                Err(_) => many.extract::<Vec<PathBuf>>().map_err(|_| {
                    PyTypeError::new_err("rules: expected a path or a list of paths")
                })?,
            },
        };
        let overrides = Overrides {
            no_config: config.is_none(),
            config,
            rule_dirs,
            ..Overrides::default()
        };
        let engine = py.detach(|| {
            let cwd = std::env::current_dir().unwrap_or_default();
            Settings::resolve(overrides, &cwd).and_then(Engine::new)
        });
        Ok(Linter {
            engine: Arc::new(engine.map_err(raise)?),
        })
    }

    /// Checks one text; returns the JSON report's document object.
    #[pyo3(
        signature = (text, kind=Some("profile".to_string()), *, task=None, review=None, lang=None, rating=None, trade=None, market=None),
        text_signature = "(self, /, text, kind='profile', *, task=None, review=None, lang=None, rating=None, trade=None, market=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn check(
        &self,
        py: Python<'_>,
        text: String,
        kind: Option<String>,
        task: Option<String>,
        review: Option<String>,
        lang: Option<String>,
        rating: Option<&Bound<'_, PyAny>>,
        trade: Option<String>,
        market: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        let fields = Fields {
            kind,
            task,
            review,
            lang,
            rating: rating.map(self::rating).transpose()?,
            trade,
            market,
        };
        check_one(py, &self.engine, text, fields)
    }

    /// Checks a list (or any iterable) of records, dicts with the batch
    /// fields (`id`, `kind`, `text`, `task`, `review`, `rating`, `lang`,
    /// `trade`, `market`), on `threads` cores (all by default) with the GIL
    /// released. Results come in order, each tagged with `id` and `index`;
    /// a record that cannot be checked gives `{"id", "index", "error"}` in
    /// its place (or, with `errors="raise"`, the first such error is
    /// raised). `format="scores"` gives the compact form.
    #[pyo3(signature = (records, threads=None, *, format="full", errors="record"))]
    fn check_many(
        &self,
        py: Python<'_>,
        records: &Bound<'_, PyAny>,
        threads: Option<usize>,
        format: &str,
        errors: &str,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let layout = match format {
            "full" => Layout::Full,
            "scores" => Layout::Scores,
            other => {
                return Err(PyValueError::new_err(format!(
                    "format: expected \"full\" or \"scores\", got {other:?}"
                )));
            }
        };
        let raise_errors = match errors {
            "record" => false,
            "raise" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "errors: expected \"record\" or \"raise\", got {other:?}"
                )));
            }
        };
        let pool = match threads {
            None => None,
            Some(0) => return Err(PyValueError::new_err("threads: expected at least 1")),
            Some(n) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| PyValueError::new_err(format!("threads: {e}")))?,
            ),
        };
        let expected = records.len().unwrap_or(0);
        let mut records = records.try_iter()?.enumerate();
        let engine = &self.engine;
        // Three stages overlap: this thread, holding the GIL, reads the
        // next chunk of records and turns the last linted chunk into
        // Python objects, while the pool lints the chunk in between.
        std::thread::scope(|scope| {
            let (to_lint, chunks) = std::sync::mpsc::sync_channel::<Vec<(usize, Submitted)>>(2);
            let (to_convert, linted) = std::sync::mpsc::sync_channel::<Vec<Linted>>(2);
            scope.spawn(move || {
                for chunk in chunks {
                    let lint = || lint_chunk(engine, chunk, layout);
                    let results = match &pool {
                        Some(pool) => pool.install(lint),
                        None => lint(),
                    };
                    if to_convert.send(results).is_err() {
                        break;
                    }
                }
            });
            let collector = GcPause::new(py)?;
            let mut objects = Objects::new(py);
            let mut converted = Vec::with_capacity(expected);
            // A receiver is not Sync; behind a lock it may wait off the GIL.
            let linted = std::sync::Mutex::new(linted);
            let mut to_lint = Some(to_lint);
            let mut in_flight = 0;
            loop {
                // Two chunks in flight keep the pool busy while this
                // thread converts.
                while in_flight < 2
                    && let Some(sender) = &to_lint
                {
                    let chunk = records
                        .by_ref()
                        .take(CHUNK)
                        .map(|(index, item)| item.map(|item| (index, record(&item))))
                        .collect::<PyResult<Vec<_>>>()?;
                    if chunk.is_empty() {
                        to_lint = None;
                    } else {
                        py.detach(|| sender.send(chunk))
                            .expect("the linting thread waits");
                        in_flight += 1;
                    }
                }
                if in_flight == 0 {
                    break;
                }
                let chunk = py
                    .detach(|| linted.lock().expect("one receiver").recv())
                    .expect("the linting thread answers every chunk");
                in_flight -= 1;
                for result in &chunk {
                    if raise_errors && let Some(reason) = &result.error {
                        let index = converted.len();
                        return Err(InputError::new_err(format!("record {index}: {reason}")));
                    }
                    converted.push(objects.of(&result.tape)?.unbind());
                }
                collector.collect_young()?;
            }
            Ok(converted)
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<pitchlint.Linter with {} rules>",
            self.engine.rules().len()
        )
    }
}

/// Records linted per step of `check_many`.
const CHUNK: usize = 1024;

/// One record's result, ready to become a Python object.
struct Linted {
    error: Option<String>,
    tape: Tape,
}

/// Lints numbered records in parallel.
fn lint_chunk(engine: &Engine, chunk: Vec<(usize, Submitted)>, layout: Layout) -> Vec<Linted> {
    chunk
        .into_par_iter()
        .map(|(index, record)| {
            let result = batch::indexed(engine, index, record, layout);
            Linted {
                error: result.error().map(str::to_owned),
                tape: Tape::of(&result),
            }
        })
        .collect()
}

/// Python's cycle collector paused while results are built: left to run on
/// its own, its full collections would scan every result made so far, again
/// and again. Instead each chunk's new objects are collected once, right
/// after they are made, while the pool lints the next chunk; left for the
/// end, that one scan of millions of objects would run with the pool idle.
struct GcPause<'py> {
    gc: Bound<'py, PyModule>,
    was_enabled: bool,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = py.import("gc")?;
        let was_enabled = gc.call_method0("isenabled")?.is_truthy()?;
        gc.call_method0("disable")?;
        Ok(GcPause { gc, was_enabled })
    }

    /// Collects the young generations (the objects made since the last
    /// call), unless the caller had turned the collector off.
    fn collect_young(&self) -> PyResult<()> {
        if self.was_enabled {
            self.gc.call_method1("collect", (1,))?;
        }
        Ok(())
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if self.was_enabled {
            let _ = self.gc.call_method0("enable");
        }
    }
}

/// Lints one text off the GIL and returns its document object.
fn check_one(py: Python<'_>, engine: &Engine, text: String, fields: Fields) -> PyResult<Py<PyAny>> {
    let record = Record {
        text: Some(text),
        kind: fields.kind,
        task: fields.task,
        review: fields.review,
        lang: fields.lang,
        rating: fields.rating,
        trade: fields.trade,
        market: fields.market,
        ..Record::default()
    };
    let report = py
        .detach(|| batch::lint(engine, "input", record))
        .map_err(raise)?;
    Ok(Objects::new(py).of(&Tape::of(&report))?.unbind())
}

/// A record from a dict, or its id and why it cannot be checked.
fn record(item: &Bound<'_, PyAny>) -> Submitted {
    let Ok(dict) = item.cast::<PyDict>() else {
        let name = type_name(item);
        return Err((Value::Null, format!("a record must be a dict, got {name}")));
    };
    let id = match dict.get_item("id") {
        Ok(Some(id)) => json_scalar(&id).unwrap_or_else(|_| Value::String(id.to_string())),
        _ => Value::Null,
    };
    let text = |name: &str| -> Result<Option<String>, (Value, String)> {
        let Ok(Some(value)) = dict.get_item(name) else {
            return Ok(None);
        };
        if value.is_none() || is_nan(&value) {
            return Ok(None);
        }
        value.extract::<String>().map(Some).map_err(|_| {
            let got = type_name(&value);
            (
                id.clone(),
                format!("field `{name}` must be a string, got {got}"),
            )
        })
    };
    let rating = match dict.get_item("rating") {
        Ok(Some(value)) if !value.is_none() && !is_nan(&value) => {
            Some(rating(&value).map_err(|e| (id.clone(), format!("field `rating`: {e}")))?)
        }
        _ => None,
    };
    Ok(Record {
        kind: text("kind")?,
        text: text("text")?,
        task: text("task")?,
        review: text("review")?,
        lang: text("lang")?,
        trade: text("trade")?,
        market: text("market")?,
        rating,
        id,
    })
}

/// A star rating; a whole float (`4.0`, as pandas holds a number column
/// with gaps) is that whole number.
fn rating(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    Ok(match json_scalar(value)? {
        Value::Number(n)
            if n.as_f64()
                .is_some_and(|f| f.fract() == 0.0 && f.abs() < 1e9) =>
        {
            Value::from(n.as_f64().unwrap_or_default() as i64)
        }
        other => other,
    })
}

/// pandas writes a missing value as NaN: it counts as absent.
fn is_nan(value: &Bound<'_, PyAny>) -> bool {
    value.is_instance_of::<PyFloat>() && value.extract::<f64>().is_ok_and(f64::is_nan)
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".into(), |n| n.to_string())
}

/// An id or rating as JSON: a string, a whole number (numpy's too), a
/// float, a bool or None.
fn json_scalar(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    if value.is_none() {
        return Ok(Value::Null);
    }
    if value.is_instance_of::<PyString>() {
        return Ok(Value::String(value.extract()?));
    }
    if value.is_instance_of::<PyBool>() {
        return Ok(Value::Bool(value.extract()?));
    }
    if (value.is_instance_of::<PyInt>() || value.hasattr("__index__")?)
        && let Ok(n) = value.extract::<i64>()
    {
        return Ok(Value::from(n));
    }
    if let Ok(f) = value.extract::<f64>() {
        return Ok(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number));
    }
    Err(PyTypeError::new_err(format!(
        "expected a string or a number, got {}",
        type_name(value)
    )))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Linter>()?;
    m.add("PitchlintError", py.get_type::<PitchlintError>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("RulesError", py.get_type::<RulesError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("ReadError", py.get_type::<ReadError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
