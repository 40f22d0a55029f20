//! The client's logic driven natively through a scripted transport: URLs and bodies sent,
//! credentials, the 401 re-fetch, retries, "outcome unknown", throttling, uploads.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use futures::executor::block_on;

use super::*;
use crate::api::body::{
    NewComment, NewRequest, NewSatisfactionRating, RequestUpdate, Requester, Score,
};
use crate::api::classify::HttpResponse;
use crate::api::error::{CredentialProblem, ValidationProblem};
use crate::api::identity::tests::counting_source;
use crate::api::identity::TokenSource;
use crate::api::page::PageRequest;
use crate::api::transport::TransportError;

/// A transport that answers from a script and records what it was asked.
#[derive(Default)]
struct Script {
    answers: RefCell<VecDeque<Result<HttpResponse, TransportError>>>,
    sent: RefCell<Vec<HttpRequest>>,
    sleeps: RefCell<Vec<u64>>,
    offline: Cell<bool>,
    online_waits: Cell<u32>,
    now_ms: Cell<u64>,
    warnings: RefCell<Vec<String>>,
}

#[derive(Clone, Default)]
struct Fake(Rc<Script>);

impl Fake {
    fn answer(&self, status: u16, body: &str) -> &Self {
        self.0.answers.borrow_mut().push_back(Ok(HttpResponse {
            status,
            content_type: Some("application/json; charset=utf-8".into()),
            body: body.into(),
            ..HttpResponse::default()
        }));
        self
    }

    fn answer_with(&self, response: HttpResponse) -> &Self {
        self.0.answers.borrow_mut().push_back(Ok(response));
        self
    }

    fn fail(&self, failure: TransportError) -> &Self {
        self.0.answers.borrow_mut().push_back(Err(failure));
        self
    }

    fn sent(&self) -> Vec<HttpRequest> {
        self.0.sent.borrow().clone()
    }

    fn urls(&self) -> Vec<String> {
        self.sent()
            .iter()
            .map(|request| format!("{} {}", request.method.as_str(), request.url))
            .collect()
    }
}

impl Transport for Fake {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.0.sent.borrow_mut().push(request);
        self.0
            .answers
            .borrow_mut()
            .pop_front()
            .expect("unscripted request")
    }

    async fn sleep(&self, ms: u64) {
        self.0.sleeps.borrow_mut().push(ms);
        self.0.now_ms.set(self.0.now_ms.get() + ms);
    }

    fn is_online(&self) -> bool {
        !self.0.offline.get()
    }

    async fn wait_for_online(&self, _max_ms: u64) -> bool {
        self.0.online_waits.set(self.0.online_waits.get() + 1);
        self.0.offline.set(false);
        true
    }

    fn now_ms(&self) -> u64 {
        self.0.now_ms.get()
    }

    fn random(&self) -> f64 {
        0.5
    }

    fn warn(&self, message: &str) {
        self.0.warnings.borrow_mut().push(message.to_owned());
    }
}

const ORIGIN: &str = "https://acme.zendesk.com";

fn client(identity: Identity) -> (Client<Fake>, Fake) {
    let fake = Fake::default();
    let config = ClientConfig::new(ZendeskOrigin::from_base_url(ORIGIN).unwrap());
    (Client::new(config, identity, fake.clone()), fake)
}

/// A bearer identity handing out `tokens` in order and counting calls.
fn tokens(tokens: &'static [&'static str]) -> (Identity, Rc<Cell<usize>>) {
    let (source, calls) = counting_source(tokens);
    (Identity::Bearer(source), calls)
}

const REQUEST: &str = r#"{"request":{"id":140,"status":"new"}}"#;
const EMPTY_PAGE: &str = r#"{"requests":[],"meta":{"has_more":false}}"#;

fn new_request() -> NewRequest {
    NewRequest {
        subject: Some("Help".into()),
        comment: NewComment::text("Body"),
        ..NewRequest::default()
    }
}

fn anonymous_request() -> NewRequest {
    NewRequest {
        requester: Some(Requester {
            name: "Ada".into(),
            email: "ada@example.com".into(),
            locale: None,
        }),
        ..new_request()
    }
}

#[test]
fn read_urls_for_every_endpoint() {
    let (client, fake) = client(Identity::Anonymous);
    fake.answer(200, EMPTY_PAGE)
        .answer(200, EMPTY_PAGE)
        .answer(200, EMPTY_PAGE);
    let sort = Some(RequestSort {
        by: SortBy::UpdatedAt,
        descending: true,
    });
    block_on(client.list_requests(RequestFilter::All, sort, &PageRequest::first(25))).unwrap();
    let after = PageRequest::Cursor {
        size: 25,
        after: Some("c+/=".into()),
    };
    block_on(client.list_requests(RequestFilter::Open, None, &after)).unwrap();
    block_on(client.list_requests(RequestFilter::Ccd, None, &PageRequest::first_offset(10)))
        .unwrap();
    fake.answer(200, r#"{"requests":[]}"#);
    let search = RequestSearch {
        query: "printer fire".into(),
        statuses: vec!["open".into(), "hold".into()],
        organization_id: Some(7),
        cc_only: true,
    };
    block_on(client.search_requests(&search, &PageRequest::first(20))).unwrap();
    fake.answer(200, REQUEST)
        .answer(200, r#"{"comments":[]}"#)
        .answer(200, r#"{"comment":{"id":9}}"#);
    block_on(client.show_request(101)).unwrap();
    let options = CommentQuery {
        since: Some("2026-11-01T00:00:00Z".into()),
        role: Some(CommentRole::Agent),
        newest_first: true,
    };
    block_on(client.list_comments(101, &options, &PageRequest::first(100))).unwrap();
    block_on(client.show_comment(101, 9)).unwrap();
    fake.answer(200, r#"{"ticket_forms":[]}"#)
        .answer(200, r#"{"ticket_forms":[],"ticket_fields":[]}"#)
        .answer(200, r#"{"results":[]}"#)
        .answer(200, r#"{"current_session":{"csrf_token":"x"}}"#);
    block_on(client.list_ticket_forms()).unwrap();
    block_on(client.ticket_forms_with_fields(&[10, 11], Some("fr"))).unwrap();
    block_on(client.search_articles("where is my order", Some("en-us"), 5)).unwrap();
    block_on(client.help_center_session()).unwrap();

    let expected = [
        "GET https://acme.zendesk.com/api/v2/requests.json?page=1&per_page=25&sort_by=updated_at&sort_order=desc",
        "GET https://acme.zendesk.com/api/v2/requests/open.json?page[size]=25&page[after]=c%2B%2F%3D",
        "GET https://acme.zendesk.com/api/v2/requests/ccd.json?page=1&per_page=10",
        "GET https://acme.zendesk.com/api/v2/requests/search.json?query=printer%20fire&status=open%2Chold&organization_id=7&cc_id=true&page=1&per_page=20",
        "GET https://acme.zendesk.com/api/v2/requests/101.json?include=users",
        "GET https://acme.zendesk.com/api/v2/requests/101/comments.json?include=users&page[size]=100&sort=-created_at&since=2026-11-01T00%3A00%3A00Z&role=agent",
        "GET https://acme.zendesk.com/api/v2/requests/101/comments/9.json?include=users",
        "GET https://acme.zendesk.com/api/v2/ticket_forms.json?active=true&end_user_visible=true&associated_to_brand=true",
        "GET https://acme.zendesk.com/api/v2/ticket_forms/show_many.json?ids=10%2C11&include=ticket_fields&active=true&end_user_visible=true&locale=fr",
        "GET https://acme.zendesk.com/api/v2/help_center/articles/search.json?query=where%20is%20my%20order&locale=en-us&per_page=5",
        "GET https://acme.zendesk.com/api/v2/help_center/sessions.json",
    ];
    assert_eq!(fake.urls(), expected);
    for request in fake.sent() {
        assert_eq!(request.header("Accept"), Some("application/json"));
        assert_eq!(request.header("Authorization"), None);
        assert_eq!(request.cookies, Cookies::Omit);
        assert!(!request.credentialed);
    }
}

#[test]
fn ticket_fields_follow_next_page_and_keep_portal_fields() {
    let (client, fake) = client(Identity::Anonymous);
    fake.answer(200, r#"{"ticket_fields":[{"id":1,"visible_in_portal":true},{"id":2}],"next_page":"https://elsewhere.test/api/v2/ticket_fields.json?page=2"}"#)
        .answer(200, r#"{"ticket_fields":[{"id":3,"visible_in_portal":true}],"next_page":null}"#);
    let fields = block_on(client.ticket_fields(Some("de"))).unwrap();
    assert_eq!(
        fields.iter().map(|field| field.id).collect::<Vec<_>>(),
        vec![1, 3]
    );
    assert_eq!(
        fake.urls(),
        [
            "GET https://acme.zendesk.com/api/v2/ticket_fields.json?locale=de&page=1&per_page=100",
            "GET https://acme.zendesk.com/api/v2/ticket_fields.json?locale=de&page=2&per_page=100",
        ]
    );
}

#[test]
fn writes_send_contract_bodies() {
    let (identity, _) = tokens(&["t1"]);
    let (client, fake) = client(identity);
    fake.answer(201, REQUEST)
        .answer(200, REQUEST)
        .answer(200, r#"{"satisfaction_rating":{"score":"good"}}"#)
        .answer(204, "");
    let created = block_on(client.create_request(&new_request())).unwrap();
    assert_eq!(created.id, 140);
    block_on(client.update_request(140, &RequestUpdate::solve())).unwrap();
    let rating = NewSatisfactionRating {
        score: Score::Good,
        comment: None,
    };
    block_on(client.rate_satisfaction(103, &rating)).unwrap();
    block_on(client.delete_upload("tok en")).unwrap();
    // An encoded slash in a credentialed path is refused by the origin guard, unsent.
    assert_eq!(
        block_on(client.delete_upload("../../x")).unwrap_err(),
        ApiError::ForeignUrl
    );
    assert_eq!(
        fake.urls(),
        [
            "POST https://acme.zendesk.com/api/v2/requests.json",
            "PUT https://acme.zendesk.com/api/v2/requests/140.json",
            "POST https://acme.zendesk.com/api/v2/tickets/103/satisfaction_rating.json",
            "DELETE https://acme.zendesk.com/api/v2/uploads/tok%20en.json",
        ]
    );
    let sent = fake.sent();
    let body = |index: usize| match &sent[index].body {
        HttpBody::Json(json) => json.clone(),
        _ => String::new(),
    };
    assert_eq!(
        body(0),
        r#"{"request":{"subject":"Help","comment":{"body":"Body"}}}"#
    );
    assert_eq!(body(1), r#"{"request":{"solved":true}}"#);
    assert_eq!(body(2), r#"{"satisfaction_rating":{"score":"good"}}"#);
    assert_eq!(sent[0].header("Content-Type"), Some("application/json"));
    assert_eq!(sent[3].header("Content-Type"), None);
    for request in &sent {
        assert_eq!(request.header("Authorization"), Some("Bearer t1"));
        assert!(request.credentialed, "credentialed calls refuse redirects");
    }
}

#[test]
fn bearer_is_fetched_lazily_and_refetched_once_on_401() {
    let (identity, calls) = tokens(&["old", "new"]);
    let (client, fake) = client(identity);
    assert_eq!(calls.get(), 0, "lazy");
    fake.answer(401, r#"{"error":"Couldn't authenticate you"}"#)
        .answer(200, EMPTY_PAGE);
    block_on(client.list_requests(RequestFilter::All, None, &PageRequest::first(10))).unwrap();
    let auth: Vec<_> = fake
        .sent()
        .iter()
        .map(|r| r.header("Authorization").unwrap().to_string())
        .collect();
    assert_eq!(auth, ["Bearer old", "Bearer new"]);
    assert_eq!(calls.get(), 2);
    assert!(fake.0.sleeps.borrow().is_empty(), "a 401 is not a retry");
}

#[test]
fn second_401_is_signed_out_not_a_loop() {
    let (identity, calls) = tokens(&["old", "new", "newer"]);
    let (client, fake) = client(identity);
    fake.answer(401, "").answer(401, "");
    let result = block_on(client.create_request(&new_request()));
    assert_eq!(result.unwrap_err(), ApiError::SignedOut);
    assert_eq!(fake.sent().len(), 2);
    assert_eq!(calls.get(), 2);
}

#[test]
fn host_returning_same_token_is_signed_out_without_resending() {
    let (identity, _) = tokens(&["same", "same"]);
    let (client, fake) = client(identity);
    fake.answer(401, "");
    assert_eq!(
        block_on(client.show_request(1)).unwrap_err(),
        ApiError::SignedOut
    );
    assert_eq!(fake.sent().len(), 1);
}

#[test]
fn concurrent_401s_share_one_refetch() {
    let (identity, calls) = tokens(&["old", "new", "unused"]);
    let (client, fake) = client(identity);
    fake.answer(401, "")
        .answer(401, "")
        .answer(200, REQUEST)
        .answer(200, REQUEST);
    let (a, b) = block_on(futures::future::join(
        client.show_request(1),
        client.show_request(2),
    ));
    a.unwrap();
    b.unwrap();
    assert_eq!(calls.get(), 2, "one initial fetch, one shared re-fetch");
    let auth: Vec<_> = fake
        .sent()
        .iter()
        .map(|r| r.header("Authorization").unwrap().to_string())
        .collect();
    assert_eq!(
        auth,
        ["Bearer old", "Bearer old", "Bearer new", "Bearer new"]
    );
}

#[test]
fn refused_credentials_never_reach_the_network() {
    let api_token = Identity::Bearer(TokenSource::new(|| async {
        Ok(Some("ada@example.com/token:abc".into()))
    }));
    let (client, fake) = client(api_token);
    assert_eq!(
        block_on(client.show_request(1)).unwrap_err(),
        ApiError::CredentialRefused(CredentialProblem::ApiToken)
    );
    let basic = Identity::Bearer(TokenSource::new(|| async { Ok(Some("Basic YTpi".into())) }));
    let (client, _) = super::tests::client(basic);
    assert_eq!(
        block_on(client.show_request(1)).unwrap_err(),
        ApiError::CredentialRefused(CredentialProblem::Basic)
    );
    assert!(fake.sent().is_empty());
}

#[test]
fn create_dropped_after_commit_is_outcome_unknown_and_sent_once() {
    for failure in [TransportError::Network, TransportError::Timeout] {
        let (client, fake) = client(Identity::Anonymous);
        fake.fail(failure);
        let result = block_on(client.create_request(&anonymous_request()));
        assert_eq!(result.unwrap_err(), ApiError::OutcomeUnknown);
        assert_eq!(fake.sent().len(), 1, "{failure:?}: never re-sent");
    }
    // Visible server errors on a write are reported, not retried either.
    let (client, fake) = client(Identity::Anonymous);
    fake.answer(503, "");
    assert_eq!(
        block_on(client.create_request(&anonymous_request())).unwrap_err(),
        ApiError::Server { status: 503 }
    );
    assert_eq!(fake.sent().len(), 1);
}

#[test]
fn reply_dropped_is_outcome_unknown() {
    let (identity, _) = tokens(&["t"]);
    let (client, fake) = client(identity);
    fake.fail(TransportError::Network);
    let reply = RequestUpdate::reply(NewComment::text("Thanks"));
    assert_eq!(
        block_on(client.update_request(101, &reply)).unwrap_err(),
        ApiError::OutcomeUnknown
    );
    assert_eq!(fake.sent().len(), 1);
}

#[test]
fn write_waits_while_offline_then_sends_once() {
    let (client, fake) = client(Identity::Anonymous);
    fake.0.offline.set(true);
    fake.answer(201, REQUEST);
    block_on(client.create_request(&anonymous_request())).unwrap();
    assert_eq!(fake.0.online_waits.get(), 1);
    assert_eq!(fake.sent().len(), 1);
}

#[test]
fn reads_retry_with_backoff_then_succeed() {
    let (client, fake) = client(Identity::Anonymous);
    fake.fail(TransportError::Network)
        .answer(503, "<html>busy</html>")
        .fail(TransportError::Timeout)
        .answer(200, REQUEST);
    block_on(client.show_request(1)).unwrap();
    assert_eq!(fake.sent().len(), 4);
    // random() is 0.5: half of 1 s, 2 s, 4 s.
    assert_eq!(*fake.0.sleeps.borrow(), vec![500, 1_000, 2_000]);
}

#[test]
fn reads_stop_after_max_retries() {
    let (client, fake) = client(Identity::Anonymous);
    for _ in 0..4 {
        fake.fail(TransportError::Network);
    }
    assert_eq!(
        block_on(client.show_request(1)).unwrap_err(),
        ApiError::OpaqueNetwork
    );
    assert_eq!(fake.sent().len(), 4);
}

#[test]
fn visible_retry_after_is_honoured() {
    let (client, fake) = client(Identity::Anonymous);
    fake.answer_with(HttpResponse {
        status: 429,
        retry_after: Some("3".into()),
        ..HttpResponse::default()
    })
    .answer(200, REQUEST);
    block_on(client.show_request(1)).unwrap();
    assert_eq!(*fake.0.sleeps.borrow(), vec![3_000]);
}

#[test]
fn a_retry_after_date_is_honoured() {
    let (client, fake) = client(Identity::Anonymous);
    // The server's clock says 07:27:50, the date asks for 07:28:00: ten seconds.
    fake.answer_with(HttpResponse {
        status: 429,
        retry_after: Some("Wed, 21 Oct 2026 07:28:00 GMT".into()),
        date: Some("Wed, 21 Oct 2026 07:27:50 GMT".into()),
        ..HttpResponse::default()
    })
    .answer(200, REQUEST);
    block_on(client.show_request(1)).unwrap();
    assert_eq!(*fake.0.sleeps.borrow(), vec![10_000]);
    // Without a readable Date, the local clock (here: 5 s before the date).
    fake.0.now_ms.set(1_792_567_675_000);
    fake.answer_with(HttpResponse {
        status: 503,
        retry_after: Some("Wed, 21 Oct 2026 07:28:00 GMT".into()),
        ..HttpResponse::default()
    })
    .answer(200, REQUEST);
    block_on(client.show_request(1)).unwrap();
    assert_eq!(*fake.0.sleeps.borrow(), vec![10_000, 5_000]);
}

#[test]
fn zendesk_warnings_reach_the_console_once() {
    let (client, fake) = client(Identity::Anonymous);
    let warned = |status| HttpResponse {
        status,
        api_warn: Some(
            r#"Removed restricted keys ["request.foo"] from parameters according to allowlist"#
                .into(),
        ),
        body: REQUEST.into(),
        ..HttpResponse::default()
    };
    fake.answer_with(warned(200))
        .answer_with(warned(200))
        .answer_with(warned(404));
    block_on(client.show_request(1)).unwrap();
    block_on(client.show_request(2)).unwrap();
    assert!(block_on(client.show_request(3)).is_err());
    let warnings = fake.0.warnings.borrow().clone();
    assert_eq!(
        warnings,
        vec![
            r#"support-widget: Zendesk answered GET /api/v2/requests/1.json with X-Zendesk-API-Warn: Removed restricted keys ["request.foo"] from parameters according to allowlist"#
                .to_string()
        ]
    );
}

#[test]
fn an_answer_too_large_to_read_is_refused() {
    let (client, fake) = client(Identity::Anonymous);
    fake.answer_with(HttpResponse {
        status: 200,
        body_too_large: true,
        ..HttpResponse::default()
    });
    let error = block_on(client.show_request(1)).unwrap_err();
    assert_eq!(error, ApiError::ResponseTooLarge { status: 200 });
    assert_eq!(error.to_string(), "Zendesk's answer was too large to read.");
    assert_eq!(
        fake.sent().len(),
        1,
        "not retried: it would be as large again"
    );
}

#[test]
fn definite_errors_are_not_retried() {
    let (client, fake) = client(Identity::Anonymous);
    fake.answer(
        404,
        r#"{"error":"RecordNotFound","description":"Not found"}"#,
    )
    .answer(200, "<html>")
    .answer_with(HttpResponse {
        status: 0,
        ..HttpResponse::default()
    });
    assert_eq!(
        block_on(client.show_request(1)).unwrap_err(),
        ApiError::NotFound
    );
    assert!(matches!(
        block_on(client.show_request(1)).unwrap_err(),
        ApiError::Undecodable { .. }
    ));
    assert_eq!(
        block_on(client.show_request(1)).unwrap_err(),
        ApiError::RedirectRefused
    );
    assert_eq!(fake.sent().len(), 3);
    // A 200 without the expected object is undecodable, not a panic.
    fake.answer(200, r#"{"request":{"subject":"no id"}}"#);
    assert_eq!(
        block_on(client.show_request(1)).unwrap_err(),
        ApiError::Undecodable {
            status: 200,
            reason: "unexpected JSON shape"
        }
    );
}

#[test]
fn creates_are_throttled_before_sending() {
    let (client, fake) = client(Identity::Anonymous);
    for _ in 0..3 {
        fake.answer(201, REQUEST);
        block_on(client.create_request(&anonymous_request())).unwrap();
    }
    assert_eq!(
        block_on(client.create_request(&anonymous_request())).unwrap_err(),
        ApiError::Throttled {
            retry_in_ms: 60_000
        }
    );
    assert_eq!(fake.sent().len(), 3);
}

#[test]
fn invalid_input_is_refused_before_sending() {
    let (client, fake) = client(Identity::Anonymous);
    assert!(matches!(
        block_on(client.create_request(&new_request())),
        Err(ApiError::Validation(_))
    ));
    let reply = RequestUpdate::reply(NewComment::text(" "));
    assert!(matches!(
        block_on(client.update_request(1, &reply)),
        Err(ApiError::Validation(_))
    ));
    let empty = FileToUpload {
        file_name: "a.txt".into(),
        content_type: "text/plain".into(),
        data: vec![],
    };
    assert!(matches!(
        block_on(client.upload_file(&empty, None, None)),
        Err(ApiError::Validation(_))
    ));
    assert!(matches!(
        block_on(client.upload_files(&[], None)),
        Err(ApiError::Validation(_))
    ));
    assert!(fake.sent().is_empty());

    let mut config = ClientConfig::new(ZendeskOrigin::from_subdomain("acme").unwrap());
    config.max_attachment_bytes = 3;
    let small = Client::new(config, Identity::Anonymous, fake.clone());
    let big = FileToUpload {
        file_name: "big.bin".into(),
        content_type: String::new(),
        data: vec![1; 4],
    };
    assert_eq!(
        block_on(small.upload_file(&big, None, None)).unwrap_err(),
        ApiError::Validation(ValidationProblem::FileTooLarge {
            file_name: "big.bin".into(),
            max_bytes: 3
        })
    );
}

#[test]
fn multi_file_upload_uses_one_token_and_reports_progress() {
    let (client, fake) = client(Identity::Anonymous);
    fake.answer(
        201,
        r#"{"upload":{"token":"tok1","attachments":[{"id":1}]}}"#,
    )
    .answer_with(HttpResponse {
        status: 201,
        content_type: Some("text/plain".into()),
        body: r#"{"upload":{"token":"tok1","attachments":[{"id":1},{"id":2}]}}"#.into(),
        ..HttpResponse::default()
    });
    let files = [
        FileToUpload {
            file_name: "a b.txt".into(),
            content_type: "text/plain".into(),
            data: b"hello".to_vec(),
        },
        FileToUpload {
            file_name: "c.png".into(),
            content_type: String::new(),
            data: vec![0x89, 0x50],
        },
    ];
    let seen = Rc::new(RefCell::new(Vec::new()));
    let log = Rc::clone(&seen);
    let progress: UploadProgress =
        Rc::new(move |index, sent, total| log.borrow_mut().push((index, sent, total)));
    let upload = block_on(client.upload_files(&files, Some(progress))).unwrap();
    assert_eq!(upload.token, "tok1");
    assert_eq!(upload.attachments.len(), 2);
    assert_eq!(
        fake.urls(),
        [
            "POST https://acme.zendesk.com/api/v2/uploads.json?filename=a%20b.txt",
            "POST https://acme.zendesk.com/api/v2/uploads.json?filename=c.png&token=tok1",
        ]
    );
    let sent = fake.sent();
    assert!(
        matches!(&sent[1].body, HttpBody::File { content_type, .. } if content_type == "application/octet-stream")
    );
    assert_eq!(sent[0].timeout_ms, 120_000);
    (sent[1].progress.as_ref().unwrap())(1, 2);
    assert_eq!(*seen.borrow(), vec![(1, 1, 2)]);
}

#[test]
fn blocked_file_type_is_file_rejected() {
    let (client, fake) = client(Identity::Anonymous);
    fake.answer(
        422,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/api/error_422_upload_blocked.json"
        )),
    );
    let file = FileToUpload {
        file_name: "x.exe".into(),
        content_type: "application/x-msdownload".into(),
        data: vec![1],
    };
    assert_eq!(
        block_on(client.upload_file(&file, None, None)).unwrap_err(),
        ApiError::FileRejected {
            reason: "File type .exe is not allowed".into()
        }
    );
    // An upload that drops is never re-sent.
    fake.fail(TransportError::Network);
    assert_eq!(
        block_on(client.upload_file(&file, None, None)).unwrap_err(),
        ApiError::OutcomeUnknown
    );
    assert_eq!(fake.sent().len(), 2);
}

#[test]
fn help_center_session_sends_csrf_on_writes_only_and_fetches_it_once() {
    let (client, fake) = client(Identity::HelpCenterSession);
    fake.answer(200, EMPTY_PAGE)
        .answer(200, r#"{"current_session":{"csrf_token":"csrf-1"}}"#)
        .answer(200, REQUEST)
        .answer(200, REQUEST);
    block_on(client.list_requests(RequestFilter::All, None, &PageRequest::first(5))).unwrap();
    let reply = RequestUpdate::reply(NewComment::text("Hi"));
    block_on(client.update_request(1, &reply)).unwrap();
    block_on(client.update_request(1, &RequestUpdate::solve())).unwrap();
    let sent = fake.sent();
    assert_eq!(sent.len(), 4);
    assert_eq!(sent[0].header("X-CSRF-Token"), None);
    assert_eq!(
        sent[1].url,
        "https://acme.zendesk.com/api/v2/help_center/sessions.json"
    );
    assert_eq!(sent[2].header("X-CSRF-Token"), Some("csrf-1"));
    assert_eq!(sent[3].header("X-CSRF-Token"), Some("csrf-1"));
    for request in &sent {
        assert_eq!(request.cookies, Cookies::SameOrigin);
        assert_eq!(request.header("Authorization"), None);
        assert!(request.credentialed);
    }
}

#[test]
fn help_center_write_without_session_is_unauthorized() {
    let (client, fake) = client(Identity::HelpCenterSession);
    fake.answer(200, r#"{"current_session":{"csrf_token":null}}"#);
    let reply = RequestUpdate::reply(NewComment::text("Hi"));
    assert_eq!(
        block_on(client.update_request(1, &reply)).unwrap_err(),
        ApiError::Unauthorized
    );
    assert_eq!(fake.sent().len(), 1, "only the session lookup");
}

/// A read cache in memory, as the widget's local-storage one behaves.
#[derive(Default)]
struct MemoryCache(RefCell<Vec<(String, String, u64)>>);

impl ReadCache for MemoryCache {
    fn load(&self, key: &str) -> Option<(String, u64)> {
        self.0
            .borrow()
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, body, at)| (body.clone(), *at))
    }

    fn save(&self, key: &str, body: &str, saved_at_ms: u64) {
        let mut entries = self.0.borrow_mut();
        entries.retain(|(k, _, _)| k != key);
        entries.push((key.to_owned(), body.to_owned(), saved_at_ms));
    }
}

#[test]
fn zendesk_naming_the_user_is_remembered_and_changes_are_told() {
    let (identity, _) = tokens(&["t", "t", "t"]);
    let (client, fake) = client(identity);
    let told = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&told);
    client.on_user(Rc::new(move |id| sink.borrow_mut().push(id)));
    assert_eq!(client.user_id(), None);
    let named = |id| HttpResponse {
        status: 200,
        user_id: Some(id),
        body: r#"{"request":{"id":101},"users":[]}"#.into(),
        ..HttpResponse::default()
    };
    fake.answer_with(named(1001))
        .answer_with(named(1001))
        .answer_with(named(1002));
    for _ in 0..3 {
        block_on(client.show_request(101)).unwrap();
    }
    assert_eq!(client.user_id(), Some(1002));
    assert_eq!(*told.borrow(), vec![1001, 1002], "told once per change");
}

#[test]
fn reads_of_the_users_data_are_kept_and_decoded_again_when_offline() {
    let (identity, _) = tokens(&["t"]);
    let (client, fake) = client(identity);
    let cache = Rc::new(MemoryCache::default());
    client.keep_reads_in(cache.clone());
    let page = PageRequest::first(100);
    let sort = Some(RequestSort {
        by: SortBy::UpdatedAt,
        descending: true,
    });
    assert!(client
        .saved_requests(RequestFilter::All, sort, &page)
        .is_none());

    fake.0.now_ms.set(5_000);
    fake.answer(200, r#"{"requests":[{"id":7,"subject":"Kept"}],"meta":{"has_more":false}}"#)
        .answer(200, r#"{"request":{"id":7,"subject":"Kept"},"users":[{"id":1,"name":"Ada"}]}"#)
        .answer(200, r#"{"comments":[{"id":70,"author_id":1,"body":"Hi"}],"users":[{"id":1,"name":"Ada"}],"meta":{"has_more":false}}"#)
        .answer(200, r#"{"comments":[{"id":71,"body":"New"}],"meta":{"has_more":false}}"#);
    block_on(client.list_requests(RequestFilter::All, sort, &page)).unwrap();
    block_on(client.show_request(7)).unwrap();
    let newest = CommentQuery {
        newest_first: true,
        ..CommentQuery::default()
    };
    block_on(client.list_comments(7, &newest, &PageRequest::first(50))).unwrap();
    let poll = CommentQuery {
        since: Some("2026-01-01T00:00:00Z".into()),
        ..CommentQuery::default()
    };
    block_on(client.list_comments(7, &poll, &PageRequest::first(50))).unwrap();

    let list = client
        .saved_requests(RequestFilter::All, sort, &page)
        .unwrap();
    assert_eq!(list.saved_at_ms, 5_000);
    assert_eq!(list.value.items[0].subject.as_deref(), Some("Kept"));
    let request = client.saved_request(7).unwrap().value;
    assert_eq!(request.users[0].name.as_deref(), Some("Ada"));
    let comments = client
        .saved_comments(7, &newest, &PageRequest::first(50))
        .unwrap()
        .value;
    assert_eq!(comments.items.len(), 1);
    assert_eq!(
        comments.items[0]
            .author
            .as_ref()
            .and_then(|a| a.name.as_deref()),
        Some("Ada"),
        "authors are joined as on a live read"
    );
    // A later page isn't kept either.
    fake.answer(200, r#"{"requests":[{"id":6}],"meta":{"has_more":false}}"#);
    let later = PageRequest::Cursor {
        size: 100,
        after: Some("c1".into()),
    };
    block_on(client.list_requests(RequestFilter::All, sort, &later)).unwrap();
    // Polls aren't kept, other filters have nothing, and neither do other requests.
    assert_eq!(cache.0.borrow().len(), 3);
    assert!(client
        .saved_requests(RequestFilter::Solved, sort, &page)
        .is_none());
    assert!(client.saved_request(8).is_none());
}

#[test]
fn failed_reads_are_not_kept() {
    let (client, fake) = client(Identity::Anonymous);
    let cache = Rc::new(MemoryCache::default());
    client.keep_reads_in(cache.clone());
    fake.answer(404, r#"{"error":"RecordNotFound"}"#);
    assert!(block_on(client.show_request(9)).is_err());
    assert!(cache.0.borrow().is_empty());
}

#[test]
fn an_opaque_failure_after_a_token_gets_one_fresh_token() {
    // If Zendesk's 401 carries no CORS it arrives opaque: one fresh token, then the answer.
    let (identity, calls) = tokens(&["old", "new"]);
    let (fresh, fake) = client(identity);
    fake.fail(TransportError::Network).answer(200, REQUEST);
    block_on(fresh.show_request(101)).unwrap();
    let auth: Vec<_> = fake
        .sent()
        .iter()
        .map(|r| r.header("Authorization").unwrap().to_string())
        .collect();
    assert_eq!(auth, ["Bearer old", "Bearer new"]);
    assert_eq!(calls.get(), 2);
    // A host handing back the same token: just a network failure, not signed out.
    let (identity, _) = tokens(&["same", "same"]);
    let (same, fake) = client(identity);
    fake.fail(TransportError::Network).answer(200, REQUEST);
    block_on(same.show_request(101)).unwrap();
}

#[test]
fn without_x_zendesk_user_id_users_me_names_the_user_once() {
    let (identity, _) = tokens(&["t"]);
    let fake = Fake::default();
    let mut config = ClientConfig::new(ZendeskOrigin::from_base_url(ORIGIN).unwrap());
    config.ask_who_when_unnamed = true;
    let client = Client::new(config, identity, fake.clone());
    fake.answer(200, REQUEST)
        .answer(200, r#"{"user":{"id":1001,"name":"Ada"}}"#)
        .answer(200, REQUEST);
    block_on(client.show_request(101)).unwrap();
    assert_eq!(client.user_id(), Some(1001));
    block_on(client.show_request(101)).unwrap();
    let urls = fake.urls();
    assert_eq!(urls.len(), 3, "users/me asked once: {urls:?}");
    assert!(urls[1].ends_with("/api/v2/users/me.json"));
}

#[test]
fn signed_out_session_and_rating_answers_in_both_shapes() {
    let (anonymous, fake) = client(Identity::Anonymous);
    fake.answer(200, r#"{"current_session":null}"#)
        .answer(200, r#"{"current_session":{"csrf_token":null}}"#);
    for _ in 0..2 {
        let session = block_on(anonymous.help_center_session()).unwrap();
        assert_eq!(session.csrf_token, None);
    }
    let (identity, _) = tokens(&["t"]);
    let (client, fake) = client(identity);
    fake.answer(200, r#"{"satisfaction_rating":[{"id":5,"score":"good"}]}"#)
        .answer(200, r#"{"satisfaction_rating":{"id":6,"score":"bad"}}"#);
    let rating = NewSatisfactionRating {
        score: Score::Good,
        comment: None,
    };
    let first = block_on(client.rate_satisfaction(103, &rating)).unwrap();
    assert_eq!((first.id, first.score.as_deref()), (Some(5), Some("good")));
    let second = block_on(client.rate_satisfaction(103, &rating)).unwrap();
    assert_eq!((second.id, second.score.as_deref()), (Some(6), Some("bad")));
}

/// The string constant `name` in `loader/early.js` (`const NAME = '…';`).
fn early_constant(name: &str) -> String {
    let early = include_str!("../../../loader/early.js");
    let start = format!("const {name} = ");
    let line = early
        .lines()
        .find(|line| line.starts_with(&start))
        .unwrap_or_else(|| panic!("loader/early.js has {name}"));
    line[start.len()..]
        .trim_end_matches(';')
        .split(" + ")
        .map(|part| match part {
            "FORMS" => early_constant("FORMS"),
            quoted => quoted.trim_matches('\'').to_string(),
        })
        .collect()
}

/// `loader/early.js` starts the first screens' reads at the tap by guessing the URLs this
/// client will ask for (a guess off by a byte is not taken): the forms list, and "My tickets"'
/// first page as `Services::list_page` asks for it (open tab, newest activity first, 100 a
/// page; `tests/e2e/early-reads.test.mjs` checks the wasm takes that read).
#[test]
fn the_early_reads_guess_the_urls_the_client_asks_for() {
    let (client, fake) = client(Identity::Anonymous);
    fake.answer(200, r#"{"ticket_forms":[]}"#)
        .answer(200, EMPTY_PAGE);
    block_on(client.list_ticket_forms()).unwrap();
    let newest = Some(RequestSort {
        by: SortBy::UpdatedAt,
        descending: true,
    });
    block_on(client.list_requests(RequestFilter::Open, newest, &PageRequest::first(100))).unwrap();
    assert_eq!(
        fake.urls(),
        [
            format!("GET {ORIGIN}{}", early_constant("LIST")),
            format!("GET {ORIGIN}{}", early_constant("TICKETS")),
        ]
    );
}

/// Signed in, the forms and their fields are read without credentials first: Zendesk shows
/// them alike to anyone, and a cross-origin read without `Authorization` needs no preflight.
/// The host isn't asked for a token for them. An anonymous read that fails (an account showing
/// its forms to signed-in users only refuses it, and the refusal arrives opaque) is sent again
/// at once with the token, then under the usual policy.
#[test]
fn signed_in_the_forms_are_read_without_credentials_first_then_with_them() {
    let (identity, calls) = tokens(&["t"]);
    let (signed_in, fake) = client(identity);
    fake.answer(200, r#"{"ticket_forms":[]}"#)
        .answer(200, r#"{"ticket_fields":[]}"#);
    block_on(signed_in.list_ticket_forms()).unwrap();
    block_on(signed_in.ticket_fields(Some("en"))).unwrap();
    for read in fake.sent() {
        assert_eq!(read.header("Authorization"), None, "{}", read.url);
        assert_eq!(read.cookies, Cookies::Omit);
        assert!(!read.credentialed);
    }
    assert_eq!(calls.get(), 0, "no token asked for");

    fake.fail(TransportError::Network)
        .answer(200, r#"{"ticket_forms":[],"ticket_fields":[]}"#);
    block_on(signed_in.ticket_forms_with_fields(&[1], Some("en"))).unwrap();
    let auth: Vec<Option<String>> = fake.sent()[2..]
        .iter()
        .map(|r| r.header("Authorization").map(str::to_owned))
        .collect();
    assert_eq!(auth, [None, Some("Bearer t".to_owned())]);
    assert_eq!(calls.get(), 1);
    assert!(
        fake.0.sleeps.borrow().is_empty(),
        "the signed-in read goes at once"
    );

    // A failure that is no refusal (a 5xx) is retried as any read's, still without the token.
    fake.answer(503, r#"{"error":"busy"}"#)
        .answer(200, r#"{"ticket_forms":[]}"#);
    block_on(signed_in.list_ticket_forms()).unwrap();
    let with_token: Vec<bool> = fake.sent()[4..]
        .iter()
        .map(|r| r.header("Authorization").is_some())
        .collect();
    assert_eq!(with_token, [false, false]);
    assert_eq!(fake.0.sleeps.borrow().len(), 1, "after the policy's wait");
    assert_eq!(calls.get(), 1, "no new token asked for");

    // An anonymous caller reads them as any other call (a Help Center session too).
    let (anonymous, fake) = client(Identity::Anonymous);
    fake.fail(TransportError::Network)
        .answer(200, r#"{"ticket_forms":[]}"#);
    block_on(anonymous.list_ticket_forms()).unwrap();
    assert_eq!(fake.sent().len(), 2);
    assert_eq!(fake.0.sleeps.borrow().len(), 1, "retried under the policy");
}

/// A screen whose reads don't name the user asks who they are: once, with the token, telling
/// the listener; an anonymous caller asks nothing.
#[test]
fn name_the_user_asks_users_me_once_and_tells_the_listener() {
    let (identity, _) = tokens(&["t"]);
    let (signed_in, fake) = client(identity);
    let told = Rc::new(RefCell::new(Vec::new()));
    let heard = Rc::clone(&told);
    signed_in.on_user(Rc::new(move |id| heard.borrow_mut().push(id)));
    fake.answer(200, r#"{"user":{"id":1001,"name":"Ada"}}"#);
    assert_eq!(block_on(signed_in.name_the_user()).unwrap(), Some(1001));
    assert_eq!(block_on(signed_in.name_the_user()).unwrap(), Some(1001));
    assert_eq!(fake.urls(), [format!("GET {ORIGIN}/api/v2/users/me.json")]);
    assert_eq!(fake.sent()[0].header("Authorization"), Some("Bearer t"));
    assert_eq!(*told.borrow(), [1001]);

    let (anonymous, fake) = client(Identity::Anonymous);
    assert_eq!(block_on(anonymous.name_the_user()).unwrap(), None);
    assert!(fake.sent().is_empty());

    // A question that failed may be asked again.
    let (identity, _) = tokens(&["t"]);
    let (signed_in, fake) = client(identity);
    fake.answer(404, r#"{"error":"RecordNotFound"}"#)
        .answer(200, r#"{"user":{"id":1004}}"#);
    assert!(block_on(signed_in.name_the_user()).is_err());
    assert_eq!(block_on(signed_in.name_the_user()).unwrap(), Some(1004));
    assert_eq!(fake.sent().len(), 2);
}
