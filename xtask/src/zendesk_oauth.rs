//! The host backend's side of Zendesk OAuth, as `cargo xtask demo` runs it and as
//! docs/zendesk-setup.md ("Option B") shows it: the authorization code grant with PKCE, the code
//! exchanged server to server, the refresh token kept here, fresh access tokens handed out.
//!
//! Everything between `docs:begin` and `docs:end` is quoted verbatim in docs/zendesk-setup.md
//! (a test keeps the two equal), so the copyable code is the code the end-to-end test runs.

// docs:begin
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Hand out a refreshed token when the current one has less than this left.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// One OAuth client of one Zendesk account, as the backend uses it.
pub struct ZendeskOAuth {
    pub http: reqwest::Client,
    /// `https://acme.zendesk.com`
    pub base_url: String,
    /// The OAuth client's Identifier.
    pub client_id: String,
    /// A Confidential client's secret (None for a Public client).
    pub client_secret: Option<String>,
    /// Your callback route, registered as the client's Redirect URL.
    pub redirect_uri: String,
}

/// What the backend keeps for one signed-in user. Only `access` ever reaches the browser.
pub struct ZendeskTokens {
    access: String,
    refresh: Option<String>,
    /// None when Zendesk said `expires_in: null`: tokens of OAuth clients created before
    /// Zendesk's token expiry don't expire (and come without a refresh token).
    expires_at: Option<Instant>,
}

/// Why a token call failed.
#[derive(Debug)]
pub enum OAuthError {
    /// Zendesk wasn't reached, or the answer wasn't read.
    Network(String),
    /// Zendesk refused: `invalid_grant` means the code or refresh token is spent or expired,
    /// so the user has to sign in again.
    Refused { status: u16, error: String },
    /// A 2xx answer that isn't a token answer.
    Malformed(String),
}

/// The token endpoint's answer (RFC 6749 §5.1); `expires_in` and `refresh_token` may be absent.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    refresh_token: Option<String>,
    expires_in: Option<u64>,
}

/// A random URL-safe string of `bytes` random bytes, for `state` and the PKCE verifier.
pub fn random_string(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).expect("the OS random source is available");
    URL_SAFE_NO_PAD.encode(buffer)
}

/// PKCE S256: BASE64URL(SHA-256(verifier)), no padding.
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

impl ZendeskTokens {
    fn from_answer(answer: TokenAnswer, now: Instant) -> Self {
        ZendeskTokens {
            access: answer.access_token,
            refresh: answer.refresh_token,
            expires_at: answer
                .expires_in
                .map(|secs| now + Duration::from_secs(secs)),
        }
    }

    /// Whether the access token is about to expire (never, when it doesn't expire).
    fn needs_refresh(&self, now: Instant) -> bool {
        self.expires_at
            .is_some_and(|at| at.saturating_duration_since(now) < REFRESH_MARGIN)
    }
}

impl ZendeskOAuth {
    /// Where "Sign in" sends the user. Keep `state` and `verifier` in their session.
    pub fn authorize_url(&self, state: &str, verifier: &str) -> String {
        let url = reqwest::Url::parse_with_params(
            &format!("{}/oauth/authorizations/new", self.base_url),
            [
                ("response_type", "code"),
                ("client_id", &self.client_id),
                ("redirect_uri", &self.redirect_uri),
                ("scope", "read write"),
                ("state", state),
                ("code_challenge", &pkce_challenge(verifier)),
                ("code_challenge_method", "S256"),
            ],
        );
        url.map(String::from).unwrap_or_default()
    }

    /// On the callback: the `code` for tokens (check `state` before calling this).
    pub async fn exchange_code(
        &self,
        code: &str,
        verifier: &str,
    ) -> Result<ZendeskTokens, OAuthError> {
        self.token_call(serde_json::json!({
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": verifier,
        }))
        .await
    }

    /// What your `/zendesk-token` route answers with: the access token, refreshed first when
    /// it is about to expire. Call it for one user at a time (hold that user's lock): Zendesk
    /// rotates refresh tokens, so two refreshes at once sign the user out.
    pub async fn fresh_access_token(
        &self,
        tokens: &mut ZendeskTokens,
    ) -> Result<String, OAuthError> {
        if tokens.needs_refresh(Instant::now()) {
            let Some(refresh) = tokens.refresh.clone() else {
                // Expiring without a refresh token: hand it out; the user signs in again.
                return Ok(tokens.access.clone());
            };
            *tokens = self
                .token_call(serde_json::json!({
                    "grant_type": "refresh_token",
                    "refresh_token": refresh,
                }))
                .await?;
        }
        Ok(tokens.access.clone())
    }

    async fn token_call(&self, mut body: serde_json::Value) -> Result<ZendeskTokens, OAuthError> {
        body["client_id"] = self.client_id.clone().into();
        if let Some(secret) = &self.client_secret {
            body["client_secret"] = secret.clone().into();
        }
        let response = self
            .http
            .post(format!("{}/oauth/tokens", self.base_url))
            .json(&body)
            .send()
            .await
            .map_err(|e| OAuthError::Network(e.to_string()))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| OAuthError::Network(e.to_string()))?;
        if !status.is_success() {
            // Zendesk's OAuth errors: {"error": "invalid_grant", "error_description": "…"}.
            let error = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v["error"].as_str().map(str::to_owned))
                .unwrap_or_default();
            return Err(OAuthError::Refused {
                status: status.as_u16(),
                error,
            });
        }
        let answer: TokenAnswer =
            serde_json::from_str(&text).map_err(|e| OAuthError::Malformed(e.to_string()))?;
        Ok(ZendeskTokens::from_answer(answer, Instant::now()))
    }
}
// docs:end

impl ZendeskTokens {
    /// The access token as it is (for calls the backend itself makes right after sign-in).
    pub fn access(&self) -> &str {
        &self.access
    }
}

impl std::fmt::Display for OAuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OAuthError::Network(error) => write!(f, "Zendesk could not be reached: {error}"),
            OAuthError::Refused { status, error } => {
                write!(f, "Zendesk refused the token call ({status} {error})")
            }
            OAuthError::Malformed(error) => write!(f, "unreadable token answer: {error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(json: &str) -> TokenAnswer {
        serde_json::from_str(json).expect("a token answer")
    }

    #[test]
    fn reads_expires_in_from_the_answer() {
        let now = Instant::now();
        let short = ZendeskTokens::from_answer(
            answer(r#"{"access_token":"a","refresh_token":"r","expires_in":300}"#),
            now,
        );
        assert_eq!(short.expires_at, Some(now + Duration::from_secs(300)));
        assert!(!short.needs_refresh(now));
        assert!(short.needs_refresh(now + Duration::from_secs(241)));
        // Shorter than the margin: refreshed at once.
        let tiny = ZendeskTokens::from_answer(
            answer(r#"{"access_token":"a","refresh_token":"r","expires_in":30}"#),
            now,
        );
        assert!(tiny.needs_refresh(now));
    }

    #[test]
    fn tokens_of_old_clients_never_need_refreshing() {
        let now = Instant::now();
        for json in [
            r#"{"access_token":"a","token_type":"bearer","expires_in":null}"#,
            r#"{"access_token":"a","token_type":"bearer"}"#,
        ] {
            let tokens = ZendeskTokens::from_answer(answer(json), now);
            assert_eq!(tokens.expires_at, None);
            assert_eq!(tokens.refresh, None);
            assert!(!tokens.needs_refresh(now + Duration::from_secs(86_400 * 365)));
        }
    }

    #[test]
    fn pkce_matches_rfc_7636() {
        // RFC 7636, appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let verifier = random_string(32);
        assert_eq!(verifier.len(), 43);
        assert_ne!(verifier, random_string(32));
    }

    #[test]
    fn authorize_url_carries_the_pkce_challenge() {
        let oauth = ZendeskOAuth {
            http: reqwest::Client::new(),
            base_url: "http://127.0.0.1:4010".into(),
            client_id: "support-widget-demo".into(),
            client_secret: None,
            redirect_uri: "http://localhost:8080/auth/callback".into(),
        };
        let url = oauth.authorize_url("st", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert!(url.starts_with("http://127.0.0.1:4010/oauth/authorizations/new?"));
        assert!(url.contains("code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        assert!(url.contains("redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fauth%2Fcallback"));
        assert!(url.contains("scope=read+write") && url.contains("state=st"));
    }

    #[test]
    fn the_setup_guide_quotes_this_code() {
        let source = include_str!("zendesk_oauth.rs");
        let begin = "// docs:begin\n";
        let end = "// docs:end";
        let start = source.find(begin).expect("docs:begin") + begin.len();
        let stop = source.find(end).expect("docs:end");
        let code = &source[start..stop];
        let guide = std::fs::read_to_string(crate::util::root().join("docs/zendesk-setup.md"))
            .expect("docs/zendesk-setup.md");
        assert!(
            guide.contains(&format!("```rust\n{code}```")),
            "docs/zendesk-setup.md must quote xtask/src/zendesk_oauth.rs between docs:begin \
             and docs:end verbatim, in a ```rust block"
        );
    }
}
