/// One stored (uncompressed) member of a zip archive: its name and where its bytes lie in the archive.
struct ZipEntry: Sendable {
    let name: String
    /// Offset of the member's data (after its local header) in the archive.
    let offset: Int
    let size: Int
}
