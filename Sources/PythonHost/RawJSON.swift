import Foundation

/// Any JSON value kept as its serialized bytes, for decoding fields whose type the caller interprets.
struct RawJSON: Decodable {
    var data: Data

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            data = Data("null".utf8)
        } else if let bool = try? container.decode(Bool.self) {
            data = Data((bool ? "true" : "false").utf8)
        } else if let int = try? container.decode(Int64.self) {
            data = Data(String(int).utf8)
        } else if let double = try? container.decode(Double.self) {
            data = Data(String(double).utf8)
        } else if let string = try? container.decode(String.self) {
            data = JSONText.string(string)
        } else if let array = try? container.decode([RawJSON].self) {
            data = Data("[".utf8) + Data(array.map { $0.data }.joined(separator: Data(",".utf8))) + Data("]".utf8)
        } else {
            let object = try container.decode([String: RawJSON].self)
            var out = Data("{".utf8)
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(JSONText.string(key))
                out.append(UInt8(ascii: ":"))
                out.append(object[key]?.data ?? Data("null".utf8))
            }
            data = out + Data("}".utf8)
        }
    }
}
