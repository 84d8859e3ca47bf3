import Logging
import WellClient

extension AgentService {
    // MARK: - suspend / resume

    /// How long the link check after a resume waits for the server's RECEIPT.
    static let resumeLinkCheckTimeout: Duration = .seconds(2)

    /// The watcher of logind's `PrepareForSleep` (started with the agent's other loops).
    func sleepWatcherLoop() -> @Sendable () async -> Void {
        let watcher = SleepWatcher(environment: options.environment, logger: logger)
        return { await watcher.run { sleeping in await self.sleepStateChanged(sleeping) } }
    }

    /// `PrepareForSleep(true)`: noted. `PrepareForSleep(false)` (resumed): checks the event
    /// channel at once; a dead one is dropped and re-established without waiting for the
    /// heart-beat watchdog.
    func sleepStateChanged(_ sleeping: Bool) async {
        guard !sleeping else {
            logger.info("the system is going to sleep")
            return
        }
        guard let client, await client.isLoggedIn else {
            logger.info("the system resumed")
            return
        }
        logger.info("the system resumed; checking the link to the server")
        if await client.checkEventChannel(timeout: Self.resumeLinkCheckTimeout) {
            logger.info("the link to the server survived the suspend")
        } else {
            logger.warning("the link to the server did not survive the suspend; reconnecting")
        }
    }
}
