//! The Zendesk Requests API client (filled in by issue 5).
