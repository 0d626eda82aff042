//! community-forms: exact, field-level validation and calculation for the forms of Chinese
//! civil-affairs policy on community service facilities.
//!
//! One operation everywhere: [`evaluate`] a form's values (a JSON object of what the user typed)
//! into the result of `INTERFACE.md`. Forms are declarative specs (`src/forms/*.json`), loaded
//! and checked (names, types, units, cycles) before anything runs; a [`Session`] re-evaluates
//! incrementally as the user types.

/// A fieldless enum together with `ALL`, its variants in declaration order (precompiled forms
/// store a variant as its index), so that the list can never fall behind the enum.
macro_rules! listed_enum {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($(#[$vm:meta])* $v:ident),* $(,)? }) => {
        $(#[$m])* $vis enum $name { $($(#[$vm])* $v),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),*];
        }
    };
}

pub mod csv;
#[cfg(feature = "compiler")]
pub mod docs;
pub mod engine;
pub mod format;
pub mod forms;
pub mod formula;
mod hash;
pub mod json;
pub mod messages;
#[cfg(any(test, all(target_arch = "wasm32", feature = "small-alloc")))]
mod small_alloc;
mod sort;
pub mod spec;
#[cfg(test)]
mod testing;
pub mod units;
pub mod value;
pub mod wire;

#[cfg(target_arch = "wasm32")]
mod wasm;

use std::cell::{OnceCell, RefCell};
use std::fmt;
use std::rc::Rc;

pub use engine::{At, Delta, Issue, Session};
pub use format::Locale;
pub use spec::{Form, SpecError};

/// Largest values document accepted by [`evaluate`], in bytes.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Options of [`evaluate`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub locale: Locale,
    /// Add `"explanations"`: the working of every computed value.
    pub explain: bool,
}

/// Why `evaluate` could not run at all (as opposed to finding problems in the values).
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// No form with this id is loaded.
    UnknownForm(String),
    /// The values are not a JSON document.
    BadJson(json::JsonError),
    /// The values document is longer than `MAX_INPUT_BYTES`; its length.
    TooLarge(usize),
    /// A spec was refused.
    Spec(SpecError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownForm(id) => {
                write!(f, "unknown form `{id}`; `community-forms forms` lists them")
            }
            Error::BadJson(e) => write!(f, "the values are not valid JSON: {e}"),
            Error::TooLarge(n) => {
                write!(f, "the values are not valid JSON: document too large ({n} bytes; at most {MAX_INPUT_BYTES})")
            }
            Error::Spec(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The error in `locale` (the English is `Display`'s; a spec's errors are for whoever wrote
    /// the spec and stay in English). Only the command line asks for the Chinese.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            _ if locale.is_en() => self.to_string(),
            Error::UnknownForm(id) => format!("没有名为“{id}”的表单；`community-forms forms` 可列出全部表单"),
            Error::BadJson(e) => format!("不是有效的 JSON 文档（{}）", e.message(locale)),
            Error::TooLarge(n) => format!("文档过大（{n} 字节，至多 {MAX_INPUT_BYTES} 字节）"),
            Error::Spec(e) => e.to_string(),
        }
    }
}

impl From<SpecError> for Error {
    fn from(e: SpecError) -> Self {
        Error::Spec(e)
    }
}

struct Entry {
    id: String,
    source: Src,
    form: OnceCell<Result<Rc<Form>, SpecError>>,
}

/// What a form is made from.
enum Src {
    /// A spec (JSON text), compiled on first use.
    #[cfg(feature = "compiler")]
    Json(Rc<str>),
    /// A precompiled form (`wire.rs`), read on first use (the built-in forms of a build without
    /// the compiler).
    #[cfg_attr(feature = "compiler", allow(dead_code))]
    Wire(Rc<[u8]>),
    /// Added already compiled.
    Ready,
}

/// The forms known to this process: the built-ins, and any spec loaded at run time (which
/// replaces a built-in of the same id). Specs compile on first use.
pub struct Registry {
    entries: Vec<Entry>,
    /// Forms being compiled right now: a reference back to one of them is a cycle.
    loading: RefCell<Vec<String>>,
}

impl spec::Resolver for Registry {
    fn form(&self, id: &str) -> Result<Rc<Form>, String> {
        self.get(id).map_err(|e| match e {
            Error::Spec(s) => format!("the referenced form does not load: {s}"),
            other => other.to_string(),
        })
    }

    fn data(&self, name: &str) -> Option<json::Value> {
        #[cfg(feature = "compiler")]
        return forms::BUILTIN_DATA.iter().find(|(n, _)| *n == name).and_then(|(_, text)| json::parse(text).ok());
        #[cfg(not(feature = "compiler"))]
        {
            let _ = name;
            None
        }
    }
}

impl Default for Registry {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Registry {
    /// The built-in forms.
    #[cfg(feature = "compiler")]
    pub fn builtin() -> Registry {
        let entry = |(id, text): &(&str, &str)| Entry {
            id: (*id).to_string(),
            source: Src::Json(Rc::from(*text)),
            form: OnceCell::new(),
        };
        Registry { entries: forms::BUILTIN.iter().map(entry).collect(), loading: RefCell::new(Vec::new()) }
    }

    /// The built-in forms, precompiled (the browser package's are an empty bundle: its loader
    /// adds them, `add_bundle`).
    #[cfg(not(feature = "compiler"))]
    pub fn builtin() -> Registry {
        let mut reg = Registry { entries: Vec::new(), loading: RefCell::new(Vec::new()) };
        reg.add_bundle(forms::BUILTIN_WIRE);
        reg
    }

    /// Loads a spec (JSON text) at run time; returns its id. Refused specs change nothing.
    #[cfg(feature = "compiler")]
    pub fn add_spec(&mut self, text: &str) -> Result<Rc<Form>, SpecError> {
        let form = Rc::new(spec::compile::compile_json_with(text, self)?);
        self.put(form.clone(), Src::Json(Rc::from(text)));
        Ok(form)
    }

    /// Adds the forms of a bundle (`community-forms precompile --forms …`: the browser package
    /// carries its built-in forms this way, beside its code), each read on its first use like a
    /// built-in form; a form of the same id is replaced. Returns how many it added, or `None`
    /// (and nothing added) when the bytes are not a bundle.
    pub fn add_bundle(&mut self, bytes: &[u8]) -> Option<usize> {
        let forms = wire::read_bundle(bytes)?;
        let n = forms.len();
        for (id, form) in forms {
            self.insert(Entry { id, source: Src::Wire(Rc::from(form)), form: OnceCell::new() });
        }
        Some(n)
    }

    /// Loads a form precompiled by `community-forms precompile <spec.json>`; returns it.
    pub fn add_compiled(&mut self, bytes: &[u8]) -> Result<Rc<Form>, SpecError> {
        let form = Rc::new(wire::decode_form(bytes, self)?);
        self.put(form.clone(), Src::Ready);
        Ok(form)
    }

    fn put(&mut self, form: Rc<Form>, source: Src) {
        let cell = OnceCell::new();
        let _ = cell.set(Ok(form.clone()));
        self.insert(Entry { id: form.id.clone(), source, form: cell });
    }

    /// An entry in place of the one of the same id, or after the others.
    fn insert(&mut self, entry: Entry) {
        match self.entries.iter_mut().find(|e| e.id == entry.id) {
            Some(e) => *e = entry,
            None => self.entries.push(entry),
        }
    }

    /// The ids of every form, in catalogue order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.id.as_str())
    }

    /// A compiled form.
    pub fn get(&self, id: &str) -> Result<Rc<Form>, Error> {
        let entry = self.entries.iter().find(|e| e.id == id).ok_or_else(|| Error::UnknownForm(id.to_string()))?;
        if let Some(done) = entry.form.get() {
            return done.clone().map_err(Error::Spec);
        }
        if self.loading.borrow().iter().any(|l| l == id) {
            let chain = crate::format::join(&self.loading.borrow(), " → ");
            return Err(Error::Spec(SpecError {
                spec: id.to_string(),
                location: String::new(),
                formula: None,
                message: format!("forms reference each other in a cycle: {chain} → {id}"),
            }));
        }
        self.loading.borrow_mut().push(id.to_string());
        let compiled = match &entry.source {
            #[cfg(feature = "compiler")]
            Src::Json(text) => spec::compile::compile_json_with(text, self).map(Rc::new),
            Src::Wire(bytes) => wire::decode_form(bytes, self).map(Rc::new),
            Src::Ready => Err(SpecError {
                spec: id.to_string(),
                location: String::new(),
                formula: None,
                message: "the form was not kept".into(),
            }),
        };
        self.loading.borrow_mut().pop();
        // Kept for the next call (`set`, not `get_or_init`: the cell is empty here, the cycle
        // check above sees to it, and `get_or_init`'s own reentrancy check is 0.9 KB of wasm).
        let _ = entry.form.set(compiled.clone());
        compiled.map_err(Error::Spec)
    }

    /// The spec text of a form, as loaded (not for forms loaded precompiled).
    pub fn spec_text(&self, id: &str) -> Option<&str> {
        match &self.entries.iter().find(|e| e.id == id)?.source {
            #[cfg(feature = "compiler")]
            Src::Json(text) => Some(text),
            _ => None,
        }
    }

    /// Evaluates a values document (JSON text) against a form; returns the result JSON.
    pub fn evaluate(&self, form_id: &str, values: &str, options: Options) -> Result<String, Error> {
        let form = self.get(form_id)?;
        let values = parse_values(values)?;
        Ok(evaluate_form(form, &values, options))
    }
}

/// Reads a values document. JSON numbers keep their text (never read through f64).
pub fn parse_values(text: &str) -> Result<json::Value, Error> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Error::TooLarge(text.len()));
    }
    json::parse(text).map_err(Error::BadJson)
}

/// Evaluates parsed values against a compiled form.
pub fn evaluate_form(form: Rc<Form>, values: &json::Value, options: Options) -> String {
    let mut session = Session::new(form, options.locale);
    session.load(values);
    engine::json::result_json(&session, options.explain)
}

/// `evaluate(form_id, values) -> result` over the built-in forms (INTERFACE.md).
pub fn evaluate(form_id: &str, values: &str, options: Options) -> Result<String, Error> {
    Registry::builtin().evaluate(form_id, values, options)
}
