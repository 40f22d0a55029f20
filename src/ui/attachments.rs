//! Attachments: pick, drop or paste files; each uploads at once with a progress bar, shows its
//! name and size, and can be removed. Problems (empty, too big, blocked type) are explained on
//! the file itself, before or after the upload.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::File;

use super::intl::format_size;
use super::services::{use_services, Services};
use super::shared::{boxed, use_messages};
use crate::api::error::ApiError;
use crate::i18n::{fill, Messages};
use crate::model::draft::DraftUpload;

/// Where one file stands.
#[derive(Clone, Debug, PartialEq)]
pub enum UploadState {
    /// Bytes are on their way; progress in percent.
    Uploading,
    /// Uploaded; the token goes with the comment.
    Done(DraftUpload),
    /// Refused or failed.
    Failed(FileProblem),
}

/// Why a file can't be attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// Zero bytes.
    Empty,
    /// Over the account's limit.
    TooBig,
    /// A type Zendesk refuses.
    Blocked,
    /// The upload failed (network, server).
    Failed,
}

/// One file in the list.
#[derive(Clone, Debug, PartialEq)]
pub struct UploadItem {
    key: u32,
    file_name: String,
    size: u64,
    progress: RwSignal<u32>,
    state: UploadState,
}

/// The files of one form or reply.
#[derive(Clone, Copy)]
pub struct Uploads {
    items: RwSignal<Vec<UploadItem>>,
    next_key: StoredValue<u32>,
}

impl Uploads {
    /// Starts from a restored draft's uploads.
    pub fn restore(saved: Vec<DraftUpload>) -> Uploads {
        let items = saved
            .into_iter()
            .zip(1..)
            .map(|(upload, key)| UploadItem {
                key,
                file_name: upload.file_name.clone(),
                size: upload.size,
                progress: RwSignal::new(100),
                state: UploadState::Done(upload),
            })
            .collect::<Vec<_>>();
        let next_key = items.len() as u32 + 1;
        Uploads {
            items: RwSignal::new(items),
            next_key: StoredValue::new(next_key),
        }
    }

    /// The finished uploads (tracked: drafts save when they change).
    pub fn done(&self) -> Vec<DraftUpload> {
        self.items.with(|items| {
            items
                .iter()
                .filter_map(|i| match &i.state {
                    UploadState::Done(upload) => Some(upload.clone()),
                    _ => None,
                })
                .collect()
        })
    }

    /// Tokens to send with the comment.
    pub fn tokens(&self) -> Vec<String> {
        self.items.with_untracked(|items| {
            items
                .iter()
                .filter_map(|i| match &i.state {
                    UploadState::Done(upload) => Some(upload.token.clone()),
                    _ => None,
                })
                .collect()
        })
    }

    /// Whether a file is still uploading (sending waits for it).
    pub fn busy(&self) -> bool {
        self.items
            .with_untracked(|items| items.iter().any(|i| i.state == UploadState::Uploading))
    }

    /// Forgets every file (after a successful send: Zendesk now owns them).
    pub fn clear(&self) {
        self.items.set(Vec::new());
    }

    /// Checks and uploads `files`, each into its own token so each can be removed alone.
    pub fn add(&self, services: Services, files: Vec<File>) {
        for file in files {
            let key = self.next_key.get_value();
            self.next_key.set_value(key + 1);
            let size = file.size() as u64;
            let early_problem = if size == 0 {
                Some(FileProblem::Empty)
            } else if size > services.max_attachment_bytes() {
                Some(FileProblem::TooBig)
            } else {
                None
            };
            let progress = RwSignal::new(0);
            self.items.update(|items| {
                items.push(UploadItem {
                    key,
                    file_name: file.name(),
                    size,
                    progress,
                    state: match early_problem {
                        Some(problem) => UploadState::Failed(problem),
                        None => UploadState::Uploading,
                    },
                })
            });
            if early_problem.is_some() {
                continue;
            }
            let items = self.items;
            spawn_local(async move {
                let outcome = services
                    .upload(&file, move |percent| progress.set(percent))
                    .await;
                let state = match outcome {
                    Ok(upload) => UploadState::Done(upload),
                    Err(ApiError::FileRejected { .. }) => UploadState::Failed(FileProblem::Blocked),
                    Err(_) => UploadState::Failed(FileProblem::Failed),
                };
                items.update(|items| {
                    if let Some(item) = items.iter_mut().find(|i| i.key == key) {
                        item.state = state;
                    }
                });
            });
        }
    }

    fn remove(&self, services: Services, key: u32) {
        let mut removed = None;
        self.items.update(|items| {
            if let Some(index) = items.iter().position(|i| i.key == key) {
                removed = Some(items.remove(index));
            }
        });
        let signed_in = services.who() == super::services::Who::SignedIn;
        if let (
            Some(UploadItem {
                state: UploadState::Done(upload),
                ..
            }),
            true,
        ) = (removed, signed_in)
        {
            // Anonymous users may not DELETE cross-origin; their unused upload expires.
            // Best effort: an upload nobody attaches expires on its own.
            spawn_local(async move {
                let _ = services.delete_upload(&upload.token).await;
            });
        }
    }
}

impl UploadState {
    /// Distinguishes the states in the list's key, so a row is redrawn when its file's state
    /// changes (progress updates go through the row's own signal instead).
    fn rank(&self) -> u8 {
        match self {
            UploadState::Uploading => 0,
            UploadState::Done(_) => 1,
            UploadState::Failed(_) => 2,
        }
    }
}

impl FileProblem {
    /// The message, with the size limit filled in.
    fn text(self, t: &'static Messages, max_bytes: u64) -> String {
        match self {
            FileProblem::Empty => t.file_empty.to_owned(),
            FileProblem::TooBig => fill(t.file_too_big, &[("max", &format_size(max_bytes, t.tag))]),
            FileProblem::Blocked => t.file_blocked.to_owned(),
            FileProblem::Failed => t.file_failed.to_owned(),
        }
    }
}

/// The files of a picker, drop or paste.
pub(crate) fn files_of(list: Option<web_sys::FileList>) -> Vec<File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// The files a paste should attach: a screenshot's image. A paste that also carries text
/// (Office and most editors put an image rendition of the copied text beside it) is text,
/// left to the browser so it lands where the user pasted.
pub(crate) fn pasted_files(event: &web_sys::ClipboardEvent) -> Vec<File> {
    let Some(data) = event.clipboard_data() else {
        return Vec::new();
    };
    if data.types().includes(&"text/plain".into(), 0) {
        return Vec::new();
    }
    files_of(data.files())
}

/// The attachment picker, drop zone and file list. Paste is handled by the form around it.
#[component]
pub fn AttachmentList(
    /// Makes the list's ids unique when a contact form and a reply box are both mounted.
    id_prefix: &'static str,
    uploads: Uploads,
) -> impl IntoView {
    let t = use_messages();
    let services = use_services();
    let dragging = RwSignal::new(false);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let label_id = format!("{id_prefix}-attachments-label");

    view! {
        <div
            class="sw-field sw-attachments"
            class:sw-dragging=move || dragging.get()
            on:dragover=boxed(move |event: web_sys::DragEvent| {
                event.prevent_default();
                dragging.set(true);
            })
            on:dragleave=boxed(move |_| dragging.set(false))
            on:drop=boxed(move |event: web_sys::DragEvent| {
                event.prevent_default();
                dragging.set(false);
                uploads.add(services, files_of(event.data_transfer().and_then(|d| d.files())));
            })
        >
            <span class="sw-label-text" id=label_id.clone()>{t().attachments}</span>
            <div class="sw-drop">
                <label class="sw-secondary sw-file-button" part="button">
                    {t().add_files}
                    <input
                        node_ref=input_ref
                        type="file"
                        multiple
                        class="sw-visually-hidden"
                        aria-labelledby=label_id
                        on:change=boxed(move |event: web_sys::Event| {
                            let input = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                            if let Some(input) = input {
                                uploads.add(services, files_of(input.files()));
                                input.set_value("");
                            }
                        })
                    />
                </label>
                <span class="sw-muted">{t().drop_files}</span>
            </div>
            <ul class="sw-files" aria-live="polite">
                <For each=move || uploads.items.get() key=|item| (item.key, item.state.rank()) let(item)>
                    {
                        let UploadItem { key, file_name, size, progress, state } = item;
                        let remove_label = {
                            let file_name = file_name.clone();
                            move || fill(t().remove_file, &[("name", &file_name)])
                        };
                        view! {
                            <li class="sw-file" class:sw-file-failed=matches!(state, UploadState::Failed(_))>
                                <span class="sw-file-name">{file_name.clone()}</span>
                                <span class="sw-muted">{move || format_size(size, t().tag)}</span>
                                {match state {
                                    UploadState::Uploading => view! {
                                        <progress max="100" value=move || progress.get() aria-label=t().uploading></progress>
                                    }
                                    .into_any(),
                                    UploadState::Failed(problem) => view! {
                                        <span class="sw-problem" role="alert">
                                            {move || problem.text(t(), services.max_attachment_bytes())}
                                        </span>
                                    }
                                    .into_any(),
                                    UploadState::Done(_) => ().into_any(),
                                }}
                                <button
                                    type="button"
                                    class="sw-icon-button"
                                    part="button"
                                    aria-label=remove_label
                                    on:click=boxed(move |_| uploads.remove(services, key))
                                >
                                    "×"
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
        </div>
    }
}
