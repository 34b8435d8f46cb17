import Foundation
import Hummingbird
import Logging
import ThiDua
import ThiDuaHTTP

/// Turns what a page throws into a page: "sign in first" into a redirect to `/login`; what
/// does not exist and what lies outside the caller's reach into the same Vietnamese 404 page,
/// so that a page never tells which one it was; a refused form post into a 403 page; anything
/// unexpected into a 500 page without detail (logged).
public struct WebErrorMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let renderer: PageRenderer
    let routes: RouteTableReference
    let cookies: SessionCookies

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return answer(error, request: request, context: context)
        }
    }

    func answer(_ error: any Error, request: Request, context: Context) -> Response {
        let frame = WebRouter.frame(request, context)
        switch error {
        case let signIn as SignInRequired:
            var target = "/login"
            if signIn.next != "/" { target += "?next=" + (signIn.next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
            var response = Response(status: .seeOther, headers: [.location: target])
            if case .rejected = context.authentication { response.setCookie(cookies.cleared(SessionCookies.session, for: request)) }
            return response
        case is CSRF.Refused:
            return page(.forbidden, "Không gửi được biểu mẫu",
                        "Biểu mẫu này đã cũ hoặc không được gửi từ ThiDua. Hãy tải lại trang rồi gửi lại.", frame)
        case let error as HTTPError where error.status == .notFound:
            let allowed = routes.value.methods(forPath: request.uri.path)
            if !allowed.isEmpty {
                var response = page(.methodNotAllowed, "Không thực hiện được", "Trang này không nhận yêu cầu kiểu này.", frame)
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            return notFound(frame)
        case let error as HTTPError where error.status == .contentTooLarge:
            return page(.contentTooLarge, "Biểu mẫu quá lớn", "Nội dung gửi lên quá lớn. Hãy rút gọn rồi gửi lại.", frame)
        case let error as HTTPError where error.status == .unsupportedMediaType:
            return page(.unsupportedMediaType, "Không thực hiện được", "Biểu mẫu phải được gửi từ trang ThiDua.", frame)
        case is Forbidden:
            return notFound(frame)
        case let error as DomainError:
            switch error {
            case .notFound:
                return notFound(frame)
            case .versionMismatch:
                return page(.conflict, "Không thực hiện được", "Hồ sơ vừa được thay đổi ở nơi khác. Hãy tải lại trang, xem lại rồi làm lại.", frame)
            case .invalidState, .conflict:
                return page(.conflict, "Không thực hiện được", "Hồ sơ đang ở trạng thái không cho phép việc này. Hãy tải lại trang.", frame)
            }
        case let failure as ValidationFailure:
            // The page's own checks come first; what a store still refuses is named here.
            context.logger.notice("page refused by a store", metadata: ["fields": "\(failure.errors.map(\.field))"])
            return page(.unprocessableContent, "Chưa lưu được", "Dữ liệu gửi lên chưa hợp lệ nên chưa có gì được lưu. Hãy tải lại trang, kiểm tra rồi gửi lại.", frame)
        case let error where StorageFailure.isUnavailable(error):
            context.logger.error("page error: database unavailable", metadata: ["error": "\(String(reflecting: error))"])
            var response = page(.serviceUnavailable, "Hệ thống đang bận", "Máy chủ tạm thời không kết nối được cơ sở dữ liệu. Chưa có gì được lưu; hãy thử lại sau ít phút.", frame)
            response.headers[.retryAfter] = "5"
            return response
        default:
            context.logger.error("page error", metadata: ["error": "\(String(reflecting: error))"])
            return page(.internalServerError, "Đã có lỗi", "Máy chủ gặp lỗi khi xử lý yêu cầu. Hãy thử lại sau ít phút.", frame)
        }
    }

    func notFound(_ frame: Frame) -> Response {
        page(.notFound, "Không tìm thấy trang", "Trang này không có, hoặc bạn không có quyền xem. Kiểm tra lại địa chỉ, hoặc về trang chủ.", frame)
    }

    private func page(_ status: HTTPResponse.Status, _ title: String, _ message: String, _ frame: Frame) -> Response {
        renderer.render(Page(template: "error", title: title, status: status, view: ["message": message]), frame: frame)
    }
}
