//! The one rule for output files: what a target may be, and how it is written whole.
//!
//! Every file detente writes (`--json`, `--log-file`, `report -o`, `generate --out`,
//! `merge --out`, summaries, sidecars) goes through [`begin`] and [`AtomicFile::commit`]:
//!
//! - The target must be a new path in an existing directory or an existing regular file
//!   that may be written (a file without any write permission bit is refused, even for
//!   root). A directory, device, FIFO or socket is refused. A symbolic link is followed: the
//!   file it points to is replaced and the link is kept; a link to nothing is refused.
//! - The check, and the creation of the temporary file, happen in [`begin`], before any
//!   work, so a bad path is bad input (exit 2) and costs nothing.
//! - Content goes to a temporary file beside the target, `.NAME.PID.XXXXXX.detente-tmp`, and
//!   is renamed over the target only when complete: an interrupted write leaves the old
//!   file, or nothing. A replaced file keeps its permissions; a new one is 0644.
//! - A temporary file left by a killed process is removed by the next [`begin`] of the same
//!   target once that process is gone.

use std::fs::{File, Metadata};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The end of every temporary file's name.
pub const TEMP_SUFFIX: &str = ".detente-tmp";

/// Why an output file cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target breaks the rule, or its directory cannot take a file: bad input.
    #[error("{path}: {why}")]
    Refused {
        /// The path as the user gave it.
        path: String,
        /// What is wrong and what is allowed.
        why: String,
    },
    /// Writing failed after the check (a full disk, say).
    #[error("cannot write {path}: {error}")]
    Io {
        /// The path as the user gave it.
        path: String,
        /// The system's error (said in the message, not chained, so it is said once).
        error: io::Error,
    },
}

impl OutputError {
    /// Whether the user can fix it by choosing another path (exit status 2).
    pub fn is_bad_input(&self) -> bool {
        matches!(self, OutputError::Refused { .. })
    }
}

fn refused(path: &Path, why: impl Into<String>) -> OutputError {
    OutputError::Refused {
        path: path.display().to_string(),
        why: why.into(),
    }
}

/// The directory a file path is in (`.` for a bare name).
pub fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// What a path that exists is, in words, for a refusal.
pub(crate) fn kind_of(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Apply the rule to `path`: the file to write (a link's target) and, if it exists, its
/// metadata.
pub fn check(path: &Path) -> Result<(PathBuf, Option<Metadata>), OutputError> {
    let allowed = "an output must be a new file or an existing regular file";
    if path.as_os_str().is_empty() {
        return Err(refused(path, "an empty path; give a file path"));
    }
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|_| {
            refused(
                path,
                "is a symbolic link to nothing; give a file path, or make the link's target",
            )
        })?,
        Ok(_) => path.to_path_buf(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(refused(path, format!("cannot look at it: {e}"))),
    };
    let meta = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(refused(path, format!("cannot look at it: {e}"))),
    };
    if let Some(m) = &meta {
        if !m.is_file() {
            return Err(refused(path, format!("is {}; {allowed}", kind_of(m))));
        }
        if m.permissions().readonly() {
            return Err(refused(
                path,
                "is read-only; detente does not replace a file without write permission",
            ));
        }
    }
    let dir = parent_of(&target);
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(refused(
                path,
                format!("{} is not a directory", dir.display()),
            ));
        }
        Err(_) => {
            return Err(refused(
                path,
                format!("the directory {} does not exist", dir.display()),
            ));
        }
    }
    Ok((target, meta))
}

/// A file being written; nothing is at the target until [`AtomicFile::commit`].
pub struct AtomicFile {
    temp: Option<tempfile::NamedTempFile>,
    writer: Option<BufWriter<File>>,
    target: PathBuf,
    shown: PathBuf,
}

/// Check `path` by the rule, remove this target's leftover temporary files, and open the
/// temporary file the content goes to. Every failure here is [`OutputError::Refused`].
pub fn begin(path: &Path) -> Result<AtomicFile, OutputError> {
    let (target, meta) = check(path)?;
    let dir = parent_of(&target).to_path_buf();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| refused(path, "names no file; give a file path"))?;
    remove_leftovers(&dir, &name);
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{name}.{}.", std::process::id());
    builder.prefix(&prefix).suffix(TEMP_SUFFIX).rand_bytes(6);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta
            .as_ref()
            .map_or(0o644, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = &meta;
    let temp = builder.tempfile_in(&dir).map_err(|e| {
        refused(
            path,
            format!("cannot create a file in {}: {e}", dir.display()),
        )
    })?;
    let file = temp.as_file().try_clone().map_err(|e| {
        refused(
            path,
            format!("cannot open a file in {}: {e}", dir.display()),
        )
    })?;
    Ok(AtomicFile {
        temp: Some(temp),
        writer: Some(BufWriter::with_capacity(1 << 16, file)),
        target,
        shown: path.to_path_buf(),
    })
}

impl AtomicFile {
    /// The path as the user gave it.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    fn io(&self, error: io::Error) -> OutputError {
        OutputError::Io {
            path: self.shown.display().to_string(),
            error,
        }
    }

    /// A writer of what follows straight to the device where it can (see
    /// [`crate::direct`]), for large files; flush it before [`AtomicFile::commit`].
    pub fn direct(&mut self) -> io::Result<crate::direct::Direct<'_>> {
        use std::io::Seek;
        let (Some(w), Some(temp)) = (self.writer.as_mut(), self.temp.as_ref()) else {
            return Err(io::Error::other("the file is already committed"));
        };
        w.flush()?;
        let start = w.get_mut().stream_position()?;
        Ok(crate::direct::Direct::new(w.get_ref(), temp.path(), start))
    }

    /// Flush, sync and rename into place.
    pub fn commit(mut self) -> Result<(), OutputError> {
        if let Some(mut w) = self.writer.take() {
            w.flush().map_err(|e| self.io(e))?;
            w.get_ref().sync_all().map_err(|e| self.io(e))?;
        }
        if let Some(temp) = self.temp.take() {
            temp.persist(&self.target).map_err(|e| self.io(e.error))?;
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.writer {
            Some(w) => w.write(buf),
            None => Err(io::Error::other("the file is already committed")),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.writer {
            Some(w) => w.write_all(buf),
            None => Err(io::Error::other("the file is already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.writer {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

/// Write a whole file or nothing, by the rule.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), OutputError> {
    let mut file = begin(path)?;
    file.write_all(contents).map_err(|e| file.io(e))?;
    file.commit()
}

/// Remove temporary files of `name` in `dir` whose process is gone.
fn remove_leftovers(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        let Some(rest) = file
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        // `PID.XXXXXX`: a name of another target that merely starts the same way has no
        // number here.
        let Some(pid) = rest
            .split_once('.')
            .and_then(|(p, _)| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid, &entry) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether the process that made a temporary file may still be writing it.
#[cfg(target_os = "linux")]
fn process_alive(pid: u32, _entry: &std::fs::DirEntry) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Without /proc: a temporary file untouched for a day is taken as abandoned.
#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32, entry: &std::fs::DirEntry) -> bool {
    let age = entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    age.is_none_or(|a| a < std::time::Duration::from_secs(24 * 3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temps(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(TEMP_SUFFIX))
            .collect()
    }

    #[test]
    fn a_file_appears_whole_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();
        let mut f = begin(&path).unwrap();
        f.write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(temps(dir.path()).len(), 1);
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert!(temps(dir.path()).is_empty());
    }

    #[test]
    fn an_abandoned_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        let mut f = begin(&path).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert!(!path.exists());
        assert!(temps(dir.path()).is_empty());
    }

    #[test]
    fn leftovers_of_dead_processes_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        // No process has pid 4294967295; ours is alive; another target is not ours to touch.
        let dead = format!(".out.json.4294967295.abcdef{TEMP_SUFFIX}");
        let alive = format!(".out.json.{}.abcdef{TEMP_SUFFIX}", std::process::id());
        let other = format!(".out.json.x.4294967295.abcdef{TEMP_SUFFIX}");
        for n in [&dead, &alive, &other] {
            std::fs::write(dir.path().join(n), "x").unwrap();
        }
        write_atomic(&dir.path().join("out.json"), b"{}").unwrap();
        let mut left = temps(dir.path());
        left.sort();
        let mut expected = vec![alive, other];
        expected.sort();
        assert_eq!(left, expected);
    }

    #[test]
    fn non_regular_targets_are_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let e = begin(dir.path()).err().unwrap();
        assert!(
            e.is_bad_input() && e.to_string().contains("is a directory"),
            "{e}"
        );
        let e = begin(Path::new("/dev/null")).err().unwrap();
        assert!(e.to_string().contains("is a device"), "{e}");
        let e = begin(&dir.path().join("no/such/dir/x.json")).err().unwrap();
        assert!(e.to_string().contains("does not exist"), "{e}");
        let ro = dir.path().join("ro.json");
        std::fs::write(&ro, "keep").unwrap();
        let mut perms = std::fs::metadata(&ro).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&ro, perms).unwrap();
        let e = write_atomic(&ro, b"x").err().unwrap();
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(std::fs::read_to_string(&ro).unwrap(), "keep");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_written_through_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink(dir.path().join("nothing"), &dangling).unwrap();
        let e = begin(&dangling).err().unwrap();
        assert!(e.to_string().contains("link to nothing"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomic(&path, b"a").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&path, b"b").unwrap();
        assert_eq!(mode(&path), 0o600);
    }
}
