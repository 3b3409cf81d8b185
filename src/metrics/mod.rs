//! Stage `metrics` (see docs/ARCHITECTURE.md).
