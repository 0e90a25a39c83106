package seeds

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestPolishPackGenerated checks that the Polish pack's term files are what
// langsrc/gen_pl.py writes (see langsrc/README.md).
func TestPolishPackGenerated(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	dir := t.TempDir()
	if out, err := exec.Command(py, "langsrc/gen_pl.py", dir).CombinedOutput(); err != nil {
		t.Fatalf("gen_pl.py: %v\n%s", err, out)
	}
	for _, f := range []string{"conditions.csv", "celltypes.csv"} {
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("lang/pl", f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("lang/pl/%s differs from what langsrc/gen_pl.py writes: edit the script and run it", f)
		}
	}
}
