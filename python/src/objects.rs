//! Results as Python objects: the same objects `json.loads` would give for
//! the JSON `pitchlint batch` writes, without writing or parsing that text.
//!
//! The work is split at the GIL. Off it, on every core, a result is
//! serialized into a [`Tape`]: one flat buffer of tagged values, so the
//! report it came from is freed on the thread that built it. Under the
//! GIL, [`Objects`] reads tapes into Python objects, and nothing else.
//! Results repeat most of their strings (keys, rule ids, messages, advice)
//! and small numbers, so each distinct one becomes one shared Python
//! object (both kinds are immutable in Python): less work under the GIL,
//! and less memory.

use std::fmt;

use foldhash::HashMap;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use serde::ser::{self, Serialize};

/// A value serialized in serde's data model as JSON sees it.
pub struct Tape(Vec<u8>);

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const SIGNED: u8 = 3;
const UNSIGNED: u8 = 4;
const FLOAT: u8 = 5;
const STRING: u8 = 6;
const LIST: u8 = 7;
const DICT: u8 = 8;
const END: u8 = 9;
/// A `&'static str` (field and variant names): its address, then as STRING.
const NAME: u8 = 10;

impl Tape {
    /// Panics on what JSON cannot hold either (a map key that is not a
    /// string), as `serde_json::to_writer` fails on it.
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Tape {
        let mut out = Vec::with_capacity(4096);
        value
            .serialize(Writer(&mut out))
            .expect("result serializes");
        Tape(out)
    }
}

/// Makes Python objects of tapes; one per call, so its shared strings and
/// numbers live as long as the results that hold them.
pub struct Objects<'py> {
    py: Python<'py>,
    strings: HashMap<Box<[u8]>, Py<PyString>>,
    /// Field and variant names by address: no hashing or comparing of text.
    names: HashMap<u64, Py<PyString>>,
    /// Whole numbers below [`SHARED_INTS`] (offsets, lines, counts).
    ints: Vec<Option<Py<PyAny>>>,
}

const SHARED_INTS: u64 = 1 << 16;

impl<'py> Objects<'py> {
    pub fn new(py: Python<'py>) -> Self {
        Objects {
            py,
            strings: HashMap::default(),
            names: HashMap::default(),
            ints: Vec::new(),
        }
    }

    /// The Python object a tape holds.
    pub fn of(&mut self, tape: &Tape) -> PyResult<Bound<'py, PyAny>> {
        let mut rest = tape.0.as_slice();
        self.value(&mut rest)
    }

    fn value(&mut self, rest: &mut &[u8]) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        Ok(match take::<1>(rest)[0] {
            NULL => py.None().into_bound(py),
            FALSE => PyBool::new(py, false).to_owned().into_any(),
            TRUE => PyBool::new(py, true).to_owned().into_any(),
            SIGNED => {
                let Ok(int) = i64::from_le_bytes(take(rest)).into_pyobject(py);
                int.into_any()
            }
            UNSIGNED => self.unsigned(u64::from_le_bytes(take(rest))),
            FLOAT => PyFloat::new(py, f64::from_le_bytes(take(rest))).into_any(),
            STRING => self.string(rest).into_any(),
            NAME => self.name(rest).into_any(),
            LIST => {
                let list = PyList::empty(py);
                while rest[0] != END {
                    list.append(self.value(rest)?)?;
                }
                *rest = &rest[1..];
                list.into_any()
            }
            DICT => {
                let dict = PyDict::new(py);
                while rest[0] != END {
                    let key = match take::<1>(rest)[0] {
                        NAME => self.name(rest),
                        _ => self.string(rest),
                    };
                    dict.set_item(key, self.value(rest)?)?;
                }
                *rest = &rest[1..];
                dict.into_any()
            }
            tag => unreachable!("tape tag {tag}"),
        })
    }

    fn unsigned(&mut self, n: u64) -> Bound<'py, PyAny> {
        let py = self.py;
        let make = || {
            let Ok(int) = n.into_pyobject(py);
            int.into_any()
        };
        if n >= SHARED_INTS {
            return make();
        }
        let slot = n as usize;
        if self.ints.len() <= slot {
            self.ints
                .resize_with((slot + 1).next_power_of_two(), || None);
        }
        self.ints[slot]
            .get_or_insert_with(|| make().unbind())
            .bind(py)
            .clone()
    }

    /// A name's address and text after its tag.
    fn name(&mut self, rest: &mut &[u8]) -> Bound<'py, PyString> {
        let address = u64::from_le_bytes(take(rest));
        if let Some(shared) = self.names.get(&address) {
            let len = u32::from_le_bytes(take(rest)) as usize;
            *rest = &rest[len..];
            return shared.bind(self.py).clone();
        }
        let made = self.string(rest);
        self.names.insert(address, made.clone().unbind());
        made
    }

    /// A string's bytes after its tag; one Python string per distinct text.
    fn string(&mut self, rest: &mut &[u8]) -> Bound<'py, PyString> {
        let len = u32::from_le_bytes(take(rest)) as usize;
        let (bytes, after) = rest.split_at(len);
        *rest = after;
        if let Some(shared) = self.strings.get(bytes) {
            return shared.bind(self.py).clone();
        }
        let text = std::str::from_utf8(bytes).expect("tapes hold UTF-8");
        let made = PyString::new(self.py, text);
        self.strings.insert(bytes.into(), made.clone().unbind());
        made
    }
}

/// The next `N` bytes of a tape.
fn take<const N: usize>(rest: &mut &[u8]) -> [u8; N] {
    let (head, after) = rest.split_first_chunk::<N>().expect("a whole tape");
    *rest = after;
    *head
}

/// Why a value cannot go on a tape (serde's error type).
#[derive(Debug)]
pub struct Refused(String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Refused(message.to_string())
    }
}

/// The serde serializer that writes a tape.
struct Writer<'a>(&'a mut Vec<u8>);

type Written = Result<(), Refused>;

impl Writer<'_> {
    fn tag(&mut self, tag: u8) -> Written {
        self.0.push(tag);
        Ok(())
    }

    fn number(&mut self, tag: u8, bytes: [u8; 8]) -> Written {
        self.0.push(tag);
        self.0.extend_from_slice(&bytes);
        Ok(())
    }

    fn string(&mut self, text: &str) -> Written {
        self.0.push(STRING);
        self.text(text)
    }

    fn name(&mut self, name: &'static str) -> Written {
        self.0.push(NAME);
        self.0
            .extend_from_slice(&(name.as_ptr() as u64).to_le_bytes());
        self.text(name)
    }

    /// A string's length and bytes.
    fn text(&mut self, text: &str) -> Written {
        let len = u32::try_from(text.len()).map_err(|_| Refused("a string over 4 GB".into()))?;
        self.0.extend_from_slice(&len.to_le_bytes());
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }

    /// `{variant: …` for an enum variant with data, as serde_json writes it.
    fn variant(&mut self, variant: &'static str) -> Written {
        self.tag(DICT)?;
        self.name(variant)
    }
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Refused;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(mut self, v: bool) -> Written {
        self.tag(if v { TRUE } else { FALSE })
    }
    fn serialize_i8(self, v: i8) -> Written {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Written {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Written {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(mut self, v: i64) -> Written {
        match u64::try_from(v) {
            Ok(v) => self.number(UNSIGNED, v.to_le_bytes()),
            Err(_) => self.number(SIGNED, v.to_le_bytes()),
        }
    }
    fn serialize_u8(self, v: u8) -> Written {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Written {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Written {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(mut self, v: u64) -> Written {
        self.number(UNSIGNED, v.to_le_bytes())
    }
    fn serialize_f32(self, v: f32) -> Written {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(mut self, v: f64) -> Written {
        // serde_json writes a number that is not finite as null.
        if !v.is_finite() {
            return self.tag(NULL);
        }
        self.number(FLOAT, v.to_le_bytes())
    }
    fn serialize_char(mut self, v: char) -> Written {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(mut self, v: &str) -> Written {
        self.string(v)
    }
    fn serialize_bytes(mut self, v: &[u8]) -> Written {
        self.tag(LIST)?;
        for byte in v {
            self.number(UNSIGNED, u64::from(*byte).to_le_bytes())?;
        }
        self.tag(END)
    }
    fn serialize_none(mut self) -> Written {
        self.tag(NULL)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Written {
        value.serialize(self)
    }
    fn serialize_unit(mut self) -> Written {
        self.tag(NULL)
    }
    fn serialize_unit_struct(mut self, _name: &'static str) -> Written {
        self.tag(NULL)
    }
    fn serialize_unit_variant(mut self, _: &'static str, _: u32, variant: &'static str) -> Written {
        self.name(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Written {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Written {
        self.variant(variant)?;
        value.serialize(Writer(self.0))?;
        self.tag(END)
    }
    fn serialize_seq(mut self, _len: Option<usize>) -> Result<Self, Refused> {
        self.tag(LIST)?;
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Refused> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Refused> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Refused> {
        self.variant(variant)?;
        self.tag(LIST)?;
        Ok(self)
    }
    fn serialize_map(mut self, _len: Option<usize>) -> Result<Self, Refused> {
        self.tag(DICT)?;
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _len: usize) -> Result<Self, Refused> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Refused> {
        self.variant(variant)?;
        self.tag(DICT)?;
        Ok(self)
    }
}

/// The list-like compounds: each element is a value; `end` closes the
/// list and, for a variant, the `{variant: …}` around it.
macro_rules! list_compound {
    ($compound:ident, $element:ident, $ends:literal) => {
        impl ser::$compound for Writer<'_> {
            type Ok = ();
            type Error = Refused;
            fn $element<T: Serialize + ?Sized>(&mut self, value: &T) -> Written {
                value.serialize(Writer(self.0))
            }
            fn end(mut self) -> Written {
                for _ in 0..$ends {
                    self.tag(END)?;
                }
                Ok(())
            }
        }
    };
}

list_compound!(SerializeSeq, serialize_element, 1);
list_compound!(SerializeTuple, serialize_element, 1);
list_compound!(SerializeTupleStruct, serialize_field, 1);
list_compound!(SerializeTupleVariant, serialize_field, 2);

impl ser::SerializeMap for Writer<'_> {
    type Ok = ();
    type Error = Refused;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Written {
        let at = self.0.len();
        key.serialize(Writer(self.0))?;
        // JSON keys are strings.
        if self.0.get(at) != Some(&STRING) {
            return Err(Refused("a map key that is not a string".into()));
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Written {
        value.serialize(Writer(self.0))
    }
    fn end(mut self) -> Written {
        self.tag(END)
    }
}

/// The struct-like compounds: each field is a name and a value; `end`
/// closes the dict and, for a variant, the `{variant: …}` around it.
macro_rules! struct_compound {
    ($compound:ident, $ends:literal) => {
        impl ser::$compound for Writer<'_> {
            type Ok = ();
            type Error = Refused;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Written {
                self.name(key)?;
                value.serialize(Writer(self.0))
            }
            fn end(mut self) -> Written {
                for _ in 0..$ends {
                    self.tag(END)?;
                }
                Ok(())
            }
        }
    };
}

struct_compound!(SerializeStruct, 1);
struct_compound!(SerializeStructVariant, 2);
