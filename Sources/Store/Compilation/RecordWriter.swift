import FoundationEssentials

/// Inserts records and everything indexed about them into a store being built.
struct RecordWriter {
    private let insertRecord: Statement
    private let insertRef: Statement
    private let insertCitation: Statement
    private let insertAttribute: Statement
    private let insertName: Statement
    private let insertSearch: Statement
    private let insertLine: Statement
    private let insertMoved: Statement
    private let derived: DerivedFields
    /// Which collections hold each id, to resolve references allowed into several collections.
    private let owners: [String: [String]]

    init(db: Database, dataset: Dataset) throws {
        var owners: [String: [String]] = [:]
        for (collection, list) in dataset.records {
            for record in list { owners[record.id, default: []].append(collection) }
        }
        try self.init(db: db, derived: DerivedFields(dataset), owners: owners)
    }

    /// `owners` maps ids to the collections holding them; a reference to an id it lacks resolves
    /// to the first collection the field allows (synthetic stores rely on this).
    init(db: Database, derived: DerivedFields, owners: [String: [String]]) throws {
        insertRecord = try db.prepare(
            """
            INSERT INTO records (collection, id, sort_date, span_start, span_end, title, kind, num, valid_from, valid_to, x1, x2, x3, json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertRef = try db.prepare(
            "INSERT INTO refs (collection, id, field, target_collection, target, role) VALUES (?, ?, ?, ?, ?, ?)")
        insertCitation = try db.prepare(
            "INSERT INTO citations (collection, id, source, line_from, line_to, quote, path) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        insertAttribute = try db.prepare("INSERT INTO attrs (collection, id, field, value) VALUES (?, ?, ?, ?)")
        insertName = try db.prepare("INSERT INTO names (name, spelling, collection, id) VALUES (?, ?, ?, ?)")
        insertSearch = try db.prepare(
            "INSERT INTO search (collection, id, title, aliases, body) VALUES (?, ?, ?, ?, ?)")
        insertLine = try db.prepare("INSERT INTO source_lines (source, line, text) VALUES (?, ?, ?)")
        insertMoved = try db.prepare("INSERT INTO moved (collection, old_id, id) VALUES (?, ?, ?)")
        self.derived = derived
        self.owners = owners
    }

    func write(_ record: DatasetRecord, spec: CollectionSpec) throws {
        let collection = spec.name
        var json: [UInt8] = []
        derived.apply(to: record).write(to: &json)
        let facts = RecordFacts(record, spec: spec)
        try insertRecord.run(
            [
                .text(collection), .text(record.id), .text(record.spanStart ?? StoreSchema.undatedSortKey),
                optional(record.spanStart), optional(record.spanEnd), .text(record.title), optional(facts.kind),
                facts.number.map(StatementArgument.int) ?? .null, optional(facts.validFrom), optional(facts.validTo),
            ]
                + SortKeys.extraValues(record.value, spec: spec).map(StatementArgument.text)
                + [.text(String(decoding: json, as: UTF8.self))])
        for reference in record.references {
            let allowed = reference.collection.split(separator: "|").map(String.init)
            let target = owners[reference.id]?.first { allowed.contains($0) } ?? allowed[0]
            try insertRef.run([
                .text(collection), .text(record.id), .text(reference.field), .text(target), .text(reference.id),
                optional(reference.role),
            ])
        }
        for citation in record.citations {
            try insertCitation.run([
                .text(collection), .text(record.id), .text(citation.source), .int(citation.from), .int(citation.to),
                optional(citation.quote), .text(citation.path),
            ])
        }
        for (field, value) in facts.attributes {
            try insertAttribute.run([.text(collection), .text(record.id), .text(field), .text(value)])
        }
        for name in facts.names {
            try insertName.run([.text(name.folded), .text(name.spelling), .text(collection), .text(record.id)])
        }
        try insertSearch.run([
            .text(collection), .text(record.id), .text(facts.searchTitle), .text(facts.searchAliases),
            .text(facts.searchBody),
        ])
        for old in (record.value["previous_ids"]?.arrayValue ?? []).compactMap(\.stringValue) {
            try insertMoved.run([.text(collection), .text(old), .text(record.id)])
        }
    }

    /// With the corpus: every line of every source, for `/v1/sources/{id}/text` and passage search.
    func writeCorpus(directory: String, sources: [DatasetRecord]) throws {
        for source in sources {
            guard let file = source.value["file"]?.stringValue,
                let data = FileManager.default.contents(atPath: directory + "/" + file)
            else {
                throw StoreError(kind: .io, message: "cannot read the corpus file for \(source.id) in \(directory)")
            }
            var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            let title = source.value["title"]?.stringValue ?? source.id
            for (index, line) in lines.enumerated() {
                try insertLine.run([.text(source.id), .int(index + 1), .text(line)])
                guard line.contains(where: { !$0.isWhitespace }) else { continue }
                try insertSearch.run([
                    .text("passages"), .text("\(source.id):\(index + 1)"), .text("\(title), line \(index + 1)"),
                    .text(""), .text(line),
                ])
            }
        }
    }

    private func optional(_ text: String?) -> StatementArgument {
        text.map(StatementArgument.text) ?? .null
    }
}
