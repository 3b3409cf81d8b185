//! Stage `cluster` (see docs/ARCHITECTURE.md).
