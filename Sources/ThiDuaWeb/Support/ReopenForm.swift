import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// "Mở lại" of a decided year, a ward's or a district's: a reason is required (without one the
/// page shows itself again with the message); the review's locks are lifted and the page opens
/// for a new decision.
enum ReopenForm {
    typealias Refused = @Sendable (WebRouter.Visit, Caller, UUID, Int, FormCheck) async throws -> Response

    /// `page(id, year)`: the decision page's path, where a reopen returns to.
    static func register(on web: WebRouter, path: String, store: ReviewStore, page: @escaping @Sendable (UUID, Int) -> String,
                         refused: @escaping Refused) {
        web.form(path + "/reopen") { visit, caller, form in
            let (id, year) = try YearPath.read(visit.context)
            var check = FormCheck()
            guard let reason = check.text(form["reason"], "reason", required: "Nhập lý do mở lại quyết định.", maxLength: 4000, multiline: true) else {
                return try await refused(visit, caller, id, year, check)
            }
            _ = try await store.reopen(organizationId: id, year: year, reason: reason, expectedVersion: form["version"].flatMap { Int($0) },
                                       scope: .of(caller, write: .writeReviews), context: WriteContext(visit.context, caller))
            return redirect(page(id, year), notice: "reopened")
        }
    }
}
