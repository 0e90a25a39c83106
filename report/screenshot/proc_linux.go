//go:build linux

package screenshot

import "syscall"

// browserProcAttr makes the kernel kill the browser when the process that
// started it dies, even by SIGKILL, so no Chromium outlives a killed scan.
func browserProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
