//! What the contact form asks of Zendesk: the forms to offer, filing a request, looking for a
//! request the browser may have sent already, article suggestions and uploads.

use std::rc::Rc;

use super::Services;
use crate::api::body::NewRequest;
use crate::api::client::{passes_before, FileToUpload, RequestFilter, RequestSort, SortBy};
use crate::api::error::ApiError;
use crate::api::models::{Article, Request};
use crate::api::page::PageRequest;
use crate::api::transport::ProgressCallback;
use crate::model::contact::ContactForm;
use crate::model::draft::{upload_expiry, DraftUpload, UPLOAD_TOKEN_MINUTES};
use crate::model::order::sort_by_rank;
use crate::model::sending::{find_twin, TwinQuery};
use crate::ui::intl::iso_at;

/// Calls looking for a send whose outcome is unknown, when the listing does not come back
/// newest first (a sorted one settles on its first page): the first 10, then up to 2,000
/// requests in pages of [`LIST_PAGE_MAX`].
const TWIN_SEARCH_PAGES: usize = 21;
/// Zendesk's largest page.
const LIST_PAGE_MAX: u32 = 100;
/// How many of the user's newest requests are searched for a send whose outcome is unknown.
const RECENT_REQUESTS_CHECKED: u32 = 10;
/// Article suggestions asked for.
const SUGGESTIONS: u32 = 3;

impl Services {
    /// The ticket forms to offer, each with its end-user fields, in the host's order (or
    /// Zendesk's `position`). An account without forms gets one form of its editable fields.
    pub async fn contact_forms(&self) -> Result<Vec<ContactForm>, ApiError> {
        // Read without credentials, the forms don't name the user: ask alongside.
        self.name_the_user();
        let inner = self.inner();
        let locale = inner.locale();
        // Asked for in the order listed (what the loader's early read asks for too), shown in
        // `order`.
        let (asked, order) = if inner.ticket_form_ids.is_empty() {
            let mut forms = inner.client().list_ticket_forms().await?;
            forms.retain(|f| f.active && f.end_user_visible);
            let asked: Vec<u64> = forms.iter().map(|f| f.id).collect();
            // The default form first, then Zendesk's order (ids are unique: a total order).
            sort_by_rank(&mut forms, |f| {
                [u64::from(!f.default), f.position.unwrap_or(u64::MAX), f.id]
            });
            (asked, forms.iter().map(|f| f.id).collect::<Vec<_>>())
        } else {
            (inner.ticket_form_ids.clone(), inner.ticket_form_ids.clone())
        };
        if asked.is_empty() {
            let fields = inner.client().ticket_fields(Some(&locale)).await?;
            return Ok(vec![ContactForm::without_form(&fields)]);
        }
        let loaded = inner
            .client()
            .ticket_forms_with_fields(&asked, Some(&locale))
            .await?;
        Ok(order
            .iter()
            .filter_map(|id| loaded.iter().find(|f| f.form.id == *id))
            .map(|f| ContactForm::new(&f.form, &f.fields))
            .collect())
    }

    /// Files a request.
    pub async fn create_request(&self, request: &NewRequest) -> Result<Request, ApiError> {
        self.client().create_request(request).await
    }

    /// The user's request that `query` describes (see [`find_twin`]), if Zendesk has one:
    /// after a send whose outcome is unknown, the request it created; after a success, a copy.
    pub async fn find_recent_request(&self, query: TwinQuery<'_>) -> Result<Option<u64>, ApiError> {
        let since = query.since;
        let sort = RequestSort {
            by: SortBy::CreatedAt,
            descending: true,
        };
        let client = self.client();
        let mut page = PageRequest::first(RECENT_REQUESTS_CHECKED);
        for _ in 0..TWIN_SEARCH_PAGES {
            let found = client
                .list_requests(RequestFilter::All, Some(sort), &page)
                .await?;
            if let Some(twin) = find_twin(&found.items, query) {
                return Ok(Some(twin));
            }
            if passes_before(&found.items, since) {
                break;
            }
            // Not newest first after all: look through everything, a full page at a time.
            page = match (&page, found.next) {
                (PageRequest::Offset { per_page, .. }, _) if *per_page < LIST_PAGE_MAX => {
                    PageRequest::first_offset(LIST_PAGE_MAX)
                }
                (_, Some(next)) => next,
                (_, None) => break,
            };
        }
        Ok(None)
    }

    /// Help Center articles that may answer `query`, in the widget's language.
    pub async fn search_articles(&self, query: &str) -> Result<Vec<Article>, ApiError> {
        let inner = self.inner();
        let locale = inner.locale();
        inner
            .client()
            .suggest_articles(query, Some(&locale), SUGGESTIONS)
            .await
    }

    /// Uploads one file under its own token; `progress` gets whole percents.
    pub async fn upload(
        &self,
        file: &web_sys::File,
        progress: impl Fn(u32) + 'static,
    ) -> Result<DraftUpload, ApiError> {
        let to_upload = FileToUpload {
            file_name: file.name(),
            content_type: file.type_(),
            data: file.clone().into(),
        };
        let on_progress: ProgressCallback = Rc::new(move |sent: u64, total: u64| {
            if let Some(percent) = (sent.min(total) * 100).checked_div(total) {
                progress(percent as u32);
            }
        });
        let upload = self
            .client()
            .upload_file(&to_upload, None, Some(on_progress))
            .await?;
        Ok(DraftUpload {
            token: upload.token,
            file_name: file.name(),
            size: file.size() as u64,
            expires_at: Some(upload_expiry(
                upload.expires_at,
                iso_at(js_sys::Date::now() + f64::from(UPLOAD_TOKEN_MINUTES) * 60_000.0),
            )),
        })
    }

    /// Deletes an upload the user removed before sending.
    pub async fn delete_upload(&self, token: &str) -> Result<(), ApiError> {
        self.client().delete_upload(token).await
    }
}
