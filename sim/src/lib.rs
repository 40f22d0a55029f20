//! Local Zendesk Requests API simulator (filled in by issue 4).
