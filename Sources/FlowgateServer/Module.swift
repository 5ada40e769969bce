// The FlowgateServer module; see docs/architecture.md.
