//! A request's comments: one page of the thread, or one comment.

use serde_json::Value;

use super::{take, take_list, Client};
use crate::api::error::ApiError;
use crate::api::models::{join_authors, Comment, User};
use crate::api::page::{decode_page, Page, PageRequest, Query};
use crate::api::saved::Saved;
use crate::api::transport::Transport;

/// Who wrote the comments to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentRole {
    /// Agents only.
    Agent,
    /// End users only.
    EndUser,
}

/// Options of a comment listing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommentQuery {
    /// Only comments created at or after this ISO-8601 time (for polling).
    pub since: Option<String>,
    /// Only comments by this role.
    pub role: Option<CommentRole>,
    /// Newest first (default: oldest first, as Zendesk returns them).
    pub newest_first: bool,
}

impl<T: Transport + 'static> Client<T> {
    /// `GET /api/v2/requests/{id}/comments?include=users`: one page, authors joined.
    pub async fn list_comments(
        &self,
        request_id: u64,
        options: &CommentQuery,
        page: &PageRequest,
    ) -> Result<Page<Comment>, ApiError> {
        let path = comments_path(request_id, options, page);
        // Polls (`since`) and older pages are not what a user reads offline.
        let mut answer = if options.since.is_none() && page.is_first() {
            self.get_kept(path).await?
        } else {
            self.get(path).await?
        };
        Ok(decode_comments(&mut answer.body, page))
    }

    /// The last [`list_comments`](Self::list_comments) answer kept for the same arguments.
    pub fn saved_comments(
        &self,
        request_id: u64,
        options: &CommentQuery,
        page: &PageRequest,
    ) -> Option<Saved<Page<Comment>>> {
        self.saved(&comments_path(request_id, options, page), |answer| {
            Some(decode_comments(&mut answer.body, page))
        })
    }

    /// `GET /api/v2/requests/{id}/comments/{comment_id}`.
    pub async fn show_comment(
        &self,
        request_id: u64,
        comment_id: u64,
    ) -> Result<Comment, ApiError> {
        let mut answer = self
            .get(format!(
                "/api/v2/requests/{request_id}/comments/{comment_id}.json?include=users"
            ))
            .await?;
        let users: Vec<User> = take_list(&mut answer.body, "users");
        let mut comment: Comment = take(&mut answer, "comment")?;
        join_authors(std::slice::from_mut(&mut comment), &users);
        Ok(comment)
    }
}

/// The path of a comment listing.
fn comments_path(request_id: u64, options: &CommentQuery, page: &PageRequest) -> String {
    let mut query = Query::new();
    query.push("include", "users");
    page.append_to(&mut query);
    match page {
        PageRequest::Cursor { .. } if options.newest_first => {
            query.push("sort", "-created_at");
        }
        PageRequest::Offset { .. } if options.newest_first => {
            query
                .push("sort_by", "created_at")
                .push("sort_order", "desc");
        }
        _ => {}
    }
    query.push_opt("since", options.since.as_deref());
    query.push_opt(
        "role",
        options.role.map(|role| match role {
            CommentRole::Agent => "agent",
            CommentRole::EndUser => "end_user",
        }),
    );
    format!(
        "/api/v2/requests/{request_id}/comments.json{}",
        query.as_str()
    )
}

fn decode_comments(body: &mut Value, page: &PageRequest) -> Page<Comment> {
    let users: Vec<User> = take_list(body, "users");
    let mut page = decode_page::<Comment>(body, "comments", page);
    join_authors(&mut page.items, &users);
    page
}
