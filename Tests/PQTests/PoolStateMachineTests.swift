@testable import PQ
import Testing

/// The pool's rules, with strings for connections and waiters.
@Suite struct PoolStateMachineTests {
    typealias Machine = PoolStateMachine<String, String>
    let now = ContinuousClock.now

    @Test func opensUpToTheMaximumThenQueuesCallersInOrder() {
        var machine = Machine(maxConnections: 2)
        guard case .open = machine.lease() else { Issue.record("first lease should open"); return }
        guard case .keep = machine.openedForCaller("c1") else { Issue.record("the caller keeps it"); return }
        guard case .open = machine.lease() else { Issue.record("second lease should open"); return }
        machine.openFailed()
        guard case .open = machine.lease() else { Issue.record("a failed open frees its place"); return }
        _ = machine.openedForCaller("c2")
        guard case .mustWait = machine.lease() else { Issue.record("the pool is full"); return }
        guard case .queued = machine.wait("w1", deadline: now + .seconds(5)),
              case .queued = machine.wait("w2", deadline: now + .seconds(5)) else {
            Issue.record("waiters queue"); return
        }
        #expect(machine.waiters.map(\.waiter) == ["w1", "w2"], "in the order they came")
        #expect(machine.total == 2 && machine.leased == 2)
        guard case .resume("w1", "c2") = machine.release("c2", isClosed: false) else { Issue.record("first waiter first"); return }
        guard case .resume("w2", "c1") = machine.release("c1", isClosed: false) else { Issue.record("then the second"); return }
        #expect(machine.leased == 2 && machine.waiters.isEmpty)
        guard case .keep = machine.release("c1", isClosed: false) else { Issue.record("no one waits: idle"); return }
        guard case .use("c1") = machine.lease() else { Issue.record("the idle connection is used"); return }
    }

    @Test func aConnectionReturnedBeforeTheCallerQueuedIsTakenAtOnce() {
        var machine = Machine(maxConnections: 1)
        _ = machine.lease()
        _ = machine.openedForCaller("c1")
        guard case .mustWait = machine.lease() else { Issue.record("full"); return }
        _ = machine.release("c1", isClosed: false)
        guard case .use("c1") = machine.wait("w1", deadline: now) else { Issue.record("no need to queue"); return }
        #expect(machine.waiters.isEmpty && machine.leased == 1)
    }

    @Test func aConnectionThatClosedItselfIsForgottenAndReplacedForWaiters() {
        var machine = Machine(maxConnections: 1)
        _ = machine.lease()
        _ = machine.openedForCaller("c1")
        _ = machine.wait("w1", deadline: now + .seconds(5))
        guard case .forget = machine.release("c1", isClosed: true) else { Issue.record("forgotten"); return }
        #expect(machine.total == 0)
        #expect(machine.connectionsToOpen(minimum: 0) == 1, "one for the waiter")
        #expect(machine.connectionsToOpen(minimum: 0) == 0, "already opening")
        guard case .resume("w1", "c2") = machine.openedForPool("c2") else { Issue.record("the waiter gets it"); return }
    }

    @Test func topsUpToTheMinimumWithinTheMaximum() {
        var machine = Machine(maxConnections: 3)
        #expect(machine.connectionsToOpen(minimum: 2) == 2)
        _ = machine.openedForPool("c1")
        machine.openFailed()
        #expect(machine.idle == ["c1"])
        #expect(machine.connectionsToOpen(minimum: 5) == 2, "never past the maximum")
    }

    @Test func waitersPastTheirDeadlineExpireAndOthersStay() {
        var machine = Machine(maxConnections: 1)
        _ = machine.lease()
        _ = machine.openedForCaller("c1")
        _ = machine.wait("late", deadline: now)
        _ = machine.wait("patient", deadline: now + .seconds(60))
        #expect(machine.expire(now: now + .milliseconds(1)) == ["late"])
        #expect(machine.waiters.map(\.waiter) == ["patient"])
        #expect(machine.expire(now: now + .milliseconds(2)).isEmpty)
    }

    @Test func drainingFailsWaitersClosesReturnedConnectionsAndRefusesLeases() {
        var machine = Machine(maxConnections: 2)
        _ = machine.connectionsToOpen(minimum: 1)
        _ = machine.openedForPool("idle")
        _ = machine.lease()
        _ = machine.lease()
        _ = machine.openedForCaller("busy")
        _ = machine.wait("w1", deadline: now + .seconds(5))
        #expect(machine.startDraining() == ["w1"])
        guard case .closed = machine.lease() else { Issue.record("no lease while draining"); return }
        #expect(!machine.isDrained)
        guard case .close("busy") = machine.release("busy", isClosed: false) else { Issue.record("closed on return"); return }
        guard case .close("idle") = machine.release("idle", isClosed: false) else { Issue.record("closed on return"); return }
        #expect(machine.isDrained)
        #expect(machine.close().isEmpty)
        #expect(machine.phase == .closed)
        #expect(machine.connectionsToOpen(minimum: 2) == 0)
    }

    @Test func aHealthCheckTakesTheIdleConnectionsAndKeepsOnlyTheLiveOnes() {
        var machine = Machine(maxConnections: 3)
        _ = machine.connectionsToOpen(minimum: 2)
        _ = machine.openedForPool("a")
        _ = machine.openedForPool("b")
        #expect(machine.takeIdleForCheck() == ["a", "b"])
        guard case .mustWait = machine.lease() else {
            // The third place is free: the caller opens one; checked ones are not lent.
            _ = machine.openedForCaller("c")
            guard case .close("a") = machine.checked("a", alive: false) else { Issue.record("dead one closed"); return }
            guard case .keep = machine.checked("b", alive: true) else { Issue.record("live one kept"); return }
            #expect(machine.idle == ["b"] && machine.leased == 1 && machine.total == 2)
            return
        }
        Issue.record("a lease during a check should open the free place")
    }
}
