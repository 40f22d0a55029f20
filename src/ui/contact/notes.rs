//! The notes and pickers around the contact form: the ticket form picker, what the user
//! sees after a send whose outcome is unknown, and a copy of a request Zendesk filed twice.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::compose::{Composer, Doubt, Duplicate, Forms};
use crate::i18n::fill;
use crate::ui::shared::{boxed, use_messages};

/// The ticket form picker, shown when more than one form is offered.
#[component]
pub(super) fn FormPicker(forms: Forms, form_id: RwSignal<Option<u64>>) -> impl IntoView {
    let t = use_messages();
    move || {
        let loaded = forms.with(|f| f.as_ref().ok().cloned()).flatten()?;
        (loaded.len() > 1).then(|| {
            let first = loaded.first().and_then(|f| f.form_id);
            let selected = move || form_id.get().or(first);
            let options = loaded.clone();
            view! {
                <div class="sw-field">
                    <label for="sw-form-picker">{t().choose_form}</label>
                    <select
                        id="sw-form-picker"
                        part="input"
                        on:change=boxed(move |event: web_sys::Event| {
                            if let Some(select) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                                form_id.set(select.value().parse().ok());
                            }
                        })
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
pub(super) fn MaybeSentNote(
    doubt: Doubt,
    on_resend: Callback<()>,
    on_view_request: Callback<u64>,
) -> impl IntoView {
    let t = use_messages();
    let detail = match doubt {
        Doubt::CheckEmail(email) => view! {
            <p>{move || fill(t().maybe_sent_email, &[("email", &email)])}</p>
            <button type="button" class="sw-secondary" part="button" on:click=boxed(move |_| on_resend.run(()))>{t().send_anyway}</button>
        }
        .into_any(),
        Doubt::Checking => view! { <p>{t().maybe_sent_checking}</p> }.into_any(),
        Doubt::Found(id) => view! {
            <p>{move || fill(t().maybe_sent_found, &[("id", &id.to_string())])}</p>
            <button type="button" class="sw-link" part="button" on:click=boxed(move |_| on_view_request.run(id))>{t().view_request}</button>
        }
        .into_any(),
        Doubt::Unchecked => view! {
            <p>{t().maybe_sent_unchecked}</p>
            <button type="button" class="sw-secondary" part="button" on:click=boxed(move |_| on_resend.run(()))>{t().send_anyway}</button>
        }
        .into_any(),
        Doubt::NotFound => view! {
            <p>{t().maybe_sent_missing}</p>
            <button type="button" class="sw-secondary" part="button" on:click=boxed(move |_| on_resend.run(()))>{t().send_anyway}</button>
        }
        .into_any(),
    };
    view! {
        <div class="sw-warning-box" role="alert">
            <p class="sw-strong">{t().maybe_sent}</p>
            {detail}
        </div>
    }
}

/// Under "Request #… sent", signed in: Zendesk filed it twice (the browser re-sent the create
/// by itself), which two numbers exist, and a button that marks the copy for the agents.
#[component]
pub(super) fn CopyNote(composer: Composer, id: u64) -> impl IntoView {
    let t = use_messages();
    let text = move |template: &str, copy: u64| {
        fill(
            template,
            &[("id", &id.to_string()), ("copy", &copy.to_string())],
        )
    };
    move || {
        // (the copy, whether the button is offered and busy, what marking it came to)
        let (copy, offered, busy, outcome) = match composer.copy.get() {
            Duplicate::None => return None,
            Duplicate::Found(copy) => (copy, true, false, None),
            Duplicate::Marking(copy) => (copy, true, true, None),
            Duplicate::Marked(copy) => (copy, false, false, Some(text(t().copy_marked, copy))),
            Duplicate::MarkFailed(copy, message) => (copy, true, false, Some(message)),
        };
        Some(view! {
            <div class="sw-warning-box" role="alert">
                <p>{text(t().copy_found, copy)}</p>
                {offered.then(|| view! {
                    <button type="button" class="sw-secondary" part="button" disabled=busy on:click=boxed(move |_| composer.mark_copy(id, copy))>
                        {text(t().mark_copy, copy)}
                    </button>
                })}
                {outcome.map(|message| view! { <p role="status">{message}</p> })}
            </div>
        })
    }
}
