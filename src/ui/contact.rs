//! "Contact support": the request form. Files a Zendesk request anonymously or as the signed-in
//! user, renders the account's ticket forms, uploads attachments as they are added, suggests
//! articles, saves a draft as the user types, and never sends twice on its own.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::attachments::{AttachmentList, Uploads};
use super::fields::{Answers, CustomField, FieldProblem, Problems};
use super::services::{Services, Who};
use super::shared::{error_text, use_messages, use_navigator, WidgetEvent};
use super::suggestions::Suggestions;
use crate::api::body::{NewComment, NewRequest, Requester};
use crate::api::error::ApiError;
use crate::host::View;
use crate::i18n::{fill, Messages};
use crate::model::contact::{ContactForm, FieldProblem as Problem};
use crate::model::draft::Draft;
use crate::model::text::{js_pattern, looks_like_email};
use crate::model::tickets::LoadProblem;

/// Pseudo field ids for the fields every request has, so their problems sit in the same map
/// as the custom fields' (Zendesk field ids never come near `u64::MAX`).
const NAME: u64 = u64::MAX;
const EMAIL: u64 = u64::MAX - 1;
const SUBJECT: u64 = u64::MAX - 2;
const DESCRIPTION: u64 = u64::MAX - 3;

/// Where sending stands. One enum rather than a web of booleans: each state says what the
/// user sees and which actions exist.
#[derive(Clone, Debug, PartialEq)]
enum Sending {
    /// Editing.
    Idle,
    /// A create is in flight; further clicks and Enter repeats are ignored.
    InFlight,
    /// Filed.
    Sent { id: u64, email: Option<String> },
    /// Refused or failed before reaching Zendesk; the draft is intact.
    Failed(String),
    /// May have reached Zendesk (timeout, dropped connection): never re-sent automatically.
    MaybeSent(Doubt),
    /// A suggested article answered the question; nothing was filed.
    Answered,
}

/// What is known after a send whose outcome is unknown.
#[derive(Clone, Debug, PartialEq)]
enum Doubt {
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

/// The contact form screen.
#[component]
pub fn ContactScreen(services: Services) -> impl IntoView {
    let t = use_messages();
    // Event handlers read the language without subscribing to it.
    let now_t = move || untrack(t);
    // Tells the host of a new request (`request-created`) and of a sign-in it must renew;
    // shows a request in "My tickets".
    let navigator = use_navigator();
    let on_view_request = Callback::new(move |id| navigator.view_request(id));
    // The closed request this form follows up (set by "Create a follow-up" in My tickets).
    let followup_of = navigator.followup_of();
    let draft_key = services.draft_key("draft:contact");
    let mut restored = services.load_draft(&draft_key).unwrap_or_default();
    let expired = restored.drop_expired_uploads(&services.now_iso());
    let had_draft = !restored.is_empty();

    let who = services.who();
    let anonymous = matches!(who, Who::Anonymous);
    let prefill = services.prefill();
    let name = RwSignal::new(non_empty_or(restored.name.clone(), prefill.name.clone()));
    let email = RwSignal::new(non_empty_or(restored.email.clone(), prefill.email.clone()));
    let subject = RwSignal::new(non_empty_or(
        restored.subject.clone(),
        prefill.subject.clone(),
    ));
    let body = RwSignal::new(non_empty_or(
        restored.body.clone(),
        prefill.description.clone(),
    ));
    let mut initial_answers = prefill.fields.clone();
    initial_answers.extend(restored.answers.clone());
    if prefill.hide_prefilled_fields {
        // Hidden values are the host's, for this page: a draft from another page can't
        // override what the user can't see.
        initial_answers.extend(prefill.fields.clone());
    }
    let answers: Answers = RwSignal::new(initial_answers);
    // Fields the host answered and asked to hide are sent but not shown.
    let hidden_fields: Vec<u64> = if prefill.hide_prefilled_fields {
        prefill.fields.keys().copied().collect()
    } else {
        Vec::new()
    };
    let problems: Problems = RwSignal::new(BTreeMap::new());
    let form_id = RwSignal::new(restored.form_id);
    let uploads = Uploads::restore(std::mem::take(&mut restored.uploads));
    if restored.followup_of.is_some() && followup_of.get_untracked().is_none() {
        followup_of.set(restored.followup_of);
    }
    let sending = RwSignal::new(Sending::Idle);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let summary = RwSignal::new(None::<String>);

    // Forms load when the form is first shown, not when the widget mounts at idle: a page
    // view that never opens the panel costs Zendesk nothing.
    let shown_once = RwSignal::new(false);
    Effect::new(move |_| {
        // Whether the form is on screen (panel open on this tab).
        if navigator.showing(View::Contact) {
            shown_once.set(true);
        }
    });
    let forms = LocalResource::new(move || {
        let shown = shown_once.get();
        async move {
            if shown {
                services.contact_forms().await
            } else {
                Ok(Vec::new())
            }
        }
    });
    let current_form = move || -> Option<ContactForm> {
        let loaded = forms.get()?.ok()?;
        let wanted = form_id.get();
        loaded
            .iter()
            .find(|f| wanted.is_some() && f.form_id == wanted)
            .or_else(|| loaded.first())
            .cloned()
    };

    // Save the draft as the user types (never the token: a draft holds only what they typed).
    {
        let draft_key = draft_key.clone();
        Effect::new(move |first_run_done: Option<()>| {
            let draft = Draft {
                name: name.get(),
                email: email.get(),
                subject: subject.get(),
                body: body.get(),
                form_id: form_id.get(),
                answers: answers.get(),
                uploads: uploads.done(),
                followup_of: followup_of.get(),
                // Stamped when saved (`Services::save_draft`).
                saved_at: String::new(),
            };
            // The first run only subscribes: what was restored or prefilled is not news, and
            // saving prefill alone would greet every later page view with "draft restored".
            if first_run_done.is_none() || matches!(sending.get_untracked(), Sending::Sent { .. }) {
                return;
            }
            services.save_draft(&draft_key, &draft);
        });
    }

    let send = {
        let draft_key = draft_key.clone();
        move |deliberate_resend: bool| {
            if sending.get_untracked() == Sending::InFlight {
                return;
            }
            if !deliberate_resend && matches!(sending.get_untracked(), Sending::MaybeSent(_)) {
                return;
            }
            let form = current_form();
            let mut found = BTreeMap::new();
            if anonymous {
                if name.get_untracked().trim().is_empty() {
                    found.insert(NAME, now_t().problem_missing.to_owned());
                }
                if !looks_like_email(&email.get_untracked()) {
                    found.insert(EMAIL, now_t().problem_email.to_owned());
                }
            }
            if subject.get_untracked().trim().is_empty() {
                found.insert(SUBJECT, now_t().problem_missing.to_owned());
            }
            if body.get_untracked().trim().is_empty() {
                found.insert(DESCRIPTION, now_t().problem_missing.to_owned());
            }
            if let Some(form) = &form {
                let regexp = |pattern: &str, text: &str| regexp_matches(pattern, text);
                for (id, problem) in answers.with_untracked(|a| form.problems(a, regexp)) {
                    found.insert(id, problem_text(now_t(), &problem).to_owned());
                }
            }
            if uploads.busy() {
                summary.set(Some(now_t().uploading.to_owned()));
                return;
            }
            if !found.is_empty() {
                problems.set(found);
                summary.set(Some(now_t().problem_summary.to_owned()));
                focus_first_invalid(form_ref);
                return;
            }
            summary.set(None);
            let request = NewRequest {
                requester: anonymous.then(|| Requester {
                    name: name.get_untracked().trim().to_owned(),
                    email: email.get_untracked().trim().to_owned(),
                    locale: Some(now_t().tag.to_owned()),
                }),
                subject: Some(subject.get_untracked().trim().to_owned()),
                comment: NewComment {
                    body: body.get_untracked(),
                    uploads: uploads.tokens(),
                },
                ticket_form_id: form.as_ref().and_then(|f| f.form_id),
                custom_fields: form
                    .as_ref()
                    .map(|f| answers.with_untracked(|a| f.custom_fields(a)))
                    .unwrap_or_default(),
                via_followup_source_id: followup_of.get_untracked(),
                ..NewRequest::default()
            };
            sending.set(Sending::InFlight);
            let draft_key = draft_key.clone();
            // Everything the task needs after its awaits is taken now: the panel may be
            // unmounted meanwhile (a route change, `identify`), and then its signals are gone.
            let t = now_t();
            let email_now = email.get_untracked();
            let subject_now = subject.get_untracked();
            let inner = services.inner();
            // Requests created from now on (minus clock skew) may be this one.
            let since = super::intl::minutes_ago(5);
            spawn_local(async move {
                let outcome = services.create_request(&request).await;
                let alive = sending.try_get_untracked().is_some();
                match outcome {
                    Ok(created) => {
                        services.clear_draft(&draft_key);
                        if anonymous {
                            inner.remember_receipt(created.id, &request);
                        }
                        if alive {
                            followup_of.set(None);
                            sending.set(Sending::Sent {
                                id: created.id,
                                email: anonymous.then_some(email_now),
                            });
                            navigator.emit(WidgetEvent::RequestCreated(created.id));
                        }
                    }
                    _ if !alive => {}
                    Err(ApiError::OutcomeUnknown) | Err(ApiError::Timeout) if anonymous => {
                        sending.set(Sending::MaybeSent(Doubt::CheckEmail(email_now)));
                    }
                    Err(ApiError::OutcomeUnknown) | Err(ApiError::Timeout) => {
                        sending.set(Sending::MaybeSent(Doubt::Checking));
                        let mut doubt = Doubt::NotFound;
                        // Zendesk may still be filing it: look twice before saying it's missing.
                        for attempt in 0..2 {
                            if attempt > 0 {
                                services.wait_ms(3000).await;
                            }
                            doubt = match services.find_recent_request(&subject_now, &since).await {
                                Ok(Some(id)) => Doubt::Found(id),
                                Ok(None) => Doubt::NotFound,
                                Err(_) => Doubt::Unchecked,
                            };
                            if doubt != Doubt::NotFound || sending.try_get_untracked().is_none() {
                                break;
                            }
                        }
                        if sending.try_get_untracked().is_none() {
                            return;
                        }
                        if let Doubt::Found(id) = doubt {
                            services.clear_draft(&draft_key);
                            navigator.emit(WidgetEvent::RequestCreated(id));
                        }
                        sending.set(Sending::MaybeSent(doubt));
                    }
                    Err(ApiError::Invalid { details, .. }) => {
                        let mut found = BTreeMap::new();
                        let mut unplaced = Vec::new();
                        let shown = |key: u64| {
                            form_ref
                                .get_untracked()
                                .and_then(|f| f.query_selector(&problem_anchor(key)).ok().flatten())
                                .is_some()
                        };
                        for detail in details {
                            let key = detail.field_key.or(match detail.field.as_str() {
                                "subject" => Some(SUBJECT),
                                "description" | "comment" | "body" => Some(DESCRIPTION),
                                "name" => Some(NAME),
                                "email" | "requester" => Some(EMAIL),
                                _ => None,
                            });
                            let message = detail
                                .description
                                .unwrap_or_else(|| t.problem_format.to_owned());
                            match key.filter(|key| shown(*key)) {
                                Some(key) => {
                                    found
                                        .entry(key)
                                        .and_modify(|m: &mut String| {
                                            m.push(' ');
                                            m.push_str(&message)
                                        })
                                        .or_insert(message);
                                }
                                // No field on screen to put it on (a hidden or prefilled field,
                                // the whole record): it goes into the announced summary.
                                None => unplaced.push(message),
                            }
                        }
                        problems.set(found);
                        let mut text = t.problem_summary.to_owned();
                        for message in unplaced {
                            text.push(' ');
                            text.push_str(&message);
                        }
                        summary.set(Some(text));
                        sending.set(Sending::Idle);
                        focus_first_invalid(form_ref);
                    }
                    Err(error) => {
                        if error == ApiError::SignedOut {
                            navigator.report(LoadProblem::SignedOut, &error);
                        }
                        sending.set(Sending::Failed(error_text(t, &error, anonymous).to_owned()));
                    }
                }
            });
        }
    };
    let send_click = {
        let send = send.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            send(false);
        }
    };

    let on_answered = Callback::new(move |()| {
        services.clear_draft(&services.draft_key("draft:contact"));
        sending.set(Sending::Answered);
    });

    let prefilled_answers = StoredValue::new(prefill.fields.clone());
    let clear_form = move || {
        subject.set(String::new());
        body.set(String::new());
        answers.set(prefilled_answers.get_value());
        uploads.clear();
        problems.set(BTreeMap::new());
        sending.set(Sending::Idle);
    };
    let start_over = move |_| {
        followup_of.set(None);
        clear_form();
    };
    // "Create a follow-up" in My tickets may arrive while the last request's receipt is shown.
    Effect::new(move |_| {
        if followup_of.get().is_some()
            && matches!(
                sending.get_untracked(),
                Sending::Sent { .. } | Sending::Answered
            )
        {
            clear_form();
        }
    });

    let basic_field = move |id: u64,
                            label: Signal<&'static str>,
                            value: RwSignal<String>,
                            kind: &'static str,
                            autocomplete: &'static str| {
        let input_id = format!("sw-basic-{}", u64::MAX - id);
        let problem_id = format!("{input_id}-problem");
        let problem = Signal::derive(move || problems.with(|p| p.get(&id).cloned()));
        let readonly = (id == NAME && prefill.lock_name) || (id == EMAIL && prefill.lock_email);
        view! {
            <div class="sw-field">
                <label for=input_id.clone()>{move || label.get()}</label>
                {if kind == "textarea" {
                    view! {
                        <textarea
                            id=input_id.clone()
                            part="input"
                            rows="5"
                            required
                            aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                            aria-describedby=move || problem.get().map(|_| problem_id.clone())
                            prop:value=move || value.get()
                            on:input=move |event| {
                                if let Some(area) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                                    value.set(area.value());
                                    problems.update(|p| { p.remove(&id); });
                                }
                            }
                        ></textarea>
                    }
                    .into_any()
                } else {
                    view! {
                        <input
                            id=input_id.clone()
                            part="input"
                            type=kind
                            autocomplete=autocomplete
                            required
                            readonly=readonly
                            aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                            aria-describedby=move || problem.get().map(|_| problem_id.clone())
                            prop:value=move || value.get()
                            on:input=move |event| {
                                if let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                    value.set(input.value());
                                    problems.update(|p| { p.remove(&id); });
                                }
                            }
                        />
                    }
                    .into_any()
                }}
                <FieldProblem id=format!("sw-basic-{}-problem", u64::MAX - id) problem=problem/>
            </div>
        }
    };
    let label = move |pick: fn(&Messages) -> &'static str| Signal::derive(move || pick(t()));

    let form_view = move || {
        let send = send.clone();
        let hidden_fields = hidden_fields.clone();
        view! {
            <form
                class="sw-form"
                node_ref=form_ref
                novalidate
                on:submit=send_click.clone()
                on:paste=move |event: web_sys::ClipboardEvent| {
                    // Pasted screenshots become attachments; pasted text goes where it was pasted.
                    let files = super::attachments::pasted_files(&event);
                    if !files.is_empty() {
                        event.prevent_default();
                        uploads.add(services, files);
                    }
                }
                aria-busy=move || (sending.get() == Sending::InFlight).to_string()
            >
                {(had_draft).then(|| view! { <p class="sw-note" role="status">{move || t().draft_restored}</p> })}
                {(!expired.is_empty()).then(|| {
                    let names = expired.join(", ");
                    view! { <p class="sw-note sw-warning" role="status">{move || fill(t().uploads_expired, &[("names", &names)])}</p> }
                })}
                {move || followup_of.get().map(|id| view! {
                    <p class="sw-note" role="status">{move || fill(t().followup_note, &[("id", &id.to_string())])}</p>
                })}
                {anonymous.then(|| view! {
                    {basic_field(NAME, label(|m| m.your_name), name, "text", "name")}
                    {basic_field(EMAIL, label(|m| m.email), email, "email", "email")}
                })}
                <FormPicker forms=forms form_id=form_id/>
                {basic_field(SUBJECT, label(|m| m.subject), subject, "text", "off")}
                <Suggestions services=services query=subject.read_only() on_answered=on_answered/>
                {basic_field(DESCRIPTION, label(|m| m.how_can_we_help), body, "textarea", "off")}
                {move || {
                    current_form().map(|form| {
                        let visible: Vec<_> = answers.with(|a| {
                            form.visible(a).into_iter().map(|(f, r)| (f.clone(), r)).collect()
                        });
                        visible
                            .into_iter()
                            .filter(|(field, _)| !hidden_fields.contains(&field.id))
                            .map(|(field, required)| view! {
                                <CustomField field=field required=required answers=answers problems=problems/>
                            })
                            .collect_view()
                    })
                }}
                <AttachmentList id_prefix="sw-contact" services=services uploads=uploads/>
                <div class="sw-actions">
                    <p class="sw-summary" role="alert">{move || summary.get()}</p>
                    <button type="submit" class="sw-primary" part="button send" disabled=move || sending.get() == Sending::InFlight>
                        {move || if sending.get() == Sending::InFlight { t().sending } else { t().send }}
                    </button>
                </div>
                {move || match sending.get() {
                    Sending::Failed(message) => Some(view! { <p class="sw-error" role="alert">{message}</p> }.into_any()),
                    Sending::MaybeSent(doubt) => Some(view! { <MaybeSentNote doubt=doubt on_resend=Callback::new({
                        let send = send.clone();
                        move |()| send(true)
                    }) on_view_request=on_view_request/> }.into_any()),
                    _ => None,
                }}
            </form>
        }
    };

    // The form the user was in is gone: keyboard and screen-reader users land on the outcome.
    let outcome = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(outcome) = outcome.get() {
            let _ = outcome.focus();
        }
    });

    view! {
        <div class="sw-contact">
            {move || match sending.get() {
                Sending::Sent { id, email } => view! {
                    <div class="sw-success" role="status" tabindex="-1" node_ref=outcome>
                        <h3>{move || fill(t().sent_title, &[("id", &id.to_string())])}</h3>
                        <p>{move || match &email {
                            Some(email) => fill(t().sent_anonymous, &[("email", email)]),
                            None => t().sent_signed_in.to_owned(),
                        }}</p>
                        {(!anonymous).then(|| view! {
                            <button type="button" class="sw-link" part="button" on:click=move |_| on_view_request.run(id)>{move || t().view_request}</button>
                        })}
                        <button type="button" class="sw-secondary" part="button" on:click=start_over>{move || t().another_request}</button>
                    </div>
                }
                .into_any(),
                Sending::Answered => view! {
                    <div class="sw-success" role="status" tabindex="-1" node_ref=outcome>
                        <h3>{move || t().glad}</h3>
                        <button type="button" class="sw-secondary" part="button" on:click=start_over>{move || t().another_request}</button>
                    </div>
                }
                .into_any(),
                _ => form_view().into_any(),
            }}
        </div>
    }
}

/// The ticket form picker, shown when more than one form is offered.
#[component]
fn FormPicker(
    forms: LocalResource<Result<Vec<ContactForm>, ApiError>>,
    form_id: RwSignal<Option<u64>>,
) -> impl IntoView {
    let t = use_messages();
    move || {
        let loaded = forms.get()?.ok()?;
        (loaded.len() > 1).then(|| {
            let first = loaded.first().and_then(|f| f.form_id);
            let selected = move || form_id.get().or(first);
            let options = loaded.clone();
            view! {
                <div class="sw-field">
                    <label for="sw-form-picker">{move || t().choose_form}</label>
                    <select
                        id="sw-form-picker"
                        part="input"
                        on:change=move |event| {
                            if let Some(select) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                                form_id.set(select.value().parse().ok());
                            }
                        }
                    >
                        {options
                            .into_iter()
                            .map(|form| {
                                let id = form.form_id;
                                view! {
                                    <option value=id.map(|i| i.to_string()).unwrap_or_default() prop:selected=move || selected() == id>
                                        {form.name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            }
        })
    }
}

/// What the user sees after a send whose outcome is unknown.
#[component]
fn MaybeSentNote(
    doubt: Doubt,
    on_resend: Callback<()>,
    on_view_request: Callback<u64>,
) -> impl IntoView {
    let t = use_messages();
    let detail = match doubt {
        Doubt::CheckEmail(email) => view! {
            <p>{move || fill(t().maybe_sent_email, &[("email", &email)])}</p>
            <button type="button" class="sw-secondary" part="button" on:click=move |_| on_resend.run(())>{move || t().send_anyway}</button>
        }
        .into_any(),
        Doubt::Checking => view! { <p>{move || t().maybe_sent_checking}</p> }.into_any(),
        Doubt::Found(id) => view! {
            <p>{move || fill(t().maybe_sent_found, &[("id", &id.to_string())])}</p>
            <button type="button" class="sw-link" part="button" on:click=move |_| on_view_request.run(id)>{move || t().view_request}</button>
        }
        .into_any(),
        Doubt::Unchecked => view! {
            <p>{move || t().maybe_sent_unchecked}</p>
            <button type="button" class="sw-secondary" part="button" on:click=move |_| on_resend.run(())>{move || t().send_anyway}</button>
        }
        .into_any(),
        Doubt::NotFound => view! {
            <p>{move || t().maybe_sent_missing}</p>
            <button type="button" class="sw-secondary" part="button" on:click=move |_| on_resend.run(())>{move || t().send_anyway}</button>
        }
        .into_any(),
    };
    view! {
        <div class="sw-warning-box" role="alert">
            <p class="sw-strong">{move || t().maybe_sent}</p>
            {detail}
        </div>
    }
}

fn non_empty_or(saved: String, prefilled: Option<String>) -> String {
    if saved.trim().is_empty() {
        prefilled.unwrap_or_default()
    } else {
        saved
    }
}

/// The message for a field problem found before sending.
fn problem_text(t: &'static Messages, problem: &Problem) -> &'static str {
    match problem {
        Problem::Missing => t.problem_missing,
        Problem::NotInteger => t.problem_integer,
        Problem::NotDecimal => t.problem_decimal,
        Problem::NotDate => t.problem_date,
        Problem::NoMatch => t.problem_format,
        Problem::UnknownOption => t.problem_option,
    }
}

/// Moves focus to the first field marked invalid, so keyboard and screen-reader users land on
/// it (after the next frame, when the marks are rendered).
fn focus_first_invalid(form: NodeRef<leptos::html::Form>) {
    request_animation_frame(move || {
        let field = form
            .get_untracked()
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
fn problem_anchor(key: u64) -> String {
    if key >= DESCRIPTION {
        format!("#sw-basic-{}", u64::MAX - key)
    } else {
        format!("#sw-field-{key}")
    }
}
