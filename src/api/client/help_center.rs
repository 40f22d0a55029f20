//! The Help Center: article suggestions and the visitor's Help Center session.

use super::{take, take_list, Client};
use crate::api::error::ApiError;
use crate::api::models::{Article, HelpCenterSession};
use crate::api::page::Query;
use crate::api::transport::Transport;

impl<T: Transport + 'static> Client<T> {
    /// `GET /api/v2/help_center/articles/search?query=…`: suggestions while the user types.
    pub async fn search_articles(
        &self,
        text: &str,
        locale: Option<&str>,
        per_page: u32,
    ) -> Result<Vec<Article>, ApiError> {
        let mut query = Query::new();
        query
            .push("query", text)
            .push_opt("locale", locale)
            .push("per_page", &per_page.clamp(1, 100).to_string());
        let mut answer = self
            .get(format!(
                "/api/v2/help_center/articles/search.json{}",
                query.as_str()
            ))
            .await?;
        Ok(take_list(&mut answer.body, "results"))
    }

    /// Article suggestions in the Help Center locale matching the widget's `locale`
    /// ([`help_center_locale`]); when that finds nothing, the same search without a locale, as
    /// Zendesk's own Web Widget does (a Help Center may not have the visitor's language).
    pub async fn suggest_articles(
        &self,
        text: &str,
        locale: Option<&str>,
        per_page: u32,
    ) -> Result<Vec<Article>, ApiError> {
        let hc_locale = locale.map(help_center_locale);
        let found = self
            .search_articles(text, hc_locale.as_deref(), per_page)
            .await?;
        if found.is_empty() && hc_locale.is_some() {
            return self.search_articles(text, None, per_page).await;
        }
        Ok(found)
    }

    /// `GET /api/v2/help_center/sessions.json`: the Help Center session and its CSRF token.
    /// A visitor without one may get `{"current_session":{"csrf_token":null}}` or
    /// `{"current_session":null}` (neither is documented): both are a session without a token.
    pub async fn help_center_session(&self) -> Result<HelpCenterSession, ApiError> {
        let mut answer = self.get("/api/v2/help_center/sessions.json".into()).await?;
        if answer
            .body
            .get("current_session")
            .is_some_and(|s| s.is_null())
        {
            return Ok(HelpCenterSession::default());
        }
        take(&mut answer, "current_session")
    }
}

/// The Help Center locale for a widget locale. Help Center locales are lower-case language or
/// language-region codes (`en-us`, `pt-br`, `de`); English and Portuguese exist only with
/// their region, so `en` becomes `en-us` and `pt` becomes `pt-br`.
pub fn help_center_locale(locale: &str) -> String {
    let lower = locale.trim().replace('_', "-").to_ascii_lowercase();
    match lower.as_str() {
        "en" => "en-us".to_owned(),
        "pt" => "pt-br".to_owned(),
        _ => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::help_center_locale;

    #[test]
    fn widget_locales_map_to_help_center_locales() {
        assert_eq!(help_center_locale("en"), "en-us");
        assert_eq!(help_center_locale("en-GB"), "en-gb");
        assert_eq!(help_center_locale("pt-BR"), "pt-br");
        assert_eq!(help_center_locale("pt"), "pt-br");
        assert_eq!(help_center_locale("de"), "de");
        assert_eq!(help_center_locale("zh_TW"), "zh-tw");
    }
}
