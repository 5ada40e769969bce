/// What an uploaded archive is, from its first bytes (not from a header the client may get wrong).
enum ArchiveKind {
    case tar
    case gzip
    case zip

    init?(_ head: [UInt8]) {
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            self = .zip
        } else if head.starts(with: [0x1F, 0x8B]) {
            self = .gzip
        } else if head.count >= 262, Array(head[257..<262]) == Array("ustar".utf8) {
            self = .tar
        } else {
            return nil
        }
    }
}
