import Crypto
import Foundation
import Testing

@testable import Platform

@Suite struct SecretBoxTests {
    @Test func sealOpensOnlyUnderTheSameKeyAndContext() throws {
        let box = SecretBox(key: SymmetricKey(size: .bits256), source: "test")
        let sealed = try box.seal(Data("sk-abc".utf8), context: "conn")
        #expect(!sealed.contains("sk-abc"))
        #expect(try box.open(sealed, context: "conn") == Data("sk-abc".utf8))
        // A fresh nonce each time: the same plaintext never seals to the same bytes.
        #expect(try box.seal(Data("sk-abc".utf8), context: "conn") != sealed)
        // The connection name is authenticated: a sealed value cannot be moved to another connection.
        #expect(throws: PlatformError.self) { try box.open(sealed, context: "other") }
        let other = SecretBox(key: SymmetricKey(size: .bits256), source: "other key")
        let error = #expect(throws: PlatformError.self) { try other.open(sealed, context: "conn") }
        #expect(error?.description.contains("cannot be decrypted with the master key from other key") == true)
        var tampered = sealed
        tampered[tampered.count - 1] ^= 1
        #expect(throws: PlatformError.self) { try box.open(tampered, context: "conn") }
    }

    @Test func keyFileIsGeneratedOwnerOnlyInAnOwnerOnlyDirectoryAndReused() throws {
        let home = TemporaryHome()
        let first = try SecretBox.load(directory: home.directory, environment: [:])
        let keyFile = home.directory.file(SecretBox.keyFileName)
        #expect(try home.mode(keyFile) == 0o600)
        #expect(try home.mode(home.directory.url) == 0o700)
        let text = try String(contentsOf: keyFile, encoding: .utf8)
        #expect(Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32)
        let sealed = try first.seal(Data("v".utf8), context: "c")
        let second = try SecretBox.load(directory: home.directory, environment: [:])
        #expect(try second.open(sealed, context: "c") == Data("v".utf8))
    }

    @Test func environmentKeyIsUsedAndNoFileIsWritten() throws {
        let home = TemporaryHome()
        let key = Data(repeating: 7, count: 32).base64EncodedString()
        let box = try SecretBox.load(directory: home.directory, environment: [SecretBox.environmentVariable: key])
        #expect(!FileManager.default.fileExists(atPath: home.directory.file(SecretBox.keyFileName).path))
        let sealed = try box.seal(Data("v".utf8), context: "c")
        let same = SecretBox(key: SymmetricKey(data: Data(repeating: 7, count: 32)), source: "same")
        #expect(try same.open(sealed, context: "c") == Data("v".utf8))
    }

    @Test func malformedEnvironmentKeyIsAClearError() throws {
        let home = TemporaryHome()
        for bad in ["not base64!", Data(repeating: 1, count: 16).base64EncodedString()] {
            let error = #expect(throws: PlatformError.self) {
                try SecretBox.load(directory: home.directory, environment: [SecretBox.environmentVariable: bad])
            }
            #expect(error == .masterKey("FLOWGATE_MASTER_KEY must hold 32 bytes (256 bits) encoded as base64."))
        }
    }

    @Test func keyFileReadableByOthersIsRefused() throws {
        let home = TemporaryHome()
        _ = try SecretBox.load(directory: home.directory, environment: [:])
        let keyFile = home.directory.file(SecretBox.keyFileName)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile.path)
        let error = #expect(throws: PlatformError.self) {
            try SecretBox.load(directory: home.directory, environment: [:])
        }
        #expect(error?.description.contains("chmod 600") == true)
    }
}
