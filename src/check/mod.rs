//! Stage `check` (see docs/ARCHITECTURE.md).
