//! E-mail over SMTP (the adapter around lettre): invitations are mailed when `KYC_SMTP_URL` is
//! set. A send has a short deadline (`KYC_SMTP_TIMEOUT_SECONDS`), so a slow or unreachable mail
//! server delays an answer by that much at most and never loses what was being mailed: the
//! caller still has the link and is told the mail did not go. A failure is logged by its kind
//! and SMTP status only, never with the message, its link or its recipient.
//!
//! **Transport security.** `smtps://` is TLS from the first byte; `smtp://…?tls=required` must
//! upgrade with STARTTLS; a plain `smtp://` sends in the clear. In production a plain `smtp://`
//! is refused at startup unless it goes to a loopback relay or `KYC_SMTP_ALLOW_PLAINTEXT=true`
//! says the network is trusted: an invitation link lets whoever reads it set the password.

use crate::config::{Config, SmtpSettings};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("KYC_SMTP_URL is invalid: {0}")]
    Url(String),
    #[error("KYC_SMTP_FROM is not a mailbox: {0}")]
    From(String),
    #[error("KYC_SMTP_URL sends in the clear to {0}; use smtps:// or ?tls=required, a loopback relay, or KYC_SMTP_ALLOW_PLAINTEXT=true")]
    Plaintext(String),
}

/// Why a message was not sent; its `Display` names no address and no content.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the mail server did not answer within {0:?}")]
    Timeout(Duration),
    #[error("the recipient is not a mailbox")]
    Recipient,
    #[error("the SMTP exchange failed ({0})")]
    Smtp(String),
    #[error("mail could not be sent from this thread: {0}")]
    Runtime(String),
}

/// Sends mail, or does nothing when no mail server is configured.
#[derive(Clone, Default)]
pub struct Mailer {
    smtp: Option<Arc<Smtp>>,
}

struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    timeout: Duration,
}

/// A plain-text message to one recipient.
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

impl Mailer {
    /// The mailer `KYC_SMTP_*` describe; none when `KYC_SMTP_URL` is unset.
    pub fn from_config(config: &Config) -> Result<Mailer, MailerError> {
        let Some(settings) = &config.smtp else { return Ok(Mailer::default()) };
        check_transport_security(settings, config.is_production())?;
        let from: Mailbox = settings.from.parse().map_err(|error: lettre::address::AddressError| MailerError::From(error.to_string()))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(settings.url.expose())
            .map_err(|error| MailerError::Url(kind_of(&error)))?
            .timeout(Some(settings.timeout))
            .build();
        Ok(Mailer { smtp: Some(Arc::new(Smtp { transport, from, timeout: settings.timeout })) })
    }

    pub fn is_configured(&self) -> bool {
        self.smtp.is_some()
    }

    /// Sends the message within the deadline. `Ok(false)`: no mail server is configured.
    pub async fn send(&self, mail: Mail) -> Result<bool, SendError> {
        let Some(smtp) = &self.smtp else { return Ok(false) };
        let to: Mailbox = mail.to.parse().map_err(|_| SendError::Recipient)?;
        let message = Message::builder()
            .from(smtp.from.clone())
            .to(to)
            .subject(mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body)
            .map_err(|_| SendError::Recipient)?;
        match tokio::time::timeout(smtp.timeout, smtp.transport.send(message)).await {
            Err(_) => Err(SendError::Timeout(smtp.timeout)),
            Ok(Err(error)) if error.is_timeout() => Err(SendError::Timeout(smtp.timeout)),
            Ok(Err(error)) => Err(SendError::Smtp(kind_of(&error))),
            Ok(Ok(_)) => Ok(true),
        }
    }

    /// [`Mailer::send`] for the command line, which runs outside an async runtime.
    pub fn send_blocking(&self, mail: Mail) -> Result<bool, SendError> {
        if !self.is_configured() {
            return Ok(false);
        }
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(SendError::Runtime("already inside an async runtime".to_owned()));
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| SendError::Runtime(error.to_string()))?;
        runtime.block_on(self.send(mail))
    }
}

/// What went wrong, without the server's text (it may quote the recipient).
fn kind_of(error: &lettre::transport::smtp::Error) -> String {
    let kind = if error.is_permanent() {
        "permanent refusal"
    } else if error.is_transient() {
        "transient refusal"
    } else if error.is_client() {
        "client error"
    } else if error.is_response() {
        "unexpected response"
    } else if error.is_tls() {
        "TLS error"
    } else if error.is_timeout() {
        "timeout"
    } else {
        "connection error"
    };
    match error.status() {
        Some(code) => format!("{kind}, SMTP status {code}"),
        None => kind.to_owned(),
    }
}

/// Production refuses a plain `smtp://` to another host than this one, unless allowed.
fn check_transport_security(settings: &SmtpSettings, production: bool) -> Result<(), MailerError> {
    let url = url::Url::parse(settings.url.expose()).map_err(|error| MailerError::Url(error.to_string()))?;
    let host = url.host_str().ok_or_else(|| MailerError::Url("no host".to_owned()))?.to_owned();
    let encrypted = match url.scheme() {
        "smtps" => true,
        "smtp" => url.query_pairs().any(|(name, value)| name == "tls" && value == "required"),
        other => return Err(MailerError::Url(format!("unknown scheme {other:?}; use smtp:// or smtps://"))),
    };
    let loopback = host == "localhost"
        || host.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if production && !encrypted && !loopback && !settings.allow_plaintext {
        return Err(MailerError::Plaintext(host));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SmtpUrl;

    fn settings(url: &str, allow_plaintext: bool) -> SmtpSettings {
        SmtpSettings {
            url: SmtpUrl::new(url.to_owned()),
            from: "KYC <kyc@example.org>".to_owned(),
            allow_plaintext,
            timeout: Duration::from_secs(5),
        }
    }

    #[test]
    fn production_refuses_plain_smtp_to_another_host_unless_allowed() {
        assert!(matches!(check_transport_security(&settings("smtp://mail.example.org:25", false), true), Err(MailerError::Plaintext(_))));
        assert!(check_transport_security(&settings("smtp://mail.example.org:25", true), true).is_ok());
        assert!(check_transport_security(&settings("smtp://mail.example.org:25", false), false).is_ok(), "development");
    }

    #[test]
    fn production_takes_tls_or_a_loopback_relay() {
        for url in [
            "smtps://user:pass@mail.example.org",
            "smtp://mail.example.org:587?tls=required",
            "smtp://127.0.0.1:2525",
            "smtp://localhost:25",
            "smtp://[::1]:25",
        ] {
            assert!(check_transport_security(&settings(url, false), true).is_ok(), "{url}");
        }
    }

    #[test]
    fn an_unknown_scheme_is_refused_without_repeating_the_credentials() {
        let error = check_transport_security(&settings("http://user:s3cret@mail.example.org", false), false).err().expect("refused");
        assert!(!error.to_string().contains("s3cret"), "{error}");
    }
}
