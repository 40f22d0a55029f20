//! Ticket fields of the `acme` account, one row per field (position = row order).
//!
//! Ids: 20 subject, 19 description, 21 Topic (tagger, required), 22 Order number (text),
//! 23 Steps to reproduce (textarea), 24 Blocking my work (checkbox), 25 Date of purchase (date),
//! 26 Quantity (integer), 27 Amount paid (decimal), 28 Serial number (regexp), 29 Affected
//! platforms (multiselect), 30 Product (nested drop-down, `::` names), 31 Internal escalation
//! note (text, **not** visible in portal), 32 Trail (tagger, the outdoor brand's form only).

use super::catalog::{FieldOption as Opt, L10n, TicketField};

/// Field ids by name, for the forms table and for tests.
pub mod id {
    /// System subject field.
    pub const SUBJECT: u64 = 20;
    /// System description field.
    pub const DESCRIPTION: u64 = 19;
    /// "What is it about?" (tagger, required in portal).
    pub const TOPIC: u64 = 21;
    /// Order number (text).
    pub const ORDER_NUMBER: u64 = 22;
    /// Steps to reproduce (textarea).
    pub const STEPS: u64 = 23;
    /// "This is blocking my work" (checkbox).
    pub const BLOCKING: u64 = 24;
    /// Date of purchase (date).
    pub const PURCHASE_DATE: u64 = 25;
    /// Quantity (integer).
    pub const QUANTITY: u64 = 26;
    /// Amount paid (decimal).
    pub const AMOUNT: u64 = 27;
    /// Serial number (regexp).
    pub const SERIAL: u64 = 28;
    /// Affected platforms (multiselect).
    pub const PLATFORMS: u64 = 29;
    /// Product (nested drop-down).
    pub const PRODUCT: u64 = 30;
    /// Internal escalation note (not visible in portal).
    pub const INTERNAL_NOTE: u64 = 31;
    /// "Which trail?" (tagger) of the outdoor brand's form.
    pub const TRAIL: u64 = 32;
}

/// A visible, optional, editable field without help text or options.
const fn field(
    id: u64,
    kind: &'static str,
    title: &'static str,
    portal: L10n,
    position: u32,
) -> TicketField {
    TicketField {
        id,
        kind,
        title,
        title_in_portal: portal,
        description: L10n::NONE,
        required_in_portal: false,
        visible_in_portal: true,
        editable_in_portal: true,
        active: true,
        regexp: None,
        options: &[],
        position,
    }
}

impl TicketField {
    const fn required(mut self) -> Self {
        self.required_in_portal = true;
        self
    }
    const fn agents_only(mut self) -> Self {
        self.visible_in_portal = false;
        self.editable_in_portal = false;
        self
    }
    const fn help(mut self, text: L10n) -> Self {
        self.description = text;
        self
    }
    const fn pattern(mut self, ruby_regexp: &'static str) -> Self {
        self.regexp = Some(ruby_regexp);
        self
    }
    const fn choices(mut self, options: &'static [Opt]) -> Self {
        self.options = options;
        self
    }
}

/// Every ticket field, in position order.
pub const FIELDS: [TicketField; 14] = [
    field(
        id::SUBJECT,
        "subject",
        "Subject",
        L10n::new("Subject", "Betreff", "Objet"),
        1,
    )
    .required(),
    field(
        id::DESCRIPTION,
        "description",
        "Description",
        L10n::new("Description", "Beschreibung", "Description"),
        2,
    )
    .required()
    .help(L10n::new(
        "Please enter the details of your request.",
        "Bitte beschreiben Sie Ihr Anliegen.",
        "Veuillez saisir les détails de votre demande.",
    )),
    field(
        id::TOPIC,
        "tagger",
        "Topic",
        L10n::new("What is it about?", "Worum geht es?", "De quoi s'agit-il ?"),
        3,
    )
    .required()
    .choices(&[
        Opt::new(2101, "Billing", "Rechnung", "billing"),
        Opt::new(2102, "Shipping", "Versand", "shipping"),
        Opt::new(
            2103,
            "Technical problem",
            "Technisches Problem",
            "technical",
        ),
        Opt::new(2104, "Something else", "Etwas anderes", "other"),
    ]),
    field(
        id::ORDER_NUMBER,
        "text",
        "Order number",
        L10n::new("Order number", "Bestellnummer", "Numéro de commande"),
        4,
    )
    .help(L10n::new(
        "Starts with ACME-",
        "Beginnt mit ACME-",
        "Commence par ACME-",
    )),
    field(
        id::STEPS,
        "textarea",
        "Steps to reproduce",
        L10n::new(
            "Steps to reproduce",
            "Schritte zum Nachvollziehen",
            "Étapes pour reproduire",
        ),
        5,
    ),
    field(
        id::BLOCKING,
        "checkbox",
        "Blocking",
        L10n::new(
            "This is blocking my work",
            "Das blockiert meine Arbeit",
            "Cela bloque mon travail",
        ),
        6,
    ),
    field(
        id::PURCHASE_DATE,
        "date",
        "Purchase date",
        L10n::new("Date of purchase", "Kaufdatum", "Date d'achat"),
        7,
    ),
    field(
        id::QUANTITY,
        "integer",
        "Quantity",
        L10n::new("Quantity", "Menge", "Quantité"),
        8,
    ),
    field(
        id::AMOUNT,
        "decimal",
        "Amount paid",
        L10n::new(
            "Amount paid (EUR)",
            "Bezahlter Betrag (EUR)",
            "Montant payé (EUR)",
        ),
        9,
    ),
    field(
        id::SERIAL,
        "regexp",
        "Serial number",
        L10n::new("Serial number", "Seriennummer", "Numéro de série"),
        10,
    )
    .pattern(r"\A[A-Z]{2}-\d{4}\z")
    .help(L10n::new(
        "Two letters, a dash and four digits, e.g. AB-1234",
        "Zwei Buchstaben, Bindestrich, vier Ziffern, z. B. AB-1234",
        "Deux lettres, un tiret et quatre chiffres, p. ex. AB-1234",
    )),
    field(
        id::PLATFORMS,
        "multiselect",
        "Platforms",
        L10n::new(
            "Affected platforms",
            "Betroffene Plattformen",
            "Plateformes concernées",
        ),
        11,
    )
    .choices(&[
        Opt::new(2901, "Windows", "Windows", "windows"),
        Opt::new(2902, "macOS", "macOS", "macos"),
        Opt::new(2903, "Linux", "Linux", "linux"),
        Opt::new(2904, "iOS", "iOS", "ios"),
        Opt::new(2905, "Android", "Android", "android"),
    ]),
    field(
        id::PRODUCT,
        "tagger",
        "Product",
        L10n::new("Product", "Produkt", "Produit"),
        12,
    )
    .choices(&[
        Opt::new(
            3001,
            "Hardware::Laptop",
            "Hardware::Laptop",
            "hardware__laptop",
        ),
        Opt::new(
            3002,
            "Hardware::Phone",
            "Hardware::Telefon",
            "hardware__phone",
        ),
        Opt::new(
            3003,
            "Software::Mobile app",
            "Software::Mobile App",
            "software__mobile_app",
        ),
        Opt::new(
            3004,
            "Software::Desktop app",
            "Software::Desktop-App",
            "software__desktop_app",
        ),
    ]),
    field(
        id::INTERNAL_NOTE,
        "text",
        "Internal escalation note",
        L10n::new(
            "Internal escalation note",
            "Interne Eskalationsnotiz",
            "Note d'escalade interne",
        ),
        13,
    )
    .agents_only(),
    field(
        id::TRAIL,
        "tagger",
        "Trail",
        L10n::new("Which trail?", "Welcher Wanderweg?", "Quel sentier ?"),
        14,
    )
    .choices(&[
        Opt::new(3201, "Alpine loop", "Alpenrunde", "alpine_loop"),
        Opt::new(3202, "Coastal path", "Küstenweg", "coastal_path"),
    ]),
];
