//! `cargo xtask screenshots`: the pictures in `docs/screenshots/` (contact form, suggestions,
//! sent, my tickets, conversation, dark, right-to-left, phone), taken by
//! `tests/e2e/screenshots.mjs` in headless Chromium from a fresh `dist/` on the demo page, so
//! the README shows the widget as it is. Run it again whenever the UI changes.

use std::net::SocketAddr;

use crate::util::{command, root, run, step, Result};
use crate::{dist, serve, test};

/// Builds `dist/`, starts the simulator and the pages, and writes `docs/screenshots/*.png`.
pub fn screenshots() -> Result {
    dist::dist()?;
    let runtime = tokio::runtime::Runtime::new()?;
    let page_port = crate::util::free_port()?;
    let sim = runtime.block_on(zendesk_sim::start(zendesk_sim::SimConfig {
        control: true,
        ..Default::default()
    }))?;
    let outcome = (|| -> Result {
        let site = test::pages_site(&sim, page_port);
        let page = runtime.block_on(serve::start(
            site,
            SocketAddr::from(([127, 0, 0, 1], page_port)),
        ))?;
        step("taking the screenshots (tests/e2e/screenshots.mjs)");
        run(command("node")
            .arg("tests/e2e/screenshots.mjs")
            .env("SW_PAGE_URL", format!("http://localhost:{}", page.port()))
            .env("SW_SIM_URL", &sim.api_url)
            .env("SW_SIM_CONTENT_URL", &sim.content_url)
            .env("SW_ARTIFACTS", root().join("artifacts/e2e"))
            .env("SW_SCREENSHOTS", root().join("docs/screenshots")))
    })();
    runtime.block_on(sim.shutdown());
    outcome
}
