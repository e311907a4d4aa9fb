//! One writer per results file: an exclusive advisory lock on `FILE.lock`, which names its
//! holder so that a second writer can say who has it.

use fs4::{FileExt, TryLockError};
use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Why the lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it: bad input (exit status 2).
    #[error("{path} is being written by another detente ({holder}); wait for it to finish")]
    Held {
        /// The file being written.
        path: String,
        /// Who holds it, as it wrote itself down.
        holder: String,
    },
    /// The lock file is not detente's to use, or cannot be made where it must be: bad
    /// input (exit status 2), fixed by removing what is there or choosing another path.
    #[error("{path}: {why}")]
    Refused {
        /// The lock file.
        path: String,
        /// What is wrong.
        why: String,
    },
    /// The lock could not be taken or written after the file was opened.
    #[error("cannot lock {path}: {error}")]
    Io {
        /// The file to be written.
        path: String,
        /// The system's error (said in the message, not chained, so it is said once).
        error: io::Error,
    },
}

/// The lock file of `target`.
pub fn lock_path(target: &Path) -> PathBuf {
    let mut p = target.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

/// A held lock, released (and its file removed) when dropped or when the process ends,
/// however it ends: the system drops an advisory lock with its holder.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

fn this_process() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    if host.is_empty() {
        format!("process {}", std::process::id())
    } else {
        format!("process {} on {host}", std::process::id())
    }
}

/// Open (or create) the lock file itself, never what a link there points to: a lock file is
/// detente's own, so a link, FIFO, device or directory in its place is refused rather than
/// followed, truncated or waited on.
fn open_lock_file(path: &Path) -> Result<File, LockError> {
    let refused = |why: String| LockError::Refused {
        path: path.display().to_string(),
        why,
    };
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.file_type().is_file() => {
            let what = if m.file_type().is_symlink() {
                "a symbolic link"
            } else {
                crate::output::kind_of(&m)
            };
            return Err(refused(format!(
                "is {what}; the lock file of a results file must be a regular file detente \
                 makes (remove it, or choose another results file)"
            )));
        }
        _ => {}
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A link made between the look above and this open is refused by the system.
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path).map_err(|e| {
        refused(format!(
            "cannot make the lock file in {}: {e}",
            crate::output::parent_of(path).display()
        ))
    })
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// Take the exclusive lock of `target` (a results file), without waiting.
pub fn lock(target: &Path) -> Result<Lock, LockError> {
    let path = lock_path(target);
    let io_err = |error| LockError::Io {
        path: target.display().to_string(),
        error,
    };
    // A holder removes the lock file as it lets go; a process that opened the old file
    // just before then finds it gone after locking it, and tries again on the new one.
    for _ in 0..16 {
        let mut file = open_lock_file(&path)?;
        match FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(LockError::Held {
                    path: target.display().to_string(),
                    holder: if holder.is_empty() {
                        "a process that has not said which".to_string()
                    } else {
                        holder.chars().take(200).collect()
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(io_err(e)),
        }
        if !same_file(&file, &path) {
            continue;
        }
        file.set_len(0).map_err(io_err)?;
        file.rewind().map_err(io_err)?;
        file.write_all(this_process().as_bytes())
            .and_then(|_| file.flush())
            .map_err(io_err)?;
        return Ok(Lock { file, path });
    }
    Err(io_err(io::Error::other(
        "the lock file kept changing under this process",
    )))
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so nobody takes a lock on a file about to vanish.
        let _ = std::fs::remove_file(&self.path);
        let _ = FileExt::unlock(&self.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_who_holds_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("s.csv");
        let held = lock(&target).unwrap();
        // flock locks belong to open files, so a second open in this process conflicts
        // just as another process would.
        let e = lock(&target).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains(&format!("process {}", std::process::id())),
            "{text}"
        );
        drop(held);
        assert!(!lock_path(&target).exists());
        let again = lock(&target).unwrap();
        drop(again);
    }

    #[test]
    fn a_lock_that_cannot_be_made_is_refused_saying_why_once() {
        let dir = tempfile::tempdir().unwrap();
        let e = lock(&dir.path().join("missing").join("s.csv")).unwrap_err();
        // Printed with its chain, as the binary prints errors: the cause once.
        let mut shown = e.to_string();
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            shown.push_str(&format!(": {c}"));
            cause = c.source();
        }
        assert!(shown.contains("cannot make the lock file in "), "{shown}");
        assert_eq!(shown.matches("No such file").count(), 1, "{shown}");
        assert!(matches!(e, LockError::Refused { .. }), "{e:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_place_of_the_lock_file_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("s.csv");
        let precious = dir.path().join("notes.txt");
        std::fs::write(&precious, "keep me").unwrap();
        std::os::unix::fs::symlink(&precious, lock_path(&target)).unwrap();
        let e = lock(&target).unwrap_err();
        assert!(matches!(e, LockError::Refused { .. }), "{e:?}");
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");
        let link = std::fs::symlink_metadata(lock_path(&target)).unwrap();
        assert!(link.file_type().is_symlink(), "the link is left as it was");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_directory_in_place_of_the_lock_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let fifo_target = dir.path().join("f.csv");
        let made = std::process::Command::new("mkfifo")
            .arg(lock_path(&fifo_target))
            .status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo works here");
        let dir_target = dir.path().join("d.csv");
        std::fs::create_dir(lock_path(&dir_target)).unwrap();
        for (target, what) in [(&fifo_target, "FIFO"), (&dir_target, "directory")] {
            let e = lock(target).unwrap_err();
            assert!(matches!(e, LockError::Refused { .. }), "{e:?}");
            assert!(e.to_string().contains(what), "{e}");
        }
    }
}
