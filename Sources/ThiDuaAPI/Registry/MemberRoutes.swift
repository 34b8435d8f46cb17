import Foundation
import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// `/api/v1/members`: the roster, with transfers between cells.
struct MemberRoutes {
    let store: MemberStore

    /// The fields of a member as sent; everything optional, checked by `fields(_:)`.
    struct Body: Decodable {
        var fullName: String?
        var gender: String?
        var birthDate: String?
        var partyCardNumber: String?
        var admittedOn: String?
        var officialOn: String?
        var category: String?
        var position: String?
        var isHead: Bool?
        var status: String?
        var statusSince: String?
        var organizationId: UUID?
        var cellSince: String?
        var interruptions: [InterruptionBody]?
    }

    struct InterruptionBody: Decodable {
        var fromOn: String?
        var toOn: String?
        var reason: String?
    }

    struct TransferBody: Decodable {
        var toOrganizationId: UUID?
        var effectiveOn: String?
    }

    /// A member with its cell history.
    /// Validates a full body; on PATCH `base` fills what the body leaves out.
    static func fields(_ body: Body, base: Member?, validator: inout Validator) -> MemberFields? {
        func text(_ value: String?, _ old: String?, _ field: String, required: Bool, max: Int) -> String? {
            guard let value else { return old }
            return validator.text(value, field, required: required, maxLength: max)
        }
        func date(_ value: String?, _ old: CalendarDate?, _ field: String, required: Bool) -> CalendarDate? {
            guard let value else {
                if required && old == nil { validator.fail(field, "is required") }
                return old
            }
            return validator.date(value, field, required: required)
        }
        let fullName = text(body.fullName, base?.fullName, "fullName", required: true, max: 200)
        if base == nil && body.fullName == nil { validator.fail("fullName", "is required") }
        let gender = body.gender.map { validator.code($0, Gender.self, "gender") } ?? base?.gender
        if base == nil && body.gender == nil { validator.fail("gender", "is required") }
        let birthDate = date(body.birthDate, base?.birthDate, "birthDate", required: false)
        let card = text(body.partyCardNumber, base?.partyCardNumber, "partyCardNumber", required: true, max: 50)
        if base == nil && body.partyCardNumber == nil { validator.fail("partyCardNumber", "is required") }
        let admittedOn = date(body.admittedOn, base?.admittedOn, "admittedOn", required: true)
        let officialOn = date(body.officialOn, base?.officialOn, "officialOn", required: false)
        let category = body.category.map { validator.code($0, MemberCategory.self, "category") } ?? base?.category
        if base == nil && body.category == nil { validator.fail("category", "is required") }
        let position = text(body.position, base?.position, "position", required: false, max: 200)
        let status = body.status.map { validator.code($0, MemberStatus.self, "status") } ?? base?.status
            ?? (officialOn == nil ? .probationary : .official)
        let statusSince = date(body.statusSince, base?.statusSince, "statusSince", required: false)
        var interruptions = base?.interruptions ?? []
        if let sent = body.interruptions {
            interruptions = sent.enumerated().compactMap { index, item in
                let from = validator.date(item.fromOn, "interruptions[\(index)].fromOn")
                let to = validator.date(item.toOn, "interruptions[\(index)].toOn")
                let reason = validator.text(item.reason, "interruptions[\(index)].reason", required: false)
                guard let from, let to else { return nil }
                return Interruption(fromOn: from, toOn: to, reason: reason)
            }
        }
        guard let fullName, let gender, let card, let admittedOn, let category, let status else { return nil }
        return MemberFields(fullName: fullName, gender: gender, birthDate: birthDate, partyCardNumber: card, admittedOn: admittedOn,
                            officialOn: officialOn, category: category, position: position, isHead: body.isHead ?? base?.isHead ?? false,
                            status: status, statusSince: statusSince, interruptions: interruptions)
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let group = SecureRouter(router: router, prefix: "/api/v1/members")
        group.get("", .memberRecords) { request, _, caller in
            let query = QueryInput(request: request)
            let filter = MemberStore.Filter(
                organizationId: try query.uuid("organizationId"), status: try query.code("status", MemberStatus.self),
                query: try query.string("q"))
            return Responses.list(try await store.list(filter, page: try query.page(), scope: .of(try caller.required, write: .writeMembers)))
        }
        group.post("", .capability(.writeMembers)) { request, context, caller in
            let body = try await request.decodeJSON(Body.self)
            var validator = Validator()
            let fields = Self.fields(body, base: nil, validator: &validator)
            if body.organizationId == nil { validator.fail("organizationId", "is required") }
            let cellSince = validator.date(body.cellSince, "cellSince", required: false)
            try validator.finish()
            let scope = AccessScope.of(try caller.required, write: .writeMembers)
            let detail = try await store.create(fields!, organizationId: body.organizationId!, cellSince: cellSince,
                                                today: PartyCalendar.today(), scope: scope, context: WriteContext(context, caller))
            return Responses.resource(detail, version: detail.member.version, status: .created,
                                      location: "/api/v1/members/\(detail.member.id.uuidString)")
        }
        group.get("/:id", .memberRecords) { _, context, caller in
            let id = try context.id(parameter: "id")
            let scope = AccessScope.of(try caller.required, write: .writeMembers)
            let (member, assignments) = try await store.detail(id, scope: scope)
            return Responses.resource(MemberDetail(member: member, assignments: assignments), version: member.version)
        }
        group.patch("/:id", .capability(.writeMembers)) { request, context, caller in
            let id = try context.id(parameter: "id")
            let body = try await request.decodeJSON(Body.self)
            let expected = try request.expectedVersion()
            if body.organizationId != nil || body.cellSince != nil {
                throw APIError.validation(field: body.organizationId != nil ? "organizationId" : "cellSince",
                                          "a change of cell is a transfer: POST /api/v1/members/{id}/transfers")
            }
            let scope = AccessScope.of(try caller.required, write: .writeMembers)
            let detail = try await store.update(id, expectedVersion: expected, today: PartyCalendar.today(), scope: scope,
                                                context: WriteContext(context, caller)) { current in
                var validator = Validator()
                let fields = Self.fields(body, base: current, validator: &validator)
                try validator.finish()
                return fields!
            }
            return Responses.resource(detail, version: detail.member.version)
        }
        group.post("/:id/transfers", .capability(.writeMembers)) { request, context, caller in
            let id = try context.id(parameter: "id")
            let body = try await request.decodeJSON(TransferBody.self)
            let expected = try request.expectedVersion()
            var validator = Validator()
            if body.toOrganizationId == nil { validator.fail("toOrganizationId", "is required") }
            let effectiveOn = validator.date(body.effectiveOn, "effectiveOn")
            try validator.finish()
            let scope = AccessScope.of(try caller.required, write: .writeMembers)
            let detail = try await store.transfer(id, to: body.toOrganizationId!, effectiveOn: effectiveOn!,
                                                  expectedVersion: expected, scope: scope, context: WriteContext(context, caller))
            return Responses.resource(detail, version: detail.member.version, status: .created)
        }
    }
}
