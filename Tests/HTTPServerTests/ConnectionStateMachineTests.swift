import XCTest
@testable import HTTPServer

/// The keep-alive, deadline and close policy, driven by a fake clock in milliseconds.
final class ConnectionStateMachineTests: XCTestCase {
    private let timeouts = ConnectionTimeouts(head: 100, idle: 200, write: 300, linger: 50)
    private func at(_ ms: Int64) -> MonotonicInstant { MonotonicInstant(milliseconds: ms) }

    func testIdleKeepAliveConnectionClosesAfterIdleTimeout() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: at(0))
        XCTAssertEqual(machine.tick(now: at(199)), .none)
        XCTAssertEqual(machine.tick(now: at(200)), .close)
        XCTAssertTrue(machine.isClosed)
    }

    func testHeadDeadlineCountsFromFirstByteAndAnswers408() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: at(0))
        machine.inputSettled(partialHeadBuffered: true, now: at(150))
        XCTAssertEqual(machine.tick(now: at(240)), .none, "the idle deadline no longer applies once a head has started")
        XCTAssertEqual(machine.tick(now: at(250)), .respondTimeoutThenClose)
        XCTAssertFalse(machine.acceptsRequests)
        XCTAssertEqual(machine.outputFlushed(now: at(251)), .halfCloseAndDrain)
        XCTAssertEqual(machine.tick(now: at(300)), .none)
        XCTAssertEqual(machine.tick(now: at(301)), .close, "drain ends after the linger time")
    }

    func testSlowHeadThatCompletesInTimeIsServedAndResetsDeadlines() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: at(0))
        machine.inputSettled(partialHeadBuffered: true, now: at(10))
        machine.headConsumed(now: at(90))
        XCTAssertTrue(machine.requestReceived(keepAlive: true))
        machine.inputSettled(partialHeadBuffered: false, now: at(90))
        XCTAssertEqual(machine.outputFlushed(now: at(95)), .none)
        XCTAssertEqual(machine.tick(now: at(200)), .none, "idle deadline restarts after the response")
        XCTAssertEqual(machine.tick(now: at(295)), .close)
    }

    func testNoIdleCloseWhileAResponseIsStillBeingWritten() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: at(0))
        XCTAssertTrue(machine.requestReceived(keepAlive: true))
        machine.writeStalled(now: at(10))
        XCTAssertEqual(machine.tick(now: at(250)), .none)
        machine.writeProgressed(now: at(250))
        XCTAssertEqual(machine.tick(now: at(500)), .none, "progress restarts the write deadline")
        XCTAssertEqual(machine.tick(now: at(550)), .close, "a client that stops reading is dropped")
    }

    func testConnectionCloseRequestClosesGracefullyAfterResponse() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: at(0))
        XCTAssertFalse(machine.requestReceived(keepAlive: false))
        XCTAssertFalse(machine.acceptsRequests, "no pipelined request is answered after Connection: close")
        XCTAssertEqual(machine.outputFlushed(now: at(5)), .halfCloseAndDrain)
        XCTAssertEqual(machine.peerClosed(), .close)
    }

    func testParseFailureClosesAfterTheErrorResponse() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: at(0))
        machine.requestFailed()
        XCTAssertFalse(machine.acceptsRequests)
        XCTAssertEqual(machine.outputFlushed(now: at(1)), .halfCloseAndDrain)
        XCTAssertTrue(machine.isDraining)
    }

    func testPeerHalfCloseStillGetsItsResponse() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: at(0))
        XCTAssertTrue(machine.requestReceived(keepAlive: true))
        XCTAssertEqual(machine.peerClosed(), .none)
        XCTAssertEqual(machine.outputFlushed(now: at(1)), .halfCloseAndDrain)
    }

    func testPeerCloseWhenIdleClosesAtOnce() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: at(0))
        XCTAssertEqual(machine.peerClosed(), .close)
    }

    func testQuiesceClosesIdleConnectionsAtOnce() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: at(0))
        XCTAssertEqual(machine.quiesce(now: at(1)), .close)
    }

    func testQuiesceLetsInFlightResponseFinishThenCloses() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: at(0))
        XCTAssertTrue(machine.requestReceived(keepAlive: true))
        XCTAssertEqual(machine.quiesce(now: at(1)), .none)
        XCTAssertEqual(machine.outputFlushed(now: at(2)), .halfCloseAndDrain)
    }

    func testQuiesceAnswersAHeadInProgressWithConnectionClose() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: at(0))
        machine.inputSettled(partialHeadBuffered: true, now: at(1))
        XCTAssertEqual(machine.quiesce(now: at(2)), .none)
        machine.headConsumed(now: at(3))
        XCTAssertFalse(machine.requestReceived(keepAlive: true), "the response to it must carry Connection: close")
    }

    func testSocketFailureCloses() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: at(0))
        XCTAssertEqual(machine.socketFailed(), .close)
        XCTAssertEqual(machine.tick(now: at(10_000)), .none)
    }
}
