//! The `zendesk-sim` binary: parses flags, starts the simulator, prints the URLs and the
//! seeded identities, and runs until Ctrl-C.

use std::process::ExitCode;
use zendesk_sim::config::{parse_args, Cli, USAGE};
use zendesk_sim::routes::oauth::CLIENT_ID;
use zendesk_sim::seed::{AGENTS, API_TOKEN, END_USERS};

#[tokio::main]
async fn main() -> ExitCode {
    let cfg = match parse_args(std::env::args().skip(1)) {
        Ok(Cli::Run(c)) => *c,
        Ok(Cli::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("zendesk-sim: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let control = cfg.control;
    let data = cfg.data.clone();
    let sim = match zendesk_sim::start(cfg).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("zendesk-sim: {e}");
            return ExitCode::from(1);
        }
    };
    println!("zendesk-sim: account acme");
    println!("  API origin      {}", sim.api_url);
    println!("  content origin  {}", sim.content_url);
    println!(
        "  control API     {}",
        if control {
            format!("{}/__sim/", sim.api_url)
        } else {
            "off (--control)".into()
        }
    );
    if let Some(d) = data {
        println!("  state file      {}", d.display());
    }
    println!("  end users (Authorization: Bearer TOKEN):");
    for (id, name, email, token) in END_USERS {
        let note = if id == 1002 { "  (unverified)" } else { "" };
        println!("    {id}  {name:<16} {email:<22} {token}{note}");
    }
    for (id, name, email) in AGENTS {
        println!("    {id}  {name:<16} {email:<22} (agent)");
    }
    println!(
        "  OAuth client    {CLIENT_ID} (PKCE S256) at {}/oauth/authorizations/new",
        sim.api_url
    );
    println!("  Help Center     {}/hc/signin", sim.api_url);
    println!("  API token       {{email}}/token:{API_TOKEN} (Basic; never usable from a browser)");
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("zendesk-sim: cannot listen for Ctrl-C; stopping");
    }
    sim.shutdown().await;
    ExitCode::SUCCESS
}
