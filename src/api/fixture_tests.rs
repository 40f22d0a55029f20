//! Realistic response fixtures (`tests/fixtures/api/`) decoded, and mutated at random to show
//! that no response can make the decoders panic.

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::classify::{classify, HttpResponse};
use super::error::ApiError;
use super::models::*;
use super::page::{decode_page, PageRequest};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/api/",
            $name
        ))
    };
}

const FIXTURES: &[&str] = &[
    fixture!("request_show.json"),
    fixture!("requests_cursor.json"),
    fixture!("requests_offset.json"),
    fixture!("requests_search.json"),
    fixture!("comments.json"),
    fixture!("comment_show.json"),
    fixture!("upload.json"),
    fixture!("ticket_forms_show_many.json"),
    fixture!("ticket_fields.json"),
    fixture!("articles_search.json"),
    fixture!("satisfaction_rating.json"),
    fixture!("help_center_session.json"),
    fixture!("request_created.json"),
    fixture!("error_422_real.json"),
    fixture!("error_422_schema.json"),
    fixture!("error_422_upload_blocked.json"),
    fixture!("error_401.json"),
    fixture!("error_404.json"),
    fixture!("error_400.json"),
    fixture!("error_500.html"),
];

fn ok_body(text: &str) -> Value {
    classify(
        &HttpResponse {
            status: 200,
            body: text.into(),
            ..HttpResponse::default()
        },
        0,
    )
    .unwrap()
}

fn object<T: DeserializeOwned>(body: &Value, key: &str) -> T {
    serde_json::from_value(body[key].clone()).unwrap()
}

#[test]
fn request_with_nulls_digit_strings_and_unknown_fields() {
    let body = ok_body(fixture!("request_show.json"));
    let request: Request = object(&body, "request");
    assert_eq!(request.id, 101);
    assert_eq!(request.status, RequestStatus::Open);
    assert_eq!(request.priority, None);
    assert_eq!(request.kind, None);
    assert_eq!(request.ticket_form_id, Some(10), "digit string");
    assert_eq!(request.collaborator_ids, vec![1004, 1005]);
    assert_eq!(
        request.custom_fields.len(),
        3,
        "custom_fields preferred over fields"
    );
    assert_eq!(request.custom_fields[2].id, 23);
    assert_eq!(request.custom_fields[2].value, json!(["a", "b"]));
    assert_eq!(
        request.via.as_ref().and_then(|via| via.channel.as_deref()),
        Some("web")
    );
    assert!(!request.can_be_solved_by_me);
    let users: Vec<User> = object(&body, "users");
    assert_eq!(users.len(), 2);
    assert!(users[1].agent);
    assert_eq!(
        users[1]
            .photo
            .as_ref()
            .and_then(|photo| photo.content_url.as_deref()),
        Some("https://acme.zendesk.com/system/photos/9/sam.png")
    );
}

#[test]
fn request_lists_cursor_and_offset() {
    let mut body = ok_body(fixture!("requests_cursor.json"));
    let page = decode_page::<Request>(&mut body, "requests", &PageRequest::first(4));
    let ids: Vec<u64> = page.items.iter().map(|request| request.id).collect();
    assert_eq!(ids, vec![105, 107, 103, 999]);
    assert_eq!(page.items[3].status, RequestStatus::Other);
    assert!(page.items[0].can_be_solved_by_me);
    assert!(matches!(
        page.next,
        Some(PageRequest::Cursor {
            size: 4,
            after: Some(_)
        })
    ));

    let mut body = ok_body(fixture!("requests_offset.json"));
    let page = decode_page::<Request>(&mut body, "requests", &PageRequest::first_offset(3));
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.skipped, 2, "no id, negative id");
    assert_eq!(
        page.items[0].custom_fields[0].value,
        json!("billing"),
        "legacy `fields`"
    );
    assert_eq!(
        page.next,
        Some(PageRequest::Offset {
            page: 2,
            per_page: 3
        })
    );
    assert_eq!(page.count, None, "a string count is not trusted");

    let mut body = ok_body(fixture!("requests_search.json"));
    let page = decode_page::<Request>(&mut body, "requests", &PageRequest::first_offset(15));
    assert_eq!(page.items[0].status, RequestStatus::Pending);
    assert_eq!(page.next, None);
}

#[test]
fn comments_with_attachments_and_authors() {
    let mut body = ok_body(fixture!("comments.json"));
    let users: Vec<User> = object(&body, "users");
    let mut page = decode_page::<Comment>(&mut body, "comments", &PageRequest::first(100));
    join_authors(&mut page.items, &users);
    assert_eq!(page.items.len(), 3);
    assert_eq!(page.skipped, 1);
    assert_eq!(page.next, None);

    let agent_reply = &page.items[1];
    assert_eq!(agent_reply.request_id, Some(101));
    let author = agent_reply.author.as_ref().unwrap();
    assert_eq!(author.name.as_deref(), Some("Sam Rivera"));
    assert!(author.agent);
    let image = &agent_reply.attachments[0];
    assert_eq!((image.width, image.height), (Some(640), Some(480)));
    assert_eq!(image.thumbnails[0].size, Some(1024));
    assert_eq!(image.thumbnails[0].width, Some(80));
    let pdf = &agent_reply.attachments[1];
    assert_eq!(
        pdf.file_name.as_deref(),
        Some("invoice.pdf"),
        "legacy `name`"
    );
    assert_eq!((pdf.width, pdf.height), (None, None));
    assert!(pdf.thumbnails.is_empty());

    let odd = &page.items[2];
    assert!(!odd.public);
    assert!(odd.attachments.is_empty());
    assert_eq!(odd.author, None, "author not in the sideload");
    assert!(page.items[0].public);
    assert!(!page.items[0].author.as_ref().unwrap().agent);

    let body = ok_body(fixture!("comment_show.json"));
    let comment: Comment = object(&body, "comment");
    assert_eq!(comment.id, 5002);
}

#[test]
fn upload_forms_fields_articles_rating_session() {
    let body = ok_body(fixture!("upload.json"));
    let upload: Upload = object(&body, "upload");
    assert_eq!(upload.token, "6bk3gql82em5nmf");
    assert_eq!(upload.attachment.as_ref().unwrap().width, Some(1024));
    assert_eq!(
        upload.attachments[0].file_name.as_deref(),
        Some("first.txt")
    );
    assert_eq!(upload.attachments[0].size, Some(12));

    let body = ok_body(fixture!("ticket_forms_show_many.json"));
    let forms: Vec<TicketForm> = object(&body, "ticket_forms");
    let fields: Vec<TicketField> = object(&body, "ticket_fields");
    let joined = join_form_fields(forms, &fields);
    assert_eq!(joined.len(), 2);
    let field_ids: Vec<u64> = joined[0].fields.iter().map(|field| field.id).collect();
    assert_eq!(field_ids, vec![1, 2, 21, 22], "404 is not in the sideload");
    assert_eq!(joined[0].form.end_user_conditions[0].child_fields[0].id, 22);
    assert!(joined[0].form.default);
    assert!(!joined[1].form.end_user_visible, "\"yes\" is not a bool");
    assert_eq!(joined[1].form.position, Some(1));
    let topic = &joined[0].fields[2];
    assert_eq!(topic.custom_field_options.len(), 3);
    assert_eq!(topic.custom_field_options[2].id, 0);
    assert!(topic.active, "absent `active` means active");

    let body = ok_body(fixture!("ticket_fields.json"));
    let fields: Vec<TicketField> = object(&body, "ticket_fields");
    assert_eq!(
        fields[1].regexp_for_validation.as_deref(),
        Some("^[0-9]{4}$")
    );
    assert!(!fields[2].visible_in_portal);

    let body = ok_body(fixture!("articles_search.json"));
    let articles: Vec<Article> = object(&body, "results");
    assert_eq!(articles[1].id, 360_002);

    let body = ok_body(fixture!("satisfaction_rating.json"));
    let rating: SatisfactionRating = object(&body, "satisfaction_rating");
    assert_eq!(rating.score.as_deref(), Some("good"));

    let body = ok_body(fixture!("help_center_session.json"));
    let session: HelpCenterSession = object(&body, "current_session");
    assert_eq!(session.csrf_token.as_deref(), Some("hc-csrf-abc123=="));
    let visitor: HelpCenterSession = object(&json!({"s": {"csrf_token": null}}), "s");
    assert_eq!(visitor.csrf_token, None);

    let body = ok_body(fixture!("request_created.json"));
    let created: Request = object(&body, "request");
    assert_eq!(created.status, RequestStatus::New);
}

#[test]
fn error_fixtures() {
    let error = |status: u16, body: &str| {
        classify(
            &HttpResponse {
                status,
                body: body.into(),
                ..HttpResponse::default()
            },
            0,
        )
        .unwrap_err()
    };
    let ApiError::Invalid { details, .. } = error(422, fixture!("error_422_real.json")) else {
        panic!()
    };
    assert_eq!(details.len(), 2);
    let ApiError::Invalid { details, .. } = error(422, fixture!("error_422_schema.json")) else {
        panic!()
    };
    assert_eq!(details[0].field, "subject");
    assert_eq!(
        error(401, fixture!("error_401.json")),
        ApiError::Unauthorized
    );
    assert_eq!(error(404, fixture!("error_404.json")), ApiError::NotFound);
    assert_eq!(
        error(400, fixture!("error_400.json")),
        ApiError::Rejected {
            status: 400,
            description: Some("Too many values for ids".into())
        }
    );
    assert_eq!(
        error(500, fixture!("error_500.html")),
        ApiError::Server { status: 500 }
    );
    assert_eq!(
        error(200, fixture!("error_500.html")),
        ApiError::Undecodable {
            status: 200,
            reason: "HTML instead of JSON"
        }
    );
}

/// Runs every decoder the client has over `body`; only panics matter.
fn decode_everything(text: &str) {
    for status in [200, 201, 400, 401, 404, 422, 429, 500] {
        let _ = classify(
            &HttpResponse {
                status,
                body: text.into(),
                ..HttpResponse::default()
            },
            0,
        );
    }
    let Ok(body) = serde_json::from_str::<Value>(text) else {
        return;
    };
    fn one<T: DeserializeOwned>(body: &Value, key: &str) {
        let _ = serde_json::from_value::<T>(body.get(key).cloned().unwrap_or(Value::Null));
    }
    one::<Request>(&body, "request");
    one::<Comment>(&body, "comment");
    one::<Upload>(&body, "upload");
    one::<SatisfactionRating>(&body, "satisfaction_rating");
    one::<HelpCenterSession>(&body, "current_session");
    one::<Vec<User>>(&body, "users");
    for page in [PageRequest::first(10), PageRequest::first_offset(10)] {
        let _ = decode_page::<Request>(&mut body.clone(), "requests", &page);
        let mut comments = decode_page::<Comment>(&mut body.clone(), "comments", &page);
        let users: Vec<User> =
            super::lenient::items(body.get("users").cloned().unwrap_or(Value::Null));
        join_authors(&mut comments.items, &users);
        let _ = decode_page::<TicketField>(&mut body.clone(), "ticket_fields", &page);
        let _ = decode_page::<Article>(&mut body.clone(), "results", &page);
    }
    let forms: Vec<TicketForm> =
        super::lenient::items(body.get("ticket_forms").cloned().unwrap_or(Value::Null));
    let fields: Vec<TicketField> =
        super::lenient::items(body.get("ticket_fields").cloned().unwrap_or(Value::Null));
    let _ = join_form_fields(forms, &fields);
}

#[test]
fn truncated_fixtures_are_errors_not_panics() {
    for fixture in FIXTURES {
        for cut in (0..fixture.len())
            .step_by(7)
            .filter(|cut| fixture.is_char_boundary(*cut))
        {
            decode_everything(&fixture[..cut]);
        }
    }
    let half = &FIXTURES[0][..FIXTURES[0].len() / 2];
    assert_eq!(
        classify(
            &HttpResponse {
                status: 200,
                body: half.into(),
                ..HttpResponse::default()
            },
            0
        ),
        Err(ApiError::Undecodable {
            status: 200,
            reason: "invalid JSON"
        })
    );
}

/// One change somewhere in a JSON tree.
#[derive(Debug, Clone)]
enum Mutation {
    DropKey,
    Null,
    Replace(Value),
    AddJunkKey(Value),
}

fn junk() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|number| json!(number)),
        "[0-9]{0,25}".prop_map(Value::String),
        ".{0,12}".prop_map(Value::String),
        Just(json!([])),
        Just(json!({})),
        Just(json!([null, 1, "x", {"id": "oops"}])),
        Just(json!({"id": -1, "file_name": 5})),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::DropKey),
        Just(Mutation::Null),
        junk().prop_map(Mutation::Replace),
        junk().prop_map(Mutation::AddJunkKey),
    ]
}

/// Applies `mutation` to the `target`-th node (pre-order, modulo the node count).
fn mutate(root: &mut Value, target: usize, mutation: &Mutation) {
    fn count(value: &Value) -> usize {
        1 + match value {
            Value::Array(items) => items.iter().map(count).sum(),
            Value::Object(map) => map.values().map(count).sum(),
            _ => 0,
        }
    }
    /// Pre-order walk; `target` counts down to the node to change, `None` once changed.
    /// Returns true when the caller must remove this node (a dropped key or item).
    fn walk(value: &mut Value, target: &mut Option<usize>, mutation: &Mutation) -> bool {
        match target {
            None => return false,
            Some(0) => {
                *target = None;
                match mutation {
                    Mutation::DropKey => return true,
                    Mutation::Null => *value = Value::Null,
                    Mutation::Replace(junk) => *value = junk.clone(),
                    Mutation::AddJunkKey(junk) => match value {
                        Value::Object(map) => {
                            map.insert("zz_junk".into(), junk.clone());
                        }
                        Value::Array(items) => items.push(junk.clone()),
                        other => *other = junk.clone(),
                    },
                }
                return false;
            }
            Some(remaining) => *remaining -= 1,
        }
        match value {
            Value::Object(map) => {
                let keys: Vec<String> = map.keys().cloned().collect();
                for key in keys {
                    if map
                        .get_mut(&key)
                        .is_some_and(|child| walk(child, target, mutation))
                    {
                        map.remove(&key);
                    }
                }
            }
            Value::Array(items) => {
                let mut index = 0;
                while index < items.len() {
                    if walk(&mut items[index], target, mutation) {
                        items.remove(index);
                    } else {
                        index += 1;
                    }
                }
            }
            _ => {}
        }
        false
    }
    let mut target = Some(target % count(root));
    let _ = walk(root, &mut target, mutation);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixtures_never_panic(
        fixture in 0..FIXTURES.len(),
        mutations in proptest::collection::vec((any::<usize>(), mutation()), 1..6),
    ) {
        let text = FIXTURES[fixture];
        let mut value = serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
        for (target, mutation) in &mutations {
            mutate(&mut value, *target, mutation);
        }
        decode_everything(&value.to_string());
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        decode_everything(&text);
    }
}
