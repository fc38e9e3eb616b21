package whatsappcloud

import "runtime"

func runtimeGosched() { runtime.Gosched() }
