import Testing
@testable import WellClient

/// The subscriber streams of ``Broadcast``: order, independence, end and unsubscription.
struct BroadcastTests {
    @Test func everySubscriberGetsEveryValueInOrderWhileTheyAreBeingPublished() async {
        let hub = Broadcast<Int>()
        let streams = [hub.subscribe(), hub.subscribe()]
        let count = 20_000
        await withTaskGroup(of: [Int].self) { group in
            for stream in streams {
                group.addTask {
                    var seen: [Int] = []
                    for await value in stream {
                        seen.append(value)
                        if seen.count % 997 == 0 { await Task.yield() } // drain in uneven steps
                    }
                    return seen
                }
            }
            for value in 0..<count {
                hub.publish(value)
                if value % 1_000 == 0 { await Task.yield() }
            }
            hub.finish()
            for await seen in group { #expect(seen == Array(0..<count)) }
        }
    }

    @Test func aConsumerThatNeverReadsDoesNotHoldUpAnother() async {
        let hub = Broadcast<Int>()
        let idle = hub.subscribe()
        let active = hub.subscribe()
        for value in 0..<1_000 { hub.publish(value) }
        var iterator = active.makeAsyncIterator()
        var seen: [Int] = []
        for _ in 0..<1_000 { if let value = await iterator.next() { seen.append(value) } }
        #expect(seen == Array(0..<1_000))
        // The idle stream buffered everything meanwhile.
        hub.finish()
        var buffered = 0
        for await _ in idle { buffered += 1 }
        #expect(buffered == 1_000)
    }

    @Test func finishDeliversWhatWasBufferedThenEnds() async {
        let hub = Broadcast<String>()
        let stream = hub.subscribe()
        hub.publish("a")
        hub.publish("b")
        hub.finish()
        hub.publish("c") // after finish: nobody gets it
        var seen: [String] = []
        for await value in stream { seen.append(value) }
        #expect(seen == ["a", "b"])
        // Subscribing after finish gives a stream that ends at once.
        var late = 0
        for await _ in hub.subscribe() { late += 1 }
        #expect(late == 0)
    }

    @Test func aWaitingConsumerIsWokenByAValueAndByFinish() async {
        let hub = Broadcast<Int>()
        let stream = hub.subscribe()
        async let collected: [Int] = {
            var seen: [Int] = []
            for await value in stream { seen.append(value) }
            return seen
        }()
        // Give the consumer time to suspend on an empty buffer (the result does not depend on it).
        try? await Task.sleep(for: .milliseconds(20))
        hub.publish(1)
        try? await Task.sleep(for: .milliseconds(20))
        hub.publish(2)
        hub.finish()
        #expect(await collected == [1, 2])
    }

    @Test func droppingAStreamUnsubscribesIt() async {
        let hub = Broadcast<Int>()
        do {
            let stream = hub.subscribe()
            #expect(hub.subscriberCount == 1)
            _ = stream
        }
        #expect(hub.subscriberCount == 0)
        // Also after it was partly read.
        do {
            let stream = hub.subscribe()
            hub.publish(1)
            hub.publish(2)
            var iterator = stream.makeAsyncIterator()
            #expect(await iterator.next() == 1)
            #expect(hub.subscriberCount == 1)
        }
        #expect(hub.subscriberCount == 0)
    }

    @Test func cancellingTheConsumerEndsItsStreamAndUnsubscribes() async {
        let hub = Broadcast<Int>()
        let stream = hub.subscribe()
        let other = hub.subscribe()
        let consumer = Task {
            var count = 0
            for await _ in stream { count += 1 }
            return count
        }
        hub.publish(1)
        try? await Task.sleep(for: .milliseconds(20)) // usually waiting for the next value by now
        consumer.cancel()
        let count = await consumer.value
        #expect(count <= 1)
        #expect(hub.subscriberCount == 1)
        // The other subscriber is unaffected.
        hub.publish(2)
        hub.finish()
        var seen: [Int] = []
        for await value in other { seen.append(value) }
        #expect(seen == [1, 2])
    }
}
