//! The thread's pieces: the people copied, one comment, one attachment link.

use leptos::prelude::*;

use crate::api::models::{Attachment, Comment, Request, User};
use crate::i18n::fill;
use crate::model::conversation::{copied, file_kind, initials, is_image, media_url_allowed};
use crate::ui::intl::{date_time, format_size, relative_time};
use crate::ui::rich_text::RichText;
use crate::ui::shared::use_messages;

/// The people copied on the request, by name.
#[component]
pub(super) fn Ccs(request: Request, users: RwSignal<Vec<User>>) -> impl IntoView {
    let t = use_messages();
    let ids = copied(&request);
    let names = move || {
        let mut names: Vec<String> = users.with(|users| {
            users
                .iter()
                .filter(|u| ids.contains(&u.id))
                .filter_map(|u| u.name.clone())
                .collect()
        });
        names.dedup();
        names
    };
    move || {
        let names = names();
        (!names.is_empty()).then(|| {
            view! {
                <p class="sw-ccs"><span class="sw-strong">{t().ccs}": "</span>{names.join(", ")}</p>
            }
        })
    }
}

/// One comment: avatar, author, agent marker, time, body, attachments.
#[component]
pub(super) fn CommentItem(comment: Comment, image_hosts: Vec<String>) -> impl IntoView {
    let t = use_messages();
    let name = comment
        .author
        .as_ref()
        .and_then(|a| a.name.clone())
        .unwrap_or_default();
    let agent = comment.author.as_ref().is_some_and(|a| a.agent);
    let photo = comment
        .author
        .as_ref()
        .and_then(|a| a.photo.as_ref())
        .and_then(|photo| {
            photo
                .thumbnails
                .iter()
                .chain(std::iter::once(photo))
                .filter_map(|p| p.content_url.clone())
                .find(|url| media_url_allowed(url))
        });
    let avatar = match photo {
        // Never fetched with credentials, and the host page's address isn't sent along.
        Some(src) => view! { <img class="sw-avatar" src=src alt="" referrerpolicy="no-referrer" loading="lazy"/> }.into_any(),
        None => view! { <span class="sw-avatar sw-initials" aria-hidden="true">{initials(&name)}</span> }.into_any(),
    };
    let created_at = comment.created_at.clone().unwrap_or_default();
    let when = {
        let created_at = created_at.clone();
        move || relative_time(&created_at, t().tag)
    };
    let title = {
        let created_at = created_at.clone();
        move || date_time(&created_at, t().tag)
    };
    let plain = comment
        .plain_body
        .clone()
        .or_else(|| comment.body.clone())
        .unwrap_or_default();
    let files: Vec<Attachment> = comment
        .attachments
        .iter()
        .filter(|a| !a.deleted && a.malware_scan_result.as_deref() != Some("malware_found"))
        .cloned()
        .collect();
    view! {
        <li class="sw-comment" class:sw-comment-agent=agent data-comment=comment.id.to_string()>
            {avatar}
            <div class="sw-comment-main">
                <p class="sw-comment-head">
                    <span class="sw-author">{name}</span>
                    {agent.then(|| view! { <span class="sw-agent">{t().agent_marker}</span> })}
                    <time class="sw-muted" datetime=created_at title=title>{when}</time>
                </p>
                <RichText html=comment.html_body.clone() plain=plain image_hosts=image_hosts/>
                {(!files.is_empty()).then(|| view! {
                    <ul class="sw-comment-files">
                        {files.into_iter().map(|file| view! { <AttachmentLink file=file/> }).collect_view()}
                    </ul>
                })}
            </div>
        </li>
    }
}

/// An attachment as a link that opens in a new tab: a thumbnail for images, a type label
/// otherwise. A plain link: the browser fetches it without the widget's credentials.
#[component]
fn AttachmentLink(file: Attachment) -> impl IntoView {
    let t = use_messages();
    let name = file
        .file_name
        .clone()
        .unwrap_or_else(|| file.id.to_string());
    let size = file.size;
    let href = file
        .content_url
        .clone()
        .or_else(|| file.mapped_content_url.clone())
        .filter(|url| media_url_allowed(url));
    let thumbnail = is_image(file.content_type.as_deref(), file.file_name.as_deref())
        .then(|| {
            file.thumbnails
                .iter()
                .filter_map(|t| t.content_url.clone())
                .find(|url| media_url_allowed(url))
        })
        .flatten();
    let icon = match thumbnail {
        Some(src) => view! { <img class="sw-thumb" src=src alt="" referrerpolicy="no-referrer" loading="lazy"/> }.into_any(),
        None => view! { <span class="sw-file-kind" aria-hidden="true">{file_kind(&name)}</span> }.into_any(),
    };
    let size_text = move || size.map(|s| format_size(s, t().tag)).unwrap_or_default();
    let label = {
        let name = name.clone();
        move || {
            fill(
                t().open_attachment,
                &[("name", &name), ("size", &size_text())],
            )
        }
    };
    match href {
        Some(href) => view! {
            <li class="sw-comment-file">
                <a href=href target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer" aria-label=label>
                    {icon}
                    <span class="sw-file-name">{name}</span>
                    <span class="sw-muted">{size_text}</span>
                </a>
            </li>
        }
        .into_any(),
        None => view! {
            <li class="sw-comment-file">
                {icon}
                <span class="sw-file-name">{name}</span>
                <span class="sw-muted">{size_text}</span>
            </li>
        }
        .into_any(),
    }
}
