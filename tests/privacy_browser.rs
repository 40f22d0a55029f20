//! What the widget keeps on the device expires: receipts, saved reads and drafts past their
//! retention time are gone once the widget starts, in headless Chromium's real localStorage,
//! and the host's `retention` option sets the times.
#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::json;
use support::*;
use support_widget::model::draft::storage_key;
use support_widget::model::retention::iso_from_ms;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DAY_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

fn days_ago_ms(days: f64) -> u64 {
    (js_sys::Date::now() - days * DAY_MS) as u64
}

fn days_ago(days: f64) -> String {
    iso_from_ms(days_ago_ms(days))
}

/// Removes every key the widget may have left from an earlier test.
fn clear_widget_keys() {
    let storage = storage();
    let keys: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with("support-widget:"))
        .collect();
    for key in keys {
        storage.remove_item(&key).unwrap();
    }
}

fn get(key: &str) -> Option<String> {
    storage().get_item(key).unwrap()
}

fn set(key: &str, value: &str) {
    storage().set_item(key, value).unwrap();
}

#[wasm_bindgen_test]
async fn receipts_saved_reads_and_drafts_past_their_time_are_gone_when_the_widget_starts() {
    reset().await;
    clear_widget_keys();
    let receipts = storage_key(SIM, "anonymous", "receipts");
    set(
        &receipts,
        &json!([
            {"id": 20001, "subject": "Yesterday", "created_at": days_ago(1.0), "email": "ada@example.com"},
            {"id": 20000, "subject": "Last month", "created_at": days_ago(31.0), "email": "ada@example.com"},
        ])
        .to_string(),
    );
    let stale_draft = storage_key(SIM, "anonymous", "draft:reply:105");
    set(
        &stale_draft,
        &json!({"body": "never sent", "saved_at": days_ago(8.0)}).to_string(),
    );
    let old_read = storage_key(SIM, "user", "read:/api/v2/requests/101.json");
    let fresh_read = storage_key(SIM, "user", "read:/api/v2/requests/105.json");
    set(
        &old_read,
        &format!("{}\n{{\"request\":{{\"id\":101}}}}", days_ago_ms(8.0)),
    );
    set(
        &fresh_read,
        &format!("{}\n{{\"request\":{{\"id\":105}}}}", days_ago_ms(1.0)),
    );
    let old_mark = storage_key(SIM, "user", "seen:101");
    set(&old_mark, &days_ago(91.0));
    let owner = storage_key(SIM, "user", "owner");
    set(&owner, "1001");
    let other_account = storage_key("https://other.zendesk.com", "anonymous", "receipts");
    set(
        &other_account,
        &json!([{"id": 1, "subject": "s", "created_at": days_ago(31.0)}]).to_string(),
    );

    let widget = Mounted::new(json!({"view": "tickets"}), None);
    widget.wait_for_text("Yesterday").await;

    let kept = get(&receipts).expect("the recent receipt stays");
    assert!(kept.contains("20001") && !kept.contains("20000"), "{kept}");
    assert!(
        !kept.contains("ada@example.com"),
        "receipts don't keep the email: {kept}"
    );
    assert!(
        !widget.text().contains("Last month"),
        "an expired receipt isn't listed"
    );
    assert_eq!(get(&stale_draft), None, "a draft a week old is gone");
    assert_eq!(get(&old_read), None, "a saved read past its week is gone");
    assert!(get(&fresh_read).is_some(), "a recent saved read stays");
    assert_eq!(
        get(&old_mark),
        None,
        "a last-seen mark past its time is gone"
    );
    assert!(
        get(&owner).is_some(),
        "the owner stays while the user has entries"
    );
    assert!(
        get(&other_account).is_some(),
        "another account's entries wait for a widget of that account"
    );
    widget.unmount();
}

#[wasm_bindgen_test]
async fn the_host_sets_the_retention_times() {
    reset().await;
    clear_widget_keys();
    let receipts = storage_key(SIM, "anonymous", "receipts");
    set(
        &receipts,
        &json!([{"id": 20001, "subject": "An hour ago", "created_at": days_ago(0.04)}]).to_string(),
    );
    let read = storage_key(SIM, "user", "read:/api/v2/requests/105.json");
    set(&read, &format!("{}\n{{}}", days_ago_ms(2.0)));
    let owner = storage_key(SIM, "user", "owner");
    set(&owner, "1001");

    let widget = Mounted::new(
        json!({"view": "tickets", "retention": {"receipts": 0, "savedReads": 1}}),
        None,
    );
    widget
        .wait_for("the empty receipts list", ".sw-receipts .sw-empty")
        .await;
    assert_eq!(get(&receipts), None, "`receipts: 0` keeps none");
    assert_eq!(
        get(&read),
        None,
        "`savedReads: 1` drops a read two days old"
    );
    assert_eq!(
        get(&owner),
        None,
        "the owner mark goes with the user's last entry"
    );
    widget.unmount();

    // A bad option is refused with a message naming it.
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(document.create_element("div").unwrap());
    let root = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    let error = support_widget::embed::mount(
        host,
        root,
        js_options(&json!({"baseUrl": SIM, "retention": {"receipts": "soon"}})),
        wasm_bindgen::JsValue::UNDEFINED,
    )
    .err()
    .expect("refused");
    let message = js_sys::Error::from(wasm_bindgen::JsValue::from(error))
        .message()
        .as_string()
        .unwrap();
    assert!(
        message.contains("`retention`") && message.contains("receipts"),
        "{message}"
    );
}
