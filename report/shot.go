package report

import (
	"bytes"
	"encoding/gob"
	"image/png"
	"reflect"

	"github.com/jung-kurt/gofpdf"

	"github.com/clinicaudit/clinicaudit/assess"
)

// maxShotH is the tallest a screenshot crop is drawn, in mm; a taller crop
// is drawn narrower than the text.
const maxShotH = 70.0

// screenshot draws the quote's screenshot crop (the captured page with the
// sentence highlighted) under it, as wide as the text at x, w, when the
// site has the image. It reports whether it started a new page. An image
// gofpdf cannot read is left out, not an error of the report.
func (r *siteReport) screenshot(q assess.Quote, x, w float64) bool {
	b := r.site.Images[q.Screenshot.Path]
	if b == nil || q.Screenshot.SHA256 == "" || !r.pdf.Ok() {
		return false
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return false
	}
	name := "shot-" + q.Screenshot.SHA256
	opt := gofpdf.ImageOptions{ImageType: "PNG"}
	fresh := r.pdf.GetImageInfo(name) == nil
	info := r.pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(b))
	if !r.pdf.Ok() || info == nil {
		r.pdf.ClearError()
		return false
	}
	if fresh {
		r.images++
		if untie(info, r.images) != nil {
			return false
		}
	}
	iw, ih := shotSize(cfg.Width, cfg.Height, w)
	page := r.pdf.PageNo()
	r.space(1)
	r.need(ih + 1)
	y := r.y()
	r.pdf.ImageOptions(name, x, y, iw, ih, false, opt, 0, "")
	r.hline(x, x+iw, y, lineGrey, 0.2)
	r.hline(x, x+iw, y+ih, lineGrey, 0.2)
	r.pdf.SetY(y + ih + 0.5)
	return r.pdf.PageNo() != page
}

// shotSize is the drawn size of a crop of pw × ph pixels in a column w mm wide.
func shotSize(pw, ph int, w float64) (float64, float64) {
	iw, ih := w, w*float64(ph)/float64(pw)
	if ih > maxShotH {
		iw, ih = iw*maxShotH/ih, maxShotH
	}
	return iw, ih
}

// shotHeight is the height screenshot will draw for q, 0 when none.
func (r *siteReport) shotHeight(q assess.Quote, w float64) float64 {
	b := r.site.Images[q.Screenshot.Path]
	if b == nil {
		return 0
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0
	}
	_, ih := shotSize(cfg.Width, cfg.Height, w)
	return ih + 1.5
}

// untie makes the PDF's bytes independent of Go's map order. gofpdf
// v1.16.2 (archived upstream) writes a document's images in the order of a
// stable sort by pixel width of its image map's keys, so images of one
// width (every crop is as wide as the screenshot) come out in random order
// and object numbers change from one render to the next. Adding k·10⁻⁶ to
// the k-th image's width breaks the tie by registration order; gofpdf
// writes the width as an integer (truncated), and this report always gives
// the drawn size, so nothing else changes. The width is reached through
// ImageInfoType's exported Gob methods, field by field in their order.
func untie(info *gofpdf.ImageInfoType, k int) error {
	b, err := info.GobEncode()
	if err != nil {
		return err
	}
	var (
		data, smask, pal []byte
		n, bpc           int
		w, h, scale, dpi float64
		cs, f, dp        string
		trns             []int
	)
	fields := []any{&data, &smask, &n, &w, &h, &cs, &pal, &bpc, &f, &dp, &trns, &scale, &dpi}
	dec := gob.NewDecoder(bytes.NewReader(b))
	for _, x := range fields {
		if err := dec.Decode(x); err != nil {
			return err
		}
	}
	w += float64(k) * 1e-6
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	for _, x := range fields {
		if err := enc.Encode(reflect.ValueOf(x).Elem().Interface()); err != nil {
			return err
		}
	}
	return info.GobDecode(buf.Bytes())
}
