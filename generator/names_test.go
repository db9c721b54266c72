package generator

import "testing"

func TestGoName(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"read:orders", "ReadOrders"},
		{"write:orders", "WriteOrders"},
		{"admin", "Admin"},
		{"user_id", "UserID"},
		{"userId", "UserID"},
		{"api_url", "APIURL"},
		{"login_at", "LoginAt"},
		{"read-orders", "ReadOrders"},
		{"orders.v2/read", "OrdersV2Read"},
		{"tenant", "Tenant"},
		{"q", "Q"},
		{"2fa", "2fa"},
		{"::", ""},
		{"HTTPServer", "HTTPServer"},
		{"uid", "UID"},
	}
	for _, tt := range tests {
		if got := GoName(tt.name); got != tt.want {
			t.Errorf("GoName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
