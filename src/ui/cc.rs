//! "Copy others": the address box the contact form and the reply box share. Closed behind a
//! link until asked for; the typed addresses are checked when the request or reply is sent,
//! and go with it in the same call.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::shared::{boxed, effect, use_messages};
use crate::i18n::{fill, Messages};
use crate::model::conversation::parse_cc_list;

/// The box's state; `Copy` so the form's handlers and tasks hold it.
#[derive(Clone, Copy)]
pub struct CcBox {
    /// Whether the user may copy others here at all (signed in, and the account allows it).
    enabled: bool,
    open: RwSignal<bool>,
    /// The user just opened the box: its input takes the focus once it is drawn (and not
    /// when a form around it is drawn again).
    focus_when_drawn: RwSignal<bool>,
    text: RwSignal<String>,
    problem: RwSignal<Option<String>>,
    input: NodeRef<leptos::html::Input>,
}

impl CcBox {
    /// A closed, empty box; `enabled: false` draws nothing and copies no one.
    pub fn new(enabled: bool) -> CcBox {
        CcBox {
            enabled,
            open: RwSignal::new(false),
            focus_when_drawn: RwSignal::new(false),
            text: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
            input: NodeRef::new(),
        }
    }

    /// Whether the box is offered (see [`CcBox::new`]).
    pub fn enabled(self) -> bool {
        self.enabled
    }

    /// The addresses typed, checked (none when the box isn't offered); `None` when one isn't
    /// an email address: the box then names it and takes the focus.
    pub fn typed(self, t: &'static Messages) -> Option<Vec<String>> {
        if !self.enabled {
            return Some(Vec::new());
        }
        match parse_cc_list(&self.text.get_untracked()) {
            Ok(addresses) => {
                self.problem.set(None);
                Some(addresses)
            }
            Err(address) => {
                self.problem
                    .set(Some(fill(t.cc_invalid, &[("address", &address)])));
                if let Some(input) = self.input.get_untracked() {
                    let _ = input.focus();
                }
                None
            }
        }
    }

    /// Empty and closed again, after the addresses went out.
    pub fn clear(self) {
        self.text.set(String::new());
        self.problem.set(None);
        self.open.set(false);
    }
}

/// The "Copy others" link and, once opened, the address box (focused). `id` is the input's
/// id; its hint and problem take it as their prefix.
#[component]
pub fn CcEditor(cc: CcBox, id: &'static str) -> impl IntoView {
    let t = use_messages();
    let CcBox {
        enabled: _,
        open,
        focus_when_drawn,
        text,
        problem,
        input,
    } = cc;
    effect(move |_| {
        if let Some(input) = input.get() {
            if focus_when_drawn.get_untracked() {
                focus_when_drawn.set(false);
                let _ = input.focus();
            }
        }
    });
    let hint_id = format!("{id}-hint");
    let problem_id = format!("{id}-problem");
    let described_by = format!("{hint_id} {problem_id}");
    view! {
        <div class="sw-cc-edit">
            {move || (!open.get()).then(|| view! {
                <button type="button" class="sw-link sw-cc-add" part="button" aria-expanded="false" on:click=boxed(move |_| {
                    focus_when_drawn.set(true);
                    open.set(true);
                })>
                    {t().cc_add}
                </button>
            })}
            {move || open.get().then(|| view! {
                <div class="sw-field">
                    <label for=id>{t().cc_label}</label>
                    <input
                        id=id
                        type="email"
                        multiple
                        part="input"
                        autocomplete="off"
                        node_ref=input
                        aria-describedby=described_by.clone()
                        aria-invalid=move || problem.get().is_some().to_string()
                        prop:value=move || text.get()
                        on:input=boxed(move |event: web_sys::Event| {
                            if let Some(field) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                text.set(field.value());
                                problem.set(None);
                            }
                        })
                    />
                    <p id=hint_id.clone() class="sw-help">{t().cc_hint}</p>
                    <p id=problem_id.clone() class="sw-problem" role="alert">{move || problem.get()}</p>
                </div>
            })}
        </div>
    }
}
