import Foundation

/// Small helpers for printing benchmark figures.
enum Figures {
    /// Seconds in a `Duration`.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Milliseconds in a `Duration`.
    static func milliseconds(_ duration: Duration) -> Double { Self.seconds(duration) * 1000 }

    /// The `p`-th percentile (nearest rank) of sorted values.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// Resident set size of this process in MiB (`/proc/self/statm`, second field × page size).
    static func residentMiB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return .nan }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return .nan }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// Events per second of repeated runs: the median, then min and max.
    static func rate(_ runs: [Double]) -> String {
        let sorted = runs.sorted()
        return String(
            format: "%.0f events/s (median of %d; min %.0f, max %.0f)", Self.median(runs), sorted.count, sorted.first ?? .nan,
            sorted.last ?? .nan)
    }

    /// The median of `values` (the lower middle one for an even count).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? .nan : sorted[(sorted.count - 1) / 2]
    }

    /// Ratios of paired values (`numerators[i] / denominators[i]`, one pair per run): the median,
    /// then min and max — how many times its baseline a figure costs, run by run.
    static func ratio(_ numerators: [Double], _ denominators: [Double]) -> String {
        let ratios = zip(numerators, denominators).map { $0 / $1 }.sorted()
        return String(format: "%.2f× (median of %d; min %.2f, max %.2f)", Self.median(ratios), ratios.count, ratios.first ?? .nan, ratios.last ?? .nan)
    }

    /// Prints one figure per line: `name: value unit`.
    static func line(_ name: String, _ value: String) {
        Self.say("\(name.padding(toLength: 52, withPad: " ", startingAt: 0)) \(value)")
    }

    /// Writes one line to standard output now (unbuffered, so a crash loses nothing).
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
