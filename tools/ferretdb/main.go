// Command ferretdb runs FerretDB v1 (MongoDB wire protocol over SQLite) through its
// embeddable package. A plain `go install` of FerretDB's own command panics at start
// (its build metadata is missing outside its release pipeline); the embeddable API
// has no such dependency, so Assay builds this small wrapper instead.
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// deferredHandler formats what a derived logger adds (With, WithGroup) only when a record is
// written. FerretDB derives loggers for every command it handles, and slog's default handler
// formats their attributes at once: 5.5 % of FerretDB's CPU under Assay's API benchmark, for
// loggers that then write nothing at the info level.
type deferredHandler struct {
	base    slog.Handler
	derived []func(slog.Handler) slog.Handler
}

func (h *deferredHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.base.Enabled(ctx, level)
}

func (h *deferredHandler) Handle(ctx context.Context, r slog.Record) error {
	handler := h.base
	for _, derive := range h.derived {
		handler = derive(handler)
	}
	return handler.Handle(ctx, r)
}

func (h *deferredHandler) derive(step func(slog.Handler) slog.Handler) slog.Handler {
	return &deferredHandler{base: h.base, derived: append(slices.Clip(h.derived), step)}
}

func (h *deferredHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return h.derive(func(next slog.Handler) slog.Handler { return next.WithAttrs(attrs) })
}

func (h *deferredHandler) WithGroup(name string) slog.Handler {
	return h.derive(func(next slog.Handler) slog.Handler { return next.WithGroup(name) })
}

// Go's collector by default runs once the heap has doubled since the last one kept: FerretDB
// allocates for every document it decodes and encodes, and that left ~11 % of its CPU in the
// collector under Assay's API benchmark with a live heap of a few tens of MB. At 400 % it runs a
// fifth as often (reads/s +8 %, FerretDB's CPU -10 %, p99s lower there); the memory limit makes
// it collect sooner whenever the process nears 512 MiB, however large the data. Either is left to
// GOGC or GOMEMLIMIT when set.
const (
	gcPercent   = 400
	memoryLimit = 512 << 20
)

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	sqlite := flag.String("sqlite-url", "file:./data/", "SQLite directory URL (must end with a slash)")
	flag.Parse()

	logger := slog.New(&deferredHandler{base: slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})})
	f, err := ferretdb.New(&ferretdb.Config{
		Logger:    logger,
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: *sqlite,
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	log.Printf("ferretdb wrapper listening on %s", *listen)
	if err := f.Run(ctx); err != nil {
		log.Fatal(err)
	}
}
