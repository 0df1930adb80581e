import Glibc

/// Whole writes to standard output and standard error (what `FileHandle` did, without Foundation).
enum StandardStreams {
    static func write(_ text: String, to fd: Int32 = STDERR_FILENO) {
        write(Array(text.utf8), to: fd)
    }

    static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 { offset += written } else if written < 0 && errno == EINTR { continue } else { break }
            }
        }
    }
}
