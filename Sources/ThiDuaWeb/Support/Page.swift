import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import ThiDua
import ThiDuaHTTP

/// A field's message for the error summary and beside the field.
struct FieldMessage: Sendable, Equatable {
    /// What the message is about: a control's id, or a group's.
    var id: String
    var message: String
    /// The control the summary links to, when `id` is not one (a group's first field).
    var anchor: String?
}

/// One page to render: a template of `Templates/`, its title (the h1 and the window title)
/// and its view, a tree of dictionaries and arrays the template reads.
struct Page {
    var template: String
    var title: String
    var status: HTTPResponse.Status = .ok
    var view: [String: Any] = [:]
    var errors: [FieldMessage] = []
    var notice: String?
    /// The error summary's heading, when "not saved" is not what happened (signing in).
    var errorHeading: String?
}

/// Who is signed in, for the header of every page, and the CSRF token of their forms.
struct Frame: Sendable {
    var caller: Caller?
    var csrf: String

    var roles: String {
        guard let caller else { return "" }
        var seen: [Role] = []
        for grant in caller.grants where !seen.contains(grant.role) { seen.append(grant.role) }
        return seen.map(VietnameseLabels.role).joined(separator: ", ")
    }
}

/// Renders pages inside the layout. Templates are part of the build: one that does not parse
/// is a programming error, caught by every page test.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let assets: Assets

    init(assets: Assets) throws {
        var library = MustacheLibrary()
        for (name, bytes) in Templates.all {
            try library.register(String(decoding: bytes, as: UTF8.self), named: name)
        }
        self.library = library
        self.assets = assets
    }

    func render(_ page: Page, frame: Frame) -> Response {
        var view = page.view
        // The page's title is `title` in every template; a view must not use that key for anything else.
        assert(page.view["title"] == nil, "a view's own `title` would be replaced by the page's")
        view["title"] = page.title
        view["csrf"] = frame.csrf
        view["csrfField"] = CSRF.field
        let errors = page.errors.map { ["id": $0.anchor ?? $0.id, "message": $0.message] }
        let heading = page.errorHeading ?? "Chưa lưu được: có \(Format.number(errors.count)) chỗ cần sửa"
        view["errorSummary"] = errors.isEmpty ? false : ["heading": heading, "items": errors]
        let content = library.render(view, withTemplate: page.template) ?? ""
        var layout: [String: Any] = [
            "title": page.title,
            "content": content,
            "stylesheet": assets.stylesheet.path,
            "script": assets.script.path,
            "csrf": frame.csrf,
            "csrfField": CSRF.field,
        ]
        if let notice = page.notice { layout["notice"] = notice }
        if let caller = frame.caller {
            layout["user"] = ["username": caller.username, "fullName": caller.fullName ?? caller.username, "roles": frame.roles]
        }
        let html = library.render(layout, withTemplate: "layout") ?? ""
        return Response(status: page.status,
                        headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                  HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                                  HTTPField.Name("X-Frame-Options")!: "DENY",
                                  HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
                                  HTTPField.Name("Referrer-Policy")!: "same-origin"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
