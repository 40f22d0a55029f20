//! "Contact support": the request form. Files a Zendesk request anonymously or as the signed-in
//! user, renders the account's ticket forms, uploads attachments as they are added, suggests
//! articles, saves a draft as the user types, and never sends twice on its own.
//!
//! [`compose`] holds the request being written and how it is sent; [`notes`] the form picker
//! and the note after a send of unknown outcome; this file draws the screen.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

mod compose;
mod notes;

use compose::{Composer, Restored, Sending};
use notes::{CopyNote, FormPicker, MaybeSentNote};

use super::attachments::{pasted_files, AttachmentList};
use super::cc::CcEditor;
use super::fields::{CustomField, ProblemText};
use super::services::use_services;
use super::shared::{boxed, effect, use_messages, use_navigator, use_texts, Loaded};
use super::suggestions::Suggestions;
use crate::host::View;
use crate::i18n::{fill, Messages};
use crate::model::sending::basic::{DESCRIPTION, EMAIL, NAME, SUBJECT};

/// The contact form screen.
#[component]
pub fn ContactScreen() -> impl IntoView {
    let services = use_services();
    let t = use_messages();
    // Tells the host of a new request (`request-created`) and of a sign-in it must renew;
    // shows a request in "My tickets".
    let navigator = use_navigator();

    // Forms load when the form is first shown, not when the widget mounts at idle: a page
    // view that never opens the panel costs Zendesk nothing.
    let forms = Loaded::new();
    effect(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        // Whether the form is on screen (panel open on this tab).
        let shown = navigator.showing(View::Contact);
        if shown {
            forms.load(async move { services.contact_forms().await });
        }
        shown
    });
    let (composer, restored) = Composer::restore(services, navigator, use_texts(), forms);
    composer.save_draft_as_typed();
    let (sending, followup_of) = (composer.sending, composer.followup_of);

    let start_over = move |_| {
        followup_of.set(None);
        composer.clear_form();
    };
    // "Create a follow-up" in My tickets may arrive while the last request's receipt is shown.
    effect(move |_| {
        if followup_of.get().is_some()
            && matches!(
                sending.get_untracked(),
                Sending::Sent { .. } | Sending::Answered
            )
        {
            composer.clear_form();
        }
    });
    let restored = StoredValue::new(restored);

    // The form the user was in is gone: keyboard and screen-reader users land on the outcome.
    let outcome = NodeRef::<leptos::html::Div>::new();
    effect(move |_| {
        if let Some(outcome) = outcome.get() {
            let _ = outcome.focus();
        }
    });

    view! {
        <div class="sw-contact">
            {move || match sending.get() {
                Sending::Sent { id, email, ccs_dropped } => view! {
                    <div class="sw-success" role="status" tabindex="-1" node_ref=outcome>
                        <h3>{move || fill(t().sent_title, &[("id", &id.to_string())])}</h3>
                        <p>{move || match &email {
                            Some(email) => fill(t().sent_anonymous, &[("email", email)]),
                            None => t().sent_signed_in.to_owned(),
                        }}</p>
                        {ccs_dropped.then(|| view! {
                            <p class="sw-note sw-warning sw-cc-ignored" role="status">{t().cc_not_added}</p>
                        })}
                        {(!composer.anonymous).then(|| view! {
                            <button type="button" class="sw-link" part="button" on:click=boxed(move |_| navigator.view_request(id))>{t().view_request}</button>
                            <CopyNote composer=composer id=id/>
                        })}
                        <button type="button" class="sw-secondary" part="button" on:click=boxed(start_over)>{t().another_request}</button>
                    </div>
                }
                .into_any(),
                Sending::Answered => view! {
                    <div class="sw-success" role="status" tabindex="-1" node_ref=outcome>
                        <h3>{t().glad}</h3>
                        <button type="button" class="sw-secondary" part="button" on:click=boxed(start_over)>{t().another_request}</button>
                    </div>
                }
                .into_any(),
                _ => view! { <Form composer=composer restored=restored/> }.into_any(),
            }}
        </div>
    }
}

/// The form itself: notes, the fields every request has, the ticket form's fields,
/// suggestions, attachments, and the send button with what came of the last send.
#[component]
fn Form(composer: Composer, restored: StoredValue<Restored>) -> impl IntoView {
    let t = use_messages();
    let Composer {
        services,
        navigator,
        anonymous,
        name,
        email,
        subject,
        body,
        answers,
        problems,
        form_id,
        uploads,
        followup_of,
        sending,
        summary,
        form_ref,
        forms,
        ..
    } = composer;
    let (had_draft, expired, hidden_fields, lock_name, lock_email) = restored.with_value(|r| {
        let prefill = &r.prefill;
        // Fields the host answered and asked to hide are sent but not shown.
        let hidden_fields: Vec<u64> = if prefill.hide_prefilled_fields {
            prefill.fields.keys().copied().collect()
        } else {
            Vec::new()
        };
        (
            r.had_draft,
            r.expired.join(", "),
            hidden_fields,
            prefill.lock_name,
            prefill.lock_email,
        )
    });
    let on_answered = Callback::new(move |()| {
        composer.clear_draft();
        sending.set(Sending::Answered);
    });
    let on_view_request = Callback::new(move |id| navigator.view_request(id));

    view! {
        <form
            class="sw-form"
            node_ref=form_ref
            novalidate
            on:submit=boxed(move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                composer.send(false);
            })
            on:paste=boxed(move |event: web_sys::ClipboardEvent| {
                // Pasted screenshots become attachments; pasted text goes where it was pasted.
                let files = pasted_files(&event);
                if !files.is_empty() {
                    event.prevent_default();
                    uploads.add(services, files);
                }
            })
            aria-busy=move || (sending.get() == Sending::InFlight).to_string()
        >
            {had_draft.then(|| view! { <p class="sw-note" role="status">{t().draft_restored}</p> })}
            {(!expired.is_empty()).then(|| {
                view! { <p class="sw-note sw-warning" role="status">{move || fill(t().uploads_expired, &[("names", &expired)])}</p> }
            })}
            {move || followup_of.get().map(|id| view! {
                <p class="sw-note" role="status">{move || fill(t().followup_note, &[("id", &id.to_string())])}</p>
            })}
            {anonymous.then(|| view! {
                <BasicField id=NAME label=|m: &Messages| m.your_name value=name kind="text" autocomplete="name" problems=problems readonly=lock_name/>
                <BasicField id=EMAIL label=|m: &Messages| m.email value=email kind="email" autocomplete="email" problems=problems readonly=lock_email/>
            })}
            <FormPicker forms=forms form_id=form_id/>
            <BasicField id=SUBJECT label=|m: &Messages| m.subject value=subject kind="text" autocomplete="off" problems=problems readonly=false/>
            <Suggestions query=subject.read_only() on_answered=on_answered/>
            <BasicField id=DESCRIPTION label=|m: &Messages| m.how_can_we_help value=body kind="textarea" autocomplete="off" problems=problems readonly=false/>
            {move || {
                composer.current_form().map(|form| {
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
            {composer.cc.enabled().then(|| view! { <CcEditor cc=composer.cc id="sw-contact-ccs"/> })}
            <AttachmentList id_prefix="sw-contact" uploads=uploads/>
            <div class="sw-actions">
                <p class="sw-summary" role="alert">{move || summary.get()}</p>
                <button type="submit" class="sw-primary" part="button send" disabled=move || sending.get() == Sending::InFlight>
                    {move || if sending.get() == Sending::InFlight { t().sending } else { t().send }}
                </button>
            </div>
            {move || match sending.get() {
                Sending::Failed(message) => Some(view! { <p class="sw-error" role="alert">{message}</p> }.into_any()),
                Sending::MaybeSent(doubt) => Some(view! {
                    <MaybeSentNote doubt=doubt on_resend=Callback::new(move |()| composer.send(true)) on_view_request=on_view_request/>
                }.into_any()),
                _ => None,
            }}
        </form>
    }
}

/// One of the fields every request has (name, email, subject, description), by its pseudo
/// field id; `kind` is an input type, or `textarea`.
#[component]
fn BasicField(
    id: u64,
    /// Its label, from the texts in the language shown.
    label: fn(&Messages) -> &'static str,
    value: RwSignal<String>,
    kind: &'static str,
    autocomplete: &'static str,
    problems: super::fields::Problems,
    /// The host filled it in and locked it.
    readonly: bool,
) -> impl IntoView {
    let input_id = format!("sw-basic-{}", u64::MAX - id);
    let problem_id = format!("{input_id}-problem");
    let t = use_messages();
    let problem = move || problems.with(|p| p.get(&id).cloned());
    view! {
        <div class="sw-field">
            <label for=input_id.clone()>{label(t())}</label>
            {if kind == "textarea" {
                view! {
                    <textarea
                        id=input_id.clone()
                        part="input"
                        rows="5"
                        required
                        aria-invalid=move || if problem().is_some() { "true" } else { "false" }
                        aria-describedby=move || problem().map(|_| problem_id.clone())
                        prop:value=move || value.get()
                        on:input=boxed(move |event: web_sys::Event| {
                            if let Some(area) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                                value.set(area.value());
                                problems.update(|p| { p.remove(&id); });
                            }
                        })
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
                        aria-invalid=move || if problem().is_some() { "true" } else { "false" }
                        aria-describedby=move || problem().map(|_| problem_id.clone())
                        prop:value=move || value.get()
                        on:input=boxed(move |event: web_sys::Event| {
                            if let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                value.set(input.value());
                                problems.update(|p| { p.remove(&id); });
                            }
                        })
                    />
                }
                .into_any()
            }}
            <ProblemText id=format!("sw-basic-{}-problem", u64::MAX - id) problem=Box::new(problem)/>
        </div>
    }
}
