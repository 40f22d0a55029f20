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

    /// `GET /api/v2/help_center/sessions.json`: the Help Center session and its CSRF token.
    pub async fn help_center_session(&self) -> Result<HelpCenterSession, ApiError> {
        let mut answer = self.get("/api/v2/help_center/sessions.json".into()).await?;
        take(&mut answer, "current_session")
    }
}
