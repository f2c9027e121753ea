// Command ferretdb runs FerretDB v1 (MongoDB wire protocol over SQLite) through its
// embeddable package. A plain `go install` of FerretDB's own command panics at start
// (its build metadata is missing outside its release pipeline); the embeddable API
// has no such dependency, so Assay builds this small wrapper instead.
package main

import (
	"context"
	"flag"
	"log"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	sqlite := flag.String("sqlite-url", "file:./data/", "SQLite directory URL (must end with a slash)")
	flag.Parse()

	f, err := ferretdb.New(&ferretdb.Config{
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
