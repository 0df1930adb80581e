import XCTest
@testable import ParleyAPI
import Store
import TestSupport

/// `disputed`, declared once (`DatasetSchema.commonFilters`), seen everywhere it must be: in the
/// parameter validation, in the OpenAPI document and in the results of every collection's list.
final class DisputedFilterTests: XCTestCase {
    private var api: APITestServer!
    private var dataset: Dataset!

    override func setUpWithError() throws {
        (api, dataset) = try BundledServer.shared()
    }

    func testDisputedSelectsExactlyTheRecordsWithConflictsOnEveryCollection() throws {
        var disputedSomewhere = 0
        for spec in DatasetSchema.collections {
            let records = dataset.records(in: spec.name)
            let withConflicts = records.filter { !($0.value["conflicts"]?.arrayValue ?? []).isEmpty }.map(\.id)
            // Pages of 3 also check that cursors carry the filter.
            let disputed = try api.walk("/v1/\(spec.name)?disputed=true&limit=3&sort=id")
            XCTAssertEqual(disputed.ids, withConflicts.sorted(), spec.name)
            XCTAssertEqual(disputed.total, withConflicts.count, spec.name)
            let undisputed = try api.walk("/v1/\(spec.name)?disputed=false&limit=1000&sort=id")
            XCTAssertEqual(
                Set(undisputed.ids), Set(records.map(\.id)).subtracting(withConflicts), "\(spec.name): the complement")
            disputedSomewhere += withConflicts.count
        }
        XCTAssertGreaterThan(disputedSomewhere, 0, "the bundled dataset has conflicts to find")
        // With other filters: talks of a process whose sources disagree.
        let talks = try api.walk("/v1/talks?disputed=true&process=geneva&limit=1000")
        let expected = dataset.records(in: "talks").filter {
            $0.value["process"]?.stringValue == "geneva" && !($0.value["conflicts"]?.arrayValue ?? []).isEmpty
        }
        XCTAssertEqual(Set(talks.ids), Set(expected.map(\.id)))
    }

    func testAValueOtherThanTrueOrFalseIsA400NamingTheAllowedValues() throws {
        for spec in DatasetSchema.collections {
            let response = try api.get("/v1/\(spec.name)?disputed=yes")
            XCTAssertEqual(response.status, 400, spec.name)
            let errors = (response.json() as? [String: Any])?["errors"] as? [[String: Any]] ?? []
            XCTAssertEqual(errors.first?["parameter"] as? String, "disputed", spec.name)
            XCTAssertEqual(errors.first?["code"] as? String, "invalid-value", spec.name)
            XCTAssertTrue((errors.first?["detail"] as? String ?? "").contains("allowed: true, false"), "\(errors)")
        }
    }

    func testTheOpenAPIDocumentListsTheFilterOnEveryCollectionList() throws {
        let document = try api.json("/openapi.json")
        let paths = try XCTUnwrap(document["paths"] as? [String: Any])
        for spec in DatasetSchema.collections {
            let get = (paths["/v1/\(spec.name)"] as? [String: Any])?["get"] as? [String: Any]
            let parameters = get?["parameters"] as? [[String: Any]] ?? []
            let disputed = try XCTUnwrap(parameters.first { $0["name"] as? String == "disputed" }, spec.name)
            let schema = disputed["schema"] as? [String: Any]
            XCTAssertTrue(
                "\(schema ?? [:])".contains("true") && "\(schema ?? [:])".contains("false"), "\(spec.name): \(disputed)"
            )
        }
    }
}
