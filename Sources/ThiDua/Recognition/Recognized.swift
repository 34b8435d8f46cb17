import Foundation

/// A commendation, badge award or exemplar with its recipient's name, for a page that lists
/// them (the records themselves carry only the recipient's id).
public struct Recognized<Record: Sendable>: Sendable {
    public var record: Record
    public var recipient: String
}

/// One record of a batch written in one transaction (several commendations or badges of one
/// decision) was refused: nothing of the batch was written, and `index` says which one it was.
public struct BatchItemFailure: Error, Sendable {
    public var index: Int
    public var error: any Error & Sendable
}
