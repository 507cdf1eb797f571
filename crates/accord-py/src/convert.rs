//! Rust values to Python objects through the CLI's JSON: a wire type is serialized by
//! serde_json exactly as `--json` prints it and read back by Python's `json.loads`, so a result
//! equals the CLI's output parsed by `json.loads`, number for number; or (`to_py`, for
//! `analyze`, where the text's cost showed) the same objects built directly from the wire type
//! by [`PySerializer`], a serde serializer whose strings (dict keys, ids) are made once per call.

use std::collections::HashMap;
use std::fmt;

use pyo3::IntoPyObjectExt as _;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyInt, PyList, PyString};
use serde::Serialize;
use serde::ser::{self, Impossible};

use crate::errors::Error;

/// The JSON text of a wire type (as the CLI prints it, without the pretty layout).
pub fn to_json(value: &impl Serialize) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))
}

/// A JSON text as Python objects (`json.loads`).
pub fn loads(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    let json = py.import("json")?;
    Ok(json.call_method1("loads", (text,))?.unbind())
}

/// A wire type as Python objects, built directly: the objects `json.loads` makes of its
/// `--json` text, without writing and parsing the text. Maps and structs are dicts in key
/// order; sequences lists; floats the same `f64`s (serde_json writes the shortest text that
/// reads back as the same double, and `json.loads` reads it back so) — except a non-finite
/// float, which serde_json writes as `null` and so becomes `None` here too; integers `int`s of
/// any width; a JSON integer written raw (`BigCount`, a `RawValue`) Python's `int` of its
/// digits; `None` is `None`. Every distinct string (dict keys, issue, option and party ids) is
/// one Python `str` per call, shared by every place it appears, so dicts insert keys whose hash
/// is already known.
///
/// Errors: a value that serde cannot serialize, or a map key that is not a string (JSON has
/// none), as [`Error::Internal`].
pub fn to_py(py: Python<'_>, value: &impl Serialize) -> PyResult<Py<PyAny>> {
    let mut strings = Strings {
        py,
        cache: HashMap::with_capacity_and_hasher(64, foldhash::fast::RandomState::default()),
    };
    value
        .serialize(PySerializer {
            strings: &mut strings,
        })
        .map(Bound::unbind)
        .map_err(|e| match e {
            ConvertError::Python(e) => e,
            ConvertError::Other(m) => {
                Error::Internal(format!("cannot build the result: {m}")).into_py(py)
            }
        })
}

/// A JSON value as Python objects.
pub fn json_to_py(py: Python<'_>, value: &serde_json::Value) -> PyResult<Py<PyAny>> {
    loads(py, &value.to_string())
}

/// The strings of one conversion: each distinct text made into a Python `str` once (looked up
/// with foldhash: a short key hashes in a few nanoseconds, SipHash's cost showed here).
struct Strings<'py> {
    py: Python<'py>,
    cache: HashMap<String, Bound<'py, PyString>, foldhash::fast::RandomState>,
}

impl<'py> Strings<'py> {
    fn get(&mut self, s: &str) -> Bound<'py, PyString> {
        if let Some(v) = self.cache.get(s) {
            return v.clone();
        }
        let v = PyString::new(self.py, s);
        self.cache.insert(s.to_owned(), v.clone());
        v
    }
}

/// Why a conversion failed: a Python error, or a value JSON cannot hold.
#[derive(Debug)]
pub enum ConvertError {
    /// Raised by Python while building an object.
    Python(PyErr),
    /// Not representable (a non-string map key, a custom serde error).
    Other(String),
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConvertError::Python(e) => write!(f, "{e}"),
            ConvertError::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ConvertError {}

impl ser::Error for ConvertError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ConvertError::Other(msg.to_string())
    }
}

impl From<PyErr> for ConvertError {
    fn from(e: PyErr) -> Self {
        ConvertError::Python(e)
    }
}

type Out<'py> = Result<Bound<'py, PyAny>, ConvertError>;

/// The serde serializer of [`to_py`], with the shapes of serde_json's: unit and `None` as
/// `None`; a unit variant as its name; a newtype variant, tuple variant and struct variant as a
/// one-key dict `{variant: value}`; tuples as lists.
pub struct PySerializer<'s, 'py> {
    strings: &'s mut Strings<'py>,
}

/// serde_json's marker for a raw JSON text (`RawValue`): a struct of one field of this name.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

impl<'s, 'py> PySerializer<'s, 'py> {
    fn py(&self) -> Python<'py> {
        self.strings.py
    }

    fn reborrow(&mut self) -> PySerializer<'_, 'py> {
        PySerializer {
            strings: self.strings,
        }
    }

    fn int<T: IntoPyObject<'py>>(self, v: T) -> Out<'py> {
        Ok(v.into_bound_py_any(self.py())?)
    }
}

impl<'s, 'py> ser::Serializer for PySerializer<'s, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    type SerializeSeq = SeqBuilder<'s, 'py>;
    type SerializeTuple = SeqBuilder<'s, 'py>;
    type SerializeTupleStruct = SeqBuilder<'s, 'py>;
    type SerializeTupleVariant = VariantSeq<'s, 'py>;
    type SerializeMap = MapBuilder<'s, 'py>;
    type SerializeStruct = StructBuilder<'s, 'py>;
    type SerializeStructVariant = VariantStruct<'s, 'py>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i128(self, v: i128) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u128(self, v: u128) -> Out<'py> {
        self.int(v)
    }
    fn serialize_f32(self, v: f32) -> Out<'py> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        if v.is_finite() {
            Ok(PyFloat::new(self.py(), v).into_any())
        } else {
            // serde_json writes a non-finite float as null.
            Ok(self.py().None().into_bound(self.py()))
        }
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        let mut buf = [0u8; 4];
        Ok(self.strings.get(v.encode_utf8(&mut buf)).into_any())
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        Ok(self.strings.get(v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        // serde_json writes bytes as an array of numbers.
        Ok(PyList::new(self.py(), v)?.into_any())
    }
    fn serialize_none(self) -> Out<'py> {
        Ok(self.py().None().into_bound(self.py()))
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Out<'py> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Out<'py> {
        let dict = PyDict::new(self.py());
        let v = value.serialize(self.reborrow())?;
        dict.set_item(self.strings.get(variant), v)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder<'s, 'py>, ConvertError> {
        Ok(SeqBuilder {
            items: Vec::with_capacity(len.unwrap_or(0)),
            ser: self,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder<'s, 'py>, ConvertError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqBuilder<'s, 'py>, ConvertError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantSeq<'s, 'py>, ConvertError> {
        Ok(VariantSeq {
            variant,
            seq: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapBuilder<'s, 'py>, ConvertError> {
        Ok(MapBuilder {
            dict: PyDict::new(self.py()),
            key: None,
            ser: self,
        })
    }
    fn serialize_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<StructBuilder<'s, 'py>, ConvertError> {
        Ok(StructBuilder {
            dict: PyDict::new(self.py()),
            raw: (name == RAW_VALUE).then_some(None),
            ser: self,
        })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantStruct<'s, 'py>, ConvertError> {
        Ok(VariantStruct {
            variant,
            inner: self.serialize_struct(variant, len)?,
        })
    }
}

/// A list under construction.
pub struct SeqBuilder<'s, 'py> {
    ser: PySerializer<'s, 'py>,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> SeqBuilder<'_, 'py> {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), ConvertError> {
        let v = value.serialize(self.ser.reborrow())?;
        self.items.push(v);
        Ok(())
    }
    fn finish(self) -> Out<'py> {
        Ok(PyList::new(self.ser.py(), self.items)?.into_any())
    }
}

impl<'py> ser::SerializeSeq for SeqBuilder<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTuple for SeqBuilder<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleStruct for SeqBuilder<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

/// A tuple variant: `{variant: [fields]}`.
pub struct VariantSeq<'s, 'py> {
    variant: &'static str,
    seq: SeqBuilder<'s, 'py>,
}

impl<'py> ser::SerializeTupleVariant for VariantSeq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Self::Error> {
        self.seq.push(value)
    }
    fn end(mut self) -> Out<'py> {
        let key = self.seq.ser.strings.get(self.variant);
        let py = self.seq.ser.py();
        let list = PyList::new(py, std::mem::take(&mut self.seq.items))?;
        let dict = PyDict::new(py);
        dict.set_item(key, list)?;
        Ok(dict.into_any())
    }
}

/// A dict under construction from a map: keys must serialize as strings.
pub struct MapBuilder<'s, 'py> {
    ser: PySerializer<'s, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'py> ser::SerializeMap for MapBuilder<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Self::Error> {
        self.key = Some(key.serialize(KeySerializer {
            strings: &mut *self.ser.strings,
        })?);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Self::Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ConvertError::Other("a map value without its key".to_owned()))?;
        let v = value.serialize(self.ser.reborrow())?;
        self.dict.set_item(key, v)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        Ok(self.dict.into_any())
    }
}

/// A dict under construction from a struct (or, for serde_json's raw value, its JSON text).
pub struct StructBuilder<'s, 'py> {
    ser: PySerializer<'s, 'py>,
    dict: Bound<'py, PyDict>,
    /// `Some` for a raw JSON value: the object made of its text, once seen.
    raw: Option<Option<Bound<'py, PyAny>>>,
}

impl<'py> ser::SerializeStruct for StructBuilder<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        if let Some(raw) = &mut self.raw {
            // Its one field is the JSON text, as a string.
            let quoted =
                serde_json::to_string(value).map_err(|e| ConvertError::Other(e.to_string()))?;
            let text: String =
                serde_json::from_str(&quoted).map_err(|e| ConvertError::Other(e.to_string()))?;
            *raw = Some(raw_json(self.ser.py(), &text)?);
            return Ok(());
        }
        let v = value.serialize(self.ser.reborrow())?;
        self.dict.set_item(self.ser.strings.get(key), v)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        match self.raw {
            Some(Some(v)) => Ok(v),
            Some(None) => Err(ConvertError::Other("an empty raw JSON value".to_owned())),
            None => Ok(self.dict.into_any()),
        }
    }
}

/// A struct variant: `{variant: {fields}}`.
pub struct VariantStruct<'s, 'py> {
    variant: &'static str,
    inner: StructBuilder<'s, 'py>,
}

impl<'py> ser::SerializeStructVariant for VariantStruct<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Out<'py> {
        let key = self.inner.ser.strings.get(self.variant);
        let py = self.inner.ser.py();
        let fields = ser::SerializeStruct::end(self.inner)?;
        let dict = PyDict::new(py);
        dict.set_item(key, fields)?;
        Ok(dict.into_any())
    }
}

/// A raw JSON text as Python objects: an integer (any length) as `int`, anything else through
/// `json.loads`.
fn raw_json<'py>(py: Python<'py>, text: &str) -> Result<Bound<'py, PyAny>, ConvertError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(py.get_type::<PyInt>().call1((text,))?);
    }
    Ok(loads(py, text)?.into_bound(py))
}

/// Map keys: strings as they are; integers, floats and booleans as their JSON text (serde_json
/// writes such keys quoted); anything else refused, as serde_json does.
struct KeySerializer<'s, 'py> {
    strings: &'s mut Strings<'py>,
}

impl<'py> KeySerializer<'_, 'py> {
    fn text(self, s: &str) -> Out<'py> {
        Ok(self.strings.get(s).into_any())
    }
}

fn key_refused<T>() -> Result<T, ConvertError> {
    Err(ConvertError::Other(
        "a map key that is not a string".to_owned(),
    ))
}

impl<'s, 'py> ser::Serializer for KeySerializer<'s, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    type SerializeSeq = Impossible<Bound<'py, PyAny>, ConvertError>;
    type SerializeTuple = Impossible<Bound<'py, PyAny>, ConvertError>;
    type SerializeTupleStruct = Impossible<Bound<'py, PyAny>, ConvertError>;
    type SerializeTupleVariant = Impossible<Bound<'py, PyAny>, ConvertError>;
    type SerializeMap = Impossible<Bound<'py, PyAny>, ConvertError>;
    type SerializeStruct = Impossible<Bound<'py, PyAny>, ConvertError>;
    type SerializeStructVariant = Impossible<Bound<'py, PyAny>, ConvertError>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        self.text(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.text(&v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.text(&v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.text(&v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        self.text(&v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Out<'py> {
        self.text(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.text(&v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.text(&v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.text(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        self.text(&v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Out<'py> {
        self.text(&v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Out<'py> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        if !v.is_finite() {
            return key_refused();
        }
        let text = serde_json::to_string(&v).map_err(|e| ConvertError::Other(e.to_string()))?;
        self.text(&text)
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        let mut buf = [0u8; 4];
        self.text(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        self.text(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Out<'py> {
        key_refused()
    }
    fn serialize_none(self) -> Out<'py> {
        key_refused()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Out<'py> {
        key_refused()
    }
    fn serialize_unit(self) -> Out<'py> {
        key_refused()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out<'py> {
        key_refused()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Out<'py> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Out<'py> {
        key_refused()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, ConvertError> {
        key_refused()
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, ConvertError> {
        key_refused()
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, ConvertError> {
        key_refused()
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, ConvertError> {
        key_refused()
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, ConvertError> {
        key_refused()
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, ConvertError> {
        key_refused()
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, ConvertError> {
        key_refused()
    }
}
