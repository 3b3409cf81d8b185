//! Stage `graph` (see docs/ARCHITECTURE.md).
