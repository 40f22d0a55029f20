//! What a browser on another origin can and can't do: CORS presence/absence, preflights,
//! credentials (bearer, Basic, cookie session + CSRF), OAuth PKCE, uploads and the content
//! origin, account settings and rate limits.

mod common;
use base64::Engine;
use common::*;
use serde_json::json;
use sha2::{Digest, Sha256};

const EXPOSED: &str = "X-Zendesk-API-Warn, X-Zendesk-User-Id, X-Zendesk-User-Session-Expires-At";

#[tokio::test]
async fn cors_only_where_zendesk_sends_it() {
    let s = start().await;
    // Bearer: CORS on 200/401/404/422; exposed headers exactly the three; rate-limit headers present.
    let r = s.get("/api/v2/requests", "ada-token").await;
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("access-control-expose-headers"), Some(EXPOSED));
    assert!(r.header("x-rate-limit").is_some() && r.header("ratelimit-remaining").is_some());
    assert!(!EXPOSED.to_lowercase().contains("rate"));
    let r = s.get("/api/v2/requests", "no-such-token").await;
    assert_eq!((r.status.as_u16(), r.cors()), (401, true));
    assert_eq!(r.json()["error"], "invalid_token");
    // Anonymous on the anonymous endpoints: CORS. Elsewhere: none.
    assert!(s
        .call("GET", "/api/v2/ticket_fields", None, None)
        .await
        .cors());
    let r = s.call("GET", "/api/v2/requests", None, None).await;
    assert_eq!((r.status.as_u16(), r.cors()), (401, false));
    let r = s.call("GET", "/api/v2/users/me", None, None).await;
    assert_eq!((r.status.as_u16(), r.cors()), (200, false));
    // Basic auth with a valid API token: answered, but without CORS (a browser sees a network error).
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("ada@example.com/token:acme-api-token")
    );
    let r = s.call("GET", "/api/v2/requests", Some(&basic), None).await;
    assert_eq!((r.status.as_u16(), r.cors()), (200, false));
    let wrong = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("ada@example.com/token:nope")
    );
    let r = s.call("GET", "/api/v2/requests", Some(&wrong), None).await;
    assert_eq!((r.status.as_u16(), r.cors()), (401, false));
    assert_eq!(r.json(), json!({"error": "Couldn't authenticate you"}));
    // 403 never has CORS.
    let r = s.get("/api/v2/requests/152", "ada-token").await;
    assert_eq!((r.status.as_u16(), r.cors()), (403, false));
    s.stop().await;
}

async fn preflight(s: &Sim, path: &str, method: &str, headers: &str) -> Resp {
    s.call_h(
        "OPTIONS",
        path,
        None,
        None,
        &[
            ("access-control-request-method", method),
            ("access-control-request-headers", headers),
        ],
    )
    .await
}

#[tokio::test]
async fn preflights() {
    let s = start().await;
    // Bearer calls: any API path, Authorization/Content-Type/Accept allowed, the needed methods.
    let r = preflight(
        &s,
        "/api/v2/requests/101.json",
        "PUT",
        "authorization,content-type",
    )
    .await;
    assert!(r.status.is_success());
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let allow_h = r
        .header("access-control-allow-headers")
        .expect("allow-headers")
        .to_lowercase();
    for h in ["authorization", "content-type", "accept"] {
        assert!(allow_h.contains(h));
    }
    let methods = r.header("access-control-allow-methods").expect("methods");
    for m in ["GET", "POST", "PUT", "DELETE"] {
        assert!(methods.contains(m));
    }
    // Anonymous create / upload: allowed without Authorization.
    let r = preflight(&s, "/api/v2/requests.json", "POST", "content-type").await;
    assert!(r.cors());
    let r = preflight(
        &s,
        "/api/v2/uploads.json?filename=a.png",
        "POST",
        "content-type",
    )
    .await;
    assert!(r.cors());
    // Anonymous update / list: refused (no CORS headers).
    let r = preflight(&s, "/api/v2/requests/101.json", "PUT", "content-type").await;
    assert!(!r.cors());
    // Token endpoint: not cross-origin unless the account switch is on.
    assert!(!preflight(&s, "/oauth/tokens", "POST", "content-type")
        .await
        .cors());
    s.ctl(
        "PATCH",
        "/settings",
        Some(json!({"token_endpoint_cors": true})),
    )
    .await;
    assert!(preflight(&s, "/oauth/tokens", "POST", "content-type")
        .await
        .cors());
    s.ctl("POST", "/reset", None).await;
    assert!(!preflight(&s, "/oauth/tokens", "POST", "content-type")
        .await
        .cors());
    // Preflights are logged (method OPTIONS) and never consume faults.
    s.ctl(
        "POST",
        "/faults",
        Some(json!({"path": "/api/v2/requests", "kind": "drop"})),
    )
    .await;
    let r = preflight(&s, "/api/v2/requests.json", "POST", "content-type").await;
    assert!(r.cors());
    let calls = s.ctl("GET", "/calls", None).await.json();
    assert!(calls["calls"]
        .as_array()
        .expect("c")
        .iter()
        .any(|c| c["method"] == "OPTIONS"));
    // The fault meant for the real call is still armed; one naming OPTIONS reaches preflights:
    // a delay (a slow link's round trip, which DevTools' emulation doesn't add to preflights),
    // or a refusal.
    s.ctl("DELETE", "/faults", None).await;
    s.ctl(
        "POST",
        "/faults",
        Some(json!({"method": "OPTIONS", "kind": "delay", "ms": 300, "count": 2})),
    )
    .await;
    let started = std::time::Instant::now();
    let r = preflight(&s, "/api/v2/ticket_forms.json", "GET", "authorization").await;
    assert!(r.cors(), "a delayed preflight is still answered");
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    s.ctl(
        "POST",
        "/faults",
        Some(json!({"method": "OPTIONS", "kind": "status", "status": 403, "count": 1})),
    )
    .await;
    let started = std::time::Instant::now();
    preflight(&s, "/api/v2/ticket_forms.json", "GET", "authorization").await;
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(300),
        "the delay's second call"
    );
    let refused = preflight(&s, "/api/v2/ticket_forms.json", "GET", "authorization").await;
    assert_eq!(refused.status, 403);
    // One that acts on the answer acts on the preflight's.
    s.ctl(
        "POST",
        "/faults",
        Some(json!({"method": "OPTIONS", "kind": "text_plain", "count": 1})),
    )
    .await;
    let relabelled = preflight(&s, "/api/v2/ticket_forms.json", "GET", "authorization").await;
    assert!(relabelled
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/plain")));
    s.stop().await;
}

#[tokio::test]
async fn rate_limit_429_without_cors() {
    let s = start_with(|c| c.settings.rate_limit_per_minute = 5).await;
    let mut last = None;
    for i in 0..5 {
        let r = s.get("/api/v2/requests/101", "ada-token").await;
        assert_eq!(r.status, 200, "call {i}");
        last = r.header("x-rate-limit-remaining").map(str::to_string);
    }
    assert_eq!(last.as_deref(), Some("0"));
    let r = s.get("/api/v2/requests/101", "ada-token").await;
    assert_eq!(r.status, 429);
    assert!(!r.cors(), "429 has no CORS");
    let retry: u64 = r
        .header("retry-after")
        .expect("retry-after")
        .parse()
        .expect("secs");
    assert!((1..=60).contains(&retry));
    // Settings at run time.
    let v = s
        .ctl(
            "PATCH",
            "/settings",
            Some(json!({"rate_limit_per_minute": 700})),
        )
        .await;
    assert_eq!(v.json()["rate_limit_per_minute"], 700);
    assert_eq!(s.get("/api/v2/requests/101", "ada-token").await.status, 200);
    s.stop().await;
}

#[tokio::test]
async fn account_settings_anonymous_trial_uploads() {
    let s = start().await;
    let anon = json!({"request": {"subject": "s", "comment": {"body": "b"}, "custom_fields": [{"id": 21, "value": "other"}], "requester": {"name": "A", "email": "a@example.com"}}});
    s.ctl(
        "PATCH",
        "/settings",
        Some(json!({"anonymous_requests": false})),
    )
    .await;
    let r = s
        .call("POST", "/api/v2/requests", None, Some(anon.clone()))
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json(), json!({"error": "Couldn't authenticate you"}));
    assert!(r.cors());
    s.ctl(
        "PATCH",
        "/settings",
        Some(json!({"anonymous_requests": true, "trial_anonymous_limit": true})),
    )
    .await;
    for _ in 0..5 {
        assert_eq!(
            s.call("POST", "/api/v2/requests", None, Some(anon.clone()))
                .await
                .status,
            201
        );
    }
    let r = s
        .call("POST", "/api/v2/requests", None, Some(anon.clone()))
        .await;
    assert_eq!((r.status.as_u16(), r.cors()), (429, false));
    assert!(r.header("retry-after").is_some());
    // CCs off: email_ccs ignored. Ratings off: 403 (no CORS).
    s.ctl(
        "PATCH",
        "/settings",
        Some(json!({"email_ccs": false, "satisfaction_ratings": false})),
    )
    .await;
    let r = s.call("PUT", "/api/v2/requests/106", Some("Bearer ada-token"), Some(json!({"request": {"email_ccs": [{"user_email": "cc@example.com", "action": "put"}]}}))).await;
    assert_eq!(r.json()["request"]["email_cc_ids"], json!([]));
    let r = s
        .call(
            "POST",
            "/api/v2/tickets/103/satisfaction_rating",
            Some("Bearer ada-token"),
            Some(json!({"satisfaction_rating": {"score": "good"}})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.cors()), (403, false));
    // A wrong type is refused.
    assert_eq!(
        s.ctl(
            "PATCH",
            "/settings",
            Some(json!({"rate_limit_per_minute": "many"}))
        )
        .await
        .status,
        400
    );
    // Unknown settings are refused.
    assert_eq!(
        s.ctl("PATCH", "/settings", Some(json!({"nope": 1})))
            .await
            .status,
        400
    );
    s.ctl(
        "PATCH",
        "/settings",
        Some(json!({"uploads_require_auth": true})),
    )
    .await;
    let r = s
        .http
        .post(format!("{}/api/v2/uploads.json?filename=a.txt", s.api))
        .body("hello")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), 401);
    s.stop().await;
}

#[tokio::test]
async fn uploads_tokens_limits_and_content_origin() {
    let s = start_with(|c| c.settings.max_attachment_bytes = 1000).await;
    let png = zendesk_sim::png::mock_screenshot(40, 20, [1, 2, 3]);
    assert!(png.len() <= 1000);
    let up = |name: &str, ctype: &str, body: Vec<u8>, token: Option<&str>, auth: Option<&str>| {
        let mut url = format!("{}/api/v2/uploads.json?filename={name}", s.api);
        if let Some(t) = token {
            url.push_str(&format!("&token={t}"));
        }
        let mut rb = s
            .http
            .post(url)
            .header("Content-Type", ctype.to_string())
            .header("Origin", ORIGIN)
            .body(body);
        if let Some(a) = auth {
            rb = rb.header("Authorization", a.to_string());
        }
        async move {
            let r = rb.send().await.expect("send");
            let status = r.status();
            let headers = r.headers().clone();
            Resp {
                status,
                headers,
                text: r.text().await.unwrap_or_default(),
            }
        }
    };
    // Anonymous upload: 201, JSON sent as text/plain, CORS.
    let r = up("shot.png", "image/png", png.clone(), None, None).await;
    assert_eq!(r.status, 201);
    assert!(r
        .header("content-type")
        .expect("ct")
        .starts_with("text/plain"));
    assert!(r.cors());
    let v = r.json();
    let token = v["upload"]["token"].as_str().expect("token").to_string();
    // Real upload answers may carry no `expires_at` (the simulator's default).
    assert!(v["upload"].get("expires_at").is_none());
    let att = &v["upload"]["attachment"];
    assert_eq!(att["file_name"], "shot.png");
    assert_eq!(att["width"], "40");
    assert!(att["thumbnails"][0]["content_url"].is_string());
    // Add a second file to the same upload.
    let r = up(
        "notes.txt",
        "text/plain",
        b"hello".to_vec(),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(r.status, 201);
    let v = r.json();
    assert_eq!(v["upload"]["token"], token.as_str());
    assert_eq!(v["upload"]["attachments"].as_array().map(Vec::len), Some(2));
    assert!(v["upload"]["attachment"]["width"].is_null());
    // The content origin serves the bytes without credentials, from any origin.
    let url = v["upload"]["attachments"][0]["content_url"]
        .as_str()
        .expect("url")
        .to_string();
    assert!(url.starts_with(&s.content) && !url.starts_with(&s.api));
    let r = s.http.get(&url).send().await.expect("get");
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("*")
    );
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/png")
    );
    assert_eq!(r.bytes().await.expect("bytes").len(), png.len());
    let thumb = v["upload"]["attachments"][0]["thumbnails"][0]["content_url"]
        .as_str()
        .expect("t")
        .to_string();
    assert_eq!(s.http.get(&thumb).send().await.expect("t").status(), 200);
    // Blocked type, too large, unknown token, missing filename.
    assert_eq!(
        up(
            "run.exe",
            "application/octet-stream",
            b"MZ".to_vec(),
            None,
            None
        )
        .await
        .status,
        422
    );
    let r = up(
        "big.bin",
        "application/octet-stream",
        vec![0; 1001],
        None,
        None,
    )
    .await;
    assert_eq!((r.status.as_u16(), r.cors()), (422, true));
    let r = up(
        "huge.bin",
        "application/octet-stream",
        vec![0; 2 << 20],
        None,
        None,
    )
    .await;
    assert_eq!((r.status.as_u16(), r.cors()), (413, false));
    assert_eq!(
        up("a.txt", "text/plain", b"x".to_vec(), Some("nope"), None)
            .await
            .status,
        404
    );
    let r = s
        .http
        .post(format!("{}/api/v2/uploads.json", s.api))
        .body("x")
        .send()
        .await
        .expect("s");
    assert_eq!(r.status(), 400);
    // Use the upload in a request; the token is consumed.
    let r = s.call("POST", "/api/v2/requests", Some("Bearer ada-token"), Some(json!({"request": {"subject": "with files", "comment": {"body": "see files", "uploads": [token]}, "custom_fields": [{"id": 21, "value": "other"}]}}))).await;
    assert_eq!(r.status, 201);
    let id = r.json()["request"]["id"].as_u64().expect("id");
    let c = s
        .get(&format!("/api/v2/requests/{id}/comments"), "ada-token")
        .await
        .json();
    assert_eq!(
        c["comments"][0]["attachments"].as_array().map(Vec::len),
        Some(2)
    );
    // Delete: anonymous 401; own upload 204; gone afterwards.
    let r = up(
        "x.txt",
        "text/plain",
        b"x".to_vec(),
        None,
        Some("Bearer ada-token"),
    )
    .await;
    let t2 = r.json()["upload"]["token"].as_str().expect("t").to_string();
    assert_eq!(
        s.call("DELETE", &format!("/api/v2/uploads/{t2}.json"), None, None)
            .await
            .status,
        401
    );
    assert_eq!(
        s.call(
            "DELETE",
            &format!("/api/v2/uploads/{t2}.json"),
            Some("Bearer charles-token"),
            None
        )
        .await
        .status,
        404
    );
    let r = s
        .call(
            "DELETE",
            &format!("/api/v2/uploads/{t2}.json"),
            Some("Bearer ada-token"),
            None,
        )
        .await;
    assert_eq!((r.status.as_u16(), r.cors()), (204, true));
    assert_eq!(
        s.call(
            "DELETE",
            &format!("/api/v2/uploads/{t2}"),
            Some("Bearer ada-token"),
            None
        )
        .await
        .status,
        404
    );
    // Seeded attachments are served too.
    let v = s
        .get("/api/v2/requests/101/comments", "ada-token")
        .await
        .json();
    let pdf = v["comments"][1]["attachments"]
        .as_array()
        .expect("a")
        .iter()
        .find(|a| a["content_type"] == "application/pdf")
        .expect("pdf")["content_url"]
        .as_str()
        .expect("u")
        .to_string();
    let r = s.http.get(pdf).send().await.expect("pdf");
    assert!(r.bytes().await.expect("b").starts_with(b"%PDF"));
    assert_eq!(
        s.http
            .get(format!("{}/attachments/token/nope/", s.content))
            .send()
            .await
            .expect("x")
            .status(),
        404
    );
    s.stop().await;
}

#[tokio::test]
async fn help_center_session_cookie_and_csrf() {
    let s = start_with(|c| {
        c.help_center_html =
            Some("<script src=\"http://widget.example:8080/w.js\"></script>".into())
    })
    .await;
    let home = s
        .http
        .get(format!("{}/hc/en-us", s.api))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("t");
    assert!(home.contains("widget.example:8080/w.js") && home.contains("How can we help"));
    // Sign in: cookie + redirect.
    let r = s
        .http
        .get(format!(
            "{}/hc/signin?user_id=1001&return_to=/hc/en-us",
            s.api
        ))
        .send()
        .await
        .expect("signin");
    assert_eq!(r.status(), 302);
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("cookie")
        .split(';')
        .next()
        .expect("kv")
        .to_string();
    assert!(cookie.starts_with("_help_center_session="));
    let page = s
        .http
        .get(format!("{}/hc/signin", s.api))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("t");
    assert!(page.contains("Ada Lovelace"));
    // Same-origin call with the cookie (no Origin header): works, no CORS.
    let same = |method: &str, path: &str| {
        s.http
            .request(method.parse().expect("m"), format!("{}{}", s.api, path))
            .header("Cookie", cookie.clone())
    };
    let r = same("GET", "/api/v2/requests.json")
        .send()
        .await
        .expect("list");
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("access-control-allow-origin").is_none());
    assert!(r
        .headers()
        .get("x-zendesk-user-session-expires-at")
        .is_some());
    // CSRF token from sessions.json (and users/me authenticity_token).
    let v: serde_json::Value = same("GET", "/api/v2/help_center/sessions.json")
        .send()
        .await
        .expect("s")
        .json()
        .await
        .expect("j");
    let csrf = v["current_session"]["csrf_token"]
        .as_str()
        .expect("csrf")
        .to_string();
    let me: serde_json::Value = same("GET", "/api/v2/users/me.json")
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("j");
    assert_eq!(me["user"]["authenticity_token"], csrf.as_str());
    // Writes need X-CSRF-Token.
    let body = json!({"request": {"comment": {"body": "via HC"}}}).to_string();
    let r = same("PUT", "/api/v2/requests/101.json")
        .header("Content-Type", "application/json")
        .body(body.clone())
        .send()
        .await
        .expect("put");
    assert_eq!(r.status(), 403);
    let r = same("PUT", "/api/v2/requests/101.json")
        .header("Content-Type", "application/json")
        .header("X-CSRF-Token", csrf.clone())
        .body(body)
        .send()
        .await
        .expect("put");
    assert_eq!(r.status(), 200);
    // Cookie call from a foreign origin: processed, but no CORS, so a browser can't read it.
    let r = same("GET", "/api/v2/requests.json")
        .header("Origin", ORIGIN)
        .send()
        .await
        .expect("x");
    assert!(r.headers().get("access-control-allow-origin").is_none());
    // No session: csrf_token null.
    let v = s
        .call("GET", "/api/v2/help_center/sessions.json", None, None)
        .await
        .json();
    assert!(v["current_session"]["csrf_token"].is_null());
    // Sign out ends the session.
    same("GET", "/hc/signout").send().await.expect("out");
    assert_eq!(
        same("GET", "/api/v2/requests.json")
            .send()
            .await
            .expect("l")
            .status(),
        401
    );
    s.stop().await;
}

fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[tokio::test]
async fn oauth_pkce_flow_refresh_and_expiry() {
    let s = start().await;
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-extra-entropy";
    let redirect = "http://localhost:8080/callback";
    let q = format!(
        "response_type=code&client_id=support-widget-demo&redirect_uri={}&scope=read%20write&state=xyz&code_challenge={}&code_challenge_method=S256",
        zendesk_sim::views::pct(redirect),
        challenge(verifier)
    );
    let page = s
        .http
        .get(format!("{}/oauth/authorizations/new?{q}", s.api))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    assert!(page.text().await.expect("t").contains("Ada Lovelace"));
    // Bad redirect URI: error page, no redirect. Implicit grant: redirected error.
    let bad = q.replace(
        &zendesk_sim::views::pct(redirect),
        &zendesk_sim::views::pct("https://evil.example/cb"),
    );
    assert_eq!(
        s.http
            .get(format!("{}/oauth/authorizations/new?{bad}", s.api))
            .send()
            .await
            .expect("b")
            .status(),
        400
    );
    let implicit = q.replace("response_type=code", "response_type=token");
    let r = s
        .http
        .get(format!("{}/oauth/authorizations/new?{implicit}", s.api))
        .send()
        .await
        .expect("i");
    assert_eq!(r.status(), 302);
    assert!(r.headers()["location"]
        .to_str()
        .expect("l")
        .contains("error=unsupported_response_type"));
    let plain = q.replace("code_challenge_method=S256", "code_challenge_method=plain");
    let r = s
        .http
        .get(format!("{}/oauth/authorizations/new?{plain}", s.api))
        .send()
        .await
        .expect("p");
    assert!(r.headers()["location"]
        .to_str()
        .expect("l")
        .contains("error=invalid_request"));
    // Sign in as Ada.
    let r = s
        .http
        .post(format!("{}/oauth/authorizations", s.api))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("{q}&user_id=1001"))
        .send()
        .await
        .expect("submit");
    assert_eq!(r.status(), 302);
    let loc = r.headers()["location"].to_str().expect("loc").to_string();
    assert!(loc.starts_with(redirect) && loc.contains("state=xyz"));
    let code = loc
        .split("code=")
        .nth(1)
        .expect("code")
        .split('&')
        .next()
        .expect("c")
        .to_string();
    // Wrong verifier fails (and burns nothing else); right verifier works once.
    let tok = |body: serde_json::Value| {
        let s = &s;
        async move { s.call("POST", "/oauth/tokens", None, Some(body)).await }
    };
    let r = tok(json!({"grant_type": "authorization_code", "code": code, "client_id": "support-widget-demo", "redirect_uri": redirect, "code_verifier": "x".repeat(50)})).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "invalid_grant");
    assert!(
        !r.cors(),
        "the token endpoint is server to server by default"
    );
    // The code was consumed by the failed attempt (one-time use): get a fresh one.
    let r = s
        .http
        .post(format!("{}/oauth/authorizations", s.api))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("{q}&user_id=1001"))
        .send()
        .await
        .expect("submit");
    let loc = r.headers()["location"].to_str().expect("loc").to_string();
    let code = loc
        .split("code=")
        .nth(1)
        .expect("code")
        .split('&')
        .next()
        .expect("c")
        .to_string();
    let r = tok(json!({"grant_type": "authorization_code", "code": code, "client_id": "support-widget-demo", "redirect_uri": redirect, "code_verifier": verifier})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(!r.cors());
    let v = r.json();
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(v["expires_in"], 1800);
    let access = v["access_token"].as_str().expect("a").to_string();
    let refresh = v["refresh_token"].as_str().expect("r").to_string();
    assert_eq!(
        s.get("/api/v2/users/me", &access).await.json()["user"]["id"],
        1001
    );
    let again = tok(json!({"grant_type": "authorization_code", "code": code, "client_id": "support-widget-demo", "code_verifier": verifier})).await;
    assert_eq!(again.status, 400, "codes are one-time");
    // Refresh (form-encoded this time) rotates the refresh token.
    let r = s
        .http
        .post(format!("{}/oauth/tokens", s.api))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "grant_type=refresh_token&client_id=support-widget-demo&refresh_token={refresh}"
        ))
        .send()
        .await
        .expect("refresh");
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.expect("j");
    assert_ne!(v["access_token"], access.as_str());
    let r = tok(json!({"grant_type": "refresh_token", "client_id": "support-widget-demo", "refresh_token": refresh})).await;
    assert_eq!(r.status, 400, "old refresh token is rotated out");
    assert_eq!(
        tok(json!({"grant_type": "password", "client_id": "support-widget-demo"}))
            .await
            .status,
        400
    );
    assert_eq!(
        tok(json!({"grant_type": "authorization_code", "client_id": "other"}))
            .await
            .status,
        401
    );
    // Expiry and revocation via the control API.
    let t = s
        .ctl(
            "POST",
            "/tokens",
            Some(json!({"user_id": 1001, "expires_in": 0})),
        )
        .await
        .json()["access_token"]
        .as_str()
        .expect("t")
        .to_string();
    let r = s.get("/api/v2/requests", &t).await;
    assert_eq!((r.status.as_u16(), r.cors()), (401, true));
    let t = s
        .ctl("POST", "/tokens", Some(json!({"user_id": 1004})))
        .await
        .json()["access_token"]
        .as_str()
        .expect("t")
        .to_string();
    assert_eq!(s.get("/api/v2/requests", &t).await.status, 200);
    assert_eq!(
        s.ctl("DELETE", &format!("/tokens/{t}"), None).await.status,
        204
    );
    assert_eq!(s.get("/api/v2/requests", &t).await.status, 401);
    s.stop().await;
}
