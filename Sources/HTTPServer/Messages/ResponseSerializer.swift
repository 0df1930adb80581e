/// Writes a response head and body into one byte buffer, ready for the socket.
enum ResponseSerializer {
    struct Framing {
        var keepAlive: Bool
        /// The client spoke HTTP/1.0: persistence must be announced explicitly.
        var http10: Bool
        /// HEAD: the headers of the GET response, no body.
        var omitBody: Bool
        /// The body follows as a stream: chunked for HTTP/1.1, delimited by the close for HTTP/1.0.
        var streamed: Bool = false
    }

    static func serialize(
        _ response: HTTPResponse, framing: Framing, date: [UInt8], requestID: String, into out: inout [UInt8]
    ) {
        out.reserveCapacity(out.count + 256 + response.headerBlock.count + response.body.count)
        append("HTTP/1.1 ", to: &out)
        appendDecimal(response.status.code, to: &out)
        out.append(ASCII.space)
        append(response.status.reason, to: &out)
        append("\r\nDate: ", to: &out)
        out.append(contentsOf: date)
        if let contentType = response.contentType {
            append("\r\nContent-Type: ", to: &out)
            append(contentType, to: &out)
        }
        // 204 and 304 carry no Content-Length of their own body (RFC 9110 §8.6).
        if framing.streamed {
            if !framing.http10 { append("\r\nTransfer-Encoding: chunked", to: &out) }
        } else if response.status.code != 204 && response.status.code != 304 {
            append("\r\nContent-Length: ", to: &out)
            appendDecimal(response.body.count, to: &out)
        }
        if !framing.keepAlive {
            append("\r\nConnection: close", to: &out)
        } else if framing.http10 {
            append("\r\nConnection: keep-alive", to: &out)
        }
        append("\r\nX-Request-Id: ", to: &out)
        append(requestID, to: &out)
        append("\r\nX-Content-Type-Options: nosniff", to: &out)
        out.append(contentsOf: response.headerBlock)
        for (name, value) in response.headers {
            append("\r\n", to: &out)
            append(name, to: &out)
            append(": ", to: &out)
            append(value, to: &out)
        }
        append("\r\n\r\n", to: &out)
        if !framing.omitBody && !framing.streamed && response.status.code != 204 && response.status.code != 304 {
            out.append(contentsOf: response.body)
        }
    }

    /// Frames one piece of a streamed body (RFC 9112 §7.1); HTTP/1.0 gets the bytes as they are.
    static func appendChunk(_ data: [UInt8], http10: Bool, to out: inout [UInt8]) {
        guard !http10 else { out.append(contentsOf: data); return }
        out.append(contentsOf: String(data.count, radix: 16).utf8)
        out.append(contentsOf: [13, 10])
        out.append(contentsOf: data)
        out.append(contentsOf: [13, 10])
    }

    static func appendLastChunk(http10: Bool, to out: inout [UInt8]) {
        if !http10 { out.append(contentsOf: Array("0\r\n\r\n".utf8)) }
    }

    /// A native String's bytes are contiguous: copy them in one go (the generic
    /// `append(contentsOf: string.utf8)` walks them one by one).
    private static func append(_ string: String, to out: inout [UInt8]) {
        var string = string
        string.withUTF8 { out.append(contentsOf: $0) }
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value == 0 { out.append(48); return }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while n > 0 && count < 20 {
                buffer[count] = UInt8(48 + n % 10)
                n /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }
}
