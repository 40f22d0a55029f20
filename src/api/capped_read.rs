//! Reading a `fetch` response body within its [`BodyCap`] (wasm only): `Content-Length` is
//! checked before the first byte is read, then the body is read chunk by chunk from its
//! stream with a running total, and abandoned (the stream cancelled) as soon as it passes the
//! cap. Any transport built on `fetch` calls [`read_capped`] with its `web_sys::Response`.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response};

use super::response_cap::BodyCap;

/// What reading a body gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyRead {
    /// The whole body, decoded as UTF-8 (invalid sequences replaced, a leading BOM dropped,
    /// as `Response.text()` does).
    Text(String),
    /// Over the cap: refused from `Content-Length`, or cut off while streaming.
    TooLarge,
}

/// Reads `response`'s body within the cap for its status. `Err` when the body failed to
/// arrive (the connection dropped mid-body, the call was aborted).
pub async fn read_capped(response: &Response) -> Result<BodyRead, JsValue> {
    let mut cap = BodyCap::for_status(response.status());
    let declared = response.headers().get("Content-Length").ok().flatten();
    let Some(stream) = response.body() else {
        return Ok(BodyRead::Text(String::new()));
    };
    if cap.check_declared(declared.as_deref()).is_err() {
        // Nothing read; the caller's abort (or this cancel) releases the connection.
        let _ = stream.cancel();
        return Ok(BodyRead::TooLarge);
    }
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        if Reflect::get(&chunk, &"done".into())?.is_truthy() {
            break;
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into())?.unchecked_into();
        let len = value.length() as usize;
        if cap.take(len).is_err() {
            let _ = reader.cancel();
            return Ok(BodyRead::TooLarge);
        }
        let start = bytes.len();
        bytes.resize(start + len, 0);
        value.copy_to(&mut bytes[start..]);
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Ok(BodyRead::Text(String::from_utf8_lossy(text).into_owned()))
}
