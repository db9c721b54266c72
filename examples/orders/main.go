// Command orders is an HTTP service built on the code that tokengen
// generates from tokens.yaml: routes of net/http's ServeMux guarded by the
// schema's guards, with Access tokens read by the generated middleware and
// refreshed in responses.
//
// Run from the repository root, it first issues and parses tokens with the
// generated handlers, plain and encrypted, and shows rejected ones. Then it
// runs a scripted tour against the service in process and prints each
// request with its response:
//
//	go run ./examples/orders
//
// With -listen it serves the API for real; -dev adds a token endpoint that
// issues any token to anyone, for trying the API out:
//
//	go run ./examples/orders -listen localhost:8080 -dev
//	curl -d user_id=42 -d scope=read:orders localhost:8080/dev/token
//	curl -H "Authorization: Bearer $TOKEN" localhost:8080/users/42/orders
//
// The signing key is random for each run, so tokens do not outlive the
// process.
package main

//go:generate go run github.com/tokengen/tokengen/cmd/tokengen tokens.yaml
//go:generate go run github.com/tokengen/tokengen/cmd/tokengen docs tokens.yaml

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"
)

func main() {
	listen := flag.String("listen", "", "serve the API on `address`, such as localhost:8080, instead of running the tour")
	dev := flag.Bool("dev", false, "with -listen, also serve POST /dev/token, which issues any token to anyone; for development only")
	flag.Parse()

	key := randomKey()
	if *listen == "" {
		err := tokenTour(os.Stdout, key, randomKey())
		if err == nil {
			err = tour(os.Stdout, key)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "orders:", err)
			os.Exit(1)
		}
		return
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "orders:", err)
		os.Exit(1)
	}
	if err := serve(ctx, ln, key, *dev, logger); err != nil {
		logger.Error("server failed", "error", err)
		os.Exit(1)
	}
}

// randomKey returns a 32-byte key, for HMAC or encryption. A real service
// loads its keys from a secret store; keys never belong in tokens.yaml.
func randomKey() []byte {
	key := make([]byte, 32)
	rand.Read(key)
	return key
}

// serve serves the API on ln until ctx is done, then shuts down, giving
// requests in flight five seconds to finish. devTokens adds the
// development token endpoint.
func serve(ctx context.Context, ln net.Listener, key []byte, devTokens bool, logger *slog.Logger) error {
	access, err := NewAccessHandler(AccessConfig{Key: key, Logger: logger, LogLevel: slog.LevelInfo})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           newServer(access, devTokens, logger),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelError),
	}

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	logger.Info("serving the orders API", "address", ln.Addr().String(), "dev_tokens", devTokens)
	if devTokens {
		logger.Warn("POST /dev/token issues any token to anyone; never enable -dev outside development")
	}

	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
