/// `/v1/talks`: meetings and rounds, each in one process.
enum Talks {
    static let endpoint = CollectionEndpoint(
        collection: "talks", recordType: "talk",
        filters: [
            .reference("process", field: "process", collection: "processes",
                       description: "Talks in any of these processes (comma-separated process ids, e.g. astana,geneva)."),
        ],
        dated: true)

    static let routes: [Route] = [
        Route("listTalks", "/v1/talks", summary: "Meetings and rounds in chronological order.",
              parameters: endpoint.listParameters, handler: endpoint.list),
        Route("getTalk", "/v1/talks/{id}", summary: "One talk by id.", handler: endpoint.item),
    ]
}
