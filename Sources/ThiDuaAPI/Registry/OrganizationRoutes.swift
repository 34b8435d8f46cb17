import Foundation
import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// `/api/v1/organizations`: the party tree.
struct OrganizationRoutes {
    let store: OrganizationStore

    struct CreateBody: Decodable {
        var code: String?
        var kind: String?
        var name: String?
        var abbreviation: String?
        var parentId: UUID?
        var validFrom: String?
        var validTo: String?
        var predecessorIds: [UUID]?
    }

    struct PatchBody: Decodable {
        var name: PatchValue<String>
        var abbreviation: PatchValue<String>
        var parentId: PatchValue<UUID>
        var validFrom: PatchValue<String>
        var validTo: PatchValue<String>
        var successorId: PatchValue<UUID>

        enum CodingKeys: String, CodingKey { case name, abbreviation, parentId, validFrom, validTo, successorId }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.patch(.name)
            abbreviation = try container.patch(.abbreviation)
            parentId = try container.patch(.parentId)
            validFrom = try container.patch(.validFrom)
            validTo = try container.patch(.validTo)
            successorId = try container.patch(.successorId)
        }
    }

    /// An organization with its children, for `/tree`.
    struct TreeNode: Encodable, Sendable {
        var organization: Organization
        var children: [TreeNode]

        enum CodingKeys: String, CodingKey { case children }

        func encode(to encoder: any Encoder) throws {
            try organization.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(children, forKey: .children)
        }
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let group = SecureRouter(router: router, prefix: "/api/v1/organizations")
        group.get("", .capability(.readRegistry)) { request, _, caller in
            let query = QueryInput(request: request)
            let filter = OrganizationStore.Filter(
                parentId: try query.uuid("parentId"), kind: try query.code("kind", OrganizationKind.self), query: try query.string("q"))
            return Responses.list(try await store.list(filter, page: try query.page(), scope: .of(try caller.required, write: .writeOrganizations)))
        }
        group.post("", .capability(.writeOrganizations)) { request, context, caller in
            let body = try await request.decodeJSON(CreateBody.self)
            var validator = Validator()
            let code = validator.text(body.code, "code", maxLength: 50)
            let kind = validator.code(body.kind, OrganizationKind.self, "kind")
            let name = validator.text(body.name, "name", maxLength: 300)
            let abbreviation = validator.text(body.abbreviation, "abbreviation", required: false, maxLength: 20)
            let validFrom = validator.date(body.validFrom, "validFrom")
            let validTo = validator.date(body.validTo, "validTo", required: false)
            if let validFrom, let validTo, validTo < validFrom { validator.fail("validTo", "must not be before validFrom") }
            try validator.finish()
            let created = try await store.create(
                NewOrganization(code: code!, kind: kind!, name: name!, abbreviation: abbreviation, parentId: body.parentId,
                                validFrom: validFrom!, validTo: validTo, predecessorIds: body.predecessorIds ?? []),
                scope: .of(try caller.required, write: .writeOrganizations), context: WriteContext(context, caller))
            return Responses.resource(created, version: created.version, status: .created,
                                      location: "/api/v1/organizations/\(created.id.uuidString)")
        }
        group.get("/:id", .capability(.readRegistry)) { _, context, caller in
            let organization = try await store.get(try context.id(parameter: "id"), scope: .of(try caller.required, write: .writeOrganizations))
            return Responses.resource(organization, version: organization.version)
        }
        group.patch("/:id", .capability(.writeOrganizations)) { request, context, caller in
            let id = try context.id(parameter: "id")
            let body = try await request.decodeJSON(PatchBody.self)
            let expected = try request.expectedVersion()
            var validator = Validator()
            var changes = OrganizationChanges()
            if case .value(let name) = body.name { changes.name = validator.text(name, "name", maxLength: 300) }
            if case .null = body.name { validator.fail("name", "cannot be cleared") }
            if body.abbreviation.isPresent { changes.abbreviation = .some(validator.text(body.abbreviation.valueOrNil, "abbreviation", required: false, maxLength: 20)) }
            if case .value(let parentId) = body.parentId { changes.parentId = parentId }
            if case .null = body.parentId { validator.fail("parentId", "cannot be cleared") }
            if case .value(let text) = body.validFrom { changes.validFrom = validator.date(text, "validFrom") }
            if body.validTo.isPresent { changes.validTo = .some(validator.date(body.validTo.valueOrNil, "validTo", required: false)) }
            if body.successorId.isPresent { changes.successorId = .some(body.successorId.valueOrNil) }
            try validator.finish()
            let updated = try await store.update(id, changes, expectedVersion: expected, scope: .of(try caller.required, write: .writeOrganizations),
                                                 context: WriteContext(context, caller))
            return Responses.resource(updated, version: updated.version)
        }
        group.get("/:id/tree", .capability(.readRegistry)) { _, context, caller in
            let id = try context.id(parameter: "id")
            let all = try await store.subtree(id, scope: .of(try caller.required, write: .writeOrganizations))
            let children = Dictionary(grouping: all.filter { $0.id != id }, by: { $0.parentId })
            func node(_ organization: Organization) -> TreeNode {
                TreeNode(organization: organization, children: (children[organization.id] ?? []).map(node))
            }
            guard let root = all.first(where: { $0.id == id }) else { throw APIError.notFound() }
            return JSONResponse(value: node(root))
        }
    }
}

extension RequestContext {
    /// A path year from 2000 to 2100; anything else is answered like a missing record.
    func year(parameter name: String = "year") throws -> Int {
        // Exactly four digits: `+2016` and `02016` name no year, though `Int(_:)` would read them.
        guard let text = parameters.get(name), text.utf8.count == 4, text.utf8.allSatisfy({ (48...57).contains($0) }),
              let year = Int(text), (2000...2100).contains(year) else {
            throw APIError.notFound("No records for that year (years run from 2000 to 2100).")
        }
        return year
    }

    /// A path id; a malformed one is answered like a missing record.
    func id(parameter name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else {
            throw APIError.notFound()
        }
        return id
    }
}
