import HTTPServer
import Store

/// The kinds of problem the API reports, each with a page at `/problems/<slug>` (RFC 9457 `type`).
struct ProblemType: Sendable {
    let slug: String
    let title: String
    let status: HTTPStatus
    /// What the problem means and how a client fixes it, served on the type's page.
    let description: String

    var uri: String { "/problems/" + slug }

    static let invalidParameter = ProblemType(
        slug: "invalid-parameter", title: "Invalid query parameter", status: .badRequest,
        description:
            "A query parameter is unknown, malformed or out of range. `errors[].parameter` names each one and `errors[].detail` says what would be valid."
    )
    static let notFound = ProblemType(
        slug: "not-found", title: "Not found", status: .notFound,
        description: "No resource has this path, or no record has this id. `GET /` lists every endpoint.")
    static let gone = ProblemType(
        slug: "gone", title: "Record removed", status: .gone,
        description:
            "A release had a record with this id and the current dataset does not: the problem carries its tombstone "
            + "(`removed_in`, `reason`, `note`, `sources`). `GET /v1/changes?since=<release>` lists every removal.")
    static let textNotBundled = ProblemType(
        slug: "text-not-bundled", title: "Source text not bundled", status: .notFound,
        description:
            "The store was built without the corpus texts. Citations still name file and lines; build with `parley build --corpus DIR` to serve the lines."
    )
    static let methodNotAllowed = ProblemType(
        slug: "method-not-allowed", title: "Method not allowed", status: .methodNotAllowed,
        description:
            "The API is read-only: use GET, HEAD or OPTIONS. The `Allow` header lists the methods of the resource.")
    static let badRequest = ProblemType(
        slug: "malformed-request", title: "Malformed request", status: .badRequest,
        description:
            "The HTTP request itself is malformed or its framing is ambiguous; the connection is closed after this response."
    )
    static let uriTooLong = ProblemType(
        slug: "uri-too-long", title: "Request line too long", status: .uriTooLong,
        description: "The request line is longer than the server accepts (8 KiB by default).")
    static let headersTooLarge = ProblemType(
        slug: "headers-too-large", title: "Request head too large", status: .requestHeaderFieldsTooLarge,
        description: "The request head is over the size limit (32 KiB) or has too many fields (100).")
    static let contentTooLarge = ProblemType(
        slug: "body-not-allowed", title: "Request body not allowed", status: .contentTooLarge,
        description: "The API takes no request body: send no Content-Length above 0 and no Transfer-Encoding.")
    static let notImplemented = ProblemType(
        slug: "not-implemented", title: "Not implemented", status: .notImplemented,
        description: "The method or transfer coding is not implemented by this server.")
    static let versionNotSupported = ProblemType(
        slug: "http-version-not-supported", title: "HTTP version not supported", status: .httpVersionNotSupported,
        description: "Only HTTP/1.0 and HTTP/1.1 are served.")
    static let expectationFailed = ProblemType(
        slug: "expectation-failed", title: "Expectation failed", status: .expectationFailed,
        description: "Only the expectation 100-continue is understood.")
    static let notAcceptable = ProblemType(
        slug: "not-acceptable", title: "Not acceptable", status: .notAcceptable,
        description: "None of the media types in `Accept` is offered by this resource; the detail lists those that are."
    )
    static let requestTimeout = ProblemType(
        slug: "request-timeout", title: "Request timeout", status: .requestTimeout,
        description: "The request head did not arrive within the head deadline (10 s by default).")
    static let tooManyRequests = ProblemType(
        slug: "too-many-requests", title: "Too many requests", status: .tooManyRequests,
        description:
            "This client is over the server's per-client rate limit; wait for `Retry-After` seconds. `RateLimit-*` headers show the allowance."
    )
    static let notReady = ProblemType(
        slug: "not-ready", title: "Not ready", status: .serviceUnavailable,
        description: "The server is shutting down or its store is not open; retry on another replica.")
    static let overloaded = ProblemType(
        slug: "overloaded", title: "Overloaded", status: .serviceUnavailable,
        description: "The server has reached its connection limit; retry after the `Retry-After` delay.")
    static let internalError = ProblemType(
        slug: "internal-error", title: "Internal error", status: .internalServerError,
        description: "The server failed to answer; the `X-Request-Id` identifies the failure in the server's log.")

    static let all: [ProblemType] = [
        invalidParameter, notFound, gone, textNotBundled, methodNotAllowed, notAcceptable, badRequest, uriTooLong,
        headersTooLarge, contentTooLarge,
        notImplemented, versionNotSupported, expectationFailed, requestTimeout, tooManyRequests, notReady, overloaded,
        internalError,
    ]
}

/// One RFC 9457 problem response.
struct Problem: Error, Sendable {
    struct ParameterError: Sendable, Equatable {
        let parameter: String
        /// What kind of mistake, for programs (`unknown-reference`, `foreign-cursor`…); `detail` is for people.
        let code: ParameterErrorCode
        let detail: String
    }

    let type: ProblemType
    let detail: String
    var errors: [ParameterError] = []
    var headers: [(name: String, value: String)] = []
    /// Members particular to the type (RFC 9457 §3.2), written after the standard ones.
    var extensions: [JSONValue.Member] = []

    static func invalidParameters(_ errors: [ParameterError]) -> Problem {
        let names = errors.map(\.parameter).joined(separator: ", ")
        let detail =
            errors.count == 1
            ? "The parameter \(names) is invalid: \(errors[0].detail)" : "The parameters \(names) are invalid."
        return Problem(type: .invalidParameter, detail: detail, errors: errors)
    }

    static func invalidParameter(_ name: String, _ code: ParameterErrorCode, _ detail: String) -> Problem {
        invalidParameters([ParameterError(parameter: name, code: code, detail: detail)])
    }

    func response(instance: String) -> HTTPResponse {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.member("type", type.uri)
        json.member("title", type.title)
        json.member("status", type.status.code)
        json.member("detail", detail)
        json.member("instance", instance)
        for member in extensions {
            json.key(member.key)
            json.value(member.value)
        }
        if !errors.isEmpty {
            json.arrayMember("errors") { json in
                for error in errors {
                    json.beginObject()
                    json.member("parameter", error.parameter)
                    json.member("code", error.code.rawValue)
                    json.member("detail", error.detail)
                    json.endObject()
                }
            }
        }
        json.endObject()
        return HTTPResponse(status: type.status, contentType: MediaType.problemJSON, headers: headers, body: json.bytes)
    }

    /// Maps the HTTP layer's errors onto the API's problem types, in one place.
    static func from(_ error: HTTPError) -> Problem {
        let type: ProblemType
        switch error {
        case .badRequest: type = .badRequest
        case .uriTooLong: type = .uriTooLong
        case .headerFieldsTooLarge: type = .headersTooLarge
        case .contentTooLarge: type = .contentTooLarge
        case .notImplemented: type = .notImplemented
        case .versionNotSupported: type = .versionNotSupported
        case .expectationFailed: type = .expectationFailed
        case .requestTimeout: type = .requestTimeout
        case .tooManyRequests: type = .tooManyRequests
        }
        return Problem(type: type, detail: error.detail)
    }
}

enum MediaType {
    static let json = "application/json; charset=utf-8"
    static let problemJSON = "application/problem+json; charset=utf-8"
    static let text = "text/plain; charset=utf-8"
}
