import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/organizations/{id}/activities`: the outreach activities (meetings, loudspeakers, posts,
/// contests) held across the subtree, newest first, and "Ghi hoạt động" for one held by
/// this organization.
struct ActivitiesPage {
    let store: ActivityStore
    let organizations: OrganizationStore
    let renderer: PageRenderer

    static let channels: [ActivityChannel] = [.cellMeeting, .conference, .loudspeaker, .panel, .portal, .facebook, .zalo, .contest, .other]
    /// How many a page lists; "Xem tiếp" goes on from the last.
    static let pageSize = 50

    func register(on web: WebRouter) {
        let path = "/organizations/:id/activities"
        web.page(path) { visit, caller in
            try await render(try YearPath.id(visit.context), visit, caller, values: FormData(pairs: []), check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let id = try YearPath.id(visit.context)
            let scope = AccessScope.of(caller, write: .writeActivities)
            guard caller.has(.writeActivities), try await organizations.mayWrite(id, scope: scope) else { throw DomainError.notFound("page") }
            var check = FormCheck()
            let heldOn = check.date(form["heldOn"], "heldOn", required: "Nhập ngày tổ chức, ví dụ \(Format.date(PartyCalendar.today())).")
            let channel = form.text("channel").flatMap(ActivityChannel.init(rawValue:))
            if channel == nil { check.fail("channel", "Chọn hình thức tuyên truyền.") }
            let topic = check.text(form["topic"], "topic", required: "Nhập chủ đề, ví dụ \"Học tập Quyết định 500-QĐ/QU\".", maxLength: 500)
            let participants = check.integer(form["participants"], "participants", 0...1_000_000)
            let note = check.text(form["note"], "note", maxLength: 4000, multiline: true)
            guard check.isEmpty, let heldOn, let channel, let topic else {
                return try await render(id, visit, caller, values: form, check: check, status: .unprocessableContent)
            }
            _ = try await store.create(organizationId: id, heldOn: heldOn, channel: channel, topic: topic, participants: participants, note: note,
                                       scope: scope, context: WriteContext(visit.context, caller))
            return redirect(visit.request.uri.path, notice: "created")
        }
    }

    private func render(_ id: UUID, _ visit: WebRouter.Visit, _ caller: Caller, values: FormData, check: FormCheck,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let scope = AccessScope.of(caller, write: .writeActivities)
        let organization = try await organizations.get(id, scope: scope)
        let cursor = visit.request.uri.queryParameters["after"].map(String.init)
        let page = try await store.list(organizationId: id, from: nil, to: nil, channel: nil,
                                        page: PageRequest(limit: Self.pageSize, cursor: cursor), scope: scope)
        // Only the organizations the listed activities name (a city's subtree has thousands).
        let places = try await organizations.names(Set(page.items.map(\.organizationId)))
        let mayWrite = caller.has(.writeActivities) ? try await organizations.mayWrite(id, scope: scope) : false
        let path = "/organizations/\(id.uuidString.lowercased())/activities"
        let view: [String: Any] = [
            "organizationName": organization.name, "organization": "/organizations/\(id.uuidString.lowercased())", "action": path,
            "activities": page.items.map { activity in
                ["on": Format.date(activity.heldOn), "channel": VietnameseLabels.channel(activity.channel), "topic": activity.topic,
                 "participants": activity.participants.map(Format.number) ?? "—", "place": places[activity.organizationId] ?? "",
                 "note": activity.note ?? false] as [String: Any]
            },
            "hasActivities": !page.items.isEmpty,
            "more": page.nextCursor.map { "\(path)?after=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? false,
            "mayWrite": mayWrite,
            "channels": SelfAssessmentPage.options(Self.channels, selected: values["channel"], label: VietnameseLabels.channel),
            "heldOn": values["heldOn"] ?? "", "topic": values["topic"] ?? "", "participants": values["participants"] ?? "",
            "noteValue": values["note"] ?? "",
            "heldOnError": check.message(for: "heldOn") ?? false, "channelError": check.message(for: "channel") ?? false,
            "topicError": check.message(for: "topic") ?? false, "participantsError": check.message(for: "participants") ?? false,
            "noteError": check.message(for: "note") ?? false,
        ]
        let notices = ["created": "Đã ghi hoạt động."]
        return renderer.render(Page(template: "activities", title: "Hoạt động tuyên truyền", status: status, view: view, errors: check.errors,
                                    notice: visit.request.uri.queryParameters["notice"].flatMap { notices[String($0)] }), frame: visit.frame)
    }
}
