//! The browser [`Transport`]: gloo-net's `fetch` for every call, timers via `setTimeout`,
//! `navigator.onLine`.
//!
//! * Every call has a deadline enforced with an `AbortController` (or the XHR `timeout`), and
//!   dropping the call's future aborts it, so a screen that goes away cancels its requests.
//! * Credentialed calls use `redirect: "manual"`: a redirect arrives as an opaque-redirect
//!   response (status 0) that is reported as [`ApiError::RedirectRefused`] instead of being
//!   followed with the `Authorization` header. (`"error"` would also stop it, but would look
//!   exactly like a dropped connection and be retried.)
//!
//! [`ApiError::RedirectRefused`]: super::ApiError::RedirectRefused

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{self, RequestBuilder};
use js_sys::{Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AddEventListenerOptions, ProgressEvent, RequestCredentials, RequestMode,
    RequestRedirect, ResponseType, Window, XmlHttpRequest,
};

use super::capped_read::{read_capped, BodyRead};
use super::classify::HttpResponse;
use super::response_cap::BodyCap;
use super::transport::{Cookies, HttpBody, HttpRequest, Method, Transport, TransportError};

#[wasm_bindgen(module = "/loader/early.js")]
extern "C" {
    /// The read `loader/early.js` started for `url` with this `Authorization` (or none) while
    /// the wasm downloaded, handed over once and tied to `signal`; `None` when it started none.
    #[wasm_bindgen(js_name = take)]
    fn take_early_read(
        url: &str,
        authorization: Option<&str>,
        signal: &web_sys::AbortSignal,
    ) -> Option<Promise>;
}

/// fetch/XMLHttpRequest in the page's window.
#[derive(Debug, Clone, Default)]
pub struct BrowserTransport {
    _private: (),
}

impl BrowserTransport {
    /// The transport of the current window.
    pub fn new() -> Self {
        Self::default()
    }
}

fn window() -> Result<Window, TransportError> {
    // Without a window (e.g. a worker) there is nothing to send with; nothing was sent.
    web_sys::window().ok_or(TransportError::Offline)
}

impl Transport for BrowserTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        // gloo-net's `header` throws into JavaScript on a value the browser refuses, so such a
        // call stops here, before anything is sent.
        if !request.headers_are_sendable() {
            return Err(TransportError::Offline);
        }
        match (&request.body, &request.progress) {
            (HttpBody::File { .. }, Some(_)) => send_with_xhr(request).await,
            _ => send_with_fetch(request).await,
        }
    }

    async fn sleep(&self, ms: u64) {
        let Ok(window) = window() else { return };
        let delay = i32::try_from(ms).unwrap_or(i32::MAX);
        let mut timer = None;
        let promise = Promise::new(&mut |resolve, _reject| {
            timer = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay)
                .ok();
        });
        let _cleanup = WaitCleanup {
            window,
            timer,
            online: None,
        };
        let _ = JsFuture::from(promise).await;
    }

    fn is_online(&self) -> bool {
        web_sys::window().is_none_or(|window| window.navigator().on_line())
    }

    async fn wait_for_online(&self, max_ms: u64) -> bool {
        let Ok(window) = window() else { return false };
        let delay = i32::try_from(max_ms).unwrap_or(i32::MAX);
        let (mut timer, mut online) = (None, None);
        let promise = Promise::new(&mut |resolve, _reject| {
            let options = AddEventListenerOptions::new();
            options.set_once(true);
            let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
                "online", &resolve, &options,
            );
            timer = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay)
                .ok();
            online = Some(resolve);
        });
        let _cleanup = WaitCleanup {
            window,
            timer,
            online,
        };
        let _ = JsFuture::from(promise).await;
        self.is_online()
    }

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    fn warn(&self, message: &str) {
        web_sys::console::warn_1(&message.into());
    }
}

/// Clears a wait's timer and removes its `online` listener when the wait ends or its future
/// is dropped (a widget unmounted mid-backoff), so nothing stays on the host's window.
struct WaitCleanup {
    window: Window,
    timer: Option<i32>,
    online: Option<js_sys::Function>,
}

impl Drop for WaitCleanup {
    fn drop(&mut self) {
        if let Some(timer) = self.timer {
            self.window.clear_timeout_with_handle(timer);
        }
        if let Some(online) = &self.online {
            let _ = self
                .window
                .remove_event_listener_with_callback("online", online);
        }
    }
}

/// Aborts the fetch and clears its deadline timer when the call's future is dropped early.
/// Owns the deadline closure so it is freed with the call (a `once_into_js` closure that
/// never runs would leak on every call that beats its deadline).
struct FetchGuard {
    controller: AbortController,
    window: Window,
    timer: i32,
    finished: bool,
    _on_deadline: Closure<dyn FnMut()>,
}

impl Drop for FetchGuard {
    fn drop(&mut self) {
        self.window.clear_timeout_with_handle(self.timer);
        if !self.finished {
            self.controller.abort();
        }
    }
}

async fn send_with_fetch(request: HttpRequest) -> Result<HttpResponse, TransportError> {
    let window = window()?;
    let controller = AbortController::new().map_err(|_| TransportError::Offline)?;
    let mut builder = RequestBuilder::new(&request.url)
        .method(match request.method {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
            Method::Put => http::Method::PUT,
            Method::Delete => http::Method::DELETE,
        })
        .mode(RequestMode::Cors)
        .abort_signal(Some(&controller.signal()))
        .credentials(match request.cookies {
            Cookies::Omit => RequestCredentials::Omit,
            Cookies::SameOrigin => RequestCredentials::SameOrigin,
        });
    if request.credentialed {
        builder = builder.redirect(RequestRedirect::Manual);
    }
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    // A request the browser refuses to build (a malformed URL) was never sent.
    let outgoing = match &request.body {
        HttpBody::Empty => builder.build(),
        HttpBody::Json(json) => builder.body(json.as_str()),
        HttpBody::File { content_type, data } => builder
            .header("Content-Type", content_type)
            .body(data.clone()),
    }
    .map_err(|_| TransportError::Offline)?;

    // The deadline aborts the fetch; the flag tells a timeout from a cancelled call.
    let timed_out = Rc::new(Cell::new(false));
    let on_deadline = {
        let timed_out = Rc::clone(&timed_out);
        let controller = controller.clone();
        Closure::<dyn FnMut()>::new(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_deadline.as_ref().unchecked_ref::<Function>(),
            i32::try_from(request.timeout_ms).unwrap_or(i32::MAX),
        )
        .map_err(|_| TransportError::Offline)?;
    let mut guard = FetchGuard {
        controller,
        window,
        timer,
        finished: false,
        _on_deadline: on_deadline,
    };

    let failure = || {
        if timed_out.get() {
            TransportError::Timeout
        } else {
            TransportError::Network
        }
    };
    // A read the loader started at the tap (`loader/early.js`) stands for this call's fetch
    // when it asked for exactly this URL with exactly this `Authorization` (none, or the
    // bearer token the host gave at the tap); never for a session-cookie call.
    let early = (request.method == Method::Get
        && request.cookies == Cookies::Omit
        && matches!(request.body, HttpBody::Empty))
    .then(|| {
        take_early_read(
            &request.url,
            request.header("Authorization"),
            &guard.controller.signal(),
        )
    })
    .flatten();
    let response = match early {
        Some(read) => JsFuture::from(read)
            .await
            .map(|value| http::Response::from(value.unchecked_into::<web_sys::Response>()))
            .map_err(|_| ()),
        None => outgoing.send().await.map_err(|_| ()),
    }
    .map_err(|()| failure())?;
    if response.type_() == ResponseType::Opaqueredirect {
        guard.finished = true;
        return Ok(HttpResponse {
            status: 0,
            ..HttpResponse::default()
        });
    }
    let headers = response.headers();
    let mut answer = HttpResponse {
        status: response.status(),
        content_type: headers.get("Content-Type"),
        retry_after: headers.get("Retry-After"),
        date: headers.get("Date"),
        user_id: headers
            .get("X-Zendesk-User-Id")
            .and_then(|id| id.trim().parse().ok()),
        api_warn: headers.get("X-Zendesk-API-Warn"),
        ..HttpResponse::default()
    };
    // The body can still fail to arrive (connection dropped mid-body): that is a network
    // failure, since we can't know what the server said. Too large: refused unread, or cut
    // off as it streams (the guard then aborts the rest). The cap reads the stream itself,
    // so it takes the web-sys response under gloo-net's.
    let response = web_sys::Response::from(response);
    match read_capped(&response).await.map_err(|_| failure())? {
        BodyRead::Text(body) => {
            guard.finished = true;
            answer.body = body;
        }
        BodyRead::TooLarge => answer.body_too_large = true,
    }
    Ok(answer)
}

/// Aborts the XHR when the call's future is dropped early, after detaching the handlers
/// (their closures are dropped right after this guard).
struct XhrGuard {
    xhr: XmlHttpRequest,
    finished: bool,
}

impl Drop for XhrGuard {
    fn drop(&mut self) {
        self.xhr.set_onprogress(None);
        self.xhr.set_onload(None);
        self.xhr.set_onerror(None);
        self.xhr.set_ontimeout(None);
        self.xhr.set_onabort(None);
        if let Ok(upload) = self.xhr.upload() {
            upload.set_onprogress(None);
        }
        if !self.finished {
            let _ = self.xhr.abort();
        }
    }
}

/// An upload that reports progress. Neither fetch nor gloo-net can tell how much of a request
/// body has been sent, only `XMLHttpRequest.upload` can, so this one call stays on web-sys.
/// XMLHttpRequest can't refuse redirects either: browsers drop `Authorization` on cross-origin
/// redirects, and a credentialed upload whose final URL differs from the one requested is
/// reported as a refused redirect.
async fn send_with_xhr(request: HttpRequest) -> Result<HttpResponse, TransportError> {
    let HttpBody::File { content_type, data } = &request.body else {
        return send_with_fetch(request).await;
    };
    let xhr = XmlHttpRequest::new().map_err(|_| TransportError::Offline)?;
    xhr.open_with_async(request.method.as_str(), &request.url, true)
        .map_err(|_| TransportError::Offline)?;
    for (name, value) in &request.headers {
        xhr.set_request_header(name, value)
            .map_err(|_| TransportError::Offline)?;
    }
    xhr.set_request_header("Content-Type", content_type)
        .map_err(|_| TransportError::Offline)?;
    xhr.set_timeout(request.timeout_ms);

    // Declared before the guard so they outlive it: the guard detaches them first.
    let progress_handler = request.progress.clone().map(|progress| {
        Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            progress(event.loaded() as u64, event.total() as u64);
        })
    });
    let (done, outcome) = {
        let outcome = Rc::new(Cell::new(None::<TransportError>));
        let set = |failure: TransportError| {
            let outcome = Rc::clone(&outcome);
            move || outcome.set(Some(failure))
        };
        (
            [
                Closure::<dyn FnMut()>::new(set(TransportError::Network)),
                Closure::<dyn FnMut()>::new(set(TransportError::Timeout)),
                Closure::<dyn FnMut()>::new(set(TransportError::Cancelled)),
            ],
            outcome,
        )
    };
    let [on_error, on_timeout, on_abort] = &done;
    // The answer's size, checked as it arrives: its Content-Length first, then the running
    // total; over the cap, the rest is not downloaded.
    // (Its status is kept: an aborted request reports 0.)
    let too_large = Rc::new(Cell::new(None::<u16>));
    let download_handler = {
        let (xhr, too_large) = (xhr.clone(), Rc::clone(&too_large));
        Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            let status = xhr.status().unwrap_or(0);
            let mut cap = BodyCap::for_status(status);
            let declared = xhr.get_response_header("Content-Length").ok().flatten();
            let over = cap.check_declared(declared.as_deref()).is_err()
                || cap.reached(event.loaded() as u64).is_err();
            if over && too_large.replace(Some(status)).is_none() {
                let _ = xhr.abort();
            }
        })
    };
    let mut guard = XhrGuard {
        xhr: xhr.clone(),
        finished: false,
    };
    if let (Some(handler), Ok(upload)) = (&progress_handler, xhr.upload()) {
        upload.set_onprogress(Some(handler.as_ref().unchecked_ref()));
    }
    let finished = Promise::new(&mut |resolve, _reject| {
        // `loadend` fires after load, error, timeout and abort alike.
        let _ = xhr.add_event_listener_with_callback("loadend", &resolve);
    });
    xhr.set_onprogress(Some(download_handler.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(on_timeout.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    xhr.send_with_opt_blob(Some(data))
        .map_err(|_| TransportError::Offline)?;

    let _ = JsFuture::from(finished).await;
    guard.finished = true;
    if let Some(status) = too_large.get() {
        return Ok(HttpResponse {
            status,
            body_too_large: true,
            ..HttpResponse::default()
        });
    }
    if let Some(failure) = outcome.get() {
        return Err(failure);
    }
    let status = xhr.status().map_err(|_| TransportError::Network)?;
    if request.credentialed && !xhr.response_url().is_empty() && xhr.response_url() != request.url {
        return Ok(HttpResponse {
            status: 0,
            ..HttpResponse::default()
        });
    }
    // Only the headers CORS exposes are listed here; asking for any other one by name makes
    // Chromium log "Refused to get unsafe header" on the host page's console.
    let headers = xhr.get_all_response_headers().unwrap_or_default();
    Ok(HttpResponse {
        status,
        content_type: header_in(&headers, "content-type"),
        retry_after: header_in(&headers, "retry-after"),
        date: header_in(&headers, "date"),
        user_id: header_in(&headers, "x-zendesk-user-id").and_then(|id| id.trim().parse().ok()),
        api_warn: header_in(&headers, "x-zendesk-api-warn"),
        body: xhr.response_text().ok().flatten().unwrap_or_default(),
        body_too_large: false,
    })
}

/// A header's value from `getAllResponseHeaders()` text (`name: value` lines, lower-case names).
fn header_in(all: &str, name: &str) -> Option<String> {
    all.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}
