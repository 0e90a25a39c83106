package main

import "github.com/clinicaudit/clinicaudit/extract"

// pdfDetail is the error_detail of a PDF document in pages.jsonl. Its error
// stays not_html (the crawler counts it so), and the detail says whether its
// text was read; analysis and analysis_note say how much, or why not.
func pdfDetail(analysis string) string {
	switch analysis {
	case extract.AnalysisFull, extract.AnalysisTruncated:
		return "PDF document: text read"
	}
	return "PDF document: kept, text not read (see analysis)"
}
