//! Every endpoint of the contract, over real HTTP: status, body shape, Zendesk's rules.

mod common;
use common::*;
use serde_json::{json, Value};

fn ids(v: &Value, key: &str) -> Vec<u64> {
    v[key]
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_u64().expect("id"))
        .collect()
}

#[tokio::test]
async fn list_requests_offset_sort_and_shape() {
    let s = start().await;
    let r = s.get("/api/v2/requests.json", "ada-token").await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["count"], 40);
    assert_eq!(v["requests"].as_array().map(Vec::len), Some(40));
    assert!(v["next_page"].is_null() && v["previous_page"].is_null());
    let first = &v["requests"][0];
    assert_eq!(first["id"], 100, "default: created_at ascending");
    assert_eq!(first["url"], format!("{}/api/v2/requests/100.json", s.api));
    assert_eq!(first["custom_fields"], first["fields"]);
    assert!(first["priority"].is_null() && first["type"].is_null());
    assert!(
        first.get("brand_id").is_some(),
        "unknown extra fields present"
    );
    let ts = first["created_at"].as_str().expect("ts");
    assert_eq!(ts.len(), 20);
    assert!(ts.ends_with('Z') && !ts.contains('.'));

    // Offset pages with full next/previous URLs on the API origin.
    let p1 = s
        .get(
            "/api/v2/requests.json?per_page=15&sort_order=desc",
            "ada-token",
        )
        .await
        .json();
    assert_eq!(p1["count"], 40);
    assert_eq!(ids(&p1, "requests")[0], 139);
    let next = p1["next_page"].as_str().expect("next").to_string();
    assert!(next.starts_with(&format!("{}/api/v2/requests.json?", s.api)));
    let p2 = s.get(&next, "ada-token").await.json();
    assert_eq!(ids(&p2, "requests")[0], 124);
    assert!(p2["previous_page"].as_str().is_some());
    let p3 = s
        .get(p2["next_page"].as_str().expect("p3"), "ada-token")
        .await
        .json();
    assert_eq!(p3["requests"].as_array().map(Vec::len), Some(10));
    assert!(p3["next_page"].is_null());

    // sort_by=updated_at differs from created_at for the bulk user.
    let a = s
        .get(
            "/api/v2/requests?per_page=5&sort_by=updated_at",
            "bulk-token",
        )
        .await
        .json();
    let b = s
        .get(
            "/api/v2/requests?per_page=5&sort_by=created_at",
            "bulk-token",
        )
        .await
        .json();
    assert_eq!(a["count"], 2000);
    assert_ne!(ids(&a, "requests"), ids(&b, "requests"));
    let upd: Vec<&str> = a["requests"]
        .as_array()
        .expect("a")
        .iter()
        .map(|r| r["updated_at"].as_str().expect("u"))
        .collect();
    assert!(upd.windows(2).all(|w| w[0] <= w[1]));
    // per_page is capped at 100.
    let big = s
        .get("/api/v2/requests?per_page=500", "bulk-token")
        .await
        .json();
    assert_eq!(big["requests"].as_array().map(Vec::len), Some(100));
    s.stop().await;
}

#[tokio::test]
async fn list_requests_cursor_pagination_walks_2000() {
    let s = start().await;
    let mut url = format!("{}/api/v2/requests.json?page[size]=100", s.api);
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let v = s.get(&url, "bulk-token").await.json();
        assert!(v.get("count").is_none());
        seen.extend(ids(&v, "requests"));
        pages += 1;
        if !v["meta"]["has_more"].as_bool().expect("has_more") {
            break;
        }
        url = v["links"]["next"].as_str().expect("next").to_string();
        assert!(url.starts_with(&s.api));
    }
    assert_eq!(pages, 20);
    assert_eq!(seen.len(), 2000);
    // Every request once, in Zendesk's own order rather than by id or date.
    let mut sorted = seen.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (10_000..12_000).collect::<Vec<u64>>());
    assert_ne!(seen, sorted);
    // Backwards with page[before].
    let v = s
        .get("/api/v2/requests?page[size]=3", "bulk-token")
        .await
        .json();
    let second = s
        .get(v["links"]["next"].as_str().expect("n"), "bulk-token")
        .await
        .json();
    let back = s
        .get(second["links"]["prev"].as_str().expect("p"), "bulk-token")
        .await
        .json();
    assert_eq!(ids(&back, "requests"), ids(&v, "requests"));
    s.stop().await;
}

/// Cursor pages ignore `sort_by`/`sort_order` (Zendesk community forum, "Lists Requests API
/// with Cursor Paginatoin not sorting", support.zendesk.com/hc/en-us/community/posts/
/// 8403358233882); offset pages with the same parameters sort as asked.
#[tokio::test]
async fn cursor_pages_ignore_sorting_offset_pages_honour_it() {
    let s = start().await;
    let updated = |v: &Value| -> Vec<String> {
        v["requests"]
            .as_array()
            .expect("requests")
            .iter()
            .map(|r| r["updated_at"].as_str().expect("updated_at").to_string())
            .collect()
    };
    let newest_first = |u: &[String]| u.windows(2).all(|w| w[0] >= w[1]);
    let cursor = s
        .get(
            "/api/v2/requests?page[size]=25&sort_by=updated_at&sort_order=desc",
            "bulk-token",
        )
        .await
        .json();
    assert!(!newest_first(&updated(&cursor)));
    let plain = s
        .get("/api/v2/requests?page[size]=25", "bulk-token")
        .await
        .json();
    assert_eq!(ids(&cursor, "requests"), ids(&plain, "requests"));
    let offset = s
        .get(
            "/api/v2/requests?per_page=25&page=1&sort_by=updated_at&sort_order=desc",
            "bulk-token",
        )
        .await
        .json();
    assert!(newest_first(&updated(&offset)));
    assert_eq!(offset["count"], 2000);
    s.stop().await;
}

#[tokio::test]
async fn cursor_page_errors() {
    let s = start().await;
    // page[size] over 100: 400 in the `errors` shape.
    let bad = s.get("/api/v2/requests?page[size]=101", "bulk-token").await;
    assert_eq!(bad.status, 400);
    assert!(bad.json()["errors"][0]["code"].is_string());
    assert!(bad.cors());
    let bad = s
        .get(
            "/api/v2/requests?page[size]=5&page[after]=garbage!",
            "bulk-token",
        )
        .await;
    assert_eq!(bad.status, 400);
    s.stop().await;
}

#[tokio::test]
async fn open_solved_ccd_and_status_filter() {
    let s = start().await;
    let open = s
        .get("/api/v2/requests/open.json", "ada-token")
        .await
        .json();
    let st: Vec<&str> = open["requests"]
        .as_array()
        .expect("o")
        .iter()
        .map(|r| r["status"].as_str().expect("s"))
        .collect();
    assert!(
        !st.is_empty()
            && st
                .iter()
                .all(|s| ["new", "open", "pending", "hold"].contains(s))
    );
    let solved = s.get("/api/v2/requests/solved", "ada-token").await.json();
    let st: Vec<&str> = solved["requests"]
        .as_array()
        .expect("s")
        .iter()
        .map(|r| r["status"].as_str().expect("s"))
        .collect();
    assert!(st.contains(&"solved") && st.contains(&"closed"));
    assert!(st.iter().all(|s| ["solved", "closed"].contains(s)));
    assert_eq!(
        open["count"].as_u64().unwrap_or(0) + solved["count"].as_u64().unwrap_or(0),
        40
    );
    let ccd = s.get("/api/v2/requests/ccd", "ada-token").await.json();
    assert_eq!(ids(&ccd, "requests"), vec![150, 151]);
    let f = s
        .get("/api/v2/requests?status=hold,new", "ada-token")
        .await
        .json();
    assert!(f["requests"]
        .as_array()
        .expect("f")
        .iter()
        .all(|r| r["status"] == "hold" || r["status"] == "new"));
    assert!(ids(&f, "requests").contains(&106) && ids(&f, "requests").contains(&107));
    s.stop().await;
}

#[tokio::test]
async fn unverified_user_cannot_list_but_can_read_own() {
    let s = start().await;
    for p in [
        "/api/v2/requests",
        "/api/v2/requests/open",
        "/api/v2/requests/ccd",
        "/api/v2/requests/search?query=x",
    ] {
        let r = s.get(p, "grace-token").await;
        assert_eq!(r.status, 403, "{p}");
        assert!(!r.cors(), "403 carries no CORS");
    }
    assert_eq!(
        s.get("/api/v2/requests/160", "grace-token").await.status,
        200
    );
    s.stop().await;
}

#[tokio::test]
async fn search_terms_filters_paging_limits() {
    let s = start().await;
    let v = s
        .get("/api/v2/requests/search.json?query=export", "ada-token")
        .await
        .json();
    assert!(ids(&v, "requests").contains(&101));
    // Matches comment text too ("Migration step" is only in comments of 120).
    let v = s
        .get(
            "/api/v2/requests/search?query=migration%20confirm",
            "ada-token",
        )
        .await
        .json();
    assert!(ids(&v, "requests").contains(&120));
    // CC'd requests are searchable; `cc_id=true` restricts to them.
    let v = s
        .get(
            "/api/v2/requests/search?query=invoice&cc_id=true",
            "ada-token",
        )
        .await
        .json();
    assert_eq!(ids(&v, "requests"), vec![150]);
    let v = s
        .get(
            "/api/v2/requests/search?query=order&status=solved",
            "bulk-token",
        )
        .await
        .json();
    assert_eq!(
        v["requests"].as_array().map(Vec::len),
        Some(15),
        "default 15 per page"
    );
    assert!(v["requests"]
        .as_array()
        .expect("r")
        .iter()
        .all(|r| r["status"] == "solved"));
    assert!(v["next_page"].as_str().is_some());
    assert!(v.get("meta").is_none(), "offset only");
    // Someone else's requests never show up.
    let v = s
        .get("/api/v2/requests/search?query=private", "ada-token")
        .await
        .json();
    assert_eq!(v["count"], 0);
    // 1000-result cap.
    let r = s
        .get(
            "/api/v2/requests/search?query=order&per_page=100&page=10",
            "bulk-token",
        )
        .await;
    assert_eq!(r.status, 200);
    let r = s
        .get(
            "/api/v2/requests/search?query=order&per_page=100&page=11",
            "bulk-token",
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.json()["error"].is_string() && r.cors());
    // Too many words.
    let q = vec!["word"; 25].join("%20");
    let r = s
        .get(&format!("/api/v2/requests/search?query={q}"), "ada-token")
        .await;
    assert_eq!(r.status, 406);
    assert!(r.json()["errors"][0]["title"].is_string());
    assert!(r.cors());
    s.stop().await;
}

#[tokio::test]
async fn show_with_users_and_access_rules() {
    let s = start().await;
    let r = s
        .get("/api/v2/requests/101.json?include=users", "ada-token")
        .await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["request"]["id"], 101);
    let users = ids(&v, "users");
    assert!(users.contains(&1001) && users.contains(&2002));
    // CC'd request is visible to Ada; Charles's private one is 403 (no CORS); unknown → 404 (CORS).
    assert_eq!(s.get("/api/v2/requests/150", "ada-token").await.status, 200);
    let r = s.get("/api/v2/requests/152", "ada-token").await;
    assert_eq!((r.status.as_u16(), r.cors()), (403, false));
    let r = s.get("/api/v2/requests/999999", "ada-token").await;
    assert_eq!((r.status.as_u16(), r.cors()), (404, true));
    assert_eq!(
        r.json(),
        json!({"error": "RecordNotFound", "description": "Not found"})
    );
    // can_be_solved_by_me only on 105.
    assert_eq!(
        s.get("/api/v2/requests/105", "ada-token").await.json()["request"]["can_be_solved_by_me"],
        true
    );
    assert_eq!(
        s.get("/api/v2/requests/101", "ada-token").await.json()["request"]["can_be_solved_by_me"],
        false
    );
    // Fixed seed statuses.
    for (id, st) in [
        (102, "pending"),
        (103, "solved"),
        (104, "closed"),
        (106, "hold"),
        (107, "new"),
    ] {
        assert_eq!(
            s.get(&format!("/api/v2/requests/{id}"), "ada-token")
                .await
                .json()["request"]["status"],
            st
        );
    }
    s.stop().await;
}

#[tokio::test]
async fn anonymous_cannot_read_back() {
    let s = start().await;
    for (m, p) in [
        ("GET", "/api/v2/requests"),
        ("GET", "/api/v2/requests/101"),
        ("GET", "/api/v2/requests/101/comments"),
        ("PUT", "/api/v2/requests/101"),
    ] {
        let body = (m == "PUT").then(|| json!({"request": {"comment": {"body": "x"}}}));
        let r = s.call(m, p, None, body).await;
        assert_eq!(r.status, 401, "{m} {p}");
        assert_eq!(r.json(), json!({"error": "Couldn't authenticate you"}));
    }
    s.stop().await;
}

#[tokio::test]
async fn create_as_end_user_and_anonymous() {
    let s = start().await;
    let body = json!({"request": {
        "subject": "Order 1234 never arrived",
        "comment": {"body": "Ordered on the 3rd, still nothing."},
        "ticket_form_id": 10,
        "custom_fields": [{"id": 21, "value": "shipping"}, {"id": 22, "value": "ACME-1"}, {"id": 999, "value": "x"}, {"id": 31, "value": "hidden"}],
        "priority": "urgent", "type": "incident",
        "email_ccs": [{"user_email": "partner@example.com", "action": "put"}],
        "collaborators": [1004, "c@example.com", {"name": "B", "email": "b@example.com"}],
    }});
    let r = s
        .call(
            "POST",
            "/api/v2/requests.json",
            Some("Bearer ada-token"),
            Some(body),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(r.header("location").is_some());
    let req = &r.json()["request"];
    assert_eq!(req["status"], "new");
    assert_eq!(req["requester_id"], 1001);
    assert!(
        req["priority"].is_null() && req["type"].is_null(),
        "end users can't set priority/type"
    );
    let cf = req["custom_fields"].as_array().expect("cf");
    assert!(cf.iter().any(|f| f["id"] == 21 && f["value"] == "shipping"));
    assert!(
        !cf.iter().any(|f| f["id"] == 999 || f["id"] == 31),
        "unknown and hidden fields dropped"
    );
    assert_eq!(req["email_cc_ids"].as_array().map(Vec::len), Some(1));
    assert_eq!(req["collaborator_ids"].as_array().map(Vec::len), Some(4));
    assert!(req["collaborator_ids"]
        .as_array()
        .expect("c")
        .contains(&json!(1004)));

    // Unknown ticket_form_id falls back to the default form; unknown option value dropped.
    let r = s.call("POST", "/api/v2/requests", Some("Bearer ada-token"), Some(json!({"request": {"subject": "s", "comment": {"body": "b"}, "ticket_form_id": 424242, "custom_fields": [{"id": 21, "value": "billing"}]}}))).await;
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["request"]["ticket_form_id"], 10);
    let r = s.call("POST", "/api/v2/requests", Some("Bearer ada-token"), Some(json!({"request": {"subject": "s", "comment": {"body": "b"}, "ticket_form_id": 13, "custom_fields": [{"id": 21, "value": "billing"}]}}))).await;
    assert_eq!(
        r.json()["request"]["ticket_form_id"],
        10,
        "inactive form falls back too"
    );

    // Anonymous with requester: name required, email validated.
    let r = s.call("POST", "/api/v2/requests", None, Some(json!({"request": {"subject": "Hi", "comment": {"body": "b"}, "custom_fields": [{"id": 21, "value": "other"}], "requester": {"email": "x@example.com"}}}))).await;
    assert_eq!(r.status, 422);
    assert!(r.cors());
    assert!(r.json()["details"]["requester"].is_array());
    let r = s.call("POST", "/api/v2/requests", None, Some(json!({"request": {"subject": "Hi", "comment": {"body": "b"}, "custom_fields": [{"id": 21, "value": "other"}], "requester": {"name": "Ann", "email": "not-an-email"}}}))).await;
    assert_eq!(r.status, 422);
    let r = s.call("POST", "/api/v2/requests", None, Some(json!({"request": {"subject": "Hi", "comment": {"body": "b"}, "custom_fields": [{"id": 21, "value": "other"}], "requester": {"name": "Ann", "email": "ann@example.com", "locale": "fr"}}}))).await;
    assert_eq!(r.status, 201);
    assert!(r.cors());
    assert!(r.json()["request"]["requester_id"].as_u64().expect("rid") >= 5000);

    // Missing subject/description.
    let r = s
        .call(
            "POST",
            "/api/v2/requests",
            Some("Bearer ada-token"),
            Some(json!({"request": {"comment": {"body": " "}}})),
        )
        .await;
    assert_eq!(r.status, 422);
    let v = r.json();
    assert_eq!(v["error"], "RecordInvalid");
    // Subject and description errors name their field (recorded real bodies).
    assert!(v["details"]["subject"].is_array() && v["details"]["description"].is_array());
    // Malformed JSON and missing root.
    let r = s
        .call_h(
            "POST",
            "/api/v2/requests",
            Some("Bearer ada-token"),
            None,
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(r.status, 400);
    // Body limit.
    let long = "x".repeat(65_001);
    let r = s.call("POST", "/api/v2/requests", Some("Bearer ada-token"), Some(json!({"request": {"subject": "s", "comment": {"body": long}, "custom_fields": [{"id": 21, "value": "other"}]}}))).await;
    assert_eq!(r.status, 422);
    s.stop().await;
}

#[tokio::test]
async fn required_and_conditional_fields_and_value_types() {
    let s = start().await;
    let post = |body: Value| {
        let s = &s;
        async move {
            s.call(
                "POST",
                "/api/v2/requests",
                Some("Bearer ada-token"),
                Some(json!({"request": body})),
            )
            .await
        }
    };
    // Form 10: topic (21) required.
    let r = post(json!({"subject": "s", "comment": {"body": "b"}, "ticket_form_id": 10})).await;
    assert_eq!(r.status, 422);
    let d = &r.json()["details"]["base"][0];
    assert_eq!(
        (
            d["error"].as_str(),
            d["ticket_field_id"].as_u64(),
            d["ticket_field_type"].as_str()
        ),
        (Some("BlankValue"), Some(21), Some("FieldTagger"))
    );
    // Topic shipping makes order number (22) required.
    let r = post(json!({"subject": "s", "comment": {"body": "b"}, "ticket_form_id": 10, "custom_fields": [{"id": 21, "value": "shipping"}]})).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["details"]["base"][0]["ticket_field_id"], 22);
    assert!(r.json()["details"]["base"][0].get("field_key").is_none());
    // Form 11: laptop requires a serial number matching the regexp.
    let r = post(json!({"subject": "s", "comment": {"body": "b"}, "ticket_form_id": 11, "custom_fields": [{"id": 30, "value": "hardware__laptop"}, {"id": 28, "value": "nope"}]})).await;
    assert_eq!(r.status, 422);
    let r = post(json!({"subject": "s", "comment": {"body": "b"}, "ticket_form_id": 11, "custom_fields": [
        {"id": 30, "value": "hardware__laptop"}, {"id": 28, "value": "AB-1234"}, {"id": 25, "value": "2026-02-28"},
        {"id": 26, "value": 3}, {"id": 27, "value": "12.50"}, {"id": 22, "value": "ACME-9"}]})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let cf = r.json()["request"]["custom_fields"].clone();
    assert!(cf
        .as_array()
        .expect("cf")
        .iter()
        .any(|f| f["id"] == 26 && f["value"] == "3"));
    for (id, bad) in [
        (25, json!("2026-02-30")),
        (26, json!("three")),
        (27, json!("1,5")),
    ] {
        let r = post(json!({"subject": "s", "comment": {"body": "b"}, "ticket_form_id": 11, "custom_fields": [{"id": id, "value": bad}]})).await;
        assert_eq!(r.status, 422, "field {id}");
        assert_eq!(r.json()["details"]["base"][0]["ticket_field_id"], id);
    }
    // Form 12: checkbox true requires steps (23); multiselect keeps only known values.
    let r = post(json!({"subject": "s", "comment": {"body": "b"}, "ticket_form_id": 12, "custom_fields": [{"id": 24, "value": true}]})).await;
    assert_eq!(r.status, 422);
    let r = post(json!({"subject": "s", "comment": {"body": "b"}, "ticket_form_id": 12, "custom_fields": [{"id": 24, "value": true}, {"id": 23, "value": "1. open"}, {"id": 29, "value": ["linux", "beos"]}]})).await;
    assert_eq!(r.status, 201);
    let cf = r.json()["request"]["custom_fields"].clone();
    assert!(cf
        .as_array()
        .expect("cf")
        .iter()
        .any(|f| f["id"] == 29 && f["value"] == json!(["linux"])));
    s.stop().await;
}

#[tokio::test]
async fn update_comment_solve_reopen_closed_followup() {
    let s = start().await;
    let put = |id: u64, body: Value| {
        let s = &s;
        async move {
            s.call(
                "PUT",
                &format!("/api/v2/requests/{id}.json"),
                Some("Bearer ada-token"),
                Some(json!({"request": body})),
            )
            .await
        }
    };
    // Reply to pending → open; ignored fields don't apply.
    let r = put(102, json!({"comment": {"body": "Version 3.2"}, "subject": "hacked", "status": "closed", "priority": "high"})).await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["request"]["status"], "open");
    assert_ne!(v["request"]["subject"], "hacked");
    // Reply to solved reopens it.
    assert_eq!(
        put(103, json!({"comment": {"body": "Still broken"}}))
            .await
            .json()["request"]["status"],
        "open"
    );
    // Closed rejects comments with 422 (CORS present).
    let r = put(104, json!({"comment": {"body": "hello?"}})).await;
    assert_eq!(r.status, 422);
    assert!(r.cors());
    assert_eq!(
        r.json()["details"]["status"][0]["error"],
        "ClosedPreventsUpdate"
    );
    // Follow-up of the closed request.
    let r = s.call("POST", "/api/v2/requests", Some("Bearer ada-token"), Some(json!({"request": {"subject": "Follow-up", "comment": {"body": "again"}, "via_followup_source_id": 104, "custom_fields": [{"id": 21, "value": "other"}]}}))).await;
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["request"]["followup_source_id"], 104);
    let r = s.call("POST", "/api/v2/requests", Some("Bearer ada-token"), Some(json!({"request": {"subject": "F", "comment": {"body": "x"}, "via_followup_source_id": 101, "custom_fields": [{"id": 21, "value": "other"}]}}))).await;
    assert_eq!(r.status, 422, "follow-up source must be closed");
    // solved on a request that can't be solved: 200, unchanged.
    let r = put(101, json!({"solved": true})).await;
    assert_eq!(
        (r.status.as_u16(), r.json()["request"]["status"].as_str()),
        (200, Some("open"))
    );
    // ... and on 105 it solves.
    assert_eq!(
        put(105, json!({"solved": true, "comment": {"body": "Thanks!"}}))
            .await
            .json()["request"]["status"],
        "solved"
    );
    // Collaborators and CCs.
    let v = put(106, json!({"additional_collaborators": ["new@example.com"], "email_ccs": [{"user_email": "cc@example.com", "action": "put"}]})).await.json();
    assert_eq!(
        v["request"]["collaborator_ids"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(
        v["request"]["email_cc_ids"].as_array().map(Vec::len),
        Some(1)
    );
    let v = put(
        106,
        json!({"email_ccs": [{"user_email": "cc@example.com", "action": "delete"}]}),
    )
    .await
    .json();
    assert_eq!(
        v["request"]["email_cc_ids"].as_array().map(Vec::len),
        Some(0)
    );
    // Someone else's request.
    let r = s
        .call(
            "PUT",
            "/api/v2/requests/152",
            Some("Bearer ada-token"),
            Some(json!({"request": {"comment": {"body": "x"}}})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.cors()), (403, false));
    // Blank comment.
    assert_eq!(put(101, json!({"comment": {"body": ""}})).await.status, 422);
    // The new comment shows up last.
    let c = s
        .get(
            "/api/v2/requests/102/comments?sort_order=desc&per_page=1",
            "ada-token",
        )
        .await
        .json();
    assert_eq!(c["comments"][0]["body"], "Version 3.2");
    assert!(c["comments"][0]["html_body"]
        .as_str()
        .expect("h")
        .contains("zd-comment"));
    s.stop().await;
}

#[tokio::test]
async fn ticket_update_limit_is_30_per_10_minutes() {
    let s = start().await;
    for i in 0..30 {
        let r = s
            .call(
                "PUT",
                "/api/v2/requests/101",
                Some("Bearer ada-token"),
                Some(json!({"request": {"comment": {"body": format!("n{i}")}}})),
            )
            .await;
        assert_eq!(r.status, 200);
    }
    let r = s
        .call(
            "PUT",
            "/api/v2/requests/101",
            Some("Bearer ada-token"),
            Some(json!({"request": {"comment": {"body": "too many"}}})),
        )
        .await;
    assert_eq!(r.status, 429);
    assert!(!r.cors() && r.header("retry-after").is_some());
    s.stop().await;
}

#[tokio::test]
async fn comments_list_paging_sort_since_role_users() {
    let s = start().await;
    let v = s
        .get("/api/v2/requests/120/comments.json", "ada-token")
        .await
        .json();
    assert_eq!(v["count"], 1000);
    assert_eq!(v["comments"].as_array().map(Vec::len), Some(100));
    assert!(v["next_page"].as_str().is_some());
    let users = v["users"].as_array().expect("users");
    assert!(users.iter().any(|u| u["agent"] == true
        && u["photo"]["content_url"]
            .as_str()
            .is_some_and(|c| c.starts_with(&s.content))));
    assert!(users.iter().any(|u| u["id"] == 1001 && u["agent"] == false));
    let times: Vec<&str> = v["comments"]
        .as_array()
        .expect("c")
        .iter()
        .map(|c| c["created_at"].as_str().expect("t"))
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "ascending by default"
    );

    // Cursor with sort=-created_at.
    let mut url = format!(
        "{}/api/v2/requests/120/comments.json?sort=-created_at&page[size]=100",
        s.api
    );
    let mut total = 0;
    let mut last: Option<String> = None;
    loop {
        let v = s.get(&url, "ada-token").await.json();
        for c in v["comments"].as_array().expect("c") {
            let t = c["created_at"].as_str().expect("t").to_string();
            if let Some(l) = &last {
                assert!(&t <= l);
            }
            last = Some(t);
            total += 1;
        }
        if v["meta"]["has_more"] != true {
            break;
        }
        url = v["links"]["next"].as_str().expect("next").to_string();
    }
    assert_eq!(total, 1000);
    // Bad sort.
    assert_eq!(
        s.get("/api/v2/requests/120/comments?sort=id", "ada-token")
            .await
            .status,
        400
    );
    // role filter.
    let a = s
        .get(
            "/api/v2/requests/120/comments?role=agent&per_page=100",
            "ada-token",
        )
        .await
        .json();
    assert_eq!(a["count"], 500);
    let e = s
        .get("/api/v2/requests/120/comments?role=end_user", "ada-token")
        .await
        .json();
    assert_eq!(e["count"], 500);
    // since.
    let all = s
        .get(
            "/api/v2/requests/120/comments?sort_order=desc&per_page=3",
            "ada-token",
        )
        .await
        .json();
    let since = all["comments"][2]["created_at"]
        .as_str()
        .expect("t")
        .to_string();
    let v = s
        .get(
            &format!("/api/v2/requests/120/comments?since={since}"),
            "ada-token",
        )
        .await
        .json();
    assert_eq!(v["count"], 3);
    // Rich HTML, attachments with thumbnails on the content origin, mixed width types.
    let v = s
        .get("/api/v2/requests/101/comments", "ada-token")
        .await
        .json();
    let rich = &v["comments"][1];
    let html = rich["html_body"].as_str().expect("html");
    for needle in ["<ol>", "<strong>", "<code>", "<a href=", "<img src=\"http"] {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(
        html.contains(&s.content),
        "inline image on the content origin"
    );
    let att = rich["attachments"].as_array().expect("att");
    assert_eq!(att.len(), 3);
    let pdf = att
        .iter()
        .find(|a| a["content_type"] == "application/pdf")
        .expect("pdf");
    assert!(pdf["width"].is_null());
    assert!(att.iter().any(|a| a["width"].is_number()));
    assert!(att.iter().any(|a| a["width"].is_string()));
    assert!(att.iter().any(|a| a["thumbnails"][0]["content_url"]
        .as_str()
        .is_some_and(|u| u.starts_with(&s.content))));
    // Hostile markup is there, for the widget to sanitize.
    let v = s
        .get("/api/v2/requests/108/comments", "ada-token")
        .await
        .json();
    let h = v["comments"][1]["html_body"].as_str().expect("h");
    assert!(h.contains("<script>") && h.contains("onerror=") && h.contains("javascript:"));
    // One comment.
    let cid = v["comments"][0]["id"].as_u64().expect("cid");
    let one = s
        .get(
            &format!("/api/v2/requests/108/comments/{cid}.json"),
            "ada-token",
        )
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json()["comment"]["id"], cid);
    assert_eq!(
        s.get("/api/v2/requests/108/comments/1", "ada-token")
            .await
            .status,
        404
    );
    assert_eq!(
        s.get(&format!("/api/v2/requests/152/comments/{cid}"), "ada-token")
            .await
            .status,
        403
    );
    s.stop().await;
}

#[tokio::test]
async fn ticket_forms_fields_locale() {
    let s = start().await;
    let r = s
        .call(
            "GET",
            "/api/v2/ticket_forms.json?active=true&end_user_visible=true",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.cors());
    // Without associated_to_brand, every brand's forms (15 is the outdoor brand's only).
    assert_eq!(ids(&r.json(), "ticket_forms"), vec![10, 11, 12, 15]);
    // Without active=true the inactive form is listed; the agent-only form never.
    let all = s
        .call("GET", "/api/v2/ticket_forms", None, None)
        .await
        .json();
    assert_eq!(ids(&all, "ticket_forms"), vec![10, 11, 12, 13, 15]);
    let f = &all["ticket_forms"][0];
    assert_eq!(f["end_user_conditions"][0]["parent_field_id"], 21);
    assert_eq!(
        f["end_user_conditions"][0]["child_fields"][0],
        json!({"id": 22, "is_required": true})
    );
    assert_eq!(
        s.call("GET", "/api/v2/ticket_forms/14", None, None)
            .await
            .status,
        404
    );
    assert_eq!(
        s.call("GET", "/api/v2/ticket_forms/11.json", None, None)
            .await
            .json()["ticket_form"]["id"],
        11
    );

    let r = s.call("GET", "/api/v2/ticket_forms/show_many.json?ids=10,11,12,14&include=ticket_fields&active=true&end_user_visible=true&locale=de", None, None).await;
    assert_eq!(r.status, 200);
    assert!(r.cors());
    let v = r.json();
    assert_eq!(ids(&v, "ticket_forms"), vec![10, 11, 12]);
    assert_eq!(v["ticket_forms"][0]["display_name"], "Allgemeine Frage");
    let fields = v["ticket_fields"].as_array().expect("fields");
    let types: Vec<&str> = fields
        .iter()
        .map(|f| f["type"].as_str().expect("t"))
        .collect();
    for t in [
        "subject",
        "description",
        "text",
        "textarea",
        "checkbox",
        "date",
        "integer",
        "decimal",
        "regexp",
        "tagger",
        "multiselect",
    ] {
        assert!(types.contains(&t), "{t}");
    }
    assert!(
        !fields.iter().any(|f| f["id"] == 31),
        "hidden field never listed"
    );
    let topic = fields.iter().find(|f| f["id"] == 21).expect("21");
    assert_eq!(topic["title_in_portal"], "Worum geht es?");
    assert_eq!(topic["required_in_portal"], true);
    let nested = fields.iter().find(|f| f["id"] == 30).expect("30");
    assert!(nested["custom_field_options"][0]["name"]
        .as_str()
        .expect("n")
        .contains("::"));
    assert!(
        fields.iter().find(|f| f["id"] == 28).expect("28")["regexp_for_validation"].is_string()
    );

    let r = s
        .call("GET", "/api/v2/ticket_fields.json?locale=de", None, None)
        .await;
    assert!(r.cors());
    let v = r.json();
    assert!(!ids(&v, "ticket_fields").contains(&31));
    assert!(v["ticket_fields"]
        .as_array()
        .expect("f")
        .iter()
        .all(|f| f["visible_in_portal"] == true));
    assert_eq!(
        s.call("GET", "/api/v2/ticket_fields/31", None, None)
            .await
            .status,
        404
    );
    assert_eq!(
        s.call("GET", "/api/v2/ticket_fields/21", None, None)
            .await
            .json()["ticket_field"]["title_in_portal"],
        "What is it about?"
    );
    assert_eq!(
        s.call("GET", "/api/v2/ticket_forms/show_many", None, None)
            .await
            .status,
        400
    );
    s.stop().await;
}

#[tokio::test]
async fn help_center_article_search() {
    let s = start().await;
    let r = s
        .call(
            "GET",
            "/api/v2/help_center/articles/search.json?query=password&locale=en-us&per_page=5",
            None,
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.cors());
    let v = r.json();
    let results = v["results"].as_array().expect("results");
    assert!(!results.is_empty() && results.len() <= 5);
    let first = &results[0];
    assert!(first["title"]
        .as_str()
        .expect("t")
        .to_lowercase()
        .contains("password"));
    assert!(first["html_url"]
        .as_str()
        .expect("u")
        .starts_with(&format!("{}/hc/en-us/articles/", s.api)));
    assert!(first["snippet"].as_str().expect("s").contains("<em>"));
    // The html_url is served.
    let page = s
        .call("GET", first["html_url"].as_str().expect("u"), None, None)
        .await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("<h1>"));
    let v = s
        .call(
            "GET",
            "/api/v2/help_center/en-us/articles/search?query=shipping%20return",
            None,
            None,
        )
        .await
        .json();
    assert!(v["count"].as_u64().expect("c") >= 2);
    let none = s
        .call(
            "GET",
            "/api/v2/help_center/articles/search?query=zzzqqq",
            None,
            None,
        )
        .await
        .json();
    assert_eq!(none["count"], 0);
    assert_eq!(
        s.call("GET", "/api/v2/help_center/articles/search", None, None)
            .await
            .status,
        400
    );
    s.stop().await;
}

#[tokio::test]
async fn users_me_and_satisfaction() {
    let s = start().await;
    let r = s.call("GET", "/api/v2/users/me.json", None, None).await;
    assert_eq!(r.status, 200, "anonymous is 200, not 401");
    let v = r.json();
    assert!(v["user"]["id"].is_null());
    assert_eq!(v["user"]["name"], "Anonymous user");
    let r = s.get("/api/v2/users/me", "ada-token").await;
    assert_eq!(r.json()["user"]["id"], 1001);
    assert_eq!(r.header("x-zendesk-user-id"), Some("1001"));
    assert!(r.cors());

    let rate = |id: u64, token: &'static str, score: &'static str| {
        let s = &s;
        async move {
            s.call(
                "POST",
                &format!("/api/v2/tickets/{id}/satisfaction_rating.json"),
                Some(&bearer(token)),
                Some(json!({"satisfaction_rating": {"score": score, "comment": "Great"}})),
            )
            .await
        }
    };
    let r = rate(103, "ada-token", "good").await;
    assert_eq!(r.status, 200, "{}", r.text);
    // The OpenAPI document's shape: an array of one rating.
    assert_eq!(r.json()["satisfaction_rating"][0]["score"], "good");
    assert_eq!(
        rate(103, "ada-token", "bad").await.json()["satisfaction_rating"][0]["score"],
        "bad"
    );
    assert_eq!(rate(103, "ada-token", "meh").await.status, 422);
    assert_eq!(
        rate(101, "ada-token", "good").await.status,
        422,
        "not solved"
    );
    let r = rate(150, "ada-token", "good").await;
    assert_eq!(
        (r.status.as_u16(), r.cors()),
        (403, false),
        "only the requester"
    );
    s.stop().await;
}
