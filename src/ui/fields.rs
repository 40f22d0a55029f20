//! One ticket field rendered by its type, with its label, help text, required marker and
//! problem message wired for screen readers (`aria-describedby`, `aria-invalid`).

use std::collections::BTreeMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};

use super::shared::use_messages;
use crate::model::contact::{Answer, Choice, FieldKind, FieldSpec};

/// The answers of a form, shared by all its fields.
pub type Answers = RwSignal<BTreeMap<u64, Answer>>;

/// Problem messages by field id, shown under the fields.
pub type Problems = RwSignal<BTreeMap<u64, String>>;

fn input_of(event: &leptos::ev::Event) -> Option<HtmlInputElement> {
    event.target()?.dyn_into().ok()
}

/// A custom field. `required` changes as conditions change.
#[component]
pub fn CustomField(
    field: FieldSpec,
    required: bool,
    answers: Answers,
    problems: Problems,
) -> impl IntoView {
    let t = use_messages();
    let id = field.id;
    let input_id = format!("sw-field-{id}");
    let help_id = format!("sw-field-{id}-help");
    let problem_id = format!("sw-field-{id}-problem");
    let has_help = field.description.is_some();
    let problem = move || problems.with(|p| p.get(&id).cloned());
    let described_by = {
        let (help_id, problem_id) = (help_id.clone(), problem_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_help {
                ids.push(help_id.clone());
            }
            if problem().is_some() {
                ids.push(problem_id.clone());
            }
            ids.join(" ")
        }
    };
    let text = move || {
        answers.with(|a| match a.get(&id) {
            Some(Answer::Text(text)) => text.clone(),
            _ => String::new(),
        })
    };
    let set = move |answer: Answer| {
        answers.update(|a| {
            a.insert(id, answer);
        });
        problems.update(|p| {
            p.remove(&id);
        });
    };
    let on_text = move |event: leptos::ev::Event| {
        if let Some(input) = input_of(&event) {
            set(Answer::Text(input.value()));
        }
    };
    let invalid = move || if problem().is_some() { "true" } else { "false" };
    let label = view! {
        <span class="sw-label-text">
            {field.title.clone()}
            {(!required).then(|| view! { <span class="sw-optional">" " {move || t().optional}</span> })}
        </span>
    };

    let control = match field.kind.clone() {
        FieldKind::Checkbox => {
            let checked = move || answers.with(|a| matches!(a.get(&id), Some(Answer::Flag(true))));
            return view! {
                <div class="sw-field sw-field-check">
                    <label class="sw-check">
                        <input
                            type="checkbox"
                            id=input_id
                            part="input"
                            prop:checked=checked
                            aria-required=required.then_some("true")
                            aria-invalid=invalid
                            aria-describedby=described_by
                            on:change=move |event| {
                                if let Some(input) = input_of(&event) {
                                    set(Answer::Flag(input.checked()));
                                }
                            }
                        />
                        {label}
                    </label>
                    <FieldHelp id=help_id text=field.description.clone()/>
                    <ProblemText id=problem_id problem=Signal::derive(problem)/>
                </div>
            }
            .into_any();
        }
        FieldKind::Textarea => view! {
            <textarea
                id=input_id.clone()
                part="input"
                rows="3"
                prop:value=text
                aria-required=required.then_some("true")
                aria-invalid=invalid
                aria-describedby=described_by
                on:input=move |event| {
                    if let Some(area) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                        set(Answer::Text(area.value()));
                    }
                }
            ></textarea>
        }
        .into_any(),
        FieldKind::Dropdown { options, .. } => view! {
            <select
                id=input_id.clone()
                part="input"
                aria-required=required.then_some("true")
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=text
                on:change=move |event| {
                    if let Some(select) = event.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()) {
                        set(Answer::Text(select.value()));
                    }
                }
            >
                <option value="">{move || t().choose_option}</option>
                {options_view(options, text)}
            </select>
        }
        .into_any(),
        FieldKind::Multiselect(options) => {
            return view! {
                <fieldset class="sw-field sw-multi" id=input_id aria-describedby=described_by aria-invalid=invalid>
                    <legend>{label}</legend>
                    {options
                        .into_iter()
                        .map(|choice| {
                            let value = choice.value.clone();
                            let checked = {
                                let value = value.clone();
                                move || answers.with(|a| matches!(a.get(&id), Some(Answer::Tags(t)) if t.contains(&value)))
                            };
                            view! {
                                <label class="sw-check">
                                    <input
                                        type="checkbox"
                                        part="input"
                                        prop:checked=checked
                                        on:change=move |event| {
                                            let on = input_of(&event).is_some_and(|i| i.checked());
                                            let mut tags = answers.with_untracked(|a| match a.get(&id) {
                                                Some(Answer::Tags(tags)) => tags.clone(),
                                                _ => Vec::new(),
                                            });
                                            tags.retain(|t| t != &value);
                                            if on {
                                                tags.push(value.clone());
                                            }
                                            set(Answer::Tags(tags));
                                        }
                                    />
                                    {choice.label}
                                </label>
                            }
                        })
                        .collect_view()}
                    <FieldHelp id=help_id text=field.description.clone()/>
                    <ProblemText id=problem_id problem=Signal::derive(problem)/>
                </fieldset>
            }
            .into_any();
        }
        kind => {
            let (input_type, mode) = match kind {
                FieldKind::Date => ("date", None),
                FieldKind::Integer => ("text", Some("numeric")),
                FieldKind::Decimal => ("text", Some("decimal")),
                _ => ("text", None),
            };
            view! {
                <input
                    type=input_type
                    id=input_id.clone()
                    part="input"
                    inputmode=mode
                    prop:value=text
                    aria-required=required.then_some("true")
                    aria-invalid=invalid
                    aria-describedby=described_by
                    on:input=on_text
                />
            }
            .into_any()
        }
    };

    view! {
        <div class="sw-field">
            <label for=input_id>{label}</label>
            <FieldHelp id=help_id text=field.description.clone()/>
            {control}
            <ProblemText id=problem_id problem=Signal::derive(problem)/>
        </div>
    }
    .into_any()
}

fn options_view(
    options: Vec<Choice>,
    selected: impl Fn() -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    options
        .into_iter()
        .map(|choice| {
            let value = choice.value.clone();
            view! {
                <option value=choice.value prop:selected=move || selected() == value>
                    {choice.label}
                </option>
            }
        })
        .collect_view()
}

/// A field's help text (Zendesk's `description`).
#[component]
pub fn FieldHelp(id: String, text: Option<String>) -> impl IntoView {
    text.map(|text| view! { <p class="sw-help" id=id>{text}</p> })
}

/// A field's problem message, announced when it appears (the text of a
/// [`FieldProblem`](crate::model::contact::FieldProblem) or of Zendesk's answer).
#[component]
pub fn ProblemText(id: String, problem: Signal<Option<String>>) -> impl IntoView {
    move || {
        problem
            .get()
            .map(|message| view! { <p class="sw-problem" id=id.clone()>{message}</p> })
    }
}
