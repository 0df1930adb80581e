import Glibc

/// Whole writes to a blocking descriptor — the access log's batches, the command line's standard
/// output and error — retried on `EINTR` and short writes (what `FileHandle` did, without Foundation).
public enum FileOutput {
    public static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { write($0, to: fd) }
    }

    static func write(_ buffer: UnsafeRawBufferPointer, to fd: Int32) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(fd, base + offset, buffer.count - offset)
            if written > 0 { offset += written } else if written < 0 && errno == EINTR { continue } else { break }
        }
    }

    public static func write(_ text: String, to fd: Int32 = STDERR_FILENO) {
        write(Array(text.utf8), to: fd)
    }
}
