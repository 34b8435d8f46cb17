import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request the HTTP parser refused with a problem document, as every other error is
/// answered, instead of Hummingbird's empty `400`: a request line or headers over the limit
/// (a 100 KB query string) is `431`, anything else unparseable `400`. Then it closes the
/// connection, since the rest of the stream cannot be trusted.
public final class ParserErrorHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundOut = HTTPResponsePart

    private var answered = false

    public init() {}

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard !answered else { return }
        answered = true
        let tooLarge = parserError == .headerOverflow
        let status: HTTPResponse.Status = tooLarge ? .requestHeaderFieldsTooLarge : .badRequest
        let code: APIError.Code = tooLarge ? .requestTooLarge : .malformedRequest
        let problem: [String: Any] = [
            "type": "/problems/\(code.rawValue)",
            "title": status.reasonPhrase,
            "status": status.code,
            "code": code.rawValue,
            "detail": tooLarge
                ? "The request line and headers are larger than this server accepts (80 KiB); send long filters in a body or in several requests."
                : "The request is not valid HTTP/1.1.",
        ]
        let body = (try? JSONSerialization.data(withJSONObject: problem, options: [.sortedKeys])) ?? Data()
        let head = HTTPResponse(status: status, headerFields: [
            .contentType: "application/problem+json", .contentLength: String(body.count), .connection: "close",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
