import Foundation
import Testing
@testable import ThiDua
@testable import ThiDuaWeb

@Suite struct HTMLTests {
    @Test func escapesWhatTheTemplatesEscapeAndKeepsVietnameseAsItIs() {
        #expect(HTML.escaped("Nguyễn Văn \"An\" <b>&'") == "Nguyễn Văn &quot;An&quot; &lt;b&gt;&amp;&#39;")
        #expect(HTML.escaped("Trần Thị Bình") == "Trần Thị Bình")
    }

    @Test func aWardRowEscapesTheNameAndReasonAndPresetsTheGrade() {
        let entry = WardYear.Entry(memberId: UUID(uuidString: "00000000-0000-4000-8000-000000000001")!, fullName: "Lê <Văn> Cường",
                                   cellId: UUID(), cellName: "Chi bộ 1", proposal: .good, decided: nil, reason: nil)
        let html = WardDecisionRows.form([.init(entry: entry, grade: "HTXSNV", reason: "Vượt \"chỉ tiêu\"", showReason: true, reasonError: "Nhập lý do.")])
        #expect(html.contains("<h3 id=\"name-00000000-0000-4000-8000-000000000001\">Lê &lt;Văn&gt; Cường</h3>"))
        #expect(html.contains("<option value=\"HTXSNV\" selected>Hoàn thành xuất sắc nhiệm vụ</option>"))
        #expect(html.contains("data-proposal=\"HTTNV\""))
        #expect(html.contains(">Vượt &quot;chỉ tiêu&quot;</textarea>"))
        #expect(html.contains("<p class=\"field-error\" id=\"reason-00000000-0000-4000-8000-000000000001-error\">Nhập lý do.</p>"))
        #expect(!html.contains(" hidden>"))
        let table = WardDecisionRows.table([.init(entry: entry, grade: "HTTNV", reason: "", showReason: false, reasonError: nil)])
        #expect(table == "<tr><th scope=\"row\">Lê &lt;Văn&gt; Cường</th><td>Hoàn thành tốt nhiệm vụ</td><td>Hoàn thành tốt nhiệm vụ</td><td></td></tr>")
    }
}
