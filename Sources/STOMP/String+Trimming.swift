extension Substring {
    /// Drops leading and trailing ASCII spaces and tabs.
    func trimmingSpaces() -> Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}

extension String {
    /// Drops leading and trailing ASCII spaces and tabs.
    func trimmingSpacesString() -> String { String(self[...].trimmingSpaces()) }
}
