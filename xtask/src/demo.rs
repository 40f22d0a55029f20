//! `cargo xtask demo`: the widget on a sample host page, against the local Zendesk.
//!
//! The page (http://localhost:8080) and the simulator (http://127.0.0.1:4010, attachments on
//! :4011) are different origins, exactly as a customer's site and Zendesk are.

use std::net::SocketAddr;

use crate::util::{root, step, Result};
use crate::{dist, serve};

const PAGE_PORT: u16 = 8080;

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
        };
        let page = serve::start(site, SocketAddr::from(([127, 0, 0, 1], PAGE_PORT))).await?;
        println!(
            "\n  Sample host page   http://localhost:{}/\n  Zendesk simulator  {} (attachments on {})\n",
            page.port(),
            sim.api_url,
            sim.content_url
        );
        println!("  Sign in as (access tokens for `getAccessToken`, or the simulator's OAuth page):");
        println!("    Ada Lovelace     ada-token       verified, ~40 requests");
        println!("    Grace Hopper     grace-token     unverified email (listing is refused)");
        println!("    Bulk Buyer       bulk-token      2,000 requests");
        println!("  Anonymous \"Contact support\" needs no sign-in.\n\n  Ctrl-C to stop.");
        tokio::signal::ctrl_c().await?;
        sim.shutdown().await;
        Ok(())
    })
}
