import Mustache

// The elements a report repeats hundreds of times answer the templates' lookups directly:
// Mustache's fallback, a Mirror per lookup, made a ward's HTML report twice as slow.

extension ReportChart.Rect: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "y": y
        case "width": width
        case "height": height
        case "fill": fill
        case "tip": tip
        default: nil
        }
    }
}

extension ReportChart.Label: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "y": y
        case "text": text
        case "anchor": anchor
        case "transform": transform
        default: nil
        }
    }
}

extension ReportChart.Rule: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x1": x1
        case "y1": y1
        case "x2": x2
        case "y2": y2
        case "stroke": stroke
        default: nil
        }
    }
}

extension ReportChart.Dot: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "cx": cx
        case "cy": cy
        case "fill": fill
        case "tip": tip
        default: nil
        }
    }
}

extension ReportDocumentView.TableView.CellView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "numeric": numeric
        // Absent is false, not nil: nil would let Mustache look for `href` further out.
        case "href": href.map { $0 as Any } ?? false
        default: nil
        }
    }
}

extension ReportDocumentView.TableView.RowView: MustacheParent {
    func child(named name: String) -> Any? {
        name == "cells" ? cells : nil
    }
}
