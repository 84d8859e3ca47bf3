extension WellClient {
    /// Feeds one STOMP `MESSAGE` body through the client exactly as the event channel does:
    /// decode, drop duplicates, apply to the call model, publish to every subscriber.
    ///
    /// For benchmarks and tests inside this package (the event channel calls the same code).
    package func ingest(body: [UInt8]) {
        self.receive(body: body)
    }
}
