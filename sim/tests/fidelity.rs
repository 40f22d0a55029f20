//! Behaviours reproduced from Zendesk's documentation, its OpenAPI document and recorded real
//! responses (docs/simulator.md, "Sources"); each test names its source.

mod common;

use common::{bearer, start};
use serde_json::{json, Value};
use zendesk_sim::seed::fields::id as field;
use zendesk_sim::seed::forms::{DEFAULT_FORM, OUTDOOR_FORM};
use zendesk_sim::seed::requests::id as request;

const ADA: &str = "ada-token";
const ADA_BEARER: &str = "Bearer ada-token";

fn ids(v: &Value, key: &str) -> Vec<u64> {
    v[key]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["id"].as_u64())
        .collect()
}

async fn settings(s: &common::Sim, patch: Value) {
    let r = s.ctl("PATCH", "/settings", Some(patch)).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

/// Recorded real 422 bodies name custom fields by `ticket_field_id` and `ticket_field_type`
/// in `details.base[]`, with no `field_key`; description and subject errors sit under their
/// own keys.
#[tokio::test]
async fn validation_errors_name_ticket_fields() {
    let s = start().await;
    let r = s
        .call(
            "POST",
            "/api/v2/requests",
            Some(ADA_BEARER),
            Some(json!({"request": {"subject": "", "comment": {"body": ""}, "ticket_form_id": DEFAULT_FORM}})),
        )
        .await;
    assert_eq!(r.status, 422);
    let d = &r.json()["details"];
    assert_eq!(d["subject"][0]["error"], "BlankValue");
    assert_eq!(d["description"][0]["error"], "BlankValue");
    let r = s
        .call(
            "POST",
            "/api/v2/requests",
            Some(ADA_BEARER),
            Some(json!({"request": {"subject": "s", "comment": {"body": "b"}, "ticket_form_id": DEFAULT_FORM}})),
        )
        .await;
    let base = &r.json()["details"]["base"][0];
    assert_eq!(base["ticket_field_id"], field::TOPIC);
    assert_eq!(base["ticket_field_type"], "FieldTagger");
    assert!(base.get("field_key").is_none());
    s.stop().await;
}

/// `POST …/satisfaction_rating` answers an array in the OpenAPI document, an object in older
/// examples; it serves the legacy CSAT only; requests offer a rating only when solved.
#[tokio::test]
async fn satisfaction_shapes_offer_and_newer_csat() {
    let s = start().await;
    let solved = s
        .get(&format!("/api/v2/requests/{}", request::SOLVED), ADA)
        .await
        .json();
    assert_eq!(solved["request"]["satisfaction_rating"]["score"], "offered");
    let open = s
        .get(&format!("/api/v2/requests/{}", request::RICH), ADA)
        .await
        .json();
    assert!(open["request"].get("satisfaction_rating").is_none());
    let rate_path = format!("/api/v2/tickets/{}/satisfaction_rating", request::SOLVED);
    let rate = || {
        s.call(
            "POST",
            &rate_path,
            Some(ADA_BEARER),
            Some(json!({"satisfaction_rating": {"score": "good"}})),
        )
    };
    assert!(rate().await.json()["satisfaction_rating"].is_array());
    settings(&s, json!({"csat_answer_array": false})).await;
    assert_eq!(rate().await.json()["satisfaction_rating"]["score"], "good");
    let rated = s
        .get(&format!("/api/v2/requests/{}", request::SOLVED), ADA)
        .await
        .json();
    assert_eq!(rated["request"]["satisfaction_rating"]["score"], "good");
    settings(&s, json!({"csat_legacy": false})).await;
    let refused = rate().await;
    assert_eq!(refused.status, 403);
    assert!(!refused.cors());
    let solved = s
        .get(&format!("/api/v2/requests/{}", request::SOLVED), ADA)
        .await
        .json();
    assert!(solved["request"].get("satisfaction_rating").is_none());
    s.stop().await;
}

/// List Ticket Forms, `associated_to_brand=true`: only forms `in_all_brands` or restricted to
/// the brand of the host called (developer.zendesk.com ticket_forms reference).
#[tokio::test]
async fn forms_per_brand() {
    let s = start().await;
    let port = s.api.rsplit(':').next().expect("port").to_string();
    let outdoor = format!("outdoor.localhost:{port}");
    let path = "/api/v2/ticket_forms?active=true&end_user_visible=true&associated_to_brand=true";
    let acme = s.call("GET", path, None, None).await.json();
    assert!(!ids(&acme, "ticket_forms").contains(&OUTDOOR_FORM));
    let out = s
        .call_h("GET", path, None, None, &[("Host", &outdoor)])
        .await
        .json();
    assert!(ids(&out, "ticket_forms").contains(&OUTDOOR_FORM));
    let form = out["ticket_forms"]
        .as_array()
        .expect("forms")
        .iter()
        .find(|f| f["id"] == OUTDOOR_FORM)
        .expect("outdoor form");
    assert_eq!(form["in_all_brands"], false);
    assert_eq!(form["restricted_brand_ids"][0], 360_000_200u64);
    s.stop().await;
}

/// Help Center locales are full codes (`en-us`); a search in another locale finds nothing,
/// and one without a locale searches the default one (what Zendesk's Web Widget retries).
#[tokio::test]
async fn article_search_locales() {
    let s = start().await;
    let count = |locale: &'static str| {
        let s = &s;
        async move {
            let q = if locale.is_empty() {
                String::new()
            } else {
                format!("&locale={locale}")
            };
            let v = s
                .call(
                    "GET",
                    &format!("/api/v2/help_center/articles/search?query=password{q}"),
                    None,
                    None,
                )
                .await
                .json();
            v["results"].as_array().map_or(0, Vec::len)
        }
    };
    assert!(count("en-us").await > 0);
    assert!(count("en-US").await > 0);
    assert_eq!(count("en").await, 0);
    assert_eq!(count("pt-br").await, 0);
    assert!(count("").await > 0);
    s.stop().await;
}

/// Upload tokens are "valid for 60 minutes" (OpenAPI document); answers may carry no
/// `expires_at`; an expired token in `comment.uploads` attaches nothing.
#[tokio::test]
async fn upload_tokens_live_an_hour() {
    let s = start().await;
    let upload = || {
        s.http
            .post(format!("{}/api/v2/uploads?filename=a.txt", s.api))
            .header("Authorization", bearer(ADA))
            .header("Content-Type", "text/plain")
            .body("hello")
            .send()
    };
    let v: Value = upload().await.expect("sent").json().await.expect("json");
    assert!(v["upload"].get("expires_at").is_none());
    settings(&s, json!({"upload_expires_at": true})).await;
    let v: Value = upload().await.expect("sent").json().await.expect("json");
    let expires = v["upload"]["expires_at"].as_str().expect("expires_at");
    let at = zendesk_sim::time::parse_iso(expires).expect("iso");
    let now = zendesk_sim::time::now();
    assert!((at - now - 3600).abs() <= 5, "{expires}");
    s.stop().await;
}

/// What Zendesk drops it names in `X-Zendesk-API-Warn` ("Removed restricted keys [...] from
/// parameters according to whitelist", zendesk/zendesk_api_client_rb#153): on update, keys
/// that are not writable on a request; `email_ccs` on an account without CCs; `tags` on create
/// (the Requests API has no tags).
#[tokio::test]
async fn dropped_keys_are_named_in_api_warn() {
    let s = start().await;
    let put_path = format!("/api/v2/requests/{}", request::RICH);
    let put = |body: Value| {
        s.call(
            "PUT",
            &put_path,
            Some(ADA_BEARER),
            Some(json!({"request": body})),
        )
    };
    let r = put(json!({"comment": {"body": "hi"}, "priority": "urgent", "subject": "x"})).await;
    assert_eq!(r.status, 200);
    let warn = r.header("x-zendesk-api-warn").expect("warn");
    assert!(
        warn.starts_with("Removed restricted keys [")
            && warn.contains("priority")
            && warn.contains("subject"),
        "{warn}"
    );
    let r = put(json!({"email_ccs": [{"user_email": "c@example.com", "action": "put"}]})).await;
    assert!(r.header("x-zendesk-api-warn").is_none());
    assert_eq!(
        r.json()["request"]["email_cc_ids"].as_array().map(Vec::len),
        Some(1)
    );
    settings(&s, json!({"email_ccs": false})).await;
    let r = put(
        json!({"email_ccs": [{"user_email": "d@example.com", "action": "put"}],
        "additional_collaborators": ["d@example.com"]}),
    )
    .await;
    assert!(r
        .header("x-zendesk-api-warn")
        .expect("warn")
        .contains("email_ccs"));
    assert_eq!(
        r.json()["request"]["email_cc_ids"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        r.json()["request"]["collaborator_ids"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let r = s
        .call(
            "POST",
            "/api/v2/requests",
            Some(ADA_BEARER),
            Some(json!({"request": {"subject": "s", "comment": {"body": "b"},
                "custom_fields": [{"id": field::TOPIC, "value": "other"}],
                "tags": ["vip"], "collaborators": ["e@example.com"]}})),
        )
        .await;
    assert_eq!(r.status, 201);
    assert!(r
        .header("x-zendesk-api-warn")
        .expect("warn")
        .contains("tags"));
    assert_eq!(
        r.json()["request"]["collaborator_ids"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    s.stop().await;
}

/// Unsourced reliances, switchable both ways: CORS on 401/422, the exposure of
/// `X-Zendesk-User-Id`, the signed-out `help_center/sessions.json` shape.
#[tokio::test]
async fn unsourced_reliances_both_ways() {
    let s = start().await;
    let bad_token = s.get("/api/v2/requests", "no-such-token").await;
    assert_eq!(bad_token.status, 401);
    assert!(bad_token.cors());
    let me = s.get("/api/v2/users/me", ADA).await;
    let exposed = me.header("access-control-expose-headers").expect("expose");
    assert!(exposed.contains("X-Zendesk-User-Id"));
    settings(
        &s,
        json!({"cors_on_401_422": false, "expose_user_id": false, "signed_out_session_null": true}),
    )
    .await;
    assert!(!s.get("/api/v2/requests", "no-such-token").await.cors());
    let me = s.get("/api/v2/users/me", ADA).await;
    assert!(me.cors());
    let exposed = me.header("access-control-expose-headers").expect("expose");
    assert!(!exposed.contains("X-Zendesk-User-Id"));
    let session = s
        .call("GET", "/api/v2/help_center/sessions.json", None, None)
        .await
        .json();
    assert!(session["current_session"].is_null());
    s.stop().await;
}

/// Which key Zendesk reads for an anonymous requester's language on the Requests API is
/// unsourced (`requester.locale`, a tag, or the Users API's numeric `locale_id`): with
/// `requester_locale_tag` the tag sets the new user's language; without it the tag is
/// ignored and the request is filed all the same, in the account's default language.
#[tokio::test]
async fn requester_locale_tag_both_ways() {
    let s = start().await;
    let language_of = |email: &'static str| {
        let s = &s;
        async move {
            let create = json!({"request": {"subject": "Bonjour", "comment": {"body": "Mon colis"},
                "custom_fields": [{"id": 21, "value": "other"}],
                "requester": {"name": "Anne", "email": email, "locale": "fr"}}});
            let r = s.call("POST", "/api/v2/requests", None, Some(create)).await;
            assert_eq!(r.status, 201, "{}", r.text);
            let requester = r.json()["request"]["requester_id"]
                .as_u64()
                .expect("requester");
            let minted = s
                .ctl("POST", "/tokens", Some(json!({"user_id": requester})))
                .await
                .json();
            let token = minted["access_token"].as_str().expect("token").to_owned();
            let me = s.get("/api/v2/users/me", &token).await.json();
            me["user"]["locale"].as_str().unwrap_or_default().to_owned()
        }
    };
    assert_eq!(language_of("anne@example.com").await, "fr");
    settings(&s, json!({"requester_locale_tag": false})).await;
    assert_eq!(language_of("anna@example.com").await, "en-US");
    s.stop().await;
}
