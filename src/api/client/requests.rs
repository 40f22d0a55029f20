//! The user's requests: list, search, show, create, update, and the satisfaction rating.

use super::{take, take_list, Answer, Call, Client};
use crate::api::body::{NewRequest, NewSatisfactionRating, RequestUpdate};
use crate::api::error::ApiError;
use crate::api::models::{Request, RequestWithUsers, SatisfactionRating};
use crate::api::page::{decode_page, Page, PageRequest, Query};
use crate::api::saved::Saved;
use crate::api::transport::{Method, Transport};

/// Which of the user's requests to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RequestFilter {
    /// All of them.
    #[default]
    All,
    /// Open ones (`/requests/open`).
    Open,
    /// Solved ones (`/requests/solved`).
    Solved,
    /// Those the user is CC'd on (`/requests/ccd`).
    Ccd,
}

/// Sort key of request lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// `updated_at`.
    UpdatedAt,
    /// `created_at`.
    CreatedAt,
}

/// A list order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestSort {
    /// The key.
    pub by: SortBy,
    /// Newest first when true.
    pub descending: bool,
}

/// A request search (`/requests/search`; offset pagination only).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestSearch {
    /// Free text.
    pub query: String,
    /// Statuses, e.g. `["open", "hold"]`.
    pub statuses: Vec<String>,
    /// Restrict to an organization.
    pub organization_id: Option<u64>,
    /// Only requests the user is CC'd on.
    pub cc_only: bool,
}

impl<T: Transport + 'static> Client<T> {
    /// `GET /api/v2/requests[/open|/solved|/ccd]`: the user's requests, one page.
    ///
    /// Zendesk ignores `sort_by`/`sort_order` on cursor pages (they come back in its own
    /// order) and honours them on offset pages, so a sorted listing is always read in offset
    /// pages: a cursor `page` becomes the offset page of the same size.
    pub async fn list_requests(
        &self,
        filter: RequestFilter,
        sort: Option<RequestSort>,
        page: &PageRequest,
    ) -> Result<Page<Request>, ApiError> {
        let page = &sorted_paging(sort, page);
        let path = requests_path(filter, sort, page);
        // Only first pages are read back offline; later ones would push them out.
        let mut answer = if page.is_first() {
            self.get_kept(path).await?
        } else {
            self.get(path).await?
        };
        Ok(decode_page(&mut answer.body, "requests", page))
    }

    /// The last [`list_requests`](Self::list_requests) answer kept for the same arguments.
    pub fn saved_requests(
        &self,
        filter: RequestFilter,
        sort: Option<RequestSort>,
        page: &PageRequest,
    ) -> Option<Saved<Page<Request>>> {
        let page = &sorted_paging(sort, page);
        self.saved(&requests_path(filter, sort, page), |answer| {
            Some(decode_page(&mut answer.body, "requests", page))
        })
    }

    /// `GET /api/v2/requests/search`: offset pages only (a cursor request starts at page 1).
    pub async fn search_requests(
        &self,
        search: &RequestSearch,
        page: &PageRequest,
    ) -> Result<Page<Request>, ApiError> {
        let page = match page {
            PageRequest::Cursor { size, .. } => PageRequest::first_offset(*size),
            offset => offset.clone(),
        };
        let mut query = Query::new();
        query.push("query", &search.query);
        if !search.statuses.is_empty() {
            query.push("status", &search.statuses.join(","));
        }
        if let Some(organization_id) = search.organization_id {
            query.push("organization_id", &organization_id.to_string());
        }
        if search.cc_only {
            query.push("cc_id", "true");
        }
        page.append_to(&mut query);
        let mut answer = self
            .get(format!("/api/v2/requests/search.json{}", query.as_str()))
            .await?;
        Ok(decode_page(&mut answer.body, "requests", &page))
    }

    /// `GET /api/v2/requests/{id}?include=users`.
    pub async fn show_request(&self, id: u64) -> Result<RequestWithUsers, ApiError> {
        let mut answer = self.get_kept(request_path(id)).await?;
        decode_request(&mut answer)
    }

    /// The last [`show_request`](Self::show_request) answer kept for `id`.
    pub fn saved_request(&self, id: u64) -> Option<Saved<RequestWithUsers>> {
        self.saved(&request_path(id), |answer| decode_request(answer).ok())
    }

    /// `POST /api/v2/requests`. Checked before sending (comment, anonymous requester) and
    /// throttled to 3 a minute. **Never re-sent** once it may have reached Zendesk: a failure
    /// after sending started is [`ApiError::OutcomeUnknown`].
    pub async fn create_request(&self, request: &NewRequest) -> Result<Request, ApiError> {
        request.validate(self.is_anonymous())?;
        let now = self.inner.transport.now_ms();
        self.inner.throttle.borrow_mut().check(now)?;
        self.inner.throttle.borrow_mut().record(now);
        let mut answer = self
            .send(Call::json(
                Method::Post,
                "/api/v2/requests.json".into(),
                request.to_json()?,
            ))
            .await?;
        take(&mut answer, "request")
    }

    /// `PUT /api/v2/requests/{id}`: reply, solve, CCs. Never re-sent once it may have
    /// reached Zendesk. After `solved`, check the returned status: Zendesk ignores it when
    /// the user may not solve the request.
    pub async fn update_request(
        &self,
        id: u64,
        update: &RequestUpdate,
    ) -> Result<Request, ApiError> {
        update.validate()?;
        let mut answer = self
            .send(Call::json(
                Method::Put,
                format!("/api/v2/requests/{id}.json"),
                update.to_json()?,
            ))
            .await?;
        take(&mut answer, "request")
    }

    /// `POST /api/v2/tickets/{id}/satisfaction_rating` (verified requesters only).
    pub async fn rate_satisfaction(
        &self,
        request_id: u64,
        rating: &NewSatisfactionRating,
    ) -> Result<SatisfactionRating, ApiError> {
        let path = format!("/api/v2/tickets/{request_id}/satisfaction_rating.json");
        let mut answer = self
            .send(Call::json(Method::Post, path, rating.to_json()?))
            .await?;
        take(&mut answer, "satisfaction_rating")
    }
}

/// The page to ask for: a sorted listing starts on offset pages (cursor pages ignore the
/// sort) and continues with the offset pages its answers point to.
pub(crate) fn sorted_paging(sort: Option<RequestSort>, page: &PageRequest) -> PageRequest {
    match (sort, page) {
        (Some(_), PageRequest::Cursor { size, after: None }) => PageRequest::first_offset(*size),
        _ => page.clone(),
    }
}

/// The path of a request listing.
fn requests_path(filter: RequestFilter, sort: Option<RequestSort>, page: &PageRequest) -> String {
    let path = match filter {
        RequestFilter::All => "/api/v2/requests.json",
        RequestFilter::Open => "/api/v2/requests/open.json",
        RequestFilter::Solved => "/api/v2/requests/solved.json",
        RequestFilter::Ccd => "/api/v2/requests/ccd.json",
    };
    let mut query = Query::new();
    page.append_to(&mut query);
    if let Some(sort) = sort {
        query.push(
            "sort_by",
            match sort.by {
                SortBy::UpdatedAt => "updated_at",
                SortBy::CreatedAt => "created_at",
            },
        );
        query.push("sort_order", if sort.descending { "desc" } else { "asc" });
    }
    format!("{path}{}", query.as_str())
}

/// Whether a page of a newest-created-first listing rules out finding anything created at or
/// after `since` on later pages: its items really are in that order (an account could still
/// answer in its own order) and the last one is older than `since`.
pub fn passes_before(items: &[Request], since: &str) -> bool {
    let created: Vec<&str> = items
        .iter()
        .map(|r| r.created_at.as_deref().unwrap_or(""))
        .collect();
    let newest_first = created.windows(2).all(|w| w[0] >= w[1]);
    newest_first && created.last().is_some_and(|last| *last < since)
}

/// The path of one request with its users.
fn request_path(id: u64) -> String {
    format!("/api/v2/requests/{id}.json?include=users")
}

fn decode_request(answer: &mut Answer) -> Result<RequestWithUsers, ApiError> {
    let users = take_list(&mut answer.body, "users");
    let request = take(answer, "request")?;
    Ok(RequestWithUsers { request, users })
}

#[cfg(test)]
mod order_tests {
    use super::*;
    use crate::api::lenient::Decode;
    use serde_json::json;

    fn requests(created: &[&str]) -> Vec<Request> {
        created
            .iter()
            .enumerate()
            .map(|(i, at)| Request::decode(json!({"id": i + 1, "created_at": at})).unwrap())
            .collect()
    }

    #[test]
    fn a_sorted_listing_stops_the_twin_search_once_past_the_send() {
        let since = "2026-11-23T09:00:00Z";
        let sorted = requests(&["2026-11-23T08:59:00Z", "2026-11-20T00:00:00Z"]);
        assert!(passes_before(&sorted, since));
        let newer_last = requests(&["2026-11-23T09:10:00Z", "2026-11-23T09:05:00Z"]);
        assert!(!passes_before(&newer_last, since));
        // Zendesk's own order proves nothing: keep looking.
        let unsorted = requests(&["2026-11-20T00:00:00Z", "2026-11-22T00:00:00Z"]);
        assert!(!passes_before(&unsorted, since));
        assert!(!passes_before(&[], since));
    }

    #[test]
    fn sorted_listings_read_offset_pages() {
        let sort = Some(RequestSort {
            by: SortBy::UpdatedAt,
            descending: true,
        });
        assert_eq!(
            sorted_paging(sort, &PageRequest::first(25)),
            PageRequest::first_offset(25)
        );
        assert_eq!(
            sorted_paging(None, &PageRequest::first(25)),
            PageRequest::first(25)
        );
    }
}
