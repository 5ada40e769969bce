// The ManagementAPI module; see docs/architecture.md.
