//! One ticket field rendered by its type, with its label, help text, required marker and
//! problem message wired for screen readers (`aria-describedby`, `aria-invalid`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};

use super::shared::{boxed, use_messages};
use crate::model::contact::{Answer, Choice, FieldKind, FieldSpec};
use crate::model::field_map::FieldMap;

/// The answers of a form, shared by all its fields.
pub type Answers = RwSignal<FieldMap<Answer>>;

/// Problem messages by field id, shown under the fields.
pub type Problems = RwSignal<FieldMap<String>>;

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
    let wiring = Wiring {
        id: field.id,
        has_help: field.description.is_some(),
        answers,
        problems,
    };
    let label = view! {
        <span class="sw-label-text">
            {field.title.clone()}
            {(!required).then(|| view! { <span class="sw-optional">" " {t().optional}</span> })}
        </span>
    };
    let help = field.description.clone();
    match field.kind.clone() {
        FieldKind::Checkbox => checkbox(wiring, required, label.into_any(), help),
        FieldKind::Multiselect(options) => multiselect(wiring, options, label.into_any(), help),
        kind => view! {
            <div class="sw-field">
                <label for=wiring.input_id()>{label}</label>
                <FieldHelp id=wiring.help_id() text=help/>
                {control(wiring, kind, required)}
                <ProblemText id=wiring.problem_id() problem=Box::new(move || wiring.problem())/>
            </div>
        }
        .into_any(),
    }
}

/// What every control of one field is wired to: its answer, its problem, its help text.
/// `Copy`, so each handler holds it.
#[derive(Clone, Copy)]
struct Wiring {
    id: u64,
    has_help: bool,
    answers: Answers,
    problems: Problems,
}

impl Wiring {
    fn input_id(self) -> String {
        format!("sw-field-{}", self.id)
    }

    fn help_id(self) -> String {
        format!("sw-field-{}-help", self.id)
    }

    fn problem_id(self) -> String {
        format!("sw-field-{}-problem", self.id)
    }

    /// The problem shown under the field (tracked).
    fn problem(self) -> Option<String> {
        self.problems.with(|p| p.get(&self.id).cloned())
    }

    fn invalid(self) -> &'static str {
        if self.problem().is_some() {
            "true"
        } else {
            "false"
        }
    }

    /// The help and problem ids, for `aria-describedby`.
    fn described_by(self) -> String {
        let mut ids = Vec::new();
        if self.has_help {
            ids.push(self.help_id());
        }
        if self.problem().is_some() {
            ids.push(self.problem_id());
        }
        ids.join(" ")
    }

    /// The answer as text (tracked); empty when there is none.
    fn text(self) -> String {
        self.answers.with(|a| match a.get(&self.id) {
            Some(Answer::Text(text)) => text.clone(),
            _ => String::new(),
        })
    }

    /// Records the user's answer; the problem under the field goes.
    fn set(self, answer: Answer) {
        self.answers.update(|a| {
            a.insert(self.id, answer);
        });
        self.problems.update(|p| {
            p.remove(&self.id);
        });
    }
}

/// A checkbox field: the label wraps the box.
fn checkbox(w: Wiring, required: bool, label: AnyView, help: Option<String>) -> AnyView {
    let id = w.id;
    let checked = move || {
        w.answers
            .with(|a| matches!(a.get(&id), Some(Answer::Flag(true))))
    };
    view! {
        <div class="sw-field sw-field-check">
            <label class="sw-check">
                <input
                    type="checkbox"
                    id=w.input_id()
                    part="input"
                    prop:checked=checked
                    aria-required=required.then_some("true")
                    aria-invalid=move || w.invalid()
                    aria-describedby=move || w.described_by()
                    on:change=boxed(move |event: web_sys::Event| {
                        if let Some(input) = input_of(&event) {
                            w.set(Answer::Flag(input.checked()));
                        }
                    })
                />
                {label}
            </label>
            <FieldHelp id=w.help_id() text=help/>
            <ProblemText id=w.problem_id() problem=Box::new(move || w.problem())/>
        </div>
    }
    .into_any()
}

/// A multiselect field: one checkbox per option in a fieldset.
fn multiselect(w: Wiring, options: Vec<Choice>, label: AnyView, help: Option<String>) -> AnyView {
    let id = w.id;
    view! {
        <fieldset class="sw-field sw-multi" id=w.input_id() aria-describedby=move || w.described_by() aria-invalid=move || w.invalid()>
            <legend>{label}</legend>
            {options
                .into_iter()
                .map(|choice| {
                    let value = choice.value.clone();
                    let checked = {
                        let value = value.clone();
                        move || w.answers.with(|a| matches!(a.get(&id), Some(Answer::Tags(t)) if t.contains(&value)))
                    };
                    view! {
                        <label class="sw-check">
                            <input
                                type="checkbox"
                                part="input"
                                prop:checked=checked
                                on:change=boxed(move |event: web_sys::Event| {
                                    let on = input_of(&event).is_some_and(|i| i.checked());
                                    let mut tags = w.answers.with_untracked(|a| match a.get(&id) {
                                        Some(Answer::Tags(tags)) => tags.clone(),
                                        _ => Vec::new(),
                                    });
                                    tags.retain(|t| t != &value);
                                    if on {
                                        tags.push(value.clone());
                                    }
                                    w.set(Answer::Tags(tags));
                                })
                            />
                            {choice.label}
                        </label>
                    }
                })
                .collect_view()}
            <FieldHelp id=w.help_id() text=help/>
            <ProblemText id=w.problem_id() problem=Box::new(move || w.problem())/>
        </fieldset>
    }
    .into_any()
}

/// The input of the other kinds: a text area, a dropdown, or an input of the right type.
fn control(w: Wiring, kind: FieldKind, required: bool) -> AnyView {
    let t = use_messages();
    let text = move || w.text();
    match kind {
        FieldKind::Textarea => view! {
            <textarea
                id=w.input_id()
                part="input"
                rows="3"
                prop:value=text
                aria-required=required.then_some("true")
                aria-invalid=move || w.invalid()
                aria-describedby=move || w.described_by()
                on:input=boxed(move |event: web_sys::Event| {
                    if let Some(area) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                        w.set(Answer::Text(area.value()));
                    }
                })
            ></textarea>
        }
        .into_any(),
        FieldKind::Dropdown { options, .. } => view! {
            <select
                id=w.input_id()
                part="input"
                aria-required=required.then_some("true")
                aria-invalid=move || w.invalid()
                aria-describedby=move || w.described_by()
                prop:value=text
                on:change=boxed(move |event: web_sys::Event| {
                    if let Some(select) = event.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()) {
                        w.set(Answer::Text(select.value()));
                    }
                })
            >
                <option value="">{t().choose_option}</option>
                {options_view(options, text)}
            </select>
        }
        .into_any(),
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
                    id=w.input_id()
                    part="input"
                    inputmode=mode
                    prop:value=text
                    aria-required=required.then_some("true")
                    aria-invalid=move || w.invalid()
                    aria-describedby=move || w.described_by()
                    on:input=boxed(move |event: web_sys::Event| {
                        if let Some(input) = input_of(&event) {
                            w.set(Answer::Text(input.value()));
                        }
                    })
                />
            }
            .into_any()
        }
    }
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

/// A field's problem now, as [`ProblemText`] reads it: a plain closure, since a `Signal` would
/// bring Leptos's memo code into the first screen for it (docs/size.md).
pub type Problem = Box<dyn Fn() -> Option<String> + Send + Sync>;

/// A field's problem message, announced when it appears (the text of a
/// [`FieldProblem`](crate::model::contact::FieldProblem) or of Zendesk's answer).
#[component]
pub fn ProblemText(id: String, problem: Problem) -> impl IntoView {
    move || problem().map(|message| view! { <p class="sw-problem" id=id.clone()>{message}</p> })
}
