package extract

import (
	"strings"
	"testing"
)

func TestThin(t *testing.T) {
	bundle := "<script>" + strings.Repeat("var a=1;", 3000) + "</script>"
	article := "<p>" + strings.Repeat("Our clinic treats knee osteoarthritis with physiotherapy. ", 30) + "</p>"
	cases := []struct {
		name string
		html string
		want bool
	}{
		{"react root", `<html><head><script src="/static/js/main.js"></script></head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>`, true},
		{"vue app root", `<body><div id="app">  </div><script type="module" src="/assets/index.js"></script></body>`, true},
		{"next.js", `<body><div id="__next"><p>Loading…</p></div><script id="__NEXT_DATA__" type="application/json">{}</script></body>`, true},
		{"angular", `<html ng-app="clinic"><body><p>{{ title }}</p></body></html>`, true},
		{"react ssr marker", `<body><div data-reactroot=""><h1>Stem cells</h1></div></body>`, true},
		{"large inline script", `<body><h1>Prices</h1>` + bundle + `</body>`, true},
		{"no text, one external script", `<body><script src="/app.js"></script></body>`, true},
		{"root with rendered text", `<body><div id="root"><p>Stem cell therapy for autism: $9,000.</p></div></body>`, false},
		{"short static page", `<body><h1>Contact</h1><p>Call us at 555-0100 to book a consultation.</p></body>`, false},
		{"short page with analytics", `<body><h1>Contact</h1><p>Call us at 555-0100 to book a consultation with our team.</p><script src="/ga.js"></script></body>`, false},
		{"long text, framework root", `<body><div id="__next">` + article + `</div>` + bundle + `</body>`, false},
	}
	e := testExtractor(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := e.Extract(Input{URL: "https://clinic.example/", Body: []byte(tc.html)})
			if err != nil {
				t.Fatal(err)
			}
			if res.Thin != tc.want {
				t.Errorf("Thin = %v, want %v (text %d bytes)", res.Thin, tc.want, res.TextBytes)
			}
		})
	}
}
