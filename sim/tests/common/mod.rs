//! Shared helpers: start the simulator in-process on free ports and talk to it over real HTTP.
#![allow(dead_code)]

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zendesk_sim::{RunningSim, SimConfig};

/// The origin our pretend widget page runs on.
pub const ORIGIN: &str = "http://widget.example:8080";

pub struct Sim {
    pub sim: RunningSim,
    pub api: String,
    pub content: String,
    pub http: reqwest::Client,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
    pub fn cors(&self) -> bool {
        self.headers.contains_key("access-control-allow-origin")
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn start() -> Sim {
    start_with(|_| {}).await
}

pub async fn start_with(f: impl FnOnce(&mut SimConfig)) -> Sim {
    let mut cfg = SimConfig {
        control: true,
        ..Default::default()
    };
    f(&mut cfg);
    let sim = zendesk_sim::start(cfg).await.expect("simulator starts");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
    Sim {
        api: sim.api_url.clone(),
        content: sim.content_url.clone(),
        sim,
        http,
    }
}

impl Sim {
    /// A call from the widget's origin. `auth`: `Some("Bearer x")`, `Some("Basic …")`, or None.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        auth: Option<&str>,
        body: Option<Value>,
    ) -> Resp {
        self.call_h(method, path, auth, body, &[]).await
    }

    pub async fn call_h(
        &self,
        method: &str,
        path: &str,
        auth: Option<&str>,
        body: Option<Value>,
        extra: &[(&str, &str)],
    ) -> Resp {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{}", self.api, path)
        };
        let mut rb = self
            .http
            .request(Method::from_bytes(method.as_bytes()).expect("method"), url)
            .header("Origin", ORIGIN)
            .header("Accept", "application/json");
        if let Some(a) = auth {
            rb = rb.header("Authorization", a);
        }
        if let Some(b) = body {
            rb = rb
                .header("Content-Type", "application/json")
                .body(b.to_string());
        }
        for (k, v) in extra {
            rb = rb.header(*k, *v);
        }
        let r = rb.send().await.expect("request sent");
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap_or_default();
        Resp {
            status,
            headers,
            text,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Resp {
        self.call("GET", path, Some(&format!("Bearer {token}")), None)
            .await
    }

    pub async fn ctl(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        self.call(method, &format!("/__sim{path}"), None, body)
            .await
    }

    pub fn api_addr(&self) -> String {
        self.api.trim_start_matches("http://").to_string()
    }

    pub async fn stop(self) {
        self.sim.shutdown().await;
    }
}

pub fn bearer(t: &str) -> String {
    format!("Bearer {t}")
}

/// Sends raw bytes over TCP and reads until the server closes or `wait` passes.
/// Returns what was received and whether the connection was closed by the server.
pub async fn raw(addr: &str, request: &[u8], wait: Duration) -> (Vec<u8>, bool) {
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    s.write_all(request).await.expect("write");
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut chunk)).await {
            Err(_) => return (buf, false),
            Ok(Ok(0)) => return (buf, true),
            Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
            Ok(Err(_)) => return (buf, true),
        }
    }
}

pub fn raw_request(method: &str, path: &str, token: &str, body: &str) -> Vec<u8> {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
