/// The built-in drawing behind `IconPixmap`, for hosts that do not have our theme icons: a
/// filled disc in the look's colour, with a white ring for the attention icon.
public enum TrayPixmap {
    /// The sizes sent (square, pixels); hosts pick the closest.
    public static let sizes = [16, 24, 32, 48]

    /// One image: `width × height` pixels, ARGB32 in network byte order, row by row.
    public struct Image: Sendable, Equatable {
        public var width: Int
        public var height: Int
        public var argb: [UInt8]
    }

    /// The disc of `colour` (`0xRRGGBB`) at `size`; `ring` adds a white ring inside it.
    public static func disc(colour: UInt32, size: Int, ring: Bool = false) -> Image {
        let red = UInt8((colour >> 16) & 0xFF), green = UInt8((colour >> 8) & 0xFF), blue = UInt8(colour & 0xFF)
        let centre = Double(size) / 2, radius = Double(size) / 2 - 0.5
        let ringOuter = radius * 0.62, ringInner = radius * 0.40
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size * size * 4)
        // Four samples per pixel smooth the edge.
        let offsets = [0.25, 0.75]
        for y in 0..<size {
            for x in 0..<size {
                var inside = 0, white = 0
                for dy in offsets {
                    for dx in offsets {
                        let px = Double(x) + dx - centre, py = Double(y) + dy - centre
                        let distance = (px * px + py * py).squareRoot()
                        guard distance <= radius else { continue }
                        inside += 1
                        if ring && distance <= ringOuter && distance >= ringInner { white += 1 }
                    }
                }
                let alpha = UInt8(inside * 255 / 4)
                func mix(_ channel: UInt8) -> UInt8 {
                    guard inside > 0 else { return 0 }
                    return UInt8((Int(channel) * (inside - white) + 255 * white) / inside)
                }
                bytes += [alpha, mix(red), mix(green), mix(blue)]
            }
        }
        return Image(width: size, height: size, argb: bytes)
    }

    /// Every size of the disc of `colour`.
    public static func discs(colour: UInt32, ring: Bool = false) -> [Image] {
        sizes.map { disc(colour: colour, size: $0, ring: ring) }
    }
}
