import FoundationEssentials
import Glibc

/// The folder of built stores that `serve` keeps between runs (`store-<hash>[-corpus].sqlite`).
///
/// Each dataset version has up to two variants (with and without the corpus texts), and both are
/// kept: switching between `serve` and `serve --corpus` must not rebuild each time. A serving
/// process holds a shared `flock(2)` on its store for as long as it runs; clean-up removes only
/// stores of other dataset versions, and only those it can lock exclusively, so never a file that
/// another process is serving. (`flock` locks are separate from SQLite's `fcntl` locks on Linux.)
enum StoreCache {
    /// A shared lock on a store file, released when the value goes away (or the process exits).
    final class Lease {
        private let fd: Int32

        fileprivate init?(path: String) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            guard flock(fd, LOCK_SH) == 0 else {
                close(fd)
                return nil
            }
            self.fd = fd
        }

        deinit { close(fd) }
    }

    static func lease(_ path: String) -> Lease? { Lease(path: path) }

    /// The cached store's name for a dataset content hash, with or without the corpus texts.
    static func fileName(hash: String, corpus: Bool) -> String {
        "store-\(hash.prefix(16))\(corpus ? "-corpus" : "").sqlite"
    }

    /// Removes the stores that the dataset with content hash `hash` cannot use (other versions'),
    /// unless another process holds them open. Returns the names removed.
    @discardableResult
    static func removeUnusable(in directory: String, keepingHash hash: String) -> [String] {
        let keep = [fileName(hash: hash, corpus: false), fileName(hash: hash, corpus: true)]
        var removed: [String] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where name.hasPrefix("store-") && name.hasSuffix(".sqlite") && !keep.contains(name) {
            let path = directory + "/" + name
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            // Busy means a serving process holds its lease: leave the file alone.
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            if unlink(path) == 0 { removed.append(name) }
        }
        return removed
    }
}
