//! `suspend_anonymous_requests`: anonymous requests held as suspended tickets until an agent
//! (or the requester's verification) recovers them.
mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn held_anonymous_requests_are_created_but_seen_by_no_one_until_recovered() {
    let s = start_with(|c| c.settings.suspend_anonymous_requests = true).await;
    // Ada's address, anonymously: the request is filed under her user, as Zendesk does.
    let anonymous = json!({"request": {
        "requester": {"name": "Ada", "email": "ada@example.com"},
        "subject": "Held for review", "comment": {"body": "Please look."},
        "custom_fields": [{"id": 21, "value": "billing"}],
    }});
    let r = s
        .call("POST", "/api/v2/requests.json", None, Some(anonymous))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["request"]["id"].as_u64().expect("an id");
    assert_eq!(r.json()["request"]["subject"], "Held for review");

    assert!(!listed(&s, id).await, "held: not in the requester's list");
    assert_eq!(
        s.get(&format!("/api/v2/requests/{id}.json"), "ada-token")
            .await
            .status,
        403
    );

    // Signed-in requests are never held.
    let signed_in = json!({"request": {"subject": "Not held", "comment": {"body": "b"}, "custom_fields": [{"id": 21, "value": "billing"}]}});
    let r = s
        .call(
            "POST",
            "/api/v2/requests.json",
            Some("Bearer ada-token"),
            Some(signed_in),
        )
        .await;
    let own = r.json()["request"]["id"].as_u64().expect("an id");
    assert_eq!(
        s.get(&format!("/api/v2/requests/{own}.json"), "ada-token")
            .await
            .status,
        200
    );

    // An agent recovers it: now it is an ordinary request.
    let r = s
        .ctl(
            "PATCH",
            &format!("/requests/{id}"),
            Some(json!({"suspended": false})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(listed(&s, id).await, "recovered: listed");
    assert_eq!(
        s.get(&format!("/api/v2/requests/{id}.json"), "ada-token")
            .await
            .status,
        200
    );
    s.stop().await;
}

/// Whether Ada's newest requests include `id`.
async fn listed(s: &Sim, id: u64) -> bool {
    let list = s
        .get(
            "/api/v2/requests.json?per_page=100&sort_order=desc&sort_by=created_at",
            "ada-token",
        )
        .await;
    list.json()["requests"]
        .as_array()
        .expect("list")
        .iter()
        .any(|r| r["id"] == id)
}
