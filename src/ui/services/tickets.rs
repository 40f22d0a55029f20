//! What "My tickets" needs from Zendesk and the device, as methods on [`Services`]: one page of
//! a list or a search, one request, a page of comments, reply, solve, rate, and when each
//! request was last seen here. The screens never touch the client or `localStorage` directly.

use crate::api::body::{EmailCc, NewComment, NewSatisfactionRating, RequestUpdate, Score};
use crate::api::client::{CommentQuery, RequestSort, SortBy};
use crate::api::error::ApiError;
use crate::api::models::{Comment, Request, RequestWithUsers, SatisfactionRating};
use crate::api::page::{Page, PageRequest};
use crate::api::saved::Saved;
use crate::model::tickets::Tab;

use super::Services;

/// Requests per list page: Zendesk's maximum, so the first screen is one round trip and even
/// a 2,000-request history pages through in 20 calls.
pub const LIST_PAGE_SIZE: u32 = 100;
/// Comments per page: a long thread opens on its newest 50 and pages in older ones.
pub const COMMENT_PAGE_SIZE: u32 = 50;
/// Lists show the newest activity first.
const NEWEST_ACTIVITY_FIRST: RequestSort = RequestSort {
    by: SortBy::UpdatedAt,
    descending: true,
};
/// A conversation opens on its newest comments.
const NEWEST_COMMENTS_FIRST: CommentQuery = CommentQuery {
    since: None,
    role: None,
    newest_first: true,
};

impl Services {
    /// One page of the tab's requests, newest activity first; with a non-empty `query`, one
    /// page of a search within the tab (offset pages: Zendesk's search has no cursors).
    pub async fn list_page(
        &self,
        tab: Tab,
        query: &str,
        page: Option<PageRequest>,
    ) -> Result<Page<Request>, ApiError> {
        let client = self.client();
        if query.trim().is_empty() {
            let page = page.unwrap_or_else(|| PageRequest::first(LIST_PAGE_SIZE));
            client
                .list_requests(tab.filter(), Some(NEWEST_ACTIVITY_FIRST), &page)
                .await
        } else {
            let page = page.unwrap_or_else(|| PageRequest::first_offset(LIST_PAGE_SIZE));
            client.search_requests(&tab.search(query), &page).await
        }
    }

    /// One request with the users it mentions (requester, assignee, CCs).
    pub async fn request(&self, id: u64) -> Result<RequestWithUsers, ApiError> {
        self.client().show_request(id).await
    }

    /// A page of a request's comments, newest first (`page` None: the newest page).
    pub async fn comments_page(
        &self,
        id: u64,
        page: Option<PageRequest>,
    ) -> Result<Page<Comment>, ApiError> {
        let page = page.unwrap_or_else(|| PageRequest::first(COMMENT_PAGE_SIZE));
        self.client()
            .list_comments(id, &NEWEST_COMMENTS_FIRST, &page)
            .await
    }

    /// The tab's first page as last read from Zendesk on this device, for offline reading.
    pub fn saved_list_page(&self, tab: Tab) -> Option<Saved<Page<Request>>> {
        let page = PageRequest::first(LIST_PAGE_SIZE);
        self.client()
            .saved_requests(tab.filter(), Some(NEWEST_ACTIVITY_FIRST), &page)
    }

    /// A request and its newest comments as last read from Zendesk on this device (both, or
    /// nothing); the time is the older of the two reads.
    pub fn saved_conversation(&self, id: u64) -> Option<Saved<(RequestWithUsers, Vec<Comment>)>> {
        let client = self.client();
        let request = client.saved_request(id)?;
        let page = PageRequest::first(COMMENT_PAGE_SIZE);
        let comments = client.saved_comments(id, &NEWEST_COMMENTS_FIRST, &page)?;
        Some(Saved {
            saved_at_ms: request.saved_at_ms.min(comments.saved_at_ms),
            value: (request.value, comments.value.items),
        })
    }

    /// Comments created at or after `since` (ISO-8601), oldest first: what a poll fetches.
    /// Bounded to one page: a burst larger than that is caught up by the next poll.
    pub async fn comments_since(&self, id: u64, since: &str) -> Result<Vec<Comment>, ApiError> {
        let query = CommentQuery {
            since: Some(since.to_owned()),
            ..CommentQuery::default()
        };
        let page = PageRequest::first(COMMENT_PAGE_SIZE);
        let page = self.client().list_comments(id, &query, &page).await?;
        Ok(page.items)
    }

    /// Replies to a request, copying `ccs` (email addresses) in the same update. Never
    /// re-sent on its own: a failure after sending started is [`ApiError::OutcomeUnknown`],
    /// and the screen re-reads the comments instead.
    pub async fn reply(
        &self,
        id: u64,
        body: String,
        uploads: Vec<String>,
        ccs: Vec<String>,
    ) -> Result<Request, ApiError> {
        let mut update = RequestUpdate::reply(NewComment { body, uploads });
        update.email_ccs = EmailCc::put_all(ccs);
        self.client().update_request(id, &update).await
    }

    /// Asks Zendesk to mark a request solved and returns the request as Zendesk now has it
    /// (Zendesk answers 200 without solving when the user may not solve it).
    pub async fn solve(&self, id: u64) -> Result<Request, ApiError> {
        let client = self.client();
        client.update_request(id, &RequestUpdate::solve()).await?;
        Ok(client.show_request(id).await?.request)
    }

    /// Rates the support of a solved request.
    pub async fn rate(
        &self,
        id: u64,
        score: Score,
        comment: String,
    ) -> Result<SatisfactionRating, ApiError> {
        let rating = NewSatisfactionRating {
            score,
            comment: Some(comment.trim().to_owned()).filter(|c| !c.is_empty()),
        };
        self.client().rate_satisfaction(id, &rating).await
    }

    /// Image hosts agent HTML may show pictures from: the Zendesk origin's host and Zendesk's
    /// attachment CDN.
    pub fn image_hosts(&self) -> Vec<String> {
        let origin = self.inner().origin.clone();
        let host = origin
            .split_once("://")
            .map_or(origin.as_str(), |(_, rest)| rest)
            .split(['/', ':'])
            .next()
            .unwrap_or_default()
            .to_owned();
        vec![host, "*.zdusercontent.com".to_owned()]
    }
}
