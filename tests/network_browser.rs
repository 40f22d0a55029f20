//! Hostile networks in Chromium against the simulator: answers too large to read (with and
//! without `Content-Length`), Zendesk's `X-Zendesk-API-Warn` read through CORS and passed on
//! to the console once, and what Chromium itself does when a connection closes with no answer
//! after Zendesk committed a write.
#![cfg(target_arch = "wasm32")]

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{json, Value};
use support::{calls, fault, reset, SIM};
use support_widget::api::classify::HttpResponse;
use support_widget::api::transport::{Cookies, HttpBody, HttpRequest, Method, TransportError};
use support_widget::api::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn config() -> ClientConfig {
    let mut config = ClientConfig::new(ZendeskOrigin::from_base_url(SIM).unwrap());
    config.retry.base_ms = 50;
    config.retry.cap_ms = 200;
    config.retry.max_retries = 1;
    config.timeout_ms = 20_000;
    config
}

fn ada() -> Identity {
    Identity::Bearer(TokenSource::new(|| async {
        Ok(Some("ada-token".to_string()))
    }))
}

fn bearer() -> BrowserClient {
    Client::new(config(), ada(), BrowserTransport::new())
}

/// A signed-in call that Zendesk's address answers with a redirect (a proxy, a mapped domain,
/// a moved account) is refused, not followed: the bearer token goes nowhere else, even to
/// another path of the same host.
#[wasm_bindgen_test]
async fn a_redirect_is_refused_and_never_followed_with_the_token() {
    reset().await;
    let client = bearer();
    let elsewhere = format!("{SIM}/api/v2/requests/102.json");
    fault(json!({"method": "GET", "path": "/api/v2/requests/101", "count": 5, "kind": "redirect", "location": elsewhere})).await;
    let error = client.show_request(101).await.unwrap_err();
    assert_eq!(error, ApiError::RedirectRefused);
    assert_eq!(
        error.to_string(),
        "Zendesk answered with an unexpected redirect."
    );
    assert!(!calls("GET", "/api/v2/requests/101").await.is_empty());
    assert!(
        calls("GET", "/api/v2/requests/102").await.is_empty(),
        "the redirect was not followed"
    );
}

#[wasm_bindgen_test]
async fn an_oversized_answer_is_refused_with_a_clear_message() {
    reset().await;
    let client = bearer();
    // An endless body behind a 1 TiB Content-Length is refused before reading; an endless
    // chunked one is cut off at the cap. Reading either to the end would never finish.
    for framing in ["content_length", "chunked"] {
        fault(json!({"method": "GET", "path": "/api/v2/requests/101", "count": 2, "kind": "oversize", "framing": framing})).await;
        let error = client.show_request(101).await.unwrap_err();
        assert_eq!(
            error,
            ApiError::ResponseTooLarge { status: 200 },
            "{framing}"
        );
        assert_eq!(error.to_string(), "Zendesk's answer was too large to read.");
        assert_eq!(
            calls("GET", "/api/v2/requests/101").await.len(),
            if framing == "chunked" { 2 } else { 1 },
            "not retried: it would be as large again"
        );
        support::clear_calls().await;
        support::control("DELETE", "/__sim/faults", None).await;
        // The next answer is read normally.
        assert_eq!(client.show_request(101).await.unwrap().request.id, 101);
    }
    // Uploads go through XMLHttpRequest (for progress): the same cap applies there.
    fault(json!({"method": "POST", "path": "/api/v2/uploads", "kind": "oversize", "framing": "chunked"})).await;
    let file = FileToUpload {
        file_name: "a.txt".into(),
        content_type: "text/plain".into(),
        data: web_sys::Blob::new_with_str_sequence(&js_sys::Array::of1(&"a".into())).unwrap(),
    };
    let progress: support_widget::api::transport::ProgressCallback = Rc::new(|_, _| {});
    let error = client
        .upload_file(&file, None, Some(progress))
        .await
        .unwrap_err();
    assert_eq!(error, ApiError::ResponseTooLarge { status: 201 });
}

/// Adds a key Zendesk doesn't take to every JSON body: what a Zendesk change or a widget bug
/// would look like from the page.
struct StrayKeyTransport(BrowserTransport);

impl Transport for StrayKeyTransport {
    async fn send(&self, mut request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if let HttpBody::Json(json) = &request.body {
            let mut body: Value = serde_json::from_str(json).unwrap();
            body["request"]["non_existent_field"] = json!("42");
            request.body = HttpBody::Json(body.to_string());
        }
        self.0.send(request).await
    }
    async fn sleep(&self, ms: u64) {
        self.0.sleep(ms).await
    }
    fn is_online(&self) -> bool {
        self.0.is_online()
    }
    async fn wait_for_online(&self, max_ms: u64) -> bool {
        self.0.wait_for_online(max_ms).await
    }
    fn now_ms(&self) -> u64 {
        self.0.now_ms()
    }
    fn random(&self) -> f64 {
        self.0.random()
    }
    fn warn(&self, message: &str) {
        self.0.warn(message)
    }
}

/// Replaces `console.warn` while alive, keeping what it was given.
struct ConsoleWarnings {
    original: JsValue,
    seen: Rc<RefCell<Vec<String>>>,
    _recorder: Closure<dyn Fn(JsValue)>,
}

impl ConsoleWarnings {
    fn capture() -> Self {
        let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
        let original = js_sys::Reflect::get(&console, &"warn".into()).unwrap();
        let seen = Rc::new(RefCell::new(Vec::new()));
        let recorder = {
            let seen = Rc::clone(&seen);
            Closure::<dyn Fn(JsValue)>::new(move |message: JsValue| {
                seen.borrow_mut()
                    .push(message.as_string().unwrap_or_default());
            })
        };
        js_sys::Reflect::set(&console, &"warn".into(), recorder.as_ref()).unwrap();
        Self {
            original,
            seen,
            _recorder: recorder,
        }
    }
}

impl Drop for ConsoleWarnings {
    fn drop(&mut self) {
        let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
        js_sys::Reflect::set(&console, &"warn".into(), &self.original).unwrap();
    }
}

#[wasm_bindgen_test]
async fn zendesk_warnings_are_read_through_cors_and_logged_once() {
    reset().await;
    // The header itself, as the browser lets the page read it (CORS exposes it).
    let answer = BrowserTransport::new()
        .send(HttpRequest {
            method: Method::Put,
            url: format!("{SIM}/api/v2/requests/101.json"),
            headers: vec![
                ("Accept", "application/json".into()),
                ("Content-Type", "application/json".into()),
                ("Authorization", "Bearer ada-token".into()),
            ],
            body: HttpBody::Json(
                json!({"request": {"comment": {"body": "hi"}, "status": "solved"}}).to_string(),
            ),
            cookies: Cookies::Omit,
            credentialed: true,
            timeout_ms: 10_000,
            progress: None,
        })
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.api_warn.as_deref(),
        Some(
            r#"Removed restricted keys ["request.status"] from parameters according to allowlist"#
        )
    );

    // Through the client: written to the console once, however often it comes back.
    let console = ConsoleWarnings::capture();
    let client = Client::new(config(), ada(), StrayKeyTransport(BrowserTransport::new()));
    for body in ["first", "second"] {
        let reply = RequestUpdate::reply(NewComment::text(body));
        client.update_request(101, &reply).await.unwrap();
    }
    let seen = console.seen.borrow().clone();
    drop(console);
    assert_eq!(
        seen,
        vec![r#"support-widget: Zendesk answered PUT /api/v2/requests/101.json with X-Zendesk-API-Warn: Removed restricted keys ["request.non_existent_field"] from parameters according to allowlist"#.to_string()]
    );
}

/// What Chromium does when a connection it reused closes before any byte of the answer
/// (`HttpNetworkTransaction::ShouldResendRequest`: a reused connection and no response
/// headers): it sends the request again by itself on a new connection. The client sent one
/// create; Zendesk got two and the page only ever sees the second answer.
#[wasm_bindgen_test]
async fn a_reused_connection_closed_with_no_answer_is_resent_by_the_browser() {
    reset().await;
    let client = bearer();
    // A read first, so the create goes out on a kept-alive connection.
    client.show_request(101).await.unwrap();
    fault(json!({"method": "POST", "path": "/api/v2/requests", "kind": "drop_after_commit", "response": "none"})).await;
    let created = client
        .create_request(&NewRequest {
            subject: Some("Sent once, filed twice".into()),
            comment: NewComment::text("One click"),
            ticket_form_id: Some(10),
            custom_fields: vec![FieldValue {
                id: 21,
                value: json!("technical"),
            }],
            ..NewRequest::default()
        })
        .await
        .expect("the browser's resend got an answer");
    let posts = calls("POST", "/api/v2/requests").await;
    assert_eq!(posts.len(), 2, "Zendesk received the create twice");
    assert!(posts[0]["status"].is_null() && posts[1]["status"] == 201);
    let sort = Some(RequestSort {
        by: SortBy::CreatedAt,
        descending: true,
    });
    let page = client
        .list_requests(RequestFilter::All, sort, &PageRequest::first(5))
        .await
        .unwrap();
    let twins: Vec<u64> = page
        .items
        .iter()
        .filter(|r| r.subject.as_deref() == Some("Sent once, filed twice"))
        .map(|r| r.id)
        .collect();
    assert_eq!(twins.len(), 2, "two requests exist");
    assert!(twins.contains(&created.id));
}
