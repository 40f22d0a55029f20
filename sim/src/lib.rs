//! `zendesk-sim`: a local Zendesk Requests API simulator, as strict as Zendesk (CORS, opaque
//! 403/429, validation, quirks), for the support-widget's demo and tests.
//!
//! ```no_run
//! # async fn demo() -> Result<(), zendesk_sim::StartError> {
//! let sim = zendesk_sim::start(zendesk_sim::SimConfig { control: true, ..Default::default() }).await?;
//! println!("{} {}", sim.api_url, sim.content_url);
//! sim.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The interface is documented in `docs/simulator.md`; the contract it reproduces in
//! `docs/zendesk-api.md`.

pub mod api_warn;
pub mod auth;
pub mod call_log;
pub mod config;
pub mod control;
pub mod cors;
pub mod error;
pub mod faults;
pub mod png;
pub mod routes;
pub mod seed;
pub mod server;
pub mod state;
pub mod time;
pub mod views;

pub use config::{AccountSettings, SimConfig};

use state::{App, Store};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Why the simulator could not start.
#[derive(Debug)]
pub enum StartError {
    /// A listener could not bind (port busy, no permission, bad address).
    Bind {
        /// Which listener (`API` or `content`).
        what: &'static str,
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// The `--data` file exists but could not be read or parsed.
    Data {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Bind { what, addr, source }
                if source.kind() == std::io::ErrorKind::AddrInUse =>
            {
                write!(
                    f,
                    "cannot listen on {addr} for the {what} origin: the port is already in use"
                )
            }
            StartError::Bind { what, addr, source } => {
                write!(f, "cannot listen on {addr} for the {what} origin: {source}")
            }
            StartError::Data { path, message } => {
                write!(f, "cannot load state from {}: {message}", path.display())
            }
        }
    }
}

impl std::error::Error for StartError {}

/// A running simulator. Drop does not stop it; call [`RunningSim::shutdown`].
pub struct RunningSim {
    /// API origin, e.g. `http://127.0.0.1:4010` (no trailing slash).
    pub api_url: String,
    /// Content origin serving attachments, e.g. `http://127.0.0.1:4011`.
    pub content_url: String,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    app: Arc<App>,
}

impl RunningSim {
    /// Stops both listeners, ends every open connection (hanging ones too) and writes the
    /// `--data` file one last time.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
        if let Some((path, _)) = self.app.persist() {
            let _ = write_state(&self.app, &path).await;
        }
    }

    /// The shared state (for in-process tests that want to peek).
    pub fn app(&self) -> &Arc<App> {
        &self.app
    }
}

fn salt() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

async fn load(path: &PathBuf) -> Result<Option<Store>, StartError> {
    match tokio::fs::read(path).await {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| StartError::Data {
                path: path.clone(),
                message: format!("not a simulator state file ({e})"),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StartError::Data {
            path: path.clone(),
            message: e.to_string(),
        }),
    }
}

async fn write_state(app: &App, path: &PathBuf) -> std::io::Result<()> {
    let bytes = app.snapshot().map_err(std::io::Error::other)?;
    let tmp = path.with_extension("tmp");
    tokio::fs::write(&tmp, bytes).await?;
    tokio::fs::rename(&tmp, path).await
}

async fn bind(what: &'static str, addr: SocketAddr) -> Result<TcpListener, StartError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { what, addr, source })
}

/// Starts the simulator: loads `--data` or seeds, binds both listeners and serves until
/// [`RunningSim::shutdown`].
pub async fn start(config: SimConfig) -> Result<RunningSim, StartError> {
    let store = match &config.data {
        Some(p) => load(p).await?,
        None => None,
    };
    let store = store.unwrap_or_else(|| seed::store(salt()));
    let api = bind("API", SocketAddr::new(config.host, config.api_port)).await?;
    let content = bind("content", SocketAddr::new(config.host, config.content_port)).await?;
    let api_port = api
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(config.api_port);
    let content_port = content
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(config.content_port);
    let host = match config.host {
        h if h.is_unspecified() => "127.0.0.1".to_string(),
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
        h => h.to_string(),
    };
    let app = Arc::new(App::new(config, store, api_port, content_port));
    let (tx, rx) = watch::channel(false);
    let mut tasks = vec![
        tokio::spawn(server::accept_loop(
            api,
            rx.clone(),
            server::api_handler(app.clone()),
        )),
        tokio::spawn(server::accept_loop(
            content,
            rx.clone(),
            server::content_handler(app.clone()),
        )),
    ];
    if let Some((path, notify)) = app.persist() {
        // Write once now so the file exists, then after changes (coalesced).
        let _ = write_state(&app, &path).await;
        let app2 = app.clone();
        let mut stop = rx.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = notify.notified() => {
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        if let Err(e) = write_state(&app2, &path).await {
                            eprintln!("zendesk-sim: cannot write {}: {e}", path.display());
                        }
                    }
                    _ = server::stopped(&mut stop) => break,
                }
            }
        }));
    }
    Ok(RunningSim {
        api_url: format!("http://{host}:{api_port}"),
        content_url: format!("http://{host}:{content_port}"),
        shutdown: tx,
        tasks,
        app,
    })
}
