//! The tracing subscriber: pretty or JSON, to stderr or a log file written whole.

use crate::args::LogFormat;
use anyhow::Context;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tracing_subscriber::EnvFilter;

/// A log file being written; [`LogFile::finish`] moves it into place.
pub struct LogFile {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
    /// Buffered: one write per event would cost more than the simulation itself.
    writer: Arc<Mutex<BufWriter<std::fs::File>>>,
}

impl LogFile {
    /// Put the finished log at its path.
    pub fn finish(self) -> anyhow::Result<()> {
        if let Ok(mut w) = self.writer.lock() {
            w.flush()
                .with_context(|| format!("cannot write the log file {}", self.path.display()))?;
        }
        self.temp
            .persist(&self.path)
            .with_context(|| format!("cannot write the log file {}", self.path.display()))?;
        Ok(())
    }
}

/// Install the global subscriber. Without RUST_LOG, logs are on at info level when the
/// user asked for them (a format or a file), and warnings only otherwise, since the
/// transcript on stdout already says what happened.
pub fn install(format: Option<LogFormat>, file: Option<&Path>) -> anyhow::Result<Option<LogFile>> {
    let default = if format.is_some() || file.is_some() {
        "info"
    } else {
        "warn"
    };
    let filter = match std::env::var("RUST_LOG") {
        Ok(s) if !s.trim().is_empty() => EnvFilter::try_new(&s)
            .with_context(|| format!("RUST_LOG = {s:?} is not a valid filter"))?,
        _ => EnvFilter::new(default),
    };
    let log_file = match file {
        Some(path) => {
            let temp = crate::output::temp_beside(path)?;
            let file = temp
                .as_file()
                .try_clone()
                .context("cannot open the log file")?;
            Some(LogFile {
                temp,
                path: path.to_path_buf(),
                writer: Arc::new(Mutex::new(BufWriter::new(file))),
            })
        }
        None => None,
    };
    let writer = match &log_file {
        Some(f) => {
            tracing_subscriber::fmt::writer::BoxMakeWriter::new(SharedWriter(Arc::clone(&f.writer)))
        }
        None => tracing_subscriber::fmt::writer::BoxMakeWriter::new(std::io::stderr),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    let result = match format.unwrap_or(LogFormat::Pretty) {
        LogFormat::Pretty => builder
            .with_ansi(file.is_none() && std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(true)
            .try_init(),
    };
    result.map_err(|e| anyhow::anyhow!("cannot install the log subscriber: {e}"))?;
    Ok(log_file)
}

/// A buffered file shared between the subscriber and [`LogFile::finish`], which flushes it.
struct SharedWriter(Arc<Mutex<BufWriter<std::fs::File>>>);

/// One event's writer: holds the lock while the event is written.
struct Guard<'a>(std::sync::MutexGuard<'a, BufWriter<std::fs::File>>);

impl Write for Guard<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for SharedWriter {
    type Writer = Guard<'a>;
    fn make_writer(&'a self) -> Self::Writer {
        // A poisoned lock only means another thread panicked mid-event; keep logging.
        Guard(self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}
