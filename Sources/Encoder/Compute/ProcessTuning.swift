import CEncoderKernels
import Foundation

/// Process-wide settings that make the encoder faster, for a program to apply once at start, before it starts
/// threads. The library never applies them itself: a program using the `Encoder` product keeps its own malloc
/// policy unless it calls `apply()`. (OpenBLAS's core selection is fixed where OpenBLAS is loaded: `CLazyBLAS`.)
public enum ProcessTuning {
    /// Keeps freed memory for reuse.
    public static func apply() {
        keepFreedMemory()
    }

    /// Every forward pass allocates its captured outputs afresh (megabytes at a few hundred tokens). glibc serves
    /// such sizes with new `mmap`s and hands them back on free, so every pass paid for page faults and zeroing
    /// (about 6% at 128 tokens, half of a 512-token pass). Served from the heap and kept after free, the next pass
    /// reuses the same pages. Peak memory is unchanged; memory freed by the program stays reserved for reuse.
    /// Captures too big for the heap (huge-page mappings, see `FloatStorage`) keep the largest freed one for reuse.
    /// Skipped when the user set `MALLOC_MMAP_THRESHOLD_`.
    public static func keepFreedMemory() {
        guard ProcessInfo.processInfo.environment["MALLOC_MMAP_THRESHOLD_"] == nil else { return }
        bx_keep_freed_memory()
    }
}
