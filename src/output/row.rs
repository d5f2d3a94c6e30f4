//! A table's row as a struct: each table's row is a `#[derive(Serialize)]`
//! struct whose field names, in order, are the table's header, so the header
//! and the cells of a row come from one list and cannot drift apart.
//!
//! [`Table::cells`] writes a row's fields as cells, in order: text (`&str`,
//! `String`, `char`) guarded (see [`super::guard`]), `None` empty, integers
//! and floats as numbers, never guarded; [`Fixed`] and [`Number`] for
//! numbers formatted by a rule of their own. [`Columns`] is the header of a
//! row type: the field names of its `Default` value
//! (`#[serde(rename = "match")]` where a column's name is a Rust keyword).
//!
//! # Examples
//! ```
//! use framelens::output::{Columns, CsvStyle, Fixed, Table};
//!
//! #[derive(Default, serde::Serialize)]
//! struct Row<'a> {
//!     outlet: &'a str,
//!     hits: i64,
//!     g2: Fixed<2>,
//! }
//! let mut t = Table::new(Columns::<Row>::new(), CsvStyle::default());
//! t.row(&Row { outlet: "-x", hits: -3, g2: Fixed(-2.5) });
//! let csv = String::from_utf8(t.into_bytes()).unwrap();
//! assert_eq!(csv, "outlet,hits,g2\n'-x,-3,-2.50\n");
//! ```

use std::fmt::{self, Display};
use std::io::Write;
use std::marker::PhantomData;

use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};

use super::{Table, float};

/// The names of a table's columns, for its header row: a list of names, or
/// the [`Columns`] of a row type.
pub trait Header {
    /// The names, in order.
    fn names(&self) -> Vec<&str>;
}

impl Header for [&str] {
    fn names(&self) -> Vec<&str> {
        self.to_vec()
    }
}

impl<const N: usize> Header for [&str; N] {
    fn names(&self) -> Vec<&str> {
        self.to_vec()
    }
}

impl Header for Vec<&str> {
    fn names(&self) -> Vec<&str> {
        self.clone()
    }
}

impl<H: Header + ?Sized> Header for &H {
    fn names(&self) -> Vec<&str> {
        (**self).names()
    }
}

/// The header of a table whose rows are `R`: the names of `R`'s fields.
pub struct Columns<R>(PhantomData<fn() -> R>);

impl<R> Columns<R> {
    /// The header of `R` rows.
    pub const fn new() -> Columns<R> {
        Columns(PhantomData)
    }
}

impl<R> Default for Columns<R> {
    fn default() -> Columns<R> {
        Columns::new()
    }
}

impl<R> Clone for Columns<R> {
    fn clone(&self) -> Columns<R> {
        *self
    }
}

impl<R> Copy for Columns<R> {}

impl<R> fmt::Debug for Columns<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Columns<{}>", std::any::type_name::<R>())
    }
}

impl<R: Serialize + Default> Header for Columns<R> {
    fn names(&self) -> Vec<&str> {
        columns::<R>()
    }
}

/// The names of the fields of the row type `R`, in order: its header.
///
/// # Panics
/// When `R` is not a struct (a mistake in the code, never in the input).
pub fn columns<R: Serialize + Default>() -> Vec<&'static str> {
    match R::default().serialize(Fields(Names(Vec::new()))) {
        Ok(Names(names)) => names,
        Err(e) => panic!("{}: {e}", std::any::type_name::<R>()),
    }
}

/// Writes the fields of `row` to the current row of `t`, as cells.
pub(super) fn write_cells<W: Write, R: Serialize + ?Sized>(
    t: &mut Table<W>,
    row: &R,
) -> Result<(), RowError> {
    row.serialize(Fields(Cells(t))).map(drop)
}

/// A number cell written with `T`'s `Display`, never guarded: a negative
/// number stays `-2.5`. For numbers with a format of their own.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Number<T>(pub T);

/// The name [`Number`] gives its value, which tells the cell writer to
/// write it unguarded.
const NUMBER: &str = "framelens::output::Number";

impl<T: Display> Serialize for Number<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(NUMBER, &Shown(&self.0))
    }
}

/// A value serialized as the text its `Display` gives.
struct Shown<'a, T>(&'a T);

impl<T: Display> Serialize for Shown<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self.0)
    }
}

/// A float with `D` decimals, as [`float`] writes it: no `-0`, `NaN` as an
/// empty cell. A number cell (never guarded).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Fixed<const D: usize>(pub f64);

impl<const D: usize> Display for Fixed<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&float(self.0, D))
    }
}

impl<const D: usize> Serialize for Fixed<D> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Number(self).serialize(s)
    }
}

/// Why a value could not be written as a row: a row type that is not a
/// struct of cells (a mistake in the code, never in the input).
#[derive(Debug)]
pub struct RowError(String);

impl Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RowError {}

impl ser::Error for RowError {
    fn custom<T: Display>(msg: T) -> RowError {
        RowError(msg.to_string())
    }
}

fn not_a<T>(what: &str) -> Result<T, RowError> {
    Err(RowError(format!("{what} cannot be a table cell")))
}

/// What is done with each field of a row.
trait FieldSink {
    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), RowError>;
}

/// Collects the field names.
struct Names(Vec<&'static str>);

impl FieldSink for Names {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, _: &T) -> Result<(), RowError> {
        self.0.push(key);
        Ok(())
    }
}

/// Writes each field as a cell.
struct Cells<'t, W: Write>(&'t mut Table<W>);

impl<W: Write> FieldSink for Cells<'_, W> {
    fn field<T: Serialize + ?Sized>(&mut self, _: &'static str, value: &T) -> Result<(), RowError> {
        value.serialize(Cell { table: &mut *self.0, number: false })
    }
}

/// A row: a struct, whose fields go to `S`; anything else is an error.
struct Fields<S>(S);

/// The methods of a serializer that refuse what they are given.
macro_rules! refuse {
    ($what:literal: $($method:ident($($arg:ty),*) -> $ok:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ok, RowError> {
            not_a($what)
        }
    )*};
}

impl<S: FieldSink> Serializer for Fields<S> {
    type Ok = S;
    type Error = RowError;
    type SerializeSeq = Impossible<S, RowError>;
    type SerializeTuple = Impossible<S, RowError>;
    type SerializeTupleStruct = Impossible<S, RowError>;
    type SerializeTupleVariant = Impossible<S, RowError>;
    type SerializeMap = Impossible<S, RowError>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<S, RowError>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, RowError> {
        Ok(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<S, RowError> {
        not_a("a row that is not a struct")
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<S, RowError> {
        not_a("a row that is not a struct")
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<S, RowError> {
        not_a("a row that is not a struct")
    }

    refuse! { "a row that is not a struct":
        serialize_bool(bool) -> S;
        serialize_i8(i8) -> S;
        serialize_i16(i16) -> S;
        serialize_i32(i32) -> S;
        serialize_i64(i64) -> S;
        serialize_u8(u8) -> S;
        serialize_u16(u16) -> S;
        serialize_u32(u32) -> S;
        serialize_u64(u64) -> S;
        serialize_f32(f32) -> S;
        serialize_f64(f64) -> S;
        serialize_char(char) -> S;
        serialize_str(&str) -> S;
        serialize_bytes(&[u8]) -> S;
        serialize_none() -> S;
        serialize_unit() -> S;
        serialize_unit_struct(&'static str) -> S;
        serialize_unit_variant(&'static str, u32, &'static str) -> S;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize)
            -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize)
            -> Self::SerializeStructVariant;
    }
}

impl<S: FieldSink> SerializeStruct for Fields<S> {
    type Ok = S;
    type Error = RowError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), RowError> {
        self.0.field(key, value)
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), RowError> {
        // a skipped field would take its column out of one row only
        Err(RowError(format!("field {key} skipped: every row has every column")))
    }

    fn end(self) -> Result<S, RowError> {
        Ok(self.0)
    }
}

/// Writes one value as a cell: text guarded, numbers not (nor the text of a
/// [`Number`], `number`).
struct Cell<'t, W: Write> {
    table: &'t mut Table<W>,
    number: bool,
}

impl<W: Write> Cell<'_, W> {
    fn text(self, s: &str) -> Result<(), RowError> {
        if self.number {
            self.table.num(s);
        } else {
            self.table.text(s);
        }
        Ok(())
    }

    fn num(self, n: impl Display) -> Result<(), RowError> {
        self.table.num(n);
        Ok(())
    }
}

impl<W: Write> Serializer for Cell<'_, W> {
    type Ok = ();
    type Error = RowError;
    type SerializeSeq = Impossible<(), RowError>;
    type SerializeTuple = Impossible<(), RowError>;
    type SerializeTupleStruct = Impossible<(), RowError>;
    type SerializeTupleVariant = Impossible<(), RowError>;
    type SerializeMap = Impossible<(), RowError>;
    type SerializeStruct = Impossible<(), RowError>;
    type SerializeStructVariant = Impossible<(), RowError>;

    fn serialize_bool(self, v: bool) -> Result<(), RowError> {
        self.text(if v { "true" } else { "false" })
    }

    fn serialize_i8(self, v: i8) -> Result<(), RowError> {
        self.num(v)
    }

    fn serialize_i16(self, v: i16) -> Result<(), RowError> {
        self.num(v)
    }

    fn serialize_i32(self, v: i32) -> Result<(), RowError> {
        self.num(v)
    }

    fn serialize_i64(self, v: i64) -> Result<(), RowError> {
        self.num(v)
    }

    fn serialize_i128(self, v: i128) -> Result<(), RowError> {
        self.num(v)
    }

    fn serialize_u8(self, v: u8) -> Result<(), RowError> {
        self.num(v)
    }

    fn serialize_u16(self, v: u16) -> Result<(), RowError> {
        self.num(v)
    }

    fn serialize_u32(self, v: u32) -> Result<(), RowError> {
        self.num(v)
    }

    fn serialize_u64(self, v: u64) -> Result<(), RowError> {
        self.num(v)
    }

    fn serialize_u128(self, v: u128) -> Result<(), RowError> {
        self.num(v)
    }

    fn serialize_f32(self, v: f32) -> Result<(), RowError> {
        self.num(v)
    }

    fn serialize_f64(self, v: f64) -> Result<(), RowError> {
        self.num(v)
    }

    fn serialize_char(self, v: char) -> Result<(), RowError> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), RowError> {
        self.text(v)
    }

    fn collect_str<T: Display + ?Sized>(self, v: &T) -> Result<(), RowError> {
        if self.number { self.num(v) } else { self.text(&v.to_string()) }
    }

    fn serialize_none(self) -> Result<(), RowError> {
        self.text("")
    }

    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), RowError> {
        v.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), RowError> {
        self.text("")
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), RowError> {
        self.text("")
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), RowError> {
        self.text(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<(), RowError> {
        let number = self.number || name == NUMBER;
        v.serialize(Cell { table: self.table, number })
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), RowError> {
        not_a("an enum variant with data")
    }

    refuse! { "a list, map or struct":
        serialize_bytes(&[u8]) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize)
            -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize)
            -> Self::SerializeStructVariant;
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;
    use crate::output::CsvStyle;

    #[derive(Default, Serialize)]
    struct Row<'a> {
        text: &'a str,
        #[serde(rename = "match")]
        matched: String,
        missing: Option<&'a str>,
        present: Option<&'a str>,
        count: i64,
        fixed: Fixed<2>,
        number: Number<&'a str>,
        float: f64,
    }

    fn written(rows: &[Row]) -> String {
        let mut t = Table::new(Columns::<Row>::new(), CsvStyle::default());
        for r in rows {
            t.row(r);
        }
        String::from_utf8(t.into_bytes()).unwrap()
    }

    #[test]
    fn the_header_is_the_field_names_and_is_written_without_rows() {
        let names = ["text", "match", "missing", "present", "count", "fixed", "number", "float"];
        assert_eq!(columns::<Row>(), names);
        assert_eq!(written(&[]), format!("{}\n", names.join(",")));
    }

    /// Text cells that begin like a formula are guarded; numbers, however
    /// they are written, are not.
    #[test]
    fn text_is_guarded_and_negative_numbers_are_not() {
        let rows = [
            Row {
                text: "=1+1",
                matched: "-the minister".into(),
                missing: None,
                present: Some("@x"),
                count: -3,
                fixed: Fixed(-2.5),
                number: Number("-1.0e-7"),
                float: -0.5,
            },
            Row { text: "a, \"b\"", fixed: Fixed(-0.0001), ..Row::default() },
            Row { fixed: Fixed(f64::NAN), ..Row::default() },
        ];
        let csv = written(&rows);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[1], "'=1+1,'-the minister,,'@x,-3,-2.50,-1.0e-7,-0.5");
        // the csv crate does the quoting; no `-0`
        assert_eq!(lines[2], "\"a, \"\"b\"\"\",,,,0,0.00,,0");
        // NaN is an empty cell
        assert_eq!(lines[3], ",,,,0,,,0");
    }

    #[test]
    fn a_row_that_is_not_a_struct_of_cells_is_an_error() {
        #[derive(Serialize)]
        struct Nested {
            inner: Vec<u8>,
        }
        let mut t = Table::new(["inner"], CsvStyle::default());
        let err = t.try_row(&Nested { inner: vec![1] }).unwrap_err();
        assert!(err.to_string().contains("cannot be a table cell"), "{err}");
        let err = Table::new(["x"], CsvStyle::default()).try_row(&3).unwrap_err();
        assert!(err.to_string().contains("not a struct"), "{err}");

        #[derive(Serialize)]
        struct Skips {
            #[serde(skip_serializing_if = "Option::is_none")]
            x: Option<u8>,
        }
        let err = Table::new(["x"], CsvStyle::default()).try_row(&Skips { x: None }).unwrap_err();
        assert!(err.to_string().contains("every row has every column"), "{err}");
    }
}
