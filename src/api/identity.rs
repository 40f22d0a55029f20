//! Who the widget calls Zendesk as, and the bearer-token lifecycle.
//!
//! The token comes from the host page's callback, asked for when the panel first opens (by
//! `loader/early.js` at the tap, whose answer the first call takes, or on the first call),
//! kept in memory only, and asked for again **once** when Zendesk answers 401. Calls that hit the 401
//! together share that one re-fetch.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture, Shared};

use super::error::{ApiError, CredentialProblem};

/// What the host's callback produced: a token, nothing (not signed in), or a failure message.
pub type TokenResult = Result<Option<String>, String>;

/// The host page's way to get an end user's OAuth access token.
#[derive(Clone)]
pub struct TokenSource {
    fetch: Rc<dyn Fn() -> LocalBoxFuture<'static, TokenResult>>,
}

impl TokenSource {
    /// Wraps an async Rust function. `Ok(None)` means "no user signed in".
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = TokenResult> + 'static,
    {
        Self {
            fetch: Rc::new(move || fetch().boxed_local()),
        }
    }

    /// Wraps the host's `getAccessToken` JS function, which returns a token string or a
    /// Promise of one (`null`/`undefined`/`""` meaning "not signed in"). A thrown exception
    /// or rejected Promise becomes [`ApiError::TokenUnavailable`].
    ///
    /// The first call takes the answer `loader/early.js` asked this same function for at the
    /// tap (its reads went out with it), so the host is asked once, as before.
    #[cfg(target_arch = "wasm32")]
    pub fn from_js_function(function: js_sys::Function) -> Self {
        use wasm_bindgen::JsCast;
        Self::new(move || {
            let returned = token_at_tap_or_call(&function);
            async move {
                let value = match returned {
                    Ok(value) => match value.dyn_into::<js_sys::Promise>() {
                        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
                            .await
                            .map_err(|error| js_error_text(&error))?,
                        Err(value) => value,
                    },
                    Err(error) => return Err(js_error_text(&error)),
                };
                if value.is_null() || value.is_undefined() {
                    return Ok(None);
                }
                value
                    .as_string()
                    .map(Some)
                    .ok_or_else(|| "getAccessToken must return a string".to_string())
            }
        })
    }

    fn call(&self) -> LocalBoxFuture<'static, TokenResult> {
        (self.fetch)()
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/loader/early.js")]
extern "C" {
    /// `getAccessToken`'s answer at the tap, once, else `function()` called now.
    #[wasm_bindgen(js_name = token, catch)]
    fn token_at_tap_or_call(
        function: &js_sys::Function,
    ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;

    /// Drops what `loader/early.js` asked the host for at the tap, and the reads it sent with
    /// it (`forget` there): the widget went, forgot its user, or was mounted for someone who
    /// isn't signed in.
    #[wasm_bindgen(js_name = forget)]
    pub fn forget_tap_credentials();
}

#[cfg(target_arch = "wasm32")]
fn js_error_text(error: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "getAccessToken failed".to_string())
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("TokenSource")
    }
}

/// Who the widget acts as.
#[derive(Debug, Clone)]
pub enum Identity {
    /// No sign-in: may only create requests, upload, and read forms, fields and articles.
    Anonymous,
    /// An end user's OAuth access token from the host page.
    Bearer(TokenSource),
    /// The signed-in Help Center user, when the widget runs on the Help Center's own origin:
    /// the session cookie, plus `X-CSRF-Token` on writes.
    HelpCenterSession,
}

impl Identity {
    /// A bearer identity from the host's `getAccessToken` JS function.
    #[cfg(target_arch = "wasm32")]
    pub fn from_js_token_callback(function: js_sys::Function) -> Self {
        Self::Bearer(TokenSource::from_js_function(function))
    }

    /// Whether this identity is anonymous (no credential at all).
    pub fn is_anonymous(&self) -> bool {
        matches!(self, Self::Anonymous)
    }
}

/// Checks what the host handed us as an access token and returns the bare token.
///
/// A `Bearer ` prefix is tolerated. Refused, with a reason a developer can act on:
/// `Basic …` credentials and API tokens (`email/token:…` or `email/token`) — both are
/// account-wide secrets that every visitor of the page could read — and anything that
/// can't be an HTTP header value.
pub fn check_token(raw: &str) -> Result<String, ApiError> {
    let token = raw.trim();
    let lowered = token.to_ascii_lowercase();
    if lowered.starts_with("basic ") {
        return Err(ApiError::CredentialRefused(CredentialProblem::Basic));
    }
    if lowered.contains("/token:") || lowered.ends_with("/token") {
        return Err(ApiError::CredentialRefused(CredentialProblem::ApiToken));
    }
    let token = if lowered.starts_with("bearer ") {
        token[7..].trim_start()
    } else {
        token
    };
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::CredentialRefused(
            CredentialProblem::MalformedToken,
        ));
    }
    Ok(token.to_string())
}

/// A token and the generation it belongs to (bumped at every fetch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IssuedToken {
    pub(crate) token: String,
    pub(crate) generation: u64,
}

type SharedFetch = Shared<LocalBoxFuture<'static, Result<IssuedToken, ApiError>>>;

#[derive(Default)]
struct BearerState {
    current: Option<IssuedToken>,
    in_flight: Option<SharedFetch>,
    generation: u64,
}

/// The bearer token cache shared by every call of one client.
#[derive(Clone)]
pub(crate) struct BearerSession {
    source: TokenSource,
    state: Rc<RefCell<BearerState>>,
}

impl BearerSession {
    pub(crate) fn new(source: TokenSource) -> Self {
        Self {
            source,
            state: Rc::default(),
        }
    }

    /// The current token, asking the host for one on first use.
    pub(crate) async fn token(&self) -> Result<IssuedToken, ApiError> {
        let current = self.state.borrow().current.clone();
        match current {
            Some(token) => Ok(token),
            None => self.fetch(false).await,
        }
    }

    /// Zendesk rejected `rejected`: get a fresh token, unless another call already did.
    /// A host that answers with the same token or none means the user is signed out.
    pub(crate) async fn refresh(&self, rejected: &IssuedToken) -> Result<IssuedToken, ApiError> {
        {
            let mut state = self.state.borrow_mut();
            match &state.current {
                Some(current) if current.generation > rejected.generation => {
                    return Ok(current.clone());
                }
                Some(current) if current.generation == rejected.generation => state.current = None,
                _ => {}
            }
        }
        let fresh = self.fetch(true).await?;
        if fresh.token == rejected.token {
            return Err(ApiError::SignedOut);
        }
        Ok(fresh)
    }

    /// Forgets the token (e.g. on logout).
    pub(crate) fn forget(&self) {
        self.state.borrow_mut().current = None;
    }

    /// One host call at a time: whoever comes while it runs awaits the same result.
    fn fetch(&self, refreshing: bool) -> SharedFetch {
        let mut state = self.state.borrow_mut();
        if let Some(in_flight) = &state.in_flight {
            return in_flight.clone();
        }
        let host_call = self.source.call();
        let shared_state = Rc::clone(&self.state);
        let fetch = async move {
            let outcome = host_call.await;
            let mut state = shared_state.borrow_mut();
            state.in_flight = None;
            let token = match outcome {
                Ok(Some(token)) if !token.trim().is_empty() => check_token(&token)?,
                // No token: before any call the user just isn't signed in; after a 401 the
                // host has signed them out.
                Ok(_) if refreshing => return Err(ApiError::SignedOut),
                Ok(_) => return Err(ApiError::Unauthorized),
                Err(reason) => return Err(ApiError::TokenUnavailable { reason }),
            };
            state.generation += 1;
            let issued = IssuedToken {
                token,
                generation: state.generation,
            };
            state.current = Some(issued.clone());
            Ok(issued)
        }
        .boxed_local()
        .shared();
        state.in_flight = Some(fetch.clone());
        fetch
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use futures::executor::block_on;
    use std::cell::Cell;

    #[test]
    fn token_checks() {
        assert_eq!(
            check_token("  abc.DEF-123_~+/= "),
            Ok("abc.DEF-123_~+/=".into())
        );
        assert_eq!(check_token("Bearer abc"), Ok("abc".into()));
        assert_eq!(
            check_token("Basic YWRhQGV4YW1wbGUuY29tOnB3"),
            Err(ApiError::CredentialRefused(CredentialProblem::Basic))
        );
        assert_eq!(
            check_token("ada@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"),
            Err(ApiError::CredentialRefused(CredentialProblem::ApiToken))
        );
        assert_eq!(
            check_token("ada@example.com/token"),
            Err(ApiError::CredentialRefused(CredentialProblem::ApiToken))
        );
        for bad in ["", "a b", "tok\r\nX-Evil: 1", "tökén"] {
            assert_eq!(
                check_token(bad),
                Err(ApiError::CredentialRefused(
                    CredentialProblem::MalformedToken
                )),
                "{bad:?}"
            );
        }
    }

    /// A token source handing out `tokens` in order and counting calls. Each fetch is
    /// pending once, so concurrent callers really overlap with an in-flight fetch.
    pub(crate) fn counting_source(
        tokens: &'static [&'static str],
    ) -> (TokenSource, Rc<Cell<usize>>) {
        let calls = Rc::new(Cell::new(0));
        let counter = Rc::clone(&calls);
        let source = TokenSource::new(move || {
            let index = counter.get();
            counter.set(index + 1);
            let token = tokens.get(index).map(|token| token.to_string());
            async move {
                YieldOnce(false).await;
                Ok(token)
            }
        });
        (source, calls)
    }

    /// Pending on its first poll (waking itself), ready on the second.
    struct YieldOnce(bool);

    impl std::future::Future for YieldOnce {
        type Output = ();
        fn poll(
            mut self: std::pin::Pin<&mut Self>,
            context: &mut std::task::Context<'_>,
        ) -> std::task::Poll<()> {
            if self.0 {
                std::task::Poll::Ready(())
            } else {
                self.0 = true;
                context.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        }
    }

    #[test]
    fn fetched_lazily_once_and_cached() {
        let (source, calls) = counting_source(&["t1", "t2"]);
        let session = BearerSession::new(source);
        assert_eq!(calls.get(), 0);
        let first = block_on(session.token()).unwrap();
        let again = block_on(session.token()).unwrap();
        assert_eq!(first, again);
        assert_eq!(calls.get(), 1);
    }

    #[test]
    fn concurrent_refreshes_share_one_host_call() {
        let (source, calls) = counting_source(&["t1", "t2", "t3"]);
        let session = BearerSession::new(source);
        let rejected = block_on(session.token()).unwrap();
        let (a, b) = block_on(futures::future::join(
            session.refresh(&rejected),
            session.refresh(&rejected),
        ));
        assert_eq!(a.unwrap().token, "t2");
        assert_eq!(b.unwrap().token, "t2");
        assert_eq!(calls.get(), 2);
        // A call still holding the old token gets the already refreshed one, no host call.
        assert_eq!(block_on(session.refresh(&rejected)).unwrap().token, "t2");
        assert_eq!(calls.get(), 2);
    }

    #[test]
    fn same_or_no_token_after_rejection_is_signed_out() {
        let (source, _) = counting_source(&["t1", "t1"]);
        let session = BearerSession::new(source);
        let rejected = block_on(session.token()).unwrap();
        assert_eq!(
            block_on(session.refresh(&rejected)),
            Err(ApiError::SignedOut)
        );

        let (source, _) = counting_source(&["t1"]);
        let session = BearerSession::new(source);
        let rejected = block_on(session.token()).unwrap();
        assert_eq!(
            block_on(session.refresh(&rejected)),
            Err(ApiError::SignedOut)
        );

        let (source, _) = counting_source(&[]);
        assert_eq!(
            block_on(BearerSession::new(source).token()),
            Err(ApiError::Unauthorized)
        );
    }

    #[test]
    fn host_failures_and_refused_credentials() {
        let failing = TokenSource::new(|| async { Err("network down".to_string()) });
        assert_eq!(
            block_on(BearerSession::new(failing).token()),
            Err(ApiError::TokenUnavailable {
                reason: "network down".into()
            })
        );
        let api_token = TokenSource::new(|| async { Ok(Some("a@b.c/token:xyz".to_string())) });
        assert_eq!(
            block_on(BearerSession::new(api_token).token()),
            Err(ApiError::CredentialRefused(CredentialProblem::ApiToken))
        );
    }
}
