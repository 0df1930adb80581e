import FoundationEssentials
import Store

/// Translates a user's full-text query into safe FTS5 syntax, expanding the names of actors,
/// places and processes to every spelling the dataset knows.
///
/// Accepted: words (implicit AND), `"phrases"`, `prefix*`, `AND`, `OR`, `NOT`, parentheses.
/// Words with punctuation (`al-Nusra`, `Da'esh`) become phrases, so FTS5 never sees raw syntax
/// characters; anything unbalanced is a 400 that says what is wrong.
struct SearchExpression {
    enum Token: Equatable {
        case term(text: String, quoted: Bool, prefix: Bool)
        case op(String)
        case open, close
    }

    /// Collections whose names expand: searching `ANF` also finds "Nusra" and "Jabhat al-Nusra".
    static let expandingCollections = ["actors", "places", "processes"]

    static func tokenize(_ query: String) throws -> [Token] {
        var tokens: [Token] = []
        var characters = Array(query)
        var index = 0
        func fail(_ detail: String) -> Problem { Problem.invalidParameter("q", .invalidSearch, detail) }
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace { index += 1; continue }
            if character == "(" { tokens.append(.open); index += 1; continue }
            if character == ")" { tokens.append(.close); index += 1; continue }
            if character == "\"" {
                guard let end = characters[(index + 1)...].firstIndex(of: "\"") else {
                    throw fail("has an unterminated \"phrase\"; close the quote")
                }
                let text = String(characters[(index + 1)..<end])
                index = end + 1
                let prefix = index < characters.count && characters[index] == "*"
                if prefix { index += 1 }
                guard !TextFolding.fold(text).isEmpty else { throw fail("has an empty phrase") }
                tokens.append(.term(text: text, quoted: true, prefix: prefix))
                continue
            }
            var end = index
            while end < characters.count, !characters[end].isWhitespace, !"()\"".contains(characters[end]) { end += 1 }
            var word = String(characters[index..<end])
            index = end
            if ["AND", "OR", "NOT"].contains(word) { tokens.append(.op(word)); continue }
            let prefix = word.hasSuffix("*")
            while word.hasSuffix("*") { word.removeLast() }
            guard !TextFolding.fold(word).isEmpty else {
                if prefix { throw fail("'*' must follow the start of a word, as in escal*") }
                continue
            }
            tokens.append(.term(text: word, quoted: false, prefix: prefix))
        }
        characters.removeAll()
        try check(tokens)
        return tokens
    }

    /// Operators need a term or group on both sides; parentheses must balance.
    private static func check(_ tokens: [Token]) throws {
        guard tokens.contains(where: { if case .term = $0 { return true } else { return false } }) else {
            // The value has a letter (`checkText`), but only inside operators: a grammar mistake.
            throw Problem.invalidParameter("q", .invalidSearch, "needs at least one word besides AND, OR and NOT")
        }
        var depth = 0
        var previous: Token?
        for token in tokens {
            switch token {
            case .open: depth += 1
            case .close:
                depth -= 1
                if depth < 0 { throw Problem.invalidParameter("q", .invalidSearch, "has a ')' without a matching '('") }
                if previous == .open { throw Problem.invalidParameter("q", .invalidSearch, "has empty parentheses") }
            case .op(let name):
                if previous == nil || previous == .open
                    || { if case .op = previous! { return true } else { return false } }()
                {
                    throw Problem.invalidParameter(
                        "q", .invalidSearch, "\(name) needs a word before it (e.g. aleppo \(name) homs)")
                }
            case .term: break
            }
            previous = token
        }
        if depth > 0 { throw Problem.invalidParameter("q", .invalidSearch, "has a '(' that is not closed") }
        if case .op(let name)? = previous {
            throw Problem.invalidParameter("q", .invalidSearch, "ends with \(name); put a word after it")
        }
    }

    /// FTS5 syntax for the tokens, with name expansion looked up in the store.
    static func fts(_ tokens: [Token], database: Database) throws -> String {
        var parts: [String] = []
        var index = 0
        while index < tokens.count {
            switch tokens[index] {
            case .open: parts.append("(")
            case .close: parts.append(")")
            case .op(let name): parts.append(name)
            case .term:
                // Longest run of plain words that is a known name: "Deir ez-Zor" spans two words.
                var matched = false
                for length in stride(from: min(6, tokens.count - index), through: 1, by: -1) {
                    let run = tokens[index..<(index + length)]
                    let words = run.compactMap { token -> String? in
                        if case .term(let text, _, let prefix) = token, !prefix { return text }
                        return nil
                    }
                    guard words.count == length else { continue }
                    let spellings = try self.spellings(of: words.joined(separator: " "), database: database)
                    guard !spellings.isEmpty else { continue }
                    // Spellings the index tokenizes alike ("Astana", "astana") match the same
                    // tokens: keep one of each. "Da'esh" is not "Daesh" here: the tokenizer splits
                    // at the apostrophe, so both must stay.
                    let typed = words.joined(separator: " ")
                    var seen: Set<String> = [tokenKey(typed)]
                    let others = spellings.filter {
                        !Self.commonWords.contains(tokenKey($0)) && seen.insert(tokenKey($0)).inserted
                    }
                    if others.isEmpty {
                        parts.append(length == 1 && isBareword(typed) ? typed : phrase(typed))
                    } else {
                        parts.append(
                            "(" + Array(Set(([typed] + others).map(phrase))).sorted().joined(separator: " OR ") + ")")
                    }
                    index += length
                    matched = true
                    break
                }
                if matched { continue }
                if case .term(let text, let quoted, let prefix) = tokens[index] {
                    parts.append(
                        quoted || !isBareword(text) ? phrase(text) + (prefix ? "*" : "") : text + (prefix ? "*" : ""))
                }
            }
            index += 1
        }
        // FTS5 accepts implicit AND only between phrases, so make every AND explicit.
        var joined: [String] = []
        for part in parts {
            if let previous = joined.last, previous != "(", !["AND", "OR", "NOT"].contains(previous),
                part != ")", !["AND", "OR", "NOT"].contains(part)
            {
                joined.append("AND")
            }
            joined.append(part)
        }
        return joined.joined(separator: " ")
    }

    /// Spellings that are also everyday English words ("IS" for the Islamic State, "US", "Ban" for
    /// Ban Ki-moon): they still name their record in filters, but a search is not widened with them,
    /// or a search for the Islamic State would match every "is" in the corpus.
    static let commonWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "ban", "be", "by", "for", "he", "in", "is", "it", "no", "not", "of", "on",
        "or",
        "so", "the", "to", "up", "us", "was", "we",
    ]

    /// Every spelling of every actor, place or process one of whose names is `text`.
    private static func spellings(of text: String, database: Database) throws -> [String] {
        try database.spellings(ofName: text, in: expandingCollections)
    }

    /// The tokens FTS5's unicode61 tokenizer makes of `text`, joined by spaces: folded case and
    /// accents, every other character a separator (apostrophes too, unlike `TextFolding.fold`).
    private static func tokenKey(_ text: String) -> String {
        TextFolding.fold(String(text.unicodeScalars.map { ["'", "’", "#", "@"].contains($0) ? " " : Character($0) }))
    }

    private static func isBareword(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0.value >= 0x80
        }
            && !["AND", "OR", "NOT", "NEAR"].contains(text.uppercased())
    }

    private static func phrase(_ text: String) -> String {
        "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
