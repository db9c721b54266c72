package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
)

// server is the orders API: an in-memory store of orders behind routes
// that Access tokens and the schema's guards protect.
type server struct {
	access *AccessHandler
	logger *slog.Logger

	mu     sync.Mutex
	orders map[string][]order // by user ID
	nextID int
}

// order is an order as the API sends it.
type order struct {
	ID     int    `json:"id"`
	Item   string `json:"item"`
	Tenant string `json:"tenant"`
}

// newServer returns the routes of the API:
//
//	POST /dev/token                 issues a token (only when devTokens is set)
//	GET  /users/{user_id}/orders    lists a user's orders     (ReadOwnOrders)
//	POST /users/{user_id}/orders    places an order           (EditOwnOrders)
//	GET  /admin/orders              lists the orders of all   (Support)
func newServer(access *AccessHandler, devTokens bool, logger *slog.Logger) http.Handler {
	s := &server{access: access, logger: logger, orders: make(map[string][]order)}
	mux := http.NewServeMux()
	if devTokens {
		mux.HandleFunc("POST /dev/token", s.issueDevToken)
	}
	mux.Handle("GET /users/{user_id}/orders", access.Protect(ReadOwnOrders)(http.HandlerFunc(s.listOrders)))
	mux.Handle("POST /users/{user_id}/orders", access.Protect(EditOwnOrders)(http.HandlerFunc(s.addOrder)))
	mux.Handle("GET /admin/orders", access.Protect(Support)(http.HandlerFunc(s.allOrders)))
	return mux
}

// tokenResponse is the body of a token response, as in RFC 6749 section
// 5.1.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
}

// issueDevToken issues an Access token for the form fields user_id,
// tenant (default "demo"), plan, scope and role, the last two repeatable.
// It checks no password: anyone who reaches it gets any scope, so it
// exists for development only.
func (s *server) issueDevToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "invalid form: "+err.Error(), http.StatusBadRequest)
		return
	}
	user := r.PostForm.Get("user_id")
	if user == "" {
		http.Error(w, "user_id is missing", http.StatusBadRequest)
		return
	}
	tenant := r.PostForm.Get("tenant")
	if tenant == "" {
		tenant = "demo"
	}
	var scopes []Scope
	for _, name := range r.PostForm["scope"] {
		scope, err := ParseScope(name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		scopes = append(scopes, scope)
	}

	claims := NewAccessClaims(user, tenant, scopes...)
	claims.Roles = r.PostForm["role"]
	if name := r.PostForm.Get("plan"); name != "" {
		plan := AccessPlan(name)
		if !plan.Valid() {
			http.Error(w, fmt.Sprintf("unknown plan %q, want %s or %s", name, AccessPlanFree, AccessPlanPro), http.StatusBadRequest)
			return
		}
		claims.Plan = &plan
	}
	token, err := s.access.Issue(claims)
	if err != nil {
		s.logger.Error("issuing a development token failed", "user_id", user, "error", err)
		http.Error(w, "cannot issue a token", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, tokenResponse{AccessToken: token, TokenType: "Bearer"})
}

// listOrders returns the orders of the user in the path. ReadOwnOrders
// has checked that the token is that user's.
func (s *server) listOrders(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	list := slices.Clone(s.orders[r.PathValue("user_id")])
	s.mu.Unlock()
	if list == nil {
		list = []order{}
	}
	writeJSON(w, http.StatusOK, list)
}

// addOrder places an order for the user in the path from a JSON body
// {"item": "..."}, in the tenant of the token.
func (s *server) addOrder(w http.ResponseWriter, r *http.Request) {
	claims, ok := AccessFromContext(r.Context())
	if !ok {
		// Unreachable behind Protect, which stores the claims.
		http.Error(w, "no token claims", http.StatusInternalServerError)
		return
	}
	var body struct {
		Item string `json:"item"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&body); err != nil || body.Item == "" {
		http.Error(w, `the body must be a JSON object with a non-empty "item"`, http.StatusBadRequest)
		return
	}

	user := r.PathValue("user_id")
	s.mu.Lock()
	s.nextID++
	o := order{ID: s.nextID, Item: body.Item, Tenant: claims.Tenant}
	s.orders[user] = append(s.orders[user], o)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, o)
}

// allOrders returns the orders of every user, by user ID.
func (s *server) allOrders(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	all := make(map[string][]order, len(s.orders))
	for user, list := range s.orders {
		all[user] = slices.Clone(list)
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, all)
}

// writeJSON writes v as a JSON response with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
