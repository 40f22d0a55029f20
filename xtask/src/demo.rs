//! `cargo xtask demo`: the widget on a sample host page, against the local Zendesk.
//!
//! The pages (http://localhost:8080: a shop, a Help Center article, a single-page app) and the
//! simulator (http://127.0.0.1:4010, attachments on :4011) are different origins, exactly as a
//! customer's site and Zendesk are. The page server also plays the site's backend for sign-in
//! ([`demo_backend`]): the code is exchanged server to server, as the simulator's token
//! endpoint (like Zendesk's, as far as its CORS guide says) doesn't answer pages.

use std::net::SocketAddr;

use crate::util::{root, step, Result};
use crate::{demo_backend, dist, serve};

const PAGE_PORT: u16 = 8080;

/// The seeded end users a presenter signs in as, and what each shows (the demo pages list
/// the same).
const SEEDED_USERS: [(&str, &str); 4] = [
    (
        "Ada Lovelace",
        "verified email: about 40 requests, conversations with attachments",
    ),
    (
        "Grace Hopper",
        "unverified email: Zendesk refuses to list her requests",
    ),
    ("Bulk Buyer", "2,000 requests: paging through a long list"),
    (
        "Charles Babbage",
        "a few requests, two of them with Ada copied in",
    ),
];

/// Builds `dist/`, starts the simulator and the page server, and runs until Ctrl-C.
pub fn demo() -> Result {
    dist::dist()?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        step("starting the Zendesk simulator and the sample host page");
        let sim = zendesk_sim::start(zendesk_sim::SimConfig {
            api_port: 4010,
            content_port: 4011,
            // The control API lets a presenter add agent replies (see docs/simulator.md).
            control: true,
            log: true,
            ..Default::default()
        })
        .await?;
        let site = serve::Site {
            mounts: vec![("/", root().join("dist"))],
            replacements: vec![],
            backend: Some(demo_backend::router(
                &format!("http://localhost:{PAGE_PORT}"),
                &sim.api_url,
            )),
            compressed: true,
        };
        let page = serve::start(site, SocketAddr::from(([127, 0, 0, 1], PAGE_PORT))).await?;
        let site = format!("http://localhost:{}", page.port());
        println!(
            "\n  Shop page          {site}/\n  Help Center page   {site}/help-center.html\n  \
             Single-page app    {site}/spa.html\n  Zendesk simulator  {} (attachments on {})\n",
            sim.api_url, sim.content_url
        );
        println!("  \"Sign in\" on the pages goes through the simulator's OAuth page as one of:");
        for (name, shows) in SEEDED_USERS {
            println!("    {name:<16} {shows}");
        }
        println!("  Anonymous \"Contact support\" needs no sign-in.\n\n  Ctrl-C to stop.");
        tokio::signal::ctrl_c().await?;
        sim.shutdown().await;
        Ok(())
    })
}
