//! The binary's allocator: mimalloc, asked for plain blocks when plain blocks are aligned enough.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// mimalloc's blocks of at least 16 bytes are 16-aligned, and smaller ones are aligned to
/// their size rounded up to a power of two (`MI_MAX_ALIGN_SIZE`).
const PLAIN_ALIGN: usize = 16;

/// mimalloc, calling `mi_malloc` for every layout a plain block satisfies (nearly all of
/// them) and the aligned entry points only for the rest. The `mimalloc` crate's allocator
/// calls the aligned ones for every layout, and mimalloc 3 serves an aligned request of
/// more than a small block's size by over-allocating and aligning by hand: a sweep's
/// per-round lists of messages and outputs took that path.
pub struct Allocator;

/// Whether a plain block of `size` bytes is aligned to `align`.
fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

// SAFETY: each method forwards to the mimalloc call for the same request; a plain block
// is used only when mimalloc's guarantee covers the alignment asked for, and every block
// is freed by `mi_free`, which takes blocks from any of these calls.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as documented above.
        unsafe {
            if plain(layout.align(), layout.size()) {
                libmimalloc_sys::mi_malloc(layout.size()).cast()
            } else {
                libmimalloc_sys::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as documented above.
        unsafe {
            if plain(layout.align(), layout.size()) {
                libmimalloc_sys::mi_zalloc(layout.size()).cast()
            } else {
                libmimalloc_sys::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from one of the calls above.
        unsafe { libmimalloc_sys::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from one of the calls above with `layout`.
        unsafe {
            if plain(layout.align(), new_size) {
                libmimalloc_sys::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                libmimalloc_sys::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align())
                    .cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_block_is_aligned_as_asked_and_keeps_its_bytes_when_it_grows() {
        // Imported here: a benchmark that includes this file has no test harness, which
        // drops the test and would leave a module-level import unused.
        use super::Allocator;
        use std::alloc::{GlobalAlloc, Layout};
        let sizes = [
            1, 3, 7, 8, 12, 16, 24, 100, 1000, 1024, 1100, 5000, 70_000, 300_000,
        ];
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for &size in &sizes {
                let layout = Layout::from_size_align(size, align).expect("a layout");
                // SAFETY: the layout's size is not zero; the block is freed below with it.
                unsafe {
                    let p = Allocator.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    for k in 0..size {
                        *p.add(k) = k as u8;
                    }
                    let grown = Allocator.realloc(p, layout, size * 3);
                    assert_eq!(grown as usize % align, 0, "grown {size}, align {align}");
                    for k in 0..size {
                        assert_eq!(*grown.add(k), k as u8);
                    }
                    let grown_layout = Layout::from_size_align(size * 3, align).expect("a layout");
                    Allocator.dealloc(grown, grown_layout);
                    let z = Allocator.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|k| *z.add(k) == 0));
                    Allocator.dealloc(z, layout);
                }
            }
        }
    }
}
