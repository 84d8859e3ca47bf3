import Foundation

// The floor under the agent's memory: a Swift hello-world that loads full Foundation (and with it
// FoundationInternationalization and ICU) as the agent must for GRDB, built like the product. It
// touches a `Date` and a file `URL`, then waits for a signal after its line (SIGTERM ends it).
let now = Date()
let home = URL(fileURLWithPath: "/tmp")
print("hello, world (\(now.timeIntervalSince1970 > 0 ? "Foundation" : "?"), \(home.path))")
fflush(nil)
while true { pause() }
