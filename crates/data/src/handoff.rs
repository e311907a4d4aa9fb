//! Writing a large file on a second thread: full buffers go to a thread that writes them
//! while the next is made, so that the kernel's copy of one overlaps the making of the next.
//!
//! The bytes reach the file in the order they were made, whatever the threads do, so the
//! file is the same byte for byte as one written on a single thread.

use std::io::{self, Write};
use std::sync::mpsc;

/// The size of a buffer handed over: large enough that a write costs one system call per
/// megabyte, small enough that the buffers in flight are a few megabytes.
const CHUNK: usize = 1 << 20;

/// Buffers made and waiting for the writer at most; the maker waits beyond that, which
/// bounds the memory in flight to about `DEPTH + 2` buffers.
const DEPTH: usize = 2;

/// A writer whose bytes are collected into buffers and handed, full, to the writing thread.
pub struct Handoff {
    /// The buffer being filled.
    buf: Vec<u8>,
    /// Full buffers to the writer.
    full: mpsc::SyncSender<Vec<u8>>,
    /// Written buffers back, for reuse.
    empty: mpsc::Receiver<Vec<u8>>,
}

impl Handoff {
    /// Hand the buffer being filled to the writer (if it holds anything) and take an empty
    /// one: a written one back if there is one, else a new one.
    fn hand_over(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let next = self
            .empty
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let full = std::mem::replace(&mut self.buf, next);
        // The writer stops only after a failed write, whose error `write_on_thread` reports.
        self.full
            .send(full)
            .map_err(|_| io::Error::other("the writing thread stopped"))
    }
}

impl Handoff {
    /// Let `f` append to the buffer being filled, with no copy in between (a message's
    /// line, say); the buffer is handed over once full.
    pub fn append(&mut self, f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> io::Result<()> {
        f(&mut self.buf)?;
        if self.buf.len() >= CHUNK {
            self.hand_over()?;
        }
        Ok(())
    }
}

impl Write for Handoff {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.hand_over()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.hand_over()
    }
}

/// Run `make` with a [`Handoff`] whose bytes a second thread writes to `w`, in order, and
/// flushes at the end. The first error is returned: a failed write before anything the
/// maker saw of it.
pub fn write_on_thread<W, T>(
    w: W,
    make: impl FnOnce(&mut Handoff) -> io::Result<T>,
) -> io::Result<T>
where
    W: Write + Send,
{
    let (full_tx, full_rx) = mpsc::sync_channel::<Vec<u8>>(DEPTH);
    let (empty_tx, empty_rx) = mpsc::channel::<Vec<u8>>();
    std::thread::scope(|s| {
        let writer = s.spawn(move || -> io::Result<()> {
            let mut w = w;
            for mut buf in full_rx {
                w.write_all(&buf)?;
                buf.clear();
                // The maker may be done and gone; an unused buffer is simply dropped.
                let _ = empty_tx.send(buf);
            }
            w.flush()
        });
        let mut handoff = Handoff {
            buf: Vec::with_capacity(CHUNK),
            full: full_tx,
            empty: empty_rx,
        };
        let made = make(&mut handoff).and_then(|t| handoff.hand_over().map(|()| t));
        // Dropping the sender ends the writer's loop.
        drop(handoff);
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match (made, written) {
            (_, Err(e)) => Err(e),
            (made, Ok(())) => made,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_arrive_whole_and_in_order() {
        let mut out = Vec::new();
        let mut expected = Vec::new();
        write_on_thread(&mut out, |h| {
            // Pieces of every size around a buffer's, so that hand-overs fall everywhere.
            for k in 0..3000usize {
                let piece: Vec<u8> = (0..(k * 37) % 5000).map(|i| (i + k) as u8).collect();
                h.write_all(&piece)?;
                expected.extend_from_slice(&piece);
            }
            h.write_all(&vec![7; 3 * CHUNK])?;
            expected.extend_from_slice(&vec![7; 3 * CHUNK]);
            h.flush()?;
            h.write_all(b"end")?;
            expected.extend_from_slice(b"end");
            Ok(())
        })
        .unwrap();
        assert_eq!(out.len(), expected.len());
        assert!(out == expected);
    }

    /// Fails every write after the first `ok` bytes.
    struct Failing {
        ok: usize,
    }

    impl Write for Failing {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            if data.len() > self.ok {
                return Err(io::Error::other("disk full"));
            }
            self.ok -= data.len();
            Ok(data.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_is_the_error_returned() {
        let e = write_on_thread(Failing { ok: CHUNK + 10 }, |h| {
            for _ in 0..100 {
                h.write_all(&[1; 100_000])?;
            }
            Ok(())
        })
        .unwrap_err();
        assert_eq!(e.to_string(), "disk full");
        // Failing at the flush of the last bytes is still an error.
        let e = write_on_thread(Failing { ok: 5 }, |h| h.write_all(b"too long")).unwrap_err();
        assert_eq!(e.to_string(), "disk full");
    }

    #[test]
    fn the_maker_s_error_is_returned_when_writing_did_not_fail() {
        let mut out = Vec::new();
        let e = write_on_thread(&mut out, |h| {
            h.write_all(b"part")?;
            Err::<(), _>(io::Error::other("bad value"))
        })
        .unwrap_err();
        assert_eq!(e.to_string(), "bad value");
    }
}
