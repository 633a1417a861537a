//! `fritid`: the command-line entry point. See `fritid --help`.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use fritid_server::Config;
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(
    name = "fritid",
    version,
    about = "Fritid: Drammen's registry of leisure activities, organisations and volunteer opportunities"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply pending migrations, load reference data on first start, and serve HTTP.
    Serve(Config),
    /// Apply pending migrations and exit.
    Migrate(Config),
    /// Print the OpenAPI document.
    Openapi,
    /// Municipality administration.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Load data: a small realistic Drammen (--demo) or N generated activities for
    /// benchmarks (--synthetic N).
    Seed {
        /// Organisations and activities across all ten kommunedeler (loaded once).
        #[arg(long, conflicts_with = "synthetic", required_unless_present = "synthetic")]
        demo: bool,
        /// N published activities spread over districts, categories, ages and weekdays.
        #[arg(long, value_name = "N")]
        synthetic: Option<usize>,
        #[command(flatten)]
        config: Config,
    },
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create an admin, or promote an existing user to admin. The password is read from
    /// standard input (one line).
    Create {
        #[arg(long)]
        email: String,
        /// Display name for a new account.
        #[arg(long, default_value = "Administrator")]
        name: String,
        #[command(flatten)]
        config: Config,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        let mut out = std::io::stdout().lock();
        return match out.write_all(fritid_http::openapi_json().as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::FAILURE,
        };
    }

    init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("fritid: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve(config) => serve(config).await,
            Command::Migrate(config) => {
                let store = fritid_server::connect(&config).await?;
                store.migrate().await?;
                tracing::info!("migrations applied");
                store.close().await?;
                Ok(())
            }
            Command::Admin(AdminCommand::Create { email, name, config }) => {
                admin_create(&config, &email, &name).await
            }
            Command::Seed { demo, synthetic, config } => {
                let store = fritid_server::connect(&config).await?;
                store.migrate().await?;
                let started = std::time::Instant::now();
                let n = match (demo, synthetic) {
                    (true, _) => fritid_server::seed::demo_data(&store).await?,
                    (false, Some(n)) => fritid_server::seed::synthetic(&store, n).await?,
                    (false, None) => 0,
                };
                store.close().await?;
                tracing::info!(
                    activities = n,
                    seconds = started.elapsed().as_secs_f64(),
                    "seeding done"
                );
                Ok(())
            }
            Command::Openapi => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "fritid stopped with an error");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let running = fritid_server::start(&config, true).await?;
    tracing::info!(
        address = %running.addr,
        database = %config.redacted_database_url(),
        "serving; docs at /docs"
    );
    // Returns after SIGTERM/SIGINT once in-flight requests have finished.
    running.server.await?;
    // A pass of the scheduled jobs in hand finishes; the next node or start does the rest.
    if tokio::time::timeout(std::time::Duration::from_secs(60), running.jobs.stop()).await.is_err()
    {
        tracing::warn!("mail: the scheduled jobs did not stop in time");
    }
    // The message in hand is delivered and recorded; the rest wait in the outbox.
    if tokio::time::timeout(std::time::Duration::from_secs(90), running.mail.stop()).await.is_err()
    {
        tracing::warn!("mail: the worker did not stop in time; its messages will be retried");
    }
    running.store.close().await?;
    tracing::info!("stopped");
    Ok(())
}

async fn admin_create(config: &Config, email: &str, name: &str) -> anyhow::Result<()> {
    use fritid_domain::account::{Email, Password, parse_person_name};
    let email =
        Email::parse("email", email).map_err(|e| anyhow::anyhow!("--email {}", e.message))?;
    let name =
        parse_person_name("name", name).map_err(|e| anyhow::anyhow!("--name {}", e.message))?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']);
    let password = Password::parse("password", password)
        .map_err(|e| anyhow::anyhow!("password {}", e.message))?;
    let store = fritid_server::connect(config).await?;
    store.migrate().await?;
    let hash = fritid_app::auth::hash_password_blocking(password.expose())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let created = store.upsert_admin(&email, &name, &hash).await?;
    store.close().await?;
    if created {
        tracing::info!(email = %fritid_domain::mail::mask(email.as_str()), "admin created");
    } else {
        tracing::info!(email = %fritid_domain::mail::mask(email.as_str()), "existing user promoted to admin; password replaced");
    }
    Ok(())
}

/// `RUST_LOG` filters (default `info`); `FRITID_LOG_FORMAT=json` writes one JSON object per
/// line for log collectors.
fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("FRITID_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    if json {
        builder.json().flatten_event(true).init();
    } else {
        builder.init();
    }
}
