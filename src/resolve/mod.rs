//! Stage `resolve` (see docs/ARCHITECTURE.md).
