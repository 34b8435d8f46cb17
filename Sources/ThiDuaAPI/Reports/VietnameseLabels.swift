import ThiDua

/// The Vietnamese words a printed report uses for the domain's codes.
enum VietnameseLabels {
    static func grade(_ grade: Grade) -> String {
        switch grade {
        case .excellent: "Hoàn thành xuất sắc nhiệm vụ"
        case .good: "Hoàn thành tốt nhiệm vụ"
        case .completed: "Hoàn thành nhiệm vụ"
        case .notCompleted: "Không hoàn thành nhiệm vụ"
        }
    }

    static func level(_ level: CriterionLevel) -> String {
        switch level {
        case .excellent: "Xuất sắc"
        case .good: "Tốt"
        case .average: "Trung bình"
        case .poor: "Kém"
        }
    }

    static func form(_ form: CommendationForm) -> String {
        switch form {
        case .praise: "Biểu dương"
        case .certificate: "Giấy khen"
        case .merit: "Bằng khen"
        case .other: "Hình thức khác"
        }
    }

    static func stage(_ stage: ExemplarStage) -> String {
        switch stage {
        case .discovered: "Mới phát hiện"
        case .nurtured: "Đang bồi dưỡng"
        case .proposed: "Đã đề nghị"
        case .commended: "Đã khen thưởng"
        case .rejected: "Không công nhận"
        }
    }

    static func channel(_ channel: ActivityChannel) -> String {
        switch channel {
        case .cellMeeting: "Sinh hoạt chi bộ"
        case .conference: "Hội nghị"
        case .loudspeaker: "Loa truyền thanh"
        case .panel: "Pano, áp phích"
        case .portal: "Cổng thông tin điện tử"
        case .facebook: "Facebook"
        case .zalo: "Zalo"
        case .contest: "Cuộc thi"
        case .other: "Hình thức khác"
        }
    }
}
