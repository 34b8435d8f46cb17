/// The states of a commitment (domain.md): `DRAFT → SUBMITTED → ACKNOWLEDGED → CLOSED`, with
/// `RETURNED` sending it back for editing.
public enum CommitmentStatus: String, DomainCode {
    case draft = "DRAFT"
    case submitted = "SUBMITTED"
    case acknowledged = "ACKNOWLEDGED"
    case returned = "RETURNED"
    case closed = "CLOSED"

    /// Only a draft or a returned commitment can be edited.
    public var isEditable: Bool { self == .draft || self == .returned }
}

public enum CommitmentAction: String, Sendable, CaseIterable {
    case edit, submit, acknowledge, `return`, close, reopen
}

/// The transitions, as a plain function: the store and the routes only call it.
public enum CommitmentMachine {
    public struct Refused: Error, Equatable, Sendable {
        public var action: CommitmentAction
        public var status: CommitmentStatus

        public init(action: CommitmentAction, status: CommitmentStatus) {
            self.action = action
            self.status = status
        }
        public var message: String { "A commitment in state \(status.rawValue) cannot be \(Self.verb(action))." }

        static func verb(_ action: CommitmentAction) -> String {
            switch action {
            case .edit: "edited"
            case .submit: "submitted"
            case .acknowledge: "acknowledged"
            case .return: "returned"
            case .close: "closed"
            case .reopen: "reopened"
            }
        }
    }

    /// The state after `action`, or the refusal naming the current state.
    public static func next(_ status: CommitmentStatus, _ action: CommitmentAction) -> Result<CommitmentStatus, Refused> {
        switch (status, action) {
        case (.draft, .edit), (.returned, .edit): .success(status)
        case (.draft, .submit), (.returned, .submit): .success(.submitted)
        case (.submitted, .acknowledge): .success(.acknowledged)
        case (.submitted, .return): .success(.returned)
        // The ward's decision closes the year's commitments, acknowledged or not.
        case (.draft, .close), (.submitted, .close), (.acknowledged, .close), (.returned, .close): .success(.closed)
        case (.closed, .reopen): .success(.acknowledged)
        default: .failure(Refused(action: action, status: status))
        }
    }

    /// The criteria of the framework that have no item: a commitment with any is not complete.
    public static func missingCriteria(required: [String], itemCriteria: [String]) -> [String] {
        let present = Set(itemCriteria)
        return required.filter { !present.contains($0) }
    }
}
