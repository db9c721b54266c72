module github.com/tokengen/tokengen/schema

go 1.26.0

replace github.com/tokengen/tokengen => ../

require (
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/tokengen/tokengen v0.0.0-00010101000000-000000000000
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/dave/jennifer v1.7.1 // indirect
	golang.org/x/text v0.14.0 // indirect
)
