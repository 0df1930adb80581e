/// The SQL layout of a store file. Every collection shares one `records` table (canonical JSON
/// plus the columns lists filter and sort on; a rowid table, with `(collection, id)` unique by
/// `records_by_id`, because a record's JSON of 1–3 KB fits a table B-tree leaf but spills to
/// overflow pages in a WITHOUT ROWID table's index B-tree: measured, an item 6k instructions and a
/// list of 20 12 % cheaper); references and citations are exploded into their
/// own tables so filters such as "talks with this actor" are index lookups. `moved` maps the ids
/// records had in earlier dataset versions (`previous_ids`) to their current ids. `releases`,
/// `changes` and `tombstones` hold the release history and the change feed from each release to
/// this dataset, computed when the store is built (`ChangeFeed`).
/// (`SearchImpacts` adds the precomputed rankings of common search words.)
enum StoreSchema {
    /// Sorts undated records after every dated one in chronological order.
    static let undatedSortKey = "9999-12-31"

    static let createStatements = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE records (
            collection TEXT NOT NULL,
            id TEXT NOT NULL,
            sort_date TEXT NOT NULL,
            span_start TEXT,
            span_end TEXT,
            title TEXT NOT NULL,
            kind TEXT,
            num INTEGER,
            valid_from TEXT,
            valid_to TEXT,
            x1 TEXT NOT NULL,
            x2 TEXT NOT NULL,
            x3 TEXT NOT NULL,
            json TEXT NOT NULL
        );
        CREATE TABLE attrs (
            collection TEXT NOT NULL,
            id TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL
        );
        CREATE TABLE names (
            name TEXT NOT NULL,
            spelling TEXT NOT NULL,
            collection TEXT NOT NULL,
            id TEXT NOT NULL
        );
        CREATE TABLE source_lines (
            source TEXT NOT NULL,
            line INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (source, line)
        ) WITHOUT ROWID;
        CREATE VIRTUAL TABLE search USING fts5 (
            collection UNINDEXED, id UNINDEXED, title, aliases, body,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TABLE refs (
            collection TEXT NOT NULL,
            id TEXT NOT NULL,
            field TEXT NOT NULL,
            target_collection TEXT NOT NULL,
            target TEXT NOT NULL,
            role TEXT
        );
        CREATE TABLE moved (
            collection TEXT NOT NULL,
            old_id TEXT NOT NULL,
            id TEXT NOT NULL,
            PRIMARY KEY (collection, old_id)
        ) WITHOUT ROWID;
        CREATE TABLE releases (
            version TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            date TEXT NOT NULL,
            commit_id TEXT,
            note TEXT,
            counts TEXT NOT NULL,
            changes TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE changes (
            since TEXT NOT NULL,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            collection TEXT NOT NULL,
            id TEXT NOT NULL,
            previous_id TEXT,
            fields TEXT,
            removed_in TEXT,
            PRIMARY KEY (since, seq)
        ) WITHOUT ROWID;
        CREATE TABLE tombstones (
            collection TEXT NOT NULL,
            id TEXT NOT NULL,
            reason TEXT NOT NULL,
            merged_into TEXT,
            note TEXT NOT NULL,
            sources TEXT NOT NULL,
            removed_in TEXT NOT NULL,
            PRIMARY KEY (collection, id)
        ) WITHOUT ROWID;
        CREATE TABLE citations (
            collection TEXT NOT NULL,
            id TEXT NOT NULL,
            source TEXT NOT NULL,
            line_from INTEGER NOT NULL,
            line_to INTEGER NOT NULL,
            quote TEXT,
            path TEXT NOT NULL
        );
        """

    /// Built after the inserts (faster than maintaining them row by row). The sort indexes come
    /// from `SortColumn`, the one declaration of what lists sort by; the rest serve the filters
    /// (`refs_by_target`, `attrs_by_value`), point lookups and search's name expansion.
    static let indexStatements =
        SortColumn.allCases.compactMap(\.indexStatement).joined(separator: "\n") + """

            CREATE INDEX refs_by_target ON refs (collection, field, target, id);
            CREATE INDEX refs_by_record ON refs (collection, id);
            CREATE INDEX citations_by_source ON citations (source, line_from);
            CREATE INDEX citations_by_record ON citations (collection, id);
            CREATE INDEX attrs_by_value ON attrs (collection, field, value, id);
            CREATE INDEX names_by_name ON names (name, collection, id);
            CREATE INDEX names_by_record ON names (collection, id);
            """

    /// What a store's contents depend on besides the dataset: the tables and indexes, and each
    /// collection's fields, sort fields and filters (which decide the `attrs` rows and `x1`–`x3`).
    /// Kept in `meta` as `layout`; a store of another layout is rebuilt (`StoreInfo.verify`), so
    /// adding a filter to a collection's description is the whole change.
    static let layoutFingerprint: String = {
        var hasher = SHA256()
        hasher.update(createStatements)
        hasher.update(indexStatements)
        for spec in DatasetSchema.collections {
            hasher.update("\n\(spec.name)|\(spec.allFields.map(\.name))|\(spec.sortFields)")
            for filter in spec.allFilters { hasher.update("|\(filter.name)=\(filter.kind)") }
        }
        return String(SHA256.hex(hasher.finalize()).prefix(16))
    }()
}
