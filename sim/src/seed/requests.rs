//! Requests and comments of the `acme` account: tables of the fixed requests plus the
//! generators of the bulk ones.
//!
//! | id | owner | what it is |
//! |---|---|---|
//! | 100–139 | Ada | every status, forms 10/11/12 in turn |
//! | 101 | Ada | open; rich agent reply with an inline image and two attachments |
//! | 102 | Ada | pending |
//! | 103 / 104 | Ada | solved / closed |
//! | 105 | Ada | open, solvable by Ada |
//! | 106 / 107 | Ada | hold / new |
//! | 108 | Ada | open; hostile agent markup |
//! | 120 | Ada | 1,000 public comments |
//! | 150, 151 | Charles | Ada CC'd (150 as email CC and collaborator, 151 collaborator) |
//! | 152 | Charles | private to Charles |
//! | 160, 161 | Grace | unverified requester |
//! | 10000–11999 | Bulk Buyer | one per hour from June 2026 |

use super::builder::{RequestSeed, Seeder};
use super::fields::id as field;
use super::forms::{DEFAULT_FORM, ORDER_FORM, TECHNICAL_FORM};
use super::html::{HOSTILE_HTML, RICH_HTML};
use super::users::id::*;
use crate::png;
use crate::state::Status;
use crate::time;
use serde_json::{json, Value};

/// Seeded request ids by what tests use them for.
pub mod id {
    /// Open, rich agent reply with attachments.
    pub const RICH: u64 = 101;
    /// Pending ("awaiting your reply").
    pub const PENDING: u64 = 102;
    /// Solved.
    pub const SOLVED: u64 = 103;
    /// Closed (rejects comments; follow-ups).
    pub const CLOSED: u64 = 104;
    /// Open and solvable by Ada.
    pub const SOLVABLE: u64 = 105;
    /// On hold.
    pub const HOLD: u64 = 106;
    /// New.
    pub const NEW: u64 = 107;
    /// Hostile agent markup.
    pub const HOSTILE: u64 = 108;
    /// 1,000 public comments.
    pub const LONG: u64 = 120;
    /// Charles's, Ada is an email CC.
    pub const CC_EMAIL: u64 = 150;
    /// Charles's, Ada is a collaborator.
    pub const CC_COLLABORATOR: u64 = 151;
    /// Charles's, not visible to Ada.
    pub const PRIVATE: u64 = 152;
    /// Grace's first.
    pub const GRACE_FIRST: u64 = 160;
    /// First of Bulk Buyer's 2,000.
    pub const BULK_FIRST: u64 = 10_000;
}

/// Ada's requests with a fixed status and subject; the rest of 100–139 cycle through
/// [`ADA_STATUS_CYCLE`] and [`TOPICS`].
const ADA_FIXED: [(u64, Status, &str); 9] = [
    (id::RICH, Status::Open, "Export fails with an error"),
    (id::PENDING, Status::Pending, "Which plan includes SSO?"),
    (id::SOLVED, Status::Solved, "Invoice for October"),
    (id::CLOSED, Status::Closed, "Order ACME-1042 arrived late"),
    (
        id::SOLVABLE,
        Status::Open,
        "Password reset email never arrives",
    ),
    (id::HOLD, Status::Hold, "Replacement part for my laptop"),
    (id::NEW, Status::New, "Feature idea: dark mode"),
    (id::HOSTILE, Status::Open, "Strange link in your reply"),
    (
        id::LONG,
        Status::Open,
        "Long-running conversation about the migration",
    ),
];

const ADA_STATUS_CYCLE: [Status; 6] = [
    Status::Open,
    Status::Pending,
    Status::Solved,
    Status::Closed,
    Status::Hold,
    Status::New,
];

/// Subjects of Ada's other requests, in turn.
const TOPICS: [&str; 12] = [
    "Invoice shows the wrong VAT number",
    "Tracking link does not work",
    "App crashes when I open settings",
    "Cannot change my email address",
    "Laptop fan is very loud",
    "Refund not received yet",
    "Two-factor codes are rejected",
    "Sync stopped working on my phone",
    "Question about the warranty",
    "Export to CSV is missing columns",
    "Package arrived damaged",
    "Password reset email never arrives",
];

/// The agent's first reply by status (requests with their own conversation get none).
fn first_reply(status: Status) -> Option<&'static str> {
    match status {
        Status::New => None,
        Status::Hold => Some(
            "We have asked our warehouse and will get back to you as soon as we hear from them.",
        ),
        Status::Pending => Some(
            "Could you tell us which version you are using? You can find it under Help → About.",
        ),
        Status::Solved | Status::Closed => {
            Some("This is fixed now. Let us know if anything else comes up!")
        }
        _ => Some("Thanks for reaching out, we are looking into it."),
    }
}

/// Charles's requests that CC Ada: `(id, subject, Ada is also an email CC)`.
const CHARLES_CCS: [(u64, &str, bool); 2] = [
    (id::CC_EMAIL, "Team offsite: shared invoice", true),
    (
        id::CC_COLLABORATOR,
        "Access for Ada to the shared workspace",
        false,
    ),
];

/// Grace's requests: `(id, subject)`.
const GRACE_REQUESTS: [(u64, &str); 2] = [
    (id::GRACE_FIRST, "Is my account verified?"),
    (161, "Where do I find the verification email?"),
];

const DAY: i64 = 86_400;

/// Ada's 40 requests (100–139), oldest first, with the first agent reply.
pub fn ada(sd: &mut Seeder, t0: i64) {
    for id in 100..140u64 {
        let n = (id - 100) as usize;
        let created = t0 + n as i64 * DAY + 3600 * (id as i64 % 7);
        let fixed = ADA_FIXED.iter().find(|(f, _, _)| *f == id);
        let status = fixed.map_or(ADA_STATUS_CYCLE[n % ADA_STATUS_CYCLE.len()], |f| f.1);
        let subject = fixed.map_or(TOPICS[n % TOPICS.len()], |f| f.2);
        let description = format!(
            "Hello,\n\n{subject}. This started on {}.\n\nThanks,\nAda",
            &time::iso(created)[..10]
        );
        let assignee =
            (status != Status::New).then_some(if id.is_multiple_of(2) { SAM } else { PRIYA });
        let form = [DEFAULT_FORM, ORDER_FORM, TECHNICAL_FORM][n % 3];
        let r = sd.request(RequestSeed {
            id,
            requester: ADA,
            subject,
            description: &description,
            status,
            assignee,
            created,
            form,
        });
        r.custom_fields = ada_fields(id, form);
        r.solvable = id == id::SOLVABLE;
        let own_conversation = [id::RICH, id::HOSTILE, id::LONG].contains(&id);
        if let Some(reply) = first_reply(status).filter(|_| !own_conversation) {
            let after = if status == Status::Hold { 7200 } else { 5400 };
            sd.comment(
                id,
                assignee.unwrap_or(SAM),
                reply,
                None,
                vec![],
                created + after,
            );
        }
        sd.touch(id);
    }
}

fn ada_fields(id: u64, form: u64) -> Vec<(u64, Value)> {
    match form {
        DEFAULT_FORM => vec![(
            field::TOPIC,
            json!(if id.is_multiple_of(2) {
                "technical"
            } else {
                "billing"
            }),
        )],
        ORDER_FORM => vec![
            (field::ORDER_NUMBER, json!(format!("ACME-{}", 1000 + id))),
            (field::QUANTITY, json!("2")),
            (field::AMOUNT, json!("49.90")),
            (field::PRODUCT, json!("hardware__phone")),
        ],
        _ => vec![
            (field::PRODUCT, json!("software__desktop_app")),
            (field::BLOCKING, json!(false)),
        ],
    }
}

/// 101: a rich agent reply with an inline image and two attachments, then Ada's screenshot.
pub fn rich_conversation(sd: &mut Seeder, t0: i64) {
    let inline = sd.screenshot("export-settings.png", [3, 99, 204], true, true);
    let shot = sd.screenshot("screenshot.png", [204, 60, 3], false, false);
    let pdf = sd.file(
        "invoice-2026-10.pdf",
        "application/pdf",
        png::pdf("ACME invoice 2026-10: 49.90 EUR"),
        (Value::Null, Value::Null),
        false,
    );
    let inline_url = sd.s.attachments.get(&inline).map(|a| {
        format!(
            "%CONTENT_ORIGIN%/attachments/token/{}/?name={}",
            a.token, a.file_name
        )
    });
    let rich = RICH_HTML.replace("%INLINE_IMAGE%", &inline_url.unwrap_or_default());
    let at = sd.created_at(id::RICH, t0);
    sd.comment(id::RICH, SAM, "Hi Ada,\n\nThanks for the details. To get the export working again:\n\n1. Open **Settings → Data**.\n2. Run `acme export --all` from the terminal.\n3. Check the result against our export guide.\n\nBest,\nSam", Some(&rich), vec![inline, shot, pdf], at + 4000);
    if let Some(c) = sd.s.comments.get_mut(&id::RICH).and_then(|c| c.last_mut()) {
        c.plain_body = "Hi Ada,\n\nThanks for the details. To get the export working again:\n\n1. Open Settings → Data.\n2. Run acme export --all from the terminal.\n3. Check the result against our export guide (https://support.acme.example/hc/en-us/articles/7021).\n\nBest,\nSam".into();
    }
    let user_shot = sd.screenshot("error-dialog.png", [120, 120, 120], false, false);
    sd.comment(
        id::RICH,
        ADA,
        "Thanks! I attached the error I still get.",
        None,
        vec![user_shot],
        at + 8000,
    );
    sd.touch(id::RICH);
}

/// 108: hostile markup the widget must sanitize.
pub fn hostile_conversation(sd: &mut Seeder, t0: i64) {
    let at = sd.created_at(id::HOSTILE, t0);
    sd.comment(
        id::HOSTILE,
        PRIYA,
        "Please check this link and the preview below.",
        Some(HOSTILE_HTML),
        vec![],
        at + 3000,
    );
    sd.comment(id::HOSTILE, PRIYA, "One more: <img src=x onerror=alert(2)> (typed as text, must show literally)", Some("<div class=\"zd-comment\" dir=\"auto\"><p dir=\"auto\">One more: <a href=\"JaVaScRiPt:alert('xss-case')\">mixed case</a> <a href=\"data:text/html,<script>alert(3)</script>\">data link</a> <img src=\"https://tracker.example/pixel.gif\" width=\"1\" height=\"1\"></p></div>"), vec![], at + 3600);
    sd.touch(id::HOSTILE);
}

/// 120: 1,000 public comments, alternating agent and Ada, every 10 minutes.
pub fn long_conversation(sd: &mut Seeder, t0: i64) {
    let at = sd.created_at(id::LONG, t0);
    for k in 1..1000u64 {
        let (author, body) = if k % 2 == 1 {
            (
                [SAM, PRIYA][(k / 2 % 2) as usize],
                format!("Migration step {k}: done on our side. Please confirm."),
            )
        } else {
            (ADA, format!("Confirmed step {k}, looks good."))
        };
        sd.comment(id::LONG, author, &body, None, vec![], at + k as i64 * 600);
    }
    sd.touch(id::LONG);
}

/// Charles's requests: two that CC Ada and a private one.
pub fn charles(sd: &mut Seeder, t0: i64) {
    for (id, subject, email_cc) in CHARLES_CCS {
        let created = t0 + 12 * DAY + id as i64 * 60;
        let description = format!("{subject}. Adding Ada so she can follow along.");
        let r = sd.request(RequestSeed {
            id,
            requester: CHARLES,
            subject,
            description: &description,
            status: Status::Open,
            assignee: Some(SAM),
            created,
            form: DEFAULT_FORM,
        });
        r.custom_fields = vec![(field::TOPIC, json!("billing"))];
        r.collaborator_ids = vec![ADA];
        if email_cc {
            r.email_cc_ids = vec![ADA];
        }
        sd.comment(
            id,
            SAM,
            "Noted, both of you will get updates.",
            None,
            vec![],
            created + 3600,
        );
        sd.touch(id);
    }
    let r = sd.request(RequestSeed {
        id: id::PRIVATE,
        requester: CHARLES,
        subject: "Private question",
        description: "Something only Charles may read.",
        status: Status::Open,
        assignee: None,
        created: t0 + 13 * DAY,
        form: DEFAULT_FORM,
    });
    r.custom_fields = vec![(field::TOPIC, json!("other"))];
}

/// Grace (unverified): can read her requests one by one but not list them.
pub fn grace(sd: &mut Seeder, t0: i64) {
    for (id, subject) in GRACE_REQUESTS {
        let r = sd.request(RequestSeed {
            id,
            requester: GRACE,
            subject,
            description: subject,
            status: Status::Open,
            assignee: None,
            created: t0 + 20 * DAY + id as i64,
            form: DEFAULT_FORM,
        });
        r.custom_fields = vec![(field::TOPIC, json!("other"))];
    }
}

/// Bulk Buyer: 2,000 requests, one per hour; `updated_at` interleaves differently from
/// `created_at` so that both sorts are distinguishable.
pub fn bulk(sd: &mut Seeder) {
    const STATUSES: [Status; 8] = [
        Status::Open,
        Status::Solved,
        Status::Closed,
        Status::Pending,
        Status::New,
        Status::Hold,
        Status::Closed,
        Status::Solved,
    ];
    const WHAT: [&str; 5] = [
        "order status",
        "bulk discount",
        "delivery date",
        "invoice copy",
        "pallet damaged",
    ];
    let start = time::at(2026, 6, 1, 0, 0, 0);
    for n in 0..2000u64 {
        let created = start + n as i64 * 3600;
        let order = format!("ACME-{}", 50_000 + n);
        let subject = format!("Order {order} {}", WHAT[(n % 5) as usize]);
        let r = sd.request(RequestSeed {
            id: id::BULK_FIRST + n,
            requester: BULK,
            subject: &subject,
            description: "Please check this order.",
            status: STATUSES[(n % 8) as usize],
            assignee: Some(SAM),
            created,
            form: DEFAULT_FORM,
        });
        r.custom_fields = vec![
            (field::TOPIC, json!("shipping")),
            (field::ORDER_NUMBER, json!(order)),
        ];
        r.updated_at = created + ((n * 7919) % 2000) as i64 * 60;
    }
}
