//! Reading files a user names (scenarios, designs, results): regular files only, up to a
//! size cap, without ever blocking on a FIFO or reading a device without end.
//!
//! The rule, documented in docs/scenario-format.md: a path must name a regular file (or a
//! symbolic link to one); FIFOs, sockets, devices and directories are refused before a
//! byte is read, and a file larger than the cap of its kind is refused from its size,
//! and again if it grows past the cap while being read.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Largest scenario file read (64 MiB): the biggest `detente generate` writes, 10,000
/// actors with 64 issues and 100 channels each, is about 48 MB.
pub const MAX_SCENARIO_BYTES: u64 = 64 << 20;
/// Largest design table read (64 MiB): a million configurations of a few keys.
pub const MAX_DESIGN_BYTES: u64 = 64 << 20;
/// Largest run result or sweep results file read (4 GiB): a run of 5,000 actors writes
/// about 530 MB of JSON.
pub const MAX_RESULTS_BYTES: u64 = 4 << 30;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The operating system's error (not found, permission denied, ...).
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The path names something that is not a regular file.
    #[error("it is {0}, not a regular file; only regular files are read")]
    NotRegular(&'static str),
    /// The file is larger than the cap.
    #[error("it is too large ({size} bytes or more); files of this kind are read up to {}", show_bytes(*.limit))]
    TooLarge {
        /// Its size, or as much as was read before the cap was passed.
        size: u64,
        /// The cap.
        limit: u64,
    },
    /// The file is not UTF-8 text.
    #[error("it is not UTF-8 text (byte 0x{byte:02x} at line {line}, column {column})")]
    NotUtf8 {
        /// The first invalid byte.
        byte: u8,
        /// Its line, from 1.
        line: usize,
        /// Its column (in characters), from 1.
        column: usize,
    },
}

impl ReadError {
    /// Whether the file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

fn show_bytes(n: u64) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB ({n} bytes)", n >> 20)
    } else {
        format!("{n} bytes")
    }
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// A file opened for reading that fails, rather than reads on, past its cap.
#[derive(Debug)]
pub struct Bounded {
    file: File,
    read: u64,
    limit: u64,
}

impl Read for Bounded {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // Ask for one byte more than the cap allows, to tell "exactly the cap" from "more".
        let room = (self.limit.saturating_add(1) - self.read).min(buf.len() as u64) as usize;
        let n = self.file.read(&mut buf[..room])?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                ReadError::TooLarge {
                    size: self.read,
                    limit: self.limit,
                },
            ));
        }
        Ok(n)
    }
}

/// Open `path` for reading if it is a regular file of at most `limit` bytes. Opening
/// never blocks: a FIFO is opened non-blocking and refused.
pub fn open(path: &Path, limit: u64) -> Result<Bounded, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    {
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Err(ReadError::NotRegular(kind_of(&meta)));
        }
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok(Bounded {
        file,
        read: 0,
        limit,
    })
}

/// The bytes of a regular file of at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut reader = open(path, limit)?;
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        // The cap's own error comes back wrapped in an I/O error: unwrap it.
        if !e.get_ref().is_some_and(|inner| inner.is::<ReadError>()) {
            return Err(ReadError::Io(e));
        }
        return Err(
            match e.into_inner().map(|inner| inner.downcast::<ReadError>()) {
                Some(Ok(cap)) => *cap,
                _ => ReadError::TooLarge {
                    size: limit.saturating_add(1),
                    limit,
                },
            },
        );
    }
    Ok(bytes)
}

/// The text of a regular file of at most `limit` bytes, which must be UTF-8.
pub fn read_to_string(path: &Path, limit: u64) -> Result<String, ReadError> {
    text(read(path, limit)?)
}

/// Bytes as UTF-8 text, or where the first invalid byte is.
pub fn text(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        // Everything before `at` is valid UTF-8.
        let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ReadError::NotUtf8 {
            byte: bytes[at],
            line,
            column,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_up_to_the_cap_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("detente-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("ten.txt");
        std::fs::write(&file, "0123456789").unwrap();
        assert_eq!(read_to_string(&file, 10).unwrap(), "0123456789");
        assert!(matches!(
            read(&file, 9),
            Err(ReadError::TooLarge { size: 10, limit: 9 })
        ));
        assert!(matches!(read(&dir, 100), Err(ReadError::NotRegular(_))));
        assert!(read(&dir.join("missing"), 100).unwrap_err().is_not_found());
        #[cfg(unix)]
        assert!(matches!(
            read(Path::new("/dev/zero"), 100),
            Err(ReadError::NotRegular("a character device"))
        ));
        std::fs::write(&file, b"ok\nab\xffc").unwrap();
        let e = read_to_string(&file, 100).unwrap_err();
        assert!(
            matches!(
                e,
                ReadError::NotUtf8 {
                    byte: 0xff,
                    line: 2,
                    column: 3
                }
            ),
            "{e:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
