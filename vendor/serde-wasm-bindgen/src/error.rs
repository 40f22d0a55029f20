use wasm_bindgen::prelude::*;

/// A newtype that represents Serde errors as JavaScript exceptions.
#[derive(Debug)]
pub struct Error(JsValue);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        #[wasm_bindgen]
        extern "C" {
            #[wasm_bindgen(js_name = String)]
            pub fn to_string(value: &JsValue) -> String;
        }

        to_string(&self.0).fmt(f)
    }
}

impl std::error::Error for Error {}

impl Error {
    /// Creates a JavaScript `Error` with a given message.
    pub fn new<T: std::fmt::Display>(msg: T) -> Self {
        Error(JsError::new(&msg.to_string()).into())
    }
}

impl serde::ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error::new(msg)
    }
}

impl serde::de::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error::new(msg)
    }

    // Patched (see PATCHED.md): serde's default `invalid_type` and `invalid_value` print the
    // `Unexpected` value with its `Display`, whose `Float` arm links core's float formatting
    // (Grisu and Dragon, ~19 KB of wasm) into every program that decodes through this crate,
    // even one that never meets a float it can't take. Words of our own instead, as
    // serde_json does for floats; the numbers themselves are left out of the message.
    fn invalid_type(unexpected: serde::de::Unexpected, expected: &dyn serde::de::Expected) -> Self {
        Error::new(format_args!(
            "invalid type: {}, expected {}",
            describe(&unexpected),
            expected
        ))
    }

    fn invalid_value(unexpected: serde::de::Unexpected, expected: &dyn serde::de::Expected) -> Self {
        Error::new(format_args!(
            "invalid value: {}, expected {}",
            describe(&unexpected),
            expected
        ))
    }
}

/// What an unexpected value was, without printing a float (see `invalid_type`). The
/// Deserializer meets only what a JS value can be (`null`, a boolean, a number, a string, a
/// byte array, something else named in `Other`); visitors may name the rest.
fn describe(unexpected: &serde::de::Unexpected) -> String {
    use serde::de::Unexpected;
    match *unexpected {
        Unexpected::Bool(b) => format!("boolean `{}`", b),
        Unexpected::Unsigned(n) => format!("integer `{}`", n),
        Unexpected::Signed(n) => format!("integer `{}`", n),
        Unexpected::Str(s) => format!("string {:?}", s),
        Unexpected::Other(other) => other.into(),
        Unexpected::Float(_) => "a floating point number".into(),
        Unexpected::Unit => "null".into(),
        Unexpected::Bytes(_) => "byte array".into(),
        _ => "a value of another kind".into(),
    }
}

/// This conversion is needed for `?` to just work when using wasm-bindgen
/// imports that return JavaScript exceptions as `Result<T, JsValue>`.
impl From<JsValue> for Error {
    fn from(error: JsValue) -> Error {
        Error(error)
    }
}

// This conversion is needed for `?` to just work in wasm-bindgen exports
// that return `Result<T, JsValue>` to throw JavaScript exceptions.
impl From<Error> for JsValue {
    fn from(error: Error) -> JsValue {
        error.0
    }
}
