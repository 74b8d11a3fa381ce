//! `kyc-server`: the command line. Every command reads its configuration from the environment
//! (see `config.rs` and the README).

use clap::{Parser, Subcommand};
use kyc_server::config::Config;
use kyc_server::state::AppState;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "kyc-server", version, about = "KYC back-office API server")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API, its docs and the dashboard on KYC_BIND.
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Create the demo companies, users, API clients, lists and sessions (idempotent).
    Demo,
    /// Print an access token for a user, for scripts.
    Token {
        #[arg(long)]
        email: String,
    },
    /// Print the OpenAPI document as YAML.
    Openapi,
    /// Sanctions and PEP lists.
    Lists {
        #[command(subcommand)]
        command: ListsCommand,
    },
    /// Companies of this installation: create one with its first admin, list, offboard.
    Companies {
        #[command(subcommand)]
        command: CompaniesCommand,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Retention: the purge job.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// The keys photos are encrypted with.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Redact every session whose retention period has passed (counts and ids printed, no
    /// personal data); resumable, and a no-op when nothing is due.
    Run {
        /// Print what would be purged, change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Decide as of this day (YYYY-MM-DD) instead of today.
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Re-wrap every data key under a new master key (photos are not touched). The new key is
    /// read from KYC_NEW_MASTER_KEY, or generated and printed once; stop the servers first and
    /// restart them with it as KYC_MASTER_KEY.
    RotateMaster,
}

#[derive(Subcommand)]
enum ListsCommand {
    /// Import a new version of a list and re-screen sessions against what changed.
    Import {
        /// `ofac-csv` (sdn.csv, then optionally alt.csv and add.csv), `un-xml` or `ftm`.
        #[arg(long)]
        format: String,
        /// The list's name; defaults to the format's usual name.
        #[arg(long)]
        name: Option<String>,
        /// The version label; defaults to the import date.
        #[arg(long)]
        version: Option<String>,
        paths: Vec<std::path::PathBuf>,
    },
    /// Show the stored list versions.
    Show,
}

#[derive(Subcommand)]
enum CompaniesCommand {
    /// Create a company and invite its first admin; prints the one-time invitation link.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        admin_email: String,
    },
    /// List the companies.
    List,
    /// Delete a company's data keys, so that none of its photos can be read again
    /// (crypto-shredding), and deactivate its users and API clients.
    Offboard {
        #[arg(long)]
        id: kyc_domain::ids::CompanyId,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check every audit chain: no event edited, removed, moved or inserted, each head row at its
    /// newest event; with --checkpoint, also no chain rewritten or cut back below a checkpoint.
    Verify {
        /// A checkpoint file written by `audit checkpoint` (may be repeated).
        #[arg(long = "checkpoint")]
        checkpoints: Vec<std::path::PathBuf>,
        /// A trusted checkpoint public key, hex (may be repeated; also KYC_AUDIT_CHECKPOINT_PUBLIC_KEYS).
        #[arg(long = "public-key")]
        public_keys: Vec<String>,
    },
    /// Verify every chain and append a signed checkpoint of each head to FILE (signed with
    /// KYC_AUDIT_CHECKPOINT_KEY); keep FILE outside the database, on write-once storage.
    Checkpoint {
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Print a new checkpoint signing key and its public key.
    Keygen,
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Openapi = cli.command {
        print!("{}", kyc_server::api::openapi_yaml()?);
        return Ok(());
    }
    let config = Config::from_env()?;
    match cli.command {
        Command::Openapi => Ok(()),
        Command::Migrate => migrate(&config),
        Command::Serve => serve(config),
        Command::Demo => kyc_server::cases::demo::seed(&AppState::start(config)?),
        Command::Token { email } => {
            println!("{}", kyc_server::cases::admin::token_for(&AppState::start(config)?, &email)?.access_token);
            Ok(())
        }
        Command::Lists { command } => lists(config, command),
        Command::Retention { command: RetentionCommand::Run { dry_run, as_of } } => retention_run(config, dry_run, as_of),
        Command::Keys { command: KeysCommand::RotateMaster } => rotate_master(config),
        Command::Companies { command } => companies(config, command),
        Command::Audit { command } => audit(config, command),
    }
}

fn audit(config: Config, command: AuditCommand) -> anyhow::Result<()> {
    use kyc_server::cases::audit;
    match command {
        AuditCommand::Verify { checkpoints, public_keys } => {
            let mut trusted = audit::parse_public_keys(&public_keys.join(","))?;
            trusted.extend(audit::parse_public_keys(&std::env::var("KYC_AUDIT_CHECKPOINT_PUBLIC_KEYS").unwrap_or_default())?);
            let book = audit::read_checkpoints(&checkpoints, &trusted)?;
            let verification = audit::verify(&AppState::start(config)?, &book)?;
            audit::describe(&verification).iter().for_each(|line| println!("{line}"));
            println!(
                "audit chain intact: {} events verified on {} keyed chain(s) and the v1 chain",
                verification.events_verified(),
                verification.chains.len()
            );
        }
        AuditCommand::Checkpoint { out } => {
            let secret = std::env::var("KYC_AUDIT_CHECKPOINT_KEY")
                .map_err(|_| anyhow::anyhow!("KYC_AUDIT_CHECKPOINT_KEY (the checkpoint signing key, hex) is not set"))?;
            let signer = kyc_domain::audit::v2::CheckpointSigner::from_hex(&secret)
                .map_err(|error| anyhow::anyhow!("KYC_AUDIT_CHECKPOINT_KEY is invalid: {error}"))?;
            let kept = if out.exists() { vec![out.clone()] } else { Vec::new() };
            let book = audit::read_checkpoints(&kept, &[signer.public_key()])?;
            let lines = audit::checkpoint(&AppState::start(config)?, &signer, &book)?;
            append_checkpoints(&out, &lines)?;
            lines.iter().for_each(|line| println!("{line}"));
        }
        AuditCommand::Keygen => {
            let signer = kyc_domain::audit::v2::CheckpointSigner::generate(rand::random());
            println!("KYC_AUDIT_CHECKPOINT_KEY={}", signer.secret_hex().as_str());
            println!("KYC_AUDIT_CHECKPOINT_PUBLIC_KEYS={}", signer.public_key().to_hex());
        }
    }
    Ok(())
}

/// Appends checkpoint lines to the file, writing the format's header first when it is new.
fn append_checkpoints(path: &std::path::Path, lines: &[kyc_domain::audit::v2::SignedCheckpoint]) -> anyhow::Result<()> {
    use std::io::Write;
    let text = if path.exists() {
        lines.iter().map(|line| format!("{line}\n")).collect()
    } else {
        kyc_domain::audit::v2::write_checkpoint_file(lines)
    };
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

fn retention_run(config: Config, dry_run: bool, as_of: Option<chrono::NaiveDate>) -> anyhow::Result<()> {
    use kyc_server::cases::retention::{PurgeOptions, run_purge};
    let state = AppState::start(config)?;
    let options = PurgeOptions { as_of: as_of.unwrap_or_else(|| chrono::Utc::now().date_naive()), dry_run };
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} sessions [{elapsed}]") {
        bar.set_style(style);
    }
    let report = run_purge(&state, options, &|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    println!("{}{report}", if dry_run { "dry run, nothing changed: " } else { "" });
    Ok(())
}

fn rotate_master(config: Config) -> anyhow::Result<()> {
    use kyc_domain::envelope::MasterKey;
    let given = std::env::var("KYC_NEW_MASTER_KEY").ok().filter(|text| !text.trim().is_empty());
    let (new, generated) = match given {
        Some(text) => (MasterKey::from_base64(&text).map_err(|error| anyhow::anyhow!("KYC_NEW_MASTER_KEY: {error}"))?, false),
        None => (MasterKey::generate(&mut rand::rng()), true),
    };
    let printed = generated.then(|| new.to_base64());
    let fingerprint = new.fingerprint();
    let count = kyc_server::cases::keys::rotate_master(&AppState::start(config)?, new)?;
    println!("{count} data key(s) re-wrapped under master key {fingerprint}");
    if let Some(key) = printed {
        println!("new KYC_MASTER_KEY (shown once; store it before restarting the servers): {}", key.as_str());
    }
    Ok(())
}

fn migrate(config: &Config) -> anyhow::Result<()> {
    let db = kyc_server::db::Db::connect(&config.database_url, 1)?;
    let applied = db.migrate()?;
    println!("{} migration(s) applied", applied.len());
    Ok(())
}

fn serve(config: Config) -> anyhow::Result<()> {
    let bind = config.bind;
    let state = AppState::start(config)?;
    let listener = std::net::TcpListener::bind(bind)?;
    kyc_server::cases::retention::spawn_hourly_purge(state.clone());
    log::info!("serving on http://{bind} (API at /api/v1, docs at /docs)");
    actix_web::rt::System::new().block_on(async move { kyc_server::server(listener, state)?.await })?;
    Ok(())
}

fn lists(config: Config, command: ListsCommand) -> anyhow::Result<()> {
    let state = AppState::start(config)?;
    match command {
        ListsCommand::Import { format, name, version, paths } => {
            let report = kyc_server::cases::lists::import(&state, &format, name.as_deref(), version.as_deref(), &paths)?;
            println!("{report}");
        }
        ListsCommand::Show => {
            for list in kyc_server::cases::lists::stored(&state)? {
                println!("{list}");
            }
        }
    }
    Ok(())
}

fn companies(config: Config, command: CompaniesCommand) -> anyhow::Result<()> {
    let state = AppState::start(config)?;
    match command {
        CompaniesCommand::Create { name, admin_email } => {
            let created = kyc_server::cases::accounts::create_company(&state, &name, &admin_email)?;
            let invitation = &created.invitation;
            println!("Company {:?} created (id {}).", created.company.name, created.company.id);
            println!("Send this one-time link to {}; it works once, until {}:", invitation.member.user.email, invitation.expires_at.to_rfc3339());
            println!("{}", invitation.url);
            if invitation.emailed {
                println!("The link was also e-mailed to {}.", invitation.member.user.email);
            } else if state.mailer.is_configured() {
                println!("The e-mail could not be sent (see the log); pass the link on yourself.");
            }
        }
        CompaniesCommand::List => {
            for company in kyc_server::cases::accounts::list_companies(&state)? {
                println!("{}  {}  created {}", company.id, company.name, company.created_at.to_rfc3339());
            }
        }
        CompaniesCommand::Offboard { id } => println!("{}", kyc_server::cases::keys::offboard_company(&state, id)?),
    }
    Ok(())
}
