//! "My tickets" in headless Chromium against the local Zendesk simulator: the list by tab,
//! search and paging, a conversation with its older comments, replying with an attachment,
//! solving, following up a closed request, the unread dot, live polling, hostile agent HTML,
//! anonymous receipts and the error states. Every test resets the simulator and checks what it
//! received through `GET /__sim/calls`.
#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::{json, Value};
use support::*;
use support_widget::model::draft::storage_key;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::File;

wasm_bindgen_test_configure!(run_in_browser);

/// The JSON bodies of the updates (`PUT /api/v2/requests/{id}`) the simulator received.
async fn updates(id: u64) -> Vec<Value> {
    bodies("PUT", &format!("/api/v2/requests/{id}")).await
}

/// Mounts a widget on "My tickets" against the simulator, with `token` (or anonymous).
fn mount_tickets(mut extra: Value, token: Option<&'static str>) -> Mounted {
    extra["view"] = json!("tickets");
    Mounted::new(extra, token)
}

/// A signed-in widget with the first page of the list shown.
async fn signed_in(token: &'static str) -> Mounted {
    let m = mount_tickets(json!({}), Some(token));
    m.wait_for("the first rows", ".sw-rows .sw-row[data-id]")
        .await;
    m
}

/// The list's and the conversation's own hands.
impl Mounted {
    fn rows(&self) -> Vec<u64> {
        self.all(".sw-rows .sw-row[data-id]")
            .iter()
            .filter_map(|r| r.get_attribute("data-id")?.parse().ok())
            .collect()
    }

    async fn choose_tab(&self, slug: &str) {
        self.click(&format!("[data-tab={slug}]"));
        self.until(&format!("the {slug} tab"), |m| {
            m.get(&format!("[data-tab={slug}]"))
                .get_attribute("aria-selected")
                .as_deref()
                == Some("true")
                && m.find("#sw-ticket-rows[aria-busy=false]").is_some()
        })
        .await;
    }

    /// Opens a request from the list and waits for its thread.
    async fn open_request(&self, id: u64) {
        self.click(&format!(".sw-row[data-id='{id}'] .sw-row-button"));
        self.wait_for(
            "the conversation",
            &format!(".sw-conversation[data-request='{id}'] .sw-thread .sw-comment"),
        )
        .await;
    }

    /// Puts files into the reply's attachment picker.
    fn pick(&self, files: &[File]) {
        self.pick_into(".sw-reply .sw-attachments input[type=file]", files);
    }
}

// ----- the list -----

#[wasm_bindgen_test]
async fn the_list_shows_every_status_by_tab_newest_first_in_one_round_trip() {
    reset().await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    // The first screen: one call, the Open tab, newest activity first, a full page.
    let first = calls("GET", "/api/v2/requests").await;
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(first[0]["path"], "/api/v2/requests/open.json");
    let query = first[0]["query"].as_str().unwrap();
    // Offset pages: Zendesk ignores sorting on cursor pages.
    for part in [
        "sort_by=updated_at",
        "sort_order=desc",
        "page=1",
        "per_page=100",
    ] {
        assert!(query.contains(part), "{query}");
    }
    let open = m.texts(".sw-rows .sw-badge");
    assert!(!open.is_empty());
    for label in &open {
        assert!(
            ["New", "Open", "Awaiting your reply", "On hold"].contains(&label.as_str()),
            "{label} in Open"
        );
    }

    m.choose_tab("all").await;
    let badges = m.texts(".sw-rows .sw-badge");
    for label in [
        "New",
        "Open",
        "Awaiting your reply",
        "On hold",
        "Solved",
        "Closed",
    ] {
        assert!(badges.iter().any(|b| b == label), "{label} in {badges:?}");
    }
    let row = m.get(".sw-row[data-id='102']");
    assert!(row.text_content().unwrap().contains("Awaiting your reply"));
    assert!(row.text_content().unwrap().contains("Request #102"));
    assert!(
        m.get(".sw-row[data-id='102'] time")
            .text_content()
            .unwrap()
            .starts_with("Updated "),
        "relative time from Intl"
    );
    // Sorted by last update, newest first.
    let times: Vec<String> = m
        .all(".sw-rows .sw-row time")
        .iter()
        .map(|t| t.get_attribute("datetime").unwrap())
        .collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted);

    m.choose_tab("solved").await;
    for label in m.texts(".sw-rows .sw-badge") {
        assert!(["Solved", "Closed"].contains(&label.as_str()), "{label}");
    }
    m.choose_tab("ccd").await;
    let mut ccd = m.rows();
    ccd.sort_unstable();
    assert_eq!(ccd, [150, 151]);
    let paths: Vec<String> = calls("GET", "/api/v2/requests")
        .await
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/api/v2/requests/open.json",
            "/api/v2/requests.json",
            "/api/v2/requests/solved.json",
            "/api/v2/requests/ccd.json"
        ]
    );
}

#[wasm_bindgen_test]
async fn load_more_pages_to_the_end_of_two_thousand_requests() {
    reset().await;
    let m = signed_in(seeded::BULK_TOKEN).await;
    m.choose_tab("all").await;
    let started = js_sys::Date::now();
    let mut pages = 1;
    while m.find(".sw-load-more").is_some() {
        let before = m.count(".sw-rows .sw-row");
        m.click(".sw-load-more");
        m.until("the next page", |m| {
            m.count(".sw-rows .sw-row") > before || m.find(".sw-load-more").is_none()
        })
        .await;
        pages += 1;
        assert!(pages <= 20, "more pages than expected");
    }
    let elapsed = js_sys::Date::now() - started;
    let mut ids = m.rows();
    assert_eq!(ids.len(), 2000);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 2000, "no request twice");
    assert_eq!(
        (ids[0], ids[1999]),
        (seeded::BULK_FIRST, seeded::BULK_FIRST + 1999)
    );
    assert_eq!(pages, 20);
    let list_calls = calls("GET", "/api/v2/requests.json").await;
    assert_eq!(list_calls.len(), 20, "one call per page of 100");
    // Offset pages (Zendesk ignores sorting on cursor pages), each asked for once.
    let pages: Vec<String> = list_calls
        .iter()
        .map(|c| c["query"].as_str().unwrap().to_string())
        .collect();
    for (n, query) in pages.iter().enumerate() {
        assert!(query.contains(&format!("page={}&", n + 1)), "{query}");
        assert!(query.contains("per_page=100"), "{query}");
    }
    assert!(elapsed < 60_000.0, "paging took {elapsed} ms");
    web_sys::console::log_1(&format!("19 more pages in {elapsed} ms").into());
}

#[wasm_bindgen_test]
async fn search_finds_within_the_tab_and_clears() {
    reset().await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    m.type_into("#sw-ticket-search", "email address");
    m.click(".sw-ticket-search button[type=submit]");
    m.until("search results", |m| {
        m.find(".sw-clear-search").is_some() && m.find("#sw-ticket-rows[aria-busy=false]").is_some()
    })
    .await;
    let rows = m.texts(".sw-rows .sw-row-subject");
    assert!(!rows.is_empty(), "{}", m.text());
    assert!(rows
        .iter()
        .any(|s| s.contains("Cannot change my email address")));
    let search = calls("GET", "/api/v2/requests/search").await;
    assert_eq!(search.len(), 1);
    let query = search[0]["query"].as_str().unwrap();
    assert!(
        query.starts_with("query=email") && query.contains("address&page=1&per_page=100"),
        "{query}"
    );

    m.type_into("#sw-ticket-search", "zzzz-nothing-matches");
    m.click(".sw-ticket-search button[type=submit]");
    m.wait_for_text("No requests match your search").await;

    m.click(".sw-clear-search");
    m.wait_for("the list again", ".sw-rows .sw-row[data-id]")
        .await;
    assert_eq!(m.value_of("#sw-ticket-search"), "");
}

impl Mounted {
    fn value_of(&self, selector: &str) -> String {
        js_sys::Reflect::get(&self.get(selector), &"value".into())
            .unwrap()
            .as_string()
            .unwrap()
    }
}

#[wasm_bindgen_test]
async fn unverified_email_is_explained_and_reported() {
    reset().await;
    let m = mount_tickets(json!({}), Some(seeded::GRACE_TOKEN));
    m.wait_for("the error", ".sw-list-error").await;
    assert!(
        m.text().contains("confirm your email address"),
        "{}",
        m.text()
    );
    assert!(m.find(".sw-list-error button").is_some(), "a retry button");
    assert!(m
        .events
        .borrow()
        .iter()
        .any(|(name, detail)| name == "error" && detail["code"] == "unverified_email"));
}

#[wasm_bindgen_test]
async fn a_refused_token_asks_the_host_to_sign_in_again() {
    reset().await;
    let m = mount_tickets(json!({}), Some("not-a-real-token"));
    m.wait_for("the error", ".sw-list-error").await;
    assert!(m.text().contains("Sign in again"), "{}", m.text());
    assert!(m
        .events
        .borrow()
        .iter()
        .any(|(name, detail)| name == "error" && detail["code"] == "signed_out"));
}

#[wasm_bindgen_test]
async fn anonymous_users_see_their_receipts_and_nothing_is_asked_of_zendesk() {
    reset().await;
    storage()
        .set_item(
            &storage_key(SIM, "anonymous", "receipts"),
            &json!([{"id": 20001, "subject": "Printer on fire", "created_at": "2026-11-20T10:00:00Z", "email": "v@example.com"}])
                .to_string(),
        )
        .unwrap();
    let m = mount_tickets(json!({}), None);
    m.wait_for("the receipts", ".sw-receipt[data-id='20001']")
        .await;
    assert!(m.text().contains("Printer on fire"));
    assert!(m.text().contains("Request #20001"));
    assert!(m.text().contains("sign in to read and answer them"));
    sleep(300).await;
    let asked: Vec<Value> = calls("GET", "/api/v2/requests").await;
    assert!(asked.is_empty(), "{asked:?}");
}

// ----- the conversation -----

#[wasm_bindgen_test]
async fn a_conversation_shows_authors_attachments_and_pages_to_the_first_of_1000_comments() {
    reset().await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    m.open_request(seeded::RICH).await;
    // Agent marker, avatar (photo or initials), attachments as links, never credentialed.
    assert!(m.find(".sw-comment-agent .sw-agent").is_some());
    assert!(m.find(".sw-comment .sw-avatar").is_some());
    let links = m.all(".sw-comment-file a");
    assert!(links.len() >= 3, "{}", m.text());
    for link in &links {
        assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
        assert_eq!(
            link.get_attribute("rel").as_deref(),
            Some("noopener noreferrer")
        );
    }
    assert!(m.all(".sw-comment-file a").iter().any(|a| a
        .get_attribute("aria-label")
        .unwrap_or_default()
        .contains("invoice-2026-10.pdf")));
    assert!(
        m.find(".sw-comment-file img.sw-thumb").is_some(),
        "image thumbnail"
    );
    assert!(
        m.find(".sw-comment-file .sw-file-kind").is_some(),
        "PDF type label"
    );
    let content_calls = calls("GET", "/attachments").await;
    assert!(
        content_calls.is_empty(),
        "attachments never go through the API origin"
    );

    m.click(".sw-back");
    m.until("the list", |m| m.find(".sw-conversation").is_none())
        .await;
    m.open_request(seeded::LONG).await;
    assert_eq!(
        m.count(".sw-thread .sw-comment"),
        50,
        "the newest page first"
    );
    let mut clicks = 0;
    while m.find(".sw-older").is_some() {
        let before = m.count(".sw-thread .sw-comment");
        m.click(".sw-older");
        m.until("older comments", |m| {
            m.count(".sw-thread .sw-comment") > before || m.find(".sw-older").is_none()
        })
        .await;
        clicks += 1;
        assert!(clicks < 30);
    }
    assert_eq!(m.count(".sw-thread .sw-comment"), 1000);
    assert_eq!(clicks, 19);
    // Oldest first on screen: the first comment is the request's description.
    let first = m.get(".sw-thread .sw-comment").text_content().unwrap();
    let last = m
        .all(".sw-thread .sw-comment")
        .last()
        .unwrap()
        .text_content()
        .unwrap();
    assert_ne!(first, last);
    let ids: Vec<u64> = m
        .all(".sw-thread .sw-comment")
        .iter()
        .map(|c| c.get_attribute("data-comment").unwrap().parse().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), 1000);
}

#[wasm_bindgen_test]
async fn a_reply_with_an_attachment_sends_exactly_that_and_appears_at_once() {
    reset().await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    m.open_request(seeded::RICH).await;
    let before = m.count(".sw-thread .sw-comment");
    m.type_into("#sw-reply", "Here is the log you asked for.");
    m.pick(&[file("export.log", "line 1\nline 2\n", "text/plain")]);
    m.until("the upload", |m| {
        m.find(".sw-reply .sw-file").is_some() && m.find(".sw-reply progress").is_none()
    })
    .await;
    // The draft is kept per request while typing.
    let draft = storage()
        .get_item(&storage_key(SIM, "user", "draft:reply:101"))
        .unwrap()
        .expect("draft saved");
    assert!(draft.contains("Here is the log") && draft.contains("export.log"));

    m.click(".sw-reply button[type=submit]");
    m.until("the new comment", |m| {
        m.count(".sw-thread .sw-comment") == before + 1
    })
    .await;
    let sent = updates(seeded::RICH).await;
    assert_eq!(sent.len(), 1);
    let token = sent[0]["request"]["comment"]["uploads"][0]
        .as_str()
        .expect("one upload token")
        .to_owned();
    assert_eq!(
        sent[0],
        json!({"request": {"comment": {"body": "Here is the log you asked for.", "uploads": [token]}}})
    );
    let newest = m.all(".sw-thread .sw-comment").pop().unwrap();
    assert!(newest
        .text_content()
        .unwrap()
        .contains("Here is the log you asked for."));
    assert!(newest.text_content().unwrap().contains("export.log"));
    assert!(m
        .events
        .borrow()
        .iter()
        .any(|(name, detail)| name == "comment-added" && detail["requestId"] == seeded::RICH));
    assert_eq!(m.value_of("#sw-reply"), "");
    assert_eq!(
        storage()
            .get_item(&storage_key(SIM, "user", "draft:reply:101"))
            .unwrap(),
        None,
        "draft cleared"
    );
}

#[wasm_bindgen_test]
async fn a_reply_of_unknown_outcome_is_checked_not_resent() {
    reset().await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    m.open_request(seeded::PENDING).await;
    fault(json!({"method": "PUT", "path": "/api/v2/requests/102", "count": 1, "kind": "drop_after_commit"}))
        .await;
    m.type_into("#sw-reply", "Did this arrive?");
    m.click(".sw-reply button[type=submit]");
    m.wait_for_text("may have been sent").await;
    m.wait_for_text("It arrived").await;
    assert_eq!(updates(seeded::PENDING).await.len(), 1, "never re-sent");
    assert_eq!(
        m.texts(".sw-thread .sw-comment .sw-rich-text")
            .iter()
            .filter(|t| t.contains("Did this arrive?"))
            .count(),
        1
    );
}

#[wasm_bindgen_test]
async fn a_reply_the_browser_sent_twice_is_said_to_be_in_the_thread_twice() {
    // The connection closes before any byte of the answer and Chromium re-sends the PUT by
    // itself: Zendesk adds the comment twice and the widget sees the second answer only.
    reset().await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    m.open_request(seeded::PENDING).await;
    fault(
        json!({"method": "PUT", "path": "/api/v2/requests/102", "count": 1,
                 "kind": "drop_after_commit", "response": "none"}),
    )
    .await;
    m.type_into("#sw-reply", "Sent once, posted twice?");
    m.click(".sw-reply button[type=submit]");
    m.wait_for_text("Your reply is in the conversation twice")
        .await;
    assert_eq!(
        updates(seeded::PENDING).await.len(),
        2,
        "the browser re-sent it"
    );
    assert_eq!(
        m.texts(".sw-thread .sw-comment .sw-rich-text")
            .iter()
            .filter(|t| t.contains("Sent once, posted twice?"))
            .count(),
        2
    );
}

#[wasm_bindgen_test]
async fn replying_to_a_solved_request_warns_that_it_reopens() {
    reset().await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    m.open_request(seeded::SOLVED).await;
    m.wait_for_text("Replying will reopen it").await;
}

#[wasm_bindgen_test]
async fn mark_as_solved_asks_first_then_rereads_the_status() {
    reset().await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    m.open_request(seeded::SOLVABLE).await;
    m.click(".sw-solve-button");
    m.wait_for_text("Mark this request as solved?").await;
    assert!(
        updates(seeded::SOLVABLE).await.is_empty(),
        "nothing before confirming"
    );
    m.click_button("Yes, it's solved");
    m.wait_for_text("Marked as solved").await;
    assert_eq!(
        updates(seeded::SOLVABLE).await,
        [json!({"request": {"solved": true}})]
    );
    m.until("the solved badge", |m| {
        m.texts(".sw-conversation .sw-badge") == ["Solved"]
    })
    .await;
    assert!(m.find(".sw-solve-button").is_none());
    let reads = calls("GET", "/api/v2/requests/105.json").await;
    assert!(reads.len() >= 2, "the status is re-read after solving");
    // The satisfaction rating is offered on the solved request.
    m.wait_for("the rating", ".sw-rating").await;
    m.click_button("Good, I'm satisfied");
    m.wait_for("the comment box", "#sw-rating-comment").await;
    m.type_into("#sw-rating-comment", "Quick and kind");
    m.click(".sw-rating button[type=submit]");
    m.wait_for_text("Thanks for your feedback").await;
    let rated = calls("POST", "/api/v2/tickets/105/satisfaction_rating").await;
    assert_eq!(rated.len(), 1);
    let body: Value = serde_json::from_str(rated[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"satisfaction_rating": {"score": "good", "comment": "Quick and kind"}})
    );
}

#[wasm_bindgen_test]
async fn a_closed_request_takes_no_reply_and_offers_a_follow_up() {
    reset().await;
    control(
        "PATCH",
        "/__sim/requests/103",
        Some(json!({"status": "closed"})),
    )
    .await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    m.open_request(seeded::SOLVED).await;
    m.wait_for_text("can't take new replies").await;
    assert!(m.find("#sw-reply").is_none(), "no reply box");
    m.click_button("Create a follow-up");
    m.until("the contact tab", |m| {
        m.get("#sw-tab-contact")
            .get_attribute("aria-selected")
            .as_deref()
            == Some("true")
    })
    .await;
    m.wait_for_text("This is a follow-up to request #103").await;
}

#[wasm_bindgen_test]
async fn the_unread_dot_appears_after_an_agent_reply_and_goes_after_viewing() {
    reset().await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    assert_eq!(
        m.count(".sw-row[data-id='101'] .sw-dot"),
        0,
        "nothing new yet"
    );
    // Zendesk's times have whole seconds: the reply must come after the first visit's second.
    sleep(1100).await;
    control(
        "POST",
        "/__sim/requests/101/agent_comment",
        Some(json!({"body": "We found the problem."})),
    )
    .await;
    // Showing the tab again reads the list again.
    m.choose_tab("open").await;
    m.choose_tab("all").await;
    m.wait_for("the dot", ".sw-row[data-id='101'] .sw-dot")
        .await;
    assert_eq!(
        m.get(".sw-row[data-id='101'] .sw-dot")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Updated since you last looked")
    );
    assert_eq!(m.count(".sw-rows .sw-dot"), 1, "only the updated request");
    m.open_request(seeded::RICH).await;
    m.wait_for_text("We found the problem.").await;
    m.click(".sw-back");
    m.until("the dot to go", |m| {
        m.find(".sw-conversation").is_none() && m.count(".sw-row[data-id='101'] .sw-dot") == 0
    })
    .await;
    // And it stays gone when the list is read again.
    m.choose_tab("open").await;
    m.choose_tab("all").await;
    assert_eq!(m.count(".sw-row[data-id='101'] .sw-dot"), 0);
}

#[wasm_bindgen_test]
async fn nothing_loads_until_shown_and_view_request_opens_the_conversation() {
    reset().await;
    let m = mount_tickets(json!({"mode": "launcher"}), Some(seeded::ADA_TOKEN));
    m.widget().open(Some("contact".into())).unwrap();
    m.wait_for("the contact form", "#sw-field-21").await;
    assert!(
        calls("GET", "/api/v2/requests").await.is_empty(),
        "nothing loads until My tickets is shown"
    );
    // "View request" after sending sets the shell's shown request and switches tabs.
    m.type_into("#sw-basic-2", "Where is my parcel?");
    m.type_into("#sw-basic-3", "It left the depot a week ago.");
    let select = m.get("#sw-field-21");
    js_sys::Reflect::set(&select, &"value".into(), &"billing".into()).unwrap();
    m.fire(&select, "change");
    m.click("#sw-tabpanel-contact button[type=submit]");
    m.wait_for("the success note", ".sw-success button.sw-link")
        .await;
    m.click(".sw-success button.sw-link");
    m.wait_for(
        "the new request's conversation",
        ".sw-conversation[data-request='20001'] .sw-comment",
    )
    .await;
    assert!(m.text().contains("Where is my parcel?"));
    assert!(m.text().contains("It left the depot a week ago."));
    m.click(".sw-back");
    m.wait_for("the list", ".sw-row[data-id='20001']").await;
}

#[wasm_bindgen_test]
async fn polling_runs_while_the_panel_is_open_and_stops_when_it_closes() {
    reset().await;
    let m = mount_tickets(json!({"mode": "launcher"}), Some(seeded::ADA_TOKEN));
    m.widget().open(Some("tickets".into())).unwrap();
    m.wait_for("the list", ".sw-rows .sw-row[data-id]").await;
    m.click("[data-tab=all]");
    m.wait_for("row 101", ".sw-row[data-id='101']").await;
    m.open_request(seeded::RICH).await;
    clear_calls().await;
    control(
        "POST",
        "/__sim/requests/101/agent_comment",
        Some(json!({"body": "Live from the help desk."})),
    )
    .await;
    // The first poll comes after 30 s and brings the new comment in without a reload; the
    // shared waiter gives up after 20 s, so this one waits up to 45 s.
    for _ in 0..450 {
        if m.text().contains("Live from the help desk.") {
            break;
        }
        sleep(100).await;
    }
    assert!(
        m.text().contains("Live from the help desk."),
        "no poll brought the agent's comment in 45 s; the widget shows: {}",
        m.text()
    );
    let polls = calls("GET", "/api/v2/requests/101/comments").await;
    assert!(!polls.is_empty());
    assert!(polls[0]["query"].as_str().unwrap().contains("since="));

    m.widget().close();
    sleep(200).await;
    clear_calls().await;
    // A poll that found something is followed by another 30 s later: none may come now.
    sleep(35_000).await;
    let after = calls("GET", "/api/v2/requests/101/comments").await;
    assert!(after.is_empty(), "polled while closed: {after:?}");
}

// ----- hostile agent HTML -----

/// Scripts, handlers, `javascript:` links, SVG, iframes, style tricks and broken markup, each
/// trying to call `alert` or set `window.__pwned`.
const XSS_CORPUS: &str = r#"<div class="zd-comment"><p>Safe <strong>bold</strong>, <em>italic</em>, <code>code</code>
<a href="https://example.com/help">a link</a></p><ul><li>one</li><li>two</li></ul>
<script>window.__pwned = 'script'</script>
<img src=x onerror="window.__pwned='img'">
<svg onload="window.__pwned='svg'"><script>window.__pwned='svg-script'</script></svg>
<svg><animate onbegin="window.__pwned='animate'" attributeName="x" dur="1s"></animate></svg>
<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned='math'"></style></mglyph></table></mtext></math>
<iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>
<object data="javascript:window.__pwned='object'"></object><embed src="javascript:window.__pwned='embed'">
<a href="javascript:window.__pwned='js-link'">click</a><a href=" &#106;avascript:window.__pwned='entity'">entity</a>
<a href="vbscript:msgbox(1)">vb</a><a href="data:text/html,<script>parent.__pwned='data'</script>">data</a>
<div style="background:url(javascript:window.__pwned='css')" onmouseover="window.__pwned='hover'">styled</div>
<form action="javascript:window.__pwned='form'"><button>go</button></form>
<details open ontoggle="window.__pwned='toggle'">d</details>
<input autofocus onfocus="window.__pwned='focus'">
<p>broken <b>markup <i>never closed<p onclick="window.__pwned='broken'">after
<noscript><p title="</noscript><img src=x onerror=window.__pwned='noscript'>"></noscript>
<base href="javascript:/"><meta http-equiv="refresh" content="0;url=javascript:window.__pwned='meta'">
</div>"#;

#[wasm_bindgen_test]
async fn hostile_agent_html_never_executes() {
    reset().await;
    js_sys::Function::new_no_args(
        "window.__pwned = undefined; window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    control(
        "POST",
        "/__sim/requests/108/agent_comment",
        Some(json!({"body": "Corpus", "html_body": XSS_CORPUS})),
    )
    .await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    m.open_request(seeded::HOSTILE).await;
    m.wait_for_text("never closed").await;
    // Give anything that might run (image errors, animations, focus) time to try.
    sleep(1500).await;
    let window = web_sys::window().unwrap();
    let pwned = js_sys::Reflect::get(&window, &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined(), "executed: {pwned:?}");
    let alerts = js_sys::Reflect::get(&window, &"__alerts".into()).unwrap();
    assert_eq!(js_sys::Array::from(&alerts).length(), 0, "alert ran");

    let thread = m.get(".sw-thread");
    for tag in [
        "script", "iframe", "svg", "math", "object", "embed", "form", "input", "style", "base",
        "meta", "details", "noscript",
    ] {
        assert_eq!(
            thread.query_selector_all(tag).unwrap().length(),
            0,
            "<{tag}> reached the DOM"
        );
    }
    let everything = thread.query_selector_all("*").unwrap();
    for i in 0..everything.length() {
        let element: web_sys::Element = everything.item(i).unwrap().unchecked_into();
        let names = element.get_attribute_names();
        for name in names.iter() {
            let name = name.as_string().unwrap().to_ascii_lowercase();
            assert!(
                !name.starts_with("on"),
                "handler {name} on <{}>",
                element.local_name()
            );
            assert!(name != "style" && name != "srcdoc", "{name} kept");
        }
        if let Some(href) = element.get_attribute("href") {
            let href = href.trim().to_ascii_lowercase();
            assert!(
                href.starts_with("https:")
                    || href.starts_with("http:")
                    || href.starts_with("mailto:")
                    || href.starts_with("tel:"),
                "unsafe href {href}"
            );
        }
    }
    // Safe formatting survives; the typed "<img …>" of the seeded comment shows as text.
    assert!(thread.query_selector("strong").unwrap().is_some());
    assert!(thread.query_selector("em").unwrap().is_some());
    assert!(thread.query_selector("ul li").unwrap().is_some());
    let link = thread
        .query_selector("a[href='https://example.com/help']")
        .unwrap()
        .expect("the safe link");
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert!(
        m.text().contains("Please check"),
        "the seeded hostile reply still reads"
    );
}

// ----- copying others, ratings, the saved copy, another user -----

#[wasm_bindgen_test]
async fn a_reply_can_copy_others_by_email_and_a_bad_address_is_named() {
    reset().await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    m.open_request(seeded::SOLVABLE).await;
    m.click(".sw-reply .sw-cc-add");
    let input = m.wait_for("the CC box", "#sw-reply-ccs").await;
    m.until("focus in the CC box", |m| {
        m.root
            .active_element()
            .is_some_and(|e| e.id() == "sw-reply-ccs")
    })
    .await;
    assert_eq!(input.get_attribute("type").as_deref(), Some("email"));
    m.type_into("#sw-reply", "Adding my colleagues.");
    m.type_into("#sw-reply-ccs", "lin@example.com, bob");
    m.click(".sw-reply button[type=submit]");
    m.wait_for_text("“bob” isn't an email address.").await;
    assert!(
        updates(seeded::SOLVABLE).await.is_empty(),
        "nothing sent with a bad address"
    );

    m.type_into(
        "#sw-reply-ccs",
        "lin@example.com, Lin@Example.com; max@example.org",
    );
    m.click(".sw-reply button[type=submit]");
    m.until("the CC box to close after sending", |m| {
        m.find("#sw-reply-ccs").is_none() && m.find(".sw-reply .sw-cc-add").is_some()
    })
    .await;
    assert_eq!(
        updates(seeded::SOLVABLE).await,
        vec![json!({"request": {
            "comment": {"body": "Adding my colleagues."},
            "email_ccs": [
                {"user_email": "lin@example.com", "action": "put"},
                {"user_email": "max@example.org", "action": "put"}
            ]
        }})]
    );
    // The request as Zendesk now has it names both, read back with their users.
    m.until("the new CCs listed", |m| {
        m.find(".sw-ccs")
            .and_then(|p| p.text_content())
            .is_some_and(|text| text.contains("lin") && text.contains("max"))
    })
    .await;
    assert!(m.find(".sw-cc-ignored").is_none());
}

#[wasm_bindgen_test]
async fn ccs_dropped_by_an_account_without_them_are_reported_and_hidden_when_turned_off() {
    reset().await;
    control(
        "PATCH",
        "/__sim/settings",
        Some(json!({"email_ccs": false})),
    )
    .await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    m.open_request(seeded::SOLVABLE).await;
    m.click(".sw-reply .sw-cc-add");
    m.wait_for("the CC box", "#sw-reply-ccs").await;
    m.type_into("#sw-reply", "Copying my manager.");
    m.type_into("#sw-reply-ccs", "boss@example.com");
    m.click(".sw-reply button[type=submit]");
    let note = m.wait_for("the note", ".sw-cc-ignored").await;
    assert!(note
        .text_content()
        .unwrap()
        .contains("didn't copy anyone new"));
    assert_eq!(
        updates(seeded::SOLVABLE).await.len(),
        1,
        "the reply itself went once"
    );
    drop(m);

    let m = mount_tickets(json!({"emailCcs": false}), Some(seeded::ADA_TOKEN));
    m.wait_for("the first rows", ".sw-rows .sw-row[data-id]")
        .await;
    m.choose_tab("all").await;
    m.open_request(seeded::SOLVABLE).await;
    m.wait_for("the reply box", "#sw-reply").await;
    assert!(
        m.find(".sw-reply .sw-cc-add").is_none(),
        "no CC control when the host turns it off"
    );
}

#[wasm_bindgen_test]
async fn only_the_requester_is_offered_a_rating() {
    reset().await;
    control(
        "PATCH",
        "/__sim/requests/150",
        Some(json!({"status": "solved"})),
    )
    .await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    m.choose_tab("all").await;
    m.open_request(seeded::SOLVED).await;
    m.wait_for("the rating for Ada's own request", ".sw-rating")
        .await;
    m.click(".sw-back");
    m.choose_tab("ccd").await;
    m.open_request(150).await;
    m.wait_for("the reply box", "#sw-reply").await;
    sleep(200).await;
    assert!(
        m.find(".sw-rating").is_none(),
        "Ada is only copied on 150: Zendesk would refuse her rating"
    );
    drop(m);

    let m = mount_tickets(
        json!({"satisfactionRatings": false}),
        Some(seeded::ADA_TOKEN),
    );
    m.wait_for("the first rows", ".sw-rows .sw-row[data-id]")
        .await;
    m.choose_tab("all").await;
    m.open_request(seeded::SOLVED).await;
    m.wait_for("the reply box", "#sw-reply").await;
    sleep(200).await;
    assert!(
        m.find(".sw-rating").is_none(),
        "ratings turned off by the host"
    );
}

#[wasm_bindgen_test]
async fn when_zendesk_cannot_be_reached_the_saved_copy_is_shown_read_only() {
    reset().await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    let first_rows = m.rows();
    m.open_request(first_rows[0]).await;
    let comments = m.count(".sw-thread .sw-comment");
    drop(m);

    // Zendesk now answers every read with a 429: opaque to the page, like a lost network.
    fault(json!({"method": "GET", "path": "/api/v2/requests", "count": 500, "kind": "status", "status": 429}))
        .await;
    let m = mount_tickets(json!({}), Some(seeded::ADA_TOKEN));
    let notice = m.wait_for("the saved-copy notice", ".sw-saved").await;
    let text = notice.text_content().unwrap();
    assert!(text.contains("isn't answering"), "{text}");
    assert!(text.contains("Saved copy from"), "{text}");
    assert_eq!(m.rows(), first_rows, "the rows as last read");
    assert!(
        m.events_named("error")
            .iter()
            .all(|detail| detail["code"] != "unverified_email"),
        "a user who listed before is not told to verify their email"
    );

    m.open_request(first_rows[0]).await;
    m.wait_for("the conversation's notice", ".sw-conversation .sw-saved")
        .await;
    assert_eq!(m.count(".sw-thread .sw-comment"), comments);
    assert!(
        m.find("#sw-reply").is_none(),
        "no reply while Zendesk can't be reached"
    );
    assert!(m.find(".sw-solve-button").is_none());

    // Zendesk answers again: "Try again" reads it afresh, and the reply box comes back.
    control("DELETE", "/__sim/faults", None).await;
    m.click(".sw-conversation .sw-saved button");
    m.wait_for("the reply box", "#sw-reply").await;
    assert!(m.find(".sw-conversation .sw-saved").is_none());
}

#[wasm_bindgen_test]
async fn another_user_never_sees_the_previous_users_drafts_or_saved_requests() {
    reset().await;
    let m = signed_in(seeded::ADA_TOKEN).await;
    let newest = m.rows()[0];
    m.open_request(newest).await;
    m.type_into("#sw-reply", "Ada's private draft");
    let ada_draft = storage_key(SIM, "user", &format!("draft:reply:{newest}"));
    m.until("Ada's draft saved", |_| {
        storage().get_item(&ada_draft).unwrap().is_some()
    })
    .await;
    drop(m);

    // The host signs Charles in without calling logout first.
    let m = mount_tickets(json!({}), Some(seeded::CHARLES_TOKEN));
    m.wait_for("Charles's rows", ".sw-rows .sw-row[data-id]")
        .await;
    assert_eq!(
        storage().get_item(&ada_draft).unwrap(),
        None,
        "Ada's draft forgotten"
    );
    assert_eq!(
        storage()
            .get_item(&storage_key(SIM, "user", "owner"))
            .unwrap()
            .as_deref(),
        Some(seeded::CHARLES.to_string().as_str()),
        "the device's user storage now belongs to Charles"
    );
    let keys: Vec<String> = (0..storage().length().unwrap())
        .filter_map(|i| storage().key(i).unwrap())
        .filter(|k| k.contains(":read:"))
        .collect();
    assert!(
        keys.iter().all(|k| !k.contains("/requests/10")),
        "none of Ada's saved reads is left: {keys:?}"
    );
    assert!(!m.text().contains("Ada's private draft"));
}

// ----- fidelity: the rating as the account offers it -----

#[wasm_bindgen_test]
async fn a_rating_answer_as_an_object_is_thanked_too() {
    reset().await;
    control(
        "PATCH",
        "/__sim/settings",
        Some(json!({"csat_answer_array": false})),
    )
    .await;
    let m = signed_in("ada-token").await;
    m.choose_tab("all").await;
    m.open_request(103).await;
    m.wait_for("the rating", ".sw-rating").await;
    m.click_button("Good, I'm satisfied");
    m.wait_for("the comment box", "#sw-rating-comment").await;
    m.click(".sw-rating button[type=submit]");
    m.wait_for_text("Thanks for your feedback").await;
}

#[wasm_bindgen_test]
async fn the_newer_csat_offers_no_rating_and_a_refusal_is_a_quiet_note() {
    reset().await;
    let m = signed_in("ada-token").await;
    m.choose_tab("all").await;
    m.open_request(103).await;
    m.wait_for("the rating", ".sw-rating").await;
    // Zendesk refuses the rating (a 403, which the page sees as an opaque failure).
    fault(
        json!({"method": "POST", "path": "/api/v2/tickets/103/satisfaction_rating",
        "count": 1, "kind": "status", "status": 403}),
    )
    .await;
    m.click_button("Good, I'm satisfied");
    m.wait_for("the comment box", "#sw-rating-comment").await;
    m.click(".sw-rating button[type=submit]");
    m.wait_for_text("Rating isn't available for this request.")
        .await;
    assert!(m.find(".sw-rating .sw-error").is_none(), "no error shown");
    assert!(
        m.find("#sw-rating-comment").is_none(),
        "the control is gone"
    );
    drop(m);
    // On the newer CSAT Zendesk offers no rating on the request, so none is shown.
    control(
        "PATCH",
        "/__sim/settings",
        Some(json!({"csat_legacy": false})),
    )
    .await;
    let m = signed_in("ada-token").await;
    m.choose_tab("all").await;
    m.open_request(103).await;
    m.wait_for("the reply box", "#sw-reply").await;
    sleep(200).await;
    assert!(m.find(".sw-rating").is_none());
}
