//go:build !linux

package screenshot

import "syscall"

func browserProcAttr() *syscall.SysProcAttr { return nil }
