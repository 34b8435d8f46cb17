import Testing
@testable import ThiDuaHTTP

/// `Authorization: Bearer <token>`, read as bytes on every API request (issue 15).
@Suite struct BearerTokenTests {
    @Test func readsTheTokenOfABearerHeader() {
        #expect(AuthMiddleware.bearerToken("Bearer abc.DEF-123") == "abc.DEF-123")
        #expect(AuthMiddleware.bearerToken("bearer abc") == "abc")
        #expect(AuthMiddleware.bearerToken("BEARER   abc \t") == "abc")
    }

    @Test func refusesAnythingElse() {
        for header in ["", "Bearer", "Bearer ", "Bearer  \t ", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearerabc", "Bearer\tabc", "Béarer abc", "token abc"] {
            #expect(AuthMiddleware.bearerToken(header) == nil, "\(header)")
        }
    }
}
