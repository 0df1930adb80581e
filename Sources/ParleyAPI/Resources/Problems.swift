import HTTPServer

/// `/problems/{slug}`: the page behind every problem `type` URI.
enum Problems {
    static let routes: [Route] = [
        Route(
            "problemType", "/problems/{slug}", summary: "Explains one problem type.",
            schema: EndpointSchemas.problemType
        ) { request, context in
            let slug = request.pathParameters["slug"] ?? ""
            guard let type = ProblemType.all.first(where: { $0.slug == slug }) else {
                throw Problem(
                    type: .notFound,
                    detail: "No problem type \(slug); known: \(ProblemType.all.map(\.slug).joined(separator: ", ")).")
            }
            var json = JSONWriter(capacity: 512)
            json.beginObject()
            json.member("type", type.uri)
            json.member("title", type.title)
            json.member("status", type.status.code)
            json.member("description", type.description)
            json.endObject()
            return .json(json)
        }
    ]
}
