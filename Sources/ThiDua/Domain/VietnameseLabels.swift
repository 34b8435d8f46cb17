
/// The Vietnamese words a printed report uses for the domain's codes.
public enum VietnameseLabels {
    public static func grade(_ grade: Grade) -> String {
        switch grade {
        case .excellent: "Hoàn thành xuất sắc nhiệm vụ"
        case .good: "Hoàn thành tốt nhiệm vụ"
        case .completed: "Hoàn thành nhiệm vụ"
        case .notCompleted: "Không hoàn thành nhiệm vụ"
        }
    }

    public static func level(_ level: CriterionLevel) -> String {
        switch level {
        case .excellent: "Xuất sắc"
        case .good: "Tốt"
        case .average: "Trung bình"
        case .poor: "Kém"
        }
    }

    public static func form(_ form: CommendationForm) -> String {
        switch form {
        case .praise: "Biểu dương"
        case .certificate: "Giấy khen"
        case .merit: "Bằng khen"
        case .other: "Hình thức khác"
        }
    }

    public static func basis(_ basis: CommendationBasis) -> String {
        switch basis {
        case .excellentYear: "Hoàn thành xuất sắc nhiệm vụ trong năm"
        case .excellentFiveYears: "Hoàn thành xuất sắc nhiệm vụ 5 năm liền"
        case .exemplar: "Điển hình tiên tiến"
        case .other: "Căn cứ khác"
        }
    }

    public static func stage(_ stage: ExemplarStage) -> String {
        switch stage {
        case .discovered: "Mới phát hiện"
        case .nurtured: "Đang bồi dưỡng"
        case .proposed: "Đã đề nghị"
        case .commended: "Đã khen thưởng"
        case .rejected: "Không công nhận"
        }
    }

    public static func channel(_ channel: ActivityChannel) -> String {
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

    /// A commitment's state in words; nil is a member who has not registered.
    public static func commitment(_ status: CommitmentStatus?) -> String {
        switch status {
        case nil: "Chưa đăng ký"
        case .draft: "Nháp"
        case .submitted: "Đã gửi"
        case .acknowledged: "Đã xác nhận"
        case .returned: "Bị trả lại"
        case .closed: "Đã đóng"
        }
    }

    public static func selfAssessment(_ status: SelfAssessmentStatus?) -> String {
        switch status {
        case nil: "Chưa kiểm điểm"
        case .draft: "Nháp"
        case .submitted: "Đã gửi"
        }
    }

    public static func result(_ result: ItemResult) -> String {
        switch result {
        case .done: "Hoàn thành"
        case .partly: "Hoàn thành một phần"
        case .notDone: "Chưa hoàn thành"
        }
    }

    public static func gender(_ gender: Gender) -> String {
        switch gender {
        case .male: "Nam"
        case .female: "Nữ"
        }
    }

    public static func category(_ category: MemberCategory) -> String {
        switch category {
        case .canBo: "Cán bộ"
        case .congChuc: "Công chức"
        case .vienChuc: "Viên chức"
        case .nguoiLaoDong: "Người lao động"
        case .huuTri: "Hưu trí"
        case .other: "Đối tượng khác"
        }
    }

    public static func status(_ status: MemberStatus) -> String {
        switch status {
        case .probationary: "Dự bị"
        case .official: "Chính thức"
        case .exempt: "Miễn sinh hoạt"
        case .transferredOut: "Đã chuyển đi"
        case .removed: "Đã ra khỏi Đảng"
        case .deceased: "Đã từ trần"
        }
    }

    public static func role(_ role: Role) -> String {
        switch role {
        case .admin: "Quản trị"
        case .secretary: "Bí thư"
        case .staff: "Cán bộ chuyên trách"
        case .viewer: "Người xem"
        case .member: "Đảng viên"
        }
    }
}
