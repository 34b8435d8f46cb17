import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/members?q=`: "Tìm đảng viên" by name, without accents or case ("nguyen van" finds
/// "Nguyễn Văn An"), in Vietnamese name order, as the API searches.
struct MemberSearchPage {
    let store: MemberStore
    let renderer: PageRenderer

    func register(on web: WebRouter) {
        web.page("/members") { visit, caller in
            guard caller.has(.readRegistry) else { throw DomainError.notFound("page") }
            // A GET form sends spaces as "+", which the query's decoding keeps.
            let text = visit.request.uri.queryParameters["q"].map {
                String($0).replacingOccurrences(of: "+", with: " ").trimmingCharacters(in: .whitespaces)
            } ?? ""
            var check = FormCheck()
            let query = text.isEmpty ? nil : check.text(text, "q", maxLength: 200)
            var view: [String: Any] = ["q": text, "qError": check.message(for: "q") ?? false, "searched": query != nil, "results": [] as [Any]]
            if let query {
                let page = try await store.list(.init(query: query), page: PageRequest(limit: 50), scope: .of(caller, write: .writeMembers))
                let year = PartyCalendar.today().year
                view["results"] = page.items.map { member in
                    ["name": member.fullName, "card": member.partyCardNumber, "status": VietnameseLabels.status(member.status),
                     "href": "/members/\(member.id.uuidString.lowercased())",
                     "commitment": "/members/\(member.id.uuidString.lowercased())/commitments/\(year)"] as [String: Any]
                }
                view["count"] = page.nextCursor == nil ? Format.number(page.items.count) : "hơn \(Format.number(page.items.count))"
                view["hasResults"] = !page.items.isEmpty
                view["year"] = String(year)
            }
            return renderer.render(Page(template: "member_search", title: "Tìm đảng viên", status: check.isEmpty ? .ok : .unprocessableContent,
                                        view: view, errors: check.errors), frame: visit.frame)
        }
    }
}
