//! The allocator the `detente` binary uses (mimalloc, through `crates/cli/alloc.rs`),
//! counting live and peak bytes, for the benchmarks that report memory. (Over the system allocator instead, every large
//! buffer freed went back to the system and was faulted in again, which on a virtual
//! machine backed on first touch made a 5,000-actor run 1.6 times slower than the binary's.)

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

#[path = "../../crates/cli/alloc.rs"]
mod alloc;
use alloc::Allocator;

/// mimalloc, counting while [`peak`] measures, and plain mimalloc otherwise: the timed
/// iterations then run on the binary's allocator, not on one that does two atomic
/// read-modify-writes for every allocation.
pub struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn grew(by: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        let live = LIVE.fetch_add(by as isize, Ordering::Relaxed) + by as isize;
        PEAK.fetch_max(live, Ordering::Relaxed);
    }
}

fn shrank(by: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        LIVE.fetch_sub(by as isize, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the binary's allocator.
        let p = unsafe { Allocator.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the binary's allocator.
        let p = unsafe { Allocator.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the binary's allocator.
        unsafe { Allocator.dealloc(ptr, layout) };
        shrank(layout.size());
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged to the binary's allocator (which may grow the block in place).
        let p = unsafe { Allocator.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            grew(new_size);
            shrank(layout.size());
        }
        p
    }
}

/// The peak of live heap bytes while `f` runs, above what was live when it began (memory
/// allocated before and freed while `f` runs counts as given back, as it is).
pub fn peak(f: impl FnOnce()) -> usize {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    f();
    COUNTING.store(false, Ordering::Relaxed);
    usize::try_from(PEAK.load(Ordering::Relaxed) - base).unwrap_or(0)
}
