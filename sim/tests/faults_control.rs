//! The control API and injected faults (verified at the TCP level), persistence, the binary's
//! exit codes, and 1,000 sequential list calls.

mod common;
use common::*;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn drop_after_commit_applies_write_then_closes_mid_response() {
    let s = start().await;
    s.ctl(
        "POST",
        "/faults",
        Some(json!({"method": "PUT", "path": "/api/v2/requests/101", "kind": "drop_after_commit"})),
    )
    .await;
    let body = json!({"request": {"comment": {"body": "committed but unanswered"}}}).to_string();
    let (got, closed) = raw(
        &s.api_addr(),
        &raw_request("PUT", "/api/v2/requests/101.json", "ada-token", &body),
        Duration::from_secs(5),
    )
    .await;
    assert!(closed, "connection closed");
    let text = String::from_utf8_lossy(&got);
    let (head, rest) = text
        .split_once("\r\n\r\n")
        .expect("status line and headers arrive");
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_owned)
        })
        .expect("content-length")
        .trim()
        .parse()
        .expect("number");
    assert!(
        rest.len() < length,
        "the body is cut short: {} of {length}",
        rest.len()
    );
    // The write happened.
    let c = s
        .get(
            "/api/v2/requests/101/comments?sort_order=desc&per_page=1",
            "ada-token",
        )
        .await
        .json();
    assert_eq!(c["comments"][0]["body"], "committed but unanswered");
    // The call log shows it, with a null status.
    let calls = s.ctl("GET", "/calls", None).await.json();
    let put = calls["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .find(|c| c["method"] == "PUT")
        .expect("put")
        .clone();
    assert!(put["status"].is_null());
    assert_eq!(put["authorization"], "bearer");
    assert!(put["body"].as_str().expect("b").contains("committed"));
    // Fault consumed: the next call is normal.
    let r = s
        .call(
            "PUT",
            "/api/v2/requests/101",
            Some("Bearer ada-token"),
            Some(json!({"request": {"comment": {"body": "ok"}}})),
        )
        .await;
    assert_eq!(r.status, 200);
    s.stop().await;
}

#[tokio::test]
async fn drop_closes_before_applying() {
    let s = start().await;
    s.ctl(
        "POST",
        "/faults",
        Some(json!({"method": "POST", "path": "/api/v2/requests.json", "kind": "drop"})),
    )
    .await;
    let body = json!({"request": {"subject": "never stored", "comment": {"body": "x"}, "custom_fields": [{"id": 21, "value": "other"}]}}).to_string();
    let (got, closed) = raw(
        &s.api_addr(),
        &raw_request("POST", "/api/v2/requests.json", "ada-token", &body),
        Duration::from_secs(5),
    )
    .await;
    assert!(closed && got.is_empty());
    let v = s
        .get("/api/v2/requests/search?query=never%20stored", "ada-token")
        .await
        .json();
    assert_eq!(v["count"], 0);
    s.stop().await;
}

#[tokio::test]
async fn hang_never_answers_and_truncate_cuts_the_body() {
    let s = start().await;
    s.ctl(
        "POST",
        "/faults",
        Some(json!({"path": "/api/v2/requests/101", "kind": "hang"})),
    )
    .await;
    let (got, closed) = raw(
        &s.api_addr(),
        &raw_request("GET", "/api/v2/requests/101.json", "ada-token", ""),
        Duration::from_millis(800),
    )
    .await;
    assert!(got.is_empty() && !closed, "still open, nothing sent");

    s.ctl(
        "POST",
        "/faults",
        Some(json!({"path": "/api/v2/requests/101", "kind": "truncate"})),
    )
    .await;
    let (got, closed) = raw(
        &s.api_addr(),
        &raw_request("GET", "/api/v2/requests/101.json", "ada-token", ""),
        Duration::from_secs(5),
    )
    .await;
    assert!(closed);
    let text = String::from_utf8_lossy(&got).to_string();
    let (head, body) = text.split_once("\r\n\r\n").expect("headers");
    assert!(head.starts_with("HTTP/1.1 200"));
    let len: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_string)
        })
        .expect("content-length")
        .trim()
        .parse()
        .expect("len");
    assert_eq!(body.len(), len / 2, "half the announced body");
    assert!(serde_json::from_str::<serde_json::Value>(body).is_err());
    // A client library sees an error reading the body.
    s.ctl(
        "POST",
        "/faults",
        Some(json!({"path": "/api/v2/requests/101", "kind": "truncate"})),
    )
    .await;
    let r = s
        .http
        .get(format!("{}/api/v2/requests/101", s.api))
        .header("Authorization", "Bearer ada-token")
        .send()
        .await
        .expect("headers arrive");
    assert!(r.text().await.is_err());
    // Shutdown also ends the hanging connection.
    tokio::time::timeout(Duration::from_secs(5), s.stop())
        .await
        .expect("shutdown does not wait for hung calls");
}

#[tokio::test]
async fn status_delay_html_text_plain_faults() {
    let s = start().await;
    let add = |f: serde_json::Value| s.ctl("POST", "/faults", Some(f));
    assert_eq!(add(json!({"path": "/api/v2/requests", "kind": "status", "status": 503, "retry_after": 7, "count": 2})).await.status, 201);
    for _ in 0..2 {
        let r = s.get("/api/v2/requests", "ada-token").await;
        assert_eq!(r.status, 503);
        assert_eq!(r.header("retry-after"), Some("7"));
        assert!(r.cors(), "5xx is visible to the browser");
    }
    assert_eq!(
        s.get("/api/v2/requests", "ada-token").await.status,
        200,
        "count respected"
    );
    add(json!({"kind": "status", "status": 429, "retry_after": 3})).await;
    let r = s.get("/api/v2/requests", "ada-token").await;
    assert_eq!(
        (r.status.as_u16(), r.cors(), r.header("retry-after")),
        (429, false, Some("3"))
    );
    add(json!({"kind": "status", "status": 403})).await;
    let r = s.get("/api/v2/requests", "ada-token").await;
    assert_eq!((r.status.as_u16(), r.cors()), (403, false));
    add(json!({"kind": "status", "status": 500})).await;
    assert_eq!(s.get("/api/v2/requests", "ada-token").await.status, 500);
    add(json!({"kind": "html_error"})).await;
    let r = s.get("/api/v2/requests", "ada-token").await;
    assert_eq!(r.status, 500);
    assert!(r
        .header("content-type")
        .expect("ct")
        .starts_with("text/html"));
    add(json!({"kind": "text_plain"})).await;
    let r = s.get("/api/v2/requests/101", "ada-token").await;
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .expect("ct")
        .starts_with("text/plain"));
    assert_eq!(r.json()["request"]["id"], 101);
    add(json!({"kind": "delay", "ms": 300})).await;
    let t = Instant::now();
    assert_eq!(s.get("/api/v2/requests/101", "ada-token").await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    // Method/path matching: a GET fault does not hit a POST; listing and clearing.
    add(json!({"method": "GET", "path": "/api/v2/ticket_forms", "kind": "status", "status": 500}))
        .await;
    let r = s
        .call(
            "POST",
            "/api/v2/requests",
            None,
            Some(json!({"request": {}})),
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(
        s.ctl("GET", "/faults", None).await.json()["faults"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(s.ctl("DELETE", "/faults", None).await.status, 204);
    assert_eq!(
        s.call("GET", "/api/v2/ticket_forms", None, None)
            .await
            .status,
        200
    );
    // Bad faults are refused.
    assert_eq!(add(json!({"kind": "explode"})).await.status, 400);
    assert_eq!(
        add(json!({"kind": "status", "status": 200})).await.status,
        400
    );
    s.stop().await;
}

#[tokio::test]
async fn control_api_calls_agent_actions_reset() {
    let s = start().await;
    // Control responses allow any origin; preflights allowed for any header.
    let r = s
        .call_h(
            "OPTIONS",
            "/__sim/faults",
            None,
            None,
            &[
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type,x-test"),
            ],
        )
        .await;
    assert!(r.cors());
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("content-type,x-test")
    );
    assert!(s.ctl("GET", "/settings", None).await.cors());

    s.ctl("DELETE", "/calls", None).await;
    s.call(
        "POST",
        "/api/v2/requests.json?x=1",
        None,
        Some(json!({"request": {"subject": "logged"}})),
    )
    .await;
    s.get("/api/v2/requests/101", "ada-token").await;
    let calls = s.ctl("GET", "/calls", None).await.json();
    let list = calls["calls"].as_array().expect("calls");
    assert_eq!(list.len(), 2, "control calls are not logged");
    assert_eq!(list[0]["method"], "POST");
    assert_eq!(list[0]["path"], "/api/v2/requests.json");
    assert_eq!(list[0]["query"], "x=1");
    assert_eq!(list[0]["origin"], ORIGIN);
    assert!(list[0]["authorization"].is_null());
    assert_eq!(list[0]["csrf_token"], false);
    assert_eq!(list[0]["content_type"], "application/json");
    assert!(list[0]["body"].as_str().expect("b").contains("logged"));
    assert_eq!(list[0]["status"], 422);
    assert_eq!(list[1]["authorization"], "bearer");

    // Agent comment: pending, updated_at bumped.
    let before =
        s.get("/api/v2/requests/107", "ada-token").await.json()["request"]["updated_at"].clone();
    let r = s.ctl("POST", "/requests/107/agent_comment", Some(json!({"body": "We are on it", "html_body": "<p><b>We</b> are on it</p>", "author_id": 2002}))).await;
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["comment"]["author_id"], 2002);
    let v = s.get("/api/v2/requests/107", "ada-token").await.json();
    assert_eq!(v["request"]["status"], "pending");
    assert_ne!(v["request"]["updated_at"], before);
    assert_eq!(
        s.ctl(
            "POST",
            "/requests/104/agent_comment",
            Some(json!({"body": "x"}))
        )
        .await
        .status,
        422
    );
    assert_eq!(
        s.ctl(
            "POST",
            "/requests/107/agent_comment",
            Some(json!({"body": "x", "author_id": 1001}))
        )
        .await
        .status,
        422
    );
    // Agent changes.
    let r = s
        .ctl("PATCH", "/requests/101", Some(json!({"status": "closed"})))
        .await;
    assert_eq!(r.json()["request"]["status"], "closed");
    let r = s
        .ctl(
            "PATCH",
            "/requests/107",
            Some(json!({"can_be_solved_by_me": true})),
        )
        .await;
    assert_eq!(r.json()["request"]["can_be_solved_by_me"], true);
    assert_eq!(
        s.ctl("PATCH", "/requests/101", Some(json!({"status": "weird"})))
            .await
            .status,
        400
    );
    assert_eq!(
        s.ctl("PATCH", "/requests/99999", Some(json!({})))
            .await
            .status,
        404
    );
    // Reset restores everything.
    s.ctl(
        "PATCH",
        "/settings",
        Some(json!({"anonymous_requests": false})),
    )
    .await;
    assert_eq!(s.ctl("POST", "/reset", None).await.status, 204);
    assert_eq!(
        s.get("/api/v2/requests/101", "ada-token").await.json()["request"]["status"],
        "open"
    );
    assert_eq!(
        s.ctl("GET", "/settings", None).await.json()["anonymous_requests"],
        true
    );
    assert_eq!(
        s.ctl("GET", "/calls", None).await.json()["calls"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    s.stop().await;
}

#[tokio::test]
async fn control_api_is_off_by_default() {
    let s = start_with(|c| c.control = false).await;
    let r = s.ctl("GET", "/calls", None).await;
    assert_eq!(r.status, 404);
    s.stop().await;
}

#[tokio::test]
async fn thousand_sequential_list_calls() {
    let s = start().await;
    let t = Instant::now();
    for i in 0..1000 {
        let r = s
            .http
            .get(format!("{}/api/v2/requests.json?per_page=25", s.api))
            .header("Authorization", "Bearer ada-token")
            .send()
            .await
            .expect("send");
        assert_eq!(r.status(), 200, "call {i}");
        let _ = r.bytes().await.expect("body");
        if i == 650 {
            // Stay under the 700/minute account limit for the measurement.
            s.ctl(
                "PATCH",
                "/settings",
                Some(json!({"rate_limit_per_minute": 100000})),
            )
            .await;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "1000 sequential list calls in {secs:.2}s = {:.0} calls/s",
        1000.0 / secs
    );
    s.stop().await;
}

#[tokio::test]
async fn data_file_persists_state_across_restarts() {
    let dir = std::env::temp_dir().join(format!("zendesk-sim-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    let s = start_with(|c| c.data = Some(file.clone())).await;
    let r = s.call("POST", "/api/v2/requests", Some("Bearer ada-token"), Some(json!({"request": {"subject": "persist me", "comment": {"body": "x"}, "custom_fields": [{"id": 21, "value": "other"}]}}))).await;
    let id = r.json()["request"]["id"].as_u64().expect("id");
    s.stop().await;
    assert!(file.exists());
    let s = start_with(|c| c.data = Some(file.clone())).await;
    let r = s.get(&format!("/api/v2/requests/{id}"), "ada-token").await;
    assert_eq!(r.json()["request"]["subject"], "persist me");
    s.stop().await;
    // A corrupt file is a clear start-up error.
    std::fs::write(&file, "not json").expect("write");
    let err = zendesk_sim::start(zendesk_sim::SimConfig {
        data: Some(file.clone()),
        ..Default::default()
    })
    .await
    .err()
    .expect("fails");
    assert!(err.to_string().contains("cannot load state"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn binary_rejects_bad_flags_and_busy_ports() {
    let bin = env!("CARGO_BIN_EXE_zendesk-sim");
    let out = std::process::Command::new(bin)
        .arg("--bogus")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown argument"));
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = busy.local_addr().expect("addr").port().to_string();
    let out = std::process::Command::new(bin)
        .args(["--api-port", &port, "--content-port", "0"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already in use"));
    // Library: the same as a typed error.
    let err = zendesk_sim::start(zendesk_sim::SimConfig {
        api_port: busy.local_addr().expect("a").port(),
        ..Default::default()
    })
    .await
    .err()
    .expect("busy");
    assert!(matches!(err, zendesk_sim::StartError::Bind { .. }));
}

#[tokio::test]
async fn startup_is_fast() {
    let t = Instant::now();
    let s = start().await;
    let took = t.elapsed();
    println!("start-up took {:.0} ms", took.as_secs_f64() * 1000.0);
    assert!(
        took < Duration::from_secs(5),
        "generous bound for debug builds on a busy machine"
    );
    s.stop().await;
}
