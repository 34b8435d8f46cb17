/// The page templates, embedded in the binary by the package manifest.
enum Templates {
    static let all: [(String, [UInt8])] = [
        ("layout", PackageResources.layout_mustache),
        ("error_summary", PackageResources.error_summary_mustache),
        ("error", PackageResources.error_mustache),
        ("login", PackageResources.login_mustache),
        ("home", PackageResources.home_mustache),
        ("organization", PackageResources.organization_mustache),
        ("commitment", PackageResources.commitment_mustache),
        ("self_assessment", PackageResources.self_assessment_mustache),
        ("member_record", PackageResources.member_record_mustache),
        ("cell_commitments", PackageResources.cell_commitments_mustache),
        ("cell_meeting", PackageResources.cell_meeting_mustache),
        ("ward_decision", PackageResources.ward_decision_mustache),
        ("district_grading", PackageResources.district_grading_mustache),
        ("progress", PackageResources.progress_mustache),
        ("progress_members", PackageResources.progress_members_mustache),
        ("reports", PackageResources.reports_mustache),
        ("member_search", PackageResources.member_search_mustache),
        ("accounts", PackageResources.accounts_mustache),
        ("account", PackageResources.account_mustache),
        ("report_issue", PackageResources.report_issue_mustache),
        ("report_document", PackageResources.report_document_mustache),
        ("report_documents", PackageResources.report_documents_mustache),
        ("report_records", PackageResources.report_records_mustache),
    ]
}
