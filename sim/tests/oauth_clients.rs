//! OAuth clients created before Zendesk's token expiry (`legacy_oauth_client`): the code
//! exchange answers `expires_in: null` and no refresh token, and the access token keeps working.

mod common;
use base64::Engine;
use common::*;
use serde_json::json;
use sha2::{Digest, Sha256};

#[tokio::test]
async fn a_legacy_client_gets_tokens_that_never_expire() {
    let s = start_with(|c| c.settings.legacy_oauth_client = true).await;
    let verifier = "legacy-client-verifier-with-more-than-43-characters-of-entropy";
    let challenge =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier));
    let redirect = "http://localhost:8080/auth/callback";
    let form = format!(
        "response_type=code&client_id=support-widget-demo&redirect_uri={}&scope=read%20write&state=s&code_challenge={challenge}&code_challenge_method=S256&user_id=1001",
        zendesk_sim::views::pct(redirect)
    );
    let r = s
        .http
        .post(format!("{}/oauth/authorizations", s.api))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .expect("authorize");
    let location = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let code = location
        .split("code=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .expect("a code");
    let r = s
        .call(
            "POST",
            "/oauth/tokens",
            None,
            Some(json!({"grant_type": "authorization_code", "code": code, "client_id": "support-widget-demo", "redirect_uri": redirect, "code_verifier": verifier})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let answer = r.json();
    assert!(answer["expires_in"].is_null(), "{answer}");
    assert!(answer.get("refresh_token").is_none(), "{answer}");
    let access = answer["access_token"].as_str().expect("access token");
    assert_eq!(
        s.get("/api/v2/users/me", access).await.json()["user"]["id"],
        1001
    );
    // Nothing to refresh with.
    let r = s
        .call(
            "POST",
            "/oauth/tokens",
            None,
            Some(json!({"grant_type": "refresh_token", "client_id": "support-widget-demo", "refresh_token": access})),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "invalid_grant");
    s.stop().await;
}
