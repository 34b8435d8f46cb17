import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// The record and year of a page's path (`/members/{id}/…/{year}`, `/cells/{id}/…/{year}`);
/// anything else there is "not found", like a record that does not exist.
enum YearPath {
    static func read(_ context: AppRequestContext) throws -> (UUID, Int) {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let year = context.parameters.get("year").flatMap({ Int($0) }), (1930...2200).contains(year) else {
            throw DomainError.notFound("page")
        }
        return (id, year)
    }

    /// The record of a path without a year (`/organizations/{id}/badges`).
    static func id(_ context: AppRequestContext, _ name: String = "id") throws -> UUID {
        guard let id = context.parameters.get(name).flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("page") }
        return id
    }
}
