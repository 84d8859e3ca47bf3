/// How the client re-establishes a dropped event channel.
///
/// The default reconnects forever with an exponential back-off from 1 s to 30 s and ±20 % jitter.
/// The seed's behaviour ("N tries, then `wsDisconnected`") is ``maxAttempts``.
public struct ReconnectPolicy: Sendable, Equatable {
    /// Delay before the first attempt.
    public var initialDelay: Duration
    /// Upper bound for the delay between attempts.
    public var maxDelay: Duration
    /// Factor applied to the delay after each failed attempt.
    public var multiplier: Double
    /// Relative jitter applied to every delay (`0.2` = ±20 %).
    public var jitter: Double
    /// Give up after this many consecutive failed attempts; `nil` = never give up.
    public var maxAttempts: Int?
    /// After the link has been down this long, ``WellEvent/linkDown(_:)`` is emitted once.
    public var downNotice: Duration

    /// Creates a policy; every parameter has the product default.
    public init(
        initialDelay: Duration = .seconds(1),
        maxDelay: Duration = .seconds(30),
        multiplier: Double = 2,
        jitter: Double = 0.2,
        maxAttempts: Int? = nil,
        downNotice: Duration = .seconds(30)
    ) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.multiplier = multiplier
        self.jitter = jitter
        self.maxAttempts = maxAttempts
        self.downNotice = downNotice
    }

    /// The product default: forever, 1 s → 30 s ± 20 %.
    public static let `default` = ReconnectPolicy()

    /// The delay before attempt number `attempt` (1-based), before jitter.
    public func baseDelay(attempt: Int) -> Duration {
        let exponent = Double(max(0, attempt - 1))
        let initial = self.initialDelay.seconds
        let raw = initial * pow2(self.multiplier, exponent)
        return .seconds(min(raw, self.maxDelay.seconds))
    }

    /// The factors the jitter draws from: `1 ± jitter` (`0.8...1.2` by default; `1...1` without jitter).
    public var jitterRange: ClosedRange<Double> {
        let spread = max(0, self.jitter)
        return (1 - spread)...(1 + spread)
    }

    /// The delay before attempt number `attempt` (1-based): ``baseDelay(attempt:)`` times
    /// `jitterFactor`, a number drawn from ``jitterRange``.
    public func delay(attempt: Int, jitterFactor: Double) -> Duration {
        .seconds(self.baseDelay(attempt: attempt).seconds * jitterFactor)
    }

    /// The delay before attempt number `attempt` (1-based), with jitter from the system generator.
    ///
    /// The jitter is drawn inside the standard library: handing the zero-sized
    /// `SystemRandomNumberGenerator` `inout` through our own code makes ThreadSanitizer builds
    /// (swift 6.3) instrument that access at an undefined address and crash with SEGV.
    public func delay(attempt: Int) -> Duration {
        self.delay(attempt: attempt, jitterFactor: Double.random(in: self.jitterRange))
    }

    /// The delay before attempt number `attempt` (1-based), with jitter drawn from `generator`
    /// (a seeded generator in tests; see ``delay(attempt:)`` for the system one).
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        self.delay(attempt: attempt, jitterFactor: Double.random(in: self.jitterRange, using: &generator))
    }

    /// Whether another attempt may be made after `failures` consecutive failures.
    public func allowsAttempt(after failures: Int) -> Bool {
        guard let maxAttempts = self.maxAttempts else { return true }
        return failures < maxAttempts
    }
}

private func pow2(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var remaining = Int(exponent)
    while remaining > 0 && result < 1e9 {
        result *= base
        remaining -= 1
    }
    return result
}

extension Duration {
    /// The duration as fractional seconds.
    var seconds: Double {
        let parts = self.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
