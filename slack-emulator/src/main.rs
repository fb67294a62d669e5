//! `cargo run -p slack-emulator -- [--port N] [--seed FILE] [--state FILE]`: a local Slack
//! Web API for any language. It prints its base URL and the workspace's tokens, and serves
//! until interrupted.

use std::net::SocketAddr;
use std::process::ExitCode;

const HELP: &str = "\
slack-emulator: a local Slack Web API, served from slack-api's spec

usage: slack-emulator [--port N] [--seed FILE] [--state FILE] [--no-rate-limits]

  --port N          listen on 127.0.0.1:N (default: a free port)
  --seed FILE       start from the workspace FILE describes (YAML: a team, users,
                    channels, messages; see slack-emulator/examples/workspace.yaml)
  --state FILE      load the workspace from FILE if it exists (then it wins over --seed),
                    and save it there on Ctrl-C (atomically: written beside it, renamed)
  --no-rate-limits  never answer 429 ratelimited (default: Slack's limits per method's
                    tier, chat.postMessage 1 per second per channel)
  -h, --help        this text

It prints the base URL (http://127.0.0.1:N/api/) and the tokens of its workspace (a bot
token, a user token for its first person and an app-level token, each with every scope the
spec asks of its type), then serves until Ctrl-C. Without --seed or --state the workspace
is the default one: alice, emulator-bot, #general and #random.";

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            say(HELP);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    let workspace = match workspace(&options) {
        Ok(workspace) => workspace,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let Options {
        port,
        state,
        rate_limits,
        ..
    } = options;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let emulator = match slack_emulator::Emulator::start_with(addr, workspace).await {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !rate_limits {
        emulator.set_rate_limits(slack_emulator::RateLimits::off());
    }
    let tokens = emulator.tokens();
    say(&format!(
        "base_url: {}\nbot_token: {}\nuser_token: {}\napp_token: {}",
        emulator.base_url(),
        tokens.bot,
        tokens.user,
        tokens.app
    ));
    // Where the app's events go (the seed's `app:`, or `POST /_emulator/app`).
    let app = emulator.app();
    let url = app
        .request_url
        .as_deref()
        .unwrap_or("none (set one: POST /_emulator/app)");
    let socket = if app.socket_mode {
        "over Socket Mode while a connection is open, else "
    } else {
        ""
    };
    say(&format!("events: {socket}to the Request URL: {url}"));
    let _ = tokio::signal::ctrl_c().await;
    if let Some(path) = state {
        if let Err(e) = emulator.save(&path) {
            eprintln!("error: cannot save {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// The workspace to serve: the state file if it exists, else the seed, else the default.
fn workspace(options: &Options) -> Result<slack_emulator::Workspace, String> {
    if let Some(path) = options.state.as_deref().filter(|p| p.exists()) {
        return slack_emulator::Workspace::load(path)
            .map_err(|e| format!("cannot load {}: {e}", path.display()));
    }
    match options.seed.as_deref() {
        Some(path) => slack_emulator::Workspace::from_seed_file(path)
            .map_err(|e| format!("bad seed {}: {e}", path.display())),
        None => Ok(slack_emulator::Workspace::seeded()),
    }
}

/// Prints a line to stdout; a closed stdout (`| head`) is no reason to fail.
fn say(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}").and_then(|()| out.flush());
}

/// The command line.
struct Options {
    /// 0 for a free port.
    port: u16,
    state: Option<std::path::PathBuf>,
    seed: Option<std::path::PathBuf>,
    rate_limits: bool,
}

/// The options, or `None` for `--help`.
fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        port: 0,
        state: None,
        seed: None,
        rate_limits: true,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => {
                let value = args.next().ok_or("--port needs a number")?;
                options.port = value
                    .parse()
                    .map_err(|_| format!("--port: not a port: {value}"))?;
            }
            "--state" => options.state = Some(args.next().ok_or("--state needs a file")?.into()),
            "--seed" => options.seed = Some(args.next().ok_or("--seed needs a file")?.into()),
            "--no-rate-limits" => options.rate_limits = false,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(options))
}
