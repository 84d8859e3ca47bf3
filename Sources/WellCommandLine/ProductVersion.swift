/// The product's version, shown by `wellclient --version` and in the agent's `Status`.
/// `packaging/VERSION` (the `.deb`'s version) holds the same text; a test keeps them equal.
public enum ProductVersion {
    /// The version text, e.g. `0.1.0`.
    public static let current = "0.1.0"
}
