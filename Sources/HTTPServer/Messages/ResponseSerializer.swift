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

    /// The response's bytes: head, and the body unless framing says otherwise.
    static func serialize(
        _ response: HTTPResponse, framing: Framing, date: [UInt8], requestID: String
    ) -> [UInt8] {
        let bodyless = response.status.code == 204 || response.status.code == 304
        let withBody = !framing.omitBody && !framing.streamed && !bodyless
        // The head's size, bounded first (the literals below are under 200 bytes), so that it
        // is written through a pointer in one pass.
        var bound =
            200 + date.count + requestID.utf8.count + response.status.reason.utf8.count
            + (response.contentType?.utf8.count ?? 0) + response.headerBlock.count
        for (name, value) in response.headers { bound += 4 + name.utf8.count + value.utf8.count }
        if withBody { bound += response.body.count }
        return [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            var writer = ByteWriter(base: buffer.baseAddress!, offset: 0)
            writer.write("HTTP/1.1 ")
            writer.decimal(response.status.code)
            writer.byte(ASCII.space)
            writer.raw(response.status.reason)
            writer.write("\r\nDate: ")
            date.withUnsafeBufferPointer { writer.bytes($0) }
            if let contentType = response.contentType {
                writer.write("\r\nContent-Type: ")
                writer.raw(contentType)
            }
            // 204 and 304 carry no Content-Length of their own body (RFC 9110 §8.6).
            if framing.streamed {
                if !framing.http10 { writer.write("\r\nTransfer-Encoding: chunked") }
            } else if !bodyless {
                writer.write("\r\nContent-Length: ")
                writer.decimal(response.body.count)
            }
            if !framing.keepAlive {
                writer.write("\r\nConnection: close")
            } else if framing.http10 {
                writer.write("\r\nConnection: keep-alive")
            }
            writer.write("\r\nX-Request-Id: ")
            writer.raw(requestID)
            writer.write("\r\nX-Content-Type-Options: nosniff")
            response.headerBlock.withUnsafeBufferPointer { writer.bytes($0) }
            for (name, value) in response.headers {
                writer.write("\r\n")
                writer.raw(name)
                writer.write(": ")
                writer.raw(value)
            }
            writer.write("\r\n\r\n")
            if withBody { response.body.withUnsafeBufferPointer { writer.bytes($0) } }
            count = writer.offset
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
}
