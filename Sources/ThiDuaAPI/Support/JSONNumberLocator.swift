import Foundation

/// Finds the field whose number made a JSON body undecodable.
///
/// Foundation's `JSONDecoder` reports a number its field cannot hold (a fraction or 1e308 for
/// an `Int`) as "not valid JSON" with no coding path. The body did parse, so each suspicious
/// number (not whole, or beyond the ±2^53 that a double holds exactly) is set to 0 in turn and
/// the body decoded again: the one whose change lets it decode is the field to name. Runs only
/// on the error path.
enum JSONNumberLocator {
    static func field(in tree: Any, decode: (Data) throws -> Void) -> String? {
        for path in suspicious(tree, path: []) {
            let mended = replacing(path: path[...], in: tree)
            guard let data = try? JSONSerialization.data(withJSONObject: mended, options: [.fragmentsAllowed]) else { continue }
            do {
                try decode(data)
                return path.field
            } catch let error as DecodingError {
                if case .dataCorrupted(let context) = error, context.codingPath.isEmpty { continue }
                return path.field
            } catch {
                continue
            }
        }
        return nil
    }

    enum Step { case key(String), index(Int) }

    private static func suspicious(_ value: Any, path: [Step]) -> [[Step]] {
        switch value {
        case let object as [String: Any]:
            return object.keys.sorted().flatMap { suspicious(object[$0]!, path: path + [.key($0)]) }
        case let array as [Any]:
            return array.enumerated().flatMap { suspicious($1, path: path + [.index($0)]) }
        case let number as NSNumber where !(value is String):
            let double = number.doubleValue
            return double.rounded() != double || abs(double) >= 9_007_199_254_740_992 ? [path] : []
        default:
            return []
        }
    }

    private static func replacing(path: ArraySlice<Step>, in value: Any) -> Any {
        guard let step = path.first else { return 0 }
        switch (step, value) {
        case (.key(let key), var object as [String: Any]):
            object[key] = replacing(path: path.dropFirst(), in: object[key] as Any)
            return object
        case (.index(let index), var array as [Any]) where array.indices.contains(index):
            array[index] = replacing(path: path.dropFirst(), in: array[index])
            return array
        default:
            return value
        }
    }
}

extension Array where Element == JSONNumberLocator.Step {
    /// `criteria[2].points`, as validation errors name fields.
    var field: String {
        var text = ""
        for step in self {
            switch step {
            case .key(let key): text += (text.isEmpty ? "" : ".") + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
