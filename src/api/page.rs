//! Pagination (cursor preferred, offset as fallback) and query-string building.
//!
//! The next page is always built from our own origin and path plus the cursor or page
//! number; `links.next` and `next_page` URLs from the response are never fetched, so a
//! foreign link can't receive a credential (the origin guard would refuse it anyway).

use serde_json::Value;

use super::lenient::{self, Decode};

/// Zendesk's maximum page size for cursor pagination.
pub const MAX_PAGE_SIZE: u32 = 100;

/// Which page to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageRequest {
    /// Cursor pagination: `page[size]` and, after the first page, `page[after]`.
    Cursor {
        /// Items per page (1–100).
        size: u32,
        /// The `after_cursor` of the previous page.
        after: Option<String>,
    },
    /// Offset pagination: `page` (from 1) and `per_page`.
    Offset {
        /// The page number, from 1.
        page: u32,
        /// Items per page (1–100).
        per_page: u32,
    },
}

impl PageRequest {
    /// Whether this asks for the first page (what a screen opens on, and all that is worth
    /// keeping for offline reading).
    pub fn is_first(&self) -> bool {
        match self {
            Self::Cursor { after, .. } => after.is_none(),
            Self::Offset { page, .. } => *page <= 1,
        }
    }

    /// The first cursor page of `size` items.
    pub fn first(size: u32) -> Self {
        Self::Cursor {
            size: size.clamp(1, MAX_PAGE_SIZE),
            after: None,
        }
    }

    /// The first offset page (for endpoints without cursor support, like search).
    pub fn first_offset(per_page: u32) -> Self {
        Self::Offset {
            page: 1,
            per_page: per_page.clamp(1, MAX_PAGE_SIZE),
        }
    }

    pub(crate) fn append_to(&self, query: &mut Query) {
        match self {
            Self::Cursor { size, after } => {
                query.push("page[size]", &size.clamp(&1, &MAX_PAGE_SIZE).to_string());
                if let Some(after) = after {
                    query.push("page[after]", after);
                }
            }
            Self::Offset { page, per_page } => {
                query.push("page", &(*page).max(1).to_string());
                query.push("per_page", &per_page.clamp(&1, &MAX_PAGE_SIZE).to_string());
            }
        }
    }

    fn size(&self) -> u32 {
        match self {
            Self::Cursor { size, .. } => *size,
            Self::Offset { per_page, .. } => *per_page,
        }
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items that could be decoded.
    pub items: Vec<T>,
    /// How to ask for the next page; `None` on the last page.
    pub next: Option<PageRequest>,
    /// `count` when Zendesk sent it (offset pagination; not always reliable).
    pub count: Option<u64>,
    /// Items skipped because they couldn't be decoded (e.g. no id).
    pub skipped: usize,
}

/// Decodes `{"<key>": [...], "meta": {...}, "next_page": ...}` into a page.
///
/// A response to a cursor request that carries no `meta` (the server fell back to offset
/// pagination) continues with offset pages.
pub(crate) fn decode_page<T: Decode>(
    body: &mut Value,
    key: &str,
    requested: &PageRequest,
) -> Page<T> {
    let raw_items = body.get_mut(key).map(Value::take).unwrap_or(Value::Null);
    let total = raw_items.as_array().map_or(0, Vec::len);
    let items: Vec<T> = lenient::items(raw_items);
    let skipped = total - items.len();

    let meta = body.get("meta").filter(|meta| meta.is_object());
    let next = match meta {
        Some(meta) => {
            let has_more = meta
                .get("has_more")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let after = meta
                .get("after_cursor")
                .and_then(Value::as_str)
                .filter(|c| !c.is_empty());
            match (has_more, after) {
                (true, Some(after)) => Some(PageRequest::Cursor {
                    size: requested.size(),
                    after: Some(after.to_string()),
                }),
                _ => None,
            }
        }
        None => {
            let has_next = body.get("next_page").is_some_and(|next| next.is_string());
            let current = match requested {
                PageRequest::Offset { page, .. } => *page,
                PageRequest::Cursor { .. } => 1,
            };
            has_next.then(|| PageRequest::Offset {
                page: current + 1,
                per_page: requested.size(),
            })
        }
    };
    let count = body.get("count").and_then(Value::as_u64);
    Page {
        items,
        next,
        count,
        skipped,
    }
}

/// A query string under construction; values are percent-encoded like `encodeURIComponent`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query {
    text: String,
}

impl Query {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Appends `key=value`; `key` is one of our own constants and sent as is.
    pub(crate) fn push(&mut self, key: &str, value: &str) -> &mut Self {
        self.text.push(if self.text.is_empty() { '?' } else { '&' });
        self.text.push_str(key);
        self.text.push('=');
        percent_encode_into(value, &mut self.text);
        self
    }

    /// Appends `key=value` when `value` is set.
    pub(crate) fn push_opt(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.push(key, value);
        }
        self
    }

    /// `?a=1&b=2`, or empty.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn percent_encode_into(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0xF)] as char);
        }
    }
}

/// A path segment (e.g. an upload token) percent-encoded.
pub(crate) fn segment(value: &str) -> String {
    let mut out = String::new();
    percent_encode_into(value, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Item {
        id: u64,
    }

    impl Decode for Item {
        fn decode(value: Value) -> Option<Self> {
            let id = lenient::Fields::of(value)?.number("id")?;
            Some(Item { id })
        }
    }

    #[test]
    fn query_encoding() {
        let mut query = Query::new();
        query
            .push("query", "order 1234 & \"late\" é/ü")
            .push_opt("locale", None)
            .push("x", "a+b=c");
        assert_eq!(
            query.as_str(),
            "?query=order%201234%20%26%20%22late%22%20%C3%A9%2F%C3%BC&x=a%2Bb%3Dc"
        );
        assert_eq!(Query::new().as_str(), "");
        assert_eq!(segment("tok/../x"), "tok%2F..%2Fx");
    }

    #[test]
    fn page_parameters() {
        let mut query = Query::new();
        PageRequest::first(500).append_to(&mut query);
        assert_eq!(query.as_str(), "?page[size]=100");
        let mut query = Query::new();
        PageRequest::Cursor {
            size: 25,
            after: Some("eyJv==".into()),
        }
        .append_to(&mut query);
        assert_eq!(query.as_str(), "?page[size]=25&page[after]=eyJv%3D%3D");
        let mut query = Query::new();
        PageRequest::Offset {
            page: 0,
            per_page: 0,
        }
        .append_to(&mut query);
        assert_eq!(query.as_str(), "?page=1&per_page=1");
    }

    #[test]
    fn cursor_page_continues_until_has_more_is_false() {
        let requested = PageRequest::first(2);
        let mut body = json!({"requests": [{"id": 1}, {"id": "2"}, {"subject": "no id"}],
            "meta": {"has_more": true, "after_cursor": "abc", "before_cursor": "zzz"},
            "links": {"next": "https://evil.test/api/v2/requests.json?page[after]=abc"}});
        let page: Page<Item> = decode_page(&mut body, "requests", &requested);
        assert_eq!(page.items, vec![Item { id: 1 }, Item { id: 2 }]);
        assert_eq!(page.skipped, 1);
        // The foreign links.next is ignored: the next page is our own cursor request.
        assert_eq!(
            page.next,
            Some(PageRequest::Cursor {
                size: 2,
                after: Some("abc".into())
            })
        );

        let mut last = json!({"requests": [], "meta": {"has_more": false, "after_cursor": null}});
        let page: Page<Item> = decode_page(&mut last, "requests", &requested);
        assert_eq!(page.next, None);
        // meta without links, has_more true but no cursor: stop rather than loop.
        let mut odd = json!({"requests": [], "meta": {"has_more": true}});
        assert_eq!(
            decode_page::<Item>(&mut odd, "requests", &requested).next,
            None
        );
    }

    #[test]
    fn offset_page_and_fallback() {
        let requested = PageRequest::first_offset(15);
        let mut body = json!({"results": [{"id": 5}], "count": 31,
            "next_page": "https://other.test/api/v2/requests/search.json?page=2", "previous_page": null});
        let page: Page<Item> = decode_page(&mut body, "results", &requested);
        assert_eq!(
            page.next,
            Some(PageRequest::Offset {
                page: 2,
                per_page: 15
            })
        );
        assert_eq!(page.count, Some(31));
        let mut last = json!({"results": [], "next_page": null});
        assert_eq!(
            decode_page::<Item>(&mut last, "results", &requested).next,
            None
        );

        // A cursor request answered with offset pagination continues with offset pages.
        let mut fallback = json!({"requests": [{"id": 1}], "next_page": "https://acme.zendesk.com/api/v2/requests.json?page=2"});
        let page: Page<Item> = decode_page(&mut fallback, "requests", &PageRequest::first(50));
        assert_eq!(
            page.next,
            Some(PageRequest::Offset {
                page: 2,
                per_page: 50
            })
        );
    }

    #[test]
    fn missing_or_wrong_item_list_is_empty() {
        let mut body = json!({"requests": {"id": 1}});
        let page: Page<Item> = decode_page(&mut body, "requests", &PageRequest::first(10));
        assert!(page.items.is_empty());
        let mut body = json!({});
        assert!(
            decode_page::<Item>(&mut body, "requests", &PageRequest::first(10))
                .items
                .is_empty()
        );
    }
}
