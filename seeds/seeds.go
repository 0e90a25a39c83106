// Package seeds holds the data clinicaudit ships with, embedded in the
// binary: the evidence table, the condition and cell-type vocabularies, the
// claim-cue patterns, the demo clinic websites and sample seed lists. It
// also parses seed lists (the sites a scan starts from).
//
// The files here are data meant to be read and edited by people (CSV opens
// in a spreadsheet); the packages that use them (extract, assess) own the
// parsing of their meaning.
package seeds

import (
	"embed"
	"io/fs"
)

//go:embed *.csv
var data embed.FS

//go:embed all:demo
var demo embed.FS

//go:embed samples
var samples embed.FS

//go:embed lang
var lang embed.FS

//go:embed synonyms/*.csv
var synonyms embed.FS

// File returns the bytes of an embedded data file such as "evidence.csv".
func File(name string) ([]byte, error) { return data.ReadFile(name) }

// MustFile is File for files known to be embedded; it panics otherwise.
func MustFile(name string) []byte {
	b, err := data.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return b
}

// Demo returns the demo websites: one directory per site, plus sites.csv
// listing them.
func Demo() fs.FS {
	sub, err := fs.Sub(demo, "demo")
	if err != nil {
		panic(err)
	}
	return sub
}

// Samples returns the sample seed lists (samples/*.txt).
func Samples() fs.FS {
	sub, err := fs.Sub(samples, "samples")
	if err != nil {
		panic(err)
	}
	return sub
}

// Lang returns the language packs: one directory per language code
// (lang/pt, lang/de, ...), each with conditions.csv, celltypes.csv,
// cues.csv and words.csv (see lang/README.md). A pack may lack a file.
func Lang() fs.FS {
	sub, err := fs.Sub(lang, "lang")
	if err != nil {
		panic(err)
	}
	return sub
}

// Synonyms returns the synonym files (synonyms/*.csv): extra English terms
// for conditions.csv ids, taken from public vocabularies (see
// synonyms/README.md).
func Synonyms() fs.FS {
	sub, err := fs.Sub(synonyms, "synonyms")
	if err != nil {
		panic(err)
	}
	return sub
}
