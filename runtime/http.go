package runtime

// HTTPConfig configures the net/http middleware of a Handler.
type HTTPConfig struct{}
