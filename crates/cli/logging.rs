//! The tracing subscriber: pretty or JSON, to stderr or a log file written whole.

use crate::Failure;
use crate::args::LogFormat;
use anyhow::Context;
use detente_data::output::AtomicFile;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tracing_subscriber::EnvFilter;

/// A log file being written; [`LogFile::finish`] moves it into place.
pub struct LogFile {
    sink: Arc<Mutex<Sink>>,
}

/// Where log lines go: the file being written and the first error writing it. After an
/// error (a full disk) every later line is dropped, so the failure is reported once, at
/// the end, instead of once per event.
struct Sink {
    file: Option<AtomicFile>,
    error: Option<std::io::Error>,
}

impl LogFile {
    /// Put the finished log at its path, or say why it could not be written.
    pub fn finish(self) -> Result<(), Failure> {
        let mut sink = self.sink.lock().unwrap_or_else(|e| e.into_inner());
        let Some(file) = sink.file.take() else {
            return Ok(());
        };
        if let Some(e) = sink.error.take() {
            return Err(Failure::Internal(anyhow::anyhow!(
                "cannot write the log file {}: {e}",
                file.path().display()
            )));
        }
        file.commit().map_err(crate::output::failure)
    }
}

/// Install the global subscriber. Without RUST_LOG, logs are on at info level when the
/// user asked for them (a format or a file), and warnings only otherwise, since the
/// transcript on stdout already says what happened.
pub fn install(format: Option<LogFormat>, file: Option<&Path>) -> Result<Option<LogFile>, Failure> {
    let default = if format.is_some() || file.is_some() {
        "info"
    } else {
        "warn"
    };
    let filter = match std::env::var("RUST_LOG") {
        Ok(s) if !s.trim().is_empty() => EnvFilter::try_new(&s)
            .with_context(|| format!("RUST_LOG = {s:?} is not a valid filter"))
            .map_err(Failure::BadInput)?,
        _ => EnvFilter::new(default),
    };
    let log_file = match file {
        Some(path) => {
            let file = detente_data::output::begin(path).map_err(crate::output::failure)?;
            Some(LogFile {
                sink: Arc::new(Mutex::new(Sink {
                    file: Some(file),
                    error: None,
                })),
            })
        }
        None => None,
    };
    let json = matches!(format, Some(LogFormat::Json));
    let writer = match &log_file {
        Some(f) => {
            tracing_subscriber::fmt::writer::BoxMakeWriter::new(SharedWriter(Arc::clone(&f.sink)))
        }
        // JSON lines on stderr: the same JSON, with the controls serde_json leaves raw
        // (C1, DEL, bidirectional overrides) written as escapes. A log file keeps them.
        None if json => tracing_subscriber::fmt::writer::BoxMakeWriter::new(|| JsonStderr),
        None => tracing_subscriber::fmt::writer::BoxMakeWriter::new(std::io::stderr),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        // A failed write is kept by the sink and reported once; not one line per event.
        .log_internal_errors(false);
    let result = match format.unwrap_or(LogFormat::Pretty) {
        // On stderr, field values (scenario names, titles, narratives) are escaped as the
        // transcript is; a log file keeps the exact text.
        LogFormat::Pretty if file.is_none() => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .fmt_fields(escaped_fields())
            .try_init(),
        LogFormat::Pretty => builder.with_ansi(false).try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(true)
            .try_init(),
    };
    result.map_err(|e| {
        Failure::Internal(anyhow::anyhow!("cannot install the log subscriber: {e}"))
    })?;
    Ok(log_file)
}

/// Fields as the default formatter writes them (`name=value`, the message bare), with
/// control characters in the values escaped.
fn escaped_fields() -> impl for<'w> tracing_subscriber::fmt::FormatFields<'w> + Send + Sync + 'static
{
    use tracing_subscriber::field::MakeExt;
    tracing_subscriber::fmt::format::debug_fn(|w, field, value| {
        let text = format!("{value:?}");
        let text = detente_config::text::shown(&text);
        if field.name() == "message" {
            write!(w, "{text}")
        } else {
            write!(w, "{field}={text}")
        }
    })
    .delimited(" ")
}

/// stderr for JSON log lines, made safe for a terminal by [`detente_config::text::shown_json`].
/// The subscriber writes each event whole in one call, so no character is split between
/// two writes.
struct JsonStderr;

impl Write for JsonStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let _ = std::io::stderr().write_all(detente_config::text::shown_json(&text).as_bytes());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// The log file shared between the subscriber and [`LogFile::finish`].
struct SharedWriter(Arc<Mutex<Sink>>);

/// One event's writer: holds the lock while the event is written.
struct Guard<'a>(std::sync::MutexGuard<'a, Sink>);

impl Write for Guard<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let sink = &mut *self.0;
        if sink.error.is_none()
            && let Some(f) = sink.file.as_mut()
            && let Err(e) = f.write_all(buf)
        {
            sink.error = Some(e);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for SharedWriter {
    type Writer = Guard<'a>;
    fn make_writer(&'a self) -> Self::Writer {
        // A poisoned lock only means another thread panicked mid-event; keep logging.
        Guard(self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}
