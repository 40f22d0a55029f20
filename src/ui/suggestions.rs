//! Article suggestions while the user types the subject: debounced, from a minimum length
//! (shorter for CJK scripts, where one character carries a word), from Help Center search.

use leptos::prelude::*;

use super::services::use_services;
use super::shared::{boxed, effect, use_messages};
use crate::api::models::Article;
use crate::model::text::{plain_text, suggestion_query};

/// Milliseconds of quiet typing before searching.
const DEBOUNCE_MS: u64 = 400;
/// Most suggestions shown.
const SHOWN: usize = 3;

/// The suggestion list under the subject. `on_answered` closes the flow without filing.
#[component]
pub fn Suggestions(query: ReadSignal<String>, on_answered: Callback<()>) -> impl IntoView {
    let t = use_messages();
    let services = use_services();
    let articles = RwSignal::new(Vec::<Article>::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let generation = StoredValue::new(0_u32);

    effect(move |_| {
        let text = query.get();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        generation.update_value(|g| *g += 1);
        let Some(search) = suggestion_query(&text) else {
            articles.set(Vec::new());
            return;
        };
        let mine = generation.get_value();
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    // A failed search only means no suggestions: the form must not mind.
                    let found = services.search_articles(&search).await.unwrap_or_default();
                    // The list may be gone by now (sent, unmounted): then there's nothing to do.
                    if generation.try_get_value() == Some(mine) {
                        articles.set(found.into_iter().take(SHOWN).collect());
                    }
                });
            },
            std::time::Duration::from_millis(DEBOUNCE_MS),
        )
        .ok();
        pending.set_value(handle);
    });
    on_cleanup(move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
    });

    move || {
        let list = articles.get();
        (!list.is_empty()).then(|| {
            view! {
                <section class="sw-suggestions" aria-labelledby="sw-suggestions-title">
                    <h3 id="sw-suggestions-title">{t().suggestions}</h3>
                    <ul>
                        {list
                            .into_iter()
                            .map(|article| {
                                let title = article.title.clone().unwrap_or_default();
                                let snippet = article.snippet.as_deref().map(plain_text).unwrap_or_default();
                                view! {
                                    <li>
                                        <a
                                            href=article.html_url.clone().filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                                            target="_blank"
                                            rel="noopener noreferrer"
                                        >
                                            {title}
                                            <span class="sw-visually-hidden">" " {t().opens_new_tab}</span>
                                        </a>
                                        <p class="sw-muted">{snippet}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <button type="button" class="sw-secondary" part="button" on:click=boxed(move |_| on_answered.run(()))>
                        {t().answered}
                    </button>
                </section>
            }
        })
    }
}
