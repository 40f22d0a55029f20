//! The request being written and how it is sent: restored from its draft and the host's
//! prefill, saved as the user types, checked, sent once, and what each answer means.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::body::{EmailCc, NewComment, NewRequest, Requester};
use crate::api::error::{ApiError, FieldError};
use crate::api::models::Request;
use crate::host::Prefill;
use crate::i18n::{fill, Messages};
use crate::model::contact::{ContactForm, FieldProblem};
use crate::model::conversation::copied;
use crate::model::draft::Draft;
use crate::model::field_map::FieldMap;
use crate::model::sending::{basic, place_problems, BasicAnswers, TwinQuery};
use crate::model::text::js_pattern;
use crate::model::tickets::LoadProblem;
use crate::ui::attachments::Uploads;
use crate::ui::cc::CcBox;
use crate::ui::fields::{Answers, Problems};
use crate::ui::services::{Services, ServicesInner, Who};
use crate::ui::shared::{effect, error_text, Loaded, Navigator, Texts, WidgetEvent};

/// Where sending stands. One enum rather than a web of booleans: each state says what the
/// user sees and which actions exist.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Sending {
    /// Editing.
    Idle,
    /// A create is in flight; further clicks and Enter repeats are ignored.
    InFlight,
    /// Filed. `ccs_dropped`: addresses were copied on it, and Zendesk copied no one (the
    /// account doesn't allow CCs).
    Sent {
        id: u64,
        email: Option<String>,
        ccs_dropped: bool,
    },
    /// Refused or failed before reaching Zendesk; the draft is intact.
    Failed(String),
    /// May have reached Zendesk (timeout, dropped connection): never re-sent automatically.
    MaybeSent(Doubt),
    /// A suggested article answered the question; nothing was filed.
    Answered,
}

/// What is known after a send whose outcome is unknown.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Doubt {
    /// Anonymous users can't list requests: check the email first.
    CheckEmail(String),
    /// Looking through the user's newest requests.
    Checking,
    /// Found among them.
    Found(u64),
    /// Not found: "Send anyway" is offered.
    NotFound,
    /// The check itself failed: the user is asked to look before sending again.
    Unchecked,
}

/// A copy of the request just filed, which Zendesk got because the browser re-sent the create
/// by itself (a reused connection closed before any answer).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Duplicate {
    /// No copy found (or not looked for: anonymous users can't list their requests).
    None,
    /// Found: the user is told and offered to mark it.
    Found(u64),
    /// The note on the copy is being added.
    Marking(u64),
    /// The copy carries the note for the agents.
    Marked(u64),
    /// Adding the note failed; the message says why.
    MarkFailed(u64, String),
}

/// The form's loaded ticket forms (loaded when the form is first shown).
pub(super) type Forms = Loaded<Result<Vec<ContactForm>, ApiError>>;

/// The request being written; `Copy` so every handler and task holds it.
#[derive(Clone, Copy)]
pub(super) struct Composer {
    pub(super) services: Services,
    pub(super) navigator: Navigator,
    texts: Texts,
    pub(super) anonymous: bool,
    draft_key: StoredValue<String>,
    pub(super) name: RwSignal<String>,
    pub(super) email: RwSignal<String>,
    pub(super) subject: RwSignal<String>,
    pub(super) body: RwSignal<String>,
    pub(super) answers: Answers,
    pub(super) problems: Problems,
    pub(super) form_id: RwSignal<Option<u64>>,
    pub(super) uploads: Uploads,
    /// "Copy others": offered signed in, on an account whose host allows it (`emailCcs`).
    pub(super) cc: CcBox,
    /// The closed request this form follows up (set by "Create a follow-up" in My tickets).
    pub(super) followup_of: RwSignal<Option<u64>>,
    pub(super) sending: RwSignal<Sending>,
    /// A copy of the request just sent, when Zendesk has one.
    pub(super) copy: RwSignal<Duplicate>,
    /// The announced summary above the send button.
    pub(super) summary: RwSignal<Option<String>>,
    pub(super) form_ref: NodeRef<leptos::html::Form>,
    pub(super) forms: Forms,
    /// The host's answers, which "Start over" keeps.
    prefilled_answers: StoredValue<FieldMap<crate::model::contact::Answer>>,
}

/// What the draft brought back, for the notes above the form.
pub(super) struct Restored {
    /// A draft was restored.
    pub(super) had_draft: bool,
    /// Names of uploads that expired while the draft waited.
    pub(super) expired: Vec<String>,
    /// The host's prefill (locks, hidden fields).
    pub(super) prefill: Prefill,
}

impl Composer {
    /// The form as the user left it (draft) or as the host filled it in (prefill).
    pub(super) fn restore(
        services: Services,
        navigator: Navigator,
        texts: Texts,
        forms: Forms,
    ) -> (Composer, Restored) {
        let draft_key = services.draft_key("draft:contact");
        let mut restored = services.load_draft(&draft_key).unwrap_or_default();
        let expired = restored.drop_expired_uploads(&services.now_iso());
        let had_draft = !restored.is_empty();
        let prefill = services.prefill();
        let mut initial_answers = prefill.fields.clone();
        initial_answers.extend(restored.answers.clone());
        if prefill.hide_prefilled_fields {
            // Hidden values are the host's, for this page: a draft from another page can't
            // override what the user can't see.
            initial_answers.extend(prefill.fields.clone());
        }
        let followup_of = navigator.followup_of();
        if restored.followup_of.is_some() && followup_of.get_untracked().is_none() {
            followup_of.set(restored.followup_of);
        }
        let composer = Composer {
            services,
            navigator,
            texts,
            anonymous: matches!(services.who(), Who::Anonymous),
            draft_key: StoredValue::new(draft_key),
            name: RwSignal::new(non_empty_or(restored.name.clone(), prefill.name.clone())),
            email: RwSignal::new(non_empty_or(restored.email.clone(), prefill.email.clone())),
            subject: RwSignal::new(non_empty_or(
                restored.subject.clone(),
                prefill.subject.clone(),
            )),
            body: RwSignal::new(non_empty_or(
                restored.body.clone(),
                prefill.description.clone(),
            )),
            answers: RwSignal::new(initial_answers),
            problems: RwSignal::new(FieldMap::new()),
            form_id: RwSignal::new(restored.form_id),
            uploads: Uploads::restore(std::mem::take(&mut restored.uploads)),
            cc: CcBox::new(!matches!(services.who(), Who::Anonymous) && services.email_ccs()),
            followup_of,
            sending: RwSignal::new(Sending::Idle),
            copy: RwSignal::new(Duplicate::None),
            summary: RwSignal::new(None),
            form_ref: NodeRef::new(),
            forms,
            prefilled_answers: StoredValue::new(prefill.fields.clone()),
        };
        let restored = Restored {
            had_draft,
            expired,
            prefill,
        };
        (composer, restored)
    }

    /// The ticket form chosen (or the first offered), once the forms are loaded.
    pub(super) fn current_form(self) -> Option<ContactForm> {
        let wanted = self.form_id.get();
        self.forms
            .with(|loaded| {
                let loaded = loaded.as_ref().ok()?;
                loaded
                    .iter()
                    .find(|f| wanted.is_some() && f.form_id == wanted)
                    .or_else(|| loaded.first())
                    .cloned()
            })
            .flatten()
    }

    /// Saves the draft as the user types (never the token: a draft holds only what they
    /// typed).
    pub(super) fn save_draft_as_typed(self) {
        effect(move |first_run_done: Option<()>| {
            let draft = Draft {
                name: self.name.get(),
                email: self.email.get(),
                subject: self.subject.get(),
                body: self.body.get(),
                form_id: self.form_id.get(),
                answers: self.answers.get(),
                uploads: self.uploads.done(),
                followup_of: self.followup_of.get(),
                // Stamped when saved (`Services::save_draft`).
                saved_at: String::new(),
            };
            // The first run only subscribes: what was restored or prefilled is not news, and
            // saving prefill alone would greet every later page view with "draft restored".
            if first_run_done.is_none()
                || matches!(self.sending.get_untracked(), Sending::Sent { .. })
            {
                return;
            }
            self.services
                .save_draft(&self.draft_key.get_value(), &draft);
        });
    }

    /// Forgets the draft (sent, or answered by an article).
    pub(super) fn clear_draft(self) {
        self.services.clear_draft(&self.draft_key.get_value());
    }

    /// Empties what the user wrote for a new request (the host's answers stay).
    pub(super) fn clear_form(self) {
        self.subject.set(String::new());
        self.body.set(String::new());
        self.answers.set(self.prefilled_answers.get_value());
        self.uploads.clear();
        self.cc.clear();
        self.problems.set(FieldMap::new());
        self.sending.set(Sending::Idle);
        self.copy.set(Duplicate::None);
    }

    /// The problems found before sending, by field id, as the user reads them.
    fn check(self, form: Option<&ContactForm>, t: &'static Messages) -> FieldMap<String> {
        let (name, email, subject, body) = (
            self.name.get_untracked(),
            self.email.get_untracked(),
            self.subject.get_untracked(),
            self.body.get_untracked(),
        );
        let basic = BasicAnswers {
            anonymous: self.anonymous,
            name: &name,
            email: &email,
            subject: &subject,
            description: &body,
        };
        // Inserted one by one (a map collected from an iterator sorts its input first).
        let mut found = FieldMap::new();
        let mut note = |id: u64, problem: &FieldProblem| {
            found.insert(id, problem_text(t, problem).to_owned());
        };
        basic
            .problems()
            .iter()
            .for_each(|(id, problem)| note(*id, problem));
        if let Some(form) = form {
            let regexp = |pattern: &str, text: &str| regexp_matches(pattern, text);
            let problems = self.answers.with_untracked(|a| form.problems(a, regexp));
            problems.iter().for_each(|(id, problem)| note(*id, problem));
        }
        found
    }

    /// The request as Zendesk takes it.
    fn new_request(
        self,
        form: Option<&ContactForm>,
        ccs: Vec<String>,
        t: &'static Messages,
    ) -> NewRequest {
        NewRequest {
            requester: self.anonymous.then(|| Requester {
                name: self.name.get_untracked().trim().to_owned(),
                email: self.email.get_untracked().trim().to_owned(),
                locale: Some(t.tag.to_owned()),
            }),
            subject: Some(self.subject.get_untracked().trim().to_owned()),
            comment: NewComment {
                body: self.body.get_untracked(),
                uploads: self.uploads.tokens(),
            },
            ticket_form_id: form.and_then(|f| f.form_id),
            custom_fields: form
                .map(|f| self.answers.with_untracked(|a| f.custom_fields(a)))
                .unwrap_or_default(),
            via_followup_source_id: self.followup_of.get_untracked(),
            email_ccs: EmailCc::put_all(ccs),
            ..NewRequest::default()
        }
    }

    /// Checks and sends; `deliberate_resend` is "Send anyway" after an unknown outcome.
    pub(super) fn send(self, deliberate_resend: bool) {
        let sending = self.sending.get_untracked();
        if sending == Sending::InFlight
            || (!deliberate_resend && matches!(sending, Sending::MaybeSent(_)))
        {
            return;
        }
        let t = self.texts.untracked();
        let form = untrack(|| self.current_form());
        let found = self.check(form.as_ref(), t);
        if self.uploads.busy() {
            self.summary.set(Some(t.uploading.to_owned()));
            return;
        }
        if !found.is_empty() {
            self.problems.set(found);
            self.summary.set(Some(t.problem_summary.to_owned()));
            focus_first_invalid(self.form_ref);
            return;
        }
        let Some(ccs) = self.cc.typed(t) else {
            self.summary.set(Some(t.problem_summary.to_owned()));
            return;
        };
        self.summary.set(None);
        let request = self.new_request(form.as_ref(), ccs, t);
        self.sending.set(Sending::InFlight);
        // Everything the task needs after its awaits is taken now: the panel may be
        // unmounted meanwhile (a route change, `identify`), and then its signals are gone.
        let sent = Sent {
            email: self.email.get_untracked(),
            subject: self.subject.get_untracked(),
            draft_key: self.draft_key.get_value(),
            // Requests created from now on (minus clock skew) may be this one.
            since: crate::ui::intl::minutes_ago(5),
            t,
            // The inner value, so a send that finishes after the panel was unmounted still
            // records its receipt.
            services: self.services.inner(),
        };
        spawn_local(async move {
            let outcome = self.services.create_request(&request).await;
            self.finish(request, sent, outcome).await;
        });
    }

    /// What Zendesk's answer to a create means for the form.
    async fn finish(self, request: NewRequest, sent: Sent, outcome: Result<Request, ApiError>) {
        let alive = self.sending.try_get_untracked().is_some();
        match outcome {
            Ok(created) => {
                self.services.clear_draft(&sent.draft_key);
                if self.anonymous {
                    sent.services.remember_receipt(created.id, &request);
                }
                if alive {
                    self.followup_of.set(None);
                    self.sending.set(Sending::Sent {
                        id: created.id,
                        email: self.anonymous.then(|| sent.email.clone()),
                        ccs_dropped: !request.email_ccs.is_empty() && copied(&created).is_empty(),
                    });
                    self.navigator.emit(WidgetEvent::RequestCreated(created.id));
                    if !self.anonymous {
                        self.look_for_copy(&request, &sent, created.id).await;
                    }
                }
            }
            _ if !alive => {}
            Err(ApiError::OutcomeUnknown) | Err(ApiError::Timeout) if self.anonymous => {
                self.sending
                    .set(Sending::MaybeSent(Doubt::CheckEmail(sent.email)));
            }
            Err(ApiError::OutcomeUnknown) | Err(ApiError::Timeout) => {
                self.look_for_twin(&sent).await;
            }
            Err(ApiError::Invalid { details, .. }) => self.show_refusal(details, sent.t),
            Err(error) => {
                if error == ApiError::SignedOut {
                    self.navigator.report(LoadProblem::SignedOut, &error);
                }
                self.sending.set(Sending::Failed(
                    error_text(sent.t, &error, self.anonymous).to_owned(),
                ));
            }
        }
    }

    /// After a send whose outcome is unknown, signed in: looks for it among the user's
    /// newest requests, twice (Zendesk may still be filing it).
    async fn look_for_twin(self, sent: &Sent) {
        self.sending.set(Sending::MaybeSent(Doubt::Checking));
        let mut doubt = Doubt::NotFound;
        for attempt in 0..2 {
            if attempt > 0 {
                self.services.wait_ms(3000).await;
            }
            let query = TwinQuery {
                subject: &sent.subject,
                description: None,
                since: &sent.since,
                besides: None,
            };
            doubt = match self.services.find_recent_request(query).await {
                Ok(Some(id)) => Doubt::Found(id),
                Ok(None) => Doubt::NotFound,
                Err(_) => Doubt::Unchecked,
            };
            if doubt != Doubt::NotFound || self.sending.try_get_untracked().is_none() {
                break;
            }
        }
        if self.sending.try_get_untracked().is_none() {
            return;
        }
        if let Doubt::Found(id) = doubt {
            self.services.clear_draft(&sent.draft_key);
            self.navigator.emit(WidgetEvent::RequestCreated(id));
        }
        self.sending.set(Sending::MaybeSent(doubt));
    }

    /// After a success, signed in: whether Zendesk filed the request twice. Chromium sends a
    /// create again by itself when the reused connection it went out on closes before any
    /// answer, and the answer the widget sees is the second one's (see troubleshooting).
    async fn look_for_copy(self, request: &NewRequest, sent: &Sent, created: u64) {
        let query = TwinQuery {
            subject: &sent.subject,
            description: Some(&request.comment.body),
            since: &sent.since,
            besides: Some(created),
        };
        if let Ok(Some(copy)) = self.services.find_recent_request(query).await {
            // Still showing this request's receipt (not a new form, not unmounted).
            let showing = self
                .sending
                .try_with_untracked(|s| matches!(s, Sending::Sent { id, .. } if *id == created));
            if showing == Some(true) {
                self.copy.set(Duplicate::Found(copy));
            }
        }
    }

    /// Adds a note to the copy saying which request to keep, for the agent who closes it
    /// (end users can't close or merge requests themselves).
    pub(super) fn mark_copy(self, kept: u64, copy: u64) {
        let t = self.texts.untracked();
        self.copy.set(Duplicate::Marking(copy));
        spawn_local(async move {
            let note = fill(t.copy_note, &[("id", &kept.to_string())]);
            let marked = self
                .services
                .reply(copy, note, Vec::new(), Vec::new())
                .await;
            let _ = self.copy.try_set(match marked {
                Ok(_) => Duplicate::Marked(copy),
                Err(error) => Duplicate::MarkFailed(copy, error_text(t, &error, false).to_owned()),
            });
        });
    }

    /// Zendesk refused the request (422): its problems under the fields on screen, the rest
    /// in the announced summary.
    fn show_refusal(self, details: Vec<FieldError>, t: &'static Messages) {
        let form_ref = self.form_ref;
        let shown = |key: u64| {
            form_ref
                .get_untracked()
                .and_then(|f| f.query_selector(&problem_anchor(key)).ok().flatten())
                .is_some()
        };
        let placed = place_problems(details, shown, t.problem_format);
        self.problems.set(placed.by_field);
        let mut text = t.problem_summary.to_owned();
        for message in placed.unplaced {
            text.push(' ');
            text.push_str(&message);
        }
        self.summary.set(Some(text));
        self.sending.set(Sending::Idle);
        focus_first_invalid(form_ref);
    }
}

/// What a send needs after its awaits, taken before them.
struct Sent {
    email: String,
    subject: String,
    draft_key: String,
    since: String,
    t: &'static Messages,
    services: Rc<ServicesInner>,
}

fn non_empty_or(saved: String, prefilled: Option<String>) -> String {
    if saved.trim().is_empty() {
        prefilled.unwrap_or_default()
    } else {
        saved
    }
}

/// The message for a field problem found before sending.
fn problem_text(t: &'static Messages, problem: &FieldProblem) -> &'static str {
    match problem {
        FieldProblem::Missing => t.problem_missing,
        FieldProblem::NotEmail => t.problem_email,
        FieldProblem::NotInteger => t.problem_integer,
        FieldProblem::NotDecimal => t.problem_decimal,
        FieldProblem::NotDate => t.problem_date,
        FieldProblem::NoMatch => t.problem_format,
        FieldProblem::UnknownOption => t.problem_option,
    }
}

/// Moves focus to the first field marked invalid, so keyboard and screen-reader users land on
/// it (after the next frame, when the marks are rendered).
fn focus_first_invalid(form: NodeRef<leptos::html::Form>) {
    request_animation_frame(move || {
        // `try_`: the form may be gone by the next frame.
        let field = form
            .try_get_untracked()
            .flatten()
            .and_then(|form| form.query_selector("[aria-invalid=true]").ok().flatten())
            .and_then(|field| field.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(field) = field {
            let _ = field.focus();
        }
    });
}

/// Whether `text` matches a regexp field's pattern (Ruby syntax, converted). A pattern the
/// browser can't compile is left for Zendesk to judge rather than blocking the user.
fn regexp_matches(pattern: &str, text: &str) -> bool {
    let constructor: js_sys::Function = js_sys::RegExp::new("", "").constructor().unchecked_into();
    let args = js_sys::Array::of1(&js_pattern(pattern).into());
    match js_sys::Reflect::construct(&constructor, &args) {
        Ok(regexp) => regexp.unchecked_into::<js_sys::RegExp>().test(text),
        Err(_) => true,
    }
}

/// The selector of the input a problem belongs to (basic fields and custom fields).
pub(super) fn problem_anchor(key: u64) -> String {
    if basic::is_basic(key) {
        format!("#sw-basic-{}", u64::MAX - key)
    } else {
        format!("#sw-field-{key}")
    }
}
