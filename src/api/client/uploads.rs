//! Attachments: uploads before they join a comment, and their removal.

use std::rc::Rc;

use super::{take, Call, Client};
use crate::api::error::{ApiError, ValidationProblem};
use crate::api::models::Upload;
use crate::api::page::{segment, Query};
use crate::api::transport::{file_size, FileData, HttpBody, Method, ProgressCallback, Transport};

/// A file to upload.
#[derive(Debug, Clone)]
pub struct FileToUpload {
    /// The name Zendesk will show.
    pub file_name: String,
    /// The real MIME type (`application/octet-stream` when unknown).
    pub content_type: String,
    /// The contents.
    pub data: FileData,
}

/// Progress across a multi-file upload: `(file index, bytes sent, file size)`.
pub type UploadProgress = Rc<dyn Fn(usize, u64, u64)>;

impl<T: Transport + 'static> Client<T> {
    /// `POST /api/v2/uploads?filename=…[&token=…]`: one file, added to `token` when given.
    /// Empty and oversized files are refused before sending; a blocked file type comes back
    /// as [`ApiError::FileRejected`]. Never re-sent once it may have reached Zendesk.
    pub async fn upload_file(
        &self,
        file: &FileToUpload,
        token: Option<&str>,
        progress: Option<ProgressCallback>,
    ) -> Result<Upload, ApiError> {
        self.check_file(file)?;
        let mut query = Query::new();
        query
            .push("filename", &file.file_name)
            .push_opt("token", token);
        let content_type = if file.content_type.is_empty() {
            "application/octet-stream".to_string()
        } else {
            file.content_type.clone()
        };
        let call = Call {
            method: Method::Post,
            path_and_query: format!("/api/v2/uploads.json{}", query.as_str()),
            body: HttpBody::File {
                content_type,
                data: file.data.clone(),
            },
            progress,
            timeout_ms: self.inner.config.upload_timeout_ms,
            keep: false,
            anonymous: false,
        };
        let mut answer = self.send(call).await.map_err(|error| match error {
            ApiError::Invalid {
                description,
                details,
            } => ApiError::FileRejected {
                reason: details
                    .into_iter()
                    .find_map(|detail| detail.description)
                    .or(description)
                    .unwrap_or_else(|| "the file type is not allowed".to_string()),
            },
            other => other,
        })?;
        take(&mut answer, "upload")
    }

    /// Uploads several files under one token, one after another. All files are checked
    /// before the first is sent. On failure the files already uploaded stay under the token
    /// the caller never got; they expire on their own.
    pub async fn upload_files(
        &self,
        files: &[FileToUpload],
        progress: Option<UploadProgress>,
    ) -> Result<Upload, ApiError> {
        if files.is_empty() {
            return Err(ApiError::Validation(ValidationProblem::NoFiles));
        }
        for file in files {
            self.check_file(file)?;
        }
        let mut upload: Option<Upload> = None;
        for (index, file) in files.iter().enumerate() {
            let per_file: Option<ProgressCallback> = progress.clone().map(|progress| {
                Rc::new(move |sent: u64, total: u64| progress(index, sent, total))
                    as ProgressCallback
            });
            let token = upload.as_ref().map(|upload| upload.token.clone());
            upload = Some(self.upload_file(file, token.as_deref(), per_file).await?);
        }
        upload.ok_or(ApiError::Validation(ValidationProblem::NoFiles))
    }

    /// `DELETE /api/v2/uploads/{token}`.
    pub async fn delete_upload(&self, token: &str) -> Result<(), ApiError> {
        let call = Call::empty(
            Method::Delete,
            format!("/api/v2/uploads/{}.json", segment(token)),
        );
        self.send(call).await.map(|_| ())
    }

    fn check_file(&self, file: &FileToUpload) -> Result<(), ApiError> {
        let size = file_size(&file.data);
        if size == 0 {
            return Err(ApiError::Validation(ValidationProblem::EmptyFile {
                file_name: file.file_name.clone(),
            }));
        }
        if size > self.inner.config.max_attachment_bytes {
            return Err(ApiError::Validation(ValidationProblem::FileTooLarge {
                file_name: file.file_name.clone(),
                max_bytes: self.inner.config.max_attachment_bytes,
            }));
        }
        Ok(())
    }
}
