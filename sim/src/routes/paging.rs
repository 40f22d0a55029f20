//! Offset and cursor pagination, shaped like Zendesk's (`next_page`/`previous_page`/`count`,
//! or `meta{has_more,after_cursor,before_cursor}` + `links{next,prev}`), with full URLs on the
//! API origin the client used.

use crate::auth::Ctx;
use crate::error::ApiError;
use crate::views::pct;
use base64::Engine;
use serde_json::{json, Map, Value};

/// How the client asked to page.
#[derive(Debug, Clone)]
pub enum Paging {
    /// `page`/`per_page`.
    Offset {
        /// 1-based page.
        page: usize,
        /// Page size.
        per_page: usize,
    },
    /// `page[size]`/`page[after]`/`page[before]`.
    Cursor {
        /// Page size.
        size: usize,
        /// Return items after this key.
        after: Option<(i64, u64)>,
        /// Return items before this key.
        before: Option<(i64, u64)>,
    },
}

fn decode_cursor(s: &str) -> Result<(i64, u64), ApiError> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| ApiError::pagination("page[after]/page[before] is not a valid cursor"))?;
    let text = String::from_utf8(raw).map_err(|_| ApiError::pagination("invalid cursor"))?;
    let (k, id) = text
        .strip_prefix("zd1:")
        .and_then(|t| t.split_once(':'))
        .ok_or_else(|| ApiError::pagination("invalid cursor"))?;
    Ok((
        k.parse()
            .map_err(|_| ApiError::pagination("invalid cursor"))?,
        id.parse()
            .map_err(|_| ApiError::pagination("invalid cursor"))?,
    ))
}

fn encode_cursor(key: (i64, u64)) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("zd1:{}:{}", key.0, key.1))
}

/// Reads the paging parameters. Cursor mode when any `page[…]` parameter is present (or
/// `force_cursor`); `page[size]` must be 1–100 (400 in the `errors` shape otherwise).
pub fn parse(ctx: &Ctx, default: usize, force_cursor: bool) -> Result<Paging, ApiError> {
    let cursor = force_cursor || ctx.query.iter().any(|(k, _)| k.starts_with("page["));
    if cursor {
        let size = match ctx.q("page[size]") {
            None => default.min(100),
            Some(s) => match s.parse::<usize>() {
                Ok(n) if (1..=100).contains(&n) => n,
                _ => {
                    return Err(ApiError::pagination(
                        "page[size] must be an integer between 1 and 100",
                    ))
                }
            },
        };
        let after = ctx
            .q("page[after]")
            .filter(|s| !s.is_empty())
            .map(decode_cursor)
            .transpose()?;
        let before = ctx
            .q("page[before]")
            .filter(|s| !s.is_empty())
            .map(decode_cursor)
            .transpose()?;
        return Ok(Paging::Cursor {
            size,
            after,
            before,
        });
    }
    Ok(offset(ctx, default, 100))
}

/// Offset paging only (search endpoints): `page` ≥ 1, `per_page` clamped to `max`.
pub fn offset(ctx: &Ctx, default: usize, max: usize) -> Paging {
    let page = ctx
        .q("page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let per_page = ctx
        .q("per_page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(default)
        .min(max);
    Paging::Offset { page, per_page }
}

/// URL of the current path with some query parameters replaced or removed.
pub fn url_with(ctx: &Ctx, set: &[(&str, Option<String>)]) -> String {
    let mut q: Vec<(String, String)> = ctx
        .query
        .iter()
        .filter(|(k, _)| !set.iter().any(|(s, _)| s == k))
        .cloned()
        .collect();
    for (k, v) in set {
        if let Some(v) = v {
            q.push((k.to_string(), v.clone()));
        }
    }
    let qs: Vec<String> = q
        .iter()
        .map(|(k, v)| format!("{}={}", pct(k), pct(v)))
        .collect();
    format!("{}{}.json?{}", ctx.api, ctx.path, qs.join("&"))
}

/// Pages `items` (already sorted; `key` gives each item's sort key and id, and `desc` says the
/// sort direction so cursors compare the right way). Returns the page and the pagination
/// fields to merge into the response object.
pub fn page<T: Clone>(
    ctx: &Ctx,
    items: &[T],
    paging: &Paging,
    desc: bool,
    key: impl Fn(&T) -> (i64, u64),
) -> (Vec<T>, Map<String, Value>) {
    let mut out = Map::new();
    match *paging {
        Paging::Offset { page, per_page } => {
            let start = (page - 1).saturating_mul(per_page).min(items.len());
            let end = (start + per_page).min(items.len());
            out.insert(
                "next_page".into(),
                if end < items.len() {
                    json!(url_with(
                        ctx,
                        &[
                            ("page", Some((page + 1).to_string())),
                            ("per_page", Some(per_page.to_string()))
                        ]
                    ))
                } else {
                    Value::Null
                },
            );
            out.insert(
                "previous_page".into(),
                if page > 1 {
                    json!(url_with(
                        ctx,
                        &[
                            ("page", Some((page - 1).to_string())),
                            ("per_page", Some(per_page.to_string()))
                        ]
                    ))
                } else {
                    Value::Null
                },
            );
            out.insert("count".into(), json!(items.len()));
            (items[start..end].to_vec(), out)
        }
        Paging::Cursor {
            size,
            after,
            before,
        } => {
            // `a` comes strictly after `b` in the listing order.
            let later = |a: (i64, u64), b: (i64, u64)| if desc { a < b } else { a > b };
            let (slice, has_more) = if let Some(b) = before {
                let end = items
                    .iter()
                    .position(|i| !later(b, key(i)))
                    .unwrap_or(items.len());
                let start = end.saturating_sub(size);
                (&items[start..end], start > 0)
            } else {
                let start = match after {
                    Some(a) => items
                        .iter()
                        .position(|i| later(key(i), a))
                        .unwrap_or(items.len()),
                    None => 0,
                };
                let end = (start + size).min(items.len());
                (&items[start..end], end < items.len())
            };
            let after_cursor = slice.last().map(|i| encode_cursor(key(i)));
            let before_cursor = slice.first().map(|i| encode_cursor(key(i)));
            let size_s = Some(size.to_string());
            // A link sets its own cursor and drops the other one.
            let link = |cursor: &Option<String>, this: &'static str, other: &'static str| {
                cursor.as_ref().map(|c| {
                    url_with(
                        ctx,
                        &[
                            (this, Some(c.clone())),
                            (other, None),
                            ("page[size]", size_s.clone()),
                        ],
                    )
                })
            };
            let next = link(&after_cursor, "page[after]", "page[before]");
            let prev = link(&before_cursor, "page[before]", "page[after]");
            out.insert(
                "meta".into(),
                json!({"has_more": has_more, "after_cursor": after_cursor, "before_cursor": before_cursor}),
            );
            out.insert("links".into(), json!({"next": next, "prev": prev}));
            (slice.to_vec(), out)
        }
    }
}
