//! Networks that fail after Zendesk committed, answers too large to read, and Zendesk's
//! `X-Zendesk-API-Warn`: each checked at the HTTP or TCP level.

mod common;
use common::*;
use serde_json::json;
use std::time::Duration;

/// Sends `request` and reads at most `max` bytes of the answer (or until `wait` passes):
/// `(bytes, closed)`.
async fn read_some(addr: &str, request: &[u8], max: usize, wait: Duration) -> (Vec<u8>, bool) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut got = Vec::new();
    let mut chunk = [0u8; 65536];
    let deadline = tokio::time::Instant::now() + wait;
    while got.len() < max {
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (got, true),
            Ok(Ok(n)) => got.extend_from_slice(&chunk[..n]),
            Err(_) => break,
        }
    }
    (got, false)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

#[tokio::test]
async fn drop_after_commit_with_no_response_applies_the_write_and_sends_nothing() {
    let s = start().await;
    let armed = s
        .ctl(
            "POST",
            "/faults",
            Some(json!({"method": "POST", "path": "/api/v2/requests", "kind": "drop_after_commit", "response": "none"})),
        )
        .await;
    assert_eq!(armed.status, 201);
    assert_eq!(armed.json()["fault"]["response"], "none");
    let body = json!({"request": {"subject": "filed but unanswered", "comment": {"body": "x"}, "custom_fields": [{"id": 21, "value": "other"}]}}).to_string();
    let (got, closed) = raw(
        &s.api_addr(),
        &raw_request("POST", "/api/v2/requests.json", "ada-token", &body),
        Duration::from_secs(5),
    )
    .await;
    assert!(closed, "the connection closed");
    assert!(got.is_empty(), "not one byte of the answer: {got:?}");
    // Zendesk committed: the request exists.
    let found = s
        .get(
            "/api/v2/requests/search?query=filed%20but%20unanswered",
            "ada-token",
        )
        .await
        .json();
    assert_eq!(found["count"], 1);
    let calls = s.ctl("GET", "/calls", None).await.json();
    let post = calls["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .find(|c| c["method"] == "POST")
        .expect("the POST is logged")
        .clone();
    assert!(post["status"].is_null(), "no status: nothing was answered");
    // The default shape is still "headers, then the body cut".
    s.ctl(
        "POST",
        "/faults",
        Some(json!({"method": "POST", "path": "/api/v2/requests", "kind": "drop_after_commit"})),
    )
    .await;
    let (got, closed) = raw(
        &s.api_addr(),
        &raw_request("POST", "/api/v2/requests.json", "ada-token", &body),
        Duration::from_secs(5),
    )
    .await;
    let text = String::from_utf8_lossy(&got);
    assert!(closed && text.starts_with("HTTP/1.1 201"), "{text}");
    s.stop().await;
}

#[tokio::test]
async fn oversize_answers_never_end() {
    let s = start().await;
    for (framing, length, chunked) in [
        ("content_length", Some("1099511627776"), false),
        ("chunked", None, true),
    ] {
        s.ctl(
            "POST",
            "/faults",
            Some(json!({"path": "/api/v2/requests/101", "kind": "oversize", "framing": framing})),
        )
        .await;
        let (got, closed) = read_some(
            &s.api_addr(),
            &raw_request("GET", "/api/v2/requests/101.json", "ada-token", ""),
            2 << 20,
            Duration::from_secs(10),
        )
        .await;
        assert!(!closed, "{framing}: still streaming");
        let text = String::from_utf8_lossy(&got);
        let (head, body) = text.split_once("\r\n\r\n").expect("headers");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert_eq!(header(head, "content-length"), length, "{framing}");
        assert_eq!(
            header(head, "transfer-encoding") == Some("chunked"),
            chunked,
            "{framing}"
        );
        assert!(
            header(head, "access-control-allow-origin").is_some(),
            "{framing}: readable cross-origin"
        );
        assert!(
            body.len() > 1 << 20,
            "{framing}: more than a MiB and counting"
        );
        assert!(body.contains(r#"{"id":1},{"id":1}"#));
    }
    s.stop().await;
}

#[tokio::test]
async fn removed_keys_are_reported_in_x_zendesk_api_warn() {
    let s = start().await;
    let r = s
        .call(
            "PUT",
            "/api/v2/requests/101.json",
            Some("Bearer ada-token"),
            Some(
                json!({"request": {"comment": {"body": "with a stray key"}, "priority": "urgent"}}),
            ),
        )
        .await;
    assert_eq!(r.status, 200, "the rest of the call is processed");
    assert_eq!(
        r.header("x-zendesk-api-warn"),
        Some(
            r#"Removed restricted keys ["request.priority"] from parameters according to allowlist"#
        )
    );
    assert!(r
        .header("access-control-expose-headers")
        .is_some_and(|h| h.contains("X-Zendesk-API-Warn")));
    assert_eq!(r.json()["request"]["priority"], serde_json::Value::Null);
    // What the widget sends carries no warning.
    let r = s
        .call(
            "PUT",
            "/api/v2/requests/101.json",
            Some("Bearer ada-token"),
            Some(json!({"request": {"comment": {"body": "clean"}}})),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.header("x-zendesk-api-warn")),
        (200, None)
    );
    let r = s
        .call(
            "POST",
            "/api/v2/requests",
            Some("Bearer ada-token"),
            Some(json!({"request": {"subject": "s", "comment": {"body": "b"}, "custom_fields": [{"id": 21, "value": "other"}], "non_existent_field": "42"}})),
        )
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(
        r.header("x-zendesk-api-warn"),
        Some(
            r#"Removed restricted keys ["request.non_existent_field"] from parameters according to allowlist"#
        )
    );
    s.stop().await;
}
