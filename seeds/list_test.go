package seeds

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseListBadLines(t *testing.T) {
	in := strings.Repeat("x", 2<<20) + "\n" + // over 1 MB: reported, and reading goes on
		"https://ok.example/\tOK\n" +
		"ftp://bad.example/\n" +
		"https://zero.example:0/\n" +
		"https://big.example:99999/\n" +
		"https://empty.example:/\n" +
		"https://last.example/" // no final newline
	_, err := ParseList(strings.NewReader(in), "s.txt")
	if err == nil {
		t.Fatal("ParseList accepted a list with bad lines")
	}
	msg := err.Error()
	for _, want := range []string{"s.txt:1: line too long", "s.txt:3: bad URL", "s.txt:4: bad URL", "port 0", "s.txt:5:", "port 99999", "s.txt:6:"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%.500s", want, msg)
		}
	}
	if strings.Contains(msg, "s.txt:2:") || strings.Contains(msg, "s.txt:7:") {
		t.Errorf("good lines reported:\n%.500s", msg)
	}

	list, err := ParseList(strings.NewReader("\ufeffhttps://a.example/\r\nhttps://b.example:8443/\tB"), "ok.txt")
	if err != nil || len(list) != 2 || list[1].URL != "https://b.example:8443/" || list[1].Name != "B" || list[1].Line != 2 {
		t.Errorf("ParseList(BOM, CRLF, no final newline) = %+v, %v", list, err)
	}
}

func TestParseListManyBadLines(t *testing.T) {
	var b strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&b, "ftp://bad%d.example/\n", i)
	}
	_, err := ParseList(strings.NewReader(b.String()), "s.txt")
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxProblems+1 || !strings.Contains(lines[maxProblems], "900 more problems") {
		t.Errorf("%d lines, last %q; want %d problems and a count of the other 900", len(lines), lines[len(lines)-1], maxProblems)
	}
}

func TestUTF16Rejected(t *testing.T) {
	utf16le := []byte{0xFF, 0xFE, 'h', 0, 't', 0, 't', 0, 'p', 0}
	noBOM := []byte{'h', 0, 't', 0, 't', 0, 'p', 0}
	utf16be := []byte{0xFE, 0xFF, 0, 'h', 0, 't'}
	for _, in := range [][]byte{utf16le, noBOM, utf16be} {
		_, err := ParseList(strings.NewReader(string(in)), "s.txt")
		if err == nil || !strings.Contains(err.Error(), "UTF-16") {
			t.Errorf("ParseList(% x) = %v, want an error naming UTF-16", in, err)
		}
		err = ReadCSV(strings.NewReader(string(in)), "t.csv", []string{"a"}, nil, func(int, map[string]string) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "UTF-16") {
			t.Errorf("ReadCSV(% x) = %v, want an error naming UTF-16", in, err)
		}
	}
	var got []string
	err := ReadCSV(strings.NewReader("\ufeffa,b\n1,2\n"), "t.csv", []string{"a"}, nil, func(_ int, r map[string]string) error {
		got = append(got, r["a"])
		return nil
	})
	if err != nil || len(got) != 1 || got[0] != "1" {
		t.Errorf("ReadCSV with a UTF-8 BOM = %v, %v", got, err)
	}
}
