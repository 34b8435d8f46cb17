import CivilDate
import ThiDua

/// The checks of a posted form, with Vietnamese messages that say what to do, collected per
/// control so the page shows them in its summary and beside each field. The same rules as
/// the API's `Validator` (NFC, trimmed, control characters, length in scalars).
struct FormCheck {
    private(set) var errors: [FieldMessage] = []
    /// The first message of each control, read once per control of a form of thousands.
    private var firstMessage: [String: String] = [:]

    var isEmpty: Bool { errors.isEmpty }

    mutating func fail(_ id: String, _ message: String, anchor: String? = nil) {
        errors.append(FieldMessage(id: id, message: message, anchor: anchor))
        if firstMessage[id] == nil { firstMessage[id] = message }
    }

    func message(for id: String) -> String? {
        firstMessage[id]
    }

    /// The cleaned text, or nil (with a message when required or malformed).
    mutating func text(_ value: String?, _ id: String, required: String? = nil, maxLength: Int = 500, multiline: Bool = false) -> String? {
        if TextNormalizer.controlCharacterError(value, multiline: multiline) != nil {
            fail(id, multiline ? "Bỏ các ký tự điều khiển khỏi nội dung." : "Nhập trên một dòng, không có ký tự điều khiển.")
            return nil
        }
        guard let cleaned = TextNormalizer.clean(value) else {
            if let required { fail(id, required) }
            return nil
        }
        guard cleaned.unicodeScalars.count <= maxLength else {
            fail(id, "Rút gọn còn tối đa \(Format.number(maxLength)) ký tự (hiện có \(Format.number(cleaned.unicodeScalars.count))).")
            return nil
        }
        return cleaned
    }

    /// A whole number in `range` typed into a field; nil (with a message) otherwise.
    mutating func integer(_ value: String?, _ id: String, _ range: ClosedRange<Int>, required: String? = nil) -> Int? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            if let required { fail(id, required) }
            return nil
        }
        // "1.200" is how a Vietnamese page writes twelve hundred: dots between groups of three.
        let digits = text.wholeMatch(of: /[0-9]{1,3}(\.[0-9]{3})+/) != nil ? text.replacingOccurrences(of: ".", with: "") : text
        guard digits.count <= 9, let number = Int(digits), range.contains(number) else {
            fail(id, "Nhập một số nguyên từ \(Format.number(range.lowerBound)) đến \(Format.number(range.upperBound)).")
            return nil
        }
        return number
    }

    mutating func date(_ value: String?, _ id: String, required: String? = nil) -> CalendarDate? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            if let required { fail(id, required) }
            return nil
        }
        guard let date = Format.parseDate(text) else {
            fail(id, "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/12/2026.")
            return nil
        }
        return date
    }
}
