import CEncoderKernels
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Process-wide settings that make the encoder faster, for a program to apply once at start, before it starts
/// threads (they change the environment and re-initialise OpenBLAS). The library never applies them itself: a
/// program using the `Encoder` product keeps its own malloc policy and BLAS set-up unless it calls `apply()`.
public enum ProcessTuning {
    /// Keeps freed memory for reuse and makes OpenBLAS use its kernels for this CPU; returns the OpenBLAS core in
    /// use afterwards (nil on other BLAS libraries).
    @discardableResult
    public static func apply() -> String? {
        keepFreedMemory()
        return selectOpenBLASCore()
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

    /// Makes sure OpenBLAS runs its kernels for this CPU.
    ///
    /// A `DYNAMIC_ARCH` OpenBLAS older than the CPU (Debian 12's 0.3.21 on Emerald Rapids, for one) does not
    /// recognise it and falls back to its SSE3 "Prescott" kernels, several times slower. When that happened and the
    /// user did not choose a core with `OPENBLAS_CORETYPE`, this re-runs OpenBLAS's core selection with the newest
    /// core the CPU supports (`SkylakeX` with AVX-512, else `Haswell` with AVX2), through OpenBLAS's exported
    /// `gotoblas_dynamic_quit`/`gotoblas_dynamic_init`, found with `dlsym` so other BLAS builds are untouched.
    @discardableResult
    public static func selectOpenBLASCore() -> String? {
        #if os(Linux)
        typealias NameFunction = @convention(c) () -> UnsafeMutablePointer<CChar>?
        typealias VoidFunction = @convention(c) () -> Void
        let handle = dlopen(nil, RTLD_NOW)
        guard let nameSymbol = dlsym(handle, "openblas_get_corename") else { return nil }
        let name = unsafeBitCast(nameSymbol, to: NameFunction.self)
        let current = name().map { String(cString: $0) }
        guard current?.lowercased() == "prescott", ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              let quitSymbol = dlsym(handle, "gotoblas_dynamic_quit"),
              let initSymbol = dlsym(handle, "gotoblas_dynamic_init"),
              let flags = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
                .split(separator: "\n").first(where: { $0.hasPrefix("flags") })?.split(separator: " ").map(String.init)
        else { return current }
        let wanted: String
        if ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"].allSatisfy(flags.contains) {
            wanted = "SkylakeX"
        } else if ["avx2", "fma"].allSatisfy(flags.contains) {
            wanted = "Haswell"
        } else {
            return current
        }
        setenv("OPENBLAS_CORETYPE", wanted, 1)
        unsafeBitCast(quitSymbol, to: VoidFunction.self)()
        unsafeBitCast(initSymbol, to: VoidFunction.self)()
        unsetenv("OPENBLAS_CORETYPE")
        return name().map { String(cString: $0) }
        #else
        return nil
        #endif
    }
}
