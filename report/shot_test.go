package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/clinicaudit/clinicaudit/assess"
)

// testCrop is a 1280×120 PNG: white with a yellow highlight box.
func testCrop(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 1280, 120))
	for y := 0; y < 120; y++ {
		for x := 0; x < 1280; x++ {
			c := color.RGBA{255, 255, 255, 255}
			if y >= 40 && y < 80 && x >= 20 && x < 700 {
				c = color.RGBA{255, 230, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// imagePages lists, with pdfimages -list (poppler-utils), the page of each
// image in the PDF and its width in pixels.
func imagePages(t *testing.T, path string) [][2]int {
	t.Helper()
	bin, err := exec.LookPath("pdfimages")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdfimages not found; CI must install poppler-utils")
		}
		t.Skip("pdfimages not found; install poppler-utils to run this test")
	}
	out, err := exec.Command(bin, "-list", path).Output()
	if err != nil {
		t.Fatalf("pdfimages -list %s: %v", path, err)
	}
	var list [][2]int
	for _, line := range strings.Split(string(out), "\n")[2:] {
		f := strings.Fields(line)
		if len(f) < 4 || f[2] != "image" {
			continue
		}
		page, _ := strconv.Atoi(f[0])
		width, _ := strconv.Atoi(f[3])
		list = append(list, [2]int{page, width})
	}
	return list
}

// TestSitePDFScreenshot: a quote with a screenshot crop whose file matches
// its sha256 shows the image on the quote's page; re-rendering gives the
// same bytes; a file that does not match is left out.
func TestSitePDFScreenshot(t *testing.T) {
	dir := t.TempDir()
	crop := testCrop(t)
	sum := sha256.Sum256(crop)
	rel := "screenshots/site/rec-q1.png"
	if err := os.MkdirAll(filepath.Join(dir, "screenshots", "site"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, rel), crop, 0o644); err != nil {
		t.Fatal(err)
	}
	site := typicalSite()
	// Put the screenshot on a quote of the second finding, so it is not on
	// the first page.
	q := &site.Findings[1].Quotes[0]
	q.Screenshot = assess.Screenshot{Path: rel, SHA256: hex.EncodeToString(sum[:])}
	render := func() (string, []byte) {
		if err := WriteSite(dir, fixtureScan(), site); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "reports", SiteFileName(site.Site.ID))
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return path, b
	}
	path, first := render()
	imgs := imagePages(t, path)
	if len(imgs) != 1 || imgs[0][1] != 1280 {
		t.Fatalf("images in the PDF: %v, want one 1280 px wide", imgs)
	}
	pageText := pdfToText(t, path, "-f", strconv.Itoa(imgs[0][0]), "-l", strconv.Itoa(imgs[0][0]))
	if !strings.Contains(bare(pageText), bare(q.Sentence)) {
		t.Errorf("the crop is on page %d, which does not show the quote %q", imgs[0][0], q.Sentence)
	}
	assertInsidePage(t, path)
	if _, again := render(); !bytes.Equal(first, again) {
		t.Error("re-rendering with the same crop changed the PDF")
	}

	// A changed file is not shown.
	if err := os.WriteFile(filepath.Join(dir, rel), append(crop, 0), 0o644); err != nil {
		t.Fatal(err)
	}
	path, _ = render()
	if imgs := imagePages(t, path); len(imgs) != 0 {
		t.Errorf("a crop whose sha256 does not match is embedded: %v", imgs)
	}
	// Nor is a path outside the folder.
	q.Screenshot.Path = "../x.png"
	path, _ = render()
	if imgs := imagePages(t, path); len(imgs) != 0 {
		t.Errorf("a crop outside the folder is embedded: %v", imgs)
	}
}

// TestSitePDFScreenshotNotPNG: bytes gofpdf cannot read as a PNG are left
// out; the report still renders.
func TestSitePDFScreenshotNotPNG(t *testing.T) {
	site := typicalSite()
	site.Findings[0].Quotes[0].Screenshot = assess.Screenshot{Path: "x.png", SHA256: "00"}
	var g16 bytes.Buffer
	if err := png.Encode(&g16, image.NewGray16(image.Rect(0, 0, 40, 10))); err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{[]byte("not a png"), g16.Bytes()} { // gofpdf reads no 16-bit PNG
		site.Images = map[string][]byte{"x.png": b}
		var buf bytes.Buffer
		if err := SitePDF(&buf, fixtureScan(), site); err != nil {
			t.Fatalf("render: %v", err)
		}
	}
}

// TestSitePDFScreenshotsDeterministic: crops of one width (as every crop
// of a screenshot is) come out in the same order on every render, whatever
// the order gofpdf's image map is walked in.
func TestSitePDFScreenshotsDeterministic(t *testing.T) {
	site := typicalSite()
	site.Images = map[string][]byte{}
	for i := range site.Findings {
		for j := range site.Findings[i].Quotes {
			img := image.NewRGBA(image.Rect(0, 0, 1280, 60+i*7+j))
			for x := 0; x < 1280; x += 3 {
				img.Set(x, i+j, color.RGBA{uint8(i * 40), uint8(j * 60), 200, 255})
			}
			var b bytes.Buffer
			if err := png.Encode(&b, img); err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(b.Bytes())
			path := "screenshots/s/" + strconv.Itoa(i) + "-" + strconv.Itoa(j) + ".png"
			site.Images[path] = b.Bytes()
			site.Findings[i].Quotes[j].Screenshot = assess.Screenshot{Path: path, SHA256: hex.EncodeToString(sum[:])}
		}
	}
	var first []byte
	for n := 0; n < 8; n++ {
		var buf bytes.Buffer
		if err := SitePDF(&buf, fixtureScan(), site); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			first = buf.Bytes()
			path := filepath.Join(t.TempDir(), "s.pdf")
			if err := os.WriteFile(path, first, 0o644); err != nil {
				t.Fatal(err)
			}
			if imgs := imagePages(t, path); len(imgs) < len(site.Images) {
				t.Fatalf("%d images drawn, want %d", len(imgs), len(site.Images))
			}
		} else if !bytes.Equal(first, buf.Bytes()) {
			t.Fatalf("render %d differs from the first", n+1)
		}
	}
}
